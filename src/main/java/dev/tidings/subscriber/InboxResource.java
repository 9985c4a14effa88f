package dev.tidings.subscriber;

import dev.tidings.config.Limits;
import dev.tidings.inbox.Cursors;
import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.WireFormat;
import dev.tidings.security.Caller;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signed-in user's own inbox: the current listing, and marking notifications read. */
@Path("inbox")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriber")
public class InboxResource {

    @Inject
    InboxActions actions;

    @Inject
    InboxReader reader;

    @Inject
    Caller caller;

    @Inject
    Limits limits;

    @GET
    @Operation(summary = "Current notifications, newest first, with the unread count and the latest seq",
            description = "Most recently updated first. A client that shows this listing continues live from its seq.")
    @APIResponse(responseCode = "200", description = "The listing",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Listing"),
                    examples = @ExampleObject(name = "one unread", value = """
                            {"notifications":[{"id":"6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10","type":"like","group":"post:42",
                              "title":"Alice liked your post","body":null,"data":{"post":42},"actors":["alice"],"count":1,
                              "createdAt":"2026-11-26T10:00:00.123Z","updatedAt":"2026-11-26T10:00:00.123Z","read":false}],
                             "unread":1,"seq":7}""")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "503", ref = "DatabaseUnavailable")
    public JsonObject listing(@Parameter(description = "How many notifications: 1 to tidings.inbox.max-limit (500); "
                                      + "tidings.inbox.default-limit (50) when absent", example = "20",
                                      schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
                              @QueryParam("limit") String limit) {
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
    @Operation(summary = "Mark {\"ids\":[…]} or {\"all\":true} read; appends one read event if anything changed",
            description = "Marking read twice is harmless and appends nothing. If any id is not in the caller's inbox, nothing changes (404).")
    @APIResponse(responseCode = "200", description = "What became read, the unread count and the latest seq",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ReadAnswer"),
                    examples = @ExampleObject(name = "read", value = """
                            {"read":["6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10"],"unread":0,"seq":8}""")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "404", description = "An id is not a notification of the caller's inbox; nothing changed",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "WriteUnavailable")
    public CompletionStage<JsonObject> markRead(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ReadRequest"),
                    examples = {
                        @ExampleObject(name = "some", value = """
                                {"ids":["6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10"]}"""),
                        @ExampleObject(name = "all", value = """
                                {"all":true}""")}))
            @Valid @NotNull ReadRequest request) {
        return actions.markRead(caller.userId(), request).thenApply(receipt -> {
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
    @Operation(summary = "Record that this client has received every event up to {\"seq\":N}; "
            + "the publisher then sees those notifications as delivered",
            description = "The first acknowledgement counts; repeating it is harmless. Nothing is appended to the log.")
    @APIResponse(responseCode = "200", description = "The acknowledged seq",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Ack"),
                    examples = @ExampleObject(name = "acknowledged", value = """
                            {"seq":7}""")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "503", ref = "DatabaseUnavailable")
    public JsonObject acknowledge(
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Ack"),
                    examples = @ExampleObject(name = "up to 7", value = """
                            {"seq":7}""")))
            JsonObject request) {
        long seq = Cursors.acknowledgedSeq(request);
        actions.acknowledge(caller.userId(), seq);
        return WireFormat.JSON.createObjectBuilder().add("seq", seq).build();
    }
}
