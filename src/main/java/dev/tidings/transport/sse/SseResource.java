package dev.tidings.transport.sse;

import dev.tidings.config.Limits;
import dev.tidings.delivery.Hub;
import dev.tidings.inbox.Cursors;
import dev.tidings.rest.Problems;
import dev.tidings.security.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Server-Sent Events, {@code GET /api/v1/inbox/sse}: resumes from {@code Last-Event-ID} (sent
 * by the browser on reconnect) or {@code after}, then stays open. The method returns at once;
 * the sink, not a thread, holds the connection.
 */
@Path("inbox/sse")
@Tag(name = "Subscriber")
public class SseResource {

    @Inject
    Hub hub;

    @Inject
    Limits limits;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live events as Server-Sent Events (id: seq, event: kind, data: JSON)",
            description = "A connected event first (retry:, the cursor the server resumes from, and kinds, the name of every event "
                    + "the stream may carry), then one event per log entry, a comment every tidings.delivery.heartbeat-seconds (15) "
                    + "while idle, and when the server stops a last stopping event whose retry: says when to reconnect. "
                    + "Browsers' EventSource cannot set headers: send the token as the cookie access_token.")
    @APIResponse(responseCode = "200", description = "The event stream, for as long as the client stays",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "stream", value = """
                            event: connected
                            retry: 3000
                            data: {"kind":"connected","seq":0,"kinds":["created","updated","retracted","read","reset"]}

                            event: created
                            id: 1
                            data: {"seq":1,"kind":"created","unread":1,"notification":{"id":"6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10","type":"like","group":"post:42","title":"Alice liked your post","body":null,"data":{"post":42},"actors":["alice"],"count":1,"createdAt":"2026-11-26T10:00:00.123Z","updatedAt":"2026-11-26T10:00:00.123Z","read":false}}

                            : heartbeat

                            """)))
    @APIResponse(responseCode = "400", ref = "BadCursor")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "429", ref = "TooManyConnections")
    @APIResponse(responseCode = "503", ref = "LiveUnavailable")
    public void open(@Context SseEventSink sink, @Context Sse sse, @Context SecurityContext security,
                     @Parameter(description = "The resume cursor EventSource sends on reconnect (the id: of the last event); "
                             + "takes precedence over after", example = "7",
                             schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                     @HeaderParam("Last-Event-ID") String lastEventId,
                     @Parameter(ref = "After") @QueryParam("after") String after) {
        // The principal, not the request-scoped Caller: this request goes on after the method returns.
        Caller.LiveIdentity identity = Caller.liveIdentityOf(security.getUserPrincipal())
                .orElseThrow(() -> new NotAuthorizedException(Problems.BEARER_CHALLENGE));
        String cursor = lastEventId != null && !lastEventId.isBlank() ? lastEventId.trim() : after;
        long from = Cursors.parseAfter(cursor);
        SseConnection connection = new SseConnection(sink, sse, limits.sseRetryMillis(), from);
        hub.subscribe(identity.userId(), identity.expiresAt(), from, connection);
        connection.start();
    }
}
