package dev.tidings.it.live;

import java.net.URI;
import java.util.function.BiFunction;

/** The four live transports, each with its test client. */
public enum Transport {
    LONG_POLL(LongPollClient::new),
    STREAM(StreamClient::new),
    SSE(SseClient::new),
    WEBSOCKET(WebSocketClient::new);

    private final BiFunction<URI, String, LiveClient> factory;

    Transport(BiFunction<URI, String, LiveClient> factory) {
        this.factory = factory;
    }

    /** A client of this transport for the user holding {@code token}, against the app at {@code base}. */
    public LiveClient client(URI base, String token) {
        return factory.apply(base, token);
    }
}
