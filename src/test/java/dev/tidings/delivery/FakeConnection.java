package dev.tidings.delivery;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link Connection} for tests: records every call, and holds each write in flight until the
 * test completes or fails it (or completes/fails it at once, when told to). Safe from any thread.
 */
final class FakeConnection implements Connection {

    @Override
    public Transport transport() {
        return Transport.WEBSOCKET;
    }

    final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
    final List<Ending> closes = new CopyOnWriteArrayList<>();
    final List<Integer> drainedAt = new CopyOnWriteArrayList<>(); // frames written when drained() was called
    final BlockingQueue<Consumer<Throwable>> inFlight = new LinkedBlockingQueue<>();
    final AtomicInteger overlappingWrites = new AtomicInteger();
    final AtomicInteger writesAfterClose = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    volatile boolean completeAtOnce;
    volatile Throwable failAtOnce;
    volatile RuntimeException refuseWrites;

    @Override
    public void write(Frame frame, Consumer<Throwable> done) {
        if (!writing.compareAndSet(false, true)) {
            overlappingWrites.incrementAndGet();
        }
        if (!closes.isEmpty()) {
            writesAfterClose.incrementAndGet();
        }
        frames.add(frame);
        if (refuseWrites != null) {
            writing.set(false);
            throw refuseWrites;
        }
        Consumer<Throwable> finish = failure -> {
            writing.set(false);
            done.accept(failure);
        };
        if (failAtOnce != null) {
            finish.accept(failAtOnce);
        } else if (completeAtOnce) {
            finish.accept(null);
        } else {
            inFlight.add(finish);
        }
    }

    void complete() {
        fail(null);
    }

    /** Completes writes until none is in flight (a completion may start the next write). */
    void completeAll() {
        while (!inFlight.isEmpty()) {
            complete();
        }
    }

    /** Completes the write in flight with {@code failure}. */
    void fail(Throwable failure) {
        Consumer<Throwable> done = inFlight.poll();
        assertNotNull(done, "no write in flight");
        done.accept(failure);
    }

    @Override
    public void close(Ending reason) {
        closes.add(reason);
    }

    @Override
    public void drained() {
        drainedAt.add(frames.size());
    }

    List<Long> seqs() {
        return frames.stream().filter(Frame.Event.class::isInstance).map(f -> ((Frame.Event) f).seq()).toList();
    }
}
