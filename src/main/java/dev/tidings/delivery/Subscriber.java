package dev.tidings.delivery;

import dev.tidings.inbox.CommittedEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One live connection of one user, as the hub sees it: a bounded queue of frames in strict
 * {@code seq} order, written one at a time. While the connection replays from the database,
 * live events wait aside and are merged in by seq afterwards, so the hand-over loses and
 * duplicates nothing. Events committed by concurrent transactions may be announced out of
 * order; one that arrives ahead of its predecessor waits for it. A queue that fills up ends
 * the connection ({@link Ending#TOO_SLOW}): the client resumes from its cursor.
 *
 * <p>Every call into the connection (write, close, drained) is made by the drain, on the hub's
 * executor, never on the thread that committed the event: a socket that cannot take more must
 * not stall a publisher. There is one drain at a time, so nothing is written after the close.
 */
public final class Subscriber {

    private final String userId;
    private final Instant expiresAt;
    private final Connection connection;
    private final int capacity;
    private final Consumer<Subscriber> onEnd;
    private final Executor executor;
    /** Told of every event handed to the connection (the metrics). */
    private final Consumer<Frame.Event> onSent;
    private final long openedNanos = System.nanoTime();

    /** Heartbeat ticks one write may stay in flight before its client counts as no longer reading. */
    static final int STALLED_TICKS = 2;

    /** A queue's first size: most bursts are a few frames (an event, a reply, a heartbeat). */
    private static final int INITIAL_QUEUE = 8;

    /** Frames waiting to be written, in order; null while none wait (an idle connection holds no queue). */
    private ArrayDeque<Frame> queue;
    /** Heartbeat ticks the write in flight has lasted. */
    private int ticksWriting;
    /** Which second of each heartbeat interval this connection beats in (the hub spreads them). */
    private final int heartbeatPhase = ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
    /** Live events set aside by seq, during the replay or ahead of a missing predecessor; null while none are. */
    private TreeMap<Long, CommittedEvent> early;
    private long queuedSeq;
    private boolean replaying = true;
    private boolean droppedWhileReplaying;
    private boolean writing;
    private boolean pumping;
    private boolean ended;
    /** Set under the lock when the queue overflows; acted on by {@link #pump()} outside it. */
    private Ending endLater;
    /** Set by {@link #end}: the reason the drain closes the connection with. */
    private Ending closeFor;
    /** Set by {@link #stop}: when the client is told to come back. */
    private long reconnectMillis;
    /** Set by {@link #goodbyeNow()}: the goodbye no longer waits for the write in flight. */
    private boolean goodbyeForced;
    /** Why this subscription ended; null while it has not (or when it was refused at its opening). */
    private Ending endedFor;
    /** Events handed to the connection so far. */
    private long eventsSent;
    /** Run once the queue has room for {@link #roomWanted} frames ({@link #whenRoomFor}); null while nothing waits. */
    private Runnable roomWaiter;
    private int roomWanted;

    Subscriber(String userId, Instant expiresAt, long cursor, Connection connection, int capacity, Executor executor,
               Consumer<Subscriber> onEnd, Consumer<Frame.Event> onSent) {
        this.userId = userId;
        this.onSent = onSent;
        this.expiresAt = expiresAt;
        this.executor = executor;
        this.queuedSeq = cursor;
        this.connection = connection;
        this.capacity = capacity;
        this.onEnd = onEnd;
    }

    public String userId() {
        return userId;
    }

    /** Why this subscription ended: null while it lasts, or if it was refused before it began. */
    synchronized Ending endedFor() {
        return endedFor;
    }

    /** Events handed to the connection so far. */
    synchronized long eventsSent() {
        return eventsSent;
    }

    /** How long ago this connection was opened. */
    long ageNanos() {
        return System.nanoTime() - openedNanos;
    }

    /** Whether the token this connection was opened with has expired by {@code now}. */
    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    Connection connection() {
        return connection;
    }

    /** A committed event of this user, from the hub. */
    void live(CommittedEvent event) {
        synchronized (this) {
            if (ended || event.seq() <= queuedSeq) {
                return;
            }
            if (replaying) {
                setAside(event);
                if (early.size() > capacity) {
                    // Everything set aside is committed, so the replay can read it again instead.
                    early = null;
                    droppedWhileReplaying = true;
                }
                return;
            }
            if (early == null && event.seq() == queuedSeq + 1) {
                enqueue(new Frame.Event(event), event.seq()); // the usual case: next in line
            } else {
                setAside(event);
                queueInOrder();
            }
        }
        pump();
    }

    /** Events read from the log, in seq order, during replay. */
    void replayed(Collection<CommittedEvent> events) {
        synchronized (this) {
            for (CommittedEvent event : events) {
                if (event.seq() > queuedSeq && !enqueue(new Frame.Event(event), event.seq())) {
                    break;
                }
            }
        }
        pump();
    }

    /** The log holds nothing old enough for this cursor: tell the client to reload, then go on from {@code seq}. */
    void reset(long seq) {
        synchronized (this) {
            enqueue(new Frame.Reset(seq), seq);
        }
        pump();
    }

    /**
     * Ends the replay if nothing announced meanwhile was dropped; otherwise the caller must read
     * the log again from {@link #cursor()} (everything dropped is committed and will be there).
     */
    boolean finishReplay() {
        synchronized (this) {
            if (ended) {
                return true;
            }
            if (droppedWhileReplaying) {
                droppedWhileReplaying = false;
                return false;
            }
            replaying = false;
            if (early != null) {
                early.headMap(queuedSeq, true).clear();
            }
            queueInOrder();
        }
        pump();
        return true;
    }

    /** How many more frames the queue takes now. */
    synchronized int room() {
        return capacity - queued();
    }

    /**
     * Runs {@code then} once the queue has room for {@code frames} more: now (on this thread) if
     * it has, otherwise on the executor as soon as the connection's writes have made that room.
     * One waiter at a time; a connection that ends first never runs it.
     */
    void whenRoomFor(int frames, Runnable then) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (capacity - queued() < Math.min(frames, capacity)) {
                roomWaiter = then;
                roomWanted = Math.min(frames, capacity);
                return;
            }
        }
        then.run();
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /** The seq of the newest event queued for this connection. */
    synchronized long cursor() {
        return queuedSeq;
    }

    /** Queues an answer to the client, in line with the events (two-way transports only). */
    public void reply(String json) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (queued() >= capacity) {
                endLater = Ending.TOO_SLOW;
            } else {
                add(new Frame.Reply(json));
            }
        }
        pump();
    }

    /**
     * Whether this connection's heartbeat is due at the hub's {@code tick} (one a second): once
     * every {@code intervalTicks}, at a tick of its own, so that connections beat spread over the
     * interval rather than all at once.
     */
    boolean heartbeatDue(long tick, int intervalTicks) {
        return tick % intervalTicks == heartbeatPhase % intervalTicks;
    }

    /**
     * One heartbeat tick. Queues a heartbeat if the connection is idle (a busy connection needs
     * none). A write still in flight at two ticks in a row means a client that stopped reading
     * (its receive window is full, or it vanished): the connection is ended ({@link Ending#TOO_SLOW})
     * rather than kept until the queue fills or the socket's write timeout.
     */
    void heartbeat() {
        Ending stalled = null;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (writing) {
                if (++ticksWriting >= STALLED_TICKS) {
                    stalled = Ending.TOO_SLOW;
                }
            } else if (queued() == 0) {
                add(Frame.Heartbeat.INSTANCE);
            }
        }
        if (stalled != null) {
            end(stalled);
            return;
        }
        pump();
    }

    /** Ends this subscription and its connection; safe to call more than once, from any thread. */
    public void end(Ending reason) {
        boolean startDrain;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endedFor = reason;
            roomWaiter = null;
            queue = null;
            early = null;
            // A drain that is running may be about to write: it closes after that write, not before.
            closeFor = reason;
            startDrain = !pumping;
            pumping = true;
        }
        onEnd.accept(this);
        if (startDrain) {
            executor.execute(this::drain);
        }
    }

    /**
     * Ends this subscription because the server is stopping: the connection tells its client to
     * reconnect after {@code reconnectMillis} ({@link Connection#goAway}).
     */
    void stop(long reconnectMillis) {
        synchronized (this) {
            if (ended) {
                return;
            }
            this.reconnectMillis = reconnectMillis;
        }
        end(Ending.SERVER_STOPPING);
    }

    /** Moves every event that continues the sequence from {@code early} to the queue. */
    private void queueInOrder() {
        if (early == null) {
            return;
        }
        for (Map.Entry<Long, CommittedEvent> next = early.firstEntry();
             next != null && next.getKey() == queuedSeq + 1;
             next = early.firstEntry()) {
            early.pollFirstEntry();
            CommittedEvent event = next.getValue();
            if (!enqueue(new Frame.Event(event), event.seq())) {
                return;
            }
        }
        if (early.size() > capacity) {
            endLater = Ending.TOO_SLOW;
        } else if (early.isEmpty()) {
            early = null;
        }
    }

    private void setAside(CommittedEvent event) {
        if (early == null) {
            early = new TreeMap<>();
        }
        early.put(event.seq(), event);
    }

    private boolean enqueue(Frame frame, long seq) {
        if (endLater != null) {
            return false;
        }
        if (queued() >= capacity) {
            endLater = Ending.TOO_SLOW;
            return false;
        }
        add(frame);
        queuedSeq = seq;
        return true;
    }

    private int queued() {
        return queue == null ? 0 : queue.size();
    }

    private void add(Frame frame) {
        if (queue == null) {
            queue = new ArrayDeque<>(INITIAL_QUEUE);
        }
        queue.add(frame);
    }

    /** The next frame to write; the queue is let go of once empty. */
    private Frame next() {
        Frame next = queue.poll();
        if (queue.isEmpty()) {
            queue = null;
        }
        return next;
    }

    /**
     * Makes sure a drain is running on the executor if there is anything to do. An overflow is
     * acted on at once, even with a write in flight: a client that stopped reading never completes it.
     */
    private void pump() {
        synchronized (this) {
            if (pumping || ended || (endLater == null && (writing || queued() == 0))) {
                return;
            }
            pumping = true;
        }
        executor.execute(this::drain);
    }

    /**
     * Writes queued frames one at a time; a write that completes at once continues the loop.
     * Ends an overflowing connection, and closes an ended one.
     */
    private void drain() {
        while (true) {
            Frame next = null;
            Ending overdue = null;
            Ending closing = null;
            Runnable roomMade = null;
            long comeBackAfter = 0;
            boolean drained = false;
            synchronized (this) {
                if (ended && writing && closeFor == Ending.SERVER_STOPPING && !goodbyeForced) {
                    // A close frame sent while a write is still being sent was lost (the client saw
                    // 1006, not 1001): the goodbye waits for the write ({@link #written}), or for
                    // the hub to give up on it ({@link #goodbyeNow()}).
                    pumping = false;
                    return;
                }
                if (ended || (endLater == null && (writing || queued() == 0))) {
                    pumping = false;
                    drained = !ended && !writing;
                    closing = closeFor;
                    closeFor = null;
                    comeBackAfter = reconnectMillis;
                } else if (endLater != null) {
                    overdue = endLater;
                } else {
                    writing = true;
                    ticksWriting = 0;
                    next = next();
                    if (next instanceof Frame.Event) {
                        eventsSent++;
                    }
                    if (roomWaiter != null && capacity - queued() >= roomWanted) {
                        roomMade = roomWaiter;
                        roomWaiter = null;
                    }
                }
            }
            if (roomMade != null) {
                executor.execute(roomMade);
            }
            if (overdue != null) {
                end(overdue); // leaves the close to this drain, on its next turn
            } else if (next != null) {
                if (next instanceof Frame.Event event) {
                    onSent.accept(event);
                }
                try {
                    connection.write(next, this::written);
                } catch (RuntimeException failure) {
                    end(Ending.CLIENT_GONE);
                }
            } else {
                if (closing == Ending.SERVER_STOPPING) {
                    connection.goAway(comeBackAfter);
                } else if (closing != null) {
                    connection.close(closing);
                }
                if (drained) {
                    connection.drained();
                }
                return;
            }
        }
    }

    /**
     * A write completed. If the drain stopped to wait for it, a new one runs even with nothing
     * queued: the connection must hear {@link Connection#drained()} after its last write.
     */
    private void written(Throwable failure) {
        boolean gone = false;
        synchronized (this) {
            writing = false;
            if (failure != null && !ended) {
                gone = true;
            } else if (pumping || (ended && closeFor == null)) {
                return; // a drain runs, or the connection is closed already
            } else {
                pumping = true; // the next frame, or a goodbye that waited for this write
            }
        }
        if (gone) {
            end(Ending.CLIENT_GONE);
            return;
        }
        executor.execute(this::drain);
    }

    /** Whether this connection's goodbye still waits for a write in flight ({@link #stop}). */
    synchronized boolean awaitsGoodbye() {
        return ended && closeFor == Ending.SERVER_STOPPING;
    }

    /** Says a goodbye that waits for a write in flight now: the write has taken too long. */
    void goodbyeNow() {
        synchronized (this) {
            if (!ended || closeFor != Ending.SERVER_STOPPING || pumping) {
                return;
            }
            goodbyeForced = true;
            pumping = true;
        }
        executor.execute(this::drain);
    }
}
