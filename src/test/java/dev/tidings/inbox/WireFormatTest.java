package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123Z");

    @Test
    void aCreatedEventRenderedFromSharedContentIsTheEventBuiltWhole() {
        NewNotification plain = new NewNotification("shop", "order", null, "Shipped", null, null, null);
        NewNotification full = new NewNotification("shop", "comment", "post:7", "Tom \"says\" ünïcode \u2603",
                "line one\nline two\t\\ end", Json.createObjectBuilder().add("url", "/p/7")
                .add("n", 3).add("nested", Json.createArrayBuilder().add(true).addNull()).build(), List.of("tom", "ann"));
        for (NewNotification content : List.of(plain, full)) {
            NotificationContent shared = new NotificationContent("0190a5c4-0000-7000-8000-000000000001", content, AT);
            Notification n = new Notification("0190a5c4-0000-7000-8000-000000000002", "bob", shared, 42, AT);
            String whole = WireFormat.event(42, EventKind.CREATED, 5, n).toString();
            assertEquals(whole, WireFormat.created(42, 5, n.id(), AT, shared.wireFields()));
        }
    }

    @Test
    void aRevisedAggregateIsSerialisedAfresh() {
        NotificationContent own = new NotificationContent("id-1", new NewNotification("likes", "like", "g", "ann liked", null, null,
                List.of("ann")), AT);
        String before = own.wireFields();
        own.revise(new NewNotification("likes", "like", "g", "ann and tom liked", null, null, List.of("tom", "ann")));
        own.countActors(2);
        assertEquals(before.replace("ann liked", "ann and tom liked").replace("[\"ann\"],\"count\":1", "[\"tom\",\"ann\"],\"count\":2"),
                own.wireFields());
    }

    @Test
    void aPollingPageCarriesEachEventVerbatimBeforeItsOwnFields() {
        String created = "{\"seq\":7,\"kind\":\"created\",\"unread\":2,\"notification\":{\"title\":\"a \\\"b\\\" \\u2603\"}}";
        String reset = WireFormat.reset(9).toString();
        String page = WireFormat.page(List.of(created, reset),
                Json.createObjectBuilder().add("cursor", 9).add("unread", 2).add("more", false).build());
        assertEquals("{\"events\":[" + created + "," + reset + "],\"cursor\":9,\"unread\":2,\"more\":false}", page);
        var parsed = WireFormat.parse(page);
        assertEquals(WireFormat.parse(created), parsed.getJsonArray("events").getJsonObject(0));
        assertEquals(9, parsed.getJsonNumber("cursor").longValue());
        assertEquals("{\"events\":[],\"cursor\":0,\"unread\":0}",
                WireFormat.page(List.of(), Json.createObjectBuilder().add("cursor", 0).add("unread", 0).build()));
    }
}
