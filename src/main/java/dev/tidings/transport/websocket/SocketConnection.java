package dev.tidings.transport.websocket;

import dev.tidings.delivery.Connection;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Frame;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.util.function.Consumer;

/** One WebSocket session as the hub's connection: asynchronous text sends, one at a time. */
final class SocketConnection implements Connection {

    static final CloseReason.CloseCode TOO_SLOW = CloseReason.CloseCodes.getCloseCode(4408);

    private final Session session;

    SocketConnection(Session session) {
        this.session = session;
    }

    @Override
    public void write(Frame frame, Consumer<Throwable> done) {
        session.getAsyncRemote().sendText(frame.json(), result -> done.accept(result.isOK() ? null : result.getException()));
    }

    @Override
    public void close(Ending reason) {
        switch (reason) {
            case TOO_SLOW -> InboxSocket.close(session, TOO_SLOW, "too slow: reconnect with after=<last seq received>");
            case SERVER_STOPPING -> InboxSocket.close(session, CloseReason.CloseCodes.GOING_AWAY, "server stopping");
            case TOKEN_EXPIRED -> InboxSocket.close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "token expired: reconnect with a fresh one");
            default -> InboxSocket.close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "closed");
        }
    }
}
