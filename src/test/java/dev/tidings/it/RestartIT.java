package dev.tidings.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stops and starts the real Liberty server (after Arquillian's run has stopped it) with its own
 * script: everything acknowledged before the stop is there after the start, and seqs continue
 * without reuse; and a configuration change an operator makes takes effect.
 */
class RestartIT {

    static final Path WLP = Path.of(System.getProperty("tidings.wlp.dir", "target/liberty/wlp"));
    static final String NAME = System.getProperty("tidings.server.name", "tidings-it");
    static final Path SERVER = Path.of(System.getProperty("tidings.server.dir", "target/liberty/wlp/usr/servers/" + NAME));
    static final Path DROPIN = SERVER.resolve("dropins/tidings.war");
    static final URI BASE = URI.create("http://localhost:" + System.getProperty("tidings.http.port", "9180") + "/");

    @BeforeAll
    static void deploy() throws Exception {
        Files.copy(Path.of(System.getProperty("tidings.war", "target/tidings.war")), DROPIN, StandardCopyOption.REPLACE_EXISTING);
    }

    @AfterAll
    static void undeploy() throws Exception {
        server("stop");
        Files.deleteIfExists(DROPIN);
    }

    @Test
    void acknowledgedNotificationsSurviveAServerRestart() throws Exception {
        start();
        Api api = new Api(BASE);
        String publisher = api.token(Api.newUser("shop"), "publisher");
        String jo = Api.newUser("jo");
        String first = api.notify(publisher, "before restart 1", jo).getJsonArray("notifications").getJsonObject(0).getString("id");
        api.notify(publisher, "before restart 2", jo);
        api.notify(publisher, "before restart 3", jo);
        api.post("api/v1/inbox/read", api.token(jo), "{\"ids\":[\"" + first + "\"]}").expect(200);

        server("stop");
        assertTrue(Files.list(SERVER.resolve("data")).anyMatch(f -> f.getFileName().toString().startsWith("tidings")),
                "the embedded database lives in the server's data folder");
        start();

        String joToken = api.token(jo);
        JsonObject page = api.poll(joToken, 0);
        List<JsonObject> events = page.getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(e -> e.getJsonNumber("seq").longValue()).toList());
        assertEquals(first, events.get(0).getJsonObject("notification").getString("id"));
        assertEquals("read", events.get(3).getString("kind"));
        assertEquals(2, page.getInt("unread"));

        long next = api.notify(publisher, "after restart", jo).getJsonArray("notifications").getJsonObject(0)
                .getJsonNumber("seq").longValue();
        assertEquals(5, next, "seqs continue after a restart, none reused");
        JsonObject listing = api.get("api/v1/inbox", joToken).expect(200).json();
        assertEquals(4, listing.getJsonArray("notifications").size());
        assertEquals(3, listing.getInt("unread"));
    }

    /**
     * The development token endpoint exists only where the bundled server's configuration turns
     * it on: with the switch off (here by a configDropins override, as an operator would), it is
     * 404 and the start-up warning is gone. The code's own default is off ({@code DevTokensTest}).
     */
    @Test
    void withTheDevelopmentSwitchOffThereIsNoTokenEndpoint() throws Exception {
        server("stop"); // settings are read at start
        Path override = SERVER.resolve("configDropins/overrides/dev-tokens-off.xml");
        Files.createDirectories(override.getParent());
        Files.writeString(override, """
                <server>
                    <variable name="tidings.dev-tokens.enabled" value="false"/>
                </server>
                """);
        try {
            start();
            HttpResponse<String> mint = HttpClient.newHttpClient().send(HttpRequest.newBuilder(BASE.resolve("api/v1/dev/tokens"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"mallory\",\"groups\":[\"publisher\"]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, mint.statusCode(), mint.body());
            assertTrue(mint.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertFalse(mint.body().contains("token\":"), mint.body());
            String log = Files.readString(SERVER.resolve("logs/messages.log"));
            assertFalse(log.contains("Development token minting is ON"), "no development warning when it is off");
        } finally {
            server("stop");
            Files.delete(override);
        }
    }

    /** Starts the server with its script and waits until Tidings is ready. */
    static void start() throws Exception {
        server("start");
        HttpClient http = HttpClient.newHttpClient();
        await("Tidings ready after start").atMost(3, TimeUnit.MINUTES).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(BASE.resolve("health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    static void server(String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, NAME)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("server " + action + " did not finish");
        }
    }
}
