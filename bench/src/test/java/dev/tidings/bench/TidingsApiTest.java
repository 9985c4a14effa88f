package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Requests to Tidings and its answers, as the harness writes and reads them. */
class TidingsApiTest {

    @Test
    void theHarnessesNotificationCarriesItsSendTime() {
        assertEquals("{\"recipients\":[\"a\",\"b\\\"c\"],\"type\":\"bench\",\"title\":\"b\",\"data\":{\"t\":1733212345678901}}",
                TidingsApi.benchNotification(List.of("a", "b\"c"), 1733212345678901L));
        assertEquals("{\"recipients\":[\"u\"],\"type\":\"fault\",\"title\":\"after a vanish\"}",
                TidingsApi.notification(List.of("u"), "fault", "after a vanish", null));
    }

    @Test
    void publishAndMintRequests() {
        URI base = URI.create("http://127.0.0.1:9080/");
        var publish = TidingsApi.publish(base, "tok", "{}").build();
        assertEquals("http://127.0.0.1:9080/api/v1/notifications", publish.uri().toString());
        assertEquals("POST", publish.method());
        assertEquals(Optional.of("Bearer tok"), publish.headers().firstValue("Authorization"));
        assertEquals(Optional.of("application/json"), publish.headers().firstValue("Content-Type"));
        assertEquals(URI.create("ws://127.0.0.1:9080/api/v1/inbox/ws?after=7"), TidingsApi.webSocket(base, 7));
        assertEquals("http://127.0.0.1:9080/api/v1/inbox/sse?after=0", TidingsApi.inbox(base, "t", "sse?after=0").build().uri().toString());
    }

    @Test
    void aTokenAnswer() {
        assertEquals(Optional.of("eyJ.x.y"), TidingsApi.token("{\"token\":\"eyJ.x.y\"}"));
        assertEquals(Optional.empty(), TidingsApi.token("{\"type\":\"about:blank\",\"status\":404}"));
        assertEquals(Optional.empty(), TidingsApi.token("<html>Not Found</html>"));
    }

    @Test
    void receiptsOfAPublish() {
        List<TidingsApi.Receipt> receipts = TidingsApi.receipts(
                "{\"notifications\":[{\"recipient\":\"bob\",\"id\":\"n1\",\"seq\":1},{\"recipient\":\"al\\\"ice\",\"id\":\"n2\",\"seq\":12}]}");
        assertEquals(List.of(new TidingsApi.Receipt("bob", "n1", 1), new TidingsApi.Receipt("al\"ice", "n2", 12)), receipts);
        assertThrows(JsonException.class, () -> TidingsApi.receipts("{\"status\":503}"));
    }

    @Test
    void aPollAnswer() {
        TidingsApi.Poll poll = TidingsApi.Poll.of("{\"events\":[{\"seq\":3,\"kind\":\"read\"}],\"cursor\":3,\"unread\":0,\"more\":true}");
        assertEquals(1, poll.events().size());
        assertEquals(3, poll.cursor());
        assertTrue(poll.more());
        assertEquals(new TidingsApi.Poll(List.of(), 3, false), TidingsApi.Poll.of("{\"cursor\":3,\"unread\":0}"));
        assertThrows(JsonException.class, () -> TidingsApi.Poll.of("{\"events\":[]}"));
    }

    @Test
    void theLiveConnectionCount() {
        assertEquals(12, TidingsApi.liveConnections("{\"status\":\"UP\",\"checks\":[{\"name\":\"other\",\"status\":\"UP\",\"data\":"
                + "{\"connections\":99}},{\"name\":\"delivery\",\"status\":\"UP\",\"data\":{\"connections\":12}}]}"));
        assertThrows(JsonException.class, () -> TidingsApi.liveConnections("{\"status\":\"UP\",\"checks\":[]}"));
        assertThrows(JsonException.class, () -> TidingsApi.liveConnections("{\"status\":\"DOWN\"}"));
    }

    @Test
    void streamLines() {
        assertEquals(Optional.of(3L), TidingsApi.lineJson("data: {\"seq\":3,\"kind\":\"created\"}").map(j -> j.getJsonNumber("seq").longValue()));
        assertEquals(Optional.of(3L), TidingsApi.lineJson("{\"seq\":3,\"kind\":\"created\"}").map(j -> j.getJsonNumber("seq").longValue()));
        for (String other : List.of("", ": heartbeat", "event: created", "id: 3", "retry: 3000")) {
            assertEquals(Optional.empty(), TidingsApi.lineJson(other), other);
        }
        assertTrue(TidingsApi.isConnected(TidingsApi.lineJson("data: {\"kind\":\"connected\",\"seq\":0}").orElseThrow()));
    }

    @Test
    void aJsonStringLiteralForThePeersRequests() {
        assertEquals("\"a\\\"b\\\\c\\nd\"", JsonText.string("a\"b\\c\nd").toString());
    }
}
