package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What a subscriber counts from what arrives, over every transport's framing: delivered, delivered
 * twice, out of order, errors, payload bytes, latency. Loss is what was published and not delivered.
 */
class SubscriberTest {

    private static final URI BASE = URI.create("http://127.0.0.1:1/");

    private final Stats stats = new Stats(100);

    /** A subscriber that is never started: only what it is handed is counted. */
    private Subscriber subscriber(String transport) {
        return Subscriber.of(transport, BASE, "token", null, () -> stats, null, null);
    }

    /** A created event as Tidings delivers it, sent {@code msAgo} milliseconds ago. */
    private static String event(long seq, long msAgo) {
        return PeerEvent.json(seq, Clock.micros() - msAgo * 1000);
    }

    private static void each(Subscriber s, Function<String, List<jakarta.json.JsonObject>> framing, String... texts) {
        for (String text : texts) {
            s.received(text, framing);
        }
    }

    @Test
    void aLostEventADuplicateAndAnEventOutOfOrderAreEachCountedOnce() {
        Subscriber s = subscriber("websocket");
        // Five published; 5 never comes, 2 comes twice, 3 comes after 4.
        each(s, Subscriber::oneEvent, event(1, 5), event(2, 5), event(2, 5), event(4, 5), event(3, 5));
        long published = 5;
        assertEquals(4, stats.delivered.sum());
        assertEquals(1, stats.duplicates.sum());
        assertEquals(1, stats.outOfOrder.sum());
        assertEquals(1, published - stats.delivered.sum(), "lost");
        assertEquals(0, stats.errors.sum());
        assertEquals(4, s.cursor);
        ResultLine line = ResultLine.of("fanout").put("lost", published - stats.delivered.sum())
                .put("duplicates", stats.duplicates.sum()).put("outOfOrder", stats.outOfOrder.sum());
        assertTrue(Bench.breaksAPromise(line.json()));
    }

    @Test
    void aGapIsNotAnErrorOfItsOwnButTheEventsInItAreLost() {
        Subscriber s = subscriber("websocket");
        each(s, Subscriber::oneEvent, event(1, 1), event(2, 1), event(6, 1), event(7, 1));
        assertEquals(4, stats.delivered.sum());
        assertEquals(0, stats.duplicates.sum() + stats.outOfOrder.sum() + stats.errors.sum());
        assertEquals(3, 7 - stats.delivered.sum(), "3, 4 and 5 lost");
    }

    @Test
    void aDuplicateIsTheSameEventAgainEvenWhenItComesLate() {
        Subscriber s = subscriber("websocket");
        each(s, Subscriber::oneEvent, event(1, 1), event(3, 1), event(2, 1), event(2, 1), event(3, 1), event(1, 1));
        assertEquals(3, stats.delivered.sum());
        assertEquals(1, stats.outOfOrder.sum(), "2 after 3");
        assertEquals(3, stats.duplicates.sum(), "2, 3 and 1 again");
    }

    @Test
    void aResumingClientCountsWhatItHadBeforeItsCursorAsDuplicates() {
        Subscriber s = subscriber("sse");
        s.cursor = 10; // the resume storm reconnects each client from the cursor it had
        each(s, Subscriber::lineEvents, "data: " + event(9, 1), "data: " + event(11, 1), "data: " + event(10, 1));
        assertEquals(1, stats.delivered.sum());
        assertEquals(2, stats.duplicates.sum());
        assertEquals(11, s.cursor);
    }

    @Test
    void aPollAnswerIsCountedWithItsCursorAndMore() {
        Subscriber s = subscriber("longpoll");
        String answer = "{\"events\":[" + event(1, 1) + "," + event(2, 1) + "],\"cursor\":2,\"unread\":2,\"more\":true}";
        assertTrue(s.polled(answer));
        assertEquals(2, stats.delivered.sum());
        assertEquals(2, s.cursor);
        assertEquals(answer.getBytes(StandardCharsets.UTF_8).length, stats.payloadBytes.sum());
        String empty = "{\"events\":[],\"cursor\":2,\"unread\":2}";
        assertFalse(s.polled(empty));
        assertEquals(2, stats.delivered.sum());
        assertEquals(answer.length() + empty.length(), stats.payloadBytes.sum(), "an empty answer is payload too");
    }

    @Test
    void onAStreamOnlyCreatedEventsCountAndEveryLineIsPayload() {
        Subscriber s = subscriber("sse");
        List<String> lines = List.of("event: connected", "retry: 3000",
                "data: {\"kind\":\"connected\",\"seq\":0,\"kinds\":[\"created\",\"updated\",\"retracted\",\"read\",\"reset\"]}", "",
                "event: created", "id: 1", "data: " + event(1, 1), "", ": heartbeat", "");
        lines.forEach(l -> s.received(l + "\n", Subscriber::lineEvents));
        assertEquals(1, stats.delivered.sum());
        assertEquals(0, stats.errors.sum());
        assertEquals(lines.stream().mapToInt(l -> l.length() + 1).sum(), stats.payloadBytes.sum());

        Subscriber ndjson = subscriber("stream");
        each(ndjson, Subscriber::lineEvents, event(1, 1) + "\n", "{\"kind\":\"heartbeat\"}\n", event(2, 1) + "\n");
        assertEquals(3, stats.delivered.sum());
    }

    @Test
    void aSocketIoPacketCarriesItsEvent() {
        Subscriber s = subscriber("websocket");
        each(s, SocketIoSubscriber::event, "42[\"notification\"," + event(1, 1) + "]", "42[\"notification\"," + event(2, 1) + "]");
        assertEquals(2, stats.delivered.sum());
        each(s, SocketIoSubscriber::event, "42[\"notification\"]");
        assertEquals(1, stats.errors.sum(), "an event packet without its event");
    }

    @Test
    void latencyIsFromTheSendTimeTheEventCarries() {
        Subscriber s = subscriber("websocket");
        each(s, Subscriber::oneEvent, event(1, 250));
        double p50 = stats.percentiles()[0];
        assertTrue(p50 >= 250 && p50 < 10_000, "latency " + p50 + " ms");
    }

    @Test
    void whatIsNotTheJsonItShouldBeIsAnError() {
        Subscriber s = subscriber("websocket");
        each(s, Subscriber::oneEvent, "{\"seq\":1,\"kind\":\"created\"", "[1]",
                "{\"seq\":2,\"kind\":\"created\",\"notification\":{\"data\":{}}}");
        assertEquals(3, stats.errors.sum());
        assertEquals(0, stats.delivered.sum());
        Subscriber poll = subscriber("longpoll");
        assertFalse(poll.polled("{\"events\":[]}"), "no cursor");
        assertEquals(4, stats.errors.sum());
    }

    @Test
    void theResumeStormsTargetIsNotedWhenReached() {
        Subscriber s = subscriber("websocket");
        s.targetSeq = 3;
        each(s, Subscriber::oneEvent, event(1, 1), event(2, 1));
        assertEquals(0, s.reachedTargetNanos);
        each(s, Subscriber::oneEvent, event(3, 1));
        assertTrue(s.reachedTargetNanos > 0);
    }

    @Test
    void aClosedSubscriberCountsNothing() {
        Subscriber s = subscriber("longpoll");
        s.close();
        assertFalse(s.polled("{\"events\":[" + event(1, 1) + "],\"cursor\":1}"));
        assertEquals(0, stats.delivered.sum() + stats.payloadBytes.sum());
    }
}
