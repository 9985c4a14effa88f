package dev.tidings.inbox;

import dev.tidings.config.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Appends to inboxes: each change of notification state and its event are written in the
 * caller's transaction, under the owner's inbox lock, so per-user {@code seq} is total and
 * gap-free. Commits are announced with {@link InboxEventsCommitted}.
 */
@ApplicationScoped
public class InboxWriter {

    // The rows of a publish, written with JDBC batches (insert): their columns as the entities map them.
    private static final String INSERT_CONTENT = "INSERT INTO TIDINGS_CONTENT (ID, PUBLISHER_ID, NOTIFICATION_TYPE, GROUP_KEY, "
            + "TITLE, BODY, DATA_JSON, ACTORS_JSON, ACTOR_COUNT, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_NOTIFICATION = "INSERT INTO TIDINGS_NOTIFICATION (ID, USER_ID, CONTENT_ID, CREATED_SEQ, "
            + "CREATED_AT, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_EVENT = "INSERT INTO TIDINGS_INBOX_EVENT (USER_ID, SEQ, KIND, NOTIFICATION_ID, CONTENT_ID, "
            + "UNREAD_COUNT, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?)";

    @PersistenceContext(unitName = "tidings")
    EntityManager em;

    @Inject
    Event<InboxEventsCommitted> committed;

    @Inject
    Limits limits;

    @Inject
    InboxLocks locks;

    /**
     * Puts one new notification into each recipient's inbox: its content stored and serialised
     * once, a slim row and a slim {@code created} event per recipient. Every recipient's inbox must
     * exist ({@link InboxCreator#ensureExist}). Recipients are locked in sorted order, so
     * overlapping batches cannot deadlock.
     */
    @Transactional
    public List<Receipt> append(NewNotification content, List<String> recipients) {
        Instant now = now();
        List<Inbox> inboxes = locks.lock(recipients);
        if (inboxes.size() != Set.copyOf(recipients).size()) {
            throw new IllegalStateException("inboxes missing for some of " + recipients.size() + " recipients");
        }
        NotificationContent shared = new NotificationContent(NotificationIds.next(), content, now);
        String fields = shared.wireFields();
        List<Receipt> receipts = new ArrayList<>(inboxes.size());
        List<CommittedEvent> events = new ArrayList<>(inboxes.size());
        List<Notification> rows = new ArrayList<>(inboxes.size());
        long[] unread = new long[inboxes.size()];
        for (Inbox inbox : inboxes) {
            long seq = inbox.nextSeq();
            inbox.addUnread(1);
            Notification notification = new Notification(NotificationIds.next(), inbox.userId(), shared, seq, now);
            unread[rows.size()] = inbox.unreadCount();
            rows.add(notification);
            String json = WireFormat.created(seq, inbox.unreadCount(), notification.id(), now, fields);
            receipts.add(new Receipt(inbox.userId(), notification.id(), seq));
            events.add(new CommittedEvent(inbox.userId(), seq, EventKind.CREATED.wireName(), inbox.unreadCount(), json,
                    GroupCommit.acceptedNanos()));
        }
        insert(shared, rows, unread);
        committed.fire(new InboxEventsCommitted(events));
        return receipts;
    }

    /**
     * Writes a call's content, its recipients' rows and their {@code created} events with three
     * JDBC batches on the transaction's connection, bypassing the persistence context: these rows
     * are never read back or changed in this transaction, and tracking them cost more than writing
     * them. The inbox rows stay managed (they are locked and updated through JPA).
     */
    private void insert(NotificationContent content, List<Notification> rows, long[] unread) {
        Connection db = em.unwrap(Connection.class);
        LocalDateTime at = LocalDateTime.ofInstant(content.createdAt(), ZoneOffset.UTC);
        try (PreparedStatement contentRow = db.prepareStatement(INSERT_CONTENT);
             PreparedStatement notificationRows = db.prepareStatement(INSERT_NOTIFICATION);
             PreparedStatement eventRows = db.prepareStatement(INSERT_EVENT)) {
            contentRow.setString(1, content.id());
            contentRow.setString(2, content.publisherId());
            contentRow.setString(3, content.type());
            contentRow.setString(4, content.groupKey());
            contentRow.setString(5, content.title());
            contentRow.setString(6, content.body());
            contentRow.setString(7, content.dataJson());
            contentRow.setString(8, content.actorsJson());
            contentRow.setLong(9, content.count());
            contentRow.setObject(10, at);
            contentRow.executeUpdate();
            for (int i = 0; i < rows.size(); i++) {
                Notification n = rows.get(i);
                notificationRows.setString(1, n.id());
                notificationRows.setString(2, n.userId());
                notificationRows.setString(3, content.id());
                notificationRows.setLong(4, n.createdSeq());
                notificationRows.setObject(5, at);
                notificationRows.setObject(6, at);
                notificationRows.addBatch();
                eventRows.setString(1, n.userId());
                eventRows.setLong(2, n.createdSeq());
                eventRows.setString(3, EventKind.CREATED.wireName());
                eventRows.setString(4, n.id());
                eventRows.setString(5, content.id());
                eventRows.setLong(6, unread[i]);
                eventRows.setObject(7, at);
                eventRows.addBatch();
            }
            notificationRows.executeBatch();
            eventRows.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("could not append " + rows.size() + " notifications", e);
        }
    }

    /**
     * Marks notifications of {@code userId} read: the given ids, or every unread one when
     * {@code ids} is null. An id that is not in this inbox fails the whole call, changing nothing.
     * Appends one {@code read} event naming the notifications that changed, if any did. At most
     * {@code tidings.read.max-ids} ids, whichever way the call comes (REST or WebSocket).
     */
    @Transactional
    public ReadReceipt markRead(String userId, Set<String> ids) {
        if (ids != null && ids.size() > limits.readMaxIds()) {
            throw new InvalidParameterException("at most " + limits.readMaxIds() + " ids per call");
        }
        Inbox inbox = locks.lock(userId);
        if (inbox == null) {
            if (ids != null && !ids.isEmpty()) {
                throw new NotificationNotFoundException("no notification " + ids.iterator().next() + " in this inbox");
            }
            return new ReadReceipt(List.of(), 0, 0);
        }
        List<Notification> targets = ids == null ? unread(userId) : owned(userId, ids);
        List<Notification> changed = targets.stream().filter(n -> !n.isRead()).toList();
        if (changed.isEmpty()) {
            return new ReadReceipt(List.of(), inbox.unreadCount(), inbox.lastSeq());
        }
        Instant now = now();
        changed.forEach(n -> n.markRead(now));
        inbox.addUnread(-changed.size());
        long seq = inbox.nextSeq();
        List<String> changedIds = changed.stream().map(Notification::id).toList();
        String json = WireFormat.readEvent(seq, inbox.unreadCount(), changedIds, now).toString();
        String single = changedIds.size() == 1 ? changedIds.get(0) : null;
        em.persist(new InboxEvent(userId, seq, EventKind.READ, inbox.unreadCount(), single, json, now));
        committed.fire(new InboxEventsCommitted(List.of(new CommittedEvent(userId, seq, EventKind.READ.wireName(),
                inbox.unreadCount(), json, GroupCommit.acceptedNanos()))));
        return new ReadReceipt(changedIds, inbox.unreadCount(), seq);
    }

    /**
     * Creates or revises {@code owner}'s one live notification of group {@code group}: the first
     * call creates it ({@code created}), later ones revise it in place, unread again
     * ({@code updated}); with {@code content} null it is retracted ({@code retracted}), if there is
     * one. Content equal to what the notification already says changes nothing. The owner's inbox
     * must exist and the caller's transaction holds its lock from here on.
     *
     * @param totalActors how many actors the aggregate counts ({@code content} may list fewer)
     * @return the notification's id and the event's seq, or null when nothing changed
     */
    @Transactional
    public Receipt aggregate(String owner, String group, NewNotification content, long totalActors) {
        Inbox inbox = locks.lock(owner);
        Notification current = em.createQuery("SELECT n FROM Notification n WHERE n.userId = :user "
                        + "AND n.content.groupKey = :group AND n.retractedAt IS NULL", Notification.class)
                .setParameter("user", owner)
                .setParameter("group", group)
                .getResultStream().findFirst().orElse(null);
        Instant now = now();
        EventKind kind;
        if (content == null) {
            if (current == null) {
                return null;
            }
            if (!current.isRead()) {
                inbox.addUnread(-1);
            }
            current.retract(now);
            kind = EventKind.RETRACTED;
        } else if (current == null) {
            NotificationContent own = new NotificationContent(NotificationIds.next(), content, now);
            own.countActors(totalActors);
            em.persist(own);
            current = new Notification(NotificationIds.next(), owner, own, inbox.lastSeq() + 1, now);
            em.persist(current);
            inbox.addUnread(1);
            kind = EventKind.CREATED;
        } else if (current.content().says(content, totalActors)) {
            return null; // e.g. the owner's own like: the aggregate is what it was, and stays read
        } else {
            if (current.isRead()) {
                inbox.addUnread(1);
            }
            current.content().revise(content);
            current.content().countActors(totalActors);
            current.revised(now);
            kind = EventKind.UPDATED;
        }
        long seq = inbox.nextSeq();
        String json = WireFormat.event(seq, kind, inbox.unreadCount(), current).toString();
        em.persist(new InboxEvent(owner, seq, kind, inbox.unreadCount(), current.id(), json, now));
        committed.fire(new InboxEventsCommitted(List.of(new CommittedEvent(owner, seq, kind.wireName(),
                inbox.unreadCount(), json, GroupCommit.acceptedNanos()))));
        return new Receipt(owner, current.id(), seq);
    }

    /**
     * Records that a connection of {@code userId} has received every event up to {@code seq}:
     * notifications created by those events get their first delivery time.
     */
    @Transactional
    public int markDelivered(String userId, long seq) {
        return em.createQuery("UPDATE Notification n SET n.deliveredAt = :now "
                        + "WHERE n.userId = :user AND n.createdSeq <= :seq AND n.deliveredAt IS NULL")
                .setParameter("now", now())
                .setParameter("user", userId)
                .setParameter("seq", seq)
                .executeUpdate();
    }

    private List<Notification> unread(String userId) {
        // The content comes in the same query: each notification's own look-up would be a query per call it came from.
        return em.createQuery("SELECT n FROM Notification n JOIN FETCH n.content WHERE n.userId = :user AND n.readAt IS NULL "
                        + "AND n.retractedAt IS NULL",
                        Notification.class)
                .setParameter("user", userId)
                .getResultList();
    }

    private List<Notification> owned(String userId, Set<String> ids) {
        List<Notification> found = em.createQuery(
                        "SELECT n FROM Notification n JOIN FETCH n.content WHERE n.userId = :user AND n.id IN :ids "
                                + "AND n.retractedAt IS NULL",
                        Notification.class)
                .setParameter("user", userId)
                .setParameter("ids", ids)
                .getResultList();
        if (found.size() != ids.size()) {
            Set<String> foundIds = Set.copyOf(found.stream().map(Notification::id).toList());
            String absent = ids.stream().filter(id -> !foundIds.contains(id)).findFirst().orElseThrow();
            throw new NotificationNotFoundException("no notification " + absent + " in this inbox");
        }
        return found;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
