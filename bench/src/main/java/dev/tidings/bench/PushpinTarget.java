package dev.tidings.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Pushpin 1.36 (the Debian package) as a peer: a private Pushpin instance on loopback in front of
 * a minimal GRIP backend in this process, which holds every {@code GET /api/v1/inbox/sse} and
 * {@code /api/v1/inbox/stream} as a stream on the channel named by its bearer token (the user);
 * publishing is one call to Pushpin's HTTP publish endpoint with one item per recipient.
 *
 * <p>The configuration is the packaged {@code /etc/pushpin/pushpin.conf}, changed only where a
 * second, private instance needs it: everything in a fresh temporary directory (run files, IPC
 * sockets, logs, routes to the backend), the client and publish ports free ports on 127.0.0.1, and
 * the handler's ZeroMQ publish/command sockets IPC instead of fixed TCP ports. The package expects
 * a system-wide zurl service (the proxy's route to backends) at {@code /var/run/zurl}; this
 * instance starts its own zurl, with a copy of {@code internal.conf} pointing the proxy at it.
 *
 * <p>{@code message_rate=0} (no publish rate limit) unless the packaged limit is asked for: in
 * 1.36 the limiter's timer restarts on every publish, so it delivers nothing while publishes
 * keep arriving less than ~25 ms apart, and drops what exceeds {@code message_hwm} (fixed in
 * 1.41): that measures the limiter, not delivery. The packaged behaviour is measured separately,
 * since it loses events.
 *
 * <p>Heartbeats as in Tidings: after 15 s without traffic, an SSE comment or an empty line.
 */
final class PushpinTarget implements Target {

    private static final Path PACKAGED_CONFIG = Path.of("/etc/pushpin/pushpin.conf");
    private static final Path PACKAGED_INTERNAL_CONFIG = Path.of("/usr/lib/pushpin/internal.conf");
    private static final String PACKAGED_ZURL_SOCKETS = "ipc:///var/run/zurl/";
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(10);

    /** The held streams: Content-Type, initial body and heartbeat (C string) per path. */
    private enum Hold {
        SSE("text/event-stream", "retry: 2000\n\n", ":\\n\\n"),
        STREAM("application/x-ndjson", "", "\\n");

        final String contentType;
        final byte[] initialBody;
        final String keepAlive;

        Hold(String contentType, String initialBody, String keepAlive) {
            this.contentType = contentType;
            this.initialBody = initialBody.getBytes(StandardCharsets.UTF_8);
            this.keepAlive = keepAlive;
        }
    }

    private final HttpClient http;
    private final Path dir;
    private final HttpServer backend;
    private final ExecutorService backendThreads;
    private final Process pushpin;
    private final URI base;
    private final URI publish;
    private final PeerEvent events = new PeerEvent();
    /** The transport each user (token) subscribed with: it decides how that user's events are framed. */
    private final Map<String, String> transports = new ConcurrentHashMap<>();

    private PushpinTarget(HttpClient http, Path dir, HttpServer backend, ExecutorService backendThreads, Process pushpin,
                          int httpPort, int publishPort) {
        this.http = http;
        this.dir = dir;
        this.backend = backend;
        this.backendThreads = backendThreads;
        this.pushpin = pushpin;
        this.base = URI.create("http://127.0.0.1:" + httpPort + "/");
        this.publish = URI.create("http://127.0.0.1:" + publishPort + "/publish/");
    }

    /**
     * Starts the backend and a private Pushpin in front of it, and returns once Pushpin answers
     * on both its client and its publish port.
     */
    static PushpinTarget start(HttpClient http, boolean packagedRateLimit) throws Exception {
        String binary = binary();
        Path dir = Files.createTempDirectory("bench-pushpin-");
        ExecutorService backendThreads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "pushpin-backend");
            t.setDaemon(true);
            return t;
        });
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        backend.createContext("/", PushpinTarget::hold);
        backend.setExecutor(backendThreads);
        backend.start();

        int httpPort = freePort();
        int publishPort = freePort();
        Process pushpin;
        try {
            Path config = writeConfig(dir, httpPort, publishPort, backend.getAddress().getPort(), packagedRateLimit);
            pushpin = new ProcessBuilder(binary, "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log/pushpin.log").toFile()).start();
        } catch (IOException | RuntimeException e) {
            backend.stop(0);
            backendThreads.shutdownNow();
            throw e;
        }
        PushpinTarget target = new PushpinTarget(http, dir, backend, backendThreads, pushpin, httpPort, publishPort);
        try {
            target.awaitReady();
        } catch (Exception e) {
            target.close();
            throw e;
        }
        return target;
    }

    @Override
    public String name() {
        return "pushpin";
    }

    @Override
    public List<String> transports() {
        return List.of("sse", "stream");
    }

    @Override
    public String token(String user) {
        return user;
    }

    @Override
    public Subscriber subscriber(String transport, String token, Supplier<Stats> stats) {
        Subscriber subscriber = Subscriber.of(transport, base, token, http, stats, null, null);
        transports.put(token, transport);
        return subscriber;
    }

    /** One publish call, one item per user, each framed for the transport that user subscribed with (SSE if none). */
    @Override
    public CompletableFuture<Boolean> publish(List<String> users, long sentMicros) {
        StringBuilder body = new StringBuilder(users.size() * 600).append("{\"items\":[");
        for (String user : users) {
            PeerEvent.Event event = events.nextEvent(user, sentMicros);
            String content = "stream".equals(transports.get(user))
                    ? event.json() + "\n"
                    : "id: " + event.seq() + "\nevent: created\ndata: " + event.json() + "\n\n";
            if (body.charAt(body.length() - 1) != '[') {
                body.append(',');
            }
            body.append("{\"channel\":").append(JsonText.string(user)).append(",\"formats\":{\"http-stream\":{\"content\":")
                    .append(JsonText.string(content)).append("}}}"); // JSON string literals, escaped by JSON-P
        }
        body.append("]}");
        return http.sendAsync(HttpRequest.newBuilder(publish).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() == 200);
    }

    /** The runner and what it started: condure, zurl, pushpin-proxy, pushpin-handler. */
    @Override
    public ServerProbe probe() {
        return ServerProbe.tree(pushpin.toHandle());
    }

    /** Stops Pushpin (the runner stops its services on SIGTERM; stragglers are killed) and the backend. */
    @Override
    public void close() {
        List<ProcessHandle> services = pushpin.descendants().toList();
        stop(pushpin.toHandle());
        services.forEach(PushpinTarget::stop);
        backend.stop(0);
        backendThreads.shutdownNow();
        System.out.println("pushpin config and logs: " + dir);
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The GRIP backend: holds an inbox stream on the user's channel; anything else is 404. */
    private static void hold(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Hold hold = path.equals("/api/v1/inbox/sse") ? Hold.SSE : path.equals("/api/v1/inbox/stream") ? Hold.STREAM : null;
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (hold == null || !exchange.getRequestMethod().equals("GET") || authorization == null
                    || !authorization.startsWith("Bearer ") || authorization.length() == "Bearer ".length()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", hold.contentType);
            exchange.getResponseHeaders().set("Grip-Hold", "stream");
            exchange.getResponseHeaders().set("Grip-Channel", authorization.substring("Bearer ".length()));
            exchange.getResponseHeaders().set("Grip-Keep-Alive", hold.keepAlive + "; format=cstring; timeout=15");
            exchange.sendResponseHeaders(200, hold.initialBody.length == 0 ? -1 : hold.initialBody.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(hold.initialBody);
            }
        }
    }

    /** The packaged config, with the keys a private instance needs changed; fails if one is missing. */
    private static Path writeConfig(Path dir, int httpPort, int publishPort, int backendPort, boolean packagedRateLimit)
            throws IOException {
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("log"));
        Path internal = dir.resolve("internal.conf");
        Files.writeString(internal, Files.readString(PACKAGED_INTERNAL_CONFIG).replace(PACKAGED_ZURL_SOCKETS, "ipc://{rundir}/{ipc_prefix}"));
        Files.writeString(dir.resolve("routes"), "* 127.0.0.1:" + backendPort + "\n");

        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("global/include", internal.toString());
        changes.put("global/rundir", dir.resolve("run").toString());
        changes.put("runner/services", "condure,zurl,pushpin-proxy,pushpin-handler");
        changes.put("runner/http_port", "127.0.0.1:" + httpPort);
        changes.put("runner/logdir", dir.resolve("log").toString());
        changes.put("handler/push_in_spec", "ipc://{rundir}/{ipc_prefix}push-in");
        changes.put("handler/push_in_sub_specs", "ipc://{rundir}/{ipc_prefix}push-in-sub");
        changes.put("handler/command_spec", "ipc://{rundir}/{ipc_prefix}command");
        changes.put("handler/push_in_http_addr", "127.0.0.1");
        changes.put("handler/push_in_http_port", Integer.toString(publishPort));
        if (!packagedRateLimit) {
            changes.put("handler/message_rate", "0");
        }

        List<String> lines = new ArrayList<>();
        String section = "";
        for (String line : Files.readAllLines(PACKAGED_CONFIG)) {
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
            }
            int equals = line.indexOf('=');
            String key = line.startsWith("#") || equals < 0 ? null : section + "/" + line.substring(0, equals).trim();
            String value = key == null ? null : changes.remove(key);
            lines.add(value == null ? line : line.substring(0, equals + 1) + value);
        }
        if (!changes.isEmpty()) {
            throw new IllegalStateException(PACKAGED_CONFIG + " has no " + changes.keySet() + ": not the Pushpin 1.36 package's config?");
        }
        Path config = dir.resolve("pushpin.conf");
        Files.write(config, lines);
        return config;
    }

    /**
     * Waits until the client port and the publish port give any HTTP answer, and then until a
     * subscriber's stream is held: in the first milliseconds the proxy answers 500 to streams the
     * backend holds (a quick run lost 28 of its 1,000 subscribers so).
     */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        for (URI uri : List.of(base, publish, base.resolve("api/v1/inbox/sse"))) {
            while (!answers(uri)) {
                if (!pushpin.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException((pushpin.isAlive()
                            ? "Pushpin did not answer (or hold a stream) on " + uri + " within " + STARTUP_LIMIT.toSeconds() + " s"
                            : "Pushpin exited (" + pushpin.exitValue() + ") before answering on " + uri)
                            + "; logs in " + dir + ":\n" + logTails());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Any answer; from the inbox, a held stream (200), left at once. */
    private boolean answers(URI uri) throws InterruptedException {
        try {
            HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer ready")
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
            answer.body().close();
            return !uri.getPath().startsWith("/api/") || answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private String logTails() throws IOException {
        StringBuilder tails = new StringBuilder();
        try (Stream<Path> logs = Files.list(dir.resolve("log"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
                tails.append("== ").append(log.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 10), lines.size()).forEach(l -> tails.append(l).append('\n'));
            }
        }
        return tails.toString();
    }

    /** /usr/sbin/pushpin, or pushpin on the PATH (the Debian package installs /usr/bin/pushpin). */
    private static String binary() {
        return Stream.concat(Stream.of("/usr/sbin"), Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "pushpin"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("no pushpin on this machine: install the Debian package pushpin "
                        + "(apt-get install pushpin)"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
