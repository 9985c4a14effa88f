package dev.tidings.transport.websocket;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import dev.tidings.it.live.LiveClient;
import dev.tidings.it.live.LiveTransportContract;
import dev.tidings.it.live.Transport;
import dev.tidings.it.live.WebSocketClient;
import jakarta.json.JsonObject;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** WebSocket against a real Liberty, including what the client may send on the socket. */
@ExtendWith(ArquillianExtension.class)
class WebSocketIT extends LiveTransportContract {

    @Override
    protected Transport transport() {
        return Transport.WEBSOCKET;
    }

    @Test
    void readSentOnTheSocketReachesEveryConnectionOfTheUser() throws Exception {
        String max = Api.newUser("max");
        WebSocketClient socket = (WebSocketClient) connect(max, 0);
        LiveClient otherTab = transport().client(base.toURI(), api.token(max)).open(0);
        String id = api.notify(publisher, "read me", max).getJsonArray("notifications").getJsonObject(0).getString("id");
        socket.awaitEvents(1);

        socket.send("{\"type\":\"read\",\"ids\":[\"" + id + "\"]}");

        JsonObject read = socket.awaitEvents(2).get(1);
        assertEquals("read", read.getString("kind"));
        assertEquals(0, read.getInt("unread"));
        assertEquals(id, read.getJsonArray("ids").getString(0));
        assertEquals(read, otherTab.awaitEvents(2).get(1), "the other tab learns of it too");
        await().atMost(Duration.ofSeconds(30)).until(() -> !socket.replies().isEmpty());
        assertTrue(socket.replies().get(0).contains("\"kind\":\"ok\""), socket.replies().toString());
        otherTab.close();
    }

    @Test
    void ackMarksNotificationsDeliveredForThePublisher() throws Exception {
        String nia = Api.newUser("nia");
        WebSocketClient socket = (WebSocketClient) connect(nia, 0);
        String id = api.notify(publisher, "ack me", nia).getJsonArray("notifications").getJsonObject(0).getString("id");
        socket.awaitEvents(1);

        socket.send("{\"type\":\"ack\",\"seq\":1}");

        await().atMost(Duration.ofSeconds(30)).until(() -> !socket.replies().isEmpty());
        JsonObject state = api.get("api/v1/notifications/" + id, publisher).expect(200).json();
        assertEquals("delivered", state.getString("state"));
        assertTrue(state.get("deliveredAt").toString().startsWith("\"20"));
    }

    @Test
    void closedSocketsLeaveNothingBehindInTheHub() throws Exception {
        // Each test class has its own deployment, so the hub holds only this class's sockets,
        // and a closed WebSocket is noticed at once.
        await("earlier tests' sockets gone").atMost(Duration.ofSeconds(30)).until(() -> liveConnections() == 0);
        String jay = Api.newUser("jay");
        List<LiveClient> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(connect(jay, 0));
        }
        await("all five registered").atMost(Duration.ofSeconds(30)).until(() -> liveConnections() == 5);

        opened.forEach(LiveClient::close);

