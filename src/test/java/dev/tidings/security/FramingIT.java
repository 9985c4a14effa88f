package dev.tidings.security;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.AgainstTidings;
import dev.tidings.it.Api;
import dev.tidings.it.RawHttp;
import dev.tidings.it.live.Transport;
import dev.tidings.it.live.WebSocketClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a publisher or a client writes can never change the framing of what others read: text
 * with line breaks stays inside one SSE data line and one NDJSON line; a WebSocket message over
 * the limit closes the socket with 1009 instead of being buffered.
 */
class FramingIT extends AgainstTidings {

    private static final String HOSTILE = "line one\r\n\r\nevent: reset\r\nid: 0\r\ndata: {\"kind\":\"reset\",\"seq\":0}\r\n\r\n"
            + "{\"kind\":\"reset\",\"seq\":0}\n";
    private static final Set<String> SSE_FIELDS = Set.of("id", "event", "data", "retry");
    private static final Set<String> EVENT_NAMES = Set.of("connected", "created", "updated", "retracted", "read", "reset");

    String user;
    String token;
    JsonObject published;

    @BeforeEach
    void aNotificationFullOfFramingTricks() throws Exception {
        user = Api.newUser("reader");
        token = api.token(user);
        String body = Json.createObjectBuilder()
                .add("recipients", Json.createArrayBuilder().add(user))
                .add("type", "comment").add("title", "data: injected? id: 7 event: reset")
                .add("body", HOSTILE)
                .add("data", Json.createObjectBuilder().add("text", HOSTILE).add("\r\nevent", "reset"))
                .build().toString();
        publisher = api.token(Api.newUser("app"), "publisher");
        api.publish(publisher, null, body).expect(201);
        published = api.poll(token, 0).getJsonArray("events").getJsonObject(0);
    }

    @Test
    void textWithLineBreaksStaysInsideOneSseDataLine() {
        String stream = RawHttp.get(URI.create(base.toString()), "api/v1/inbox/sse?after=0", 1500,
                "Authorization: Bearer " + token, "Accept: text/event-stream", "Connection: close").body();
        List<List<String>> frames = new ArrayList<>();
        List<String> frame = new ArrayList<>();
        for (String line : unchunk(stream).split("\n", -1)) {
            if (line.isEmpty()) {
                if (!frame.isEmpty()) {
                    frames.add(frame);
                }
                frame = new ArrayList<>();
            } else if (!line.startsWith(":")) {
                frame.add(line);
            }
        }
        assertEquals(2, frames.size(), "an open event and the one created event: " + frames);
        for (List<String> f : frames) {
            assertTrue(f.stream().allMatch(l -> SSE_FIELDS.contains(l.substring(0, l.indexOf(':')))), "only SSE fields: " + f);
            assertEquals(1, f.stream().filter(l -> l.startsWith("data:")).count(), "one data line: " + f);
            f.stream().filter(l -> l.startsWith("event:")).forEach(l -> assertTrue(EVENT_NAMES.contains(l.substring(6).trim()), l));
        }
        List<String> created = frames.get(1);
        assertTrue(created.contains("event: created") && created.contains("id: 1"), created.toString());
        String data = created.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5).trim();
        assertEquals(published, parse(data), "the data line is the whole event, unchanged");
        assertTrue(frames.stream().flatMap(List::stream).noneMatch(l -> l.equals("event: reset") || l.equals("id: 0")),
                "no forged field anywhere: " + frames);
    }

    @Test
    void textWithLineBreaksStaysInsideOneStreamLine() {
        String stream = unchunk(RawHttp.get(URI.create(base.toString()), "api/v1/inbox/stream?after=0", 1500,
                "Authorization: Bearer " + token, "Connection: close").body());
        List<JsonObject> lines = stream.lines().filter(l -> !l.isBlank()).map(FramingIT::parse).toList();
        assertEquals(published, lines.get(0));
        assertTrue(lines.stream().skip(1).allMatch(l -> l.getString("kind").equals("heartbeat")), "nothing but heartbeats after: " + lines);
    }

    @Test
    void aWebSocketMessageOverTheLimitClosesTheSocketWith1009() throws Exception {
        try (WebSocketClient socket = (WebSocketClient) Transport.WEBSOCKET.client(URI.create(base.toString()), token).open(0)) {
            socket.awaitEvents(1);
            socket.send("{\"type\":\"ack\",\"seq\":1,\"pad\":\"" + "x".repeat(300 * 1024) + "\"}");
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> socket.closeCode() >= 0);
            } catch (RuntimeException e) {
                throw new AssertionError("not closed; replies " + socket.replies() + ", closed by server " + socket.closedByServer(), e);
            }
            assertEquals(1009, socket.closeCode(), socket.closeReason());
        }
        JsonObject state = api.get("api/v1/notifications/" + published.getJsonObject("notification").getString("id"), publisher)
                .expect(200).json();
        assertEquals("created", state.getString("state"), "the oversized ack was not acted on");
    }

    /** Liberty's own limit (http.max-message-bytes, 1 MiB) refuses a message before any application code. */
    @Test
    void aMessageOverLibertysOwnLimitIsRefusedBeforeTheApplication() {
        String twoMegabytes = "x".repeat(2 * 1024 * 1024);
        Api.Reply reply = api.send(api.request("health/ready", null).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(twoMegabytes)));
        assertEquals(413, reply.status(), "health/ready reads no body: only the container can refuse it");
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    /** The body of a chunked response, without the chunk-size lines. */
    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
            } catch (NumberFormatException e) {
                return body; // not chunked
            }
            if (size == 0) {
                break;
            }
            int end = Math.min(body.length(), lineEnd + 2 + size);
            out.append(body, lineEnd + 2, end);
            at = end + 2;
        }
        return out.toString();
    }
}
