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
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps each user's log to its newest {@code tidings.inbox.retained-events} events and to the
 * last {@code tidings.inbox.retained-days} days, purging the rest on a schedule (an event goes
 * when either rule says so). A client resuming from a purged cursor gets a {@code reset}, never a
 * gap. Notifications themselves (the listing) are not purged.
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

    /**
     * Deletes every event beyond the newest {@code tidings.inbox.retained-events} of its user, then
     * every event older than {@code tidings.inbox.retained-days} (when that is above 0): whichever
     * rule removes more decides. Answers how many were deleted in all.
     */
    public int purge() {
        int purged = self.purgeBeyondCount();
        int days = limits.retainedDays();
        if (days > 0) {
            purged += purgeOlderThan(Instant.now().minus(Duration.ofDays(days)));
        }
        return purged;
    }

    /** Deletes every event older than the newest {@code retained} of its user; answers how many. */
    @Transactional
    public int purgeBeyondCount() {
        return em.createQuery("DELETE FROM InboxEvent e WHERE e.seq + :keep <= "
                        + "(SELECT i.lastSeq FROM Inbox i WHERE i.userId = e.userId)")
                .setParameter("keep", limits.retainedEvents())
                .executeUpdate();
    }

    /**
     * Deletes every event created before {@code cutoff}, at most {@code tidings.inbox.purge-batch-events}
     * per transaction, so that the first purge of a large, old log neither holds one huge
     * transaction nor locks a table for long. Answers how many were deleted.
     */
    public int purgeOlderThan(Instant cutoff) {
        int batch = limits.purgeBatchEvents();
        int purged = 0;
        while (true) {
            PurgeBatch done = self.purgeBatchOlderThan(cutoff, batch);
            purged += done.deleted();
            if (done.found() < batch) {
                return purged;
            }
        }
    }

    /** One batch of the purge by age: how many old events it found (at most the batch) and deleted. */
    public record PurgeBatch(int found, int deleted) {
    }

    /** Deletes up to {@code max} events created before {@code cutoff}, by their keys, in one transaction. */
    @Transactional
    public PurgeBatch purgeBatchOlderThan(Instant cutoff, int max) {
        List<Object[]> keys = em.createQuery("SELECT e.userId, e.seq FROM InboxEvent e WHERE e.createdAt < :cutoff", Object[].class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(max)
                .getResultList();
        if (keys.isEmpty()) {
            return new PurgeBatch(0, 0);
        }
        Connection db = em.unwrap(Connection.class);
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM TIDINGS_INBOX_EVENT WHERE USER_ID = ? AND SEQ = ?")) {
            for (Object[] key : keys) {
                delete.setString(1, (String) key[0]);
                delete.setLong(2, ((Number) key[1]).longValue());
                delete.addBatch();
            }
            int deleted = 0;
            for (int count : delete.executeBatch()) {
                // A driver may answer SUCCESS_NO_INFO (-2) for a row it deleted without counting.
                deleted += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, count);
            }
            return new PurgeBatch(keys.size(), deleted);
        } catch (SQLException e) {
            throw new PersistenceException("could not purge " + keys.size() + " events older than " + cutoff, e);
        }
    }

    /** Whether the last purge failed: a database that is down is reported once, not at every purge. */
    private boolean failing;

    private void purgeQuietly() {
        try {
            int purged = self.purge();
            if (purged > 0) {
                LOG.fine(() -> "purged " + purged + " events beyond retention (by count or by age)");
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
