package dev.tidings.delivery;

import dev.tidings.config.Limits;
import dev.tidings.inbox.CommittedEvent;
import dev.tidings.inbox.InboxEvent;
import dev.tidings.inbox.InboxEventsCommitted;
import dev.tidings.inbox.InboxReader;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-memory fan-out: which user has which live connections, fed by the inbox's
 * after-commit event. Events reach connections from memory; the log is read only to replay
 * from a connection's cursor when it opens, a page at a time, as fast as the connection drains.
 */
@ApplicationScoped
public class Hub {

    private static final Logger LOG = Logger.getLogger(Hub.class.getName());
    private static final long REPLAY_RETRY_MILLIS = 20;

    @Inject
    InboxReader reader;

    @Inject
    Limits limits;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService writers;

    private final ConcurrentHashMap<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();
    /** Live connections of all users: the size of every set in {@code byUser} together. */
    private final AtomicInteger live = new AtomicInteger();
    private ScheduledFuture<?> heartbeats;

    @PostConstruct
    void startHeartbeats() {
        long every = limits.heartbeatSeconds();
        heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void endAll() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        byUser.values().forEach(subscribers -> List.copyOf(subscribers).forEach(s -> s.end(Ending.SERVER_STOPPING)));
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) InboxEventsCommitted committed) {
        for (CommittedEvent event : committed.events()) {
            Set<Subscriber> subscribers = byUser.get(event.userId());
            if (subscribers != null) {
                subscribers.forEach(subscriber -> subscriber.live(event));
            }
        }
    }

    /**
     * Connects {@code connection} to {@code userId}'s events after {@code cursor}: registers it,
     * then replays what the log holds after the cursor, then goes live. At the first heartbeat
     * tick after {@code expiresAt} (the token's expiry; null for never) the connection is ended.
     *
     * @throws TooManyConnectionsException when the user holds the most connections allowed
     * @throws AtCapacityException when the server holds the most connections it takes
     * @throws dev.tidings.inbox.CursorAheadException when the cursor is beyond the log
     */
    public Subscription subscribe(String userId, Instant expiresAt, long cursor, Connection connection) {
        Subscriber subscriber = new Subscriber(userId, expiresAt, cursor, connection, limits.deliveryBufferEvents(), writers,
                this::forget);
        int max = limits.maxConnectionsPerUser();
        int capacity = limits.maxConnections();
        byUser.compute(userId, (user, subscribers) -> {
            Set<Subscriber> set = subscribers == null ? ConcurrentHashMap.newKeySet() : subscribers;
            if (set.size() >= max) {
                throw new TooManyConnectionsException(max, limits.refusalRetryAfterSeconds());
            }
            if (live.incrementAndGet() > capacity) {
                live.decrementAndGet();
                throw new AtCapacityException(capacity, limits.refusalRetryAfterSeconds());
            }
            set.add(subscriber);
            return set;
        });
        try {
            InboxReader.EventPage first = reader.eventsAfter(userId, cursor, limits.replayPageEvents())
                    .requireCursorWithinLog(cursor);
            if (first.startsAfterAGap(cursor)) {
                subscriber.reset(first.lastSeq());
                finishOrContinue(subscriber, first.lastSeq(), false);
            } else {
                subscriber.replayed(committed(first.events()));
                finishOrContinue(subscriber, first.cursor(), first.more());
            }
            return new Subscription(subscriber, first.unread());
        } catch (RuntimeException failure) {
            forget(subscriber);
            throw failure;
        }
    }

    /** Live connections of all users, now. */
    public int connectionCount() {
        return live.get();
    }

    private void finishOrContinue(Subscriber subscriber, long cursor, boolean more) {
        if (!more && subscriber.finishReplay()) {
            return;
        }
        long from = more ? cursor : subscriber.cursor();
        scheduler.execute(() -> replayStep(subscriber, from));
    }

    /** One more page of a long replay, when the connection has room for it. */
    private void replayStep(Subscriber subscriber, long cursor) {
        if (subscriber.isEnded()) {
            return;
        }
        int page = limits.replayPageEvents();
        if (subscriber.room() < page) {
            scheduler.schedule(() -> replayStep(subscriber, cursor), REPLAY_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        try {
            InboxReader.EventPage next = reader.eventsAfter(subscriber.userId(), cursor, page);
            subscriber.replayed(committed(next.events()));
            finishOrContinue(subscriber, next.cursor(), next.more());
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "replay failed; the client will resume from its cursor", failure);
            subscriber.end(Ending.CLIENT_GONE);
        }
    }

    /** Every heartbeat interval: ends connections whose token has expired, and beats for the rest. */
    private void heartbeat() {
        Instant now = Instant.now();
        byUser.values().forEach(subscribers -> subscribers.forEach(subscriber -> {
            if (subscriber.expiredAt(now)) {
                subscriber.end(Ending.TOKEN_EXPIRED);
            } else if (subscriber.connection().wantsHeartbeats()) {
                subscriber.heartbeat();
            }
        }));
    }

    private void forget(Subscriber subscriber) {
        byUser.computeIfPresent(subscriber.userId(), (user, subscribers) -> {
            if (subscribers.remove(subscriber)) {
                live.decrementAndGet();
            }
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    private static List<CommittedEvent> committed(List<InboxEvent> events) {
        return events.stream().map(e -> new CommittedEvent(e.userId(), e.seq(), e.kind(), e.payload())).toList();
    }
}
