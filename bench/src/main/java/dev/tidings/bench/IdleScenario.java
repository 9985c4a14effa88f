package dev.tidings.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Idle connections (scenario 3): N subscribers connected and waiting, nothing published. The
 * server's heap after a full GC (jcmd GC.run, GC.heap_info) with and without them, and its
 * threads: heap and threads per idle connection.
 */
final class IdleScenario {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final URI base;
    private final HttpClient http;
    private final ServerProbe server;
    private final Function<List<String>, List<String>> mint;
    private final String runId;

    IdleScenario(URI base, HttpClient http, ServerProbe server, Function<List<String>, List<String>> mint, String runId) {
        this.base = base;
        this.http = http;
        this.server = server;
        this.mint = mint;
        this.runId = runId;
    }

    String run(String transport, int clients) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add("idle-" + runId + "-" + transport + "-" + i);
        }
        List<String> tokens = mint.apply(users);
        double heapBefore = heapAfterGcMiB();
        int threadsBefore = server.threads();
        AtomicReference<Stats> stats = new AtomicReference<>(new Stats(1));
        List<Subscriber> subscribers = new ArrayList<>();
        for (String token : tokens) {
            Subscriber s = Subscriber.of(transport, base, token, http, stats::get, null, null);
            subscribers.add(s);
            s.start();
        }
        Thread.sleep(Math.max(5000, clients)); // about 1 ms a connection, at least 5 s
        double heapWith = heapAfterGcMiB();
        int threadsWith = server.threads();
        long errors = stats.get().errors.sum();
        subscribers.forEach(Subscriber::close);
        // The server lets go of a closed SSE or stream at its next heartbeat (15 s) and of a long poll
        // at its timeout (25 s): wait that out, so the next transport's baseline is clean.
        Thread.sleep(30_000);
        double kibPerConnection = (heapWith - heapBefore) * 1024 / clients;
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %d | %d | %d |%n",
                transport, clients, heapBefore, heapWith, kibPerConnection, threadsBefore, threadsWith, errors);
        return String.format(Locale.ROOT, "{\"kind\":\"idle\",\"transport\":\"%s\",\"clients\":%d,\"heapBeforeMiB\":%.1f,"
                        + "\"heapWithMiB\":%.1f,\"heapKiBPerConnection\":%.2f,\"threadsBefore\":%d,\"threadsWith\":%d,\"subscriberErrors\":%d}",
                transport, clients, heapBefore, heapWith, kibPerConnection, threadsBefore, threadsWith, errors);
    }

    /** The server's used heap after a full collection, in MiB. */
    private double heapAfterGcMiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(server.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
