package dev.tidings.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted stand-in for Tidings on the JDK's own HTTP server: each request takes the next scripted
 * answer (or the fallback once the script is used up) and is recorded with its headers and body.
 */
final class FakeTidings implements AutoCloseable {

    /** One request as the server saw it. */
    record Seen(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A scripted answer; {@code drop} closes the connection without answering. */
    record Answer(int status, String contentType, String body, Map<String, String> headers, boolean drop, Duration delay) {
        Answer(int status, String contentType, String body, Map<String, String> headers, boolean drop) {
            this(status, contentType, body, headers, drop, Duration.ZERO);
        }

        /** This answer, given only after {@code delay}. */
        Answer after(Duration delay) {
            return new Answer(status, contentType, body, headers, drop, delay);
        }

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Map.of(), false);
        }

        static Answer problem(int status, String title, String detail) {
            return new Answer(status, "application/problem+json",
                    "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}",
                    Map.of(), false);
        }

        static Answer dropped() {
            return new Answer(0, null, null, Map.of(), true);
        }

        Answer with(String header, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(header, value);
            return new Answer(status, contentType, body, Map.copyOf(more), drop, delay);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Answer fallback = Answer.problem(500, "Internal Server Error", "nothing scripted");

    FakeTidings() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Answers the next requests with these, in order. */
    FakeTidings then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers every request after the script with this. */
    FakeTidings always(Answer answer) {
        fallback = answer;
        return this;
    }

    List<Seen> requests() {
        return new ArrayList<>(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Answer answer = script.poll();
        if (answer == null) {
            answer = fallback;
        }
        if (!answer.delay().isZero()) {
            try {
                Thread.sleep(answer.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        if (answer.drop()) {
            // No status line at all: the client sees the connection end (an IOException).
            exchange.close();
            return;
        }
        byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
        if (answer.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
