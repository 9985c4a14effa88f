package dev.tidings.bench.faults;

import dev.tidings.bench.Await;
import dev.tidings.bench.LiveConnections;
import dev.tidings.bench.JsonText;
import dev.tidings.bench.TidingsApi;
import dev.tidings.bench.ResultLine;
import dev.tidings.bench.ServerProbe;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * R13, open files: more browsers than the server's open-file limit allows. The server is restarted
 * with a low limit ({@code ulimit -n}, soft and hard); then more WebSocket and SSE clients than
 * that limit connect and stay. Promised: the excess are refused as "try again later" (SSE 503 with
 * {@code Retry-After}, WebSocket close 1013), nothing fails any other way, every established
 * connection receives a notification published at the cap, {@code /health/ready} answers 200,
 * Liberty never stops the application and never runs out of files, and once the clients leave a
 * new one is taken again. The server is restarted with its usual limit at the end.
 */
final class OpenFilesScenario {

    /** The server's open-file limit, and how many clients (half WebSocket, half SSE) try to stay connected. */
    record Profile(int openFileLimit, int clients) {
        static Profile of(String name) {
            return switch (name) {
                case "quick" -> new Profile(1_024, 1_200);
                case "full" -> new Profile(4_096, 4_800);
                default -> throw new IllegalArgumentException("profile is quick or full, not " + name);
            };
        }
    }

    /** How a client's attempt to stay connected ended. */
    enum Outcome { ESTABLISHED, REFUSED_TRY_LATER, REFUSED_OTHERWISE, FAILED }

    /** Connections each user holds at most: under the per-user cap (16), so only the server's cap refuses. */
    private static final int PER_USER = 8;
    private static final int AT_ONCE = 50;
    private static final Duration STEP = Duration.ofSeconds(15);
    /** What Liberty says when it stops an application, and what the JVM says when it is out of files. */
    private static final List<String> NEVER_SAID = List.of("CWWKZ0009I", "Too many open files");

    private final ServerControl server;
    private final HttpClient http;
    private final Tokens tokens;
    private final Profile profile;
    private final String prefix;
    private final List<String> failures;

    OpenFilesScenario(ServerControl server, HttpClient http, Tokens tokens, Profile profile, String suite, List<String> failures) {
        this.server = server;
        this.http = http;
        this.tokens = tokens;
        this.profile = profile;
        this.prefix = "files-" + suite;
        this.failures = failures;
    }

    void run(String profileName, Consumer<ResultLine> record) throws Exception {
        System.out.printf(Locale.ROOT, "%n## open files (R13), %s: %,d clients (half WebSocket, half SSE) against an open-file limit of %,d%n",
                profileName, profile.clients(), profile.openFileLimit());
        server.stop();
        long logAt = Files.exists(server.messagesLog()) ? Files.size(server.messagesLog()) : 0;
        server.start(profile.openFileLimit());
        ServerProbe probe = server.probe();
        long limit = probe.maxOpenFiles();
        int filesAtStart = probe.openFiles();
        System.out.printf(Locale.ROOT, "  server restarted with open-file limit %,d, %d files open%n", limit, filesAtStart);
        if (limit != profile.openFileLimit()) {
            failures.add("open files: the server runs with a limit of " + limit + ", not " + profile.openFileLimit());
        }

        List<String> users = new ArrayList<>();
        for (int i = 0; i < (profile.clients() + PER_USER - 1) / PER_USER; i++) {
            users.add(String.format(Locale.ROOT, "%s-u%04d", prefix, i));
        }
        Map<String, String> userTokens = tokens.forUsers(users);
        String title = prefix + " at the cap";
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < profile.clients(); i++) {
            String user = users.get(i / PER_USER);
            clients.add(i % 2 == 0 ? new Socket(user, title) : new Sse(user, title));
        }
        LiveConnections live = new LiveConnections(http, List.of(server.base()));
        int liveBefore = live.now();
        long t0 = System.nanoTime();
        Semaphore room = new Semaphore(AT_ONCE);
        for (Client c : clients) {
            room.acquire();
            c.connect(userTokens.get(c.user)).whenComplete((outcome, failure) -> room.release());
        }
        room.acquire(AT_ONCE); // every attempt has an outcome
        // A WebSocket refused after the upgrade (close 1013) looks established until its close arrives: settled
        // once the hub holds exactly the connections the clients count as established.
        if (!live.until(n -> n == liveBefore + established(clients), STEP)) {
            failures.add("open files: " + STEP.toSeconds() + " s after the last attempt the hub holds " + (live.now() - liveBefore)
                    + " connections, the clients count " + established(clients) + " established");
        }
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        int filesAtCap = probe.openFiles();
        Map<String, Map<Outcome, Integer>> outcomes = new TreeMap<>();
        clients.forEach(c -> outcomes.computeIfAbsent(c.transport(), t -> new EnumMap<>(Outcome.class)).merge(c.outcome(), 1, Integer::sum));
        long refusedWithoutRetryAfter = clients.stream().filter(c -> c.outcome() == Outcome.REFUSED_TRY_LATER && !c.retryAfter).count();
        List<Client> established = clients.stream().filter(c -> c.outcome() == Outcome.ESTABLISHED).toList();
        System.out.printf(Locale.ROOT, "  %.1f s to try them all: %s; %d files open at the cap%n", connectSeconds, outcomes, filesAtCap);

