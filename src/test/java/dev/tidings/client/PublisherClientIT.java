package dev.tidings.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.client.TidingsException.Kind;
import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java client (client/) against the deployed Tidings: what it sends is what a recipient reads,
 * idempotent repeats, likes, the delivery state, the server's rate limit and its errors as typed
 * exceptions.
 */
class PublisherClientIT extends AgainstTidings {

    /** arquillian.xml gives this publisher one write every 2 s (burst 1), so a 429 is easy to cause. */
    static final String THROTTLED = "client-throttled";

    URI url;
    TidingsClient tidings;
    String bob;
    String bobToken;

    @BeforeEach
    void setUp() throws Exception {
        url = base.toURI();
        api = new Api(url);
        tidings = TidingsClient.builder(url).token(api.token(Api.newUser("shop"), "publisher")).build();
        bob = Api.newUser("bob");
        bobToken = api.token(bob);
    }

    private List<JsonObject> bobsEvents() {
        return api.poll(bobToken, 0).getJsonArray("events").getValuesAs(JsonObject.class);
    }

    @Test
    void aNotificationSentByTheClientIsWhatTheRecipientPolls() {
        String carol = Api.newUser("carol");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("post", 42);
        data.put("text", "quote \" backslash \\ newline \n tab \t emoji 😀 \u2028");
        data.put("tags", List.of("a", "b"));
        Published sent = tidings.notify(Notification.to(bob, carol)
                .type("comment").title("Alice said \"hi\" — ünïcødé")
                .body("line one\nline two").group("post:42").data(data).actors("alice").build());

        assertEquals(List.of(bob, carol), sent.receipts().stream().map(Receipt::recipient).toList());
        assertFalse(sent.replayed());
        List<JsonObject> events = bobsEvents();
        assertEquals(1, events.size());
        JsonObject notification = events.get(0).getJsonObject("notification");
        assertEquals(sent.receipt(bob).orElseThrow().id(), notification.getString("id"));
        assertEquals(sent.receipt(bob).orElseThrow().seq(), events.get(0).getJsonNumber("seq").longValue());
        assertEquals("Alice said \"hi\" — ünïcødé", notification.getString("title"));
        assertEquals("line one\nline two", notification.getString("body"));
        assertEquals("post:42", notification.getString("group"));
        assertEquals(42, notification.getJsonObject("data").getInt("post"));
        assertEquals(data.get("text"), notification.getJsonObject("data").getString("text"));
        assertEquals(List.of("a", "b"), notification.getJsonObject("data").getJsonArray("tags").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList());
        assertEquals(List.of("alice"), notification.getJsonArray("actors").getValuesAs(JsonString.class)
                .stream().map(JsonString::getString).toList());
    }

    @Test
    void anIdempotentRepeatIsAnsweredTheSameAndWritesOneNotification() {
        Notification order = Notification.to(bob).type("order").title("Your order shipped").dataJson("{\"order\":1001}").build();
        Published first = tidings.notify(order, "order-1001-shipped");
        Published again = tidings.notify(order, "order-1001-shipped");
        Published generated = tidings.notify(order);
        Published generatedAgain = tidings.notify(order, generated.idempotencyKey());

        assertFalse(first.replayed());
        assertTrue(again.replayed());
        assertEquals(first.receipts(), again.receipts());
        assertTrue(generatedAgain.replayed());
        assertEquals(generated.receipts(), generatedAgain.receipts());
        assertEquals(2, bobsEvents().size(), "two logical calls, two notifications");

        TidingsException reused = assertThrows(TidingsException.class,
                () -> tidings.notify(Notification.to(bob).type("order").title("Something else").build(), "order-1001-shipped"));
        assertEquals(Kind.CONFLICT, reused.kind());
        assertEquals(422, reused.status());
        assertEquals(2, bobsEvents().size(), "a refused call writes nothing");
    }

    @Test
    void likeAndUnlike() {
        String post = "post:" + Api.newUser("p");
        LikeResult liked = tidings.like(post, "alice", bob, "your post");
        assertTrue(liked.changed());
        assertEquals(1, liked.likes());
        Receipt receipt = liked.notificationReceipt().orElseThrow();
        assertEquals(bob, receipt.recipient());

        LikeResult repeated = tidings.like(post, "alice", bob, "your post");
        assertFalse(repeated.changed(), "liking twice counts once");
        assertEquals(1, repeated.likes());

        LikeResult unliked = tidings.unlike(post, "alice");
        assertEquals(0, unliked.likes());
        assertEquals(receipt.id(), unliked.notification().id());
        assertEquals(List.of("created", "retracted"), bobsEvents().stream().map(e -> e.getString("kind")).toList());
        JsonObject created = bobsEvents().get(0).getJsonObject("notification");
        assertEquals(receipt.id(), created.getString("id"));
        assertEquals("alice liked your post", created.getString("title"));

        TidingsException none = assertThrows(TidingsException.class, () -> tidings.unlike(post, "alice"));
        assertEquals(Kind.NOT_FOUND, none.kind());
        tidings.like(post, "carol", bob, "your post");
        TidingsException otherOwner = assertThrows(TidingsException.class,
                () -> tidings.like(post, "dave", Api.newUser("mallory"), "your post"));
        assertEquals(Kind.CONFLICT, otherOwner.kind());
        assertEquals(409, otherOwner.status());
    }

