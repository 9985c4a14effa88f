package dev.tidings.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Resume storm (scenario 5): N subscribers each receive one event, all disconnect, each user is
 * sent {@code missed} more events while nobody listens, then all N reconnect at the same moment,
 * each with the cursor it had. Measures the time until every client is connected and until every
 * client has every missed event, and checks that each client ends exactly at its last seq with
 * nothing lost and nothing twice. A client whose connection is refused tries again after 1 s,
 * as a real client would.
 */
final class ResumeScenario {

    private final ScheduledExecutorService timer;
    private final String runId;

    ResumeScenario(ScheduledExecutorService timer, String runId) {
        this.timer = timer;
        this.runId = runId;
    }

    ResultLine run(TidingsTarget target, String transport, int clients, int missed, Duration limit) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add("resume-" + runId + "-" + transport + "-" + clients + "-" + i);
        }
        List<String> tokens = target.tokens(users);
        ServerProbe server = target.probe();
        AtomicReference<Stats> stats = new AtomicReference<>(new Stats(1));
        List<Subscriber> first = FanoutScenario.connect(target, transport, tokens, stats);
        publishEach(target, users, 1);
        FanoutScenario.drain(stats.get(), clients, Duration.ofSeconds(60));
        long[] cursors = first.stream().mapToLong(s -> s.cursor).toArray();
        long before = Arrays.stream(cursors).filter(c -> c == 0).count();
        first.forEach(Subscriber::close);
        server.awaitRoomFor(clients, Duration.ofSeconds(35)); // room for all of them to come back at once

        long publishStart = System.nanoTime();
        long sent = publishEach(target, users, missed);
        double publishSeconds = (System.nanoTime() - publishStart) / 1e9;

        Stats storm = new Stats((int) Math.min(Integer.MAX_VALUE - 8, (long) clients * missed + 16));
        stats.set(storm);
        double cpu0 = server.cpuSeconds();
        LongAccumulator lastConnected = new LongAccumulator(Math::max, 0);
        LongAdder retries = new LongAdder();
        AtomicReferenceArray<Subscriber> current = new AtomicReferenceArray<>(clients);
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            reconnect(target, transport, tokens.get(i), cursors[i], cursors[i] + missed, i, current, stats, lastConnected, retries);
        }
        FanoutScenario.drain(storm, (long) clients * missed, limit.minusNanos(System.nanoTime() - t0));
        double cpu = server.cpuSeconds() - cpu0;
        long[] reached = new long[clients];
        long short_ = 0;
        for (int i = 0; i < clients; i++) {
            Subscriber s = current.get(i);
            reached[i] = s.reachedTargetNanos == 0 ? Long.MAX_VALUE : s.reachedTargetNanos - t0;
            if (s.cursor != cursors[i] + missed) {
                short_++;
            }
            s.close();
        }
        server.awaitRoomFor(clients, Duration.ofSeconds(35));
        Arrays.sort(reached);
        long delivered = storm.delivered.sum();
        long lost = (long) clients * missed - delivered;
        double allConnected = (lastConnected.get() - t0) / 1e9;
        double caughtUp = reached[clients - 1] == Long.MAX_VALUE ? Double.NaN : reached[clients - 1] / 1e9;
        double p50 = at(reached, 0.50);
        double p99 = at(reached, 0.99);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %d | %d | %d | %d | %.2f |%n",
                transport, clients, missed, publishSeconds, allConnected, p50, p99, caughtUp, delivered, lost,
                storm.duplicates.sum(), retries.sum(), cpu);
        return ResultLine.of("resume").put("system", "tidings").put("transport", transport).put("clients", clients)
                .put("missed", missed).put("sent", sent).put("publishSeconds", publishSeconds, 2).put("notPrimed", before)
                .put("allConnectedSeconds", allConnected, 2).put("p50CatchUpSeconds", p50, 3).put("p99CatchUpSeconds", p99, 3)
                .put("catchUpSeconds", caughtUp, 3).put("delivered", delivered).put("lost", lost)
                .put("duplicates", storm.duplicates.sum()).put("clientsNotAtLastSeq", short_).put("reconnectRetries", retries.sum())
                .put("subscriberErrors", storm.errors.sum()).put("serverCpuSeconds", cpu, 2);
    }

    static String header() {
        return "| transport | clients | missed per client | publish s | all connected s | p50 caught up s | p99 caught up s "
                + "| all caught up s | delivered | lost | duplicates | retries | server CPU s |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    private void reconnect(TidingsTarget target, String transport, String token, long cursor, long targetSeq, int i,
                           AtomicReferenceArray<Subscriber> current, AtomicReference<Stats> stats, LongAccumulator lastConnected,
                           LongAdder retries) {
        Subscriber s = target.subscriber(transport, token, stats::get);
        s.cursor = cursor;
        s.targetSeq = targetSeq;
        current.set(i, s);
        s.connected.whenComplete((ok, e) -> {
            if (Boolean.TRUE.equals(ok)) {
                lastConnected.accumulate(System.nanoTime());
            } else if (!s.closed) {
                retries.increment();
                s.close();
                timer.schedule(() -> reconnect(target, transport, token, Math.max(cursor, s.cursor), targetSeq, i, current, stats,
                        lastConnected, retries), 1000, TimeUnit.MILLISECONDS);
            }
        });
        s.start();
    }

    /** Sends {@code rounds} events to every user, 100 recipients a call, 8 calls in flight; returns the events accepted. */
    private static long publishEach(TidingsTarget target, List<String> users, int rounds) throws InterruptedException {
        List<List<String>> batches = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (int from = 0; from < users.size(); from += FanoutScenario.RECIPIENTS_PER_CALL) {
                batches.add(users.subList(from, Math.min(users.size(), from + FanoutScenario.RECIPIENTS_PER_CALL)));
            }
        }
        AtomicInteger next = new AtomicInteger();
        LongAdder accepted = new LongAdder();
        CountDownLatch done = new CountDownLatch(FanoutScenario.CALLS_IN_FLIGHT);
        for (int c = 0; c < FanoutScenario.CALLS_IN_FLIGHT; c++) {
            sendNext(target, batches, next, accepted, done);
        }
        done.await();
        if (accepted.sum() != (long) rounds * users.size()) {
            throw new IllegalStateException("Tidings refused publishes: " + accepted.sum() + " of " + rounds * users.size() + " accepted");
        }
        return accepted.sum();
    }

    private static void sendNext(TidingsTarget target, List<List<String>> batches, AtomicInteger next, LongAdder accepted,
                                 CountDownLatch done) {
        int i = next.getAndIncrement();
        if (i >= batches.size()) {
            done.countDown();
            return;
        }
        List<String> batch = batches.get(i);
        target.publish(batch, Clock.micros()).whenComplete((ok, e) -> {
            if (e == null && ok) {
                accepted.add(batch.size());
            }
            sendNext(target, batches, next, accepted, done);
        });
    }

    /** Seconds at the quantile; NaN where the client at that rank never caught up (Long.MAX_VALUE). */
    private static double at(long[] sortedNanos, double q) {
        long v = Stats.nearestRank(sortedNanos, q);
        return v == Long.MAX_VALUE ? Double.NaN : v / 1e9;
    }
}
