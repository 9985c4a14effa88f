package dev.tidings.inbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** The current state of one notification in one user's bell. */
@Entity
@Table(name = "TIDINGS_NOTIFICATION",
        indexes = @Index(name = "TIDINGS_NOTIFICATION_BY_USER", columnList = "USER_ID, UPDATED_AT"))
public class Notification {

    /** What a notification id looks like (a UUID); anything else cannot name one. */
    public static final String ID_PATTERN = "[0-9a-fA-F-]{1,36}";

    /** The publisher id of the notifications that Tidings' like service aggregates. */
    public static final String LIKES_PUBLISHER = "likes";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "USER_ID", nullable = false, length = UserIds.MAX_LENGTH)
    private String userId;

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

    @Column(name = "CREATED_SEQ", nullable = false)
    private long createdSeq;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    @Column(name = "READ_AT")
    private Instant readAt;

    @Column(name = "DELIVERED_AT")
    private Instant deliveredAt;

    @Column(name = "EXPIRES_AT")
    private Instant expiresAt;

    @Column(name = "RETRACTED_AT")
    private Instant retractedAt;

    protected Notification() {
    }

    Notification(String id, String userId, NewNotification content, long createdSeq, Instant now) {
        this.id = id;
        this.userId = userId;
        this.publisherId = content.publisherId();
        this.type = content.type();
        this.groupKey = content.group();
        this.title = content.title();
        this.body = content.body();
        this.dataJson = content.data().toString();
        this.actorsJson = WireFormat.stringArray(content.actors()).toString();
        this.count = Math.max(1, content.actors().size());
        this.createdSeq = createdSeq;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void markRead(Instant when) {
        readAt = when;
    }

    /** New content for an aggregated notification: it becomes unread again. */
    void revise(NewNotification content, Instant when) {
        this.title = content.title();
        this.body = content.body();
        this.dataJson = content.data().toString();
        this.actorsJson = WireFormat.stringArray(content.actors()).toString();
        this.count = Math.max(1, content.actors().size());
        this.updatedAt = when;
        this.readAt = null;
    }

    /** Whether revising with {@code content} and {@code totalActors} would leave this notification as it is. */
    boolean says(NewNotification content, long totalActors) {
        return title.equals(content.title()) && Objects.equals(body, content.body())
                && dataJson.equals(content.data().toString())
                && actorsJson.equals(WireFormat.stringArray(content.actors()).toString()) && count == totalActors;
    }

    /** Sets how many actors the aggregate counts when more are known than {@code actors} lists. */
    void countActors(long total) {
        this.count = total;
    }

    void retract(Instant when) {
        this.retractedAt = when;
        this.updatedAt = when;
    }

    public boolean isRetracted() {
        return retractedAt != null;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    /**
     * Whether the publisher {@code publisherId} may see this notification's delivery state: the
     * one that sent it, or any publisher for the notifications of Tidings' own like service.
     */
    public boolean visibleTo(String publisherId) {
        return publisherId.equals(this.publisherId) || LIKES_PUBLISHER.equals(this.publisherId);
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

    public long createdSeq() {
        return createdSeq;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant readAt() {
        return readAt;
    }

    public Instant deliveredAt() {
        return deliveredAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public boolean isRead() {
        return readAt != null;
    }
}
