package dev.tidings.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Socket.IO 4.8 as users run it first: one Node process (bench/peers/socketio/server.js), the
 * default in-memory adapter, a room per user, WebSocket only. The harness starts it on a free
 * loopback port and stops it on close. Publishes go to the server's {@code POST /publish}, all
 * recipients of a call in one request.
 */
final class SocketIoTarget implements Target {

    /** Relative to the working directory: the harness runs from the repository root. */
    private static final Path PEER = Path.of("bench", "peers", "socketio");
    private static final Path LOG = Path.of(System.getProperty("java.io.tmpdir"), "tidings-bench-socketio.log");

    private final Process process;
    private final URI base;
    private final HttpClient http;
    private final PeerEvent peerEvent = new PeerEvent();

    private SocketIoTarget(Process process, int port, HttpClient http) {
        this.process = process;
        this.base = URI.create("http://127.0.0.1:" + port + "/");
        this.http = http;
    }

    /** Starts the Node server on a free port and waits (up to 30 s) until it listens. */
    static SocketIoTarget start(HttpClient http) throws Exception {
        if (!Files.isDirectory(PEER.resolve("node_modules").resolve("socket.io"))) {
            throw new IllegalStateException("Socket.IO is not installed in " + PEER.toAbsolutePath()
                    + ": run npm ci --prefix bench/peers/socketio");
        }
        Process process = new ProcessBuilder("node", PEER.resolve("server.js").toString(), "0")
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder early = new StringBuilder(); // what it printed before listening, for the error message
        Thread drain = new Thread(() -> drain(process, port, early), "socketio-output");
        drain.setDaemon(true);
        drain.start();
        try {
            return new SocketIoTarget(process, port.get(30, TimeUnit.SECONDS), http);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            String output;
            synchronized (early) {
                output = early.toString();
            }
            throw new IllegalStateException("the Socket.IO server did not report \"listening <port>\" within 30 s"
                    + (process.isAlive() ? "" : " (it exited)") + "; its output (also in " + LOG + "):\n" + output, e);
        }
    }

    /** Copies the server's output to the log for as long as it runs; the first "listening N" gives the port. */
    private static void drain(Process process, CompletableFuture<Integer> port, StringBuilder early) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(LOG)) {
            for (String line; (line = in.readLine()) != null; ) {
                log.write(line + "\n");
                log.flush();
                if (!port.isDone()) {
                    synchronized (early) {
                        early.append(line).append('\n');
                    }
                    if (line.startsWith("listening ")) {
                        port.complete(Integer.parseInt(line.substring("listening ".length()).trim()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the Socket.IO server's output ended"));
    }

    @Override
    public String name() {
        return "socketio";
    }

    @Override
    public List<String> transports() {
        return List.of("websocket");
    }

    /** The peer trusts the bearer header as the user's name, as a first version of such an app would. */
    @Override
    public String token(String user) {
        return user;
    }

    @Override
    public Subscriber subscriber(String transport, String token, Supplier<Stats> stats) {
        if (!transport.equals("websocket")) {
            throw new IllegalArgumentException("the Socket.IO peer offers only websocket, not " + transport);
        }
        return new SocketIoSubscriber(base, token, http, stats);
    }

    @Override
    public CompletableFuture<Boolean> publish(List<String> users, long sentMicros) {
        StringBuilder body = new StringBuilder(64 + users.size() * 400).append("{\"items\":[");
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            body.append(i == 0 ? "" : ",").append("{\"to\":").append(JsonText.string(user)).append(",\"event\":")
                    .append(peerEvent.next(user, sentMicros)).append('}'); // already JSON: inserted as it is
        }
        body.append("]}");
        // HTTP/1.1 on the request itself: a client defaulting to HTTP/2 would send "Upgrade: h2c",
        // and Socket.IO's upgrade listener swallows (and after 1 s closes) any upgrade not meant for it.
        return http.sendAsync(HttpRequest.newBuilder(base.resolve("publish")).version(HttpClient.Version.HTTP_1_1)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() == 200);
    }

    @Override
    public ServerProbe probe() {
        return ServerProbe.tree(process.toHandle());
    }

    /** SIGTERM (the server closes its clients and exits), then SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
