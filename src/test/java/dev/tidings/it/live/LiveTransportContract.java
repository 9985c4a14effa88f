package dev.tidings.it.live;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every live transport must do, run once per transport by its own *IT (same scenarios,
 * same assertions). The test server retains 100 events per user and purges every second.
 */
public abstract class LiveTransportContract extends AgainstTidings {

    private final List<LiveClient> clients = new ArrayList<>();

    protected abstract Transport transport();

    @AfterEach
    void closeClients() {
        clients.forEach(LiveClient::close);
    }

    protected LiveClient connect(String user, long after) throws Exception {
        LiveClient client = transport().client(base.toURI(), api.token(user));
        clients.add(client);
        return client.open(after);
    }

    protected long publish(String user, String title) {
        return api.notify(publisher, title, user).getJsonArray("notifications").getJsonObject(0)
                .getJsonNumber("seq").longValue();
    }

    /** The test server keeps the default cap, tidings.delivery.max-connections-per-user = 16. */
    @Test
    void aConnectionBeyondTheUsersCapIsRefused() throws Exception {
        String dave = Api.newUser("dave");
        publish(dave, "one");
        for (int i = 0; i < 16; i++) {
            connect(dave, 0).awaitEvents(1); // registered: it has been replayed to
        }
        int refused = transport() == Transport.WEBSOCKET ? 4429 : 429;
        LiveClient oneMore = transport().client(base.toURI(), api.token(dave));
        clients.add(oneMore);
        await().atMost(Duration.ofSeconds(20)).until(() -> oneMore.refusedWith(0) == refused);
        if (transport() != Transport.WEBSOCKET) {
            assertNotNull(oneMore.retryAfter(), "a 429 says when to retry (Retry-After)");
            assertTrue(Long.parseLong(oneMore.retryAfter()) > 0, "Retry-After: " + oneMore.retryAfter());
        }
        String otherUser = Api.newUser("erin");
        publish(otherUser, "unaffected");
        connect(otherUser, 0).awaitEvents(1); // the cap is per user
    }

    @Test
    void receivesAPublishLive() throws Exception {
        String bob = Api.newUser("bob");
        LiveClient client = connect(bob, 0);

        publish(bob, "live one");

        JsonObject event = client.awaitEvents(1).get(0);
        assertEquals(1, event.getInt("seq"));
        assertEquals("created", event.getString("kind"));
        assertEquals("live one", event.getJsonObject("notification").getString("title"));
        assertEquals(1, event.getInt("unread"));
    }

    @Test
    void resumeAfterDisconnectDeliversEveryMissedEventOnceInOrder() throws Exception {
        String carol = Api.newUser("carol");
        LiveClient first = connect(carol, 0);
        publish(carol, "1");
        publish(carol, "2");
        first.awaitEvents(2);
        first.close();
        long lastSeen = first.seqs().get(first.seqs().size() - 1);

        for (int i = 3; i <= 7; i++) {
            publish(carol, Integer.toString(i));
        }
        LiveClient resumed = connect(carol, lastSeen);
        resumed.awaitEvents(5);
        publish(carol, "8");
        resumed.awaitEvents(6);

        assertEquals(List.of(1L, 2L), first.seqs());
        assertEquals(LongStream.rangeClosed(3, 8).boxed().toList(), resumed.seqs(), "missed events once each, in order, then live");
    }

    @Test
    void everyConnectionOfAUserReceivesEveryEvent() throws Exception {
        String dana = Api.newUser("dana");
        List<LiveClient> tabs = List.of(connect(dana, 0), connect(dana, 0), connect(dana, 0));

        publish(dana, "a");
        publish(dana, "b");

        for (LiveClient tab : tabs) {
            tab.awaitEvents(2);
            assertEquals(List.of(1L, 2L), tab.seqs());
        }
    }

    @Test
    void aUserNeverReceivesAnotherUsersEvents() throws Exception {
        String erin = Api.newUser("erin");
        String frank = Api.newUser("frank");
        LiveClient erinClient = connect(erin, 0);
        LiveClient frankClient = connect(frank, 0);

        publish(erin, "for erin");
        publish(frank, "for frank");

        erinClient.awaitEvents(1);
        frankClient.awaitEvents(1);
        publish(erin, "for erin again");
        erinClient.awaitEvents(2);
        assertEquals(List.of("for frank"), titles(frankClient));
        assertEquals(List.of("for erin", "for erin again"), titles(erinClient));
    }

    @Test
    void markingReadElsewhereReachesThisConnection() throws Exception {
        String iris = Api.newUser("iris");
        LiveClient client = connect(iris, 0);
        publish(iris, "to be read");
        client.awaitEvents(1);

        api.post("api/v1/inbox/read", api.token(iris), "{\"all\":true}").expect(200);

        JsonObject read = client.awaitEvents(2).get(1);
        assertEquals("read", read.getString("kind"));
        assertEquals(0, read.getInt("unread"), "a second tab's badge drops too");
    }

    @Test
    void aPurgedCursorGetsAResetNeverAGap() throws Exception {
        String gus = Api.newUser("gus");
        for (int i = 1; i <= 110; i++) {
            publish(gus, "n" + i);
        }
        String gusToken = api.token(gus);
        await("events beyond retention purged").atMost(Duration.ofSeconds(30)).until(() ->
                "reset".equals(api.poll(gusToken, 1).getJsonArray("events").getJsonObject(0).getString("kind")));

        LiveClient client = connect(gus, 1);
        JsonObject reset = client.awaitEvents(1).get(0);
        assertEquals("reset", reset.getString("kind"));
        assertEquals(110, reset.getInt("seq"), "continue from the newest seq after reloading the listing");
        publish(gus, "after the reset");
        JsonObject live = client.awaitEvents(2).get(1);
        assertEquals(111, live.getInt("seq"));
        assertEquals(2, client.events().size(), "nothing between the reset and the live event");
    }

    /**
     * Clients that vanish (a reset, no FIN) right after asking, before the server has started to
     * answer, keep no place: afterwards the user can still open as many connections as the cap
     * allows. (Once, a stream whose first flush failed stayed in the hub until its token expired.)
     */
    protected void clientsGoneBeforeTheAnswerKeepNoPlace(String path) throws Exception {
        String fay = Api.newUser("fay");
        publish(fay, "one");
        String token = api.token(fay);
        for (int i = 0; i < 24; i++) {
            RawHttp.getAndVanish(base.toURI(), path + "?after=0", "Authorization: Bearer " + token);
        }
        await("the user's connections beyond the vanished ones").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                    List<LiveClient> opened = new ArrayList<>();
                    try {
                        for (int i = 0; i < 16; i++) {
                            LiveClient client = transport().client(base.toURI(), token);
                            opened.add(client);
                            client.open(0).awaitEvents(1);
                        }
                        return true;
                    } finally {
                        opened.forEach(LiveClient::close);
                    }
                });
    }

    @Test
    void aCursorAheadOfTheLogIsRefused() throws Exception {
        String hana = Api.newUser("hana");
        publish(hana, "only one");
        LiveClient client = transport().client(base.toURI(), api.token(hana));
        clients.add(client);

        int refusal = client.refusedWith(5);

        assertEquals(transport() == Transport.WEBSOCKET ? 4400 : 400, refusal);
    }

    private static List<String> titles(LiveClient client) {
        return client.events().stream().map(e -> e.getJsonObject("notification").getString("title")).toList();
    }
}
