package dev.tidings.inbox;

import dev.tidings.config.Limits;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Group commit: concurrent writes (publish calls, likes, read marks) share transactions. A write
 * is queued with the inboxes it locks and answered by a stage that completes only after its rows
 * are committed. One writer at a time takes whatever is queued, up to
 * {@code tidings.write.max-batch-calls} calls and about {@code tidings.write.max-batch-rows} rows,
 * makes sure those inboxes exist, and runs the writes in one transaction ({@link WriteTransaction}).
 * Under light load a batch is one write and nothing waits; under load batches grow and one commit
 * serves many calls. If the shared transaction fails, each of its writes is run again alone, so a
 * write's failure is only its own. Events the writes fire are announced after the commit, as
 * with any transaction. No caller's thread waits: the writer runs on the managed executor.
 */
@ApplicationScoped
public class GroupCommit {

    @Inject
    Limits limits;

    @Inject
    InboxCreator inboxCreator;

    @Inject
    WriteTransaction transaction;

    @Resource
    ManagedExecutorService managedExecutor;

    private final Queue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();

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
     * @throws WritesBackedUpException when too many writes wait already
     */
    public <R> CompletionStage<R> submit(Collection<String> inboxes, int rows, Supplier<R> write) {
        if (queued.incrementAndGet() > limits.writeMaxQueuedCalls()) {
            queued.decrementAndGet();
            throw new WritesBackedUpException(limits.writeMaxQueuedCalls(), limits.refusalRetryAfterSeconds());
        }
        Pending<R> pending = new Pending<>(new TreeSet<>(inboxes), Math.max(1, rows), write, new CompletableFuture<>());
        queue.add(pending);
        if (writing.compareAndSet(false, true)) {
            try {
                executor().execute(this::writeAll);
            } catch (RejectedExecutionException stopping) {
                writeAll(); // the server is stopping: write on the caller's thread rather than leave it waiting
            }
        }
        return pending.result();
    }

    /** Where the writer runs: the server's managed executor. */
    Executor executor() {
        return managedExecutor;
    }

    /** The writer: batch after batch until the queue is empty (then the next submit starts it again). */
    private void writeAll() {
        while (true) {
            List<Pending<?>> batch = take();
            if (batch.isEmpty()) {
                writing.set(false);
                if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
                    return; // a write queued after the check started a writer of its own, or will
                }
                continue;
            }
            write(batch);
        }
    }

    /** The next batch: at least one write, more while they fit the bounds. */
    private List<Pending<?>> take() {
        List<Pending<?>> batch = new ArrayList<>();
        int rows = 0;
        for (Pending<?> next = queue.peek(); next != null; next = queue.peek()) {
            if (!batch.isEmpty() && (batch.size() >= limits.writeMaxBatchCalls() || rows + next.rows() > limits.writeMaxBatchRows())) {
                break;
            }
            batch.add(queue.poll());
            rows += next.rows();
        }
        queued.addAndGet(-batch.size());
        return batch;
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
}