        await("all five gone from the hub").atMost(Duration.ofSeconds(30)).until(() -> liveConnections() == 0);
    }

    /**
     * A client that vanishes without closing (its network dropped it: no FIN ever arrives) never
     * answers the heartbeat's ping: it is freed at the next heartbeat (1 s on the test server)
     * instead of when TCP gives up, minutes later; the user's other connection goes on.
     */
    @Test
    void aClientThatStopsAnsweringIsFreedWithinTwoHeartbeatsAndTheUsersOtherConnectionGoesOn() throws Exception {
        await("earlier tests' sockets gone").atMost(Duration.ofSeconds(30)).until(() -> liveConnections() == 0);
        String kai = Api.newUser("kai");
        LiveClient other = connect(kai, 0);
        try (Socket silent = RawHttp.upgradeAndFallSilent(base.toURI(), "api/v1/inbox/ws?after=0",
                "Authorization: Bearer " + api.token(kai))) {
            await("both registered").atMost(Duration.ofSeconds(30)).until(() -> liveConnections() == 2);
            long start = System.nanoTime();

            await("the silent client freed").atMost(Duration.ofSeconds(30)).until(() -> liveConnections() == 1);

            System.out.printf("a silent WebSocket client was freed %d ms after it registered (heartbeat 1 s)%n",
                    (System.nanoTime() - start) / 1_000_000);
            assertFalse(silent.isClosed(), "the client never closed: the server let it go");
        }
        publish(kai, "still here");
        assertEquals(1, other.awaitEvents(1).get(0).getInt("seq"));
    }

    /** The hub's live connection count, from /health/live. */
    private int liveConnections() {
        JsonObject health = api.get("health/live", null).json();
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("delivery"))
                .findFirst().orElseThrow()
                .getJsonObject("data").getInt("connections");
    }

    /**
     * Each bad message gets an error reply with the REST API's status and a detail saying what was wrong
     * (read by the socket's decoder, checked by the REST read's Bean Validation rules); nothing changes
     * and the socket stays open.
     */
    @Test
    void badMessagesGetAnErrorReplyAndChangeNothingAndTheSocketStaysOpen() throws Exception {
        String oli = Api.newUser("oli");
        String id = api.notify(publisher, "stays unread", oli).getJsonArray("notifications").getJsonObject(0).getString("id");
        WebSocketClient socket = (WebSocketClient) connect(oli, 0);
        socket.awaitEvents(1);
        String[][] rows = {
            // message, status, what the detail says
            {"not json", "400", "JSON object"},
            {"[1,2]", "400", "JSON object"},
            {"{\"ids\":[\"" + id + "\"]}", "400", "type must be"},
            {"{\"type\":\"delete\"}", "400", "type must be"},
            {"{\"type\":\"read\",\"ids\":\"" + id + "\"}", "400", "ids must be a list"},
            {"{\"type\":\"read\",\"ids\":[\"not-an-id\"]}", "400", "ids[0]: must be a notification id"},
            {"{\"type\":\"read\",\"ids\":[null]}", "400", "ids[0]: must not be null"},
            {"{\"type\":\"read\"}", "400", "give either"},
            {"{\"type\":\"read\",\"ids\":[]}", "400", "give either"},
            {"{\"type\":\"read\",\"ids\":[\"" + id + "\"],\"all\":true}", "400", "give either"},
            {"{\"type\":\"read\",\"ids\":[\"00000000-0000-0000-0000-000000000000\"]}", "404", ""},
            {"{\"type\":\"ack\",\"seq\":-1}", "400", "seq must be a non-negative whole number"},
            {"{\"type\":\"ack\",\"seq\":1.5}", "400", "seq must be a non-negative whole number"},
            {"{\"type\":\"ack\"}", "400", "seq must be a non-negative whole number"},
        };

        for (String[] row : rows) {
            socket.send(row[0]);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> socket.replies().size() >= rows.length);
        publish(oli, "still open");

        for (int i = 0; i < rows.length; i++) {
            JsonObject reply = Api.parse(socket.replies().get(i));
            assertEquals("error", reply.getString("kind"), rows[i][0] + " -> " + reply);
            assertEquals(Integer.parseInt(rows[i][1]), reply.getInt("status"), rows[i][0] + " -> " + reply);
            assertTrue(reply.getString("detail").contains(rows[i][2]), rows[i][0] + " -> " + reply);
        }
        assertEquals(2, socket.awaitEvents(2).get(1).getInt("seq"), "no event between the first publish and the second");
        assertEquals(2, api.get("api/v1/inbox", api.token(oli)).expect(200).json().getInt("unread"), "nothing was marked read");
    }

    /** The REST call's limit holds on the socket too: tidings.read.max-ids (1,000 on the test server). */
    @Test
    void aReadNamingMoreIdsThanAllowedIsRefusedAndChangesNothing() throws Exception {
        String pia = Api.newUser("pia");
        String id = api.notify(publisher, "stays unread", pia).getJsonArray("notifications").getJsonObject(0).getString("id");
        WebSocketClient socket = (WebSocketClient) connect(pia, 0);
        String ids = java.util.stream.Stream.concat(java.util.stream.Stream.of(id),
                        java.util.stream.IntStream.range(0, 1000).mapToObj(i -> String.format("%08x-0000-0000-0000-000000000000", i)))
                .map(i -> "\"" + i + "\"").collect(java.util.stream.Collectors.joining(","));

        socket.send("{\"type\":\"read\",\"ids\":[" + ids + "]}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !socket.replies().isEmpty());

        String reply = socket.replies().get(0);
        assertTrue(reply.contains("\"status\":400") && reply.contains("at most 1000 ids"), reply);
        assertEquals(1, api.get("api/v1/inbox", api.token(pia)).expect(200).json().getInt("unread"), "nothing was marked read");
    }
}
