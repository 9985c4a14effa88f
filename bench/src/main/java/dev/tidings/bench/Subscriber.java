package dev.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser's worth of subscription to a Tidings inbox over one transport, without a thread of
 * its own: every request and message is handled by callbacks. Counts into the run's current Stats.
 */
abstract class Subscriber implements AutoCloseable {

    /** A created event and the publisher's send time it carries in data.t (epoch microseconds). */
    private static final Pattern EVENT = Pattern.compile("\"seq\":(\\d+),\"kind\":\"created\".*?\"data\":\\{\"t\":(\\d+)\\}");
    private static final Pattern CURSOR = Pattern.compile("\"cursor\":(\\d+)");

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
        return HttpRequest.newBuilder(base.resolve("api/v1/inbox/" + path)).header("Authorization", "Bearer " + token);
    }

    /** Counts the events in {@code text} (any number, any transport's framing). */
    void received(String text) {
        if (closed) {
            return; // a long poll still out when its client went away: not this run's
        }
        Stats s = stats.get();
        s.payloadBytes.add(text.getBytes(StandardCharsets.UTF_8).length);
        long now = Clock.micros();
        Matcher m = EVENT.matcher(text);
        while (m.find()) {
            long seq = Long.parseLong(m.group(1));
            synchronized (this) {
                if (cursorAtStart < 0) {
                    cursorAtStart = cursor;
                }
                if (seq <= cursor) {
                    // Behind the cursor: seen before (a duplicate), or new but late. The peers can deliver
                    // a user's events out of order when two publish calls for that user race.
                    if (seq <= cursorAtStart || seen.get((int) (seq - cursorAtStart))) {
                        s.duplicates.increment();
                        continue;
                    }
                    s.outOfOrder.increment();
                } else {
                    cursor = seq;
                }
                seen.set((int) (seq - cursorAtStart));
            }
            s.delivered.increment();
            s.latency(now - Long.parseLong(m.group(2)));
            s.lastDeliveredNanos = System.nanoTime();
            if (seq >= targetSeq && reachedTargetNanos == 0) {
                reachedTargetNanos = s.lastDeliveredNanos;
            }
        }
    }

    static long cursorIn(String body, long otherwise) {
        Matcher m = CURSOR.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : otherwise;
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
                    received(r.body());
                    cursor = Math.max(cursor, cursorIn(r.body(), cursor));
                    more = r.body().contains("\"more\":true");
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
                    received(r.body());
                    cursor = Math.max(cursor, cursorIn(r.body(), cursor));
                }
                start();
            });
        }

        private static void sleepBriefly() {
            try {
                Thread.sleep(200);
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
            received(line + "\n");
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
            URI ws = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("api/v1/inbox/ws?after=" + cursor);
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
                received(partial.toString());
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
