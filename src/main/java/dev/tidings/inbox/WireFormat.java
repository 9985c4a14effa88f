package dev.tidings.inbox;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The JSON a browser receives, identical on every transport (docs/api.md, docs/transports.md). */
public final class WireFormat {

    /**
     * The JSON-P provider, looked up once: each of {@link Json}'s static factory methods looks it
     * up again (a service-loader search), which cost more than building the JSON on the write path.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private WireFormat() {
    }

    /** A notification as the bell shows it. */
    public static JsonObject notification(Notification n) {
        NotificationContent c = n.content();
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", n.id())
                .add("type", c.type());
        addOrNull(json, "group", c.groupKey());
        json.add("title", c.title());
        addOrNull(json, "body", c.body());
        return json.add("data", parse(c.dataJson()))
                .add("actors", parseArray(c.actorsJson()))
                .add("count", c.count())
                .add("createdAt", n.createdAt().toString())
                .add("updatedAt", n.updatedAt().toString())
                .add("read", n.isRead())
                .build();
    }

    /**
     * The {@code created} event of a new notification, as {@link #event} writes it, from content
     * serialised once ({@link #contentFields}) for every recipient of a call, and for a replay.
     */
    static String created(long seq, long unread, String notificationId, Instant createdAt, String contentFields) {
        String at = createdAt.toString();
        return "{\"seq\":" + seq + ",\"kind\":\"created\",\"unread\":" + unread
                + ",\"notification\":{\"id\":\"" + notificationId + "\"," + contentFields
                + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" + at + "\",\"read\":false}}";
    }

    /** The fields of a notification that its content decides, in wire order, without braces. */
    static String contentFields(NotificationContent c) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("type", c.type());
        addOrNull(json, "group", c.groupKey());
        json.add("title", c.title());
        addOrNull(json, "body", c.body());
        String object = json.add("data", parse(c.dataJson()))
                .add("actors", parseArray(c.actorsJson()))
                .add("count", c.count())
                .build()
                .toString();
        return object.substring(1, object.length() - 1);
    }

    /** A {@code created}, {@code updated} or {@code retracted} event about one notification. */
    static JsonObject event(long seq, EventKind kind, long unread, Notification n) {
        return JSON.createObjectBuilder()
                .add("seq", seq)
                .add("kind", kind.wireName())
                .add("unread", unread)
                .add("notification", notification(n))
                .build();
    }

    /** A {@code read} event: these notifications were marked read at {@code readAt}. */
    static JsonObject readEvent(long seq, long unread, Collection<String> ids, Instant readAt) {
        return JSON.createObjectBuilder()
                .add("seq", seq)
                .add("kind", EventKind.READ.wireName())
                .add("unread", unread)
                .add("ids", stringArray(ids))
                .add("readAt", readAt.toString())
                .build();
    }

    /**
     * A reset: the client's cursor is older than the log retains; reload the listing, then
     * continue from {@code seq}.
     */
    public static JsonObject reset(long seq) {
        return JSON.createObjectBuilder().add("kind", "reset").add("seq", seq).build();
    }

    /**
     * The last frame of a live connection that the server ends because it is stopping: reconnect
     * (with the cursor, as always) after {@code retry} milliseconds.
     */
    public static String stopping(long retryMillis) {
        // Built by hand: at a stop it is written to every connection at once, and Json's provider
        // lookup (a class load per call) cost more than the write.
        return "{\"kind\":\"stopping\",\"retry\":" + retryMillis + "}";
    }

    /**
     * The same hint where only text fits (a WebSocket close reason, a refusal's detail), in the
     * form {@code retry: <milliseconds>}, like SSE's field.
     */
    public static String stoppingReason(long retryMillis) {
        return "server stopping; retry: " + retryMillis;
    }

    /**
     * The greeting of an event stream (SSE): the cursor the server resumes from, and every kind
     * of event the stream may carry ({@code reset} included), each sent as an event of that name.
     */
    public static JsonObject connected(long seq) {
        JsonArrayBuilder kinds = JSON.createArrayBuilder();
        for (EventKind kind : EventKind.values()) {
            kinds.add(kind.wireName());
        }
        return JSON.createObjectBuilder().add("kind", "connected").add("seq", seq).add("kinds", kinds.add("reset")).build();
    }

    /**
     * A polling answer: {@code events}, each its exact wire JSON as committed (never parsed again),
     * then the page's own {@code fields} (cursor, unread, and more or retry).
     */
    public static String page(List<String> events, JsonObject fields) {
        StringBuilder answer = new StringBuilder(64 + events.stream().mapToInt(String::length).sum() + events.size());
        answer.append("{\"events\":[").append(String.join(",", events)).append("],");
        String rest = fields.toString();
        return answer.append(rest, 1, rest.length()).toString();
    }

    static JsonArray stringArray(Collection<String> values) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        values.forEach(array::add);
        return array.build();
    }

    /** Reads JSON that this class wrote (stored payloads); never client input. */
    static JsonObject parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static JsonArray parseArray(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readArray();
        }
    }

    private static void addOrNull(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
