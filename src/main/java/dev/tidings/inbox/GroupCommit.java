package dev.tidings.inbox;

import dev.tidings.config.Limits;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit: concurrent writes (publish calls, likes, read marks) share transactions. A write
 * is queued with the inboxes it locks and answered by a stage that completes only after its rows
 * are committed. A few writer threads ({@code tidings.write.writers}) each take whatever is
 * queued, up to {@code tidings.write.max-batch-calls} calls and about
 * {@code tidings.write.max-batch-rows} rows, make sure those inboxes exist, and run the writes in
 * one transaction ({@link WriteTransaction}). Under light load a batch is one write and nothing
 * waits; under load batches grow and one commit serves many calls. If the shared transaction
 * fails, each of its writes is run again alone, so a write's failure is only its own. Events the
 * writes fire are announced after the commit, as with any transaction. No caller's thread
 * waits; the writers are the only threads that touch the database for writes.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** How long {@link #stop()} lets the writers finish what is queued. */
    private static final long STOP_MILLIS = 10_000;

    @Inject
    Limits limits;

    @Inject
    InboxCreator inboxCreator;

    @Inject
    WriteTransaction transaction;

    @Resource
    ManagedThreadFactory managedThreads;

    private volatile BlockingQueue<Pending<?>> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean stopping;

    /** A write waiting for its commit. */
    private record Pending<R>(SortedSet<String> inboxes, int rows, Supplier<R> write, CompletableFuture<R> result) {

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
        BlockingQueue<Pending<?>> waiting = queue();
        if (stopping) {
            throw WritesBackedUpException.stopping(limits.refusalRetryAfterSeconds());
        }
        Pending<R> pending = new Pending<>(new TreeSet<>(inboxes), Math.max(1, rows), write, new CompletableFuture<>());
        if (!waiting.offer(pending)) {
            throw new WritesBackedUpException(limits.writeMaxQueuedCalls(), limits.refusalRetryAfterSeconds());
        }
        return pending.result();
    }

    /** The queue, and the writers that empty it, made on first use. */
    private BlockingQueue<Pending<?>> queue() {
        BlockingQueue<Pending<?>> q = queue;
        if (q != null) {
            return q;
        }
        synchronized (writers) {
            if (queue == null) {
                queue = new LinkedBlockingQueue<>(limits.writeMaxQueuedCalls());
                startWriters(limits.writers());
            }
            return queue;
        }
    }

    /** Starts {@code count} writer threads (the test starts none and writes by hand). */
    void startWriters(int count) {
        for (int i = 0; i < count; i++) {
            Thread writer = threads().newThread(this::writeUntilStopped);
            writer.setName("tidings-writer-" + i);
            writers.add(writer);
            writer.start();
        }
    }

    /** Where writers come from: the server's managed thread factory (application context, transactions). */
    ThreadFactory threads() {
        return managedThreads;
    }

    private void writeUntilStopped() {
        while (true) {
            Pending<?> first;
            try {
                first = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first != null) {
                writeFrom(first);
            } else if (stopping) {
                return; // stopping, and nothing left to write
            }
        }
    }

    /**
     * Writes what is queued, one batch after another, until the queue is empty: what a writer
     * thread does with each write it takes. Returns whether there was anything. For tests.
     */
    boolean writeQueued() {
        Pending<?> first = queue().poll();
        if (first == null) {
            return false;
        }
        writeFrom(first);
        return true;
    }

    /** Writes {@code first} and what else fits beside it; a write that does not fit starts the next batch. */
    private void writeFrom(Pending<?> first) {
        for (Pending<?> next = first; next != null; ) {
            List<Pending<?>> batch = new ArrayList<>();
            batch.add(next);
            int rows = next.rows();
            next = null;
            for (Pending<?> more; batch.size() < limits.writeMaxBatchCalls() && (more = queue.poll()) != null; ) {
                if (rows + more.rows() > limits.writeMaxBatchRows()) {
                    next = more;
                    break;
                }
                batch.add(more);
                rows += more.rows();
            }
            write(batch);
        }
    }

    private void write(List<Pending<?>> batch) {
        SortedSet<String> inboxes = new TreeSet<>();
        batch.forEach(p -> inboxes.addAll(p.inboxes()));
        try {
            inboxCreator.ensureExist(inboxes);
            List<Object> results = transaction.run(inboxes, batch.stream().map(Pending::write).toList());
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
            inboxCreator.ensureExist(pending.inboxes());
            pending.complete(transaction.run(pending.inboxes(), List.of(pending.write())).get(0));
        } catch (RuntimeException | Error failed) {
            pending.result().completeExceptionally(failed);
        }
    }

    /**
     * The application stops: new writes are refused; the writers finish what is queued (at most
     * 10 s; never interrupted in the middle of a transaction), and whatever is left is failed as
     * "the server is stopping", never silently dropped.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        long deadline = System.currentTimeMillis() + STOP_MILLIS;
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
        BlockingQueue<Pending<?>> q = queue;
        if (q != null && !q.isEmpty()) {
            List<Pending<?>> left = new ArrayList<>();
            q.drainTo(left);
            LOG.log(Level.WARNING, "{0} writes were still queued when the application stopped; they were refused", left.size());
            left.forEach(p -> p.result().completeExceptionally(WritesBackedUpException.stopping(limits.refusalRetryAfterSeconds())));
        }
    }
}
