package dev.tidings.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The seed's table (scenario 1): what each transport costs the server. N fresh users each connect
 * one subscriber over one transport (short polling polls every 500 ms, the seed's "twice a
 * second"); then for a window each user gets one event every 10 s (N/10 publishes a second, spread
 * evenly, one recipient each, at most 64 in flight: a publish that would exceed them is counted as
 * not sent). Reports subscriber requests per second, loopback and payload bytes per delivered event,
 * the server's CPU, publish→receipt latency, events published and delivered (and delivered twice),
 * and the server's threads and resident memory at the end of the window.
 */
final class SeedScenario {

    static final List<String> TRANSPORTS = List.of("poll", "longpoll", "stream", "sse", "websocket");
    static final Duration POLL_EVERY = Duration.ofMillis(500); // the seed's "twice a second"
    static final Duration EVENT_EVERY_PER_USER = Duration.ofSeconds(10);
    /** Publishes outstanding at most: beyond them the server is not keeping up, and a publish is not sent. */
    static final int PUBLISHES_IN_FLIGHT = 64;
    /** How long subscribers may take to have their first answer. */
    static final Duration CONNECT_LIMIT = Duration.ofSeconds(60);
    /** How long the events published in a window may take to arrive after it (a poll's interval, a long poll's round trip, a slow server). */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);

    private final ScheduledExecutorService timer;
    private final String runId;

    SeedScenario(ScheduledExecutorService timer, String runId) {
        this.timer = timer;
        this.runId = runId;
    }

    /**
     * One transport at one size: prints its table row and records its result line, then waits until
     * the server has let go of its connections (the next run starts from the same count).
     */
    void run(TidingsTarget target, String transport, int clients, Duration window, Consumer<ResultLine> record) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add("bench-" + runId + "-" + transport + "-" + clients + "-" + i); // fresh users: no backlog to replay
        }
        List<String> tokens = target.tokens(users);
        LiveConnections live = target.liveConnections();
        int before = live.now();
        AtomicReference<Stats> stats = new AtomicReference<>(new Stats(1));
        List<Subscriber> subscribers = new ArrayList<>();
        for (String token : tokens) {
            Subscriber s = target.subscriber(transport, token, stats::get, timer, POLL_EVERY);
            subscribers.add(s);
            s.start();
        }
        awaitConnected(subscribers, live, before, transport);

        long expected = window.toSeconds() * clients / EVENT_EVERY_PER_USER.toSeconds();
        Stats measured = new Stats((int) expected * 2 + 16);
        stats.set(measured);
        ServerProbe server = target.probe();
        double cpu0 = server.cpuSeconds();
        long lo0 = ServerProbe.loopbackBytes();
        long t0 = System.nanoTime();
        AtomicLong published = new AtomicLong();
        AtomicLong publishErrors = new AtomicLong();
        Semaphore inFlight = new Semaphore(PUBLISHES_IN_FLIGHT);
        AtomicInteger next = new AtomicInteger();
        long periodMicros = EVENT_EVERY_PER_USER.toNanos() / 1000 / clients;
        ScheduledFuture<?> publishing = timer.scheduleAtFixedRate(() -> {
            if (!inFlight.tryAcquire()) {
                publishErrors.incrementAndGet(); // the server is not keeping up: counted, not queued
                return;
            }
            String user = users.get(Math.floorMod(next.getAndIncrement(), clients));
            target.publish(List.of(user), Clock.micros()).whenComplete((accepted, e) -> {
                inFlight.release();
                if (e == null && accepted) {
                    published.incrementAndGet();
                } else {
                    publishErrors.incrementAndGet();
                }
            });
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(window.toMillis()); // the window: publishing paces itself
        publishing.cancel(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = server.cpuSeconds() - cpu0;
        long loopback = ServerProbe.loopbackBytes() - lo0;
        long requests = measured.requests.sum();
        int threads = server.threads();
        double rss = server.rssMiB();
        FanoutScenario.drain(measured, published.get(), DRAIN_LIMIT); // deliveries in flight arrive (polls come back)
        subscribers.forEach(Subscriber::close);

        long delivered = measured.delivered.sum();
        double[] p = measured.percentiles();
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.0f | %.0f | %.2f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %.0f |%n",
                transport, clients, requests / seconds, loopback / (double) Math.max(1, delivered),
                measured.payloadBytes.sum() / (double) Math.max(1, delivered), cpu / seconds,
                p[0], p[1], p[2], p[3], published.get(), delivered, threads, rss);
        record.accept(ResultLine.of("seed-table").put("transport", transport).put("clients", clients).put("seconds", seconds, 2)
                .put("subscriberRequests", requests).put("published", published.get()).put("publishErrors", publishErrors.get())
                .put("delivered", delivered).put("duplicates", measured.duplicates.sum()).put("subscriberErrors", measured.errors.sum())
                .put("loopbackBytes", loopback).put("payloadBytes", measured.payloadBytes.sum()).put("serverCpuSeconds", cpu, 2)
                .put("p50ms", p[0], 2).put("p90ms", p[1], 2).put("p99ms", p[2], 2).put("maxms", p[3], 2)
                .put("serverThreads", threads).put("serverRssMiB", rss, 1));
        live.awaitAtMost(before, "the server did not let go of the " + clients + " " + transport + " connections closed after the window");
    }

    /**
     * Waits until every subscriber has had its first answer (short polling: a poll; the others: the
     * connection open) and, for the transports that hold a connection, until the hub holds each one
     * that opened; at most a minute for the first, {@link LiveConnections#REGISTER_LIMIT} for the second.
     */
    private static void awaitConnected(List<Subscriber> subscribers, LiveConnections live, int before, String transport)
            throws Exception {
        try {
            CompletableFuture.allOf(subscribers.stream().map(s -> s.connected).toArray(CompletableFuture[]::new))
                    .get(CONNECT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            long waiting = subscribers.stream().filter(s -> !s.connected.isDone()).count();
            throw new IllegalStateException(waiting + " of " + subscribers.size() + " " + transport + " subscribers had no first answer after "
                    + CONNECT_LIMIT.toSeconds() + " s");
        }
        int open = (int) subscribers.stream().filter(s -> s.connected.getNow(false)).count();
        if (!transport.equals("poll")) { // a short poll holds no connection
            live.awaitAtLeast(before + open, open + " " + transport + " subscribers connected");
        }
    }

    static String header() {
        return "| transport | clients | subscriber requests/s | loopback bytes / event | payload bytes / event "
                + "| server CPU (cores) | p50 ms | p90 ms | p99 ms | max ms | published | delivered | threads | RSS MiB |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
    }
}
