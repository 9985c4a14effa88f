package dev.tidings.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Inserts empty inboxes in a transaction of their own (see {@link InboxCreator}). */
@ApplicationScoped
public class InboxInserts {

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void insertAll(List<String> userIds) {
        userIds.forEach(userId -> em.persist(new Inbox(userId)));
        em.flush();
    }
}
