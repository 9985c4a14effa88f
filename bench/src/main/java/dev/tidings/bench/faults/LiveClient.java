package dev.tidings.bench.faults;

import dev.tidings.bench.Await;
import dev.tidings.bench.TidingsApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A browser's live connection to one user's inbox (SSE or WebSocket) that stays through server
 * crashes: when its connection ends it connects again every 500 ms, resuming after the last seq
 * it received, as tidings.js does. It counts what it receives, so the run can compare it with
 * the log: every event once, nothing lost over the restart.
 */
abstract class LiveClient {

    final String transport;
    final URI base;
    final HttpClient http;
    final String token;
    private final Thread thread;
    private final List<LogEvent> received = new ArrayList<>();
    private volatile boolean stopped;
    private volatile long lastSeq;
    private volatile long duplicates;
    private volatile long skipped;
    private volatile int connects;
    private volatile boolean open;
    /** System.nanoTime of every connect. */
    private final List<Long> connectTimes = new java.util.concurrent.CopyOnWriteArrayList<>();

    LiveClient(String transport, URI base, HttpClient http, String token) {
        this.transport = transport;
        this.base = base;
        this.http = http;
        this.token = token;
        this.thread = new Thread(this::loop, "live-" + transport);
        thread.setDaemon(true);
    }

    static LiveClient of(String transport, URI base, HttpClient http, String token) {
        return switch (transport) {
            case "sse" -> new Sse(base, http, token);
            case "websocket" -> new Socket(base, http, token);
            default -> throw new IllegalArgumentException("no live transport " + transport);
        };
    }

    void start() {
        thread.start();
    }

    void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** Stays connected until the connection ends (or the client is stopped). */
    abstract void connectOnce(long after) throws Exception;

    boolean stopped() {
        return stopped;
    }

    /** Connect, and again whenever the connection ends, after the last seq received. */
    private void loop() {
        while (!stopped) {
            try {
                connectOnce(lastSeq);
            } catch (InterruptedException e) {
                return;
            } catch (Exception refusedOrEnded) {
                // the server is down or starting: try again
            } finally {
                open = false;
            }
            try {
                Thread.sleep(500); // between attempts, as tidings.js waits
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The connection is open (the server accepted it): counted, and the clock for the first event starts. */
    void opened() {
        connects++;
        connectTimes.add(System.nanoTime());
        open = true;
    }

    /** How many times it has connected so far. */
    int connects() {
        return connects;
    }

    /** Where the client stands at one moment: connected or not, the last seq it has. */
    record State(boolean open, long lastSeq) {
    }

    State state() {
        return new State(open, lastSeq);
    }

    /** Seconds from {@code nanos} (System.nanoTime) to the first connect after it; NaN if there was none. */
    double secondsToConnectAfter(long nanos) {
        return connectTimes.stream().filter(t -> t > nanos).findFirst().map(t -> (t - nanos) / 1e9).orElse(Double.NaN);
    }

    /** Every event received, in order of arrival. */
    synchronized void accept(List<LogEvent> events) {
        for (LogEvent e : events) {
            if (e.isReset() || e.seq() <= lastSeq) {
                duplicates += e.isReset() ? 0 : 1;
                continue;
            }
            if (e.seq() != lastSeq + 1) {
                skipped++;
            }
            lastSeq = e.seq();
            received.add(e);
        }
    }

    /** Waits (at most {@code timeout}) until the client has received up to {@code seq}. */
    boolean awaitSeq(long seq, Duration timeout) throws InterruptedException {
        return Await.until(timeout, Duration.ofMillis(100), () -> lastSeq >= seq);
    }

    /** What this client has against the user's log: received, lost, twice, different from the log. */
    record Comparison(String transport, long received, long lost, long twice, long skippedLive, long wrong, int connects) {
        boolean clean() {
            return lost == 0 && twice == 0 && wrong == 0;
        }
    }

    synchronized Comparison compare(List<LogEvent> log) {
        Map<Long, String> got = new HashMap<>();
        received.forEach(e -> got.put(e.seq(), e.id()));
        long lost = log.stream().filter(e -> !got.containsKey(e.seq())).count();
        Map<Long, String> inLog = new HashMap<>();
        log.forEach(e -> inLog.put(e.seq(), e.id()));
        long wrong = received.stream().filter(e -> !java.util.Objects.equals(e.id(), inLog.get(e.seq()))).count();
        return new Comparison(transport, received.size(), lost, duplicates, skipped, wrong, connects);
    }

    /** Server-Sent Events, read line by line; events come as {@code data:} lines. */
    static final class Sse extends LiveClient {
        private volatile Stream<String> lines;

        Sse(URI base, HttpClient http, String token) {
            super("sse", base, http, token);
        }

        @Override
        void connectOnce(long after) throws IOException, InterruptedException {
            HttpResponse<Stream<String>> answer = http.send(TidingsApi.inbox(base, token, "sse?after=" + after)
                    .timeout(Duration.ofSeconds(10)).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> body = answer.body()) {
                if (answer.statusCode() != 200) {
                    return;
                }
                lines = body;
                opened();
                body.takeWhile(line -> !stopped()).map(TidingsApi::lineJson).flatMap(Optional::stream)
                        .forEach(json -> accept(LogEvent.in(json)));
            } catch (RuntimeException ended) {
                // the connection went away under the stream (the server was killed)
            }
        }

        @Override
        void stop() {
            super.stop();
            Stream<String> s = lines;
            if (s != null) {
                s.close();
            }
        }
    }

    /** WebSocket: each text message is an event. */
    static final class Socket extends LiveClient implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile CompletableFuture<Void> ended;
        private volatile WebSocket socket;

        Socket(URI base, HttpClient http, String token) {
            super("websocket", base, http, token);
        }

        @Override
        void connectOnce(long after) throws Exception {
            ended = new CompletableFuture<>();
            partial.setLength(0);
            URI ws = TidingsApi.webSocket(base, after);
            socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                    .buildAsync(ws, this).get(15, TimeUnit.SECONDS);
            opened();
            while (!stopped() && !ended.isDone()) {
                try {
                    ended.get(500, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException stillOpen) {
                    // keep waiting
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                accept(LogEvent.parse(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            partial.setLength(0);
            ended.complete(null);
        }

        @Override
        void stop() {
            super.stop();
            WebSocket s = socket;
            if (s != null) {
                s.abort();
            }
        }
    }
}
