package dev.tidings.bench;

import dev.tidings.bench.FanoutScenario.Size;
import dev.tidings.bench.FanoutScenario.Window;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The benchmark harness: every scenario of docs/benchmarks.md against a running Tidings on
 * loopback and, for fan-out, the two peers it starts itself (Socket.IO, Pushpin).
 *
 * <pre>
 *   java -cp "bench/target/classes:bench/target/lib/*" dev.tidings.bench.Bench SCENARIO PROFILE [base-url]
 *     SCENARIO: seed | fanout | fanout1 | pushpin-packaged | resume | publish | idle | all
 *               | cluster-latency | cluster-failover (two servers on PostgreSQL: bench/cluster 2)
 *     PROFILE: quick | full (seed also large; idle: a client count)
 * </pre>
 *
 * Each run appends nothing: it writes bench/results/SCENARIO-PROFILE.jsonl anew (first line: the
 * machine), then redraws the plots in docs/img. Needs the development token endpoint, and the
 * publisher "bench" exempt from the write rate limit (TIDINGS_PUBLISH_RATE_PER_SECOND_BENCH=0):
 * bench/run does all of it. Exits 1 when Tidings lost, repeated or reordered an event. {@code -Dsystems=tidings}
 * and {@code -Dtransports=stream} limit fan-out (and fanout1) to the systems and transports named;
 * {@code -Dappend=true} adds to the results file (its own machine line first) instead of starting it anew.
 * A wait on the server that runs out (subscribers not registered, connections not let go) stops it
 * with a message saying what it waited for.
 */
public final class Bench {

    /** Where results go: bench/results, or (bench/cluster) bench/results/cluster, which the plots do not read. */
    private static final Path RESULTS = Path.of(System.getProperty("results.dir", "bench/results"));
    /** bench/cluster: 1 or 2 Tidings servers on PostgreSQL (0: bench/run's one server). */
    private static final int SERVERS = Integer.getInteger("servers", 0);

    private final URI base;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final TidingsTarget tidings;
    /** Tidings as fan-out sees it: the server, or both servers of bench/cluster 2 (clients and publishes spread). */
    private final Target fanoutTidings;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final List<String> failures = new ArrayList<>();

