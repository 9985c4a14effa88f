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

    /** Every inbox this transaction has locked so far. */
    Collection<Inbox> held() {
        return locked.values();
    }

    /** The inbox of {@code userId}, locked, or null if it has none. */
    public Inbox lock(String userId) {
        List<Inbox> one = lock(List.of(userId));
        return one.isEmpty() ? null : one.get(0);
    }
}
