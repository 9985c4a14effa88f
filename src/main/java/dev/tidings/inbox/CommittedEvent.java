package dev.tidings.inbox;

/**
 * An event that is in the log for good: its owner, cursor, kind and exact wire JSON.
 *
 * @param acceptedNanos {@link System#nanoTime()} when the write that made it was accepted, for the
 *                      publish-to-send latency; 0 for an event read back from the log
 */
public record CommittedEvent(String userId, long seq, String kind, String json, long acceptedNanos) {

    /** An event read from the log: when its write was accepted is not known here. */
    public CommittedEvent(String userId, long seq, String kind, String json) {
        this(userId, seq, kind, json, 0);
    }
}
