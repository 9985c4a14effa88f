package dev.tidings.client;

import java.util.Optional;

/**
 * The answer to {@link TidingsClient#like like} and {@link TidingsClient#unlike unlike} (docs/likes.md).
 *
 * @param object       the liked object, e.g. {@code post:42}
 * @param owner        whose object it is (and whose inbox holds the notification)
 * @param likes        how many actors like the object now
 * @param changed      false when nothing changed (a repeated like, or the owner's own)
 * @param notification the owner's notification and the seq of the event this call appended, or
 *                     null when it appended none
 */
public record LikeResult(String object, String owner, long likes, boolean changed, Receipt notification) {

    /** {@link #notification()}, if this call appended an event to the owner's inbox. */
    public Optional<Receipt> notificationReceipt() {
        return Optional.ofNullable(notification);
    }
}
