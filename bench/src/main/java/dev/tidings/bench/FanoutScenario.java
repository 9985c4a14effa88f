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
import java.util.function.Consumer;

/**
 * Fan-out (scenario 2, and 2b with one recipient a call): N subscribers connected to one system
 * over one transport; publishers push in windows of a fixed length, each call naming
 * {@code recipientsPerCall} distinct users in turn. A window either keeps {@code callsInFlight}
 * calls outstanding, the next sent as soon as one answers (as fast as the system accepts), or
 * offers the same rate to every system, below all their capacities, for latency at equal load.
 * Reports events delivered per second (from the first publish of the window to the last event
 * received), publish calls per second, publish→receipt latency, loss, and the system's CPU and
 * memory. A warm-up at the first window's load comes first, unrecorded, so that a JIT-compiled
 * server is compared warm with peers that need no warm-up; every window runs on the same
 * connections.
 */
final class FanoutScenario {

    static final int RECIPIENTS_PER_CALL = 100;
    static final int CALLS_IN_FLIGHT = 8;
    /** Paced publishing: calls outstanding at most (a system that falls this far behind is saturated). */
    static final int MAX_PACED_IN_FLIGHT = 64;
    /** New subscriber connections in flight at once: Pushpin answers 502 beyond about 100. */
    static final int CONNECTS_IN_FLIGHT = 50;

    /**
     * One measured window, reported as {@code kind}: {@code callsInFlight} calls always
     * outstanding when {@code offeredPerSecond} is 0, else that many events a second offered with
     * at most {@code callsInFlight} calls outstanding (a call that would exceed it counts as failed).
     */
    record Window(String kind, int callsInFlight, int offeredPerSecond) {

        static Window asFastAsAccepted(String kind, int callsInFlight) {
            return new Window(kind, callsInFlight, 0);
        }

        static Window paced(String kind, int offeredPerSecond) {
            return new Window(kind, MAX_PACED_IN_FLIGHT, offeredPerSecond);
        }

        String offered() {
            return offeredPerSecond == 0 ? "as fast as accepted" : offeredPerSecond + "/s";
        }
    }

    /** A run's clients, its warm-up (at the first window's load) and the length of each window. */
    record Size(int clients, Duration warmup, Duration window) {
    }

    /** The connected subscribers of one run, and the next of their users in turn to publish to. */
    private record Clients(Target target, String transport, List<String> users, long connected, AtomicReference<Stats> stats,
                           LongAdder next) {
    }

    private final ScheduledExecutorService timer;
    private final ServerProbe generator = ServerProbe.self();
    private final String runId;
    private final int recipientsPerCall;
    private final Size size;
    private final List<Window> windows;

    FanoutScenario(ScheduledExecutorService timer, String runId, int recipientsPerCall, Size size, List<Window> windows) {
        this.timer = timer;
        this.runId = runId;
        this.recipientsPerCall = recipientsPerCall;
        this.size = size;
        this.windows = windows;
    }

    /**
     * Connects the clients (fresh users, apart from other scenarios' and other runs' users: Tidings
     * would replay their backlog), warms up at the first window's load, then measures each window
     * on the same connections, recording one result line per window as it is measured; then waits
     * until the system has let go of the connections (Tidings: its hub; the peers: their open files).
     */
    void run(Target target, String transport, Consumer<ResultLine> record) throws Exception {
        int clients = size.clients();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add("fan" + recipientsPerCall + "-" + runId + "-" + target.name() + "-" + transport + "-" + clients + "-" + i);
        }
        List<String> tokens = target.tokens(users);
        LiveConnections live = target.liveConnections();
        int before = live.now();
        AtomicReference<Stats> stats = new AtomicReference<>(new Stats(1));
        List<Subscriber> subscribers = connect(target, transport, tokens, stats);
        long open = subscribers.stream().filter(s -> s.connected.getNow(false)).count();
        Clients connected = new Clients(target, transport, users, open, stats, new LongAdder());
        live.awaitAtLeast(before + (int) open, open + " " + target.name() + " " + transport + " subscribers connected");

        Stats warm = new Stats(1);
        stats.set(warm);
        long warmCalls = publishFor(connected, size.warmup(), windows.get(0), new LongAdder());
        drain(warm, warmCalls * batchSize(users), Duration.ofSeconds(15));