        int ready = status("health/ready");
        Set<String> usersConnected = new java.util.TreeSet<>();
        established.forEach(c -> usersConnected.add(c.user));
        int published = publish(new ArrayList<>(usersConnected), title);
        Await.until(STEP, Duration.ofMillis(100), () -> established.stream().allMatch(c -> c.got.isDone()));
        long received = established.stream().filter(c -> c.got.isDone()).count();
        System.out.printf(Locale.ROOT, "  at the cap: /health/ready %d; a notification to the %d users connected (answer %d) reached %d of %d established connections%n",
                ready, usersConnected.size(), published, received, established.size());

        clients.forEach(Client::close);
        if (!live.until(n -> n <= liveBefore, LiveConnections.LET_GO_LIMIT)) {
            failures.add("open files: " + LiveConnections.LET_GO_LIMIT.toSeconds() + " s after the clients left the hub still holds "
                    + (live.now() - liveBefore) + " of their connections");
        }
        probe.awaitOpenFilesAtMost(filesAtStart + 20, Duration.ofSeconds(60));
        Client after = new Socket(users.get(0), title);
        after.connect(userTokens.get(after.user)).get(STEP.toSeconds(), TimeUnit.SECONDS);
        // Established once the hub holds it; a refusal after the upgrade (1013) changes the outcome when it arrives.
        live.until(n -> n == liveBefore + 1 || after.outcome() != Outcome.ESTABLISHED, STEP);
        Outcome afterOutcome = after.outcome();
        after.close();
        String log = Files.exists(server.messagesLog()) ? readFrom(server, logAt) : "";
        List<String> said = NEVER_SAID.stream().filter(log::contains).toList();
        System.out.printf(Locale.ROOT, "  after they left: a new WebSocket client %s; Liberty said %s%n",
                afterOutcome, said.isEmpty() ? "none of " + NEVER_SAID : said);

        long refused = clients.stream().filter(c -> c.outcome() == Outcome.REFUSED_TRY_LATER).count();
        long other = clients.size() - established.size() - refused;
        if (refused == 0) {
            failures.add("open files: no client was refused: the limit was never reached");
        }
        if (other > 0) {
            failures.add("open files: " + other + " clients neither connected nor were told to try later: " + outcomes);
        }
        if (refusedWithoutRetryAfter > 0) {
            failures.add("open files: " + refusedWithoutRetryAfter + " SSE refusals without Retry-After");
        }
        if (received < established.size()) {
            failures.add("open files: " + (established.size() - received) + " of " + established.size()
                    + " established connections did not receive the notification published at the cap");
        }
        if (ready != 200 || published != 201) {
            failures.add("open files: at the cap /health/ready answered " + ready + " and the publish " + published);
        }
        if (!said.isEmpty()) {
            failures.add("open files: Liberty said " + said + " (see " + server.messagesLog() + ")");
        }
        if (afterOutcome != Outcome.ESTABLISHED) {
            failures.add("open files: after the clients left, a new one was " + afterOutcome);
        }
        ResultLine line = ResultLine.of("openFiles").put("profile", profileName).put("openFileLimit", limit)
                .put("clients", profile.clients()).put("seconds", connectSeconds).put("filesAtStart", filesAtStart)
                .put("filesAtCap", filesAtCap);
        outcomes.forEach((transport, counts) -> {
            ResultLine t = ResultLine.nested();
            counts.forEach((o, n) -> t.put(o.name().toLowerCase(Locale.ROOT), n));
            line.put(transport, t);
        });
        record.accept(line.put("refusedWithoutRetryAfter", refusedWithoutRetryAfter).put("ready", ready).put("publish", published)
                .put("established", established.size()).put("received", received).put("libertySaid", said)
                .put("afterwards", afterOutcome.name()));

