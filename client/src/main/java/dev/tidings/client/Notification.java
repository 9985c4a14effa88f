package dev.tidings.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link TidingsClient#notify(Notification) notify} call sends: one notification for each
 * recipient. Immutable; build it with {@link #to(String...)}:
 *
 * <pre>{@code
 * Notification n = Notification.to("bob", "carol")
 *         .type("order").title("Your order shipped")
 *         .data(Map.of("order", 1001))
 *         .build();
 * }</pre>
 *
 * The server checks the rules (docs/api.md); the client only refuses what cannot be sent at all
 * (no recipient, no type or title, {@code data} that is not a JSON object).
 *
 * @param recipients the user ids to notify, in the order the receipts come back
 * @param type       e.g. {@code like}, {@code order}
 * @param title      the one line the bell shows
 * @param body       longer text, or null
 * @param group      e.g. {@code post:42}, or null
 * @param dataJson   a JSON object handed to the browser as is, as JSON text, or null
 * @param actors     who did it (user ids), possibly empty
 */
public record Notification(List<String> recipients, String type, String title, String body, String group,
                           String dataJson, List<String> actors) {

    public Notification {
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a notification needs at least one recipient");
        }
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        actors = actors == null ? List.of() : List.copyOf(actors);
        if (dataJson != null) {
            try {
                Json.readObject(dataJson);
            } catch (Json.JsonException e) {
                throw new IllegalArgumentException("data must be a JSON object: " + e.getMessage(), e);
            }
        }
    }

    /** Starts a notification for these recipients. */
    public static Builder to(String... recipients) {
        return to(List.of(recipients));
    }

    /** Starts a notification for these recipients. */
    public static Builder to(Collection<String> recipients) {
        return new Builder(recipients);
    }

    /** The JSON body of {@code POST /api/v1/notifications}. */
    String toJson() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"recipients\":");
        Json.write(recipients, out, 0);
        out.append(",\"type\":");
        Json.string(type, out);
        out.append(",\"title\":");
        Json.string(title, out);
        if (body != null) {
            out.append(",\"body\":");
            Json.string(body, out);
        }
        if (group != null) {
            out.append(",\"group\":");
            Json.string(group, out);
        }
        if (dataJson != null) {
            out.append(",\"data\":").append(dataJson.strip());
        }
        if (!actors.isEmpty()) {
            out.append(",\"actors\":");
            Json.write(actors, out, 0);
        }
        return out.append('}').toString();
    }

    /** Collects a {@link Notification}; not thread-safe (the notification it builds is). */
    public static final class Builder {
        private final List<String> recipients;
        private String type;
        private String title;
        private String body;
        private String group;
        private String dataJson;
        private final List<String> actors = new ArrayList<>();

        private Builder(Collection<String> recipients) {
            this.recipients = new ArrayList<>(Objects.requireNonNull(recipients, "recipients"));
        }

        /** The kind of notification, e.g. {@code like}, {@code comment}, {@code order}. Required. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** The title the recipient sees. Required. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder body(String body) {
            this.body = body;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        /**
         * {@code data} from a map: its values may be strings, numbers, booleans, null, lists and maps
         * with string keys (anything else is an {@link IllegalArgumentException} now, not at send time).
         */
        public Builder data(Map<String, ?> data) {
            this.dataJson = data == null ? null : Json.write(new LinkedHashMap<>(data));
            return this;
        }

        /** {@code data} as JSON text, e.g. {@code {"order":1001}}; it must be a JSON object. */
        public Builder dataJson(String json) {
            this.dataJson = json;
            return this;
        }

        /** Who did it, e.g. who liked; user ids. */
        public Builder actors(String... actors) {
            return actors(List.of(actors));
        }

        public Builder actors(Collection<String> actors) {
            this.actors.clear();
            this.actors.addAll(actors);
            return this;
        }

        /** The notification; {@link IllegalArgumentException} or {@link NullPointerException} if it cannot be sent. */
        public Notification build() {
            return new Notification(recipients, type, title, body, group, dataJson, actors);
        }
    }
}
