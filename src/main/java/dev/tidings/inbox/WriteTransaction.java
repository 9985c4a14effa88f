package dev.tidings.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** The transaction of one group commit ({@link GroupCommit}): its writes' inboxes locked first, in order. */
@ApplicationScoped
public class WriteTransaction {

    @Inject
    InboxLocks locks;

    @Inject
    CommitSignal signal;

    /**
     * Locks the inboxes of {@code sortedUserIds} in that order, then runs every write, in one
     * transaction that commits when this returns. Locking every inbox of the batch first, sorted,
     * is what keeps two servers' overlapping batches from deadlocking. A write that fails fails
     * them all: nothing is committed. Other servers hear of the commit ({@link CommitSignal}).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<Object> run(Collection<String> sortedUserIds, List<? extends Supplier<?>> writes) {
        if (!sortedUserIds.isEmpty()) {
            int locked = locks.lock(sortedUserIds).size();
            if (locked < sortedUserIds.size()) {
                throw new InboxesVanishedException(sortedUserIds.size() - locked);
            }
        }
        List<Object> results = new ArrayList<>(writes.size());
        for (Supplier<?> write : writes) {
            results.add(write.get());
        }
        signal.announce(locks.held());
        return results;
    }
}
