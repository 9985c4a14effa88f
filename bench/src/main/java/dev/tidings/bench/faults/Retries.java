package dev.tidings.bench.faults;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends calls again, with the same Idempotency-Key and body, until each gets a 201 (at most 20
 * attempts each, 250 ms doubling to 2 s apart, and no more than a time budget for all of them).
 * A call already committed must be answered as a replay with its first ids; one that was not is
 * committed now.
 */
final class Retries {

    private static final int ATTEMPTS = 20;

    private final PublishClient client;

    Retries(PublishClient client) {
        this.client = client;
    }

    void retryAll(List<Call> calls, int threads, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Call call : calls) {
                pool.execute(() -> retry(call, deadline));
            }
            pool.shutdown();
            if (!pool.awaitTermination(budget.toMillis() + PublishClient.TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("retries still running after their budget of " + budget.toSeconds() + " s");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void retry(Call call, long deadline) {
        long pause = 250;
        try {
            for (int attempt = 0; attempt < ATTEMPTS && System.nanoTime() < deadline; attempt++) {
                call.retry = client.send(call);
                if (call.retry.outcome() == Call.Outcome.ACKNOWLEDGED) {
                    return;
                }
                Thread.sleep(pause); // back off between attempts
                pause = Math.min(2000, pause * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
