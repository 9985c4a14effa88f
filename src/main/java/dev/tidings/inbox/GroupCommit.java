package dev.tidings.inbox;

import dev.tidings.config.Limits;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: concurrent writes (publish calls, likes, read marks) share transactions. A write
 * is queued with the inboxes it locks and answered by a stage that completes only after its rows
 * are committed. A writer thread takes whatever is queued, up to
 * {@code tidings.write.max-batch-calls} calls and {@code tidings.write.max-batch-rows} rows, makes
 * sure those inboxes exist, and runs the writes in one transaction ({@link WriteTransaction}).
 * Under light load a batch is one write and nothing waits; under load batches grow and one commit
 * serves many calls. More writers ({@code tidings.write.writers}) join in only while more than a
 * full batch waits. If the shared transaction
 * fails, each of its writes is run again alone, so a write's failure is only its own. Events the
 * writes fire are announced after the commit, as with any transaction. No caller's thread
 * waits; the writers are the only threads that touch the database for writes.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** How often a batch is tried when its inboxes keep being erased under it. */
    static final int VANISHED_ATTEMPTS = 3;
    @Inject
    Limits limits;

    @Inject
    InboxCreator inboxCreator;

    @Inject
    WriteTransaction transaction;

    @Inject
    WriteMetrics metrics;

    @Resource
    ManagedThreadFactory managedThreads;

    /** Guards the queue and the counts below; writers wait on {@link #work}. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Pending<?>> queue = new ArrayDeque<>();
    private int queuedRows;
    /** Writers in the middle of a batch. */
    private int busy;
    private final List<Thread> writers = new ArrayList<>();
    private boolean started;
    private volatile boolean stopping;

    /** When the write running on this thread was accepted ({@link #acceptedNanos()}). */
    private static final ThreadLocal<long[]> ACCEPTED = ThreadLocal.withInitial(() -> new long[1]);

    /** A write waiting for its commit; {@code acceptedNanos} is when it was queued. */
    private record Pending<R>(SortedSet<String> inboxes, int rows, Supplier<R> write, CompletableFuture<R> result,
                              long acceptedNanos) {

        /** The write, telling the events it makes when it was accepted. */
        Supplier<R> timedWrite() {
            return () -> {
                long[] accepted = ACCEPTED.get();
                accepted[0] = acceptedNanos;
                try {
                    return write.get();
                } finally {
                    accepted[0] = 0;
                }
            };
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((R) value);
        }
    }

    /**
     * Queues {@code write}, which will run inside a shared transaction holding the locks of
     * {@code inboxes} (each created first if absent); it may run twice (the second time alone, if
     * its batch failed), so it must have no effect outside that transaction.
     *
     * @param rows about how many rows it writes, for the batch bound
     * @return its result once committed, or its failure
     * @throws WritesBackedUpException when too many writes wait already, or the server is stopping
     */
    public <R> CompletionStage<R> submit(Collection<String> inboxes, int rows, Supplier<R> write) {
        Pending<R> pending = new Pending<>(new TreeSet<>(inboxes), Math.max(1, rows), write, new CompletableFuture<>(),
                System.nanoTime());
        lock.lock();
        try {
            if (!started) {
                started = true;
                startWriters(limits.writers());
            }
            if (stopping) {
                throw WritesBackedUpException.stopping(limits.refusalRetryAfterSeconds());
            }
            if (queue.size() >= limits.writeMaxQueuedCalls()) {
                throw new WritesBackedUpException(limits.writeMaxQueuedCalls(), limits.refusalRetryAfterSeconds());
            }
            queue.add(pending);
            queuedRows += pending.rows();
            work.signal();
        } finally {
            lock.unlock();
        }
        return pending.result();
    }

    /**
     * When the write running on this thread was accepted ({@link System#nanoTime()}), for the
     * events it makes: the metrics measure from there to each send. Now, for a write made
     * outside a group commit.
     */
    public static long acceptedNanos() {
        long accepted = ACCEPTED.get()[0];
        return accepted != 0 ? accepted : System.nanoTime();
    }

    /** Writes waiting for a writer, now. */
    int queuedCalls() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Starts {@code count} writer threads (the test may start none and write by hand). */
    void startWriters(int count) {
        for (int i = 0; i < count; i++) {
            Thread writer = threads().newThread(this::writeUntilStopped);
            writer.setName("tidings-writer-" + i);
            writers.add(writer);
            writer.start();
        }
    }

    /**
     * The failure a stage from {@link #submit} completed with, unwrapped: a stage that depends on
     * it sees the write's own exception wrapped in a {@link CompletionException}.
     */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** Where writers come from: the server's managed thread factory (application context, transactions). */
    ThreadFactory threads() {
        return managedThreads;
    }

    private void writeUntilStopped() {
        while (true) {
            List<Pending<?>> batch;
            try {
                batch = take(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                return; // stopping, and nothing left to write
            }
            if (!batch.isEmpty()) {
                try {
                    write(batch);
                } finally {
                    done();
                }
            }
        }
    }

    /**
     * The next batch: the oldest write and the ones after it while they fit the bounds; empty if
     * there was none to take within {@code waitMillis}; null once stopping with nothing left.
     * One writer takes whatever is queued; another joins in only when more than a full batch
     * waits. So small writes gather into few commits (one commit, one chunk written on H2),
     * while large ones are written side by side.
     */
    private List<Pending<?>> take(long waitMillis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (queue.isEmpty() || (busy > 0 && !aFullBatchWaits())) {
                if (stopping && queue.isEmpty()) {
                    return null;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                work.awaitNanos(left);
            }
            List<Pending<?>> batch = new ArrayList<>();
            int rows = 0;
            for (Pending<?> next = queue.peek(); next != null && batch.size() < limits.writeMaxBatchCalls()
                    && (batch.isEmpty() || rows + next.rows() <= limits.writeMaxBatchRows()); next = queue.peek()) {
                batch.add(queue.poll());
                rows += next.rows();
            }
            queuedRows -= rows;
            busy++;
            if (aFullBatchWaits()) {
                work.signal(); // more than this writer can take: another may join in
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private boolean aFullBatchWaits() {
        return queuedRows >= limits.writeMaxBatchRows() || queue.size() >= limits.writeMaxBatchCalls();
    }

    /** A writer has finished its batch: the next one may go to any writer. */
    private void done() {
        lock.lock();
        try {
            busy--;
            if (!queue.isEmpty()) {
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes what is queued, one batch after another, until the queue is empty: what the writer
     * threads do. Returns whether there was anything. For tests that start no writer.
     */
    boolean writeQueued() {
        boolean any = false;
        try {
            for (List<Pending<?>> batch = take(0); batch != null && !batch.isEmpty(); batch = take(0)) {
                any = true;
                try {
                    write(batch);
                } finally {
                    done();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return any;
    }

    private void write(List<Pending<?>> batch) {
        SortedSet<String> inboxes = new TreeSet<>();
        batch.forEach(p -> inboxes.addAll(p.inboxes()));
        try {
            List<Object> results = runWithInboxes(inboxes, batch.stream().<Supplier<?>>map(Pending::timedWrite).toList(),
                    batch.stream().mapToInt(Pending::rows).sum());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(results.get(i));
            }
        } catch (RuntimeException | Error failed) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(failed);
            } else {
                batch.forEach(this::writeAlone);
            }
        }
    }

    private void writeAlone(Pending<?> pending) {
        try {
            pending.complete(runWithInboxes(pending.inboxes(), List.of(pending.timedWrite()), pending.rows()).get(0));
        } catch (RuntimeException | Error failed) {
            pending.result().completeExceptionally(failed);
        }
    }

    /**
     * Makes sure the inboxes exist, then runs the writes in one transaction. An inbox erased
     * between the two ({@link InboxesVanishedException}) is made again and the transaction run
     * once more, up to {@value #VANISHED_ATTEMPTS} times: a write to a user being erased lands in
     * a fresh inbox after the erasure, never fails for it. A committed transaction is measured
     * ({@link WriteMetrics}): {@code rows} is about how many rows its writes make.
     */
    private List<Object> runWithInboxes(SortedSet<String> inboxes, List<? extends Supplier<?>> writes, int rows) {
        for (int attempt = 1; ; attempt++) {
            inboxCreator.ensureExist(inboxes);
            try {
                long started = System.nanoTime();
                List<Object> results = transaction.run(inboxes, writes);
                metrics.committed(writes.size(), rows, System.nanoTime() - started);
                return results;
            } catch (InboxesVanishedException erased) {
                if (attempt >= VANISHED_ATTEMPTS) {
                    throw erased;
                }
            }
        }
    }

    /**
     * The application stops: new writes are refused; the writers finish what is queued (at most
     * {@code tidings.write.stop-wait-seconds}; never interrupted in the middle of a transaction), and whatever is left is failed as
     * "the server is stopping", never silently dropped.
     */
    @PreDestroy
    void stop() {
        lock.lock();
        try {
            stopping = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(limits.writeStopWaitSeconds());
        synchronized (writers) {
            for (Thread writer : writers) {
                try {
                    writer.join(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        List<Pending<?>> left = new ArrayList<>();
        lock.lock();
        try {
            left.addAll(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        if (!left.isEmpty()) {
            LOG.log(Level.WARNING, "{0} writes were still queued when the application stopped; they were refused", left.size());
            left.forEach(p -> p.result().completeExceptionally(WritesBackedUpException.stopping(limits.refusalRetryAfterSeconds())));
        }
    }
}
