package dev.tidings.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's transport table, measured: N clients on one transport, one event per user every
 * 10 s, for each transport in turn, against a running Tidings on loopback. Per run: subscriber
 * requests/s, bytes per delivered event, server CPU, publish→receipt latency, threads, memory.
 *
 * <pre>
 *   java -cp bench/target/classes dev.tidings.bench.Bench quick|full|large [base-url] [results-file]
 *   java -cp bench/target/classes dev.tidings.bench.Bench publish quick|full [base-url] [results-file]
 *   java -cp bench/target/classes dev.tidings.bench.Bench idle N [base-url] [results-file]
 * </pre>
 *
 * Needs the development token endpoint, and the publisher "bench" exempt from the write rate
 * limit (TIDINGS_PUBLISH_RATE_PER_SECOND_BENCH=0). See docs/benchmarks.md.
 */
public final class Bench {

    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final List<String> TRANSPORTS = List.of("poll", "longpoll", "stream", "sse", "websocket");
    private static final Duration POLL_EVERY = Duration.ofMillis(500); // the seed's "twice a second"
    private static final Duration EVENT_EVERY_PER_USER = Duration.ofSeconds(10);

    record Profile(String name, List<Integer> clients, Duration window) {
    }

    private final URI base;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final ServerProbe server;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private Bench(URI base, String serverName) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(20)).build();
        this.server = ServerProbe.find(serverName);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("publish")) {
            publish(args);
            return;
        }
        if (args.length > 0 && args[0].equals("idle")) {
            idle(args);
            return;
        }
        String profileName = args.length > 0 ? args[0] : "quick";
        Profile profile = switch (profileName) {
            case "quick" -> new Profile("quick", List.of(100), Duration.ofSeconds(15));
            case "full" -> new Profile("full", List.of(100, 1000, 5000), Duration.ofSeconds(60));
            case "large" -> new Profile("large", List.of(5000), Duration.ofSeconds(60));
            default -> throw new IllegalArgumentException("profile is quick, full or large, not " + profileName);
        };
        URI base = URI.create(args.length > 1 ? args[1] : "http://localhost:9080/");
        Path results = Path.of(args.length > 2 ? args[2] : "bench/results/seed-table-" + profile.name() + ".jsonl");
        Bench bench = new Bench(base, System.getProperty("server", "tidings"));
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, bench.machine() + "\n");
        System.out.println("| transport | clients | subscriber requests/s | loopback bytes / event | payload bytes / event "
                + "| server CPU (cores) | p50 ms | p90 ms | p99 ms | max ms | published | delivered | threads | RSS MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int clients : profile.clients()) {
            for (String transport : TRANSPORTS) {
                String line = bench.run(transport, clients, profile.window());
                Files.writeString(results, line + "\n", StandardOpenOption.APPEND);
            }
        }
        System.out.println("raw results: " + results);
        System.exit(0);
    }

    /** Scenario 4, durable publish: {@code publish quick|full [base-url] [results-file]}. */
    private static void publish(String[] args) throws Exception {
        boolean full = args.length > 1 && args[1].equals("full");
        URI base = URI.create(args.length > 2 ? args[2] : "http://localhost:9080/");
        Path results = Path.of(args.length > 3 ? args[3] : "bench/results/publish-" + (full ? "full" : "quick") + ".jsonl");
        Bench bench = new Bench(base, System.getProperty("server", "tidings"));
        PublishScenario scenario = new PublishScenario(base, bench.http, bench.server, bench.token("bench", "publisher"), bench.runId);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, bench.machine() + "\n");
        Duration window = Duration.ofSeconds(full ? 30 : 10);
        scenario.run(4, 1, Duration.ofSeconds(5)); // warm-up, not recorded
        System.out.println("| publishers | recipients per call | calls/s | notifications/s | server CPU (cores) | p50 ms | p90 ms | p99 ms | failures |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int recipients : List.of(1, 100)) {
            for (int concurrency : List.of(1, 8, 32)) {
                Files.writeString(results, scenario.run(concurrency, recipients, window) + "\n", StandardOpenOption.APPEND);
            }
        }
        System.out.println("raw results: " + results);
        System.exit(0);
    }

    /** Scenario 3, idle connections: {@code idle N [base-url] [results-file]}. */
    private static void idle(String[] args) throws Exception {
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        URI base = URI.create(args.length > 2 ? args[2] : "http://localhost:9080/");
        Path results = Path.of(args.length > 3 ? args[3] : "bench/results/idle-" + clients + ".jsonl");
        Bench bench = new Bench(base, System.getProperty("server", "tidings"));
        IdleScenario scenario = new IdleScenario(base, bench.http, bench.server, bench::mintAll, bench.runId);
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, bench.machine() + "\n");
        System.out.println("| transport | idle connections | heap before MiB | heap with MiB | heap KiB / connection | threads before | threads with | errors |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String transport : List.of("longpoll", "stream", "sse", "websocket")) {
            Files.writeString(results, scenario.run(transport, clients) + "\n", StandardOpenOption.APPEND);
        }
        System.out.println("raw results: " + results);
        System.exit(0);
    }

    private String machine() {
        return String.format(Locale.ROOT, "{\"kind\":\"machine\",\"at\":\"%s\",\"cores\":%d,\"java\":\"%s\",\"os\":\"%s %s\",\"serverPid\":%d}",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.version"), server.pid());
    }

    private String run(String transport, int clients, Duration window) throws Exception {
        String publisher = token("bench", "publisher");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            users.add("bench-" + runId + "-" + transport + "-" + clients + "-" + i); // fresh users: no backlog to replay
        }
        List<String> tokens = mintAll(users);
        AtomicReference<Stats> stats = new AtomicReference<>(new Stats(1));
        List<Subscriber> subscribers = new ArrayList<>();
        for (String token : tokens) {
            Subscriber s = Subscriber.of(transport, base, token, http, stats::get, timer, POLL_EVERY);
            subscribers.add(s);
            s.start();
        }
        Thread.sleep(3000); // everyone connected

        long expected = window.toSeconds() * clients / EVENT_EVERY_PER_USER.toSeconds();
        Stats measured = new Stats((int) expected * 2 + 16);
        stats.set(measured);
        double cpu0 = server.cpuSeconds();
        long lo0 = ServerProbe.loopbackBytes();
        long t0 = System.nanoTime();
        AtomicLong published = new AtomicLong();
        AtomicLong publishErrors = new AtomicLong();
        Semaphore inFlight = new Semaphore(64);
        AtomicInteger next = new AtomicInteger();
        long periodMicros = EVENT_EVERY_PER_USER.toNanos() / 1000 / clients;
        ScheduledFuture<?> publishing = timer.scheduleAtFixedRate(() -> {
            if (!inFlight.tryAcquire()) {
                publishErrors.incrementAndGet(); // the server is not keeping up: counted, not queued
                return;
            }
            String user = users.get(Math.floorMod(next.getAndIncrement(), clients));
            String body = "{\"recipients\":[\"" + user + "\"],\"type\":\"bench\",\"title\":\"b\",\"data\":{\"t\":" + Clock.micros() + "}}";
            http.sendAsync(HttpRequest.newBuilder(base.resolve("api/v1/notifications"))
                            .header("Authorization", "Bearer " + publisher).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        inFlight.release();
                        if (e == null && r.statusCode() == 201) {
                            published.incrementAndGet();
                        } else {
                            publishErrors.incrementAndGet();
                        }
                    });
        }, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(window.toMillis());
        publishing.cancel(false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = server.cpuSeconds() - cpu0;
        long loopback = ServerProbe.loopbackBytes() - lo0;
        long requests = measured.requests.sum();
        int threads = server.threads();
        double rss = server.rssMiB();
        Thread.sleep(3000); // deliveries in flight arrive (long polls and polls come back)
        subscribers.forEach(Subscriber::close);
        Thread.sleep(2000);

        long delivered = measured.delivered.sum();
        double[] p = measured.percentiles();
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.0f | %.0f | %.2f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %.0f |%n",
                transport, clients, requests / seconds, loopback / (double) Math.max(1, delivered),
                measured.payloadBytes.sum() / (double) Math.max(1, delivered), cpu / seconds,
                p[0], p[1], p[2], p[3], published.get(), delivered, threads, rss);
        return String.format(Locale.ROOT, "{\"kind\":\"seed-table\",\"transport\":\"%s\",\"clients\":%d,\"seconds\":%.2f,"
                        + "\"subscriberRequests\":%d,\"published\":%d,\"publishErrors\":%d,\"delivered\":%d,\"duplicates\":%d,"
                        + "\"subscriberErrors\":%d,\"loopbackBytes\":%d,\"payloadBytes\":%d,\"serverCpuSeconds\":%.2f,"
                        + "\"p50ms\":%.2f,\"p90ms\":%.2f,\"p99ms\":%.2f,\"maxms\":%.2f,\"serverThreads\":%d,\"serverRssMiB\":%.1f}",
                transport, clients, seconds, requests, published.get(), publishErrors.get(), delivered, measured.duplicates.sum(),
                measured.errors.sum(), loopback, measured.payloadBytes.sum(), cpu, p[0], p[1], p[2], p[3], threads, rss);
    }

    private List<String> mintAll(List<String> users) {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<String>> minted = new ArrayList<>();
        for (String user : users) {
            inFlight.acquireUninterruptibly();
            minted.add(mint(user).whenComplete((t, e) -> inFlight.release()));
        }
        return minted.stream().map(CompletableFuture::join).toList();
    }

    private String token(String user, String group) throws IOException, InterruptedException {
        return extract(http.send(tokenRequest("{\"user\":\"" + user + "\",\"groups\":[\"" + group + "\"]}"),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private CompletableFuture<String> mint(String user) {
        return http.sendAsync(tokenRequest("{\"user\":\"" + user + "\"}"), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> extract(r.body()));
    }

    private HttpRequest tokenRequest(String json) {
        return HttpRequest.newBuilder(base.resolve("api/v1/dev/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String extract(String body) {
        Matcher m = TOKEN.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token in " + body + " (is the development token endpoint on?)");
        }
        return m.group(1);
    }
}