        for (Window w : windows) {
            record.accept(measure(connected, w));
        }
        subscribers.forEach(Subscriber::close);
        live.awaitAtMost(before, "the server did not let go of the " + open + " " + transport + " connections closed after the run");
        target.probe().awaitRoomFor(clients, Duration.ofSeconds(35)); // room for a next run of this size (the peers' files too)
    }

    /** One window on the connected clients: prints its table row, returns its result line. */
    private ResultLine measure(Clients clients, Window w) throws InterruptedException {
        Stats measured = new Stats(4_000_000);
        clients.stats().set(measured);
        Target target = clients.target();
        ServerProbe server = target.probe();
        double cpu0 = server.cpuSeconds();
        double gen0 = generator.cpuSeconds();
        long t0 = System.nanoTime();
        LongAdder publishFailures = new LongAdder();
        long calls = publishFor(clients, size.window(), w, publishFailures);
        double callSeconds = (System.nanoTime() - t0) / 1e9; // until the last call answered
        long published = calls * batchSize(clients.users());
        drain(measured, published, Duration.ofSeconds(20));
        long end = measured.lastDeliveredNanos > t0 ? measured.lastDeliveredNanos : System.nanoTime();
        double seconds = (end - t0) / 1e9;
        double cpu = server.cpuSeconds() - cpu0;
        double gen = generator.cpuSeconds() - gen0;
        int threads = server.threads();
        double rss = server.rssMiB();
        long delivered = measured.delivered.sum();
        double[] p = measured.percentiles();
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %.0f | %.0f | %d | %d | %d / %d / %d | %.1f | %.1f | %.1f | %.1f "
                        + "| %.2f | %.2f | %.0f | %d |%n",
                target.name(), clients.transport(), clients.users().size(), recipientsPerCall, w.callsInFlight(), w.offered(),
                calls / callSeconds, delivered / seconds, published, delivered, published - delivered, measured.duplicates.sum(),
                measured.outOfOrder.sum(), p[0], p[1], p[2], p[3], cpu / seconds, gen / seconds, rss, threads);
        return ResultLine.of(w.kind()).put("system", target.name()).put("transport", clients.transport())
                .put("clients", clients.users().size()).put("connected", clients.connected()).put("recipientsPerCall", recipientsPerCall)
                .put("callsInFlight", w.callsInFlight()).put("offeredPerSecond", w.offeredPerSecond())
                .put("warmupSeconds", size.warmup().toSeconds()).put("windowSeconds", size.window().toSeconds())
                .put("seconds", seconds, 2).put("calls", calls).put("callsPerSecond", calls / callSeconds, 1).put("published", published)
                .put("publishFailures", publishFailures.sum()).put("delivered", delivered).put("lost", published - delivered)
                .put("duplicates", measured.duplicates.sum()).put("outOfOrder", measured.outOfOrder.sum())
                .put("subscriberErrors", measured.errors.sum()).put("deliveredPerSecond", delivered / seconds, 1)
                .put("p50ms", p[0], 2).put("p90ms", p[1], 2).put("p99ms", p[2], 2).put("maxms", p[3], 2)
                .put("serverCpuSeconds", cpu, 2).put("serverCores", cpu / seconds, 2).put("generatorCores", gen / seconds, 2)
                .put("serverRssMiB", rss, 1).put("serverThreads", threads);
    }

    static String header() {
        return "| system | transport | clients | recipients / call | calls in flight | offered | calls/s | delivered/s | published "
                + "| delivered | lost / repeated / out of order | p50 ms | p90 ms | p99 ms | max ms | server CPU (cores) "
                + "| generator CPU (cores) | server RSS MiB | server threads |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
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
     * Publishes for {@code length} at the window's load: back to back with its calls in flight, or
     * one call every recipientsPerCall/rate seconds, to the clients' users in turn. Returns the
     * calls the system accepted, once every call has answered.
     */
    private long publishFor(Clients clients, Duration length, Window w, LongAdder failures) throws InterruptedException {
        LongAdder accepted = new LongAdder();
        long deadline = System.nanoTime() + length.toNanos();
        if (w.offeredPerSecond() > 0) {
            Semaphore inFlight = new Semaphore(w.callsInFlight());
            long periodMicros = 1_000_000L * recipientsPerCall / w.offeredPerSecond();
            ScheduledFuture<?> pacing = timer.scheduleAtFixedRate(() -> {
                if (!inFlight.tryAcquire()) {
                    failures.increment();
                    return;
                }
                clients.target().publish(batch(clients), Clock.micros()).whenComplete((ok, e) -> {
                    if (e == null && ok) {
                        accepted.increment();
                    } else {
                        failures.increment();
                    }
                    inFlight.release(); // after counting: the window's end waits for every permit
                });
            }, 0, periodMicros, TimeUnit.MICROSECONDS);
            Thread.sleep(length.toMillis()); // the window: publishing paces itself
            pacing.cancel(false);
            inFlight.acquire(w.callsInFlight()); // the last calls answered
            return accepted.sum();
        }
        CountDownLatch done = new CountDownLatch(w.callsInFlight());
        for (int i = 0; i < w.callsInFlight(); i++) {
            call(clients, deadline, accepted, failures, done);
        }
        done.await();
        return accepted.sum();
    }

    /** Recipients of each call: {@code recipientsPerCall}, or every user when there are fewer. */
    private int batchSize(List<String> users) {
        return Math.min(recipientsPerCall, users.size());
    }

    /** The clients' next {@link #batchSize} users in turn (distinct). */
    private List<String> batch(Clients clients) {
        List<String> users = clients.users();
        LongAdder next = clients.next();
        List<String> batch = new ArrayList<>(batchSize(users));
        synchronized (next) {
            for (int r = 0; r < batchSize(users); r++) {
                batch.add(users.get((int) (next.sum() % users.size())));
                next.increment();
            }
        }
        return batch;
    }

    /** A call, and the next one as soon as it answers, until the deadline. */
    private void call(Clients clients, long deadline, LongAdder accepted, LongAdder failures, CountDownLatch done) {
        if (System.nanoTime() >= deadline) {
            done.countDown();
            return;
        }
        clients.target().publish(batch(clients), Clock.micros()).whenComplete((ok, e) -> {
            if (e == null && ok) {
                accepted.increment();
                call(clients, deadline, accepted, failures, done);
            } else {
                failures.increment(); // refused: counted, and tried again a little later
                timer.schedule(() -> call(clients, deadline, accepted, failures, done), 10, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Waits until {@code expected} events have arrived, or the limit has passed (what has not is counted lost). */
    static void drain(Stats stats, long expected, Duration limit) throws InterruptedException {
        Await.until(limit, Duration.ofMillis(50), () -> stats.delivered.sum() >= expected);
    }
}
