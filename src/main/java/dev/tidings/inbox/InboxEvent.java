package dev.tidings.inbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One entry of a user's append-only event log; {@code payload} is the exact wire JSON. */
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

    @Lob
    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected InboxEvent() {
    }

    InboxEvent(String userId, long seq, EventKind kind, String notificationId, String payload, Instant createdAt) {
        this.userId = userId;
        this.seq = seq;
        this.kind = kind.wireName();
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

    public String payload() {
        return payload;
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
