package dev.tidings.lifecycle;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.live.LiveClient;
import dev.tidings.it.live.Transport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code DELETE /api/v1/users/{user}} on a real Liberty, as an operator or a publishing application
 * uses it: what it deletes and answers, what others keep, who may call it, the audit line, the
 * user's live connections, and a fresh inbox afterwards.
 */
class ErasureIT extends AgainstTidings {

    String admin;
    String adminToken;
    String bob;
    String bobToken;
    String carol;
    String carolToken;
    String alice;
    String aliceToken;

    @BeforeEach
    void setUp() throws Exception {
        admin = Api.newUser("operator");
        adminToken = api.token(admin, "admin");
        bob = Api.newUser("bob");
        bobToken = api.token(bob);
        carol = Api.newUser("carol");
        carolToken = api.token(carol);
        alice = Api.newUser("alice");
        aliceToken = api.token(alice);
    }

    private Api.Reply erase(String token, String user) {
        return api.send(api.request("api/v1/users/" + user, token).DELETE());
    }

    private Api.Reply like(String object, String actor, String owner, String what) {
        return api.send(api.request("api/v1/objects/" + object + "/likes/" + actor, publisher)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("owner", owner).add("title", what).build().toString())))
                .expect(200);
    }

    private static Map<String, Integer> counts(JsonObject answer) {
        JsonObject erased = answer.getJsonObject("erased");
        return Map.of("inbox", erased.getInt("inbox"), "events", erased.getInt("events"),
                "notifications", erased.getInt("notifications"), "contents", erased.getInt("contents"),
                "likesMade", erased.getInt("likesMade"), "likesReceived", erased.getInt("likesReceived"),
                "publications", erased.getInt("publications"), "ownerNotificationsChanged", answer.getInt("ownerNotificationsChanged"));
    }

    private static String messagesLog() throws IOException {
        Path log = Path.of(System.getProperty("tidings.server.dir", "target/liberty/wlp/usr/servers/tidings-it"), "logs", "messages.log");
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    @Test
    void erasingAUserDeletesAllTheirDataRevisesOthersLikesAndLeavesOthersAlone() throws Exception {
        String shared = Api.notification("Sale for you both", bob, carol).toString();
        String bobOnly = Api.notification("Your order shipped", bob).toString();
        String carolOnly = Api.notification("Your order shipped", carol).toString();
        String sharedKey = Api.newUser("k-shared");
        String bobKey = Api.newUser("k-bob");
        String carolKey = Api.newUser("k-carol");
        JsonObject sharedAnswer = api.publish(publisher, sharedKey, shared).expect(201).json();
        api.publish(publisher, bobKey, bobOnly).expect(201);
        api.publish(publisher, carolKey, carolOnly).expect(201);
        String carolsShared = sharedAnswer.getJsonArray("notifications").getJsonObject(1).getString("id");
        String bobsShared = sharedAnswer.getJsonArray("notifications").getJsonObject(0).getString("id");
        // Likes: alice likes bob's post; bob likes carol's post (which alice likes too) and alice's photo (only he does).
        String bobsPost = "post:" + Api.newUser("b");
        String carolsPost = "post:" + Api.newUser("c");
        String alicesPhoto = "photo:" + Api.newUser("a");
        like(bobsPost, alice, bob, "your post");
        like(carolsPost, alice, carol, "your post");
        like(carolsPost, bob, carol, "your post");
        like(alicesPhoto, bob, alice, "your photo");
        api.post("api/v1/inbox/read", bobToken, "{\"all\":true}").expect(200); // a read event, read marks
        long bobSeq = api.poll(bobToken, 0).getJsonNumber("cursor").longValue();
        assertEquals(4, bobSeq, "two publishes, alice's like, the read");
        long carolCursor = api.poll(carolToken, 0).getJsonNumber("cursor").longValue();
        long aliceCursor = api.poll(aliceToken, 0).getJsonNumber("cursor").longValue();
        JsonObject carolListingBefore = api.get("api/v1/inbox", carolToken).expect(200).json();

        Api.Reply erased = erase(adminToken, bob).expect(200);

        assertEquals(bob, erased.json().getString("user"));
        assertEquals(Map.of("inbox", 1, "events", 4, "notifications", 3,
                        // bob's own order and his like notification; the sale's content is carol's too
                        "contents", 2,
                        "likesMade", 2, "likesReceived", 1, "publications", 2, "ownerNotificationsChanged", 2),
                counts(erased.json()), erased.body());

        // Nothing of bob is left to see.
        JsonObject listing = api.get("api/v1/inbox", bobToken).expect(200).json();
        assertEquals(0, listing.getJsonArray("notifications").size());
        assertEquals(0, listing.getInt("unread"));
        assertEquals(0, listing.getJsonNumber("seq").longValue());
        assertEquals(0, api.poll(bobToken, 0).getJsonArray("events").size());
        Api.Reply stale = api.get("api/v1/inbox/poll?after=" + bobSeq, bobToken).expect(400);
        assertTrue(stale.header("Content-Type").startsWith("application/problem+json"), stale.header("Content-Type"));
        api.get("api/v1/notifications/" + bobsShared, publisher).expect(404);
        Api.Reply unlike = api.send(api.request("api/v1/objects/" + carolsPost + "/likes/" + bob, publisher).DELETE());
        assertEquals(404, unlike.status(), "bob's like is gone: " + unlike.body());

        // Carol's like notification no longer names bob, as after an unlike; alice's (bob alone liked it) is retracted.
        List<JsonObject> carolEvents = api.poll(carolToken, carolCursor).getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(1, carolEvents.size(), carolEvents.toString());
        assertEquals("updated", carolEvents.get(0).getString("kind"));
        assertEquals(List.of(Json.createValue(alice)), carolEvents.get(0).getJsonObject("notification").getJsonArray("actors"));
        assertEquals(alice + " liked your post", carolEvents.get(0).getJsonObject("notification").getString("title"));
        List<JsonObject> aliceEvents = api.poll(aliceToken, aliceCursor).getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(List.of("retracted"), aliceEvents.stream().map(e -> e.getString("kind")).toList());
        // Carol keeps everything else: the shared sale (its content too), her order, its delivery state, its idempotency record.
        JsonObject carolListing = api.get("api/v1/inbox", carolToken).expect(200).json();
        assertEquals(carolListingBefore.getJsonArray("notifications").size(), carolListing.getJsonArray("notifications").size());
        assertTrue(carolListing.toString().contains("Sale for you both"), carolListing.toString());
        assertEquals(carol, api.get("api/v1/notifications/" + carolsShared, publisher).expect(200).json().getString("recipient"));
        Api.Reply carolRepeat = api.publish(publisher, carolKey, carolOnly).expect(201);
        assertEquals("true", carolRepeat.header("Idempotent-Replayed"), "carol's publication record is untouched");
        // Alice still likes bob's post? The post was bob's: its likes went with him.
        Api.Reply alicesLikeOfBobsPost = api.send(api.request("api/v1/objects/" + bobsPost + "/likes/" + alice, publisher).DELETE());
        assertEquals(404, alicesLikeOfBobsPost.status(), alicesLikeOfBobsPost.body());

        // Idempotent: erasing again finds nothing.
        assertEquals(Map.of("inbox", 0, "events", 0, "notifications", 0, "contents", 0, "likesMade", 0, "likesReceived", 0,
                "publications", 0, "ownerNotificationsChanged", 0), counts(erase(adminToken, bob).expect(200).json()));

        // The audit line: who erased whom, and the counts; never a token.
        String audit = "Tidings erased user " + bob + " at the request of " + admin + ": inbox 1, events 4, notifications 3, "
                + "contents 2, likes made 2, likes received 1, owners' like notifications changed 2, publication records 2";
        await("the audit line in messages.log").atMost(Duration.ofSeconds(10)).until(() -> messagesLog().contains(audit));
        String log = messagesLog();
        assertTrue(log.contains("at the request of " + admin + ": inbox 0, events 0"), "the repeat is audited too");
        assertFalse(log.contains(adminToken), "no token in the log");

        // bob's publication record went: the same call with its key is a new call, and bob starts afresh at seq 1.
        Api.Reply again = api.publish(publisher, bobKey, bobOnly).expect(201);
        assertNull(again.header("Idempotent-Replayed"), again.body());
        assertEquals(1, again.json().getJsonArray("notifications").getJsonObject(0).getJsonNumber("seq").longValue());
        JsonObject fresh = api.poll(bobToken, 0);
        assertEquals(List.of(1L), fresh.getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getJsonNumber("seq").longValue()).toList());
        assertEquals(1, fresh.getInt("unread"));
    }

    @Test
    void onlyPublishersAndAdministratorsMayEraseAndBadRequestsChangeNothing() {
        api.notify(publisher, "Hello", bob);

        Api.Reply asUser = erase(bobToken, bob);
        assertEquals(403, asUser.status(), asUser.body());
        assertProblem(asUser);
        Api.Reply asAnotherUser = erase(carolToken, bob);
        assertEquals(403, asAnotherUser.status(), asAnotherUser.body());
        Api.Reply anonymous = erase(null, bob);
        assertEquals(401, anonymous.status(), anonymous.body());
        assertProblem(anonymous);
        assertTrue(anonymous.header("WWW-Authenticate").startsWith("Bearer"), anonymous.header("WWW-Authenticate"));
        Api.Reply forged = erase(adminToken.substring(0, adminToken.length() - 4) + "AAAA", bob);
        assertEquals(401, forged.status(), forged.body());
        for (String bad : List.of("-bob", "bob%20smith", "b%C3%B6b", "x".repeat(129))) {
            Api.Reply invalid = erase(adminToken, bad);
            assertEquals(400, invalid.status(), bad + ": " + invalid.body());
            assertProblem(invalid);
            assertFalse(invalid.body().contains("Exception"), invalid.body());
        }
        assertEquals(1, api.get("api/v1/inbox", bobToken).expect(200).json().getJsonArray("notifications").size(),
                "nothing was erased by the refused calls");

        JsonObject byPublisher = erase(publisher, bob).expect(200).json();
        assertEquals(1, byPublisher.getJsonObject("erased").getInt("notifications"), "a publisher may erase");
        JsonObject unknown = erase(adminToken, Api.newUser("nobody")).expect(200).json();
        assertEquals(0, unknown.getJsonObject("erased").getInt("inbox"), "an unknown user: nothing to erase, not an error");
    }

    private static void assertProblem(Api.Reply reply) {
        assertTrue(String.valueOf(reply.header("Content-Type")).startsWith("application/problem+json"), reply.header("Content-Type"));
        assertEquals(reply.status(), reply.json().getInt("status"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void theUsersLiveConnectionsEndAndAFreshStartBeginsAtSeqOne(Transport transport) throws Exception {
        api.notify(publisher, "one", bob);
        api.notify(publisher, "two", bob);
        try (LiveClient bobs = transport.client(base.toURI(), bobToken).open(0);
             LiveClient carols = transport.client(base.toURI(), carolToken).open(0)) {
            bobs.awaitEvents(2);

            erase(adminToken, bob).expect(200);

            await(transport + ": bob's connection ended").atMost(Duration.ofSeconds(15)).until(bobs::closedByServer);
            assertEquals(List.of(1L, 2L), bobs.seqs(), "no event after the erasure reached the old connection");
            if (bobs instanceof dev.tidings.it.live.WebSocketClient socket) {
                assertEquals(4400, socket.closeCode(), socket.closeReason());
            }
            api.notify(publisher, "for carol", carol);
            carols.awaitEvents(1);
            assertFalse(carols.closedByServer(), "carol's connection is untouched");
        }
        // Coming back with the old cursor is refused (the client starts over from the listing) ...
        try (LiveClient stale = transport.client(base.toURI(), bobToken)) {
            assertEquals(transport == Transport.WEBSOCKET ? 4400 : 400, stale.refusedWith(2));
        }
        // ... and from the start it sees the fresh inbox, from seq 1.
        try (LiveClient fresh = transport.client(base.toURI(), bobToken).open(0)) {
            JsonObject receipt = api.notify(publisher, "after", bob).getJsonArray("notifications").getJsonObject(0);
            assertEquals(1, receipt.getJsonNumber("seq").longValue());
            fresh.awaitEvents(1);
            assertEquals(List.of(1L), fresh.seqs());
            assertTrue(fresh.events().get(0).toString().contains("\"after\""), fresh.events().toString());
        }
    }
}
