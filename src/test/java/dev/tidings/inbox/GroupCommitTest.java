package dev.tidings.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.config.Limits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Group commit's batching, bounds and failure isolation, with the transaction and the executor faked. */
class GroupCommitTest {

    /** Each transaction: the inboxes it locked and how many writes it ran. */
    private final List<String> transactions = Collections.synchronizedList(new ArrayList<>());
    private final List<Collection<String>> created = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean commitFails;
    /** Transactions still to fail as if an inbox had been erased between its creation and its lock. */
    private final AtomicInteger vanishing = new AtomicInteger();
    private volatile long commitMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    /** Group commit with no writer threads: the test writes what is queued when it chooses. */
    private GroupCommit commits(int maxCalls, int maxRows, int maxQueued) {
        return commits(maxCalls, maxRows, maxQueued, 0);
    }

    private GroupCommit commits(int maxCalls, int maxRows, int maxQueued, int writers) {
        GroupCommit commits = new GroupCommit() {
            @Override
            void startWriters(int count) {
                super.startWriters(writers);
            }

            @Override
            ThreadFactory threads() {
                return Thread::new;
            }
        };
        commits.metrics = new WriteMetrics() {
            @Override
            void committed(int calls, int rows, long nanos) {
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

            @Override
            public int writers() {
                return writers;
            }

            @Override
            public int writeStopWaitSeconds() {
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
                if (vanishing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    transactions.add("vanished");
                    throw new InboxesVanishedException(1); // before any write, as WriteTransaction does
                }
                List<Object> results = new ArrayList<>();
                for (Supplier<?> write : writes) {
                    results.add(write.get()); // a write that throws fails the transaction, as a rollback does
                }
                if (commitFails && writes.size() > 1) {
                    throw new IllegalStateException("commit failed");
                }
                int now = inFlight.incrementAndGet();
                mostInFlight.accumulateAndGet(now, Math::max);
                sleep(commitMillis);
                inFlight.decrementAndGet();
                transactions.add(String.join(",", sortedUserIds) + " x" + writes.size());
                return results;
            }
        };
        return commits;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void writesQueuedWhileNoWriterRanShareOneTransactionAndAreAnsweredOnlyAfterIt() throws Exception {
        GroupCommit commits = commits(64, 2000, 100);
        CompletableFuture<String> a = commits.submit(List.of("bo"), 2, () -> "a").toCompletableFuture();
        CompletableFuture<String> b = commits.submit(List.of("al", "cy"), 4, () -> "b").toCompletableFuture();
        CompletableFuture<String> c = commits.submit(List.of("bo"), 2, () -> "c").toCompletableFuture();
        assertFalse(a.isDone() || b.isDone() || c.isDone(), "nothing answered before the commit");

        writeQueued(commits);

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

        writeQueued(commits);

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

        writeQueued(commits);

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

        writeQueued(commits);

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
        writeQueued(commits);
        assertEquals(List.of("al,bo x2"), transactions);
        commits.submit(List.of("cy"), 2, () -> "c"); // room again once the queue was written
        writeQueued(commits);
        assertEquals(List.of("al,bo x2", "cy x1"), transactions);
    }

    @Test
    void aWriteQueuedWhileABatchIsWrittenIsWrittenNext() throws Exception {
        GroupCommit commits = commits(1, 2000, 100);
        List<CompletableFuture<String>> later = new ArrayList<>();
        commits.submit(List.of("al"), 2, () -> {
            later.add(commits.submit(List.of("bo"), 2, () -> "b").toCompletableFuture()); // arrives mid-batch
            return "a";
        });

        writeQueued(commits);

        assertEquals("b", later.get(0).get());
        assertEquals(List.of("al x1", "bo x1"), transactions);
    }

    @Test
    void withConcurrentCallersAndTwoWritersEveryWriteIsAnsweredOnceAndCommitsAreShared() throws Exception {
        commitMillis = 1;
        GroupCommit commits = commits(64, 2000, 100_000, 2);
        int callers = 8;
        int perCaller = 250;
        List<CompletableFuture<String>> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger runs = new AtomicInteger();
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int caller = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < perCaller; i++) {
                    String id = caller + "-" + i;
                    answers.add(commits.submit(List.of("u" + caller), 2, () -> {
                        runs.incrementAndGet();
                        return id;
                    }).toCompletableFuture());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        Set<String> distinct = new HashSet<>();
        for (CompletableFuture<String> answer : answers) {
            distinct.add(answer.get());
        }
        assertEquals(callers * perCaller, distinct.size(), "every write answered with its own result");
        assertEquals(callers * perCaller, runs.get(), "every write ran exactly once");
        assertTrue(transactions.size() < callers * perCaller / 2, "commits were shared: " + transactions.size() + " transactions");

        commits.stop();
        assertThrows(WritesBackedUpException.class, () -> commits.submit(List.of("late"), 2, () -> "late"),
                "a stopped server takes no more writes");
    }

    @Test
    void smallWritesArrivingWhileOneWriterIsBusyWaitForItAndShareTheNextCommit() throws Exception {
        commitMillis = 200;
        GroupCommit commits = commits(64, 2000, 100, 2);
        CompletableFuture<String> first = commits.submit(List.of("al"), 2, () -> "first").toCompletableFuture();
        Thread.sleep(50); // the first is being written
        List<CompletableFuture<String>> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            more.add(commits.submit(List.of("u" + i), 2, () -> "more").toCompletableFuture());
        }
        first.get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(more.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertEquals(List.of("al x1", "u0,u1,u2,u3,u4 x5"), transactions, "the second writer did not take them on its own");
        assertEquals(1, mostInFlight.get());
        commits.stop();
    }

    @Test
    void whileMoreThanAFullBatchWaitsASecondWriterJoinsIn() throws Exception {
        commitMillis = 200;
        GroupCommit commits = commits(64, 100, 100, 2);
        List<CompletableFuture<String>> big = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            big.add(commits.submit(List.of("u" + i), 100, () -> "big").toCompletableFuture()); // a full batch each
        }
        CompletableFuture.allOf(big.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertEquals(4, transactions.size());
        assertEquals(2, mostInFlight.get(), "two batches written side by side");
        commits.stop();
    }

    @Test
    void aWriteWhoseInboxWasErasedBeforeItsLockMakesTheInboxAgainAndIsWrittenOnce() throws Exception {
        GroupCommit commits = commits(64, 2000, 100);
        AtomicInteger runs = new AtomicInteger();
        vanishing.set(1);
        CompletableFuture<Integer> write = commits.submit(List.of("bo"), 2, runs::incrementAndGet).toCompletableFuture();

        writeQueued(commits);

        assertEquals(1, write.get(), "answered by its one committed run");
        assertEquals(List.of("vanished", "bo x1"), transactions);
        assertEquals(List.of(List.of("bo"), List.of("bo")), created, "the inbox was made again before the second try");
    }

    @Test
    void anInboxErasedAgainAndAgainFailsTheWriteAfterTheLastAttempt() {
        GroupCommit commits = commits(64, 2000, 100);
        vanishing.set(GroupCommit.VANISHED_ATTEMPTS);
        CompletableFuture<String> write = commits.submit(List.of("bo"), 2, () -> "never").toCompletableFuture();

        writeQueued(commits);

        ExecutionException failed = assertThrows(ExecutionException.class, write::get);
        assertTrue(failed.getCause() instanceof InboxesVanishedException, String.valueOf(failed.getCause()));
        assertEquals(GroupCommit.VANISHED_ATTEMPTS, transactions.size());
    }

    @Test
    void aWriteAsLargeAsABatchIsWrittenAloneBetweenTheOthers() throws Exception {
        GroupCommit commits = commits(64, 100, 100);
        commits.submit(List.of("al"), 2, () -> "a");
        CompletableFuture<String> erasure = commits.submit(List.of(), 100, () -> "erased").toCompletableFuture();
        commits.submit(List.of("cy"), 2, () -> "c");

        writeQueued(commits);

        assertEquals("erased", erasure.get());
        assertEquals(List.of("al x1", " x1", "cy x1"), transactions, "the full-batch write shared no transaction");
    }

    private static void writeQueued(GroupCommit commits) {
        while (commits.writeQueued()) {
            // one batch after another until the queue is empty
        }
    }
}
