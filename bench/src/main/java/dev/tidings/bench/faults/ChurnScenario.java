package dev.tidings.bench.faults;

import dev.tidings.bench.ResultLine;
import dev.tidings.bench.ServerProbe;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * R9, churn: browser tabs that come and go. N WebSocket and then N SSE connect/close cycles (at
 * most 50 at once, users from a pool), and the server's heap after a full collection before and
 * after: what connections leave behind once they are gone. Fails when the heap after is more than
 * 10% above the heap before. Also reports Liberty's HTTP sessions (MemorySession objects, counted
 * in a class histogram), open files and threads.
 */
final class ChurnScenario {

    static final String SESSION_CLASS = "com.ibm.ws.session.store.memory.MemorySession";
    static final double MAX_GROWTH = 1.10;

    /** Cycles per transport, at most this many at once, users they are spread over, warm-up cycles per transport. */
    record Profile(int cycles, int concurrency, int users, int warmUp) {
        static Profile of(String name) {
            return switch (name) {
                case "quick" -> new Profile(1_000, 50, 200, 100);
                case "full" -> new Profile(10_000, 50, 1_000, 500);
                default -> throw new IllegalArgumentException("profile is quick or full, not " + name);
            };
        }
    }

    /** The server's state at one moment, after a full collection. */
    record Snapshot(double heapMiB, long sessions, int openFiles, int threads) {
        static Snapshot of(ServerProbe server) throws Exception {
            // One histogram: the live heap and the sessions from the same collection, and nothing allocated
            // after it (the used heap, read by a second command after GC.run, also counts what the server
            // allocated in between: a quick run once read 10.6 MiB of growth, where 20,000 cycles grew 1.8).
            String histogram = server.histogram();
            return new Snapshot(ServerProbe.liveMiB(histogram), ServerProbe.instances(histogram, SESSION_CLASS), server.openFiles(),
                    server.threads());
        }
    }

    private final ServerControl server;
    private final HttpClient http;
    private final Tokens tokens;
    private final Profile profile;
    private final String prefix;
    private final List<String> failures;

    ChurnScenario(ServerControl server, HttpClient http, Tokens tokens, Profile profile, String suite, List<String> failures) {
        this.server = server;
        this.http = http;
        this.tokens = tokens;
        this.profile = profile;
        this.prefix = "churn-" + suite;
        this.failures = failures;
    }

