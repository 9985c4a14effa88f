package dev.tidings.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.transaction.TransactionalException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes sure an inbox row exists for each user before anyone locks it. Two first publishes to
 * one user may race to insert it; the loser's duplicate-key failure happens in its own short
 * transaction, so it never spoils (or allocates a seq in) the publish transaction.
 */
@ApplicationScoped
public class InboxCreator {

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Inject
    InboxInserts inserts;

    /** In a transaction: a read outside one that meets a broken connection is retried for 15 s (persistence.xml). */
    @Transactional
    public void ensureExist(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return; // and "IN ()" is no SQL to PostgreSQL
        }
        List<String> missing = missing(userIds);
        if (missing.isEmpty()) {
            return;
        }
        try {
            inserts.insertAll(missing);
        } catch (PersistenceException | TransactionalException raced) {
            insertOneByOne(missing(missing));
        }
    }

    private void insertOneByOne(List<String> userIds) {
        for (String userId : userIds) {
            try {
                inserts.insertAll(List.of(userId));
            } catch (PersistenceException | TransactionalException raced) {
                // Created meanwhile by a concurrent publish; the lookup in the publish transaction will find it.
            }
        }
    }

    private List<String> missing(Collection<String> userIds) {
        Set<String> existing = new HashSet<>(em.createQuery(
                        "SELECT i.userId FROM Inbox i WHERE i.userId IN :ids", String.class)
                .setParameter("ids", userIds)
                .getResultList());
        return userIds.stream().filter(id -> !existing.contains(id)).toList();
    }
}
