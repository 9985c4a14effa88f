package dev.tidings.publish;

import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.Notification;
import dev.tidings.inbox.WireFormat;
import dev.tidings.likes.LikeTransaction;
import dev.tidings.rest.ProblemException;
import dev.tidings.rest.Problems;
import dev.tidings.security.Caller;
import dev.tidings.security.WriteRates;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The publisher API: notify recipients, and follow one notification's state. */
@Path("notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Publisher")
public class NotificationsResource {

    @Inject
    Publisher publisher;

    @Inject
    InboxReader inboxes;

    @Inject
    Caller caller;

    @Inject
    WriteRates rates;

    @Inject
    PublishMetrics metrics;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Notify one or many recipients",
            description = "Puts one notification into each recipient's inbox and answers only after the database commit "
                    + "(shared with concurrent calls: group commit). Repeat a call with the same Idempotency-Key "
                    + "to be answered as the first time, with nothing written again.")
    @APIResponse(responseCode = "201", description = "Each recipient's notification id and seq, in the order of recipients",
            headers = @Header(name = "Idempotent-Replayed", description = "true when this answers a repeat of an earlier call with the same Idempotency-Key",
                    schema = @Schema(type = SchemaType.STRING, enumeration = "true")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PublishAnswer"),
                    examples = @ExampleObject(name = "created", value = """
                            {"notifications":[{"recipient":"bob","id":"6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10","seq":4},
                             {"recipient":"carol","id":"0b7e4d1c-5a2f-4e8b-9c3d-1f2a3b4c5d6e","seq":1}]}""")))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "NotPublisher")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with a different request; nothing was written",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", ref = "WriteRateUsedUp")
    @APIResponse(responseCode = "503", ref = "WriteUnavailable")
    public CompletionStage<Response> publish(
            @Parameter(description = "Makes the call safe to repeat: a repeat with the same key is answered with the first answer "
                    + "and writes nothing; the same key with a different request is 422. Per publisher.",
                    example = "order-1001-shipped",
                    schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255, pattern = "^[\\x21-\\x7E]{1,255}$"))
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "PublishRequest"),
                    examples = @ExampleObject(name = "order shipped", value = """
                            {"recipients":["bob","carol"],"type":"order","title":"Your order shipped","data":{"order":1001}}""")))
            @Valid @NotNull PublishRequest request) {
        int recipients = request.recipients().size();
        CompletionStage<Publisher.Outcome> answered;
        try {
            rates.acquire(caller.userId());
            answered = publisher.publish(caller.userId(), idempotencyKey, request);
        } catch (RuntimeException refused) {
            metrics.answered(recipients, null, refused);
            throw refused;
        }
        return answered.whenComplete((outcome, failure) -> metrics.answered(recipients, outcome, failure)).thenApply(outcome -> {
            Response.ResponseBuilder created = Response.status(Response.Status.CREATED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(outcome.json());
            if (outcome.replayed()) {
                created.header("Idempotent-Replayed", "true");
            }
            return created.build();
        });
    }

    @GET
    @Path("{id}")
    @Operation(summary = "State of a notification this publisher sent (or a like notification): created, delivered, read",
            description = "delivered: a connection of the recipient acknowledged it (deliveredAt is the first acknowledgement); "
                    + "read: the recipient marked it read (readAt is the first read).")
    @APIResponse(responseCode = "200", description = "The notification's state",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "NotificationState"),
                    examples = @ExampleObject(name = "read", value = """
                            {"id":"6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10","recipient":"bob","type":"order","seq":4,"state":"read",
                             "createdAt":"2026-11-26T10:00:00.123Z","deliveredAt":null,"readAt":"2026-11-26T10:02:13.456Z"}""")))
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "403", ref = "NotPublisher")
    @APIResponse(responseCode = "404", description = "No notification with this id was published by the caller (nor is it a like notification)",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "503", ref = "DatabaseUnavailable")
    public JsonObject state(@Parameter(description = "The notification's id, from the publish answer", example = "6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10")
                            @PathParam("id") String id) {
        String publisherId = caller.userId();
        Notification n = inboxes.notification(id)
                .filter(found -> visibleTo(found, publisherId))
                .orElseThrow(() -> new ProblemException(404, "no such notification was published by this caller"));
        JsonObjectBuilder json = WireFormat.JSON.createObjectBuilder()
                .add("id", n.id())
                .add("recipient", n.userId())
                .add("type", n.content().type())
                .add("seq", n.createdSeq())
                .add("state", n.isRead() ? "read" : n.deliveredAt() != null ? "delivered" : "created")
                .add("createdAt", n.createdAt().toString());
        instant(json, "deliveredAt", n.deliveredAt());
        instant(json, "readAt", n.readAt());
        return json.build();
    }

    /** The publisher that sent a notification may read its state, and every publisher those of the like service. */
    private static boolean visibleTo(Notification notification, String publisherId) {
        String sender = notification.content().publisherId();
        return sender.equals(publisherId) || sender.equals(LikeTransaction.PUBLISHER);
    }

    private static void instant(JsonObjectBuilder json, String name, Instant value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value.toString());
        }
    }
}