    @Test
    void theStateGoesFromCreatedToDeliveredToRead() {
        Receipt receipt = tidings.notify(Notification.to(bob).type("order").title("Shipped").build()).receipts().get(0);

        NotificationState created = tidings.state(receipt.id());
        assertEquals(NotificationState.State.CREATED, created.state());
        assertEquals(receipt.id(), created.id());
        assertEquals(bob, created.recipient());
        assertEquals("order", created.type());
        assertEquals(receipt.seq(), created.seq());
        assertNotNull(created.createdAt());
        assertNull(created.deliveredAt());
        assertNull(created.readAt());

        api.post("api/v1/inbox/ack", bobToken, "{\"seq\":" + receipt.seq() + "}").expect(200);
        NotificationState delivered = tidings.state(receipt.id());
        assertEquals(NotificationState.State.DELIVERED, delivered.state());
        assertFalse(delivered.deliveredAt().isBefore(created.createdAt()));
        assertNull(delivered.readAt());

        api.post("api/v1/inbox/read", bobToken, "{\"all\":true}").expect(200);
        NotificationState read = tidings.state(receipt.id());
        assertEquals(NotificationState.State.READ, read.state());
        assertEquals(delivered.deliveredAt(), read.deliveredAt());
        assertFalse(read.readAt().isBefore(read.deliveredAt()));

        TidingsException notMine = assertThrows(TidingsException.class,
                () -> TidingsClient.builder(url).token(api.token(Api.newUser("other-app"), "publisher")).build().state(receipt.id()));
        assertEquals(Kind.NOT_FOUND, notMine.kind());
    }

    @Test
    void badInputAndAUserTokenAreTypedErrors() {
        TidingsException invalid = assertThrows(TidingsException.class,
                () -> tidings.notify(Notification.to(bob, "not a user!").type("order").title("x").build()));
        assertEquals(Kind.INVALID, invalid.kind());
        assertEquals(400, invalid.status());
        assertEquals(1, invalid.attempts(), "a 400 is not retried");
        assertTrue(invalid.fieldErrors().stream().anyMatch(e -> "recipients[1]".equals(e.field())), invalid.fieldErrors().toString());
        assertEquals(0, bobsEvents().size(), "a refused call writes nothing");

        TidingsClient asUser = TidingsClient.builder(url).token(api.token(Api.newUser("eve"))).build();
        TidingsException forbidden = assertThrows(TidingsException.class,
                () -> asUser.notify(Notification.to(bob).type("order").title("x").build()));
        assertEquals(Kind.AUTH, forbidden.kind());
        assertEquals(403, forbidden.status());

        TidingsClient forged = TidingsClient.builder(url).token("not-a-jwt").build();
        TidingsException unauthorized = assertThrows(TidingsException.class, () -> forged.state("anything"));
        assertEquals(Kind.AUTH, unauthorized.kind());
        assertEquals(401, unauthorized.status());
    }

    @Test
    void aRateLimitedCallIsRetriedAfterRetryAfterAndWritesOnce() {
        String throttled = api.token(THROTTLED, "publisher");
        TidingsClient once = TidingsClient.builder(url).token(throttled).maxAttempts(1).build();
        TidingsClient patient = TidingsClient.builder(url).token(throttled).maxRetryWait(Duration.ofSeconds(30)).build();
        // Use up the burst (a call may still find it refilling from an earlier test class's run).
        TidingsException refused = null;
        for (int i = 0; i < 5 && refused == null; i++) {
            try {
                once.notify(Notification.to(bob).type("t").title("burst " + i).build());
            } catch (TidingsException e) {
                refused = e;
            }
        }
        assertNotNull(refused, "the throttled publisher was never refused");
        assertEquals(Kind.RATE_LIMITED, refused.kind());
        Duration retryAfter = refused.retryAfter().orElseThrow();
        assertTrue(retryAfter.compareTo(Duration.ofSeconds(1)) >= 0, retryAfter.toString());
        int before = bobsEvents().size();

        long start = System.nanoTime();
        Published published = patient.notify(Notification.to(bob).type("t").title("after the wait").build());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTrue(took.compareTo(Duration.ofSeconds(1)) >= 0, "sent again only after Retry-After: " + took);
        List<JsonObject> events = bobsEvents();
        assertEquals(before + 1, events.size(), "the refused attempts wrote nothing, the last one once");
        JsonObject last = events.get(events.size() - 1).getJsonObject("notification");
        assertEquals(published.receipts().get(0).id(), last.getString("id"));
        assertEquals("after the wait", last.getString("title"));
    }
}
