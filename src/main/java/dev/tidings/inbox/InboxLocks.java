package dev.tidings.inbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionScoped;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The inbox rows the current transaction holds locked ({@code PESSIMISTIC_WRITE}), by user. A
 * group commit locks every inbox of its batch first; each write then finds its inboxes here
 * instead of asking the database for the same lock again. Inboxes not locked yet are locked in
 * sorted order, as everywhere.
 */
@TransactionScoped
public class InboxLocks implements Serializable {

    private static final long serialVersionUID = 1L;

    @PersistenceContext(unitName = "tidings")
    transient EntityManager em;

    private final transient Map<String, Inbox> locked = new HashMap<>();

    /** The inboxes of {@code userIds} that exist, locked, in user order. */
    public List<Inbox> lock(Collection<String> userIds) {
        List<String> missing = new TreeSet<>(userIds).stream().filter(id -> !locked.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            em.createQuery("SELECT i FROM Inbox i WHERE i.userId IN :ids ORDER BY i.userId", Inbox.class)
                    .setParameter("ids", missing)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList()
                    .forEach(inbox -> locked.put(inbox.userId(), inbox));
        }
        List<Inbox> inboxes = new ArrayList<>();
        for (String id : new TreeSet<>(userIds)) {
            Inbox inbox = locked.get(id);
            if (inbox != null) {
                inboxes.add(inbox);
            }
        }
        return inboxes;
    }

    /** Inboxes this transaction has erased: what the commit's announcement says of them (seq 0). */
    private final transient Map<String, Inbox> erased = new HashMap<>();

    /**
     * Every inbox this transaction has locked so far, and, for each one it erased, an empty
     * stand-in (seq 0): other servers hear that the user's log is empty now ({@link CommitSignal}).
     */
    Collection<Inbox> held() {
        if (erased.isEmpty()) {
            return locked.values();
        }
        List<Inbox> all = new ArrayList<>(locked.values());
        all.addAll(erased.values());
        return all;
    }

    /**
     * Deletes {@code inbox}, which this transaction holds locked; a later {@link #lock} in the
     * same transaction finds it no more. Answers 1, or 0 if the user has no inbox.
     */
    int erase(String userId) {
        Inbox inbox = lock(userId);
        if (inbox == null) {
            return 0;
        }
        em.remove(inbox);
        em.flush();
        locked.remove(userId);
        erased.put(userId, new Inbox(userId));
        return 1;
    }

    /** The inbox of {@code userId}, locked, or null if it has none. */
    public Inbox lock(String userId) {
        List<Inbox> one = lock(List.of(userId));
        return one.isEmpty() ? null : one.get(0);
    }
}
