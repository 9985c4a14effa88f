package dev.tidings.client;

/**
 * One recipient's notification, as {@code POST /api/v1/notifications} answers it.
 *
 * @param recipient the user id
 * @param id        the notification's id, for {@link TidingsClient#state(String)}
 * @param seq       its position in the recipient's inbox log
 */
public record Receipt(String recipient, String id, long seq) {
}
