package dev.tidings.transport.websocket;

import dev.tidings.inbox.Cursors;
import dev.tidings.inbox.GroupCommit;
import dev.tidings.inbox.InboxWriter;
import dev.tidings.inbox.InvalidParameterException;
import dev.tidings.inbox.Notification;
import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a WebSocket client may say: mark notifications read, or acknowledge receipt up to a
 * seq. Each message gets a reply ({@code {"kind":"ok",…}} or an {@code error} with a status
 * as in the REST API); the resulting {@code read} event reaches every connection of the user.
 */
@ApplicationScoped
public class ClientMessages {

    private static final Logger LOG = Logger.getLogger(ClientMessages.class.getName());

    @Inject
    InboxWriter writer;

    @Inject
    GroupCommit commits;

    /** The reply to one message, once what it asked for is committed. */
    public CompletionStage<String> handle(String userId, String text) {
        JsonObject message;
        try (JsonReader reader = WireFormat.JSON.createReader(new StringReader(text))) {
            message = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return CompletableFuture.completedStage(error(400, "send a JSON object with a \"type\""));
        }
        String type = message.get("type") instanceof JsonString s ? s.getString() : "";
        try {
            return switch (type) {
                case "read" -> read(userId, message);
                case "ack" -> CompletableFuture.completedStage(ack(userId, message));
                default -> CompletableFuture.completedStage(error(400, "type must be \"read\" or \"ack\""));
            };
        } catch (RuntimeException e) {
            return CompletableFuture.completedStage(error(e));
        }
    }

    /** A failure as an error reply, with the status the REST API would answer. */
    private static String error(Throwable failure) {
        Throwable cause = GroupCommit.cause(failure);
        return Refusal.of(cause).map(r -> error(r.status(), r.detail())).orElseGet(() -> {
            LOG.log(Level.SEVERE, "unexpected failure of a WebSocket message", cause);
            return error(500, "an unexpected error occurred; it has been logged");
        });
    }

    private CompletionStage<String> read(String userId, JsonObject message) {
        boolean all = message.get("all") == JsonValue.TRUE;
        Set<String> ids = new LinkedHashSet<>();
        if (message.get("ids") != null) {
            if (!(message.get("ids") instanceof jakarta.json.JsonArray array)) {
                return CompletableFuture.completedStage(error(400, "ids must be a list of notification ids"));
            }
            for (JsonValue id : array) {
                if (!(id instanceof JsonString s) || !s.getString().matches(Notification.ID_PATTERN)) {
                    return CompletableFuture.completedStage(error(400, "ids must be a list of notification ids"));
                }
                ids.add(s.getString());
            }
        }
        if (all == !ids.isEmpty()) {
            return CompletableFuture.completedStage(error(400, "give either a non-empty \"ids\" list or \"all\": true, not both"));
        }
        Set<String> marked = all ? null : ids;
        return commits.submit(List.of(userId), 2, () -> writer.markRead(userId, marked)).handle((receipt, failure) -> failure != null
                ? error(failure)
                : WireFormat.JSON.createObjectBuilder().add("kind", "ok").add("type", "read")
                        .add("unread", receipt.unread()).add("seq", receipt.seq()).build().toString());
    }

    private String ack(String userId, JsonObject message) {
        long seq;
        try {
            seq = Cursors.acknowledgedSeq(message);
        } catch (InvalidParameterException e) {
            return error(400, e.getMessage());
        }
        writer.markDelivered(userId, seq);
        return WireFormat.JSON.createObjectBuilder().add("kind", "ok").add("type", "ack").add("seq", seq).build().toString();
    }

    private static String error(int status, String detail) {
        return WireFormat.JSON.createObjectBuilder().add("kind", "error").add("status", status).add("detail", detail).build().toString();
    }
}
