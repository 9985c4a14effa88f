package dev.tidings.transport.websocket;

import dev.tidings.inbox.GroupCommit;
import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.ConstraintViolationProblems;
import dev.tidings.rest.Refusal;
import dev.tidings.subscriber.InboxActions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a WebSocket client may say: mark notifications read, or acknowledge receipt up to a
 * seq, carried out as the REST calls are ({@link InboxActions}). Each message gets a reply
 * ({@code {"kind":"ok",…}} or an {@code error} with a status as in the REST API); the resulting
 * {@code read} event reaches every connection of the user.
 */
@ApplicationScoped
public class ClientMessages {

    private static final Logger LOG = Logger.getLogger(ClientMessages.class.getName());

    @Inject
    InboxActions actions;

    /** The reply to one message, once what it asked for is committed. */
    CompletionStage<String> handle(String userId, ClientMessage message) {
        try {
            if (message instanceof ClientMessage.Read read) {
                return actions.markRead(userId, read.request()).handle((receipt, failure) -> failure != null
                        ? error(failure)
                        : WireFormat.JSON.createObjectBuilder().add("kind", "ok").add("type", "read")
                                .add("unread", receipt.unread()).add("seq", receipt.seq()).build().toString());
            }
            if (message instanceof ClientMessage.Ack ack) {
                actions.acknowledge(userId, ack.seq());
                return CompletableFuture.completedStage(
                        WireFormat.JSON.createObjectBuilder().add("kind", "ok").add("type", "ack").add("seq", ack.seq()).build().toString());
            }
            String detail = message instanceof ClientMessage.Unreadable unreadable ? unreadable.detail() : "a message this socket does not take";
            return CompletableFuture.completedStage(error(400, detail));
        } catch (RuntimeException e) {
            return CompletableFuture.completedStage(error(e));
        }
    }

    /** A failure as an error reply, with the status the REST API would answer. */
    private static String error(Throwable failure) {
        Throwable cause = GroupCommit.cause(failure);
        if (cause instanceof ConstraintViolationException invalid) {
            return error(400, ConstraintViolationProblems.summary(invalid));
        }
        return Refusal.of(cause).map(r -> error(r.status(), r.detail())).orElseGet(() -> {
            LOG.log(Level.SEVERE, "unexpected failure of a WebSocket message", cause);
            return error(500, "an unexpected error occurred; it has been logged");
        });
    }

    private static String error(int status, String detail) {
        return WireFormat.JSON.createObjectBuilder().add("kind", "error").add("status", status).add("detail", detail).build().toString();
    }
}