    /** The cycles and the measurements; one result line. */
    void run(String profileName, java.util.function.Consumer<ResultLine> record) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < profile.users(); i++) {
            users.add(String.format(Locale.ROOT, "%s-u%04d", prefix, i));
        }
        List<String> userTokens = List.copyOf(tokens.forUsers(users).values());
        ServerProbe probe = server.probe();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "churn-watchdog");
            t.setDaemon(true);
            return t;
        });
        ChurnClient client = new ChurnClient(server.base(), http, timer);
        System.out.printf(Locale.ROOT, "%n## churn (R9), %s: %,d WebSocket and %,d SSE connect/close cycles, %d at once, %d users%n",
                profileName, profile.cycles(), profile.cycles(), profile.concurrency(), profile.users());
        int filesAtStart = probe.openFiles();
        for (String transport : List.of("websocket", "sse")) {
            cycles(client, transport, userTokens, profile.warmUp()); // classes, pools, caches: not charged to churn
        }
        letGo(probe, filesAtStart);
        Snapshot before = Snapshot.of(probe);
        long t0 = System.nanoTime();
        Map<String, Map<ChurnClient.Result, Long>> results = new java.util.LinkedHashMap<>();
        for (String transport : List.of("websocket", "sse")) {
            results.put(transport, cycles(client, transport, userTokens, profile.cycles()));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Duration released = letGo(probe, before.openFiles());
        Snapshot after = Snapshot.of(probe);
        if (after.heapMiB() / before.heapMiB() > MAX_GROWTH) {
            // What leaks is still there at the next collection; what a collection caught mid-way is not.
            Snapshot again = Snapshot.of(probe);
            System.out.printf(Locale.ROOT, "  live heap %.1f MiB is over the bound; at a second collection %.1f MiB%n",
                    after.heapMiB(), again.heapMiB());
            after = again.heapMiB() < after.heapMiB() ? again : after;
        }
        timer.shutdownNow();

        double ratio = after.heapMiB() / before.heapMiB();
        System.out.printf(Locale.ROOT, "  cycles in %.1f s: %s%n", seconds, results);
        System.out.printf(Locale.ROOT, "  live heap after GC: before %.1f MiB, after %.1f MiB, ratio %.3f (at most %.2f)%n",
                before.heapMiB(), after.heapMiB(), ratio, MAX_GROWTH);
        System.out.printf(Locale.ROOT, "  HTTP sessions (%s): before %d, after %d; open files before %d, after %d"
                        + " (%.0f s after the last cycle); threads before %d, after %d%n", SESSION_CLASS.substring(SESSION_CLASS.lastIndexOf('.') + 1),
                before.sessions(), after.sessions(), before.openFiles(), after.openFiles(), released.toMillis() / 1000.0,
                before.threads(), after.threads());
        results.forEach((transport, counts) -> {
            long notOk = counts.entrySet().stream().filter(e -> e.getKey() != ChurnClient.Result.OK).mapToLong(Map.Entry::getValue).sum();
            if (notOk > 0) { // a cycle that never connected measures nothing: the heap figure would flatter
                failures.add("churn: " + notOk + " of " + profile.cycles() + " " + transport + " cycles did not connect: " + counts);
            }
        });
        if (ratio > MAX_GROWTH) {
            failures.add(String.format(Locale.ROOT, "churn: live heap after GC grew from %.1f to %.1f MiB (ratio %.3f > %.2f)",
                    before.heapMiB(), after.heapMiB(), ratio, MAX_GROWTH));
        }
        ResultLine line = ResultLine.of("churn").put("profile", profileName).put("cyclesPerTransport", profile.cycles())
                .put("concurrency", profile.concurrency()).put("users", profile.users()).put("seconds", seconds);
        results.forEach((transport, counts) -> line.put(transport, ResultLine.nested().put("ok", counts.getOrDefault(ChurnClient.Result.OK, 0L))
                .put("refused", counts.getOrDefault(ChurnClient.Result.REFUSED, 0L)).put("failed", counts.getOrDefault(ChurnClient.Result.FAILED, 0L))));
        record.accept(line.put("heapBeforeMiB", before.heapMiB()).put("heapAfterMiB", after.heapMiB()).put("heapRatio", ratio)
                .put("sessionsBefore", before.sessions()).put("sessionsAfter", after.sessions())
                .put("openFilesBefore", before.openFiles()).put("openFilesAfter", after.openFiles())
                .put("secondsUntilConnectionsReleased", released.toMillis() / 1000.0)
                .put("threadsBefore", before.threads()).put("threadsAfter", after.threads()));
    }

    /** {@code count} cycles over one transport, users in turn, at most the profile's concurrency at once. */
    private Map<ChurnClient.Result, Long> cycles(ChurnClient client, String transport, List<String> userTokens, int count)
            throws InterruptedException {
        Map<ChurnClient.Result, Long> results = new EnumMap<>(ChurnClient.Result.class);
        Semaphore room = new Semaphore(profile.concurrency());
        ExecutorService pool = Executors.newFixedThreadPool(profile.concurrency());
        try {
            for (int i = 0; i < count; i++) {
                String token = userTokens.get(i % userTokens.size());
                room.acquire();
                pool.execute(() -> {
                    try {
                        ChurnClient.Result r = client.cycle(transport, token);
                        synchronized (results) {
                            results.merge(r, 1L, Long::sum);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        room.release();
                    }
                });
            }
            pool.shutdown();
            if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException(transport + " churn cycles still running after 5 minutes");
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /**
     * Waits until the server holds no more open files than {@code files} (plus a few), at most 60 s:
     * it notices a closed SSE stream at its next heartbeat (15 s). Returns how long that took.
     */
    private static Duration letGo(ServerProbe probe, int files) throws InterruptedException {
        long t0 = System.nanoTime();
        probe.awaitOpenFilesAtMost(files + 20, Duration.ofSeconds(60));
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
