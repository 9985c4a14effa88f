package dev.tidings.inbox;

import dev.tidings.security.UserIds;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One user's inbox head: the last allocated {@code seq} and the unread count; locked to append. */
@Entity
@Table(name = "TIDINGS_INBOX")
public class Inbox {

    @Id
    @Column(name = "USER_ID", length = UserIds.MAX_LENGTH)
    private String userId;

    @Column(name = "LAST_SEQ", nullable = false)
    private long lastSeq;

    @Column(name = "UNREAD_COUNT", nullable = false)
    private long unreadCount;

    @Version
    @Column(name = "VERSION", nullable = false)
    private long version;

    protected Inbox() {
    }

    Inbox(String userId) {
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long unreadCount() {
        return unreadCount;
    }

    /** Allocates the next sequence number; the caller holds this inbox's write lock. */
    long nextSeq() {
        return ++lastSeq;
    }

    void addUnread(long delta) {
        unreadCount = Math.max(0, unreadCount + delta);
    }
}
