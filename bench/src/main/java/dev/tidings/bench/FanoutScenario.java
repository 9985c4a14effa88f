package dev.tidings.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out (scenario 2): N subscribers connected to one system over one transport; publishers
 * push as fast as the system accepts for the window: {@code callsInFlight} publish calls at any
 * time, each naming {@code recipientsPerCall} distinct users in turn, the next call sent as soon
 * as one answers. Reports events delivered per second (from the first publish of the window to
 * the last event received), publish→receipt latency, loss, and the system's CPU and memory.
 * A warm-up of the same load comes first, unrecorded, so that a JIT-compiled server is compared
 * warm with peers that need no warm-up. Then, on the same connections, a paced window: the same
 * offered rate for every system, below all their capacities, for latency at equal load.
 */
final class FanoutScenario {

    static final int RECIPIENTS_PER_CALL = 100;
    static final int CALLS_IN_FLIGHT = 8;
    /** Paced publishing: calls outstanding at most (a system that falls this far behind is saturated). */
    static final int MAX_PACED_IN_FLIGHT = 64;
    /** New subscriber connections in flight at once: Pushpin answers 502 beyond about 100. */
    static final int CONNECTS_IN_FLIGHT = 50;

    private final ScheduledExecutorService timer;
    private final ServerProbe generator = ServerProbe.self();
    private final String runId;

    FanoutScenario(ScheduledExecutorService timer, String runId) {
        this.timer = timer;
        this.runId = runId;
    }

