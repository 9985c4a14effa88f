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
    @Operation(summary = "Live events as Server-Sent Events (id: seq, event: kind, data: JSON)")
    public void open(@Context SseEventSink sink, @Context Sse sse, @Context SecurityContext security,
                     @HeaderParam("Last-Event-ID") String lastEventId, @QueryParam("after") String after) {
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
