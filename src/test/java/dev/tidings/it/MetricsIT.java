package dev.tidings.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.live.LiveClient;
import dev.tidings.it.live.Transport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * What an operator watches (docs/operations.md, Metrics and Logs): {@code /metrics} is not public,
 * serves Tidings' metrics to the scraper's account, and they move with the traffic; every metric
 * the Grafana dashboard queries is served; a connection's end is one log line, without its token.
 */
class MetricsIT extends AgainstTidings {

    static final Path DASHBOARD = Path.of("docs/grafana/tidings-dashboard.json");
    static final Path SERVER = Path.of(System.getProperty("tidings.server.dir", "target/liberty/wlp/usr/servers/tidings-it"));
    static final String PASSWORD = System.getProperty("tidings.metrics.password", "it-metrics-password");
    static final int HTTPS_PORT = Integer.getInteger("tidings.https.port", 9543);

    /** One sample line of the Prometheus text format: name, labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)", Pattern.MULTILINE);

    @Test
    void metricsAreNotPublic() throws Exception {
        HttpResponse<String> plain = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(base.toURI().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(200, plain.statusCode(), "/metrics over HTTP without credentials must not be served");
        assertFalse(plain.body().contains("tidings_"), "no metric in the answer to an anonymous scrape");

        assertEquals(401, scrape(null).statusCode(), "no credentials");
        assertEquals(401, scrape(basic("metrics", "not-the-password")).statusCode(), "a wrong password");
        String userToken = api.token(Api.newUser("eve"));
        assertEquals(401, scrape("Bearer " + userToken).statusCode(), "a user's token is not a scraper's account");
        assertEquals(200, scrape(basic("metrics", PASSWORD)).statusCode(), "the scraper's account");
    }

    @Test
    void tidingsMetricsMoveWithTheTraffic() throws Exception {
        Map<String, Double> before = samples();
        String bob = Api.newUser("bob");
        String bobToken = api.token(bob);
        try (LiveClient sse = Transport.SSE.client(base.toURI(), bobToken).open(0)) {
            // (A closed SSE connection is noticed only at the server's next write to it: counted out later.)
            await().atMost(Duration.ofSeconds(10)).until(() -> samples().get(key("tidings_connections", "transport", "sse")) >= 1);
            api.notify(publisher, "counted", bob);
            sse.awaitEvents(1);
            api.publish(publisher, "same-key", Api.notification("once", bob).toString()).expect(201);
            api.publish(publisher, "same-key", Api.notification("once", bob).toString()).expect(201);
            sse.awaitEvents(2);
        }
        api.get("api/v1/inbox", null).expect(401);
        api.post("api/v1/notifications", bobToken, Api.notification("not a publisher", bob).toString()).expect(403);
        api.post("api/v1/notifications", publisher, "{\"recipients\":[\"" + bob + "\"],\"type\":\"t\",\"title\":\""
                + "x".repeat(300_000) + "\"}").expect(413);
        try (LiveClient behind = Transport.WEBSOCKET.client(base.toURI(), bobToken).open(0)) {
            behind.awaitEvents(2);
        }
        api.get("api/v1/inbox/longpoll?after=0", bobToken).expect(200); // answers at once: the events are there

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Double> after = samples();
            assertGrew(before, after, key("tidings_publish_calls_total", "outcome", "created"), 2);
            assertGrew(before, after, key("tidings_publish_calls_total", "outcome", "replayed"), 1);
            assertGrew(before, after, key("tidings_notifications_total", "outcome", "created"), 2);
            assertGrew(before, after, key("tidings_events_delivered_total", "transport", "sse"), 2);
            assertGrew(before, after, key("tidings_events_delivered_total", "transport", "ws"), 2);
            assertGrew(before, after, key("tidings_replays_total", "transport", "ws"), 1);
            assertGrew(before, after, "tidings_delivery_latency_seconds_count", 2);
            assertGrew(before, after, "tidings_commit_duration_seconds_count", 2);
            assertGrew(before, after, "tidings_commit_batch_calls_count", 2);
            assertGrew(before, after, key("tidings_disconnects_total", "cause", "finished", "transport", "longpoll"), 1);
            assertGrew(before, after, key("tidings_disconnects_total", "cause", "finished", "transport", "ws"), 1);
            assertGrew(before, after, key("tidings_refusals_total", "status", "401"), 1);
            assertGrew(before, after, key("tidings_refusals_total", "status", "403"), 1);
            assertGrew(before, after, key("tidings_refusals_total", "status", "413"), 1);
            assertEquals(0, after.get(key("tidings_connections", "transport", "ws")), "the WebSocket was counted out");
            assertEquals(0, after.get(key("tidings_connections", "transport", "longpoll")), "the long poll was counted out");
        });
        Map<String, Double> now = samples();
        assertTrue(now.keySet().stream().anyMatch(k -> k.startsWith("tidings_delivery_latency_seconds_bucket{")),
                "the publish-to-send latency has histogram buckets");
        assertTrue(now.keySet().stream().anyMatch(k -> k.startsWith("connectionpool_managedConnections{")),
                "the database pool is served");
    }

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws Exception {
        JsonObject dashboard;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(DASHBOARD, StandardCharsets.UTF_8))) {
            dashboard = reader.readObject();
        }
        Set<String> queried = new TreeSet<>();
        List<JsonObject> panels = dashboard.getJsonArray("panels").getValuesAs(JsonObject.class);
        assertFalse(panels.isEmpty(), "the dashboard has panels");
        for (JsonObject panel : panels) {
            List<JsonObject> targets = panel.getJsonArray("targets").getValuesAs(JsonObject.class);
            assertFalse(targets.isEmpty(), "panel " + panel.getString("title") + " queries something");
            for (JsonObject target : targets) {
                Set<String> names = PromQl.metricNames(target.getString("expr"));
                assertFalse(names.isEmpty(), "a query names a metric: " + target.getString("expr"));
                queried.addAll(names);
            }
        }
        Set<String> served = new TreeSet<>();
        samples().keySet().forEach(key -> served.add(key.replaceFirst("\\{.*", "")));
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "metrics the dashboard queries that /metrics does not serve");
        for (String required : List.of("tidings_connections", "tidings_publish_calls_total", "tidings_notifications_total",
                "tidings_events_delivered_total", "tidings_delivery_latency_seconds_bucket", "tidings_commit_duration_seconds_bucket",
                "tidings_commit_batch_calls_bucket", "tidings_replays_total", "tidings_resets_total", "tidings_disconnects_total",
                "tidings_refusals_total", "connectionpool_managedConnections")) {
            assertTrue(queried.contains(required), "the dashboard shows " + required);
        }
    }

    @Test
    void aConnectionEndIsOneLogLineWithoutTheToken() throws Exception {
        String carol = Api.newUser("carol");
        String carolToken = api.token(carol);
        try (LiveClient ws = Transport.WEBSOCKET.client(base.toURI(), carolToken).open(0)) {
            api.notify(publisher, "hello", carol);
            ws.awaitEvents(1);
        }
        Path log = SERVER.resolve("logs/messages.log");
        Pattern line = Pattern.compile("connection ended: user=" + Pattern.quote(carol)
                + " transport=ws duration=\\d+\\.\\d{3}s cause=(finished|client_gone) events=1$", Pattern.MULTILINE);
        await().atMost(Duration.ofSeconds(10)).until(() -> line.matcher(Files.readString(log)).find());
        String text = Files.readString(log);
        assertFalse(text.contains(carolToken), "the token is not in the log");
        Matcher ended = Pattern.compile("connection ended: user=" + Pattern.quote(carol) + " ").matcher(text);
        int lines = 0;
        while (ended.find()) {
            lines++;
        }
        assertEquals(1, lines, "one line per connection end");
    }

    private static void assertGrew(Map<String, Double> before, Map<String, Double> after, String key, double by) {
        double was = before.getOrDefault(key, 0.0);
        Double is = after.get(key);
        assertTrue(is != null, key + " is served");
        assertTrue(is - was >= by, key + " grew by at least " + by + ": " + was + " -> " + is);
    }

    /** A sample's key as {@link #samples()} makes it: the name, and its labels other than mp_scope, sorted. */
    static String key(String name, String... labels) {
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
        }
        return key.append('}').toString();
    }

    /** Every sample /metrics serves now, keyed by {@link #key}; a sample without labels by its name alone. */
    Map<String, Double> samples() throws Exception {
        HttpResponse<String> scraped = scrape(basic("metrics", PASSWORD));
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), "Prometheus text format");
        Map<String, Double> samples = new HashMap<>();
        Matcher sample = SAMPLE.matcher(scraped.body());
        while (sample.find()) {
            String labels = sample.group(2);
            String key = sample.group(1);
            if (labels != null) {
                TreeSet<String> pairs = new TreeSet<>();
                for (String pair : labels.substring(1, labels.length() - 1).split(",")) {
                    if (!pair.isBlank() && !pair.startsWith("mp_scope=")) {
                        pairs.add(pair.trim());
                    }
                }
                key = pairs.isEmpty() ? key : key + "{" + String.join(",", pairs) + "}";
            }
            samples.put(key, Double.valueOf(sample.group(3)));
        }
        return samples;
    }

    private HttpResponse<String> scrape(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + HTTPS_PORT + "/metrics"))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return TRUSTING.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The test server's certificate is Liberty's self-signed one, made at its first start. */
    private static final HttpClient TRUSTING = trustingClient();

    private static HttpClient trustingClient() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            SSLParameters parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm(null);
            return HttpClient.newBuilder().sslContext(tls).sslParameters(parameters).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
