package dev.tidings.bench.faults;

import dev.tidings.bench.Await;
import dev.tidings.bench.LiveConnections;
import dev.tidings.bench.TidingsApi;
import dev.tidings.bench.ResultLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * R15, vanished clients: a browser whose network drops it without a FIN. For each of WebSocket,
 * SSE and streaming, a user holds two connections; then every packet from one of them to the
 * server is dropped ({@code iptables} on loopback, that connection's four-tuple alone), as when a
 * phone leaves the network: the server's writes go unacknowledged and nothing ever comes back.
 * Measured, one transport after the other: how long until the hub lets the connection go (its
 * count in {@code /health/live}), and until the server's socket leaves ESTABLISHED (seen with
 * {@code ss}); checked: the user's other connection still receives. WebSocket must be let go within
 * two heartbeats (each heartbeat is a ping; one unanswered at the next ends it). SSE and streaming
 * are one-way: the server cannot tell a vanished reader from an idle one until the kernel gives up
 * retransmitting ({@code net.ipv4.tcp_retries2}), so for them the figure is reported, not judged.
 *
 * <p>Needs root and {@code iptables}; without them the scenario is skipped with a loud message,
 * or fails when {@code TIDINGS_REQUIRE_TOOLS=true} (set by .ci/run, which installs iptables). Every
 * rule it adds carries the comment {@value #RULE_COMMENT} and is removed before it returns.
 */
final class VanishScenario {

    static final String RULE_COMMENT = "tidings-faults-vanish";
    /** The server's heartbeat ({@code tidings.delivery.heartbeat-seconds}; the suite's server keeps the default). */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Two heartbeats, and a little for the tick that notices to run. */
    private static final Duration FREED_WITHIN = HEARTBEAT.multipliedBy(2).plusSeconds(3);
    private static final List<String> TRANSPORTS = List.of("websocket", "sse", "stream");

    private final ServerControl server;
    private final HttpClient http;
    private final Tokens tokens;
    private final String prefix;
    private final List<String> failures;

    VanishScenario(ServerControl server, HttpClient http, Tokens tokens, String suite, List<String> failures) {
        this.server = server;
        this.http = http;
        this.tokens = tokens;
        this.prefix = "vanish-" + suite;
        this.failures = failures;
    }

    /**
     * One transport's run: seconds from the vanish until the hub let the connection go and until
     * the server's socket left ESTABLISHED (NaN: not within the wait), and whether the user's
     * other connection still received.
     */
    record Outcome(String transport, double secondsToFree, double secondsToClose, boolean otherReceived, int otherConnects) {
    }

    void run(String profileName, Consumer<ResultLine> record) throws Exception {
        System.out.printf(Locale.ROOT, "%n## vanished clients (R15), %s: one connection of two per user dropped without a FIN, "
                + "WebSocket, SSE, streaming in turn; heartbeat %d s%n", profileName, HEARTBEAT.toSeconds());
        String missing = missingTools();
        if (missing != null) {
            String message = "vanish: " + missing;
            if (Boolean.parseBoolean(System.getenv("TIDINGS_REQUIRE_TOOLS"))) {
                System.out.println("  FAILING (TIDINGS_REQUIRE_TOOLS=true): " + message);
                failures.add(message);
            } else {
                System.out.println("  ******** SKIPPING " + message + " ********");
            }
            return;
        }
        Map<String, String> userTokens = tokens.forUsers(TRANSPORTS.stream().map(t -> prefix + "-" + t).toList());
        ResultLine line = ResultLine.of("vanish").put("profile", profileName).put("heartbeatSeconds", HEARTBEAT.toSeconds())
                .put("waitedSeconds", FREED_WITHIN.toSeconds());
        for (String transport : TRANSPORTS) {
            String user = prefix + "-" + transport;
            Outcome o = vanish(transport, user, userTokens.get(user));
            boolean judged = o.transport().equals("websocket");
            System.out.printf(Locale.ROOT, "  %-9s let go by the hub %s, socket closed %s%s; the user's other connection %s%n", o.transport(),
                    after(o.secondsToFree()), after(o.secondsToClose()),
                    judged ? " (hub: at most " + FREED_WITHIN.toSeconds() + " s)" : " (one-way: not judged, see docs/reliability.md)",
                    o.otherReceived() && o.otherConnects() == 1 ? "undisturbed, still receives"
                            : "DISTURBED (received: " + o.otherReceived() + ", connects: " + o.otherConnects() + ")");
            if (judged && Double.isNaN(o.secondsToFree())) {
                failures.add("vanish: a vanished " + o.transport() + " client was not let go within " + FREED_WITHIN.toSeconds() + " s");
            }
            if (!o.otherReceived() || o.otherConnects() != 1) {
                failures.add("vanish: the " + o.transport() + " user's other connection was disturbed (received: "
                        + o.otherReceived() + ", connected " + o.otherConnects() + " times)");
            }
            line.put(o.transport(), ResultLine.nested().put("secondsToFree", o.secondsToFree()).put("secondsToClose", o.secondsToClose())
                    .put("otherReceived", o.otherReceived()).put("otherConnects", o.otherConnects()));
        }
        record.accept(line);
    }

    private static String after(double seconds) {
        return Double.isNaN(seconds) ? "not within " + FREED_WITHIN.toSeconds() + " s"
                : String.format(Locale.ROOT, "after %.1f s", seconds);
    }

    private Outcome vanish(String transport, String user, String token) throws Exception {
        int before = hubConnections();
        LiveClient other = LiveClient.of(transport.equals("websocket") ? "websocket" : "sse", server.base(), http, token);
        other.start();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.base().getHost(), server.base().getPort()), 5_000);
            socket.setSoTimeout(10_000);
            open(socket, transport, token);
            awaitOpen(other);
            awaitHub(before + 2);
            int port = socket.getLocalPort();
            if (!established(port)) {
                throw new IllegalStateException("the server's end of the " + transport + " connection from port " + port + " is not established");
            }
            String rule = rule(port);
            iptables("-A", rule);
            long t0 = System.nanoTime();
            double freed = Double.NaN;
            double closed = Double.NaN;
            try {
                while (System.nanoTime() - t0 < FREED_WITHIN.toNanos() && (Double.isNaN(freed) || Double.isNaN(closed))) {
                    double now = (System.nanoTime() - t0) / 1e9;
                    if (Double.isNaN(freed) && other.connects() == 1 && hubConnections() <= before + 1) {
                        freed = now;
                    }
                    if (Double.isNaN(closed) && !established(port)) {
                        closed = now;
                    }
                    Thread.sleep(250);
                }
            } finally {
                iptables("-D", rule);
            }
            boolean received = publish(user) && other.awaitSeq(1, Duration.ofSeconds(15));
            return new Outcome(transport, freed, closed, received, other.connects());
        } finally {
            other.stop();
        }
    }

    /** The hub's live connections, from /health/live. */
    private int hubConnections() throws InterruptedException {
        return live().now();
    }

    private LiveConnections live() {
        return new LiveConnections(http, List.of(server.base()));
    }

    private void awaitHub(int connections) throws InterruptedException {
        if (!live().until(n -> n == connections, Duration.ofSeconds(15))) {
            throw new IllegalStateException("the hub holds " + hubConnections() + " connections, not " + connections);
        }
    }

    /** Sends the transport's request over a plain socket and reads until the server has accepted it. */
    private void open(Socket socket, String transport, String token) throws IOException {
        String path = switch (transport) {
            case "websocket" -> "/api/v1/inbox/ws?after=0";
            case "sse" -> "/api/v1/inbox/sse?after=0";
            case "stream" -> "/api/v1/inbox/stream?after=0";
            default -> throw new IllegalArgumentException(transport);
        };
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + server.base().getAuthority()
                + "\r\nAuthorization: Bearer " + token + "\r\n");
        if (transport.equals("websocket")) {
            request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        } else if (transport.equals("sse")) {
            request.append("Accept: text/event-stream\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String expected = switch (transport) {
            case "websocket" -> "HTTP/1.1 101";
            case "sse" -> "\"kind\":\"connected\"";
            default -> "HTTP/1.1 200";
        };
        InputStream in = socket.getInputStream();
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (seen.indexOf(expected) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the " + transport + " connection before accepting it: " + seen);
            }
            seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    private static void awaitOpen(LiveClient client) throws InterruptedException {
        if (!Await.until(Duration.ofSeconds(15), Duration.ofMillis(100), () -> client.state().open())) {
            throw new IllegalStateException("the user's other " + client.transport + " connection did not open");
        }
    }

    private boolean publish(String user) throws InterruptedException {
        String body = TidingsApi.notification(List.of(user), "fault", "after a vanish", null);
        try {
            return http.send(TidingsApi.publish(server.base(), tokens.publisher(), body).timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every packet from the client's port to the server's, on loopback. */
    private String rule(int clientPort) {
        URI base = server.base();
        return "INPUT -i lo -p tcp -s 127.0.0.1 --sport " + clientPort + " -d 127.0.0.1 --dport " + base.getPort()
                + " -m comment --comment " + RULE_COMMENT + " -j DROP";
    }

    /** Whether the server's end of the connection from {@code clientPort} is still established. */
    private boolean established(int clientPort) throws IOException, InterruptedException {
        String out = command("ss", "-Htn", "state", "established", "( sport = :" + server.base().getPort() + " and dport = :" + clientPort + " )");
        return !out.isBlank();
    }

    private static void iptables(String action, String rule) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("iptables", "-w", action));
        args.addAll(List.of(rule.split(" ")));
        command(args.toArray(String[]::new));
    }

    /** Why the scenario cannot run here, or null: root, iptables and ss, and a rule that can be added. */
    private static String missingTools() {
        for (String tool : List.of("iptables", "ss")) {
            try {
                command(tool, "-V");
            } catch (Exception e) {
                return "needs " + tool + " (apt-get install iptables iproute2): " + e.getMessage();
            }
        }
        try {
            command("iptables", "-w", "-L", "INPUT", "-n");
        } catch (Exception e) {
            return "needs root, to drop a client's packets with iptables: " + e.getMessage();
        }
        return null;
    }

    private static String command(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", args) + " failed: " + out.strip());
        }
        return out;
    }
}
