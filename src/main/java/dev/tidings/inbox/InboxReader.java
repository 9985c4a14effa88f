package dev.tidings.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads inboxes: the current listing, the event log after a cursor, one notification's state. */
@ApplicationScoped
public class InboxReader {

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    /** The newest {@code limit} notifications of {@code userId}, with unread count and latest seq. */
    @Transactional
    public Listing listing(String userId, int limit) {
        List<Notification> newestFirst = em.createQuery(
                        "SELECT n FROM Notification n JOIN FETCH n.content WHERE n.userId = :user AND n.retractedAt IS NULL "
                                + "ORDER BY n.updatedAt DESC, n.createdSeq DESC",
                        Notification.class)
                .setParameter("user", userId)
                .setMaxResults(limit)
                .getResultList();
        Inbox inbox = em.find(Inbox.class, userId);
        return new Listing(newestFirst, inbox == null ? 0 : inbox.unreadCount(), inbox == null ? 0 : inbox.lastSeq());
    }

    /**
     * Up to {@code max} events of {@code userId} after {@code cursor}, in seq order. A cursor
     * beyond the newest event yields an empty page; callers refuse it with
     * {@link EventPage#requireCursorWithinLog(long)}, outside the transaction (a refusal is an
     * answer, not a failed transaction).
     */
    @Transactional
    public EventPage eventsAfter(String userId, long cursor, int max) {
        Inbox inbox = em.find(Inbox.class, userId);
        long lastSeq = inbox == null ? 0 : inbox.lastSeq();
        long unread = inbox == null ? 0 : inbox.unreadCount();
        List<InboxEvent> events = cursor >= lastSeq ? List.of() : em.createQuery(
                        "SELECT e FROM InboxEvent e WHERE e.userId = :user AND e.seq > :cursor ORDER BY e.seq",
                        InboxEvent.class)
                .setParameter("user", userId)
                .setParameter("cursor", cursor)
                .setMaxResults(max)
                .getResultList();
        long next = events.isEmpty() ? cursor : events.get(events.size() - 1).seq();
        return new EventPage(render(events), next, unread, next < lastSeq, lastSeq);
    }

    /**
     * The events of several users after each one's cursor, in seq order per user, in one query
     * (and one for their contents): what other servers committed for users connected here. Meant
     * for users a few events behind; at most {@code max} events in all.
     */
    @Transactional
    public List<CommittedEvent> eventsAfter(Map<String, Long> cursors, int max) {
        if (cursors.isEmpty()) {
            return List.of();
        }
        StringBuilder jpql = new StringBuilder("SELECT e FROM InboxEvent e WHERE ");
        List<Map.Entry<String, Long>> entries = List.copyOf(cursors.entrySet());
        for (int i = 0; i < entries.size(); i++) {
            jpql.append(i == 0 ? "" : " OR ").append("(e.userId = :u").append(i).append(" AND e.seq > :c").append(i).append(')');
        }
        var query = em.createQuery(jpql.append(" ORDER BY e.userId, e.seq").toString(), InboxEvent.class);
        for (int i = 0; i < entries.size(); i++) {
            query.setParameter("u" + i, entries.get(i).getKey()).setParameter("c" + i, entries.get(i).getValue());
        }
        return render(query.setMaxResults(max).getResultList());
    }

    /** The wire JSON of each event: stored, or rendered from its content (each content serialised once). */
    private List<CommittedEvent> render(List<InboxEvent> events) {
        Set<String> contentIds = events.stream().map(InboxEvent::contentId).filter(Objects::nonNull).collect(Collectors.toSet());
        Map<String, NotificationContent> contents = contentIds.isEmpty() ? Map.of() : em.createQuery(
                        "SELECT c FROM NotificationContent c WHERE c.id IN :ids", NotificationContent.class)
                .setParameter("ids", contentIds)
                .getResultStream()
                .collect(Collectors.toMap(NotificationContent::id, c -> c));
        return events.stream().map(e -> new CommittedEvent(e.userId(), e.seq(), e.kind(), e.unread(), e.payload() != null ? e.payload()
                : WireFormat.created(e.seq(), e.unread(), e.notificationId(), e.createdAt(), contents.get(e.contentId()).wireFields())))
                .toList();
    }

    /** The newest seq of each of {@code userIds} that has an inbox. */
    @Transactional
    public Map<String, Long> lastSeqs(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("SELECT i.userId, i.lastSeq FROM Inbox i WHERE i.userId IN :ids", Object[].class)
                .setParameter("ids", userIds)
                .getResultStream()
                .collect(Collectors.toMap(row -> (String) row[0], row -> ((Number) row[1]).longValue()));
    }

    /** One notification by id, whoever owns it; callers decide who may see it. */
    public Optional<Notification> notification(String id) {
        return Optional.ofNullable(em.find(Notification.class, id));
    }

    /** The bell's current state. */
    public record Listing(List<Notification> notifications, long unread, long seq) {
    }

    /**
     * A slice of the event log: the events, the cursor to continue from, the unread count,
     * whether more wait, and the newest seq of the log when it was read.
     */
    public record EventPage(List<CommittedEvent> events, long cursor, long unread, boolean more, long lastSeq) {

        /**
         * This page, if {@code requested} is within the log.
         *
         * @throws CursorAheadException when the cursor is beyond the newest event
         */
        public EventPage requireCursorWithinLog(long requested) {
            if (requested > lastSeq) {
                throw new CursorAheadException(requested, lastSeq);
            }
            return this;
        }

        /**
         * True when the events right after the requested cursor are no longer retained: the first
         * one read is not the next, or none was read although the log goes further (every event
         * after the cursor was purged, as the purge by age may do to a user's whole log).
         */
        public boolean startsAfterAGap(long requested) {
            return events.isEmpty() ? requested < lastSeq : events.get(0).seq() > requested + 1;
        }
    }
}
