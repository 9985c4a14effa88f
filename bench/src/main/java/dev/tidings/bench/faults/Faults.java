package dev.tidings.bench.faults;

import dev.tidings.bench.ResultLine;
import dev.tidings.bench.ResultsFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

/**
 * The fault suite (docs/reliability.md): scenarios that break the server on purpose and check
 * what Tidings promises afterwards.
 *
 * <pre>
 *   java -cp "bench/target/classes:bench/target/lib/*" dev.tidings.bench.faults.Faults quick|full [scenario…]
 *     scenario: crash (R1), churn (R9), openfiles (R13), vanish (R15); all of them when none is named
 * </pre>
 *
 * Runs against the Liberty server bench/faults creates ({@code tidings-faults}, port 9280, the
 * publisher "bench" exempt from the write rate limit), which it starts, kills and stops itself.
 * Writes bench/results/faults-PROFILE.jsonl anew (first line: the machine; {@code -Dappend=true}
 * adds to it instead), a line as soon as each run is checked. Exits 1 when a promise was broken
 * or the suite could not finish, 2 on a usage error.
 */
public final class Faults {

    static final List<String> SCENARIOS = List.of("crash", "churn", "openfiles", "vanish");

    private Faults() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (Exception | Error e) {
            System.exit(1); // said already; the HTTP client's threads would keep a failed run alive
        }
    }

    private static int run(String[] args) throws Exception {
        if (args.length < 1 || !List.of("quick", "full").contains(args[0])) {
            System.err.println("usage: Faults quick|full [" + String.join("|", SCENARIOS) + " …]");
            return 2;
        }
        String profile = args[0];
        List<String> scenarios = args.length > 1 ? List.of(args).subList(1, args.length) : SCENARIOS;
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                System.err.println("no scenario " + s + " (" + String.join(", ", SCENARIOS) + ")");
                return 2;
            }
        }
        String suite = Long.toString(System.currentTimeMillis(), 36);
        ServerControl server = new ServerControl(Path.of(System.getProperty("wlp", "target/liberty/wlp")),
                System.getProperty("server", "tidings-faults"), URI.create(System.getProperty("base", "http://localhost:9280/")));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newCachedThreadPool(daemons())).connectTimeout(Duration.ofSeconds(3)).build();
        Path results = Path.of("bench/results/faults-" + profile + ".jsonl");
        List<String> failures = new ArrayList<>();
        try {
            server.requirePortFree();
            Duration firstStart = server.start();
            System.out.printf(Locale.ROOT, "server %s ready %.1f s after start (pid %d, H2 %s)%n", server.base(),
                    firstStart.toMillis() / 1000.0, server.probe().pid(), server.h2Version());
            Consumer<ResultLine> record = ResultsFile.start(results, Boolean.getBoolean("append"), ResultLine.machine()
                    .put("h2", server.h2Version()).put("suite", suite).put("profile", profile).put("scenarios", scenarios))::append;
            Tokens tokens = new Tokens(server.base(), http, server.probe());
            for (String scenario : scenarios) {
                switch (scenario) {
                    case "crash" -> new CrashScenario(server, http, tokens, CrashScenario.Profile.of(profile), suite, failures)
                            .run(profile, record);
                    case "churn" -> new ChurnScenario(server, http, tokens, ChurnScenario.Profile.of(profile), suite, failures)
                            .run(profile, record);
                    case "vanish" -> new VanishScenario(server, http, tokens, suite, failures).run(profile, record);
                    case "openfiles" -> new OpenFilesScenario(server, http, tokens, OpenFilesScenario.Profile.of(profile), suite, failures)
                            .run(profile, record);
                    default -> throw new IllegalStateException(scenario);
                }
            }
        } catch (Exception | Error e) {
            // Said at once: stopping a server in trouble may itself fail and would hide this.
            System.out.println("the suite stopped: " + e);
            e.printStackTrace(System.out);
            failures.forEach(f -> System.out.println("FAILED: " + f));
            stopQuietly(server);
            throw e;
        }
        server.stop();
        System.out.println();
        System.out.println("results: " + results);
        if (!failures.isEmpty()) {
            System.out.println("FAILED: " + String.join("; ", failures));
            return 1;
        }
        System.out.println("every promise checked was kept");
        return 0;
    }

    private static void stopQuietly(ServerControl server) {
        try {
            server.stop();
        } catch (Exception | Error e) {
            System.out.println("and stopping the server failed too: " + e);
        }
    }

    private static ThreadFactory daemons() {
        return r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        };
    }
}
