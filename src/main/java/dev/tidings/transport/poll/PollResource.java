package dev.tidings.transport.poll;

import dev.tidings.config.Limits;
import dev.tidings.inbox.Cursors;
import dev.tidings.inbox.InboxReader;
import dev.tidings.inbox.WireFormat;
import dev.tidings.security.Caller;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Short polling: {@code GET /api/v1/inbox/poll?after=N} answers at once with the events after
 * {@code N} (at most {@code tidings.poll.max-events}); the client polls again from {@code cursor}.
 */
@Path("inbox/poll")
@Tag(name = "Subscriber")
public class PollResource {

    @Inject
    InboxReader reader;

    @Inject
    Caller caller;

    @Inject
    Limits limits;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Events after a cursor, in seq order, at once")
    public JsonObject poll(@QueryParam("after") String after) {
        long cursor = Cursors.parseAfter(after);
        InboxReader.EventPage page = reader.eventsAfter(caller.userId(), cursor, limits.pollMaxEvents())
                .requireCursorWithinLog(cursor);
        JsonArrayBuilder events = WireFormat.JSON.createArrayBuilder();
        if (page.startsAfterAGap(cursor)) {
            // The events right after the cursor were purged: reload the listing, continue from the newest.
            events.add(WireFormat.reset(page.lastSeq()));
            return WireFormat.JSON.createObjectBuilder()
                    .add("events", events)
                    .add("cursor", page.lastSeq())
                    .add("unread", page.unread())
                    .add("more", false)
                    .build();
        }
        page.events().forEach(e -> events.add(WireFormat.parse(e.json())));
        return WireFormat.JSON.createObjectBuilder()
                .add("events", events)
                .add("cursor", page.cursor())
                .add("unread", page.unread())
                .add("more", page.more())
                .build();
    }
}
