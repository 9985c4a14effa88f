package dev.tidings.inbox;

import dev.tidings.security.UserIds;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.Objects;

/**
 * What a notification says. A publish call stores its content once, however many inboxes it
 * reaches, and every recipient's {@link Notification} points at it; it never changes after.
 * An aggregate (the likes of one object) has content of its own, revised in place.
 */
@Entity
@Table(name = "TIDINGS_CONTENT")
public class NotificationContent {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "PUBLISHER_ID", length = UserIds.MAX_LENGTH)
    private String publisherId;

    @Column(name = "NOTIFICATION_TYPE", nullable = false, length = 64)
    private String type;

    @Column(name = "GROUP_KEY", length = 200)
    private String groupKey;

    @Column(name = "TITLE", nullable = false, length = 200)
    private String title;

    @Column(name = "BODY", length = 4000)
    private String body;

    @Lob
    @Column(name = "DATA_JSON", nullable = false)
    private String dataJson;

    @Column(name = "ACTORS_JSON", nullable = false, length = 8000)
    private String actorsJson;

    @Column(name = "ACTOR_COUNT", nullable = false)
    private long count;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    /** The fields as the wire format writes them, serialised once ({@link WireFormat#contentFields}). */
    @Transient
    private String wireFields;

    protected NotificationContent() {
    }

    NotificationContent(String id, NewNotification content, Instant now) {
        this.id = id;
        this.publisherId = content.publisherId();
        this.type = content.type();
        this.groupKey = content.group();
        this.createdAt = now;
        say(content);
    }

    /** New words for an aggregate. */
    void revise(NewNotification content) {
        say(content);
        wireFields = null;
    }

    private void say(NewNotification content) {
        this.title = content.title();
        this.body = content.body();
        this.dataJson = content.data().toString();
        this.actorsJson = WireFormat.stringArray(content.actors()).toString();
        this.count = Math.max(1, content.actors().size());
    }

    /** Whether revising with {@code content} and {@code totalActors} would leave this as it is. */
    boolean says(NewNotification content, long totalActors) {
        return title.equals(content.title()) && Objects.equals(body, content.body())
                && dataJson.equals(content.data().toString())
                && actorsJson.equals(WireFormat.stringArray(content.actors()).toString()) && count == totalActors;
    }

    /** Sets how many actors the aggregate counts when more are known than the content lists. */
    void countActors(long total) {
        this.count = total;
        wireFields = null;
    }

    String wireFields() {
        if (wireFields == null) {
            wireFields = WireFormat.contentFields(this);
        }
        return wireFields;
    }

    public String id() {
        return id;
    }

    public String publisherId() {
        return publisherId;
    }

    public String type() {
        return type;
    }

    public String groupKey() {
        return groupKey;
    }

    public String title() {
        return title;
    }

    public String body() {
        return body;
    }

    public String dataJson() {
        return dataJson;
    }

    public String actorsJson() {
        return actorsJson;
    }

    public long count() {
        return count;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
