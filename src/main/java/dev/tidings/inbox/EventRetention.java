package dev.tidings.inbox;

import dev.tidings.config.Limits;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps each user's log to its newest {@code tidings.inbox.retained-events} events, purging the
 * rest on a schedule. A client resuming from a purged cursor gets a {@code reset}, never a gap.
 */
@ApplicationScoped
public class EventRetention {

    private static final Logger LOG = Logger.getLogger(EventRetention.class.getName());

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Inject
    Limits limits;

    @Inject
    EventRetention self;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing start-up makes this bean start with the application rather than on first use.
    }

    @PostConstruct
    void schedule() {
        long every = limits.purgeIntervalSeconds();
        schedule = scheduler.scheduleWithFixedDelay(this::purgeQuietly, every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        schedule.cancel(false);
    }

    /** Deletes every event older than the newest {@code retained} of its user; answers how many. */
    @Transactional
    public int purge() {
        return em.createQuery("DELETE FROM InboxEvent e WHERE e.seq + :keep <= "
                        + "(SELECT i.lastSeq FROM Inbox i WHERE i.userId = e.userId)")
                .setParameter("keep", limits.retainedEvents())
                .executeUpdate();
    }

    /** Whether the last purge failed: a database that is down is reported once, not at every purge. */
    private boolean failing;

    private void purgeQuietly() {
        try {
            int purged = self.purge();
            if (purged > 0) {
                LOG.fine(() -> "purged " + purged + " events beyond retention");
            }
            if (failing) {
                LOG.info("event purges succeed again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.log(Level.WARNING, "event purge failed; it is tried again every " + limits.purgeIntervalSeconds()
                        + " s, and said again only once it succeeds", e);
                failing = true;
            } else {
                LOG.log(Level.FINE, "event purge failed again", e);
            }
        }
    }
}
