import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Publish-to-receipt latency per transport against a running Tidings (e.g. ./mvnw liberty:run):
 * one subscriber per transport, N sequential publishes, time from sending the publish request to
 * the event arriving (so it includes the publish's own database commit).
 *
 *   java bench/LatencyProbe.java [base-url] [publishes-per-transport] [longpoll,stream,sse,ws]
 *
 * Needs the development token endpoint. A rough probe, not the benchmark: one client, one machine.
 */
public class LatencyProbe {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+),\"kind\":\"created\"");
    static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://localhost:9080/");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        String publisher = token(base, "probe-shop", "publisher");
        List<String> transports = args.length > 2 ? List.of(args[2].split(",")) : List.of("longpoll", "stream", "sse", "ws");
        for (String transport : transports) {
            String user = "probe-" + transport + "-" + System.nanoTime();
            Map<Long, Long> arrived = new ConcurrentHashMap<>();
            Consumer<String> onText = text -> {
                Matcher m = SEQ.matcher(text);
                while (m.find()) {
                    arrived.putIfAbsent(Long.parseLong(m.group(1)), System.nanoTime());
                }
            };
            AutoCloseable client = connect(base, transport, token(base, user), onText);
            Thread.sleep(500);
            List<Double> millis = new ArrayList<>();
            for (long seq = 1; seq <= n; seq++) {
                long sent = System.nanoTime();
                publish(base, publisher, user, seq);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!arrived.containsKey(seq) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                Long at = arrived.get(seq);
                if (at == null) {
                    throw new IllegalStateException(transport + ": event " + seq + " never arrived");
                }
                millis.add((at - sent) / 1e6);
            }
            client.close();
            List<Double> warm = new ArrayList<>(millis.subList(n / 5, n));
            Collections.sort(warm);
            System.out.printf("%-9s n=%d (first %d dropped as warm-up)  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                    transport, warm.size(), n / 5, pct(warm, 50), pct(warm, 90), pct(warm, 99), warm.get(warm.size() - 1));
        }
    }

    static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    static String token(URI base, String user, String... groups) throws Exception {
        String body = "{\"user\":\"" + user + "\",\"groups\":[" + (groups.length > 0 ? "\"" + groups[0] + "\"" : "") + "]}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("api/v1/dev/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = TOKEN.matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no token: " + response.body());
        }
        return m.group(1);
    }

    static void publish(URI base, String token, String user, long i) throws Exception {
        String body = "{\"recipients\":[\"" + user + "\"],\"type\":\"probe\",\"title\":\"probe " + i + "\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("api/v1/notifications"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("publish: " + response.statusCode() + " " + response.body());
        }
    }

    static AutoCloseable connect(URI base, String transport, String token, Consumer<String> onText) throws Exception {
        switch (transport) {
            case "ws": {
                URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("api/v1/inbox/ws?after=0");
                WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .buildAsync(uri, new WebSocket.Listener() {
                            private final StringBuilder message = new StringBuilder();

                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                message.append(data);
                                if (last) {
                                    onText.accept(message.toString());
                                    message.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
                return socket::abort;
            }
            case "longpoll": {
                Thread poller = new Thread(() -> {
                    long cursor = 0;
                    Pattern next = Pattern.compile("\"cursor\":(\\d+)");
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            String answer = HTTP.send(HttpRequest.newBuilder(base.resolve("api/v1/inbox/longpoll?after=" + cursor))
                                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
                            onText.accept(answer);
                            Matcher m = next.matcher(answer);
                            if (m.find()) {
                                cursor = Long.parseLong(m.group(1));
                            }
                        } catch (Exception e) {
                            return;
                        }
                    }
                });
                poller.setDaemon(true);
                poller.start();
                return poller::interrupt;
            }
            default: {
                String path = transport.equals("sse") ? "api/v1/inbox/sse?after=0" : "api/v1/inbox/stream?after=0";
                HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
                CountDownLatch done = new CountDownLatch(1);
                Thread reader = new Thread(() -> {
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            onText.accept(line);
                        }
                    } catch (Exception ended) {
                        // closed
                    }
                    done.countDown();
                });
                reader.setDaemon(true);
                reader.start();
                return () -> response.body().close();
            }
        }
    }
}
