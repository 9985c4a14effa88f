package dev.tidings.bench.faults;

import dev.tidings.bench.ResultLine;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * R1, crash: publishers call {@code POST /api/v1/notifications} (a key and a title of its own per
 * call) while the server is killed with SIGKILL and started again; then every user's log is read,
 * every call without a 201 is retried with the same key and body, and the logs are read again.
 * Several runs on the same server, the logs continuing. The promises checked: every acknowledged
 * notification is in its recipient's log with the id and seq it was acknowledged with; nothing is
 * in a log twice; seqs are 1, 2, 3, … without a gap; a call without an answer is in the logs (of
 * all its recipients, or of none) only if it reached the server before the kill, and its retry
 * answers with the ids the logs hold; a live SSE and a live WebSocket client resume with nothing
 * lost and nothing twice.
 */
final class CrashScenario {

    /**
     * How much of everything: runs on one server, publisher threads, users, publishing to other
     * users first (a cold server answers its first calls slowly), publishing before the kill (a
     * random time between min and max) and after the restart.
     */
    record Profile(int runs, int publishers, int users, Duration warmUp, Duration steadyMin, Duration steadyMax, Duration afterRestart) {
        static Profile of(String name) {
            return switch (name) {
                case "quick" -> new Profile(Integer.getInteger("crash.runs", 3), 8, 50, Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(1));
                case "full" -> new Profile(Integer.getInteger("crash.runs", 3), 8, 50, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(22), Duration.ofSeconds(3));
                default -> throw new IllegalArgumentException("profile is quick or full, not " + name);
            };
        }
    }

    private final ServerControl server;
    private final HttpClient http;
    private final Profile profile;
    private final String prefix;
    private final Tokens tokens;
    private final List<Call> calls = new ArrayList<>();
    private final List<String> failures;
    private Map<String, String> userTokens;
    private PublishClient client;
    private LogReader reader;
    private List<LiveClient> live = List.of();

    CrashScenario(ServerControl server, HttpClient http, Tokens tokens, Profile profile, String suite, List<String> failures) {
        this.server = server;
        this.http = http;
        this.tokens = tokens;
        this.profile = profile;
        this.prefix = "crash-" + suite;
        this.failures = failures;
    }

