package dev.tidings.transport.websocket;

import dev.tidings.config.Limits;
import dev.tidings.delivery.Ending;
import dev.tidings.delivery.Hub;
import dev.tidings.delivery.Subscriber;
import dev.tidings.inbox.Cursors;
import dev.tidings.rest.Refusal;
import dev.tidings.rest.RefusalMetrics;
import dev.tidings.security.Caller;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * WebSocket, {@code /api/v1/inbox/ws?after=N}: events as text messages, sent asynchronously;
 * the client may send {@code {"type":"read","ids":[…]}}, {@code {"type":"read","all":true}} and
 * {@code {"type":"ack","seq":N}}. Refusals close the socket with a 4xxx code and a reason.
 * One plain instance per connection ({@link Instances}), holding its connection and subscriber once open.
 */
@ServerEndpoint(value = "/api/v1/inbox/ws", configurator = InboxSocket.Instances.class, decoders = ClientMessageDecoder.class)
public class InboxSocket {

    private static final Logger LOG = Logger.getLogger(InboxSocket.class.getName());

    private final Beans beans;
    private volatile SocketConnection connection;
    private volatile Subscriber subscriber;
    /** The last reply queued: each reply waits for the one before, so replies keep the order of the messages. */
    private CompletionStage<Void> replies = CompletableFuture.completedFuture(null);

    private InboxSocket(Beans beans) {
        this.beans = beans;
    }

    /** Only for Liberty's deployment check, which wants one; {@link Instances} makes the endpoints. */
    public InboxSocket() {
        this(null);
    }

    /** The application's beans that every connection uses, looked up once. */
    private record Beans(Hub hub, ClientMessages messages, RefusalMetrics refusals) {
    }

    /**
     * Makes each connection's endpoint from the application's beans. Not a CDI bean per
     * connection: Liberty keeps the creational context of every {@code @Dependent} endpoint
     * until its socket closes (about 300 bytes a connection, with the session's user
     * properties that would otherwise hold the connection and subscriber).
     */
    public static final class Instances extends ServerEndpointConfig.Configurator {

        private volatile Beans beans;

        @Override
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            Beans known = beans;
            if (known == null) {
                CDI<Object> cdi = CDI.current();
                known = new Beans(cdi.select(Hub.class).get(), cdi.select(ClientMessages.class).get(), cdi.select(RefusalMetrics.class).get());
                beans = known;
            }
            return endpointClass.cast(new InboxSocket(known));
        }
    }

    @OnOpen
    public void open(Session session) {
        Optional<Caller.LiveIdentity> user = Caller.liveIdentityOf(session.getUserPrincipal());
        if (user.isEmpty()) {
            beans.refusals().refused(401);
            refuse(session, Refusal.unauthorized());
            return;
        }
        try {
            long after = Cursors.parseAfter(first(session, "after"));
            connection = new SocketConnection(session);
            subscriber = beans.hub().subscribe(user.get().userId(), user.get().expiresAt(), after, connection).subscriber();
        } catch (RuntimeException failure) {
            Optional<Refusal> refusal = Refusal.of(failure);
            if (refusal.isEmpty()) {
                LOG.log(Level.SEVERE, "unexpected failure opening a WebSocket", failure);
            }
            Refusal refused = refusal.orElseGet(() -> new Refusal(500, CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(),
                    "an unexpected error occurred; it has been logged", 0));
            beans.refusals().refused(refused.status());
            refuse(session, refused);
        }
    }

    // The annotation declares the ceiling to the container; the setting itself is checked by the decoder.
    @OnMessage(maxMessageSize = Limits.WEBSOCKET_CEILING_BYTES)
    public void message(Session session, ClientMessage message) {
        if (message instanceof ClientMessage.TooBig tooBig) {
            close(session, CloseReason.CloseCodes.TOO_BIG, "a message is at most " + tooBig.maxBytes() + " bytes");
            return;
        }
        Subscriber open = subscriber;
        if (open != null) {
            replies = replies.thenCombine(beans.messages().handle(open.userId(), message), (previous, reply) -> reply)
                    .thenAccept(open::reply);
        }
    }

    /** The answer to a heartbeat's ping. */
    @OnMessage
    public void pong(Session session, PongMessage pong) {
        SocketConnection open = connection;
        if (open != null) {
            open.ponged();
        }
    }

    @OnClose
    public void closed(Session session, CloseReason reason) {
        end(Ending.FINISHED);
    }

    @OnError
    public void failed(Session session, Throwable failure) {
        LOG.log(Level.FINE, "WebSocket error; the client resumes from its cursor", failure);
        end(Ending.CLIENT_GONE);
    }

    private void end(Ending reason) {
        Subscriber open = subscriber;
        subscriber = null;
        if (open != null) {
            open.end(reason);
        }
    }

    private static String first(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void refuse(Session session, Refusal refusal) {
        close(session, CloseReason.CloseCodes.getCloseCode(refusal.closeCode()), refusal.detail());
    }

    static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            // A close reason may hold at most 123 bytes.
            String fitted = reason.length() > 120 ? reason.substring(0, 120) : reason;
            session.close(new CloseReason(code, fitted));
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.FINE, "WebSocket already closed", e);
        }
    }
}
