package dev.tidings.inbox;

import dev.tidings.security.UserIds;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One notification in one user's bell: its state there (created, delivered, read, retracted)
 * and what it says ({@link NotificationContent}, shared by every recipient of the same call).
 */
@Entity
@Table(name = "TIDINGS_NOTIFICATION",
        indexes = @Index(name = "TIDINGS_NOTIFICATION_BY_USER", columnList = "USER_ID, UPDATED_AT"))
public class Notification {

    /** What a notification id looks like (a UUID); anything else cannot name one. */
    public static final String ID_PATTERN = "[0-9a-fA-F-]{1,36}";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "USER_ID", nullable = false, length = UserIds.MAX_LENGTH)
    private String userId;

    @ManyToOne(optional = false)
    @JoinColumn(name = "CONTENT_ID", nullable = false)
    private NotificationContent content;

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

    @Column(name = "RETRACTED_AT")
    private Instant retractedAt;

    protected Notification() {
    }

    Notification(String id, String userId, NotificationContent content, long createdSeq, Instant now) {
        this.id = id;
        this.userId = userId;
        this.content = content;
        this.createdSeq = createdSeq;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void markRead(Instant when) {
        readAt = when;
    }

    /** The aggregate's content was revised: it becomes unread again. */
    void revised(Instant when) {
        this.updatedAt = when;
        this.readAt = null;
    }

    void retract(Instant when) {
        this.retractedAt = when;
        this.updatedAt = when;
    }

    public String id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public NotificationContent content() {
        return content;
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

    public boolean isRead() {
        return readAt != null;
    }
}
