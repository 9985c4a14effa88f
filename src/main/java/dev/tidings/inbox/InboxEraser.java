package dev.tidings.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Erases one user's inbox: its log, its notifications (with their read and delivery marks), the
 * contents no one else's notification shares, and the inbox row itself, under the inbox's lock,
 * in the caller's transaction. Once committed, {@link InboxErased} ends the user's live
 * connections; the next write to the user starts a fresh inbox at seq 1.
 */
@ApplicationScoped
public class InboxEraser {

    /** Contents deleted by one statement: bounded, as an IN list must be. */
    private static final int CONTENTS_PER_STATEMENT = 500;

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Inject
    InboxLocks locks;

    @Inject
    Event<InboxErased> erased;

    /** What one erasure of an inbox deleted. */
    public record Erased(int inbox, int events, int notifications, int contents) {
    }

    /**
     * Deletes everything of {@code userId}'s inbox. The caller's transaction takes the inbox's
     * lock here if it does not hold it yet: a concurrent write to the user waits for the commit
     * and then writes to a fresh inbox.
     */
    @Transactional
    public Erased erase(String userId) {
        locks.lock(userId);
        int events = em.createQuery("DELETE FROM InboxEvent e WHERE e.userId = :user")
                .setParameter("user", userId)
                .executeUpdate();
        List<String> contentIds = em.createQuery(
                        "SELECT DISTINCT n.content.id FROM Notification n WHERE n.userId = :user", String.class)
                .setParameter("user", userId)
                .getResultList();
        int notifications = em.createQuery("DELETE FROM Notification n WHERE n.userId = :user")
                .setParameter("user", userId)
                .executeUpdate();
        int contents = 0;
        for (int from = 0; from < contentIds.size(); from += CONTENTS_PER_STATEMENT) {
            // A content is shared by every recipient of one publish call: it goes only with its last notification.
            contents += em.createQuery("DELETE FROM NotificationContent c WHERE c.id IN :ids "
                            + "AND NOT EXISTS (SELECT n.id FROM Notification n WHERE n.content.id = c.id)")
                    .setParameter("ids", contentIds.subList(from, Math.min(contentIds.size(), from + CONTENTS_PER_STATEMENT)))
                    .executeUpdate();
        }
        int inbox = locks.erase(userId);
        erased.fire(new InboxErased(userId));
        return new Erased(inbox, events, notifications, contents);
    }
}
