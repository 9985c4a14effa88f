package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Publishing and short polling on a real Liberty: order, gap-free seqs under concurrency, idempotency. */
class PublishAndPollIT extends AgainstTidings {

    @Test
    void publishThenPollReturnsSeqOneToNInOrder() {
        String bob = Api.newUser("bob");
        String bobToken = api.token(bob);
        int n = 7;
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            JsonObject created = api.notify(publisher, "note " + i, bob);
            JsonObject receipt = created.getJsonArray("notifications").getJsonObject(0);
            assertEquals(bob, receipt.getString("recipient"));
            assertEquals(i, receipt.getJsonNumber("seq").longValue());
            ids.add(receipt.getString("id"));
        }

        JsonObject page = api.poll(bobToken, 0);
        List<JsonObject> events = page.getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), seqs(events));
        for (int i = 0; i < n; i++) {
            JsonObject event = events.get(i);
            assertEquals("created", event.getString("kind"));
            assertEquals(i + 1, event.getInt("unread"));
            JsonObject notification = event.getJsonObject("notification");
            assertEquals(ids.get(i), notification.getString("id"));
            assertEquals("note " + (i + 1), notification.getString("title"));
            assertEquals("/posts/42", notification.getJsonObject("data").getString("url"));
            assertFalse(notification.getBoolean("read"));
        }
        assertEquals(n, page.getJsonNumber("cursor").longValue());
        assertEquals(n, page.getInt("unread"));

        JsonObject rest = api.poll(bobToken, 4);
        assertEquals(List.of(5L, 6L, 7L), seqs(rest.getJsonArray("events").getValuesAs(JsonObject.class)));
        JsonObject none = api.poll(bobToken, n);
        assertTrue(none.getJsonArray("events").isEmpty());
        assertEquals(n, none.getJsonNumber("cursor").longValue());
    }

    @Test
    void concurrentBurstToOneUserYieldsSeqsWithoutGapOrDuplicate() throws Exception {
        String carol = Api.newUser("carol");
        int threads = 8;
        int perThread = 12; // 96 events: within the 100 the test server retains per user
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<Long>>> work = IntStream.range(0, threads).<Callable<List<Long>>>mapToObj(t -> () -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    JsonObject created = api.notify(publisher, "burst " + t + "/" + i, carol);
                    seqs.add(created.getJsonArray("notifications").getJsonObject(0).getJsonNumber("seq").longValue());
                }
                return seqs;
            }).toList();
            List<Long> acknowledged = new ArrayList<>();
            for (Future<List<Long>> done : pool.invokeAll(work)) {
                acknowledged.addAll(done.get());
            }
            int total = threads * perThread;
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), acknowledged.stream().sorted().toList());

            String carolToken = api.token(carol);
            List<Long> polled = new ArrayList<>();
            long cursor = 0;
            JsonObject page;
            do {
                page = api.poll(carolToken, cursor);
                polled.addAll(seqs(page.getJsonArray("events").getValuesAs(JsonObject.class)));
                cursor = page.getJsonNumber("cursor").longValue();
            } while (page.getBoolean("more"));
            assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), polled);
            assertEquals(total, page.getInt("unread"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneCallToManyRecipientsGivesEachTheirOwnNotification() {
        List<String> recipients = IntStream.range(0, 250).mapToObj(i -> Api.newUser("fan" + i)).toList();
        Api.Reply reply = api.publish(publisher, null, Api.notification("to everyone", recipients).toString()).expect(201);
        List<JsonObject> receipts = reply.json().getJsonArray("notifications").getValuesAs(JsonObject.class);
        assertEquals(recipients, receipts.stream().map(r -> r.getString("recipient")).toList());
        assertEquals(recipients.size(), receipts.stream().map(r -> r.getString("id")).distinct().count());
        assertTrue(receipts.stream().allMatch(r -> r.getJsonNumber("seq").longValue() == 1));

        String last = recipients.get(recipients.size() - 1);
        JsonObject page = api.poll(api.token(last), 0);
        assertEquals(1, page.getJsonArray("events").size());
        assertEquals(receipts.get(receipts.size() - 1).getString("id"),
                page.getJsonArray("events").getJsonObject(0).getJsonObject("notification").getString("id"));
    }

    @Test
    void sameIdempotencyKeyWritesOnceAndAnswersTheSame() {
        String dave = Api.newUser("dave");
        String body = Api.notification("only once", dave).toString();
        String key = "order-" + Api.newUser("k");

        Api.Reply first = api.publish(publisher, key, body).expect(201);
        Api.Reply second = api.publish(publisher, key, body).expect(201);

        assertEquals(first.json(), second.json());
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals("true", second.header("Idempotent-Replayed"));
        JsonObject page = api.poll(api.token(dave), 0);
        assertEquals(1, page.getJsonArray("events").size());
        assertEquals(1, page.getInt("unread"));
    }

    @Test
    void concurrentCallsWithOneIdempotencyKeyWriteOnce() throws Exception {
        String erin = Api.newUser("erin");
        String body = Api.notification("racing retries", erin).toString();
        String key = "race-" + Api.newUser("k");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Reply>> calls = IntStream.range(0, 8)
                    .<Callable<Api.Reply>>mapToObj(i -> () -> api.publish(publisher, key, body)).toList();
            List<JsonObject> answers = new ArrayList<>();
            for (Future<Api.Reply> reply : pool.invokeAll(calls)) {
                answers.add(reply.get().expect(201).json());
            }
            assertEquals(1, answers.stream().distinct().count(), "every retry gets the first answer");
        } finally {
            pool.shutdownNow();
        }
        JsonObject page = api.poll(api.token(erin), 0);
        assertEquals(1, page.getJsonArray("events").size());
    }

    @Test
    void reusingAnIdempotencyKeyForAnotherRequestIsRefused() {
        String frank = Api.newUser("frank");
        String key = "reuse-" + Api.newUser("k");
        api.publish(publisher, key, Api.notification("first", frank).toString()).expect(201);

        Api.Reply reused = api.publish(publisher, key, Api.notification("second", frank).toString());

        assertEquals(422, reused.status());
        assertEquals("application/problem+json", reused.header("Content-Type"));
        assertEquals(1, api.poll(api.token(frank), 0).getJsonArray("events").size());
    }

    @Test
    void aUserNeverSeesAnotherUsersInbox() {
        String alice = Api.newUser("alice");
        String mallory = Api.newUser("mallory");
        String aliceId = api.notify(publisher, "for alice only", alice)
                .getJsonArray("notifications").getJsonObject(0).getString("id");
        String malloryToken = api.token(mallory);

        assertTrue(api.poll(malloryToken, 0).getJsonArray("events").isEmpty());
        JsonObject listing = api.get("api/v1/inbox", malloryToken).expect(200).json();
        assertTrue(listing.getJsonArray("notifications").isEmpty());
        assertEquals(0, listing.getInt("seq"));
        Api.Reply steal = api.post("api/v1/inbox/read", malloryToken, "{\"ids\":[\"" + aliceId + "\"]}");
        assertEquals(404, steal.status());

        JsonObject alicePage = api.poll(api.token(alice), 0);
        assertEquals(1, alicePage.getJsonArray("events").size());
        assertEquals(1, alicePage.getInt("unread"), "mallory's attempt changed nothing");
    }

    @Test
    void markingReadAppendsAReadEventAndUpdatesTheListing() {
        String gina = Api.newUser("gina");
        String ginaToken = api.token(gina);
        String first = api.notify(publisher, "one", gina).getJsonArray("notifications").getJsonObject(0).getString("id");
        String second = api.notify(publisher, "two", gina).getJsonArray("notifications").getJsonObject(0).getString("id");

        JsonObject receipt = api.post("api/v1/inbox/read", ginaToken, "{\"ids\":[\"" + first + "\"]}").expect(200).json();
        assertEquals(List.of(first), receipt.getJsonArray("read").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(1, receipt.getInt("unread"));
        assertEquals(3, receipt.getInt("seq"));

        JsonObject readEvent = api.poll(ginaToken, 2).getJsonArray("events").getJsonObject(0);
        assertEquals("read", readEvent.getString("kind"));
        assertEquals(3, readEvent.getInt("seq"));
        assertEquals(1, readEvent.getInt("unread"));

        JsonObject listing = api.get("api/v1/inbox", ginaToken).expect(200).json();
        List<JsonObject> newestFirst = listing.getJsonArray("notifications").getValuesAs(JsonObject.class);
        assertEquals(List.of(second, first), newestFirst.stream().map(n -> n.getString("id")).toList());
        assertFalse(newestFirst.get(0).getBoolean("read"));
        assertTrue(newestFirst.get(1).getBoolean("read"));
        assertEquals(1, listing.getInt("unread"));
        assertEquals(3, listing.getInt("seq"));

        JsonObject all = api.post("api/v1/inbox/read", ginaToken, "{\"all\":true}").expect(200).json();
        assertEquals(0, all.getInt("unread"));
        assertEquals(4, all.getInt("seq"));
        JsonObject again = api.post("api/v1/inbox/read", ginaToken, "{\"all\":true}").expect(200).json();
        assertTrue(again.getJsonArray("read").isEmpty(), "nothing left to mark");
        assertEquals(4, again.getInt("seq"), "no event when nothing changed");
    }

    @Test
    void publisherSeesTheStateOfItsOwnNotificationsOnly() {
        String hank = Api.newUser("hank");
        String id = api.notify(publisher, "state", hank).getJsonArray("notifications").getJsonObject(0).getString("id");

        JsonObject created = api.get("api/v1/notifications/" + id, publisher).expect(200).json();
        assertEquals("created", created.getString("state"));
        assertEquals(hank, created.getString("recipient"));
        assertEquals(JsonValue.NULL, created.get("readAt"));

        api.post("api/v1/inbox/read", api.token(hank), "{\"ids\":[\"" + id + "\"]}").expect(200);
        JsonObject read = api.get("api/v1/notifications/" + id, publisher).expect(200).json();
        assertEquals("read", read.getString("state"));
        assertNotEquals(JsonValue.NULL, read.get("readAt"));

        String otherPublisher = api.token(Api.newUser("other-shop"), "publisher");
        assertEquals(404, api.get("api/v1/notifications/" + id, otherPublisher).status());
    }

    private static List<Long> seqs(List<JsonObject> events) {
        return events.stream().map(e -> e.getJsonNumber("seq").longValue()).toList();
    }
}
