package dev.tidings.it.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A WebSocket subscriber: every text message is an event (or a reply to what it sent). */
public final class WebSocketClient extends LiveClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String token;
    private final List<String> replies = new CopyOnWriteArrayList<>();
    private volatile WebSocket socket;
    private volatile int closeCode = -1;
    private volatile String closeReason;
    private volatile boolean closed;

    WebSocketClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    @Override
    public LiveClient open(long after) throws Exception {
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("api/v1/inbox/ws?after=" + after);
        socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(ws, new Listener()).get(30, TimeUnit.SECONDS);
        return this;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** Replies to what this client sent ({@code kind} ok or error). */
    public List<String> replies() {
        return List.copyOf(replies);
    }

    public int closeCode() {
        return closeCode;
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public int refusedWith(long after) throws Exception {
        open(after);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> closeCode >= 0);
        return closeCode;
    }

    @Override
    public void close() {
        closed = true;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        if (socket != null) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (text.contains("\"kind\":\"ok\"") || text.contains("\"kind\":\"error\"")) {
                    replies.add(text);
                } else {
                    received(text);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            if (!closed) {
                closedByServer = true;
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closed) {
                closedByServer = true;
            }
        }
    }
}
