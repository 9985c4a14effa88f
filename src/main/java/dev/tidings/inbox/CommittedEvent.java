package dev.tidings.inbox;

/**
 * An event that is in the log for good, the one value that travels from the commit to every socket:
 * its owner, cursor, kind, the owner's unread count after it, and its exact wire JSON.
 *
 * @param acceptedNanos {@link System#nanoTime()} when the write that made it was accepted, for the
 *                      publish-to-send latency; 0 for an event read back from the log
 */
public record CommittedEvent(String userId, long seq, String kind, long unread, String json, long acceptedNanos) {

    /** An event read from the log: when its write was accepted is not known here. */
    public CommittedEvent(String userId, long seq, String kind, long unread, String json) {
        this(userId, seq, kind, unread, json, 0);
    }
}