    /**
     * Connects the clients, warms up, then measures two windows on the same connections: the
     * system saturated (kind {@code kind}, "fanout" in the comparison), and the same for every
     * system at {@code pacedRate} events a second, below every system's capacity, for latency at
     * equal load ({@code kind}-paced).
     * Returns one result line per window.
     */
    List<String> run(Target target, String transport, int clients, Duration warmup, Duration window, int pacedRate,
                     String kind) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add("fan-" + runId + "-" + target.name() + "-" + transport + "-" + clients + "-" + i);
        }
        List<String> tokens = target.tokens(users);
        AtomicReference<Stats> stats = new AtomicReference<>(new Stats(1));
        List<Subscriber> subscribers = connect(target, transport, tokens, stats);
        long open = subscribers.stream().filter(s -> s.connected.getNow(false)).count();
        Thread.sleep(1000);

        Stats warm = new Stats(1);
        stats.set(warm);
        LongAdder next = new LongAdder();
        long warmEvents = publishFor(target, users, next, warmup, 0, new LongAdder());
        drain(warm, warmEvents, Duration.ofSeconds(15));

        List<String> lines = new ArrayList<>();
        for (int rate : List.of(0, pacedRate)) {
            Stats measured = new Stats(4_000_000);
            stats.set(measured);
            ServerProbe server = target.probe();
            double cpu0 = server.cpuSeconds();
            double gen0 = generator.cpuSeconds();
            long t0 = System.nanoTime();
            LongAdder publishFailures = new LongAdder();
            long published = publishFor(target, users, next, window, rate, publishFailures);
            drain(measured, published, Duration.ofSeconds(20));
            long end = measured.lastDeliveredNanos > t0 ? measured.lastDeliveredNanos : System.nanoTime();
            double seconds = (end - t0) / 1e9;
            double cpu = server.cpuSeconds() - cpu0;
            double gen = generator.cpuSeconds() - gen0;
            int threads = server.threads();
            double rss = server.rssMiB();
            long delivered = measured.delivered.sum();
            double[] p = measured.percentiles();
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %.0f | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.0f | %d |%n",
                    target.name(), transport, clients, rate == 0 ? "as fast as accepted" : rate + "/s", delivered / seconds,
                    published, delivered, published - delivered, p[0], p[1], p[2], p[3], cpu / seconds, gen / seconds, rss, threads);
            lines.add(String.format(Locale.ROOT, "{\"kind\":\"%s\",\"system\":\"%s\",\"transport\":\"%s\",\"clients\":%d,\"connected\":%d,"
                            + "\"recipientsPerCall\":%d,\"callsInFlight\":%d,\"offeredPerSecond\":%d,\"warmupSeconds\":%d,\"windowSeconds\":%d,"
                            + "\"seconds\":%.2f,\"published\":%d,\"publishFailures\":%d,\"delivered\":%d,\"lost\":%d,\"duplicates\":%d,"
                            + "\"outOfOrder\":%d,\"subscriberErrors\":%d,\"deliveredPerSecond\":%.1f,\"p50ms\":%.2f,\"p90ms\":%.2f,"
                            + "\"p99ms\":%.2f,\"maxms\":%.2f,\"serverCpuSeconds\":%.2f,\"serverCores\":%.2f,\"generatorCores\":%.2f,"
                            + "\"serverRssMiB\":%.1f,\"serverThreads\":%d}",
                    rate == 0 ? kind : kind + "-paced", target.name(), transport, clients, open, RECIPIENTS_PER_CALL,
                    rate == 0 ? CALLS_IN_FLIGHT : MAX_PACED_IN_FLIGHT, rate, warmup.toSeconds(), window.toSeconds(), seconds,
                    published, publishFailures.sum(), delivered, published - delivered, measured.duplicates.sum(),
                    measured.outOfOrder.sum(), measured.errors.sum(), delivered / seconds, p[0], p[1], p[2], p[3], cpu, cpu / seconds,
                    gen / seconds, rss, threads));
        }
        subscribers.forEach(Subscriber::close);
        target.probe().awaitRoomFor(clients, Duration.ofSeconds(35)); // room for a next run of this size
        return lines;
    }

    static String header() {
        return "| system | transport | clients | offered | delivered/s | published | delivered | lost | p50 ms | p90 ms | p99 ms | max ms "
                + "| server CPU (cores) | generator CPU (cores) | server RSS MiB | server threads |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    /** One subscriber per token, {@link #CONNECTS_IN_FLIGHT} connecting at a time; returns when all have answered. */
    static List<Subscriber> connect(Target target, String transport, List<String> tokens, AtomicReference<Stats> stats) {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<Subscriber> subscribers = new ArrayList<>();
        for (String token : tokens) {
            inFlight.acquireUninterruptibly();
            Subscriber s = target.subscriber(transport, token, stats::get);
            subscribers.add(s);
            s.connected.orTimeout(30, TimeUnit.SECONDS).whenComplete((ok, e) -> inFlight.release());
            s.start();
        }
        inFlight.acquireUninterruptibly(CONNECTS_IN_FLIGHT);
        return subscribers;
    }

    /**
     * Publishes for the window: back to back with {@link #CALLS_IN_FLIGHT} calls when {@code rate}
     * is 0, else one call of {@link #RECIPIENTS_PER_CALL} every 100/rate seconds (at most
     * {@link #MAX_PACED_IN_FLIGHT} outstanding; a call that would exceed it is counted as failed).
     * Users are taken in turn from {@code next} on. Returns the events the system accepted.
     */
    private long publishFor(Target target, List<String> users, LongAdder next, Duration window, int rate, LongAdder failures)
            throws InterruptedException {
        LongAdder accepted = new LongAdder();
        long deadline = System.nanoTime() + window.toNanos();
        if (rate > 0) {
            Semaphore inFlight = new Semaphore(MAX_PACED_IN_FLIGHT);
            long periodMicros = 1_000_000L * RECIPIENTS_PER_CALL / rate;
            ScheduledFuture<?> pacing = timer.scheduleAtFixedRate(() -> {
                if (!inFlight.tryAcquire()) {
                    failures.increment();
                    return;
                }
                List<String> batch = batch(users, next);
                target.publish(batch, Clock.micros()).whenComplete((ok, e) -> {
                    if (e == null && ok) {
                        accepted.add(batch.size());
                    } else {
                        failures.increment();
                    }
                    inFlight.release(); // after counting: the window's end waits for every permit
                });
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
            Thread.sleep(window.toMillis());
            pacing.cancel(false);
            inFlight.acquire(MAX_PACED_IN_FLIGHT); // the last calls answered
            return accepted.sum();
        }
        CountDownLatch done = new CountDownLatch(CALLS_IN_FLIGHT);
        for (int i = 0; i < CALLS_IN_FLIGHT; i++) {
            call(target, users, next, deadline, accepted, failures, done);
        }
        done.await();
        return accepted.sum();
    }

    /** The next {@link #RECIPIENTS_PER_CALL} users in turn (distinct while there are that many). */
    private static List<String> batch(List<String> users, LongAdder next) {
        List<String> batch = new ArrayList<>(RECIPIENTS_PER_CALL);
        synchronized (next) {
            for (int r = 0; r < Math.min(RECIPIENTS_PER_CALL, users.size()); r++) {
                batch.add(users.get((int) (next.sum() % users.size())));
                next.increment();
            }
        }
        return batch;
    }

    private void call(Target target, List<String> users, LongAdder next, long deadline, LongAdder accepted, LongAdder failures,
                      CountDownLatch done) {
        if (System.nanoTime() >= deadline) {
            done.countDown();
            return;
        }
        List<String> batch = batch(users, next);
        target.publish(batch, Clock.micros()).whenComplete((ok, e) -> {
            if (e == null && ok) {
                accepted.add(batch.size());
                call(target, users, next, deadline, accepted, failures, done);
            } else {
                failures.increment(); // refused: counted, and tried again a little later
                timer.schedule(() -> call(target, users, next, deadline, accepted, failures, done), 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Waits until {@code expected} events have arrived, or the limit has passed. */
    static void drain(Stats stats, long expected, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (stats.delivered.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
