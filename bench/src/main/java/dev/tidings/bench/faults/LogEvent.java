package dev.tidings.bench.faults;

import dev.tidings.bench.JsonText;
import dev.tidings.bench.TidingsApi;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * One event of a user's log as any transport carries it: its seq and kind, and for an event about
 * a notification ({@code created}, say) the notification's id and title; a {@code reset} (the log
 * was purged below the cursor) carries the seq to continue from.
 */
record LogEvent(long seq, String kind, String id, String title) {

    boolean isReset() {
        return kind.equals("reset");
    }

    /**
     * Every event of the log in {@code json}, in order: a poll answer's events, or the one event of an
     * SSE data line or a WebSocket message. Anything else (an SSE {@code connected} greeting, a
     * heartbeat, a WebSocket reply) holds none.
     */
    static List<LogEvent> in(JsonObject json) {
        if (json.get("events") instanceof JsonArray events) {
            return events.getValuesAs(JsonObject.class).stream().filter(LogEvent::isLogEvent).map(LogEvent::of).toList();
        }
        return isLogEvent(json) ? List.of(of(json)) : List.of();
    }

    /** {@link #in} of JSON text. */
    static List<LogEvent> parse(String json) {
        return in(JsonText.object(json));
    }

    private static boolean isLogEvent(JsonObject e) {
        return TidingsApi.LOG_KINDS.contains(JsonText.stringOr(e, "kind")) && JsonText.longOr(e, "seq", -1) >= 0;
    }

    private static LogEvent of(JsonObject e) {
        JsonObject notification = JsonText.objectOr(e, "notification");
        return new LogEvent(JsonText.longOr(e, "seq", -1), JsonText.stringOr(e, "kind"), JsonText.stringOr(notification, "id"),
                JsonText.stringOr(notification, "title"));
    }
}
