package dev.tidings.client;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one notification is: {@code GET /api/v1/notifications/{id}}.
 *
 * @param id          the notification
 * @param recipient   whose inbox it is in
 * @param type        its type
 * @param seq         the seq of the event that created it
 * @param state       created, delivered or read
 * @param createdAt   when it was written
 * @param deliveredAt the first acknowledgement by a connection of the recipient, or null
 * @param readAt      when the recipient first read it, or null
 */
public record NotificationState(String id, String recipient, String type, long seq, State state,
                                Instant createdAt, Instant deliveredAt, Instant readAt) {

    /** How far a notification got. */
    public enum State {
        /** Written to the recipient's inbox. */
        CREATED,
        /** A connection of the recipient acknowledged it. */
        DELIVERED,
        /** The recipient read it. */
        READ
    }

    public Optional<Instant> delivered() {
        return Optional.ofNullable(deliveredAt);
    }

    public Optional<Instant> read() {
        return Optional.ofNullable(readAt);
    }
}
