package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.config.Limits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Group commit's batching, bounds and failure isolation, with the transaction and the executor faked. */
class GroupCommitTest {

    /** The writer's executor, run when the test chooses. */
    private final Deque<Runnable> tasks = new ArrayDeque<>();
    /** Each transaction: the inboxes it locked and how many writes it ran. */
    private final List<String> transactions = new ArrayList<>();
    private final List<Collection<String>> created = new ArrayList<>();
    private boolean commitFails;

    private GroupCommit commits(int maxCalls, int maxRows, int maxQueued) {
        GroupCommit commits = new GroupCommit() {
            @Override
            Executor executor() {
                return tasks::add;
            }
        };
        commits.limits = new Limits() {
            @Override
            public int writeMaxBatchCalls() {
                return maxCalls;
            }

            @Override
            public int writeMaxBatchRows() {
                return maxRows;
            }

            @Override
            public int writeMaxQueuedCalls() {
                return maxQueued;
            }

            @Override
            public long refusalRetryAfterSeconds() {
                return 5;
            }
        };
        commits.inboxCreator = new InboxCreator() {
            @Override
            public void ensureExist(Collection<String> userIds) {
                created.add(List.copyOf(userIds));
            }
        };
        commits.transaction = new WriteTransaction() {
            @Override
            public List<Object> run(Collection<String> sortedUserIds, List<? extends Supplier<?>> writes) {
                List<Object> results = new ArrayList<>();
                for (Supplier<?> write : writes) {
                    results.add(write.get()); // a write that throws fails the transaction, as a rollback does
                }
                if (commitFails && writes.size() > 1) {
                    throw new IllegalStateException("commit failed");
                }
                transactions.add(String.join(",", sortedUserIds) + " x" + writes.size());
                return results;
            }
        };
        return commits;
    }

    private void runWriter() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void writesQueuedWhileNoWriterRanShareOneTransactionAndAreAnsweredOnlyAfterIt() throws Exception {
        GroupCommit commits = commits(64, 2000, 100);
        CompletableFuture<String> a = commits.submit(List.of("bo"), 2, () -> "a").toCompletableFuture();
        CompletableFuture<String> b = commits.submit(List.of("al", "cy"), 4, () -> "b").toCompletableFuture();
        CompletableFuture<String> c = commits.submit(List.of("bo"), 2, () -> "c").toCompletableFuture();
        assertFalse(a.isDone() || b.isDone() || c.isDone(), "nothing answered before the commit");
        assertEquals(1, tasks.size(), "one writer for the three");

        runWriter();

        assertEquals(List.of("al,bo,cy x3"), transactions, "one transaction, its inboxes locked in sorted order");
        assertEquals(List.of(List.of("al", "bo", "cy")), created, "the batch's inboxes made sure of once");
        assertEquals(List.of("a", "b", "c"), List.of(a.get(), b.get(), c.get()));
    }

    @Test
    void aBatchStopsAtTheCallAndRowBounds() {
        GroupCommit commits = commits(2, 10, 100);
        for (int i = 0; i < 5; i++) {
            commits.submit(List.of("u" + i), 2, () -> "ok");
        }
        commits.submit(List.of("big"), 50, () -> "big"); // larger than a batch: written alone
        commits.submit(List.of("after"), 2, () -> "ok");

        runWriter();

        assertEquals(List.of("u0,u1 x2", "u2,u3 x2", "u4 x1", "big x1", "after x1"), transactions);
    }

    @Test
    void aWriteThatFailsFailsAloneTheOthersAreWrittenWithoutIt() throws Exception {
        GroupCommit commits = commits(64, 2000, 100);
        IllegalArgumentException refused = new IllegalArgumentException("no such notification");
        CompletableFuture<String> a = commits.submit(List.of("al"), 2, () -> "a").toCompletableFuture();
        CompletableFuture<String> bad = commits.<String>submit(List.of("bo"), 2, () -> {
            throw refused;
        }).toCompletableFuture();
        CompletableFuture<String> c = commits.submit(List.of("cy"), 2, () -> "c").toCompletableFuture();

        runWriter();

        assertEquals(List.of("al x1", "cy x1"), transactions, "the batch failed; each write again, alone");
        assertEquals("a", a.get());
        assertEquals("c", c.get());
        ExecutionException failure = assertThrows(ExecutionException.class, bad::get);
        assertSame(refused, failure.getCause());
    }

    @Test
    void aFailedCommitIsRetriedWriteByWrite() throws Exception {
        GroupCommit commits = commits(64, 2000, 100);
        commitFails = true;
        CompletableFuture<String> a = commits.submit(List.of("al"), 2, () -> "a").toCompletableFuture();
        CompletableFuture<String> b = commits.submit(List.of("bo"), 2, () -> "b").toCompletableFuture();

        runWriter();

        assertEquals(List.of("al x1", "bo x1"), transactions);
        assertEquals(List.of("a", "b"), List.of(a.get(), b.get()));
    }

    @Test
    void beyondTheQueueBoundAWriteIsRefusedForNowAndNothingIsQueued() {
        GroupCommit commits = commits(64, 2000, 2);
        commits.submit(List.of("al"), 2, () -> "a");
        commits.submit(List.of("bo"), 2, () -> "b");

        WritesBackedUpException refused = assertThrows(WritesBackedUpException.class,
                () -> commits.submit(List.of("cy"), 2, () -> "c"));

        assertEquals(5, refused.retryAfterSeconds());
        runWriter();
        assertEquals(List.of("al,bo x2"), transactions);
        commits.submit(List.of("cy"), 2, () -> "c"); // room again once the queue was written
        runWriter();
        assertEquals(List.of("al,bo x2", "cy x1"), transactions);
    }

    @Test
    void aWriteQueuedWhileTheWriterRunsIsWrittenByTheSameWriterOrANewOne() throws Exception {
        GroupCommit commits = commits(1, 2000, 100);
        List<CompletableFuture<String>> later = new ArrayList<>();
        commits.submit(List.of("al"), 2, () -> {
            later.add(commits.submit(List.of("bo"), 2, () -> "b").toCompletableFuture()); // arrives mid-batch
            return "a";
        });

        runWriter();

        assertTrue(later.get(0).isDone(), "not left behind in the queue");
        assertEquals("b", later.get(0).get());
        assertEquals(List.of("al x1", "bo x1"), transactions);
    }
}
