package dev.tidings.subscriber;

import dev.tidings.inbox.Notification;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Mark read: either some ids or all, exactly one of the two; the same rules over REST and the WebSocket. */
public record ReadRequest(
        List<@NotNull @Pattern(regexp = Notification.ID_PATTERN, message = "must be a notification id") String> ids,
        Boolean all) {

    @AssertTrue(message = "give either a non-empty \"ids\" list or \"all\": true, not both")
    public boolean isOneOf() {
        boolean someIds = ids != null && !ids.isEmpty();
        boolean everything = Boolean.TRUE.equals(all);
        return someIds != everything;
    }

    /** The ids to mark, each once; null for all of them. */
    Set<String> marked() {
        return ids == null ? null : new LinkedHashSet<>(ids);
    }
}
