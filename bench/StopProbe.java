import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a server stop does to live clients, against a Liberty server of your own that this
 * program stops and starts with its {@code bin/server} script: opens N clients (round robin over
 * the transports, 8 per user), stops the server and times {@code server stop}, records how each
 * connection ended (WebSocket close code and reason, the SSE {@code retry:} and {@code stopping}
 * event, the stream's and long poll's {@code retry}), reads the stop's lines of messages.log,
 * starts the server again, reconnects every client from its last seq, publishes more and checks
 * that every client has every event exactly once, in order.
 *
 *   ulimit -n 20000; java -Xmx2g bench/StopProbe.java http://localhost:9380/ target/liberty/wlp tidings-stop 10000 \
 *       [websocket,sse,stream,longpoll]
 *
 * Needs the development token endpoint. Exits 1 if a client lost or repeated an event.
 */
public class StopProbe {

    static final Pattern EVENT = Pattern.compile("\\{\"seq\":(\\d+),\"kind\":\"(created|updated|retracted|read)\"");
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    static final Pattern RETRY_FIELD = Pattern.compile("\"retry\":(\\d+)");
    static final Pattern RETRY_REASON = Pattern.compile("retry: ?(\\d+)");
    static final Pattern CONNECTIONS = Pattern.compile("\"connections\":(\\d+)");
    static final int PER_USER = 8;
    static final int IN_FLIGHT = 64;

