package dev.tidings.inbox;

import java.util.List;

/** The outcome of marking notifications read: which changed, the unread count and latest seq after. */
public record ReadReceipt(List<String> read, long unread, long seq) {
}
