package dev.tidings.bench;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One browser's worth of subscription to a Tidings inbox over one transport, without a thread of
 * its own: every request and message is handled by callbacks. Counts into the run's current Stats.
 */
abstract class Subscriber implements AutoCloseable {

    final URI base;
    final String token;
    final HttpClient http;
    final Supplier<Stats> stats;
    volatile long cursor;
    volatile boolean closed;
    /** The seqs received since start (relative to the cursor then): tells a duplicate from a late event. */
    private final java.util.BitSet seen = new java.util.BitSet();
    private long cursorAtStart = -1;
    /** Completes when the connection is open (true) or could not be opened (false): paces connects. */
    final CompletableFuture<Boolean> connected = new CompletableFuture<>();
    /** Completes when an open connection ends, whoever ended it (WebSocket, streaming, SSE). */
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    /** The seq this subscriber waits for (resume storm), and when it got there (System.nanoTime). */
    volatile long targetSeq = Long.MAX_VALUE;
    volatile long reachedTargetNanos;

    Subscriber(URI base, String token, HttpClient http, Supplier<Stats> stats) {
        this.base = base;
        this.token = token;
        this.http = http;
        this.stats = stats;
    }

    static Subscriber of(String transport, URI base, String token, HttpClient http, Supplier<Stats> stats,
                         ScheduledExecutorService timer, Duration pollEvery) {
        return switch (transport) {
            case "poll" -> new Poll(base, token, http, stats, timer, pollEvery);
            case "longpoll" -> new LongPoll(base, token, http, stats);
            case "stream" -> new Lines(base, token, http, stats, "stream", "application/x-ndjson");
            case "sse" -> new Lines(base, token, http, stats, "sse", "text/event-stream");
            case "websocket" -> new Socket(base, token, http, stats);
            default -> throw new IllegalArgumentException("no transport " + transport);
        };
    }

    abstract void start();

    @Override
    public void close() {
        closed = true;
    }

    HttpRequest.Builder get(String path) {
        return TidingsApi.inbox(base, token, path);
    }

    /**
     * What arrived: {@code text} as it came (its bytes count as payload, heartbeats and empty polls
     * too) and the JSON objects it carries, parsed by {@code events} (any number, any transport's
     * framing). Text that is not the JSON it should be counts as an error.
     */
    void received(String text, Function<String, List<JsonObject>> events) {
        if (closed) {
            return; // a long poll still out when its client went away: not this run's
        }
        Stats s = stats.get();
        s.payloadBytes.add(text.getBytes(StandardCharsets.UTF_8).length);
        List<JsonObject> parsed;
        try {
            parsed = events.apply(text);
        } catch (RuntimeException notJson) { // JsonException, or JSON of another shape
            s.errors.increment();
            return;
        }
        long now = Clock.micros();
        for (JsonObject event : parsed) {
            event(s, event, now);
        }
    }

    /**
     * One event: a {@code created} event carrying the publisher's send time in {@code data.t} (epoch
     * microseconds) counts as delivered, late (out of order) or a duplicate; any other kind (a
     * {@code connected} greeting, a heartbeat) is not counted. A created event without a send time,
     * which the harness never publishes, is an error.
     */
    private void event(Stats s, JsonObject event, long now) {
        if (!"created".equals(JsonText.stringOr(event, "kind"))) {
            return;
        }
        long seq = JsonText.longOr(event, "seq", -1);
        long sent = JsonText.longOr(JsonText.objectOr(JsonText.objectOr(event, "notification"), "data"), "t", -1);
        if (seq < 0 || sent < 0) {
            s.errors.increment();
            return;
        }
        synchronized (this) {
            if (cursorAtStart < 0) {
                cursorAtStart = cursor;
            }
            if (seq <= cursor) {
                // Behind the cursor: seen before (a duplicate), or new but late. The peers can deliver
                // a user's events out of order when two publish calls for that user race.
                if (seq <= cursorAtStart || seen.get((int) (seq - cursorAtStart))) {
                    s.duplicates.increment();
                    return;
                }
                s.outOfOrder.increment();
            } else {
                cursor = seq;
            }
            seen.set((int) (seq - cursorAtStart));
        }
        s.delivered.increment();
        s.latency(now - sent);
        s.lastDeliveredNanos = System.nanoTime();
        if (seq >= targetSeq && reachedTargetNanos == 0) {
            reachedTargetNanos = s.lastDeliveredNanos;
        }
    }

    /** A message that is one event (WebSocket). */
    static List<JsonObject> oneEvent(String message) {
        return List.of(JsonText.object(message));
    }