        server.stop();
        server.start(); // the usual limit again, for whatever runs next
    }

    private static long established(List<Client> clients) {
        return clients.stream().filter(c -> c.outcome() == Outcome.ESTABLISHED).count();
    }

    private static String readFrom(ServerControl server, long offset) throws IOException {
        byte[] all = Files.readAllBytes(server.messagesLog());
        int from = offset <= all.length ? (int) offset : 0; // a rotated log: read it all
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    private int status(String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(server.base().resolve(path)).timeout(STEP).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** One call to every user in {@code users}; its status (0 if it had no answer). */
    private int publish(List<String> users, String title) throws InterruptedException {
        String body = TidingsApi.notification(users, "fault", title, null);
        try {
            return http.send(TidingsApi.publish(server.base(), tokens.publisher(), body).timeout(STEP).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A browser that connects once and stays; it notes whether the notification titled {@code title} came. */
    private abstract class Client {
        final String user;
        final String title;
        final CompletableFuture<Void> got = new CompletableFuture<>();
        volatile Outcome outcome = Outcome.FAILED;
        volatile boolean retryAfter;

        Client(String user, String title) {
            this.user = user;
            this.title = title;
        }

        abstract String transport();

        /** Completes when the attempt has an outcome (a refusal after the open may still change it). */
        abstract CompletableFuture<Outcome> connect(String token);

        abstract void close();

        Outcome outcome() {
            return outcome;
        }

        /** A message or stream line: the notification titled {@code title} has come when it carries it. */
        void received(JsonObject json) {
            if (title.equals(JsonText.stringOr(JsonText.objectOr(json, "notification"), "title"))) {
                got.complete(null);
            }
        }
    }

    private final class Socket extends Client implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;

        Socket(String user, String title) {
            super(user, title);
        }

        @Override
        String transport() {
            return "websocket";
        }

        @Override
        CompletableFuture<Outcome> connect(String token) {
            URI ws = TidingsApi.webSocket(server.base(), 0);
            return http.newWebSocketBuilder().connectTimeout(STEP).header("Authorization", "Bearer " + token).buildAsync(ws, this)
                    .orTimeout(STEP.toSeconds(), TimeUnit.SECONDS)
                    .handle((s, failure) -> {
                        if (failure == null) {
                            socket = s;
                            if (outcome == Outcome.FAILED) { // not closed already by a refusal
                                outcome = Outcome.ESTABLISHED;
                            }
                        } else {
                            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
                            outcome = cause instanceof java.net.http.WebSocketHandshakeException h
                                    ? refusal(h.getResponse().statusCode(), h.getResponse().headers().firstValue("Retry-After").isPresent())
                                    : Outcome.FAILED;
                        }
                        return outcome;
                    });
        }

        private Outcome refusal(int status, boolean withRetryAfter) {
            retryAfter = withRetryAfter;
            return status == 503 ? Outcome.REFUSED_TRY_LATER : Outcome.REFUSED_OTHERWISE;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(JsonText.object(partial));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!got.isDone()) { // closed before the test ended: refused, or lost
                outcome = statusCode == 1013 ? Outcome.REFUSED_TRY_LATER : Outcome.REFUSED_OTHERWISE;
                retryAfter = true; // 1013 is itself "try again later"
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!got.isDone()) {
                outcome = Outcome.FAILED;
            }
        }

        @Override
        void close() {
            WebSocket s = socket;
            if (s != null) {
                s.abort();
            }
        }
    }

    private final class Sse extends Client implements Flow.Subscriber<String> {
        private volatile Flow.Subscription subscription;
        private final CompletableFuture<Outcome> connected = new CompletableFuture<>();

        Sse(String user, String title) {
            super(user, title);
        }

        @Override
        String transport() {
            return "sse";
        }

        @Override
        CompletableFuture<Outcome> connect(String token) {
            http.sendAsync(TidingsApi.inbox(server.base(), token, "sse?after=0").timeout(STEP)
                            .header("Accept", "text/event-stream").build(),
                    info -> {
                        if (info.statusCode() != 200) {
                            retryAfter = info.headers().firstValue("Retry-After").isPresent();
                            outcome = info.statusCode() == 503 ? Outcome.REFUSED_TRY_LATER : Outcome.REFUSED_OTHERWISE;
                            connected.complete(outcome);
                            return HttpResponse.BodySubscribers.discarding();
                        }
                        return HttpResponse.BodySubscribers.fromLineSubscriber(this);
                    }).whenComplete((r, failure) -> {
                        if (failure != null && !connected.isDone()) {
                            outcome = Outcome.FAILED;
                            connected.complete(outcome);
                        }
                    });
            return connected.orTimeout(STEP.toSeconds(), TimeUnit.SECONDS).exceptionally(timedOut -> outcome);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {
            TidingsApi.lineJson(item).ifPresent(json -> {
                if (TidingsApi.isConnected(json) && !connected.isDone()) {
                    outcome = Outcome.ESTABLISHED;
                    connected.complete(outcome);
                }
                received(json);
            });
        }

        @Override
        public void onError(Throwable throwable) {
            if (!got.isDone()) {
                outcome = Outcome.FAILED;
            }
            connected.complete(outcome);
        }

        @Override
        public void onComplete() {
            if (!got.isDone()) {
                outcome = Outcome.FAILED; // the server ended the stream before the test did
            }
            connected.complete(outcome);
        }

        @Override
        void close() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
