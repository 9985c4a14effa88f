package dev.tidings.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server stop with a few hundred live clients on all four live transports (several users,
 * eight connections each), driven with Liberty's own script like {@link RestartIT}: every client
 * is told to go and when to come back (WebSocket close 1001 whose reason carries the delay; SSE
 * a last {@code stopping} event whose {@code retry:} is within the configured spread; the stream's
 * last line and the long poll's answer carry {@code retry}), the stop's lines of messages.log
 * hold no error, and after the restart every client resumes from its last seq and has every
 * event exactly once, in order. The stop's duration is printed; only a hang fails it.
 */
class GracefulStopRestartIT {

    static final Path SERVER = RestartIT.SERVER;
    static final Path DROPIN = RestartIT.DROPIN;
    static final Path OVERRIDE = SERVER.resolve("configDropins/overrides/graceful-stop.xml");
    static final URI BASE = RestartIT.BASE;
    static final long SPREAD_MILLIS = 4000;
    static final int USERS = 40;
    static final List<String> TRANSPORTS = List.of("websocket", "sse", "stream", "longpoll");
    static final int PER_TRANSPORT = 2;
    static final Pattern REASON_RETRY = Pattern.compile("retry: (\\d+)");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();

    /** Set while the server stops: a long poll that answers then is not polled again until the restart. */
    static volatile boolean stopping;

    @BeforeAll
    static void deploy() throws Exception {
        Files.copy(Path.of(System.getProperty("tidings.war", "target/tidings.war")), DROPIN, StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(OVERRIDE.getParent());
        // Long polls held longer than the test lasts: one that timed out during the stop would
        // answer as at any timeout, without retry, and say nothing about the stop.
        Files.writeString(OVERRIDE, """
                <server>
                    <variable name="tidings.shutdown.reconnect-spread-millis" value="%d"/>
                    <variable name="tidings.longpoll.timeout-seconds" value="600"/>
                </server>
                """.formatted(SPREAD_MILLIS));
    }

    @AfterAll
    static void undeploy() throws Exception {
        RestartIT.server("stop");
        Files.deleteIfExists(OVERRIDE);
        Files.deleteIfExists(DROPIN);
    }

    @Test
    void everyLiveClientIsToldToComeBackLaterAndResumesWithNothingLostOrTwice() throws Exception {
        RestartIT.start();
        Api api = new Api(BASE);
        String publisher = api.token(Api.newUser("shop"), "publisher");
        List<String> users = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String user = Api.newUser("stop" + u);
            users.add(user);
            String token = api.token(user);
            for (String transport : TRANSPORTS) {
                for (int i = 0; i < PER_TRANSPORT; i++) {
                    clients.add(new Client(transport, token));
                }
            }
        }
        api.notify(publisher, "before the stop", users.toArray(String[]::new));
        openAll(clients);
        await("every client has the first event").atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(200))
                .until(() -> clients.stream().allMatch(c -> c.cursor >= 1));
        await("every client live on the server").atMost(1, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> liveConnections() >= clients.size());

        Path log = SERVER.resolve("logs/messages.log");
        long logFrom = Files.size(log);
        stopping = true;
        long stopStarted = System.nanoTime();
        RestartIT.server("stop");
        double stopSeconds = (System.nanoTime() - stopStarted) / 1e9;
        System.out.printf("GracefulStopRestartIT: server stop with %d live clients took %.1f s%n", clients.size(), stopSeconds);
        String stopLog = Files.readString(log).substring((int) logFrom);
        await("every client has seen its connection end").atMost(1, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(200))
                .until(() -> clients.stream().allMatch(c -> c.ended.isDone()));

        assertTrue(stopSeconds < 60, "server stop took " + stopSeconds + " s");
        assertAll("how the stop ended each connection",
                () -> assertEvery(clients, "websocket", c -> c.closeCode == 1001 && c.retry >= 0,
                        "closed with 1001 and a reason carrying the delay"),
                () -> assertEvery(clients, "sse", c -> c.sawStopping && c.retry >= 0 && c.endedCleanly,
                        "a stopping event with retry:, then the end of the stream"),
                () -> assertEvery(clients, "stream", c -> c.sawStopping && c.retry >= 0 && c.endedCleanly,
                        "a last stopping line with retry, then the end of the stream"),
                () -> assertEvery(clients, "longpoll", c -> c.retry >= 0, "answered with retry"),
                () -> assertEvery(clients, null, c -> c.retry <= SPREAD_MILLIS, "told a delay within the spread, " + SPREAD_MILLIS + " ms"),
                () -> assertTrue(spreadOfDelays(clients) >= SPREAD_MILLIS / 2,
                        "the delays are spread, not one for all: " + spreadOfDelays(clients) + " ms between the shortest and longest"),
                () -> assertEquals("", errorsIn(stopLog), "errors in messages.log during the stop"),
                () -> assertTrue(stopLog.contains("Tidings is stopping: ended"), "the hub said goodbye during the quiesce"));

        RestartIT.start();
        stopping = false;
        api.notify(publisher, "while they were away", users.toArray(String[]::new));
        openAll(clients);
        api.notify(publisher, "after they came back", users.toArray(String[]::new));
        await("every client has every event").atMost(2, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(200))
                .until(() -> clients.stream().allMatch(c -> c.cursor >= 3));
        List<Long> all = LongStream.rangeClosed(1, 3).boxed().toList();
        List<String> wrong = clients.stream().filter(c -> !c.seqs().equals(all))
                .map(c -> c.transport + " " + c.seqs()).toList();
        assertEquals(List.of(), wrong, "clients without every event exactly once, in order");
        clients.forEach(Client::close);
    }

    private static void assertEvery(List<Client> clients, String transport, Predicate<Client> told, String what) {
        List<Client> these = clients.stream().filter(c -> transport == null || c.transport.equals(transport)).toList();
        List<String> not = these.stream().filter(told.negate()).map(Client::toString).toList();
        assertTrue(not.isEmpty(), (transport == null ? "every client" : "every " + transport + " client") + ": " + what + "; "
                + not.size() + " of " + these.size() + " were not, e.g. " + not.subList(0, Math.min(3, not.size())));
    }

    private static long spreadOfDelays(List<Client> clients) {
        return clients.stream().mapToLong(c -> c.retry).max().orElse(0) - clients.stream().mapToLong(c -> c.retry).min().orElse(0);
    }

    /** The error lines (level E) of a stretch of messages.log, e.g. CWWKC1101E or WELD-000019, and a quiesce that did not complete. */
    private static String errorsIn(String log) {
        return log.lines().filter(l -> l.matches("^\\[[^]]+] \\S+ +\\S+ +E .*") || l.contains("CWWKE1102W") || l.contains("CWWKE1106W"))
                .collect(Collectors.joining("\n"));
    }

    private static int liveConnections() throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(BASE.resolve("health/live")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"connections\":(\\d+)").matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void openAll(List<Client> clients) throws InterruptedException {
        Semaphore inFlight = new Semaphore(16);
        for (Client client : clients) {
            inFlight.acquire();
            client.open().orTimeout(1, TimeUnit.MINUTES).whenComplete((ok, e) -> inFlight.release());
        }
        inFlight.acquire(16);
    }

    /**
     * A browser-like subscriber on one transport: keeps every seq it receives and its cursor, and
     * how the server ended its connection (close code, the stopping frame, the retry it was told).
     */
    static final class Client implements Flow.Subscriber<String>, WebSocket.Listener {
        final String transport;
        final String token;
        private final List<Long> seqs = new ArrayList<>();
        volatile long cursor;
        volatile CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile int closeCode = -1;
        volatile long retry = -1;
        volatile boolean sawStopping;
        volatile boolean endedCleanly;
        private volatile Flow.Subscription lines;
        private volatile WebSocket socket;
        private final StringBuilder message = new StringBuilder();
        private final StringBuilder sseData = new StringBuilder();
        private String sseName;
        private long sseRetry = -1;

        Client(String transport, String token) {
            this.transport = transport;
            this.token = token;
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }

        /** Opens from the cursor; completes once the server has taken the connection. */
        CompletableFuture<?> open() {
            ended = new CompletableFuture<>();
            closeCode = -1;
            retry = -1;
            sawStopping = false;
            endedCleanly = false;
            return switch (transport) {
                case "websocket" -> HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .buildAsync(URI.create(BASE.toString().replaceFirst("^http", "ws")).resolve("api/v1/inbox/ws?after=" + cursor), this)
                        .whenComplete((ws, e) -> {
                            socket = ws;
                            if (e != null) {
                                ended.complete(null);
                            }
                        });
                case "sse" -> lines(request("sse").header("Accept", "text/event-stream").header("Last-Event-ID", Long.toString(cursor)));
                case "stream" -> lines(request("stream?after=" + cursor));
                default -> {
                    poll();
                    yield CompletableFuture.completedFuture(null);
                }
            };
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(BASE.resolve("api/v1/inbox/" + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofMinutes(15));
        }

        private CompletableFuture<?> lines(HttpRequest.Builder request) {
            CompletableFuture<Void> opened = new CompletableFuture<>();
            HTTP.sendAsync(request.build(), info -> {
                opened.complete(null);
                return info.statusCode() == 200 ? HttpResponse.BodySubscribers.fromLineSubscriber(this)
                        : HttpResponse.BodySubscribers.replacing(null);
            }).whenComplete((response, failure) -> {
                endedCleanly = failure == null && response.statusCode() == 200;
                opened.complete(null);
                ended.complete(null);
            });
            return opened;
        }

        private void poll() {
            HTTP.sendAsync(request("longpoll?after=" + cursor).build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    ended.complete(null);
                    return;
                }
                JsonObject answer = json(r.body());
                answer.getJsonArray("events").forEach(this::received);
                if (answer.containsKey("retry")) {
                    retry = answer.getJsonNumber("retry").longValue();
                    ended.complete(null);
                } else if (stopping) {
                    ended.complete(null);
                } else {
                    poll();
                }
            });
        }

        private synchronized void received(JsonValue event) {
            JsonObject e = event.asJsonObject();
            if (e.containsKey("seq") && !"connected".equals(e.getString("kind", ""))) {
                long seq = e.getJsonNumber("seq").longValue();
                seqs.add(seq);
                cursor = Math.max(cursor, seq);
            }
        }

        // ---- SSE and NDJSON lines
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            lines = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (transport.equals("stream")) {
                if (line.isBlank()) {
                    return;
                }
                JsonObject frame = json(line);
                if ("stopping".equals(frame.getString("kind", ""))) {
                    sawStopping = true;
                    retry = frame.getJsonNumber("retry").longValue();
                } else if (!"heartbeat".equals(frame.getString("kind", ""))) {
                    received(frame);
                }
                return;
            }
            if (line.isEmpty()) { // text/event-stream: an event ends at a blank line
                if ("stopping".equals(sseName)) {
                    sawStopping = true;
                    retry = sseRetry;
                } else if (!sseData.isEmpty() && !"connected".equals(sseName)) {
                    received(json(sseData.toString()));
                }
                sseData.setLength(0);
                sseName = null;
                sseRetry = -1;
            } else if (line.startsWith("data:")) {
                sseData.append(line.substring(5).strip());
            } else if (line.startsWith("event:")) {
                sseName = line.substring(6).strip();
            } else if (line.startsWith("retry:")) {
                sseRetry = Long.parseLong(line.substring(6).strip());
            }
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }

        // ---- WebSocket
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                received(json(message.toString()));
                message.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closeCode = code;
            Matcher delay = REASON_RETRY.matcher(reason);
            if (delay.find()) {
                retry = Long.parseLong(delay.group(1));
            }
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable failure) {
            ended.complete(null);
        }

        void close() {
            if (lines != null) {
                lines.cancel();
            }
            if (socket != null) {
                socket.abort();
            }
        }

        @Override
        public String toString() {
            return transport + "(close " + closeCode + ", stopping " + sawStopping + ", retry " + retry + ", clean end " + endedCleanly + ")";
        }

        private static JsonObject json(String text) {
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                return reader.readObject();
            }
        }
    }
}