    /** A line of an SSE or NDJSON stream: the event of a {@code data:} or JSON line, none on any other. */
    static List<JsonObject> lineEvents(String line) {
        return TidingsApi.lineJson(line).map(List::of).orElse(List.of());
    }

    /** Takes a poll or long poll answer: counts its events, moves the cursor; whether the server has more at once. */
    boolean polled(String body) {
        AtomicReference<TidingsApi.Poll> answer = new AtomicReference<>();
        received(body, b -> {
            answer.set(TidingsApi.Poll.of(b));
            return answer.get().events();
        });
        TidingsApi.Poll poll = answer.get();
        if (poll == null) {
            return false; // not a poll answer: counted as an error
        }
        cursor = Math.max(cursor, poll.cursor());
        return poll.more();
    }

    /** Short polling every {@code every}, at once again while the server says {@code more}. */
    static final class Poll extends Subscriber {
        private final ScheduledExecutorService timer;
        private final Duration every;

        Poll(URI base, String token, HttpClient http, Supplier<Stats> stats, ScheduledExecutorService timer, Duration every) {
            super(base, token, http, stats);
            this.timer = timer;
            this.every = every;
        }

        @Override
        void start() {
            timer.schedule(this::poll, (long) (Math.random() * every.toMillis()), TimeUnit.MILLISECONDS);
        }

        private void poll() {
            if (closed) {
                return;
            }
            stats.get().requests.increment();
            http.sendAsync(get("poll?after=" + cursor).build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                boolean more = false;
                connected.complete(e == null && r.statusCode() == 200);
                if (e != null || r.statusCode() != 200) {
                    stats.get().errors.increment();
                } else {
                    more = polled(r.body());
                }
                timer.schedule(this::poll, more ? 0 : every.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
    }

    /** Long polling: the next request as soon as one answers, from its cursor. */
    static final class LongPoll extends Subscriber {
        LongPoll(URI base, String token, HttpClient http, Supplier<Stats> stats) {
            super(base, token, http, stats);
        }

        @Override
        void start() {
            if (closed) {
                return;
            }
            stats.get().requests.increment();
            connected.complete(true); // a long poll is "open" while it waits: pacing counts it at once
            http.sendAsync(get("longpoll?after=" + cursor).build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    stats.get().errors.increment();
                    if (!closed) {
                        sleepBriefly();
                    }
                } else {
                    polled(r.body());
                }
                start();
            });
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(200); // back off after a refused poll, as a browser would
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** HTTP streaming (NDJSON) or SSE: one response read line by line as it arrives. */
    static final class Lines extends Subscriber implements Flow.Subscriber<String> {
        private final String path;
        private final String accept;
        private volatile Flow.Subscription subscription;

        Lines(URI base, String token, HttpClient http, Supplier<Stats> stats, String path, String accept) {
            super(base, token, http, stats);
            this.path = path;
            this.accept = accept;
        }

        @Override
        void start() {
            stats.get().requests.increment();
            HttpResponse.BodyHandler<Void> lines = info -> info.statusCode() == 200
                    ? HttpResponse.BodySubscribers.fromLineSubscriber(this)
                    : HttpResponse.BodySubscribers.<Void>replacing(null); // refused (e.g. a proxy's 502): an error
            http.sendAsync(get(path + "?after=" + cursor).header("Accept", accept).build(), lines).whenComplete((r, e) -> {
                        connected.complete(false);
                        ended.complete(null);
                        if (!closed) {
                            stats.get().errors.increment(); // a stream should not end during a run
                        }
                    });
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            connected.complete(true);
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            received(line + "\n", Subscriber::lineEvents);
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }

        @Override
        public void close() {
            super.close();
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** WebSocket: each text message is an event. */
    static final class Socket extends Subscriber implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;

        Socket(URI base, String token, HttpClient http, Supplier<Stats> stats) {
            super(base, token, http, stats);
        }

        @Override
        void start() {
            stats.get().requests.increment();
            URI ws = TidingsApi.webSocket(base, cursor);
            http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(ws, this)
                    .whenComplete((s, e) -> {
                        if (e != null) {
                            stats.get().errors.increment();
                        } else {
                            socket = s;
                        }
                        connected.complete(e == null);
                    });
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString(), Subscriber::oneEvent);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closed) {
                stats.get().errors.increment();
            }
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closed) {
                stats.get().errors.increment(); // the server went away without a close frame
            }
            ended.complete(null);
        }

        @Override
        public void close() {
            super.close();
            WebSocket s = socket;
            if (s != null) {
                s.abort();
            }
        }
    }
}
