package dev.tidings.it.live;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** Polls again as soon as each long poll answers, from the cursor it answered with. */
final class LongPollClient extends LiveClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String token;
    private final AtomicReference<CompletableFuture<?>> inFlight = new AtomicReference<>();
    private volatile boolean closed;
    private volatile long cursor;

    LongPollClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    @Override
    public LiveClient open(long after) {
        cursor = after;
        poll();
        return this;
    }

    private void poll() {
        if (closed) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/inbox/longpoll?after=" + cursor))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build();
        inFlight.set(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (closed) {
                return;
            }
            if (failure != null || response.statusCode() != 200) {
                closedByServer = true;
                return;
            }
            JsonObject answer;
            try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
                answer = reader.readObject();
            }
            for (JsonValue event : answer.getJsonArray("events")) {
                received(event.toString());
            }
            cursor = answer.getJsonNumber("cursor").longValue();
            poll();
        }));
    }

    @Override
    public int refusedWith(long after) throws Exception {
        return statusOf(base.resolve("api/v1/inbox/longpoll?after=" + after), token);
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<?> pending = inFlight.get();
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
