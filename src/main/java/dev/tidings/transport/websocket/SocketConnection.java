package dev.tidings.transport.websocket;

import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Transport;
import dev.tidings.delivery.Frame;
import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.Refusal;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** One WebSocket session as the hub's connection: asynchronous text sends, one at a time. */
final class SocketConnection implements Connection {

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }

    static final CloseReason.CloseCode TOO_SLOW = CloseReason.CloseCodes.getCloseCode(4408);
    static final CloseReason.CloseCode ERASED = CloseReason.CloseCodes.getCloseCode(Refusal.CLOSE_BAD_REQUEST);

    private final Session session;

    SocketConnection(Session session) {
        this.session = session;
    }

    /** Whether a ping is out that no pong has answered yet. */
    private final AtomicBoolean pingUnanswered = new AtomicBoolean();

    /**
     * Sends the frame; a heartbeat also carries a ping. A ping still unanswered at the next
     * heartbeat means a client that vanished without closing (no FIN reaches a server when a
     * network drops a peer): the write fails, and the hub ends the connection.
     */
    @Override
    public void write(Frame frame, Consumer<Throwable> done) {
        if (frame instanceof Frame.Heartbeat) {
            if (pingUnanswered.getAndSet(true)) {
                done.accept(new IOException("no pong since the last heartbeat: the client has gone"));
                return;
            }
            try {
                session.getBasicRemote().sendPing(ByteBuffer.allocate(0)); // two bytes, before the text: never two sends at once
            } catch (IOException | IllegalArgumentException e) {
                done.accept(e);
                return;
            }
        }
        session.getAsyncRemote().sendText(frame.json(), result -> done.accept(result.isOK() ? null : result.getException()));
    }

    /** The client answered a ping: it is still there. */
    void ponged() {
        pingUnanswered.set(false);
    }

    @Override
    public void close(Ending reason) {
        switch (reason) {
            case TOO_SLOW -> InboxSocket.close(session, TOO_SLOW, "too slow: reconnect with after=<last seq received>");
            case TOKEN_EXPIRED -> InboxSocket.close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "token expired: reconnect with a fresh one");
            case SERVER_STOPPING -> goAway(0);
            // The cursor is void: the same code as a cursor ahead of the log, so clients start over from the listing.
            case ERASED -> InboxSocket.close(session, ERASED, "inbox erased: start over from the listing");
            default -> InboxSocket.close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "closed");
        }
    }

    /** 1001 (going away), the reason carrying the delay: {@code server stopping; retry: <ms>}. */
    @Override
    public void goAway(long reconnectMillis) {
        InboxSocket.close(session, CloseReason.CloseCodes.GOING_AWAY, WireFormat.stoppingReason(reconnectMillis));
    }
}
