package dev.tidings.transport.websocket;

import dev.tidings.subscriber.ReadRequest;

/** One text message of a WebSocket client, as {@link ClientMessageDecoder} read it. */
sealed interface ClientMessage {

    /** {@code {"type":"read","ids":[…]}} or {@code {"type":"read","all":true}}; validated where it is carried out. */
    record Read(ReadRequest request) implements ClientMessage {
    }

    /** {@code {"type":"ack","seq":N}}. */
    record Ack(long seq) implements ClientMessage {
    }

    /** Not a message this socket understands: answered with a 400 error reply saying why; the socket stays open. */
    record Unreadable(String detail) implements ClientMessage {
    }

    /** Longer than {@code tidings.websocket.max-message-bytes}: the socket is closed with 1009. */
    record TooBig(int maxBytes) implements ClientMessage {
    }
}
