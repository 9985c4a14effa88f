package dev.tidings.inbox;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.Collection;

/** The JSON a browser receives, identical on every transport (docs/api.md, docs/transports.md). */
public final class WireFormat {

    private WireFormat() {
    }

    /** A notification as the bell shows it. */
    public static JsonObject notification(Notification n) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("id", n.id())
                .add("type", n.type());
        addOrNull(json, "group", n.groupKey());
        json.add("title", n.title());
        addOrNull(json, "body", n.body());
        return json.add("data", parse(n.dataJson()))
                .add("actors", parseArray(n.actorsJson()))
                .add("count", n.count())
                .add("createdAt", n.createdAt().toString())
                .add("updatedAt", n.updatedAt().toString())
                .add("read", n.isRead())
                .build();
    }

    /** A {@code created}, {@code updated} or {@code retracted} event about one notification. */
    static JsonObject event(long seq, EventKind kind, long unread, Notification n) {
        return Json.createObjectBuilder()
                .add("seq", seq)
                .add("kind", kind.wireName())
                .add("unread", unread)
                .add("notification", notification(n))
                .build();
    }

    /** A {@code read} event: these notifications were marked read at {@code readAt}. */
    static JsonObject readEvent(long seq, long unread, Collection<String> ids, Instant readAt) {
        return Json.createObjectBuilder()
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
        return Json.createObjectBuilder().add("kind", "reset").add("seq", seq).build();
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
        JsonArrayBuilder kinds = Json.createArrayBuilder();
        for (EventKind kind : EventKind.values()) {
            kinds.add(kind.wireName());
        }
        return Json.createObjectBuilder().add("kind", "connected").add("seq", seq).add("kinds", kinds.add("reset")).build();
    }

    static JsonArray stringArray(Collection<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array.build();
    }

    /** Reads JSON that this class wrote (stored payloads); never client input. */
    public static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static JsonArray parseArray(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
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
