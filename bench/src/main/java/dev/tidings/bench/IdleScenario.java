package dev.tidings.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Idle connections (scenario 3): subscribers connect in steps up to N and wait, nothing is
 * published. At each step the server's heap after a full GC (jcmd GC.run, GC.heap_info) and its
 * threads. Heap per connection is the slope between the first and the last step, so what the
 * first connections warm up once (classes, caches, pools) is not charged to every connection.
 */
final class IdleScenario {

    private final TidingsTarget tidings;
    private final String runId;

    IdleScenario(TidingsTarget tidings, String runId) {
        this.tidings = tidings;
        this.runId = runId;
    }

    /**
     * Connects {@code steps} (ascending totals) subscribers of one transport, measuring at each step
     * once the hub holds them all; records one result line, then waits until the server has let go of
     * them, so that the next transport's baseline is clean.
     */
    void run(String transport, List<Integer> steps, Consumer<ResultLine> record) throws Exception {
        ServerProbe server = tidings.probe();
        int total = steps.get(steps.size() - 1);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            users.add("idle-" + runId + "-" + transport + "-" + i);
        }
        List<String> tokens = tidings.tokens(users);
        int filesBefore = server.openFiles();
        LiveConnections live = tidings.liveConnections();
        int liveBefore = live.now();
        AtomicReference<Stats> stats = new AtomicReference<>(new Stats(1));
        List<Subscriber> subscribers = new ArrayList<>();
        double heapBefore = server.heapAfterGcMiB();
        int threadsBefore = server.threads();
        List<Double> heaps = new ArrayList<>();
        List<Integer> threads = new ArrayList<>();
        for (int step : steps) {
            subscribers.addAll(FanoutScenario.connect(tidings, transport, tokens.subList(subscribers.size(), step), stats));
            int open = (int) subscribers.stream().filter(s -> s.connected.getNow(false)).count();
            live.awaitAtLeast(liveBefore + open, open + " idle " + transport + " subscribers connected");
            heaps.add(server.heapAfterGcMiB());
            threads.add(server.threads());
        }
        long open = subscribers.stream().filter(s -> s.connected.getNow(false)).count();
        long errors = stats.get().errors.sum();
        subscribers.forEach(Subscriber::close);
        int first = steps.get(0);
        double slope = (heaps.get(heaps.size() - 1) - heaps.get(0)) * 1024 / (total - first);
        double average = (heaps.get(heaps.size() - 1) - heapBefore) * 1024 / total;
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %s | %.2f | %.2f | %d | %s | %d | %d |%n",
                transport, steps, heapBefore, heaps.stream().map(h -> String.format(Locale.ROOT, "%.1f", h)).toList(),
                slope, average, threadsBefore, threads, open, errors);
        record.accept(ResultLine.of("idle").put("transport", transport).put("clients", total).put("steps", steps).put("connected", open)
                .put("heapBeforeMiB", heapBefore, 1).put("heapMiB", heaps.stream().map(h -> ResultLine.decimal(h, 1)).toList())
                .put("heapKiBPerConnection", slope, 2).put("heapKiBPerConnectionAverage", average, 2)
                .put("threadsBefore", threadsBefore).put("threads", threads).put("subscriberErrors", errors));
        // The server lets go of a closed SSE or stream at its next heartbeat (15 s) and of a long poll
        // at its timeout (25 s): wait that out, so the next transport's baseline is clean.
        live.awaitAtMost(liveBefore, "the server did not let go of the " + open + " idle " + transport + " connections closed");
        server.awaitOpenFilesAtMost(filesBefore + 200, Duration.ofSeconds(60));
    }

    static String header() {
        return "| transport | connections (steps) | heap before MiB | heap at each step MiB | heap KiB / connection (slope) "
                + "| heap KiB / connection (average) | threads before | threads at each step | connected | errors |\n"
                + "|---|---|---|---|---|---|---|---|---|---|";
    }
}