    /** Every run; one result line each, recorded as soon as the run is checked. Violations are added to the failures. */
    void run(String profileName, Consumer<ResultLine> record) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < profile.users(); i++) {
            users.add(String.format(Locale.ROOT, "%s-u%02d", prefix, i));
        }
        userTokens = tokens.forUsers(users);
        client = new PublishClient(server.base(), http, tokens.publisher());
        reader = new LogReader(server.base(), http);
        String watched = users.get(0);
        live = List.of(LiveClient.of("sse", server.base(), http, userTokens.get(watched)),
                LiveClient.of("websocket", server.base(), http, userTokens.get(watched)));
        live.forEach(LiveClient::start);
        System.out.printf(Locale.ROOT, "%n## crash (R1), %s: %d runs, %d publishers, %d users; live SSE and WebSocket clients of %s%n",
                profileName, profile.runs(), profile.publishers(), profile.users(), watched);
        warmUp();
        try {
            for (int run = 1; run <= profile.runs(); run++) {
                record.accept(runOnce(run, profileName, watched));
            }
        } finally {
            live.forEach(LiveClient::stop);
        }
    }

    /**
     * Ready (the database hands out connections), yet no publish answered for a minute: a server
     * that did not come back. Its threads are kept as evidence; it is killed, the suite stops.
     */
    private void wedged(int run, Publishers publishers) throws Exception {
        Path dump = Path.of("target/faults/" + prefix + "-run" + run + "-wedged-threads.txt");
        server.threadDump(dump);
        failures.add("crash run " + run + ": the restarted server is ready but acknowledged no publish for 60 s (threads: " + dump + ")");
        System.out.println("  the restarted server is ready but acknowledged no publish for 60 s; its threads: " + dump + "; killed");
        server.kill();
        publishers.stop();
        throw new IllegalStateException("crash run " + run + ": the server did not come back");
    }

    /** Every call of the run, as the harness saw it, in target/faults/ (not a result: for looking into a failure). */
    private void forensics(List<Call> mine) throws IOException {
        Path file = Path.of("target/faults/" + prefix + "-calls.jsonl");
        Files.createDirectories(file.getParent());
        StringBuilder lines = new StringBuilder();
        mine.forEach(c -> lines.append(c.json()).append('\n'));
        Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Publishing to users of its own (not checked), so that the runs start on a warm server. */
    private void warmUp() throws Exception {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < profile.users(); i++) {
            others.add(String.format(Locale.ROOT, "%s-warm-u%02d", prefix, i));
        }
        Publishers publishers = new Publishers(client, others, prefix + "-warm", 0);
        publishers.start(profile.publishers());
        Thread.sleep(profile.warmUp().toMillis()); // publishing for the warm-up's length
        List<Call> warm = publishers.stop();
        System.out.printf(Locale.ROOT, "warm-up: %d calls in %d s to other users, %d acknowledged%n",
                warm.size(), profile.warmUp().toSeconds(), warm.stream().filter(Call::acknowledged).count());
    }

    private ResultLine runOnce(int run, String profileName, String watched) throws Exception {
        Duration steady = profile.steadyMin().plusMillis(ThreadLocalRandom.current().nextLong(
                profile.steadyMax().toMillis() - profile.steadyMin().toMillis() + 1));
        Publishers publishers = new Publishers(client, List.copyOf(userTokens.keySet()), prefix, run);
        publishers.start(profile.publishers());
        Thread.sleep(steady.toMillis()); // publishing until the kill, a random time into the run
        List<LiveClient.State> atKill = live.stream().map(LiveClient::state).toList();
        ServerControl.Killed killed = server.kill();
        long killNanos = killed.signalledNanos();
        long pid = killed.pid();
        server.copyDatabase(Path.of("target/faults/" + prefix + "-run" + run + "-after-kill"));
        Duration startToReady = server.start();
        long readyNanos = System.nanoTime();
        double readyAfterKill = (readyNanos - killNanos) / 1e9;
        Thread.sleep(profile.afterRestart().toMillis()); // publishing goes on against the restarted server
        if (!publishers.awaitAcknowledgedAfter(readyNanos, Duration.ofSeconds(60))) {
            wedged(run, publishers);
        }
        List<Call> mine = publishers.stop();
        mine.forEach(c -> c.killNanos = killNanos);
        calls.addAll(mine);

        CrashRun figures = new CrashRun(run, mine, killNanos);
        figures.timing("publishers", profile.publishers());
        figures.timing("publishingBeforeKillSeconds", steady.toMillis() / 1000.0);
        figures.timing("killedPid", pid);
        figures.timing("readyAfterKillSeconds", readyAfterKill);
        figures.timing("startToReadySeconds", startToReady.toMillis() / 1000.0);
        LogCheck before = new LogCheck(reader.readAll(userTokens));
        figures.beforeRetry(before);
        new Retries(client).retryAll(figures.unknown(), profile.publishers(), Duration.ofMinutes(3));
        figures.retries(before);
        LogCheck after = new LogCheck(reader.readAll(userTokens));
        figures.afterRetry(after, calls);
        List<LogEvent> watchedLog = after.logs().get(watched);
        long last = watchedLog.isEmpty() ? 0 : watchedLog.get(watchedLog.size() - 1).seq();
        for (int i = 0; i < live.size(); i++) {
            LiveClient liveClient = live.get(i);
            if (!liveClient.awaitSeq(last, Duration.ofSeconds(30))) {
                System.out.printf(Locale.ROOT, "  live %s client has not caught up with seq %d after 30 s%n", liveClient.transport, last);
            }
            figures.live(new CrashRun.Live(atKill.get(i), liveClient.secondsToConnectAfter(killNanos), liveClient.compare(watchedLog)));
        }

        figures.print(profile.runs(), watched);
        forensics(mine);
        figures.violations().forEach((what, count) -> {
            if (count != 0) {
                failures.add("crash run " + run + ": " + what + " " + count);
            }
        });
        return figures.json(profileName);
    }
}
