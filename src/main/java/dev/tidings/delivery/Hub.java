package dev.tidings.delivery;

import dev.tidings.config.Limits;
import dev.tidings.inbox.CommittedEvent;
import dev.tidings.inbox.InboxErased;
import dev.tidings.inbox.InboxEventsCommitted;
import dev.tidings.inbox.InboxesChanged;
import dev.tidings.inbox.InboxReader;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The in-memory fan-out: which user has which live connections, fed by the inbox's
 * after-commit event. Events reach connections from memory; the log is read only to replay
 * from a connection's cursor when it opens, a page at a time, as fast as the connection drains.
 *
 * <p>When the server stops, the hub ends every live connection at the start of Liberty's
 * quiesce, each told when to come back ({@link #stop()}): otherwise the quiesce waits its full
 * 30 seconds for connections that never finish by themselves, and cuts them.
 */
@ApplicationScoped
public class Hub {

    private static final Logger LOG = Logger.getLogger(Hub.class.getName());
    /** Users whose newest seq one query looks up, when catching up with every connected user. */
    private static final int LOOKUP_USERS = 500;
    /** Users whose missing events one query reads, when each misses at most {@link #NEAR_EVENTS}. */
    private static final int CATCH_UP_USERS = 100;
    /** Events a user may miss to be caught up with others in one query; further behind, alone, a page at a time. */
    private static final int NEAR_EVENTS = 8;
    /** How often the hub looks whether the server has begun to stop ({@link #watchForStop()}). */
    static final long STOP_WATCH_MILLIS = 500;
    /** Threads that end the connections at a stop, together. */
    private static final int GOODBYE_THREADS = 8;
    private static final Runnable NOTHING = () -> { };
    /** Liberty's message id for a task refused because its executor has been shut down. */
    static final String EXECUTOR_SHUT_DOWN = "CWWKE1202E";

    @Inject
    InboxReader reader;

    @Inject
    Limits limits;

    @Inject
    DeliveryMetrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Resource
    ManagedExecutorService writers;

    /** Threads for the goodbyes at a stop, when the executors no longer take work. */
    @Resource
    ManagedThreadFactory threads;

    /** Each user's live connections: a small immutable list, replaced (under the map's lock for that user) on change. */
    private final ConcurrentHashMap<String, List<Subscriber>> byUser = new ConcurrentHashMap<>();
    /** What every subscriber calls when it ends: one object for all of them. */
    private final Consumer<Subscriber> forget = this::forget;
    /** Live connections of all users: the size of every list in {@code byUser} together. */
    private final AtomicInteger live = new AtomicInteger();
    /** Registrations hold it shared, the stop exclusively: after the stop, no connection is added unseen. */
    private final ReadWriteLock stopLock = new ReentrantReadWriteLock();
    private volatile boolean stopping;
    /** Read at start: the stop must not depend on a bean that may be destroyed by then. */
    private long reconnectSpreadMillis;
    /** How long a goodbye at a stop waits for its connection's write in flight; read at start too. */
    private long goodbyeWaitMillis;
    private ScheduledFuture<?> heartbeats;
    private ScheduledFuture<?> stopWatch;
    /** Seconds between two heartbeats of one connection. */
    private int heartbeatSeconds;
    /** Heartbeat ticks (one a second) so far; the scheduler runs one at a time. */
    private long ticks;

    @PostConstruct
    void start() {
        reconnectSpreadMillis = limits.reconnectSpreadMillis();
        goodbyeWaitMillis = limits.goodbyeWaitMillis();
        heartbeatSeconds = Math.max(1, limits.heartbeatSeconds());
        heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, 1, 1, TimeUnit.SECONDS);
        stopWatch = scheduler.scheduleWithFixedDelay(this::watchForStop, STOP_WATCH_MILLIS, STOP_WATCH_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Liberty stops in two steps: a quiesce of up to 30 seconds (it stops accepting connections
     * and waits for the open ones to finish), and only then the applications. Live connections
     * never finish by themselves, so they must end during the quiesce; but Liberty (26) tells an
     * application nothing until it stops it. What it does at the very start of the quiesce is shut
     * down the managed executors, which from then on refuse every task with
     * {@value #EXECUTOR_SHUT_DOWN}. Only that refusal counts: a full queue (were the executor
     * configured with a bounded one) must not stop the hub. Elsewhere the hub ends its connections
     * when the application stops ({@link #applicationStopping()}), after the quiesce.
     */
    private void watchForStop() {
        try {
            writers.execute(NOTHING);
        } catch (RejectedExecutionException refused) {
            if (String.valueOf(refused.getMessage()).startsWith(EXECUTOR_SHUT_DOWN)) {
                stop();
            }
        }
    }

    /** The application stops (after the quiesce, or alone, as in a redeploy): whatever is still open goes the same way. */
    @PreDestroy
    void applicationStopping() {
        stop();
    }

    /**
     * Ends every live connection, each told to reconnect after its own random delay within
     * {@code tidings.shutdown.reconnect-spread-millis} ({@link Connection#goAway}), and refuses
     * new ones from now on ({@link ServerStoppingException}). Only the first call does anything.
     * Uses no executor: the closes run on this thread ({@link #dispatch}).
     */
    void stop() {
        stopLock.writeLock().lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
        } finally {
            stopLock.writeLock().unlock();
        }
        heartbeats.cancel(false);
        stopWatch.cancel(false);
        long started = System.nanoTime();
        List<Subscriber> all = byUser.values().stream().flatMap(List::stream).toList();
        // Most of a WebSocket's close is spent waiting for the container to cancel the socket's
        // read (about 1.5 ms each): alone, one thread took 7 s for 10,000 connections of all kinds.
        int slices = Math.min(GOODBYE_THREADS, Math.max(1, all.size() / 100));
        List<Thread> helpers = new ArrayList<>();
        for (int slice = 1; slice < slices; slice++) {
            List<Subscriber> mine = everyNth(all, slice, slices);
            try {
                Thread helper = threads.newThread(() -> goodbye(mine));
                helper.start();
                helpers.add(helper);
            } catch (RuntimeException noThread) {
                goodbye(mine);
            }
        }
        goodbye(everyNth(all, 0, slices));
        for (Thread helper : helpers) {
            try {
                helper.join(TimeUnit.SECONDS.toMillis(20));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        goodbyeAfterWritesInFlight(all);
        LOG.info(String.format("Tidings is stopping: ended %d live connections in %d ms, each told to reconnect within %d ms",
                all.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), reconnectSpreadMillis));
    }

    /**
     * A goodbye waits for its connection's write in flight (a close frame sent during a write was
     * lost); those whose write has not finished within {@code tidings.shutdown.goodbye-wait-millis} (a client
     * that stopped reading) are said now.
     */
    private void goodbyeAfterWritesInFlight(List<Subscriber> all) {
        List<Subscriber> waiting = all.stream().filter(Subscriber::awaitsGoodbye).toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(goodbyeWaitMillis);
        while (!waiting.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
            waiting = waiting.stream().filter(Subscriber::awaitsGoodbye).toList();
        }
        waiting.forEach(Subscriber::goodbyeNow);
    }

    private void goodbye(List<Subscriber> subscribers) {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.stop(reconnectDelay());
            } catch (RuntimeException failure) {
                LOG.log(Level.FINE, "a connection failed to say goodbye; its client resumes from its cursor", failure);
            }
        }
    }

    private static <T> List<T> everyNth(List<T> all, int first, int n) {
        List<T> slice = new ArrayList<>(all.size() / n + 1);
        for (int i = first; i < all.size(); i += n) {
            slice.add(all.get(i));
        }
        return slice;
    }

    /** A client's delay before it reconnects after a stop: uniform within the spread. */
    private long reconnectDelay() {
        return ThreadLocalRandom.current().nextLong(reconnectSpreadMillis + 1);
    }

    /**
     * The subscribers' executor: the managed executor, or, once the server is stopping (it refuses
     * work from the start of the quiesce), the calling thread: the drains that write the goodbyes
     * and close the connections must still run, and each is short.
     */
    private void dispatch(Runnable drain) {
        if (!stopping) {
            try {
                writers.execute(drain);
                return;
            } catch (RejectedExecutionException refused) {
                // The stop has begun: watchForStop() ends every connection within moments.
            }
        }
        drain.run();
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) InboxEventsCommitted committed) {
        for (CommittedEvent event : committed.events()) {
            List<Subscriber> subscribers = byUser.get(event.userId());
            if (subscribers != null) {
                subscribers.forEach(subscriber -> subscriber.live(event));
            }
        }
    }

    /**
     * A user's data was erased on this server: each of their live connections here ends
     * ({@link Ending#ERASED}); events it had queued are dropped with it. A client that comes
     * back with its old cursor is refused as ahead of the log and starts over from the listing.
     */
    void onErased(@Observes(during = TransactionPhase.AFTER_SUCCESS) InboxErased erased) {
        byUser.getOrDefault(erased.userId(), List.of()).forEach(subscriber -> subscriber.end(Ending.ERASED));
    }

    /**
     * Another server committed, or it is time to check ({@link InboxesChanged}): delivers from
     * the log whatever a connected user's log holds beyond what that user's connections were
     * given. Runs on the commit listener's thread, one hint at a time; a user with no connection
     * here costs nothing. What a connection is given twice (an event announced here as well) it
     * drops by seq.
     */
    void onInboxesChanged(@Observes InboxesChanged changed) {
        Map<String, Long> behind = new HashMap<>();
        Map<String, Long> farBehind = new HashMap<>();
        if (changed.everyone()) {
            List<String> users = new ArrayList<>(byUser.keySet());
            for (int from = 0; from < users.size(); from += LOOKUP_USERS) {
                List<String> batch = users.subList(from, Math.min(users.size(), from + LOOKUP_USERS));
                // What each connection was given before the look-up: a log that is behind even that was erased
                // (a log only grows otherwise), and a user without an inbox has an empty one.
                Map<Subscriber, Long> given = new HashMap<>();
                batch.forEach(user -> byUser.getOrDefault(user, List.of()).forEach(s -> given.put(s, s.cursor())));
                Map<String, Long> lastSeqs = reader.lastSeqs(batch);
                given.forEach((subscriber, cursor) -> {
                    if (cursor > lastSeqs.getOrDefault(subscriber.userId(), 0L)) {
                        subscriber.end(Ending.ERASED);
                    }
                });
                batch.forEach(user -> noteIfBehind(user, lastSeqs.getOrDefault(user, 0L), behind, farBehind));
            }
        } else {
            changed.lastSeqs().forEach((user, seq) -> {
                if (seq == 0) {
                    // An empty log: another server erased the user (its commit says seq 0). A connection given more ends.
                    byUser.getOrDefault(user, List.of()).stream().filter(s -> s.cursor() > 0).forEach(s -> s.end(Ending.ERASED));
                } else {
                    noteIfBehind(user, seq, behind, farBehind);
                }
            });
        }
        // The usual case, a commit's event or two per user: one read for many users.
        List<String> users = new ArrayList<>(behind.keySet());
        for (int from = 0; from < users.size(); from += CATCH_UP_USERS) {
            Map<String, Long> cursors = new HashMap<>();
            users.subList(from, Math.min(users.size(), from + CATCH_UP_USERS)).forEach(user -> cursors.put(user, behind.get(user)));
            deliverCaughtUp(cursors, reader.eventsAfter(cursors, CATCH_UP_USERS * NEAR_EVENTS));
        }
        farBehind.forEach(this::catchUp);
    }

    /**
     * Notes {@code user}'s connections' newest seq if the log's {@code lastSeq} is beyond it: in
     * {@code near} when a few events behind, in {@code far} when more.
     */
    private void noteIfBehind(String user, long lastSeq, Map<String, Long> near, Map<String, Long> far) {
        List<Subscriber> subscribers = byUser.get(user);
        if (subscribers == null) {
            return;
        }
        long given = subscribers.stream().mapToLong(Subscriber::cursor).max().orElse(lastSeq);
        if (given < lastSeq) {
            (lastSeq - given <= NEAR_EVENTS ? near : far).put(user, given);
        }
    }

    /**
     * Hands events read for several users to their connections; a user whose events start after a
     * gap resumes by replay, and so does one behind whose events were all purged (none was read).
     */
    private void deliverCaughtUp(Map<String, Long> cursors, List<CommittedEvent> events) {
        Set<String> unread = new HashSet<>(cursors.keySet());
        events.forEach(event -> unread.remove(event.userId()));
        unread.forEach(user -> resumeByReplay(byUser.getOrDefault(user, List.of())));
        String user = null;
        long expected = 0;
        List<Subscriber> subscribers = List.of();
        for (CommittedEvent event : events) {
            if (!event.userId().equals(user)) {
                user = event.userId();
                expected = cursors.get(user) + 1;
                subscribers = byUser.getOrDefault(user, List.of());
            }
            if (event.seq() != expected) {
                resumeByReplay(subscribers);
                subscribers = List.of();
                continue;
            }
            expected++;
            CommittedEvent next = event;
            subscribers.forEach(subscriber -> subscriber.live(next));
        }
    }

    /** The log was purged past what these connections were given: each resumes from its cursor and is told to reset there. */
    private static void resumeByReplay(List<Subscriber> subscribers) {
        subscribers.forEach(subscriber -> subscriber.end(Ending.TOO_SLOW));
    }

    /** Reads {@code userId}'s log after {@code cursor} and hands it to the user's connections as live events. */
    private void catchUp(String userId, long cursor) {
        int page = limits.replayPageEvents();
        // More than a buffer's worth would only overflow the connections: they then resume by replay.
        int pages = limits.deliveryBufferEvents() / Math.max(1, page) + 1;
        for (long from = cursor; pages-- > 0; ) {
            List<Subscriber> subscribers = byUser.get(userId);
            if (subscribers == null) {
                return;
            }
            InboxReader.EventPage next = reader.eventsAfter(userId, from, page);
            if (next.startsAfterAGap(from)) {
                resumeByReplay(subscribers);
                return;
            }
            next.events().forEach(event -> subscribers.forEach(subscriber -> subscriber.live(event)));
            if (!next.more()) {
                return;
            }
            from = next.cursor();
        }
    }

    /**
     * Connects {@code connection} to {@code userId}'s events after {@code cursor}: registers it,
     * then replays what the log holds after the cursor, then goes live. At the first heartbeat
     * tick after {@code expiresAt} (the token's expiry; null for never) the connection is ended.
     *
     * @throws TooManyConnectionsException when the user holds the most connections allowed
     * @throws AtCapacityException when the server holds the most connections it takes
     * @throws ServerStoppingException when the server is stopping
     * @throws dev.tidings.inbox.CursorAheadException when the cursor is beyond the log
     */
    public Subscription subscribe(String userId, Instant expiresAt, long cursor, Connection connection) {
        Transport transport = connection.transport();
        Subscriber subscriber = new Subscriber(userId, expiresAt, cursor, connection, limits.deliveryBufferEvents(), this::dispatch,
                forget, event -> metrics.sent(transport, event));
        int max = limits.maxConnectionsPerUser();
        int capacity = limits.maxConnections();
        stopLock.readLock().lock();
        try {
            if (stopping) {
                throw new ServerStoppingException(reconnectDelay());
            }
            byUser.compute(userId, (user, subscribers) -> {
                List<Subscriber> current = subscribers == null ? List.of() : subscribers;
                if (current.size() >= max) {
                    throw new TooManyConnectionsException(max, limits.refusalRetryAfterSeconds());
                }
                if (live.incrementAndGet() > capacity) {
                    live.decrementAndGet();
                    throw new AtCapacityException(capacity, limits.refusalRetryAfterSeconds());
                }
                Subscriber[] more = current.toArray(new Subscriber[current.size() + 1]);
                more[current.size()] = subscriber;
                metrics.opened(transport);
                return List.of(more);
            });
        } finally {
            stopLock.readLock().unlock();
        }
        try {
            InboxReader.EventPage first = reader.eventsAfter(userId, cursor, limits.replayPageEvents())
                    .requireCursorWithinLog(cursor);
            if (first.startsAfterAGap(cursor)) {
                metrics.reset(transport);
                subscriber.reset(first.lastSeq());
                finishOrContinue(subscriber, first.lastSeq(), false);
            } else {
                if (!first.events().isEmpty()) {
                    metrics.replayed(transport);
                }
                subscriber.replayed(first.events());
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
        try {
            scheduler.execute(() -> replayStep(subscriber, from));
        } catch (RejectedExecutionException stopping) {
            subscriber.stop(reconnectDelay());
        }
    }

    /**
     * One more page of a long replay, once the connection has room for it: a connection whose
     * queue is too full to take a page says so when its writes have made the room
     * ({@link Subscriber#whenRoomFor}), and the page is read then.
     */
    private void replayStep(Subscriber subscriber, long cursor) {
        if (subscriber.isEnded()) {
            return;
        }
        int page = limits.replayPageEvents();
        if (subscriber.room() < page) {
            subscriber.whenRoomFor(page, () -> {
                try {
                    scheduler.execute(() -> replayStep(subscriber, cursor));
                } catch (RejectedExecutionException stopping) {
                    subscriber.stop(reconnectDelay());
                }
            });
            return;
        }
        try {
            InboxReader.EventPage next = reader.eventsAfter(subscriber.userId(), cursor, page);
            if (next.startsAfterAGap(cursor)) {
                // Purged (by count or by age) while this connection replayed: it resumes from its cursor and is told to reset there.
                resumeByReplay(List.of(subscriber));
                return;
            }
            subscriber.replayed(next.events());
            finishOrContinue(subscriber, next.cursor(), next.more());
        } catch (RuntimeException failure) {
            LOG.log(Level.WARNING, "replay failed; the client will resume from its cursor", failure);
            subscriber.end(Ending.CLIENT_GONE);
        }
    }

    /**
     * Every second, for the connections whose turn it is: ends those whose token has expired, and
     * beats for the rest. Each connection has its turn once every {@code heartbeatSeconds}, at a
     * second of its own ({@link Subscriber#heartbeatDue}): 10,000 connections beating in the
     * same second queued their heartbeats (a ping and a frame each, on WebSocket) in front of the
     * events published meanwhile, which waited up to half a second.
     */
    private void heartbeat() {
        Instant now = Instant.now();
        long tick = ticks++;
        byUser.values().forEach(subscribers -> subscribers.forEach(subscriber -> {
            if (!subscriber.heartbeatDue(tick, heartbeatSeconds)) {
                return;
            }
            if (subscriber.expiredAt(now)) {
                subscriber.end(Ending.TOKEN_EXPIRED);
            } else if (subscriber.connection().wantsHeartbeats()) {
                subscriber.heartbeat();
            }
        }));
    }

    private void forget(Subscriber subscriber) {
        byUser.computeIfPresent(subscriber.userId(), (user, subscribers) -> {
            List<Subscriber> rest = subscribers.stream().filter(s -> s != subscriber).toList();
            if (rest.size() < subscribers.size()) {
                live.decrementAndGet();
                metrics.closed(subscriber);
            }
            return rest.isEmpty() ? null : rest;
        });
    }
}
