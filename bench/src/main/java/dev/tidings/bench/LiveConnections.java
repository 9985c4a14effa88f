package dev.tidings.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * The live connections Tidings' hub holds, as {@code /health/live} reports them (docs/operations.md,
 * "Health"), summed over the servers of a system: what the harness waits for instead of sleeping
 * and hoping, both for subscribers to be registered before a window and for the server to let go
 * of a run's connections after it (so that the next run starts from the same count). The peers
 * report none: {@link #NONE} reports nothing and waits for nothing.
 */
public final class LiveConnections {

    /** A system that does not report its connections (Socket.IO, Pushpin): there is nothing to wait for. */
    static final LiveConnections NONE = new LiveConnections(null, List.of());

    /**
     * How long a server may take to let go of connections whose clients closed them: a closed SSE or
     * stream is noticed at its next heartbeat or the one after (15 s each), a long poll at its timeout
     * (25 s), a WebSocket at once (the server defaults, which bench/run keeps).
     */
    public static final Duration LET_GO_LIMIT = Duration.ofSeconds(60);
    /** How long connections the clients already hold may take to be registered with the hub. */
    public static final Duration REGISTER_LIMIT = Duration.ofSeconds(30);
    private static final Duration EVERY = Duration.ofMillis(100);

    private final HttpClient http;
    private final List<URI> servers;

    /** The sum over the Tidings servers at {@code servers}. */
    public LiveConnections(HttpClient http, List<URI> servers) {
        this.http = http;
        this.servers = List.copyOf(servers);
    }

    /** Both systems' servers as one. */
    LiveConnections and(LiveConnections other) {
        return new LiveConnections(http != null ? http : other.http,
                java.util.stream.Stream.concat(servers.stream(), other.servers.stream()).toList());
    }

    /** Whether there is a count to wait on. */
    public boolean reported() {
        return !servers.isEmpty();
    }

    /** The live connections the servers hold now (0 when none is reported). */
    public int count() throws IOException, InterruptedException {
        int sum = 0;
        for (URI server : servers) {
            sum += TidingsApi.liveConnections(http, server);
        }
        return sum;
    }

    /** {@link #count()} where a failure to ask is unexpected. */
    public int now() throws InterruptedException {
        try {
            return count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /health/live of " + servers, e);
        }
    }

    /**
     * Waits until the servers hold at least {@code n} live connections (every subscriber opened is
     * registered), at most {@link #REGISTER_LIMIT}; an IllegalStateException saying {@code what} otherwise.
     */
    public void awaitAtLeast(int n, String what) throws InterruptedException {
        await(c -> c >= n, REGISTER_LIMIT, "at least " + n, what);
    }

    /**
     * Waits until the servers hold at most {@code n} live connections (they have let go of those
     * closed), at most {@link #LET_GO_LIMIT}; an IllegalStateException saying {@code what} otherwise.
     */
    public void awaitAtMost(int n, String what) throws InterruptedException {
        await(c -> c <= n, LET_GO_LIMIT, "at most " + n, what);
    }

    /** Waits until the count satisfies {@code ok}, at most {@code limit}; whether it did. */
    public boolean until(IntPredicate ok, Duration limit) throws InterruptedException {
        if (!reported()) {
            return true;
        }
        try {
            return Await.asking(limit, EVERY, () -> ok.test(count()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /health/live of " + servers, e);
        }
    }

    void await(IntPredicate ok, Duration limit, String expected, String what) throws InterruptedException {
        if (!until(ok, limit)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%s: the hub holds %d live connections after %d s, not %s"
                    + " (/health/live of %s)", what, now(), limit.toSeconds(), expected, servers));
        }
    }
}
