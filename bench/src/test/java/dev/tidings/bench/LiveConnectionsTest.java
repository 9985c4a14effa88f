package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiting on /health/live's connection count, against servers on loopback that answer as Tidings'
 * /health/live does (MicroProfile Health: the "delivery" check's data) with a count the test moves.
 */
@Timeout(30) // a wait that never ends fails rather than hangs the build
class LiveConnectionsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<HttpServer> servers = new ArrayList<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    /** A server whose /health/live reports {@code count}; {@code body} replaces the answer when not null. */
    private URI health(AtomicInteger count, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/live", exchange -> {
            byte[] answer = (body != null ? body : "{\"status\":\"UP\",\"checks\":[{\"name\":\"delivery\",\"status\":\"UP\","
                    + "\"data\":{\"connections\":" + count.get() + "}}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(body != null ? 503 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
        later.shutdownNow();
    }

    @Test
    void theCountIsTheSumOverTheServers() throws Exception {
        LiveConnections live = new LiveConnections(http, List.of(health(new AtomicInteger(3), null), health(new AtomicInteger(4), null)));
        assertTrue(live.reported());
        assertEquals(7, live.count());
    }

    @Test
    void waitsUntilTheConnectionsAreRegistered() throws Exception {
        AtomicInteger count = new AtomicInteger(2);
        LiveConnections live = new LiveConnections(http, List.of(health(count, null)));
        later.schedule(() -> count.set(12), 300, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        live.awaitAtLeast(12, "ten subscribers connected");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(waited >= 250 && waited < 10_000, waited + " ms");
    }

    @Test
    void waitsUntilTheServerHasLetGo() throws Exception {
        AtomicInteger count = new AtomicInteger(100);
        LiveConnections live = new LiveConnections(http, List.of(health(count, null)));
        later.schedule(() -> count.set(40), 200, TimeUnit.MILLISECONDS);
        later.schedule(() -> count.set(0), 400, TimeUnit.MILLISECONDS);
        live.awaitAtMost(0, "closed");
        assertEquals(0, live.count());
    }

    @Test
    void aCountNeverReachedFailsSayingWhatWasAwaited() throws Exception {
        LiveConnections live = new LiveConnections(http, List.of(health(new AtomicInteger(3), null)));
        long t0 = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> live.await(n -> n >= 5, Duration.ofMillis(500), "at least 5", "5 websocket subscribers connected"));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(500));
        assertTrue(e.getMessage().startsWith("5 websocket subscribers connected: the hub holds 3 live connections after 0 s, not at least 5"),
                e.getMessage());
        assertFalse(live.until(n -> n == 4, Duration.ofMillis(200)));
    }

    @Test
    void aServerThatReportsNoCountIsAnError() throws Exception {
        URI down = health(null, "{\"status\":\"DOWN\",\"checks\":[]}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new LiveConnections(http, List.of(down)).count());
        assertTrue(e.getMessage().contains("answered 503 without a connection count"), e.getMessage());
    }

    @Test
    void thePeersReportNothingAndNothingIsAwaited() throws Exception {
        assertFalse(LiveConnections.NONE.reported());
        assertEquals(0, LiveConnections.NONE.count());
        assertTrue(LiveConnections.NONE.until(n -> false, Duration.ofHours(1)));
        LiveConnections.NONE.awaitAtLeast(10_000, "nothing to wait for");
    }
}
