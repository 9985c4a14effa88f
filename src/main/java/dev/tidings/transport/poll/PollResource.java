package dev.tidings.transport.poll;

import dev.tidings.config.Limits;
import dev.tidings.inbox.CommittedEvent;
import dev.tidings.inbox.Cursors;
import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.WireFormat;
import dev.tidings.security.Caller;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Short polling: {@code GET /api/v1/inbox/poll?after=N} answers at once with the events after
 * {@code N} (at most {@code tidings.poll.max-events}); the client polls again from {@code cursor}.
 */
@Path("inbox/poll")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subscriber")
public class PollResource {

    @Inject
    InboxReader reader;

    @Inject
    Caller caller;

    @Inject
    Limits limits;

    @GET
    @Operation(summary = "Short polling: the events after a cursor, in seq order, at once",
            description = "At most tidings.poll.max-events (500) per answer; more: true means poll again right away. "
                    + "Continue from cursor. A cursor older than the log retains gets a reset event.")
    @APIResponse(responseCode = "200", description = "The events after the cursor",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "EventPage"),
                    examples = {
                        @ExampleObject(name = "events", value = """
                                {"events":[{"seq":1,"kind":"created","unread":1,"notification":{"id":"6f0c2a9e-1b7d-4c1e-9a51-3f7e2d8b4a10",
                                  "type":"like","group":"post:42","title":"Alice liked your post","body":null,"data":{"post":42},
                                  "actors":["alice"],"count":1,"createdAt":"2026-11-26T10:00:00.123Z",
                                  "updatedAt":"2026-11-26T10:00:00.123Z","read":false}}],
                                 "cursor":1,"unread":1,"more":false}"""),
                        @ExampleObject(name = "reset", value = """
                                {"events":[{"kind":"reset","seq":12000}],"cursor":12000,"unread":3,"more":false}""")}))
    @APIResponse(responseCode = "400", ref = "BadCursor")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "503", ref = "DatabaseUnavailable")
    public String poll(@Parameter(ref = "After") @QueryParam("after") String after) {
        long cursor = Cursors.parseAfter(after);
        InboxReader.EventPage page = reader.eventsAfter(caller.userId(), cursor, limits.pollMaxEvents())
                .requireCursorWithinLog(cursor);
        if (page.startsAfterAGap(cursor)) {
            // The events right after the cursor were purged: reload the listing, continue from the newest.
            return WireFormat.page(List.of(WireFormat.reset(page.lastSeq()).toString()),
                    fields(page.lastSeq(), page.unread(), false));
        }
        return WireFormat.page(page.events().stream().map(CommittedEvent::json).toList(),
                fields(page.cursor(), page.unread(), page.more()));
    }

    private static JsonObject fields(long cursor, long unread, boolean more) {
        return WireFormat.JSON.createObjectBuilder().add("cursor", cursor).add("unread", unread).add("more", more).build();
    }
}
