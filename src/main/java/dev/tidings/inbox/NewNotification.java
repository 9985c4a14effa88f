package dev.tidings.inbox;

import jakarta.json.JsonObject;
import java.util.List;

/** What a publisher asks to put into each recipient's inbox; already validated. */
public record NewNotification(String publisherId, String type, String group, String title, String body,
                              JsonObject data, List<String> actors) {

    public NewNotification {
        data = data == null ? JsonObject.EMPTY_JSON_OBJECT : data;
        actors = actors == null ? List.of() : List.copyOf(actors);
    }
}
