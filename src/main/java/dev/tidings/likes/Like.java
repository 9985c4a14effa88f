package dev.tidings.likes;

import dev.tidings.security.UserIds;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One actor's like of one object: at most one per pair, which is what makes liking idempotent. */
@Entity
@Table(name = "TIDINGS_LIKE")
@IdClass(Like.Key.class)
public class Like {

    static final int MAX_OBJECT_LENGTH = 128;
    static final int MAX_WHAT_LENGTH = 100;

    @Id
    @Column(name = "OBJECT_ID", length = MAX_OBJECT_LENGTH)
    private String objectId;

    @Id
    @Column(name = "ACTOR_ID", length = UserIds.MAX_LENGTH)
    private String actorId;

    @Column(name = "OWNER_ID", nullable = false, length = UserIds.MAX_LENGTH)
    private String ownerId;

    @Column(name = "WHAT", nullable = false, length = MAX_WHAT_LENGTH)
    private String what;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected Like() {
    }

    Like(String objectId, String actorId, String ownerId, String what, Instant createdAt) {
        this.objectId = objectId;
        this.actorId = actorId;
        this.ownerId = ownerId;
        this.what = what;
        this.createdAt = createdAt;
    }

    String objectId() {
        return objectId;
    }

    String ownerId() {
        return ownerId;
    }

    String what() {
        return what;
    }

    /** The primary key: an object and an actor. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String objectId;
        private String actorId;

        public Key() {
        }

        public Key(String objectId, String actorId) {
            this.objectId = objectId;
            this.actorId = actorId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(objectId, key.objectId) && Objects.equals(actorId, key.actorId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(objectId, actorId);
        }
    }
}