    static URI base;
    static final List<HttpClient> HTTP = new ArrayList<>();
    /** Set just before the stop: clients then wait for the restart instead of reconnecting. */
    static volatile boolean stopping;
    static volatile long stopStartNanos;
    /** Connections that failed or were refused outside the stop, and were opened again. */
    static final Map<String, Integer> RETRIED = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        base = URI.create(args[0]);
        Path wlp = Path.of(args[1]);
        String server = args[2];
        int n = Integer.parseInt(args[3]);
        List<String> transports = List.of((args.length > 4 ? args[4] : "websocket,sse,stream,longpoll").split(","));
        for (int i = 0; i < 8; i++) {
            HTTP.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build());
        }
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        String publisher = mint("stop-shop-" + run, "publisher");
        int users = (n + PER_USER - 1) / PER_USER;
        List<String> names = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            names.add("stop-" + run + "-" + u);
        }
        List<String> tokens = mintAll(names);
        long expected = 0;
        if (n > 0) {
            publishToAll(publisher, names);
            expected = 1;
        }
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(new Client(i, transports.get(i % transports.size()), tokens.get(i / PER_USER)));
        }
        long t0 = System.nanoTime();
        connectAll(clients);
        awaitAll(clients, expected, Duration.ofMinutes(5), "first event");
        awaitLive(n, Duration.ofMinutes(2));
        System.out.printf("%d clients (%s) connected and caught up in %.1f s; %d live on the server%n", n,
                String.join(",", transports), (System.nanoTime() - t0) / 1e9, live());

        Path log = wlp.resolve("usr/servers/" + server + "/logs/messages.log");
        long logFrom = Files.size(log);
        stopping = true;
        stopStartNanos = System.nanoTime();
        int rc = script(wlp, "stop", server);
        double stopSeconds = (System.nanoTime() - stopStartNanos) / 1e9;
        System.out.printf("server stop: %.1f s (exit %d)%n", stopSeconds, rc);
        // A client with 10,000 connections may take a while to see every end.
        long lateUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (clients.stream().anyMatch(c -> c.ending == null) && System.nanoTime() < lateUntil) {
            Thread.sleep(200);
        }
        report(clients);
        String stopLog = Files.readString(log).substring((int) logFrom);
        // Log records only (stack traces left out), errors and warnings counted by message id.
        Pattern record = Pattern.compile("^\\[[^]]+] \\S+ +\\S+ +([AIEW]) (\\S+?):? .*");
        Map<String, Long> counts = new TreeMap<>();
        List<String> notable = new ArrayList<>();
        stopLog.lines().forEach(l -> {
            Matcher m = record.matcher(l);
            if (!m.matches()) {
                return;
            }
            if (m.group(1).equals("E") || m.group(1).equals("W")) {
                counts.merge(m.group(2), 1L, Long::sum);
            }
            if (l.contains("CWWKE1100I") || l.contains("CWWKE1101I") || l.contains("CWWKE1102W") || l.contains("CWWKE0036I")
                    || l.contains("dev.tidings")) {
                notable.add(l.length() > 220 ? l.substring(0, 220) + "…" : l);
            }
        });
        System.out.println("messages.log during the stop: errors and warnings " + counts);
        notable.forEach(l -> System.out.println("  " + l));

        long s0 = System.nanoTime();
        script(wlp, "start", server);
        awaitReady(Duration.ofMinutes(3));
        System.out.printf("server start until ready: %.1f s%n", (System.nanoTime() - s0) / 1e9);
        stopping = false;
        long r0 = System.nanoTime();
        connectAll(clients);
        awaitLive(n, Duration.ofMinutes(3));
        System.out.printf("%d clients reconnected from their cursors in %.1f s%n", n, (System.nanoTime() - r0) / 1e9);
        if (n > 0) {
            publishToAll(publisher, names);
            publishToAll(publisher, names);
            expected += 2;
        }
        awaitAll(clients, expected, Duration.ofMinutes(3), "events after the restart");
        int lost = 0;
        int twice = 0;
        int disordered = 0;
        for (Client c : clients) {
            List<Long> seqs = c.seqs();
            long distinct = seqs.stream().distinct().count();
            twice += seqs.size() - distinct;
            if (distinct < expected) {
                if (lost++ < 10) {
                    System.out.printf("  client %d (%s) ended %s, reopened %s, has seqs %s%n", c.index, c.transport, c.endingAtStop,
                            c.ending == null ? "and open" : "but " + c.ending, seqs);
                }
            }
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) <= seqs.get(i - 1)) {
                    disordered++;
                    break;
                }
            }
        }
        if (!RETRIED.isEmpty()) {
            System.out.println("connections opened again after a failure outside the stop: " + new TreeMap<>(RETRIED));
        }
        System.out.printf("after the restart: %d clients × %d events: %d clients missing an event, %d duplicate deliveries, "
                + "%d clients out of order%n", n, expected, lost, twice, disordered);
        clients.forEach(Client::close);
        System.exit(lost + twice + disordered == 0 ? 0 : 1);
    }

    static void report(List<Client> clients) {
        Map<String, List<Client>> byTransport = clients.stream().collect(Collectors.groupingBy(c -> c.transport, TreeMap::new,
                Collectors.toList()));
        for (Map.Entry<String, List<Client>> e : byTransport.entrySet()) {
            List<Client> cs = e.getValue();
            Map<String, Long> endings = cs.stream().collect(Collectors.groupingBy(c -> c.ending == null ? "not ended" : c.ending,
                    TreeMap::new, Collectors.counting()));
            List<Long> retries = cs.stream().filter(c -> c.retryMillis >= 0).map(c -> c.retryMillis).sorted().toList();
            double lastEnd = cs.stream().filter(c -> c.endedNanos > 0).mapToLong(c -> c.endedNanos - stopStartNanos).max().orElse(0) / 1e9;
            System.out.printf("  %-9s %5d: %s; retry hints %d (%s); last end %.1f s after the stop began%n", e.getKey(), cs.size(),
                    endings, retries.size(), retries.isEmpty() ? "-" : retries.get(0) + "–" + retries.get(retries.size() - 1) + " ms",
                    lastEnd);
        }
    }

    /** One browser-like subscriber: one transport, its cursor, every seq it received. */
    static final class Client implements Flow.Subscriber<String>, WebSocket.Listener {
        final int index;
        final String transport;
        final String token;
        final HttpClient http;
        private final List<Long> seqs = new ArrayList<>();
        volatile long cursor;
        volatile boolean connected;
        volatile String ending;
        volatile String endingAtStop;
        volatile long retryMillis = -1;
        volatile long endedNanos;
        private volatile boolean sawStopping;
        private volatile boolean closed;
        private volatile Flow.Subscription subscription;
        private volatile WebSocket socket;
        private final StringBuilder partial = new StringBuilder();
        private final StringBuilder sseEvent = new StringBuilder();
        private String sseName;
        private long sseRetry = -1;
        private CompletableFuture<Void> opened;

        Client(int index, String transport, String token) {
            this.index = index;
            this.transport = transport;
            this.token = token;
            this.http = HTTP.get(index % HTTP.size());
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }

        /** Opens (again) from the cursor; completes when the server has answered the open. */
        CompletableFuture<Void> open() {
            if (ending != null) {
                endingAtStop = ending;
            }
            ending = null;
            sawStopping = false;
            connected = false;
            opened = new CompletableFuture<>();
            switch (transport) {
                case "websocket" -> http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .buildAsync(URI.create(base.toString().replaceFirst("^http", "ws")).resolve("api/v1/inbox/ws?after=" + cursor), this)
                        .whenComplete((s, e) -> {
                            socket = s;
                            connected = e == null;
                            if (e != null) {
                                ended("open failed: " + e.getClass().getSimpleName());
                            }
                            opened.complete(null);
                        });
                case "sse", "stream" -> http.sendAsync(get((transport.equals("sse") ? "sse" : "stream") + "?after=" + cursor)
                                        .header("Accept", transport.equals("sse") ? "text/event-stream" : "application/x-ndjson").build(),
                                info -> info.statusCode() == 200 ? HttpResponse.BodySubscribers.fromLineSubscriber(this)
                                        : HttpResponse.BodySubscribers.replacing(null))
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                ended("failed: " + e.getClass().getSimpleName());
                            } else if (r.statusCode() != 200) {
                                ended("refused " + r.statusCode());
                            } else {
                                ended(sawStopping ? "ended after stopping" : "ended without stopping");
                            }
                            opened.complete(null);
                        });
                case "longpoll" -> poll();
                default -> throw new IllegalArgumentException(transport);
            }
            return opened;
        }

        private HttpRequest.Builder get(String path) {
            return HttpRequest.newBuilder(base.resolve("api/v1/inbox/" + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofMinutes(2));
        }

        private void poll() {
            connected = true;
            opened.complete(null); // a held long poll is open while it waits
            http.sendAsync(get("longpoll?after=" + cursor).build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e != null) {
                    ended("failed: " + e.getClass().getSimpleName());
                    return;
                }
                if (r.statusCode() != 200) {
                    retryMillis = r.headers().firstValue("Retry-After").map(s -> Long.parseLong(s) * 1000).orElse(-1L);
                    ended("refused " + r.statusCode());
                    return;
                }
                received(r.body());
                Matcher hint = RETRY_FIELD.matcher(r.body());
                if (hint.find()) {
                    retryMillis = Long.parseLong(hint.group(1));
                    ended("answered with retry");
                    return;
                }
                if (stopping) {
                    ended("answered without retry");
                    return;
                }
                poll();
            });
        }

        synchronized void received(String text) {
            Matcher m = EVENT.matcher(text);
            while (m.find()) {
                long seq = Long.parseLong(m.group(1));
                seqs.add(seq);
                cursor = Math.max(cursor, seq);
            }
        }

        private void ended(String how) {
            if (!stopping && !closed) {
                // Outside the stop a real client tries again (after a pause): count it, and do so.
                RETRIED.merge(transport + " " + how, 1, Integer::sum);
                CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(this::open);
                return;
            }
            if (ending == null) {
                ending = how;
                endedNanos = System.nanoTime();
            }
            connected = false;
        }

        // ---- SSE and stream: lines ----
        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            connected = true;
            opened.complete(null);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (transport.equals("stream")) {
                if (line.contains("\"kind\":\"stopping\"")) {
                    sawStopping = true;
                    Matcher hint = RETRY_FIELD.matcher(line);
                    if (hint.find()) {
                        retryMillis = Long.parseLong(hint.group(1));
                    }
                } else {
                    received(line);
                }
                return;
            }
            // text/event-stream: fields until a blank line
            if (line.isEmpty()) {
                if ("stopping".equals(sseName)) {
                    sawStopping = true;
                }
                if (sseRetry >= 0 && (stopping || "stopping".equals(sseName))) {
                    retryMillis = sseRetry;
                }
                if (!"connected".equals(sseName)) {
                    received(sseEvent.toString());
                }
                sseEvent.setLength(0);
                sseName = null;
                sseRetry = -1;
            } else if (line.startsWith("data:")) {
                sseEvent.append(line.substring(5));
            } else if (line.startsWith("event:")) {
                sseName = line.substring(6).strip();
            } else if (line.startsWith("retry:")) {
                sseRetry = Long.parseLong(line.substring(6).strip());
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onComplete() {
        }

        // ---- WebSocket ----
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            Matcher hint = RETRY_REASON.matcher(reason);
            if (hint.find()) {
                retryMillis = Long.parseLong(hint.group(1));
            }
            ended("close " + code + (retryMillis >= 0 ? " with retry" : " (" + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended("error: " + error.getClass().getSimpleName());
        }

        void close() {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            WebSocket w = socket;
            if (w != null) {
                w.abort();
            }
        }
    }

    static void connectAll(List<Client> clients) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (Client c : clients) {
            inFlight.acquire();
            c.open().orTimeout(2, TimeUnit.MINUTES).whenComplete((ok, e) -> inFlight.release());
        }
        inFlight.acquire(IN_FLIGHT);
    }

    static void awaitAll(List<Client> clients, long seqs, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (clients.stream().allMatch(c -> c.cursor >= seqs)) {
                return;
            }
            Thread.sleep(200);
        }
        long behind = clients.stream().filter(c -> c.cursor < seqs).count();
        System.out.printf("WARNING: %d clients still without the %s after %s%n", behind, what, limit);
    }

    static void awaitLive(int n, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        int now = -1;
        while (System.nanoTime() < deadline) {
            now = live();
            if (now >= n) {
                return;
            }
            Thread.sleep(250);
        }
        System.out.printf("WARNING: %d of %d connections live after %s%n", now, n, limit);
    }

    static int live() throws Exception {
        String body = HTTP.get(0).send(HttpRequest.newBuilder(base.resolve("health/live")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = CONNECTIONS.matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static void awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.get(0).send(HttpRequest.newBuilder(base.resolve("health/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not ready after " + limit);
    }

    static int script(Path wlp, String action, String server) throws Exception {
        Process p = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, server).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("server " + action + " did not finish");
        }
        return p.exitValue();
    }

    static String mint(String user, String... groups) throws Exception {
        String body = "{\"user\":\"" + user + "\",\"groups\":[" + (groups.length > 0 ? "\"" + groups[0] + "\"" : "") + "]}";
        HttpResponse<String> r = HTTP.get(0).send(HttpRequest.newBuilder(base.resolve("api/v1/dev/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no token: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static List<String> mintAll(List<String> users) throws Exception {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<String>> minted = new ArrayList<>();
        for (String user : users) {
            inFlight.acquire();
            minted.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return mint(user);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    inFlight.release();
                }
            }));
        }
        return minted.stream().map(CompletableFuture::join).toList();
    }

    /** One event for every user, 1,000 recipients per call (the default most). */
    static void publishToAll(String publisher, List<String> users) throws Exception {
        for (int from = 0; from < users.size(); from += 1000) {
            List<String> to = users.subList(from, Math.min(users.size(), from + 1000));
            String body = "{\"recipients\":[\"" + String.join("\",\"", to) + "\"],\"type\":\"probe\",\"title\":\"stop probe\"}";
            HttpResponse<String> r = HTTP.get(0).send(HttpRequest.newBuilder(base.resolve("api/v1/notifications"))
                    .header("Authorization", "Bearer " + publisher).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("publish answered " + r.statusCode() + ": " + r.body());
            }
        }
    }
}
