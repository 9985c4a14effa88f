package dev.tidings.inbox;

/**
 * Fired inside the transaction that erased everything of {@code userId}; observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)}: delivery ends the user's live
 * connections once the erasure is committed.
 */
public record InboxErased(String userId) {
}
