package dev.tidings.bench;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Tidings' HTTP API as the harness calls it, requests and answers in one place (docs/api.md,
 * docs/transports.md): publishing, the development token endpoint, the inbox transports, and
 * {@code /health/live}. Answers are read with JSON-P. Public: the fault suite calls Tidings
 * through it too.
 */
public final class TidingsApi {

    /** The kinds of event a user's log holds (an SSE stream's {@code connected} event lists them). */
    public static final List<String> LOG_KINDS = List.of("created", "updated", "retracted", "read", "reset");

    private TidingsApi() {
    }

    /** The body of {@code POST /api/v1/notifications}: recipients, type, title and, unless null, data. */
    public static String notification(List<String> recipients, String type, String title, JsonObject data) {
        JsonArrayBuilder to = JsonText.arrayBuilder();
        recipients.forEach(to::add);
        JsonObjectBuilder body = JsonText.objectBuilder().add("recipients", to).add("type", type).add("title", title);
        if (data != null) {
            body.add("data", data);
        }
        return body.build().toString();
    }

    /** The harness's own notification, {@code data.t} its send time (epoch microseconds, {@link Clock#micros()}). */
    public static String benchNotification(List<String> recipients, long sentMicros) {
        return notification(recipients, "bench", "b", JsonText.objectBuilder().add("t", sentMicros).build());
    }

    /** {@code POST /api/v1/notifications} of {@code body} as the publisher of {@code publisherToken}. */
    public static HttpRequest.Builder publish(URI base, String publisherToken, String body) {
        return HttpRequest.newBuilder(base.resolve("api/v1/notifications"))
                .header("Authorization", "Bearer " + publisherToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A receipt of a {@code 201}: the notification a recipient got, and its seq in that recipient's log. */
    public record Receipt(String recipient, String id, long seq) {
    }

    /** The receipts of a publish's {@code 201} answer ({@code {"notifications":[{"recipient":…,"id":…,"seq":…}]}}). */
    public static List<Receipt> receipts(String answer) {
        JsonValue notifications = JsonText.object(answer).get("notifications");
        if (!(notifications instanceof JsonArray list)) {
            throw new JsonException("a publish answer without notifications: " + JsonText.abbreviated(answer));
        }
        return list.getValuesAs(JsonObject.class).stream()
                .map(n -> new Receipt(n.getString("recipient"), n.getString("id"), n.getJsonNumber("seq").longValueExact())).toList();
    }

    /** {@code POST /api/v1/dev/tokens} for {@code user}, in {@code groups} (none for a user's own token). */
    public static HttpRequest.Builder mintToken(URI base, String user, List<String> groups) {
        JsonObjectBuilder body = JsonText.objectBuilder().add("user", user);
        if (!groups.isEmpty()) {
            JsonArrayBuilder g = JsonText.arrayBuilder();
            groups.forEach(g::add);
            body.add("groups", g);
        }
        return HttpRequest.newBuilder(base.resolve("api/v1/dev/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.build().toString()));
    }

    /** The token of the token endpoint's answer ({@code {"token":"…"}}), or empty when it has none. */
    public static Optional<String> token(String answer) {
        try {
            return Optional.ofNullable(JsonText.stringOr(JsonText.object(answer), "token"));
        } catch (JsonException notJson) {
            return Optional.empty();
        }
    }

    /** {@code GET /api/v1/inbox/PATH} (poll, longpoll, stream, sse with their query) as the user of {@code token}. */
    public static HttpRequest.Builder inbox(URI base, String token, String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve("api/v1/inbox/" + pathAndQuery)).header("Authorization", "Bearer " + token);
    }

    /** The inbox's WebSocket, resuming after {@code after}. */
    public static URI webSocket(URI base, long after) {
        return URI.create(base.toString().replaceFirst("^http", "ws")).resolve("api/v1/inbox/ws?after=" + after);
    }

    /** A poll or long poll answer: its events, the cursor to ask from next, whether there are more at once. */
    public record Poll(List<JsonObject> events, long cursor, boolean more) {

        /** {@code {"events":[…],"cursor":N,"more":…}}; a {@link JsonException} without a cursor. */
        public static Poll of(String answer) {
            JsonObject poll = JsonText.object(answer);
            if (!(poll.get("cursor") instanceof JsonNumber cursor)) {
                throw new JsonException("a poll answer without a cursor: " + JsonText.abbreviated(answer));
            }
            List<JsonObject> events = poll.get("events") instanceof JsonArray list ? list.getValuesAs(JsonObject.class) : List.of();
            return new Poll(events, cursor.longValueExact(), poll.getBoolean("more", false));
        }
    }

    /**
     * The JSON a line of an SSE stream ({@code data: {…}}) or an NDJSON stream ({@code {…}}) carries;
     * empty for any other line (an SSE {@code event:}, {@code id:}, {@code retry:}, a comment, a blank).
     */
    public static Optional<JsonObject> lineJson(String line) {
        String json = line.startsWith("data:") ? line.substring("data:".length()).strip() : line.strip();
        return json.startsWith("{") ? Optional.of(JsonText.object(json)) : Optional.empty();
    }

    /** Whether an event is an SSE stream's greeting, {@code {"kind":"connected",…}}: the stream is registered. */
    public static boolean isConnected(JsonObject event) {
        return "connected".equals(JsonText.stringOr(event, "kind"));
    }

    /** The live connections the hub of the server at {@code base} holds now ({@code GET /health/live}, 10 s at most). */
    public static int liveConnections(HttpClient http, URI base) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("health/live")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            return liveConnections(answer.body());
        } catch (JsonException e) {
            throw new IllegalStateException(base + "health/live answered " + answer.statusCode() + " without a connection count: "
                    + JsonText.abbreviated(answer.body()), e);
        }
    }

    /**
     * The live connections the hub holds, from {@code /health/live}'s answer
     * ({@code {"checks":[{"name":"delivery","data":{"connections":N}}]}}); a {@link JsonException} when it says none.
     */
    public static int liveConnections(String answer) {
        JsonObject health = JsonText.object(answer);
        JsonArray checks = health.get("checks") instanceof JsonArray list ? list : JsonValue.EMPTY_JSON_ARRAY;
        return checks.getValuesAs(JsonObject.class).stream()
                .filter(check -> "delivery".equals(JsonText.stringOr(check, "name")))
                .map(check -> JsonText.objectOr(check, "data").get("connections"))
                .filter(JsonNumber.class::isInstance).map(n -> ((JsonNumber) n).intValueExact())
                .findFirst().orElseThrow(() -> new JsonException("/health/live says no connection count: " + JsonText.abbreviated(answer)));
    }
}
