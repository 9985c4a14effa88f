package dev.tidings.inbox;

import dev.tidings.config.Limits;
import dev.tidings.security.Caller;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's own inbox: the current listing, and marking notifications read. */
@Path("inbox")
@Tag(name = "Subscriber")
public class InboxResource {

    @Inject
    GroupCommit commits;

    @Inject
    InboxReader reader;

    @Inject
    InboxWriter writer;

    @Inject
    Caller caller;

    @Inject
    Limits limits;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Current notifications, newest first, with the unread count and the latest seq")
    public JsonObject listing(@QueryParam("limit") String limit) {
        int max = Cursors.parseBounded("limit", limit, limits.inboxDefaultLimit(), 1, limits.inboxMaxLimit());
        InboxReader.Listing listing = reader.listing(caller.userId(), max);
        JsonArrayBuilder notifications = WireFormat.JSON.createArrayBuilder();
        listing.notifications().forEach(n -> notifications.add(WireFormat.notification(n)));
        return WireFormat.JSON.createObjectBuilder()
                .add("notifications", notifications)
                .add("unread", listing.unread())
                .add("seq", listing.seq())
                .build();
    }

    @POST
    @Path("read")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mark {\"ids\":[…]} or {\"all\":true} read; appends one read event if anything changed")
    public CompletionStage<JsonObject> markRead(@Valid @NotNull ReadRequest request) {
        String userId = caller.userId();
        Set<String> ids = request.ids() == null ? null : new LinkedHashSet<>(request.ids());
        return commits.submit(List.of(userId), 2, () -> writer.markRead(userId, ids)).thenApply(receipt -> {
            JsonArrayBuilder read = WireFormat.JSON.createArrayBuilder();
            receipt.read().forEach(read::add);
            return WireFormat.JSON.createObjectBuilder()
                    .add("read", read)
                    .add("unread", receipt.unread())
                    .add("seq", receipt.seq())
                    .build();
        });
    }

    @POST
    @Path("ack")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record that this client has received every event up to {\"seq\":N}; "
            + "the publisher then sees those notifications as delivered")
    public JsonObject acknowledge(JsonObject request) {
        long seq = Cursors.acknowledgedSeq(request);
        writer.markDelivered(caller.userId(), seq);
        return WireFormat.JSON.createObjectBuilder().add("seq", seq).build();
    }

    /** Either some ids or all: exactly one of the two. */
    public record ReadRequest(
            List<@NotNull @Pattern(regexp = Notification.ID_PATTERN, message = "must be a notification id") String> ids,
            Boolean all) {

        @AssertTrue(message = "give either a non-empty \"ids\" list or \"all\": true, not both")
        public boolean isOneOf() {
            boolean someIds = ids != null && !ids.isEmpty();
            boolean everything = Boolean.TRUE.equals(all);
            return someIds != everything;
        }
    }
}
