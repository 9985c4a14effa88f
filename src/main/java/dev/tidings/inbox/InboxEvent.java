package dev.tidings.inbox;

import dev.tidings.security.UserIds;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a user's append-only event log. Its {@code payload} is the exact wire JSON, except
 * for the {@code created} event of a published notification: that is a slim row (seq, unread
 * count, notification, content) and its JSON is rendered from the content, stored once per call
 * ({@link WireFormat#created}).
 */
@Entity
@Table(name = "TIDINGS_INBOX_EVENT")
@IdClass(InboxEvent.Key.class)
public class InboxEvent {

    @Id
    @Column(name = "USER_ID", length = UserIds.MAX_LENGTH)
    private String userId;

    @Id
    @Column(name = "SEQ")
    private long seq;

    @Column(name = "KIND", nullable = false, length = 16)
    private String kind;

    @Column(name = "NOTIFICATION_ID", length = 36)
    private String notificationId;

    @Column(name = "CONTENT_ID", length = 36)
    private String contentId;

    @Column(name = "UNREAD_COUNT", nullable = false)
    private long unread;

    @Lob
    @Column(name = "PAYLOAD")
    private String payload;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected InboxEvent() {
    }

    /** An event whose wire JSON is stored whole. */
    InboxEvent(String userId, long seq, EventKind kind, long unread, String notificationId, String payload, Instant createdAt) {
        this.userId = userId;
        this.seq = seq;
        this.kind = kind.wireName();
        this.unread = unread;
        this.notificationId = notificationId;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    public String userId() {
        return userId;
    }

    public long seq() {
        return seq;
    }

    public String kind() {
        return kind;
    }

    /** The stored wire JSON; null when it is rendered from {@link #contentId()}. */
    String payload() {
        return payload;
    }

    String contentId() {
        return contentId;
    }

    String notificationId() {
        return notificationId;
    }

    long unread() {
        return unread;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** The composite primary key {@code (userId, seq)}. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String userId;
        private long seq;

        public Key() {
        }

        public Key(String userId, long seq) {
            this.userId = userId;
            this.seq = seq;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && seq == key.seq && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, seq);
        }
    }
}