    private Bench(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(20)).build();
        this.tidings = new TidingsTarget(base, http, ServerProbe.find(System.getProperty("server", "tidings")));
        this.fanoutTidings = SERVERS == 2 ? new TwoServers(tidings, second()) : tidings;
    }

    /** bench/cluster's second server (-Dsecond: its name, -Dsecond.url). */
    private TidingsTarget second() {
        return new TidingsTarget(URI.create(System.getProperty("second.url", "http://127.0.0.1:9081/")), http,
                ServerProbe.find(System.getProperty("second", "tidings-bench-b")));
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the HTTP client's threads would keep a failed run alive
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Bench seed|fanout|fanout1|pushpin-packaged|resume|publish|idle|all|cluster-latency|cluster-failover"
                    + " quick|full [base-url]"
                    + "   (idle: a client count)");
            System.exit(2);
        }
        String scenario = args[0];
        String profile = args[1];
        Bench bench = new Bench(URI.create(args.length > 2 ? args[2] : "http://localhost:9080/"));
        boolean full = profile.equals("full");
        switch (scenario) {
            case "seed" -> bench.seed(profile);
            case "fanout" -> bench.fanout(full);
            case "fanout1" -> bench.fanoutOne(full);
            case "pushpin-packaged" -> bench.pushpinPackaged(full);
            case "resume" -> bench.resume(full);
            case "publish" -> bench.publish(full);
            case "idle" -> bench.idle(Integer.parseInt(profile));
            case "cluster-latency" -> bench.clusterLatency(full);
            case "cluster-failover" -> bench.clusterFailover(full);
            case "all" -> {
                bench.seed(profile);
                bench.fanout(full);
                bench.fanoutOne(full);
                bench.resume(full);
                if (full) {
                    bench.pushpinPackaged(true);
                    bench.publish(true);
                }
            }
            default -> throw new IllegalArgumentException("no scenario " + scenario);
        }
        if (SERVERS == 0) {
            Plots.writeAll(RESULTS, Path.of("docs/img"));
        }
        if (!bench.failures.isEmpty()) {
            System.err.println("FAILED: " + String.join("; ", bench.failures));
            System.exit(1);
        }
        System.exit(0);
    }

    /** The scenario's results file, started with the machine's line (-Dappend=true: added to). */
    private ResultsFile results(String name) throws IOException {
        name += SERVERS == 0 ? "" : "-pg" + SERVERS;
        ResultsFile file = ResultsFile.start(RESULTS.resolve(name + ".jsonl"), Boolean.getBoolean("append"),
                ResultLine.machine().put("serverPid", tidings.probe().pid()));
        System.out.println();
        System.out.println("## " + name + " (raw results: " + file.path() + ")");
        return file;
    }

    /** Scenario 1, the seed's table: quick 100 clients, 5 s a transport; full 100, 1,000, 5,000 clients, 60 s; large 5,000. */
    private void seed(String profile) throws Exception {
        record Profile(List<Integer> clients, Duration window) {
        }
        Profile p = switch (profile) {
            case "quick" -> new Profile(List.of(100), Duration.ofSeconds(5));
            case "full" -> new Profile(List.of(100, 1000, 5000), Duration.ofSeconds(60));
            case "large" -> new Profile(List.of(5000), Duration.ofSeconds(60));
            default -> throw new IllegalArgumentException("profile is quick, full or large, not " + profile);
        };
        ResultsFile file = results("seed-table-" + profile);
        System.out.println(SeedScenario.header());
        SeedScenario scenario = new SeedScenario(timer, runId);
        for (int clients : p.clients()) {
            for (String transport : SeedScenario.TRANSPORTS) {
                scenario.run(tidings, transport, clients, p.window(), line -> file.append(checked(line)));
            }
        }
    }

    /** Scenario 2, fan-out: every system, every transport it has of WebSocket, SSE, streaming; 100 users a call. */
    private void fanout(boolean full) throws Exception {
        Size size = fanoutSize(full);
        compare("fanout-" + profile(full), new FanoutScenario(timer, runId, FanoutScenario.RECIPIENTS_PER_CALL, size,
                fanoutWindows("fanout", size)), false);
    }

    /**
     * Scenario 2b, fan-out one recipient a call: the same clients, every call naming one user,
     * 8 and then 64 calls in flight. Tidings over each of its transports, the peers over their
     * first (Socket.IO: WebSocket, Pushpin: SSE). Quick warms up for 1 s and measures 3 s
     * windows: with the peers on one transport each, it adds about a minute to bench/run quick.
     */
    private void fanoutOne(boolean full) throws Exception {
        Size size = full ? fanoutSize(true) : new Size(1_000, Duration.ofSeconds(1), Duration.ofSeconds(3));
        compare("fanout1-" + profile(full), new FanoutScenario(timer, runId, 1, size,
                List.of(Window.asFastAsAccepted("fanout1", 8), Window.asFastAsAccepted("fanout1", 64))), true);
    }

    /** A fan-out scenario over every system named by -Dsystems, on the transports of -Dtransports it offers. */
    private void compare(String name, FanoutScenario scenario, boolean peersOnFirstTransport) throws Exception {
        ResultsFile file = results(name);
        System.out.println(FanoutScenario.header());
        List<String> transports = List.of(System.getProperty("transports", "websocket,sse,stream").split(","));
        for (String system : System.getProperty("systems", "tidings,socketio,pushpin").split(",")) {
            try (Target target = start(system)) {
                List<String> offered = target.transports().stream().filter(transports::contains).toList();
                boolean firstOnly = peersOnFirstTransport && target != fanoutTidings;
                for (String transport : firstOnly ? offered.subList(0, Math.min(1, offered.size())) : offered) {
                    fanOut(scenario, target, transport, file);
                }
            }
        }
    }

    /**
     * Fan-out over Pushpin as Debian packages it (message_rate=2500, message_hwm=25000): what a user
     * who installs it and changes nothing gets. Kept apart from the fan-out comparison (kind
     * "packaged-fanout"), which sets message_rate=0.
     */
    private void pushpinPackaged(boolean full) throws Exception {
        ResultsFile file = results("fanout-pushpin-packaged-" + profile(full));
        System.out.println(FanoutScenario.header());
        Size size = fanoutSize(full);
        try (PushpinTarget pushpin = PushpinTarget.start(http, true)) {
            fanOut(new FanoutScenario(timer, runId, FanoutScenario.RECIPIENTS_PER_CALL, size, fanoutWindows("packaged-fanout", size)),
                    pushpin, "sse", file);
        }
    }

    /** Fan-out's size: 10,000 clients, 60 s warm-up, 30 s windows (quick: 1,000 clients, 3 s, 4 s). */
    private static Size fanoutSize(boolean full) {
        return full ? new Size(10_000, Duration.ofSeconds(60), Duration.ofSeconds(30))
                : new Size(1_000, Duration.ofSeconds(3), Duration.ofSeconds(4));
    }

    /**
     * The fan-out windows: as fast as accepted with 8 calls in flight, then paced at the seed's
     * rate (an event per user every 10 s) for latency at equal load ({@code kind}-paced).
     */
    private static List<Window> fanoutWindows(String kind, Size size) {
        return List.of(Window.asFastAsAccepted(kind, FanoutScenario.CALLS_IN_FLIGHT), Window.paced(kind + "-paced", size.clients() / 10));
    }

    private static String profile(boolean full) {
        return full ? "full" : "quick";
    }

    /** The system named, started if it is a peer (Tidings is already running). */
    private Target start(String system) throws Exception {
        return switch (system) {
            case "tidings" -> fanoutTidings;
            case "socketio" -> SocketIoTarget.start(http);
            case "pushpin" -> PushpinTarget.start(http, false);
            default -> throw new IllegalArgumentException("no system " + system + " (tidings, socketio, pushpin)");
        };
    }

    /** One fan-out run of one system over one transport; Tidings' lines are checked. */
    private void fanOut(FanoutScenario scenario, Target target, String transport, ResultsFile file) throws Exception {
        scenario.run(target, transport, line -> file.append(target == fanoutTidings ? checked(line) : line));
    }

    /** Scenario 5, resume storm (Tidings: the peers keep nothing for a client that is away). */
    private void resume(boolean full) throws Exception {
        int clients = full ? 10_000 : 1_000;
        ResultsFile file = results("resume-" + profile(full));
        System.out.println(ResumeScenario.header());
        ResumeScenario scenario = new ResumeScenario(timer, runId);
        for (String transport : full ? List.of("websocket", "sse", "stream", "longpoll") : List.of("websocket")) {
            file.append(checked(scenario.run(tidings, transport, clients, 5, Duration.ofSeconds(120))));
        }
    }

    /** Scenario 4, durable publish: 1, 8, 32 publishers; 1 or 100 recipients a call. */
    private void publish(boolean full) throws Exception {
        ResultsFile file = results("publish-" + profile(full));
        PublishScenario scenario = new PublishScenario(base, http, tidings.probe(), tidings.publisherToken(), runId);
        Duration window = Duration.ofSeconds(full ? 30 : 10);
        scenario.run(4, 1, Duration.ofSeconds(full ? 60 : 5)); // warm-up (the JIT's), not recorded
        System.out.println("| publishers | recipients per call | calls/s | notifications/s | server CPU (cores) | p50 ms | p90 ms | p99 ms | failures |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int recipients : List.of(1, 100)) {
            for (int concurrency : List.of(1, 8, 32)) {
                file.append(scenario.run(concurrency, recipients, window));
            }
        }
    }

    /**
     * Several servers (bench/cluster 2): 10,000 clients (quick 1,000), half on each server, 1,000
     * events/s offered to server A; latency for B's subscribers (cross-server) and A's (local).
     */
    private void clusterLatency(boolean full) throws Exception {
        ResultsFile file = results("cluster-latency-" + profile(full));
        System.out.println(ClusterScenario.header());
        ClusterScenario scenario = new ClusterScenario(timer, runId, tidings, second(), postgres());
        scenario.latency("websocket", full ? 10_000 : 1_000, 1_000, Duration.ofSeconds(full ? 30 : 5), Duration.ofSeconds(full ? 60 : 10),
                line -> file.append(checked(line)));
    }

    /**
     * Failover (bench/cluster 2): clients on both servers, 1,000 events/s offered to A; server B is
     * killed (SIGKILL) and its clients reconnect to A from their cursors.
     */
    private void clusterFailover(boolean full) throws Exception {
        ResultsFile file = results("cluster-failover-" + profile(full));
        System.out.println(ClusterScenario.failoverHeader());
        ClusterScenario scenario = new ClusterScenario(timer, runId, tidings, second(), postgres());
        scenario.failover("websocket", full ? 10_000 : 1_000, 1_000, Duration.ofSeconds(full ? 20 : 5), Duration.ofSeconds(full ? 30 : 10),
                line -> file.append(checked(line)));
    }

    /** PostgreSQL's postmaster and its backends (-Dpostgres.pid), or nothing. */
    private static ServerProbe postgres() {
        Long pid = Long.getLong("postgres.pid");
        return pid == null ? null : ServerProbe.tree(ProcessHandle.of(pid).orElseThrow());
    }

    /** Scenario 3, idle connections: per transport, in steps up to N (N/4, N/2, N). */
    private void idle(int clients) throws Exception {
        ResultsFile file = results("idle-" + clients);
        IdleScenario scenario = new IdleScenario(tidings, runId);
        System.out.println(IdleScenario.header());
        for (String transport : List.of("websocket", "sse", "stream", "longpoll")) {
            scenario.run(transport, List.of(clients / 4, clients / 2, clients), file::append);
        }
    }

    /** A Tidings result line, remembered as a failure when it shows an event lost, delivered twice or out of order. */
    private ResultLine checked(ResultLine line) {
        if (breaksAPromise(line.json())) {
            failures.add(line.toString());
        }
        return line;
    }

    /** The counts a Tidings line must have at 0, where it has them: events lost, delivered twice, out of order. */
    static final List<String> PROMISES = List.of("lost", "duplicates", "outOfOrder");

    /** Whether the line counts any event lost, twice or out of order (a count it does not have is not held against it). */
    static boolean breaksAPromise(JsonObject line) {
        return PROMISES.stream().anyMatch(count -> line.get(count) instanceof JsonNumber n && n.doubleValue() != 0);
    }
}
