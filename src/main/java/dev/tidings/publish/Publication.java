package dev.tidings.publish;

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

/** A publish call made with an {@code Idempotency-Key}: what it asked and what it was answered. */
@Entity
@Table(name = "TIDINGS_PUBLICATION")
@IdClass(Publication.Key.class)
public class Publication {

    static final int MAX_KEY_LENGTH = 255;

    @Id
    @Column(name = "PUBLISHER_ID", length = UserIds.MAX_LENGTH)
    private String publisherId;

    @Id
    @Column(name = "IDEMPOTENCY_KEY", length = MAX_KEY_LENGTH)
    private String idempotencyKey;

    @Column(name = "REQUEST_HASH", nullable = false, length = 64)
    private String requestHash;

    @Lob
    @Column(name = "RESPONSE_JSON", nullable = false)
    private String responseJson;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected Publication() {
    }

    Publication(String publisherId, String idempotencyKey, String requestHash, String responseJson, Instant createdAt) {
        this.publisherId = publisherId;
        this.idempotencyKey = idempotencyKey;
        this.requestHash = requestHash;
        this.responseJson = responseJson;
        this.createdAt = createdAt;
    }

    String requestHash() {
        return requestHash;
    }

    String responseJson() {
        return responseJson;
    }

    /** The primary key: one publication per publisher and key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String publisherId;
        private String idempotencyKey;

        public Key() {
        }

        public Key(String publisherId, String idempotencyKey) {
            this.publisherId = publisherId;
            this.idempotencyKey = idempotencyKey;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(publisherId, key.publisherId)
                    && Objects.equals(idempotencyKey, key.idempotencyKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(publisherId, idempotencyKey);
        }
    }
}
