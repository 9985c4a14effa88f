package dev.tidings.bench;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A Socket.IO client of the default namespace over WebSocket only, as the browser client is with
 * {@code transports: ["websocket"]}: Engine.IO protocol v4 carrying Socket.IO protocol v5, one
 * packet per text frame. No thread of its own, callbacks only, like {@link Subscriber.Socket}.
 *
 * <p>Engine.IO packets are a type digit and data: 0 open, 1 close, 2 ping, 3 pong, 4 message, 6
 * noop. A message carries a Socket.IO packet, again a type digit: 0 connect, 1 disconnect, 2
 * event, 4 connect error. So "40" connects to "/", and an event arrives as
 * {@code 42["notification",{...}]}.
 */
final class SocketIoSubscriber extends Subscriber implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    /** Counts one error per connection however it ends (close frame, error, Socket.IO disconnect). */
    private boolean failed;

    SocketIoSubscriber(URI base, String token, HttpClient http, Supplier<Stats> stats) {
        super(base, token, http, stats);
    }

    @Override
    void start() {
        stats.get().requests.increment();
        URI ws = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("socket.io/?EIO=4&transport=websocket");
        http.newWebSocketBuilder().header("Authorization", "Bearer " + token).buildAsync(ws, this)
                .whenComplete((s, e) -> {
                    if (e != null) {
                        fail();
                    } else {
                        socket = s;
                        if (closed) {
                            s.abort(); // closed while connecting
                        }
                    }
                });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String packet = partial.toString();
            partial.setLength(0);
            packet(webSocket, packet);
        }
        webSocket.request(1);
        return null;
    }

    private void packet(WebSocket webSocket, String packet) {
        if (packet.startsWith("42")) {
            received(packet, SocketIoSubscriber::event);
        } else if (packet.equals("2")) {
            webSocket.sendText("3", true); // the server pings every pingInterval and drops us after pingTimeout without a pong
        } else if (packet.startsWith("0")) {
            webSocket.sendText("40", true); // Engine.IO is open: join the default namespace
        } else if (packet.startsWith("40")) {
            connected.complete(true); // the server has run its connection handler: we are in our room
        } else if (packet.startsWith("44") || packet.startsWith("41") || packet.startsWith("1")) {
            fail(); // refused (connect error), or disconnected by the server
            webSocket.abort();
        }
    }

    /** The event of a Socket.IO event packet, {@code 42["notification",{…}]}. */
    static List<JsonObject> event(String packet) {
        JsonArray args = JsonText.array(packet.substring(2));
        return List.of(args.getJsonObject(1));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        fail();
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        fail();
    }

    /** An end we did not ask for: one error, and the connect (if still pending) did not succeed. */
    private void fail() {
        synchronized (this) {
            if (closed || failed) {
                return;
            }
            failed = true;
        }
        stats.get().errors.increment();
        connected.complete(false);
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
