package dev.tidings.inbox;

import java.util.List;

/**
 * Fired inside the transaction that appended {@code events}; observe it with
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} to see only what was committed.
 * Events of one user appear in {@code seq} order.
 */
public record InboxEventsCommitted(List<CommittedEvent> events) {

    public InboxEventsCommitted {
        events = List.copyOf(events);
    }
}
