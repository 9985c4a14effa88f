package dev.tidings.publish;

import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.Notification;
import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The publisher API: notify recipients, and follow one notification's state. */
@Path("notifications")
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
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Notify one or many recipients",
            description = "Answers only after the database commit (shared with concurrent calls: group commit). Repeat a call with the same Idempotency-Key "
                    + "to be answered as the first time, with nothing written again.")
    @APIResponse(responseCode = "201", description = "Each recipient's notification id and seq")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with a different request")
    @APIResponse(responseCode = "429", description = "This publisher's rate is used up; retry after Retry-After seconds")
    public CompletionStage<Response> publish(@HeaderParam("Idempotency-Key") String idempotencyKey,
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
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "State of a notification this publisher sent (or a like notification): created, delivered, read")
    @APIResponse(responseCode = "404", description = "No notification with this id was published by the caller")
    public JsonObject state(@PathParam("id") String id) {
        String publisherId = caller.userId();
        Notification n = inboxes.notification(id)
                .filter(found -> found.visibleTo(publisherId))
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

    private static void instant(JsonObjectBuilder json, String name, Instant value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value.toString());
        }
    }
}
