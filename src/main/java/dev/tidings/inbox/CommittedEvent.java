package dev.tidings.inbox;

/** An event that is in the log for good: its owner, cursor, kind and exact wire JSON. */
public record CommittedEvent(String userId, long seq, String kind, String json) {
}
