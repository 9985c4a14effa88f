package dev.tidings.it;

import dev.tidings.inbox.CommittedEvent;
import dev.tidings.inbox.InboxEventsCommitted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the inbox announces after commit, as the delivery hub will observe it. */
@ApplicationScoped
public class CommitRecorder {

    private final List<CommittedEvent> seen = new CopyOnWriteArrayList<>();

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) InboxEventsCommitted committed) {
        seen.addAll(committed.events());
    }

    public List<CommittedEvent> of(String userId) {
        return seen.stream().filter(e -> e.userId().equals(userId)).toList();
    }
}
