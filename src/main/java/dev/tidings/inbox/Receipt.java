package dev.tidings.inbox;

/** Where a published notification landed: the recipient's notification id and its event's seq. */
public record Receipt(String recipient, String id, long seq) {
}
