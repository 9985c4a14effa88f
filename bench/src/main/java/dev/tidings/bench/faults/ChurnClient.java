package dev.tidings.bench.faults;

import dev.tidings.bench.TidingsApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One connect/close cycle of a browser tab, as churn does it: a WebSocket opened and closed with
 * a close handshake (1000), or an SSE stream opened, read until its {@code open} event, and closed
 * (as EventSource.close() does: the connection is dropped). Each step is bounded.
 */
final class ChurnClient {

    /** How a cycle ended. */
    enum Result { OK, REFUSED, FAILED }

    private static final Duration STEP = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;
    private final ScheduledExecutorService timer;

    ChurnClient(URI base, HttpClient http, ScheduledExecutorService timer) {
        this.base = base;
        this.http = http;
        this.timer = timer;
    }

    Result cycle(String transport, String token) throws InterruptedException {
        try {
            return switch (transport) {
                case "websocket" -> webSocket(token);
                case "sse" -> sse(token);
                default -> throw new IllegalArgumentException("no churn over " + transport);
            };
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return Result.FAILED;
        }
    }

    private Result webSocket(String token) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        };
        URI ws = TidingsApi.webSocket(base, 0);
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().connectTimeout(STEP).header("Authorization", "Bearer " + token)
                    .buildAsync(ws, listener).get(STEP.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException refused) {
            return refused.getCause() instanceof java.net.http.WebSocketHandshakeException ? Result.REFUSED : Result.FAILED;
        }
        if (closed.isDone()) {
            return Result.REFUSED; // closed by the server at once (4429 too many connections, 4401, …)
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(STEP.toSeconds(), TimeUnit.SECONDS);
        try {
            closed.get(STEP.toSeconds(), TimeUnit.SECONDS);
            return Result.OK;
        } finally {
            socket.abort();
        }
    }

    private Result sse(String token) throws Exception {
        HttpResponse<Stream<String>> answer = http.send(TidingsApi.inbox(base, token, "sse?after=0")
                .timeout(STEP).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = answer.body()) {
            if (answer.statusCode() != 200) {
                return Result.REFUSED;
            }
            // Read here; a watchdog closes the stream if the open event has not come within the step.
            ScheduledFuture<?> watchdog = timer.schedule(lines::close, STEP.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return lines.map(TidingsApi::lineJson).flatMap(Optional::stream).anyMatch(TidingsApi::isConnected) ? Result.OK : Result.FAILED;
            } finally {
                watchdog.cancel(false);
            }
        }
    }
}
