package dev.tidings.bench.faults;

import dev.tidings.bench.Await;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Publisher threads that call {@code POST /api/v1/notifications} back to back, each call with a
 * key and a title of its own, to 1–3 recipients drawn from the users, until stopped. After a
 * failed call a thread waits (100 ms, doubling to 1 s) so that a server that is down is not
 * flooded with calls that all have to be retried.
 */
final class Publishers {

    private final PublishClient client;
    private final List<String> users;
    private final String prefix;
    private final int run;
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;
    private volatile Throwable failure;
    /** System.nanoTime when the latest 201 came (0: none yet). */
    private volatile long lastAcknowledgedNanos;

    Publishers(PublishClient client, List<String> users, String prefix, int run) {
        this.client = client;
        this.users = users;
        this.prefix = prefix;
        this.run = run;
    }

    void start(int count) {
        for (int t = 0; t < count; t++) {
            int thread = t;
            Thread th = new Thread(() -> publish(thread), "publisher-" + run + "-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    /** Waits (at most {@code timeout}) until a call is acknowledged after {@code nanos}; whether one was. */
    boolean awaitAcknowledgedAfter(long nanos, java.time.Duration timeout) throws InterruptedException {
        return Await.until(timeout, java.time.Duration.ofMillis(100), () -> lastAcknowledgedNanos > nanos);
    }

    /** Stops sending and waits for the calls in flight (each at most the request timeout). */
    List<Call> stop() throws InterruptedException {
        stopped = true;
        long deadline = System.nanoTime() + PublishClient.TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(10);
        for (Thread th : threads) {
            th.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (th.isAlive()) {
                throw new IllegalStateException(th.getName() + " still sending after its timeout");
            }
        }
        if (failure != null) {
            throw new IllegalStateException("a publisher failed", failure);
        }
        return new ArrayList<>(calls);
    }

    private void publish(int thread) {
        long pause = 100;
        try {
            for (int n = 0; !stopped; n++) {
                String name = prefix + "-r" + run + "-t" + thread + "-" + n;
                Call call = new Call(run, "key-" + name, name, recipients());
                call.sentNanos = System.nanoTime();
                call.first = client.send(call);
                call.endedNanos = System.nanoTime();
                calls.add(call);
                if (call.acknowledged()) {
                    lastAcknowledgedNanos = call.endedNanos;
                    pause = 100;
                } else {
                    Thread.sleep(pause); // back off from a server that is down
                    pause = Math.min(1000, pause * 2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /** 1 to 3 distinct users. */
    private List<String> recipients() {
        List<String> shuffled = new ArrayList<>(users);
        Collections.shuffle(shuffled, ThreadLocalRandom.current());
        return shuffled.subList(0, 1 + ThreadLocalRandom.current().nextInt(3));
    }
}
