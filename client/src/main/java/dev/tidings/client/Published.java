package dev.tidings.client;

import java.util.List;
import java.util.Optional;

/**
 * The answer to {@link TidingsClient#notify(Notification)}: one receipt per recipient, in the order of
 * the recipients.
 *
 * @param receipts       each recipient's notification id and seq
 * @param idempotencyKey the {@code Idempotency-Key} the call was sent with (the caller's, or the one the
 *                       client generated); sending the same notification again with it writes nothing
 * @param replayed       true when the server had already written this call and answered from its record
 *                       ({@code Idempotent-Replayed: true}), e.g. after a retry whose first answer was lost
 */
public record Published(List<Receipt> receipts, String idempotencyKey, boolean replayed) {

    public Published {
        receipts = List.copyOf(receipts);
    }

    /** The receipt of {@code recipient}, if it was one. */
    public Optional<Receipt> receipt(String recipient) {
        return receipts.stream().filter(r -> r.recipient().equals(recipient)).findFirst();
    }
}
