package dev.tidings.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Two Tidings servers on one PostgreSQL (bench/cluster 2). The users alternate between the servers
 * (even: A, odd: B), every publish call goes to A and names 100 users in turn, so half of each
 * call's events are delivered by A to its own subscribers (local) and half by B after A's commit
 * reached it through PostgreSQL's NOTIFY (cross-server). {@link #latency} measures the two
 * separately; {@link #failover} kills B (SIGKILL) while A keeps publishing, and B's subscribers
 * reconnect to A from their cursors, as they would through a proxy that has taken B out.
 */
final class ClusterScenario {

    private static final int RECIPIENTS_PER_CALL = FanoutScenario.RECIPIENTS_PER_CALL;
    private static final int MAX_IN_FLIGHT = FanoutScenario.MAX_PACED_IN_FLIGHT;

    private final ScheduledExecutorService timer;
    private final String runId;
    private final TidingsTarget a;
    private final TidingsTarget b;
    private final ServerProbe postgres;
    private final ServerProbe generator = ServerProbe.self();

    ClusterScenario(ScheduledExecutorService timer, String runId, TidingsTarget a, TidingsTarget b, ServerProbe postgres) {
        this.timer = timer;
        this.runId = runId;
        this.a = a;
        this.b = b;
        this.postgres = postgres;
    }

    /**
     * The connected clients of a run: their users, subscribers, the Stats each side counts into, and
     * the live connections each server held before they connected.
     */
    private record Clients(String transport, List<String> users, List<String> tokens, List<Subscriber> subscribers,
                           AtomicReference<Stats> onA, AtomicReference<Stats> onB, long connectedA, long connectedB,
                           int liveBeforeA, int liveBeforeB) {

        boolean isOnB(int i) {
            return i % 2 == 1;
        }
    }

    /** Connects the clients, half on each server, and waits until each server's hub holds its half. */
    private Clients connect(String kind, String transport, int clients) throws InterruptedException {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add(kind + "-" + runId + "-" + transport + "-" + clients + "-" + i);
        }
        List<String> tokens = a.tokens(users); // B accepts them: the servers share A's key
        AtomicReference<Stats> onA = new AtomicReference<>(new Stats(1));
        AtomicReference<Stats> onB = new AtomicReference<>(new Stats(1));
        List<String> tokensA = new ArrayList<>();
        List<String> tokensB = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            (i % 2 == 1 ? tokensB : tokensA).add(tokens.get(i));
        }
        int beforeA = a.liveConnections().now();
        int beforeB = b.liveConnections().now();
        List<Subscriber> subsA = FanoutScenario.connect(a, transport, tokensA, onA);
        List<Subscriber> subsB = FanoutScenario.connect(b, transport, tokensB, onB);
        long connectedA = subsA.stream().filter(s -> s.connected.getNow(false)).count();
        long connectedB = subsB.stream().filter(s -> s.connected.getNow(false)).count();
        a.liveConnections().awaitAtLeast(beforeA + (int) connectedA, connectedA + " " + transport + " subscribers connected to A");
        b.liveConnections().awaitAtLeast(beforeB + (int) connectedB, connectedB + " " + transport + " subscribers connected to B");
        List<Subscriber> subscribers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            subscribers.add(i % 2 == 1 ? subsB.get(i / 2) : subsA.get(i / 2));
        }
        return new Clients(transport, users, tokens, subscribers, onA, onB, connectedA, connectedB, beforeA, beforeB);
    }

    /** Publishing to A at a rate, the users in turn; counts the events accepted for each side's users. */
    private final class Publisher {
        private final Clients clients;
        private final AtomicLong next = new AtomicLong();
        final LongAdder publishedA = new LongAdder();
        final LongAdder publishedB = new LongAdder();
        final LongAdder failures = new LongAdder();
        private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        private ScheduledFuture<?> pacing;

        Publisher(Clients clients) {
            this.clients = clients;
        }

        void start(int perSecond) {
            long periodMicros = 1_000_000L * RECIPIENTS_PER_CALL / perSecond;
            pacing = timer.scheduleAtFixedRate(this::call, 0, periodMicros, TimeUnit.MICROSECONDS);
        }

        /** Stops publishing and waits until every call has answered. */
        void stop() throws InterruptedException {
            pacing.cancel(false);
            inFlight.acquire(MAX_IN_FLIGHT);
            inFlight.release(MAX_IN_FLIGHT);
        }

        void reset() {
            publishedA.reset();
            publishedB.reset();
            failures.reset();
        }

        private void call() {
            if (!inFlight.tryAcquire()) {
                failures.increment(); // A has fallen MAX_IN_FLIGHT calls behind
                return;
            }
            List<String> users = clients.users();
            List<String> batch = new ArrayList<>(RECIPIENTS_PER_CALL);
            int toB = 0;
            for (int r = 0; r < RECIPIENTS_PER_CALL; r++) {
                int i = (int) (next.getAndIncrement() % users.size());
                batch.add(users.get(i));
                toB += clients.isOnB(i) ? 1 : 0;
            }
            int onB = toB;
            a.publish(batch, Clock.micros()).whenComplete((ok, e) -> {
                if (e == null && ok) {
                    publishedA.add(batch.size() - onB);
                    publishedB.add(onB);
                } else {
                    failures.increment();
                }
                inFlight.release();
            });
        }
    }

    /**
     * Cross-server latency: warms up, then measures one window at {@code offered} events a second.
     * Records two lines: B's subscribers (cross-server), A's (local); then waits until both servers
     * have let go of the connections.
     */
    void latency(String transport, int clients, int offered, Duration warmup, Duration window, Consumer<ResultLine> record)
            throws InterruptedException {
        Clients c = connect("xlat", transport, clients);
        Publisher publisher = new Publisher(c);
        Stats warmA = new Stats(1);
        Stats warmB = new Stats(1);
        c.onA().set(warmA);
        c.onB().set(warmB);
        publisher.start(offered);
        Thread.sleep(warmup.toMillis()); // publishing paces itself
        publisher.stop();
        FanoutScenario.drain(warmA, publisher.publishedA.sum(), Duration.ofSeconds(15));
        FanoutScenario.drain(warmB, publisher.publishedB.sum(), Duration.ofSeconds(15));

        publisher.reset();
        Stats onA = new Stats(4_000_000);
        Stats onB = new Stats(4_000_000);
        c.onA().set(onA);
        c.onB().set(onB);
        Cpu cpu = new Cpu();
        publisher.start(offered);
        Thread.sleep(window.toMillis()); // the window
        publisher.stop();
        FanoutScenario.drain(onA, publisher.publishedA.sum(), Duration.ofSeconds(20));
        FanoutScenario.drain(onB, publisher.publishedB.sum(), Duration.ofSeconds(20));
        double[] cores = cpu.cores();
        c.subscribers().forEach(Subscriber::close);
        record.accept(latencyLine("B (cross-server)", c, clients / 2, c.connectedB(), offered, window, publisher.publishedB.sum(),
                publisher.failures.sum(), onB, cores));
        record.accept(latencyLine("A (local)", c, clients - clients / 2, c.connectedA(), offered, window, publisher.publishedA.sum(),
                publisher.failures.sum(), onA, cores));
        a.liveConnections().awaitAtMost(c.liveBeforeA(), "A did not let go of its connections closed after the run");
        b.liveConnections().awaitAtMost(c.liveBeforeB(), "B did not let go of its connections closed after the run");
    }

    static String header() {
        return "| subscribers on | transport | clients there (connected) | offered to A | published | delivered "
                + "| lost / repeated / out of order | p50 ms | p90 ms | p99 ms | max ms | Tidings CPU, both (cores) "
                + "| PostgreSQL CPU (cores) | generator CPU (cores) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    private ResultLine latencyLine(String side, Clients c, int clients, long connected, int offered, Duration window, long published,
                               long failures, Stats s, double[] cores) {
        double[] p = s.percentiles();
        long delivered = s.delivered.sum();
        System.out.printf(Locale.ROOT, "| %s | %s | %d (%d) | %d/s | %d | %d | %d / %d / %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f |%n",
                side, c.transport(), clients, connected, offered, published, delivered, published - delivered,
                s.duplicates.sum(), s.outOfOrder.sum(), p[0], p[1], p[2], p[3], cores[0], cores[1], cores[2]);
        return ResultLine.of("cluster-latency").put("side", side).put("transport", c.transport()).put("clients", clients)
                .put("connected", connected).put("offeredPerSecond", offered).put("windowSeconds", window.toSeconds())
                .put("published", published).put("publishFailures", failures).put("delivered", delivered)
                .put("lost", published - delivered).put("duplicates", s.duplicates.sum()).put("outOfOrder", s.outOfOrder.sum())
                .put("subscriberErrors", s.errors.sum()).put("p50ms", p[0], 2).put("p90ms", p[1], 2).put("p99ms", p[2], 2)
                .put("maxms", p[3], 2).put("serversCores", cores[0], 2).put("postgresCores", cores[1], 2)
                .put("generatorCores", cores[2], 2);
    }

    /**
     * Failover: publishes to A at {@code offered} events a second throughout; after {@code beforeKill}
     * kills B with SIGKILL; each of B's subscribers, on losing its connection, reconnects to A at
     * once with the cursor it had (again every second while refused). Publishing goes on for
     * {@code afterKill}; then every client must have every event accepted for its user, once, in
     * order.
     */
    void failover(String transport, int clients, int offered, Duration beforeKill, Duration afterKill, Consumer<ResultLine> record)
            throws InterruptedException {
        Clients c = connect("failover", transport, clients);
        long events = (long) offered * (beforeKill.toSeconds() + afterKill.toSeconds() + 10);
        Stats onA = new Stats((int) events);
        Stats onBBefore = new Stats((int) events);
        Stats onBAfter = new Stats((int) events);
        c.onA().set(onA);
        c.onB().set(onBBefore);
        Publisher publisher = new Publisher(c);
        publisher.start(offered);
        Thread.sleep(beforeKill.toMillis()); // publishing to both sides before the kill

        int onB = clients / 2;
        AtomicReferenceArray<Subscriber> current = new AtomicReferenceArray<>(clients);
        long[] reconnected = new long[clients];
        Arrays.fill(reconnected, Long.MAX_VALUE);
        LongAdder retries = new LongAdder();
        ProcessHandle server = ProcessHandle.of(b.probe().pid()).orElseThrow(() -> new IllegalStateException("B is not running"));
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Subscriber s = c.subscribers().get(i);
            current.set(i, s);
            if (c.isOnB(i)) {
                int index = i;
                s.ended.thenRun(() -> reconnect(c, index, s.cursor, current, reconnected, retries, t0));
            }
        }
        c.onB().set(onBAfter);
        server.destroyForcibly(); // SIGKILL
        server.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        Await.until(Duration.ofSeconds(120).minusNanos(System.nanoTime() - t0), Duration.ofMillis(20),
                () -> Arrays.stream(reconnected).filter(r -> r != Long.MAX_VALUE).count() >= onB);
        long waited = System.nanoTime() - t0;
        Thread.sleep(Math.max(0, afterKill.toMillis() - waited / 1_000_000)); // publishing goes on for afterKill in all
        publisher.stop();
        FanoutScenario.drain(onA, publisher.publishedA.sum(), Duration.ofSeconds(30));
        long publishedB = publisher.publishedB.sum();
        Await.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> onBBefore.delivered.sum() + onBAfter.delivered.sum() >= publishedB);
        for (int i = 0; i < clients; i++) {
            current.get(i).close();
        }

        long[] times = Arrays.stream(reconnected).filter(r -> r != Long.MAX_VALUE).sorted().toArray();
        long notBack = onB - times.length;
        double p50 = times.length == 0 ? Double.NaN : Stats.nearestRank(times, 0.50) / 1e9;
        double p99 = times.length == 0 ? Double.NaN : Stats.nearestRank(times, 0.99) / 1e9;
        double all = notBack > 0 || times.length == 0 ? Double.NaN : times[times.length - 1] / 1e9;
        long deliveredB = onBBefore.delivered.sum() + onBAfter.delivered.sum();
        long lost = publisher.publishedA.sum() - onA.delivered.sum() + publishedB - deliveredB;
        long duplicates = onA.duplicates.sum() + onBBefore.duplicates.sum() + onBAfter.duplicates.sum();
        long outOfOrder = onA.outOfOrder.sum() + onBBefore.outOfOrder.sum() + onBAfter.outOfOrder.sum();
        double[] pa = onA.percentiles();
        double[] pb = onBAfter.percentiles();
        System.out.printf(Locale.ROOT, "| %s | %d + %d (%d) | %d/s | %.0f | %.2f / %.2f / %.2f | %d | %d | %d + %d | %d + %d | %d / %d / %d "
                        + "| %.1f / %.1f | %.1f / %.1f |%n",
                transport, clients - onB, onB, c.connectedA() + c.connectedB(), offered, beforeKill.toSeconds() * 1.0, p50, p99, all, notBack,
                retries.sum(), publisher.publishedA.sum(), publishedB, onA.delivered.sum(), deliveredB, lost, duplicates, outOfOrder,
                pb[2], pb[3], pa[2], pa[3]);
        record.accept(ResultLine.of("cluster-failover").put("transport", transport).put("clientsOnA", clients - onB).put("clientsOnB", onB)
                .put("connected", c.connectedA() + c.connectedB()).put("offeredPerSecond", offered)
                .put("killedAfterSeconds", beforeKill.toSeconds()).put("publishedSeconds", beforeKill.toSeconds() + afterKill.toSeconds())
                .put("p50ReconnectedSeconds", p50, 3).put("p99ReconnectedSeconds", p99, 3).put("allReconnectedSeconds", all, 3)
                .put("notReconnected", notBack).put("reconnectRetries", retries.sum()).put("publishedToA", publisher.publishedA.sum())
                .put("publishedToB", publishedB).put("publishFailures", publisher.failures.sum()).put("deliveredOnA", onA.delivered.sum())
                .put("deliveredToB", deliveredB).put("lost", lost).put("duplicates", duplicates).put("outOfOrder", outOfOrder)
                .put("bAfterKillP50ms", pb[0], 2).put("bAfterKillP99ms", pb[2], 2).put("bAfterKillMaxms", pb[3], 2)
                .put("aP50ms", pa[0], 2).put("aP99ms", pa[2], 2).put("aMaxms", pa[3], 2));
        a.liveConnections().awaitAtMost(c.liveBeforeA(), "A did not let go of its connections (and B's clients') closed after the run");
    }

    static String failoverHeader() {
        return "| transport | clients on A + on B (connected) | offered to A | B killed after s | B's clients back on A: p50 / p99 / all s "
                + "| not back | retries | published to A's + B's users | delivered | lost / repeated / out of order "
                + "| B's users after the kill: p99 / max ms | A's users: p99 / max ms |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    /** Client {@code i}, whose server went away: connects to A from {@code cursor}; again a second later while refused. */
    private void reconnect(Clients c, int i, long cursor, AtomicReferenceArray<Subscriber> current, long[] reconnected,
                           LongAdder retries, long t0) {
        Subscriber s = a.subscriber(c.transport(), c.tokens().get(i), c.onB()::get);
        s.cursor = cursor;
        current.set(i, s);
        s.connected.whenComplete((ok, e) -> {
            if (Boolean.TRUE.equals(ok)) {
                reconnected[i] = System.nanoTime() - t0;
            } else if (!s.closed) {
                retries.increment();
                s.close();
                timer.schedule(() -> reconnect(c, i, Math.max(cursor, s.cursor), current, reconnected, retries, t0), 1, TimeUnit.SECONDS);
            }
        });
        s.start();
    }

    /** CPU since construction, in cores: Tidings' servers (both), PostgreSQL, this load generator. */
    private final class Cpu {
        private final ServerProbe servers = ServerProbe.all(a.probe(), b.probe());
        private final long t0 = System.nanoTime();
        private final double servers0 = servers.cpuSeconds();
        private final double postgres0 = postgres == null ? 0 : postgres.cpuSeconds();
        private final double generator0 = generator.cpuSeconds();

        double[] cores() {
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new double[] {(servers.cpuSeconds() - servers0) / seconds,
                    postgres == null ? Double.NaN : (postgres.cpuSeconds() - postgres0) / seconds,
                    (generator.cpuSeconds() - generator0) / seconds};
        }
    }
}
