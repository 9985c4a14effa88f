package dev.tidings.it.live;

import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A browser-like subscriber on one transport: collects every event it receives, in order. */
public abstract class LiveClient implements AutoCloseable {

    protected final List<JsonObject> events = new CopyOnWriteArrayList<>();
    protected final List<String> heartbeats = new CopyOnWriteArrayList<>();
    protected volatile boolean closedByServer;
    private volatile String retryAfter;

    /** Connects with {@code after} as the cursor and returns once the server has accepted. */
    public abstract LiveClient open(long after) throws Exception;

    @Override
    public abstract void close();

    /** Opens with {@code after} expecting a refusal: the HTTP status, or the WebSocket close code. */
    public abstract int refusedWith(long after) throws Exception;

    /** The status a plain GET of {@code uri} with this token gets, for the HTTP transports' refusals. */
    protected int statusOf(java.net.URI uri, String token) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token).build();
        java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        return response.statusCode();
    }

    /** The {@code Retry-After} header of the last HTTP refusal, or null (and always null on WebSocket). */
    public String retryAfter() {
        return retryAfter;
    }

    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    public List<Long> seqs() {
        return events.stream().filter(e -> e.containsKey("seq") && !"reset".equals(e.getString("kind", "")))
                .map(e -> e.getJsonNumber("seq").longValue()).toList();
    }

    public int heartbeatCount() {
        return heartbeats.size();
    }

    public boolean closedByServer() {
        return closedByServer;
    }

    /** Waits (generously) until at least {@code count} events have arrived. */
    public List<JsonObject> awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> events.size() >= count);
        return events();
    }

    protected void received(String json) {
        JsonObject event;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            event = reader.readObject();
        }
        if ("heartbeat".equals(event.getString("kind", ""))) {
            heartbeats.add(json);
        } else {
            events.add(event);
        }
    }
}
