package dev.tidings.likes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The like API on a real Liberty: aggregation in place, idempotency, retraction, concurrency. */
class LikesIT extends AgainstTidings {

    String bob;
    String bobToken;
    String post;

    @BeforeEach
    void setUp() throws Exception {
        publisher = api.token(Api.newUser("social"), "publisher");
        bob = Api.newUser("bob");
        bobToken = api.token(bob);
        post = "post:" + Api.newUser("p");
    }

    private Api.Reply like(String token, String actor) {
        return api.send(api.request("api/v1/objects/" + post + "/likes/" + actor, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"owner\":\"" + bob + "\",\"title\":\"your post\"}")));
    }

    private Api.Reply unlike(String token, String actor) {
        return api.send(api.request("api/v1/objects/" + post + "/likes/" + actor, token).DELETE());
    }

    private List<JsonObject> bobsEvents() {
        return api.poll(bobToken, 0).getJsonArray("events").getValuesAs(JsonObject.class);
    }

    private static List<String> actors(JsonObject notification) {
        return notification.getJsonArray("actors").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void everyPublisherSeesWhenALikeNotificationWasDeliveredAndRead() {
        JsonObject receipt = like(publisher, "alice").expect(200).json().getJsonObject("notification");
        String id = receipt.getString("id");
        String anotherApp = api.token(Api.newUser("another-app"), "publisher");
        assertEquals("created", likeState(anotherApp, id).getString("state"));

        api.post("api/v1/inbox/ack", bobToken, "{\"seq\":" + receipt.getJsonNumber("seq").longValue() + "}").expect(200);
        JsonObject delivered = likeState(anotherApp, id);
        assertEquals("delivered", delivered.getString("state"));
        assertFalse(delivered.isNull("deliveredAt"));

        api.post("api/v1/inbox/read", bobToken, "{\"all\":true}").expect(200);
        JsonObject read = likeState(publisher, id);
        assertEquals("read", read.getString("state"));
        assertFalse(read.isNull("readAt"));
        assertEquals(403, api.get("api/v1/notifications/" + id, api.token("alice")).status(), "users never see publisher state");
    }

    private JsonObject likeState(String publisherToken, String id) {
        return api.get("api/v1/notifications/" + id, publisherToken).expect(200).json();
    }

    @Test
    void theFirstLikeCreatesTheNotificationAndLaterOnesUpdateItInPlace() {
        like(publisher, "alice").expect(200);
        like(publisher, "carol").expect(200);
        like(publisher, "dave").expect(200);
        JsonObject last = like(publisher, "erin").expect(200).json();

        List<JsonObject> events = bobsEvents();
        assertEquals(List.of("created", "updated", "updated", "updated"), events.stream().map(e -> e.getString("kind")).toList());
        String id = events.get(0).getJsonObject("notification").getString("id");
        assertTrue(events.stream().allMatch(e -> e.getJsonObject("notification").getString("id").equals(id)), "one notification per object");
        assertEquals("alice liked your post", events.get(0).getJsonObject("notification").getString("title"));
        assertEquals("carol and alice liked your post", events.get(1).getJsonObject("notification").getString("title"));
        JsonObject now = events.get(3).getJsonObject("notification");
        assertEquals("erin and 3 others liked your post", now.getString("title"));
        assertEquals(List.of("erin", "dave", "carol", "alice"), actors(now));
        assertEquals(4, now.getInt("count"));
        assertEquals(1, events.get(3).getInt("unread"), "one unread notification, however many likes");
        assertEquals(4, last.getInt("likes"));
        assertEquals(id, last.getJsonObject("notification").getString("id"));
    }

    @Test
    void likingTwiceCountsOnce() {
        like(publisher, "alice").expect(200);
        JsonObject again = like(publisher, "alice").expect(200).json();

        assertEquals(1, again.getInt("likes"));
        assertFalse(again.getBoolean("changed"));
        assertEquals(1, bobsEvents().size());
    }

    @Test
    void aLikeAfterReadingMakesTheNotificationUnreadAgain() {
        like(publisher, "alice").expect(200);
        api.post("api/v1/inbox/read", bobToken, "{\"all\":true}").expect(200);

        like(publisher, "carol").expect(200);

        JsonObject updated = bobsEvents().get(2);
        assertEquals("updated", updated.getString("kind"));
        assertFalse(updated.getJsonObject("notification").getBoolean("read"));
        assertEquals(1, updated.getInt("unread"));
    }

    @Test
    void unlikingUpdatesTheCountThenRetractsWhenNoneRemain() {
        like(publisher, "alice").expect(200);
        like(publisher, "carol").expect(200);

        unlike(publisher, "carol").expect(200);
        JsonObject gone = unlike(publisher, "alice").expect(200).json();

        List<JsonObject> events = bobsEvents();
        assertEquals(List.of("created", "updated", "updated", "retracted"), events.stream().map(e -> e.getString("kind")).toList());
        assertEquals("alice liked your post", events.get(2).getJsonObject("notification").getString("title"));
        assertEquals(0, events.get(3).getInt("unread"));
        assertEquals(0, gone.getInt("likes"));
        JsonObject listing = api.get("api/v1/inbox", bobToken).expect(200).json();
        assertTrue(listing.getJsonArray("notifications").isEmpty(), "a retracted notification leaves the bell");
        assertEquals(0, listing.getInt("unread"));
        assertEquals(404, unlike(publisher, "alice").status(), "nothing left to retract");
    }

    @Test
    void nobodyIsNotifiedOfTheirOwnLike() {
        JsonObject own = like(publisher, bob).expect(200).json();

        assertEquals(1, own.getInt("likes"));
        assertTrue(bobsEvents().isEmpty());
        like(publisher, "alice").expect(200);
        JsonObject created = bobsEvents().get(0).getJsonObject("notification");
        assertEquals("alice liked your post", created.getString("title"));
        assertEquals(1, created.getInt("count"));
    }

    @ParameterizedTest(name = "the owner's own {0} after reading changes nothing the owner sees")
    @ValueSource(strings = {"like", "unlike"})
    void theOwnersOwnLikeOrUnlikeChangesNothingTheOwnerSees(String what) {
        like(publisher, "ann").expect(200);
        if (what.equals("unlike")) {
            like(publisher, bob).expect(200);
        }
        api.post("api/v1/inbox/read", bobToken, "{\"all\":true}").expect(200);
        List<JsonObject> before = bobsEvents();

        JsonObject own = (what.equals("like") ? like(publisher, bob) : unlike(publisher, bob)).expect(200).json();

        assertFalse(own.getBoolean("changed"), own.toString());
        assertTrue(own.isNull("notification"), "no receipt: " + own);
        assertEquals(before, bobsEvents(), "no event in the owner's log");
        JsonObject listing = api.get("api/v1/inbox", bobToken).expect(200).json();
        assertEquals(0, listing.getInt("unread"), "the bell stays read");
        assertEquals("ann liked your post", listing.getJsonArray("notifications").getJsonObject(0).getString("title"));
    }

    @Test
    void concurrentLikesOfOneObjectLoseNoCount() throws Exception {
        int actors = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = IntStream.range(0, actors)
                    .<Callable<Integer>>mapToObj(i -> () -> like(publisher, "fan" + i).status()).toList();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        List<JsonObject> events = bobsEvents();
        assertEquals(LongStream.rangeClosed(1, actors).boxed().toList(),
                events.stream().map(e -> e.getJsonNumber("seq").longValue()).toList());
        JsonObject last = events.get(actors - 1).getJsonObject("notification");
        assertEquals(actors, last.getInt("count"));
        assertEquals((actors - 1) + "", last.getString("title").replaceAll("^fan\\d+ and (\\d+) others liked your post$", "$1"));
        assertEquals(10, actors(last).size(), "the newest 10 actors are named (tidings.likes.actors-shown)");
    }

    @Test
    void aUserMayLikeOnlyAsThemselves() {
        String alice = Api.newUser("alice");
        String aliceToken = api.token(alice);

        like(aliceToken, alice).expect(200);
        Api.Reply impersonation = like(aliceToken, "carol");

        assertEquals(403, impersonation.status());
        assertEquals(1, bobsEvents().size());
    }
}
