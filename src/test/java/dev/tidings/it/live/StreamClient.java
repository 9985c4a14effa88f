package dev.tidings.it.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads the NDJSON stream line by line on a thread of its own. */
final class StreamClient extends LiveClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final String token;
    private volatile Stream<String> lines;
    private volatile boolean closed;

    StreamClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    @Override
    public LiveClient open(long after) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/inbox/stream?after=" + after))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<Stream<String>> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .get(30, TimeUnit.SECONDS);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream refused: " + response.statusCode());
        }
        lines = response.body();
        Thread reader = new Thread(() -> {
            try {
                lines.forEach(line -> {
                    if (!line.isBlank()) {
                        received(line);
                    }
                });
            } catch (RuntimeException ended) {
                // Closed by us, or the connection broke.
            }
            if (!closed) {
                closedByServer = true;
            }
        }, "stream-client");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    @Override
    public int refusedWith(long after) throws Exception {
        return statusOf(base.resolve("api/v1/inbox/stream?after=" + after), token);
    }

    @Override
    public void close() {
        closed = true;
        if (lines != null) {
            lines.close();
        }
    }
}
