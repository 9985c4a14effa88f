package dev.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.inbox.CommittedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A subscriber the hub stops because the server is stopping: its connection says goodbye, once, with the delay. */
class SubscriberStopTest {

    private final ManualExecutor executor = new ManualExecutor();
    private final Goodbyes connection = new Goodbyes();
    private final AtomicInteger onEndCalls = new AtomicInteger();
    private final Subscriber subscriber = new Subscriber("u", null, 0, connection, 4, executor, s -> onEndCalls.incrementAndGet(), sent -> { });

    @Test
    void aStoppedSubscriberTellsItsClientWhenToComeBackOnceAndNothingElse() {
        subscriber.stop(2345);
        subscriber.stop(99);
        subscriber.end(Ending.TOO_SLOW);
        executor.runAll();

        assertEquals(List.of(2345L), connection.goAways);
        assertEquals(List.of(), connection.closes, "no other close");
        assertEquals(1, onEndCalls.get());
    }

    /**
     * A WebSocket close frame sent while a write was still being sent never reached its client
     * (it saw 1006, not 1001, in GracefulStopRestartIT now and then): the goodbye follows the write.
     */
    @Test
    void theGoodbyeWaitsForTheWriteInFlightAndNothingIsWrittenAfterIt() {
        subscriber.replayed(List.of(new CommittedEvent("u", 1, "created", 1, "{\"seq\":1}")));
        subscriber.finishReplay();
        executor.runAll();
        assertEquals(1, connection.inFlight.size(), "the first write is in flight");

        subscriber.stop(10);
        subscriber.live(new CommittedEvent("u", 2, "created", 1, "{\"seq\":2}"));
        executor.runAll();
        assertEquals(List.of(), connection.goAways, "no goodbye while a write is being sent");
        assertTrue(subscriber.awaitsGoodbye());

        connection.inFlight.forEach(done -> done.accept(null));
        executor.runAll();

        assertEquals(List.of(10L), connection.goAways, "the goodbye once the write is done");
        assertEquals(1, connection.writes.get(), "nothing after the goodbye");
        assertFalse(subscriber.awaitsGoodbye());
    }

    @Test
    void aWriteThatNeverFinishesDoesNotHoldTheGoodbyeBackForever() {
        subscriber.replayed(List.of(new CommittedEvent("u", 1, "created", 1, "{\"seq\":1}")));
        subscriber.finishReplay();
        executor.runAll();
        subscriber.stop(10);
        executor.runAll();
        assertEquals(List.of(), connection.goAways);

        subscriber.goodbyeNow(); // the hub, after waiting its while
        executor.runAll();
        assertEquals(List.of(10L), connection.goAways);

        connection.inFlight.forEach(done -> done.accept(null)); // late, if ever
        executor.runAll();
        assertEquals(List.of(10L), connection.goAways, "one goodbye");
        assertEquals(1, connection.writes.get(), "nothing after the goodbye");
    }

    @Test
    void aWriteThatFailsStillLeavesTheGoodbyeSaid() {
        subscriber.replayed(List.of(new CommittedEvent("u", 1, "created", 1, "{\"seq\":1}")));
        subscriber.finishReplay();
        executor.runAll();
        subscriber.stop(10);
        executor.runAll();
        connection.inFlight.forEach(done -> done.accept(new java.io.IOException("reset")));
        executor.runAll();
        assertEquals(List.of(10L), connection.goAways, "tried, the connection is gone anyway");
        assertTrue(connection.closes.isEmpty());
    }

    @Test
    void anEndBeforeTheStopWins() {
        subscriber.end(Ending.FINISHED);
        subscriber.stop(10);
        executor.runAll();

        assertEquals(List.of(Ending.FINISHED), connection.closes);
        assertTrue(connection.goAways.isEmpty());
    }

    /** Records closes and goodbyes; holds every write in flight. */
    private static final class Goodbyes implements Connection {

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }
        final List<Long> goAways = new CopyOnWriteArrayList<>();
        final List<Ending> closes = new CopyOnWriteArrayList<>();
        final List<Consumer<Throwable>> inFlight = new CopyOnWriteArrayList<>();
        final AtomicInteger writes = new AtomicInteger();

        @Override
        public void write(Frame frame, Consumer<Throwable> done) {
            writes.incrementAndGet();
            inFlight.add(done);
        }

        @Override
        public void close(Ending reason) {
            closes.add(reason);
        }

        @Override
        public void goAway(long reconnectMillis) {
            goAways.add(reconnectMillis);
        }
    }
}
