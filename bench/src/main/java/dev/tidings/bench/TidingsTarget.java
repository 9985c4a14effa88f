package dev.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Tidings, already running on loopback (started by bench/run or by hand): tokens from the
 * development token endpoint, publishes through {@code POST /api/v1/notifications} as the
 * publisher "bench" (which must be exempt from the write rate limit), every transport. Public:
 * the fault suite (dev.tidings.bench.faults) mints its tokens through it.
 */
public final class TidingsTarget implements Target {

    private final URI base;
    private final HttpClient http;
    private final ServerProbe probe;
    private final String publisherToken;

    public TidingsTarget(URI base, HttpClient http, ServerProbe probe) {
        this.base = base;
        this.http = http;
        this.probe = probe;
        this.publisherToken = mint("bench", List.of("publisher")).join();
    }

    URI base() {
        return base;
    }

    public String publisherToken() {
        return publisherToken;
    }

    @Override
    public String name() {
        return "tidings";
    }

    @Override
    public List<String> transports() {
        return List.of("websocket", "sse", "stream", "longpoll"); // short polling needs a timer: the seed table's own
    }

    @Override
    public String token(String user) {
        return mint(user, List.of()).join();
    }

    /** Tokens for many users, 32 requests in flight. */
    @Override
    public List<String> tokens(List<String> users) {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<String>> minted = new ArrayList<>();
        for (String user : users) {
            inFlight.acquireUninterruptibly();
            minted.add(mint(user, List.of()).whenComplete((t, e) -> inFlight.release()));
        }
        return minted.stream().map(CompletableFuture::join).toList();
    }

    @Override
    public Subscriber subscriber(String transport, String token, Supplier<Stats> stats) {
        return Subscriber.of(transport, base, token, http, stats, null, null);
    }

    /** As {@link #subscriber(String, String, Supplier)}, short polling too: every {@code pollEvery} on {@code timer}. */
    Subscriber subscriber(String transport, String token, Supplier<Stats> stats, ScheduledExecutorService timer, Duration pollEvery) {
        return Subscriber.of(transport, base, token, http, stats, timer, pollEvery);
    }

    @Override
    public CompletableFuture<Boolean> publish(List<String> users, long sentMicros) {
        return http.sendAsync(TidingsApi.publish(base, publisherToken, TidingsApi.benchNotification(users, sentMicros)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() == 201);
    }

    @Override
    public ServerProbe probe() {
        return probe;
    }

    /** The live connections of this server's hub ({@code /health/live}). */
    @Override
    public LiveConnections liveConnections() {
        return new LiveConnections(http, List.of(base));
    }

    @Override
    public void close() {
    }

    private CompletableFuture<String> mint(String user, List<String> groups) {
        return http.sendAsync(TidingsApi.mintToken(base, user, groups).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> TidingsApi.token(r.body()).filter(t -> r.statusCode() == 201 || r.statusCode() == 200)
                        .orElseThrow(() -> new IllegalStateException("POST " + base + "api/v1/dev/tokens answered " + r.statusCode()
                                + " (is Tidings deployed there, with the development token endpoint on?)")));
    }
}
