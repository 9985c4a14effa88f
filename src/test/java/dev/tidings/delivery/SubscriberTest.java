package dev.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.inbox.CommittedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubscriberTest {

    private static final int CAPACITY = 4;

    private final ManualExecutor executor = new ManualExecutor();
    private final FakeConnection connection = new FakeConnection();
    private final AtomicInteger onEndCalls = new AtomicInteger();

    // ---- replay-to-live hand-over

    @ParameterizedTest(name = "cursor {0}: {1} | finishReplay | {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "0  | r1-5 l6 l7            | l8      | 1-8",
        "0  | l3-6 r1-5 l7          | l8      | 1-8",   // 3..5 announced and replayed
        "0  | r1-3 l2-6 r4-6        |         | 1-6",   // announced while the next page is read
        "10 | l9 l10 r11-12 l13 l11 | l10 l14 | 11-14", // nothing at or below the cursor
        "0  | l7 l5 r1-3 l6 l4      |         | 1-7",   // set aside out of order
        "0  | l2 l1                 | l3      | 1-3",   // nothing in the log at all
        "0  | r1-2 l4               | l3      | 1-4",   // the gap is filled after the hand-over
    })
    void liveEventsDuringReplayAreMergedBySeqWithoutLossOrDuplicate(long cursor, String duringReplay, String afterReplay,
                                                                    String expected) {
        connection.completeAtOnce = true;
        Subscriber subscriber = subscriber(cursor, 4 * CAPACITY);
        List<Long> replayed = play(subscriber, duringReplay);
        executor.runAll();
        assertEquals(replayed, connection.seqs(), "only replayed events are written before the hand-over");
        assertTrue(subscriber.finishReplay());
        play(subscriber, afterReplay);
        executor.runAll();
        assertEquals(range(expected), connection.seqs());
    }

    @ParameterizedTest(name = "{0} announced with room for " + CAPACITY)
    @ValueSource(ints = {CAPACITY + 1, 3 * CAPACITY})
    void liveEventsBeyondCapacityDuringReplayAreDroppedAndASecondReplayDeliversEverythingOnceInOrder(int announced) {
        connection.completeAtOnce = true;
        Subscriber subscriber = subscriber(0, CAPACITY);
        subscriber.replayed(events(1, 2));
        executor.runAll();
        events(3, 2 + announced).forEach(subscriber::live);
        assertFalse(subscriber.finishReplay(), "the dropped events must be read from the log again");
        assertEquals(2, subscriber.cursor());
        executor.runAll();
        assertEquals(range("1-2"), connection.seqs(), "nothing set aside is written");

        long last = 3 + announced;
        subscriber.live(event(last)); // committed while the log is read again
        for (long from = subscriber.cursor(); from < last; from = subscriber.cursor()) { // pages, as the hub reads
            subscriber.replayed(events(from + 1, Math.min(from + CAPACITY, last)));
            executor.runAll();
        }
        assertTrue(subscriber.finishReplay());
        executor.runAll();
        assertEquals(range("1-" + last), connection.seqs());
        assertFalse(subscriber.isEnded());
    }

    @Test
    void upToCapacityLiveEventsDuringReplayAreKeptAndTheHandOverSucceeds() {
        connection.completeAtOnce = true;
        Subscriber subscriber = subscriber(0, CAPACITY);
        subscriber.replayed(events(1, 2));
        executor.runAll();
        events(3, 2 + CAPACITY).forEach(subscriber::live);
        assertTrue(subscriber.finishReplay());
        executor.runAll();
        assertEquals(range("1-" + (2 + CAPACITY)), connection.seqs());
    }

    // ---- order and pacing

    @ParameterizedTest
    @ValueSource(strings = {"2 1", "3 2 1", "2 3 1", "1 3 2", "4 2 1 3", "5 1 4 2 3"})
    void anEventAnnouncedAheadOfItsPredecessorIsHeldUntilThePredecessorArrives(String order) {
        connection.completeAtOnce = true;
        Subscriber subscriber = liveSubscriber(0, CAPACITY);
        Set<Long> announced = new HashSet<>();
        for (String seq : order.split(" ")) {
            announced.add(Long.parseLong(seq));
            subscriber.live(event(Long.parseLong(seq)));
            executor.runAll();
            long run = 0;
            while (announced.contains(run + 1)) {
                run++;
            }
            assertEquals(range("1-" + run), connection.seqs(), "after " + seq + ": exactly the unbroken run from 1");
        }
    }

    @Test
    void theConnectionNeverGetsASecondWriteBeforeTheFirstsDone() {
        Subscriber subscriber = liveSubscriber(0, CAPACITY);
        subscriber.live(event(1));
        subscriber.live(event(2));
        subscriber.reply("{\"ok\":true}");
        executor.runAll();
        for (int written = 1; written <= 3; written++) {
            subscriber.live(event(written + 2)); // each call below tries to start a write
            subscriber.heartbeat();
            executor.runAll();
            assertEquals(written, connection.frames.size(), "one frame per completed write");
            connection.complete();
            executor.runAll();
        }
        assertEquals(0, connection.overlappingWrites.get());
        assertEquals(List.of(frame(1), frame(2), new Frame.Reply("{\"ok\":true}"), frame(3)), connection.frames.subList(0, 4));
    }

    // ---- overflow

    enum Source { LIVE_IN_ORDER, LIVE_HELD_OUT_OF_ORDER, REPLY, REPLAYED }

    @ParameterizedTest(name = "{0}, a write in flight: {1}")
    @CsvSource({
        "LIVE_IN_ORDER, false", "LIVE_IN_ORDER, true",
        "LIVE_HELD_OUT_OF_ORDER, false", "LIVE_HELD_OUT_OF_ORDER, true",
        "REPLY, false", "REPLY, true",
        "REPLAYED, false", "REPLAYED, true",
    })
    void aConnectionThatDoesNotDrainIsEndedTooSlowOnceMoreThanCapacityIsQueued(Source source, boolean writeInFlight) {
        Subscriber subscriber = startWriting(source, writeInFlight);
        fill(subscriber, source, CAPACITY + 1);
        assertTrue(connection.closes.isEmpty(), "the connection is closed on the executor, not the caller's thread");
        executor.runAll();
        assertEndedOnce(subscriber, Ending.TOO_SLOW);
        assertEquals(writeInFlight ? 1 : 0, connection.frames.size(), "nothing of the overflowing queue is written");
    }

    @ParameterizedTest(name = "{0}, a write in flight: {1}")
    @CsvSource({"LIVE_IN_ORDER, true", "LIVE_HELD_OUT_OF_ORDER, true", "REPLY, true", "REPLAYED, true", "REPLAYED, false"})
    void exactlyCapacityQueuedFramesIsNoOverflow(Source source, boolean writeInFlight) {
        Subscriber subscriber = startWriting(source, writeInFlight);
        fill(subscriber, source, CAPACITY);
        executor.runAll();
        completeEveryWrite();
        assertFalse(subscriber.isEnded());
        assertEquals(List.of(), connection.closes);
    }

    private Subscriber startWriting(Source source, boolean writeInFlight) {
        Subscriber subscriber = subscriber(0, CAPACITY);
        if (source != Source.REPLAYED) {
            assertTrue(subscriber.finishReplay());
        }
        if (writeInFlight) {
            subscriber.reply("{\"first\":true}");
            executor.runAll();
            assertEquals(1, connection.inFlight.size());
        }
        return subscriber;
    }

    private static void fill(Subscriber subscriber, Source source, int frames) {
        switch (source) {
            case LIVE_IN_ORDER -> events(1, frames).forEach(subscriber::live);
            case LIVE_HELD_OUT_OF_ORDER -> events(2, frames + 1).forEach(subscriber::live); // 1 never comes
            case REPLY -> LongStream.rangeClosed(1, frames).forEach(i -> subscriber.reply("{\"n\":" + i + "}"));
            case REPLAYED -> subscriber.replayed(events(1, frames));
        }
    }

    // ---- failures and ending

    enum Failure { DONE_WITH_FAILURE_LATER, DONE_WITH_FAILURE_AT_ONCE, WRITE_THROWS }

    @ParameterizedTest
    @EnumSource
    void aFailedWriteEndsTheConnectionClientGone(Failure failure) {
        switch (failure) {
            case DONE_WITH_FAILURE_AT_ONCE -> connection.failAtOnce = new IOException("connection reset");
            case WRITE_THROWS -> connection.refuseWrites = new IllegalStateException("session closed");
            case DONE_WITH_FAILURE_LATER -> { }
        }
        Subscriber subscriber = liveSubscriber(0, CAPACITY);
        subscriber.live(event(1));
        subscriber.live(event(2));
        executor.runAll();
        if (failure == Failure.DONE_WITH_FAILURE_LATER) {
            connection.fail(new IOException("connection reset"));
        }
        subscriber.live(event(3));
        executor.runAll();
        assertEndedOnce(subscriber, Ending.CLIENT_GONE);
        assertEquals(List.of(frame(1)), connection.frames, "nothing is written after the failed write");
    }

    enum State { REPLAYING, IDLE, WRITE_IN_FLIGHT, WRITE_IN_FLIGHT_MORE_QUEUED, FRAMES_QUEUED, OVERFLOW_NOTED, ENDED }

    @ParameterizedTest
    @EnumSource
    void endingFromAnyStateClosesOnceRunsOnEndOnceAndWritesNothingMore(State state) {
        Subscriber subscriber = in(state);
        int writtenBefore = connection.frames.size();
        subscriber.end(Ending.FINISHED);
        subscriber.end(Ending.TOKEN_EXPIRED);
        subscriber.live(event(100));
        subscriber.replayed(events(101, 102));
        subscriber.reset(200);
        subscriber.reply("{}");
        subscriber.heartbeat();
        subscriber.finishReplay();
        subscriber.live(event(201));
        connection.completeAll(); // the write in flight at the end completes after it
        executor.runAll();
        assertEndedOnce(subscriber, state == State.ENDED ? Ending.SERVER_STOPPING : Ending.FINISHED);
        assertEquals(writtenBefore, connection.frames.size(), "nothing is written after the end");
        assertEquals(0, connection.writesAfterClose.get());
    }

    @ParameterizedTest
    @CsvSource({"REPLAYING, true", "IDLE, true", "WRITE_IN_FLIGHT, false", "WRITE_IN_FLIGHT_MORE_QUEUED, false",
        "FRAMES_QUEUED, false", "OVERFLOW_NOTED, false", "ENDED, false"})
    void aHeartbeatIsQueuedOnlyWhenNothingIsQueuedOrInFlight(State state, boolean beats) {
        Subscriber subscriber = in(state);
        subscriber.heartbeat();
        connection.completeAtOnce = true;
        connection.completeAll();
        executor.runAll();
        assertEquals(beats ? 1 : 0, Collections.frequency(connection.frames, Frame.Heartbeat.INSTANCE));
    }

    /** A client that stopped reading (full window, or gone without a FIN) is let go at the second heartbeat tick. */
    @Test
    void aWriteStillInFlightAtTheSecondHeartbeatEndsTheConnectionTooSlow() {
        Subscriber subscriber = liveSubscriber(0, CAPACITY);
        subscriber.live(event(1));
        executor.runAll(); // the write of 1 is in flight and never completes

        subscriber.heartbeat();
        executor.runAll();
        assertTrue(connection.closes.isEmpty(), "one tick is a slow write, not yet a stalled client");
        subscriber.heartbeat();
        executor.runAll();

        assertEndedOnce(subscriber, Ending.TOO_SLOW);
    }

    @Test
    void aWriteThatCompletesBetweenTicksStartsTheCountAgain() {
        Subscriber subscriber = liveSubscriber(0, CAPACITY);
        subscriber.live(event(1));
        executor.runAll();
        subscriber.heartbeat();
        connection.complete(); // 1 done
        executor.runAll();
        subscriber.live(event(2));
        executor.runAll(); // 2 in flight

        subscriber.heartbeat();
        executor.runAll();

        assertTrue(connection.closes.isEmpty(), "each write gets its own two ticks");
    }

    /** A fresh subscriber brought into {@code state}, with the executor run or not as the state says. */
    private Subscriber in(State state) {
        Subscriber subscriber = subscriber(0, CAPACITY);
        if (state == State.REPLAYING) {
            subscriber.live(event(5)); // set aside
            return subscriber;
        }
        assertTrue(subscriber.finishReplay());
        switch (state) {
            case IDLE -> {
                connection.completeAtOnce = true;
                subscriber.live(event(1));
                executor.runAll();
                connection.completeAtOnce = false;
            }
            case WRITE_IN_FLIGHT -> {
                subscriber.live(event(1));
                executor.runAll(); // 1 in flight, nothing queued
            }
            case WRITE_IN_FLIGHT_MORE_QUEUED -> {
                events(1, 2).forEach(subscriber::live);
                executor.runAll(); // 1 in flight, 2 queued
            }
            case FRAMES_QUEUED -> events(1, 2).forEach(subscriber::live); // a drain is due but has not run
            case OVERFLOW_NOTED -> events(1, CAPACITY + 1).forEach(subscriber::live); // not acted on yet
            case ENDED -> {
                subscriber.end(Ending.SERVER_STOPPING);
                executor.runAll();
            }
            default -> throw new AssertionError(state);
        }
        return subscriber;
    }

    @Test
    void concurrentEndsDuringADrainCloseOnceRunOnEndOnceAndNothingIsWrittenAfterTheClose() throws Exception {
        for (int round = 0; round < 2000; round++) {
            FakeConnection conn = new FakeConnection();
            conn.completeAtOnce = true; // the drain loops through the queue on one thread
            AtomicInteger ends = new AtomicInteger();
            Subscriber subscriber = new Subscriber("ada", null, 0, conn, 500, Runnable::run, s -> ends.incrementAndGet(), sent -> { });
            List<Task> tasks = new ArrayList<>(List.of(() -> subscriber.replayed(events(1, 500))));
            for (Ending reason : Ending.values()) { // each closes on its own thread, as a pooled executor may
                tasks.add(() -> subscriber.end(reason));
            }
            together(tasks);
            assertEquals(1, conn.closes.size(), "round " + round);
            assertEquals(1, ends.get(), "round " + round);
            assertEquals(0, conn.writesAfterClose.get(), "round " + round + ": written after the close");
        }
    }

    // ---- reset and drained

    @Test
    void resetWritesAResetFrameAndMovesTheCursorToItsSeq() {
        connection.completeAtOnce = true;
        Subscriber subscriber = subscriber(3, CAPACITY);
        subscriber.live(event(40)); // announced while the hub found the cursor too old
        subscriber.live(event(51));
        subscriber.reset(50);
        assertEquals(50, subscriber.cursor());
        assertTrue(subscriber.finishReplay());
        subscriber.live(event(50));
        subscriber.live(event(52));
        executor.runAll();
        assertEquals(List.of(new Frame.Reset(50), frame(51), frame(52)), connection.frames);
    }

    @ParameterizedTest(name = "writes complete at once: {0}")
    @ValueSource(booleans = {true, false})
    void drainedIsCalledOnceTheQueueEmptiesAfterTheLastWrite(boolean writesCompleteAtOnce) {
        connection.completeAtOnce = writesCompleteAtOnce;
        Subscriber subscriber = liveSubscriber(0, CAPACITY);
        events(1, 3).forEach(subscriber::live);
        executor.runAll();
        while (!connection.inFlight.isEmpty()) {
            assertEquals(List.of(), connection.drainedAt, "not drained while a write is in flight");
            connection.complete();
            executor.runAll();
        }
        assertEquals(List.of(3), connection.drainedAt, "drained once, after the third frame was written");
    }

    // ---- concurrency

    @ParameterizedTest(name = "replaying first: {0}")
    @ValueSource(booleans = {false, true})
    void concurrentLiveCallsWithShuffledSeqsAreEachWrittenOnceInOrder(boolean replayingFirst) throws Exception {
        int n = 5_000;
        int publishers = 4;
        List<Long> shuffled = new ArrayList<>(range("1-" + n));
        Collections.shuffle(shuffled, new Random(42));
        ExecutorService hub = Executors.newFixedThreadPool(2);
        try {
            Subscriber subscriber = new Subscriber("ada", null, 0, connection, n, hub, s -> onEndCalls.incrementAndGet(), sent -> { });
            List<Task> tasks = new ArrayList<>();
            if (replayingFirst) { // the log holds the first half, read in pages while everything is announced
                tasks.add(() -> {
                    for (long from = 0; from < n / 2; from += 100) {
                        subscriber.replayed(events(from + 1, Math.min(from + 100, n / 2)));
                    }
                    assertTrue(subscriber.finishReplay());
                });
            } else {
                assertTrue(subscriber.finishReplay());
            }
            for (int t = 0; t < publishers; t++) {
                int first = t;
                tasks.add(() -> {
                    for (int i = first; i < n; i += publishers) {
                        subscriber.live(event(shuffled.get(i)));
                    }
                });
            }
            tasks.add(() -> { // the writer: completes each write from its own thread
                for (int i = 1; i <= n; i++) {
                    Consumer<Throwable> done = connection.inFlight.poll(10, TimeUnit.SECONDS);
                    assertNotNull(done, "write " + i + " never started");
                    done.accept(null);
                }
            });
            together(tasks);
            assertEquals(range("1-" + n), connection.seqs());
            assertEquals(0, connection.overlappingWrites.get());
            assertEquals(List.of(), connection.closes);
        } finally {
            hub.shutdownNow();
        }
    }

    // ---- helpers

    /** Completes writes, running the executor after each, until none is in flight. */
    private void completeEveryWrite() {
        while (!connection.inFlight.isEmpty()) {
            connection.complete();
            executor.runAll();
        }
    }

    private void assertEndedOnce(Subscriber subscriber, Ending reason) {
        assertEquals(List.of(reason), connection.closes, "closed once, for " + reason);
        assertEquals(1, onEndCalls.get(), "onEnd runs once");
        assertTrue(subscriber.isEnded());
    }

    @Test
    void connectionsBeatOncePerIntervalSpreadOverItsSeconds() {
        int connections = 3_000;
        int interval = 15;
        List<Subscriber> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            all.add(subscriber(0, CAPACITY));
        }
        int[] beats = new int[connections];
        int busiestTick = 0;
        for (long tick = 100; tick < 100 + interval; tick++) {
            int now = 0;
            for (int i = 0; i < connections; i++) {
                if (all.get(i).heartbeatDue(tick, interval)) {
                    beats[i]++;
                    now++;
                }
            }
            busiestTick = Math.max(busiestTick, now);
        }
        for (int i = 0; i < connections; i++) {
            assertEquals(1, beats[i], "connection " + i + " beats once in every " + interval + " ticks");
        }
        assertTrue(busiestTick < 2 * connections / interval,
                "at most about a fifteenth of the connections beat in one second, not all at once: " + busiestTick);
        assertTrue(all.stream().allMatch(s -> s.heartbeatDue(7, 1)), "with an interval of one second every connection beats every second");
    }

    // ---- a long replay waits for room on a signal, not by polling

    @Test
    void aWaiterForRoomRunsOnceTheWritesHaveMadeItAndNotBefore() {
        Subscriber subscriber = subscriber(0, CAPACITY);
        subscriber.replayed(events(1, CAPACITY)); // full; the first write is in flight and not completed
        AtomicInteger ran = new AtomicInteger();
        subscriber.whenRoomFor(2, ran::incrementAndGet);
        executor.runAll();
        assertEquals(0, ran.get(), "one frame taken for writing leaves room for one, not two");
        connection.completeAll();
        executor.runAll();
        assertEquals(1, ran.get(), "the writes made room for two: the waiter ran");
        connection.completeAll();
        executor.runAll();
        assertEquals(1, ran.get(), "once");
        subscriber.whenRoomFor(2, ran::incrementAndGet);
        assertEquals(2, ran.get(), "with room already there it runs at once");
    }

    @Test
    void aWaiterForRoomOfAConnectionThatEndsNeverRuns() {
        Subscriber subscriber = subscriber(0, CAPACITY);
        subscriber.replayed(events(1, CAPACITY));
        AtomicInteger ran = new AtomicInteger();
        subscriber.whenRoomFor(CAPACITY, ran::incrementAndGet);
        subscriber.end(Ending.CLIENT_GONE);
        connection.completeAll();
        executor.runAll();
        assertEquals(0, ran.get());
        subscriber.whenRoomFor(1, ran::incrementAndGet);
        assertEquals(0, ran.get(), "nor does one asked for after the end");
    }

    // ---- what the metrics and the connection log are told

    @Test
    void everyEventHandedToTheConnectionIsReportedWithWhenItsWriteWasAccepted() {
        connection.completeAtOnce = true;
        List<Frame.Event> sent = new ArrayList<>();
        Subscriber subscriber = new Subscriber("ada", null, 0, connection, CAPACITY, executor, s -> onEndCalls.incrementAndGet(),
                sent::add);
        subscriber.replayed(List.of(event(1)));
        assertTrue(subscriber.finishReplay());
        subscriber.live(new CommittedEvent("ada", 2, "like", 1, "{\"seq\":2}", 12345));
        subscriber.heartbeat();
        executor.runAll();
        assertEquals(List.of(1L, 2L), sent.stream().map(Frame.Event::seq).toList(), "events only, not heartbeats");
        assertEquals(List.of(0L, 12345L), sent.stream().map(e -> e.committed().acceptedNanos()).toList(),
                "a replayed event has no acceptance time; a live one carries its write's");
        assertEquals(2, subscriber.eventsSent());
        assertEquals(null, subscriber.endedFor(), "still open");
        subscriber.end(Ending.TOKEN_EXPIRED);
        assertEquals(Ending.TOKEN_EXPIRED, subscriber.endedFor());
        subscriber.end(Ending.CLIENT_GONE);
        assertEquals(Ending.TOKEN_EXPIRED, subscriber.endedFor(), "the first reason is the one");
    }

    private Subscriber subscriber(long cursor, int capacity) {
        return new Subscriber("ada", null, cursor, connection, capacity, executor, s -> onEndCalls.incrementAndGet(), sent -> { });
    }

    /** A subscriber past its (empty) replay: live events go straight to its queue. */
    private Subscriber liveSubscriber(long cursor, int capacity) {
        Subscriber subscriber = subscriber(cursor, capacity);
        assertTrue(subscriber.finishReplay());
        return subscriber;
    }

    static CommittedEvent event(long seq) {
        return new CommittedEvent("ada", seq, "like", 1, "{\"seq\":" + seq + "}");
    }

    static Frame frame(long seq) {
        return new Frame.Event(event(seq));
    }

    static List<CommittedEvent> events(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(SubscriberTest::event).toList();
    }

    /** "3-5" is 3, 4, 5; "7" is 7. */
    static List<Long> range(String text) {
        String[] bounds = text.split("-");
        return LongStream.rangeClosed(Long.parseLong(bounds[0]), Long.parseLong(bounds[bounds.length - 1])).boxed().toList();
    }

    /** Runs steps like "r1-3 l5 l4": r replays those seqs from the log, l announces them live. Returns the replayed seqs. */
    static List<Long> play(Subscriber subscriber, String steps) {
        List<Long> replayed = new ArrayList<>();
        for (String step : steps == null ? new String[0] : steps.trim().split("\\s+")) {
            List<Long> seqs = range(step.substring(1));
            switch (step.charAt(0)) {
                case 'r' -> {
                    subscriber.replayed(seqs.stream().map(SubscriberTest::event).toList());
                    replayed.addAll(seqs);
                }
                case 'l' -> seqs.forEach(seq -> subscriber.live(event(seq)));
                default -> throw new IllegalArgumentException(step);
            }
        }
        return replayed;
    }

    interface Task {
        void run() throws Exception;
    }

    /** Runs each task on a thread of its own, all released at once; fails if one fails or all take over 30 s. */
    static void together(List<Task> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (Task task : tasks) {
                running.add(threads.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : running) {
                each.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
