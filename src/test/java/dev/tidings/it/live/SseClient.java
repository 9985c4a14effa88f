package dev.tidings.it.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Parses text/event-stream as a browser's EventSource does: fields until a blank line. */
final class SseClient extends LiveClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String token;
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final List<String> names = new CopyOnWriteArrayList<>();
    private volatile String retry;
    private volatile String lastEventId;
    private volatile Stream<String> lines;
    private volatile boolean closed;

    SseClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    @Override
    public LiveClient open(long after) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/inbox/sse"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(after))
                .build();
        HttpResponse<Stream<String>> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(30, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("SSE refused: " + response.statusCode());
        }
        lines = response.body();
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    private void read() {
        StringBuilder data = new StringBuilder();
        String[] event = {null, null};
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        dispatch(event[0], event[1], data.toString());
                    }
                    data.setLength(0);
                    event[0] = null;
                    event[1] = null;
                } else if (line.startsWith(":")) {
                    heartbeats.add(line);
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                } else if (line.startsWith("id:")) {
                    event[0] = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event[1] = line.substring(6).strip();
                } else if (line.startsWith("retry:")) {
                    retry = line.substring(6).strip();
                }
            });
        } catch (RuntimeException ended) {
            // Closed by us, or the connection broke.
        }
        if (!closed) {
            closedByServer = true;
        }
    }

    private void dispatch(String id, String name, String data) {
        names.add(name == null ? "message" : name);
        if ("connected".equals(name)) {
            return;
        }
        if (id != null) {
            ids.add(id);
            lastEventId = id;
        }
        received(data);
    }

    /** The {@code retry:} the server sent, if any. */
    public String retry() {
        return retry;
    }

    /** The event names in arrival order, {@code open} included. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** The {@code id:} of every event, in arrival order. */
    public List<String> ids() {
        return List.copyOf(ids);
    }

    public String lastEventId() {
        return lastEventId;
    }

    @Override
    public int refusedWith(long after) throws Exception {
        return statusOf(base.resolve("api/v1/inbox/sse?after=" + after), token);
    }

    @Override
    public void close() {
        closed = true;
        if (lines != null) {
            lines.close();
        }
    }
}
