package dev.tidings.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every limit an operator may want to change, in one place; set any of them by environment
 * variable (e.g. {@code TIDINGS_PUBLISH_MAX_RECIPIENTS=5000}). docs/operations.md lists them.
 */
@ApplicationScoped
public class Limits {

    // ---- What callers may send, and how much one answer carries

    @Inject
    @ConfigProperty(name = "tidings.publish.max-recipients", defaultValue = "1000")
    int maxRecipients;

    @Inject
    @ConfigProperty(name = "tidings.publish.max-data-bytes", defaultValue = "16384")
    int maxDataBytes;

    @Inject
    @ConfigProperty(name = "tidings.websocket.max-message-bytes", defaultValue = "65536")
    int websocketMaxMessageBytes;

    @Inject
    @ConfigProperty(name = "tidings.request.max-body-bytes", defaultValue = "262144")
    long maxBodyBytes;

    @Inject
    @ConfigProperty(name = "tidings.inbox.default-limit", defaultValue = "50")
    int inboxDefaultLimit;

    @Inject
    @ConfigProperty(name = "tidings.inbox.max-limit", defaultValue = "500")
    int inboxMaxLimit;

    @Inject
    @ConfigProperty(name = "tidings.poll.max-events", defaultValue = "500")
    int pollMaxEvents;

    @Inject
    @ConfigProperty(name = "tidings.read.max-ids", defaultValue = "1000")
    int readMaxIds;

    @Inject
    @ConfigProperty(name = "tidings.health.database-timeout-seconds", defaultValue = "2")
    int databaseCheckTimeoutSeconds;

    /** Most recipients one publish call may name. */
    public int maxRecipients() {
        return maxRecipients;
    }

    /**
     * Largest {@code data} object a notification may carry, as JSON bytes: every event, queued for
     * every live connection, carries it.
     */
    public int maxDataBytes() {
        return maxDataBytes;
    }

    /** The most tidings.websocket.max-message-bytes may be: what the container buffers of one message. */
    public static final int WEBSOCKET_CEILING_BYTES = 1024 * 1024;

    /**
     * Largest message a WebSocket client may send ({@code read}, {@code ack}); a larger one closes
     * the socket with 1009. At most 1 MiB, what the endpoint declares to the container.
     */
    public int websocketMaxMessageBytes() {
        return Math.min(websocketMaxMessageBytes, WEBSOCKET_CEILING_BYTES);
    }

    /** Largest request body the API reads; larger ones are answered 413. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Notifications listed by {@code GET /inbox} when no {@code limit} is given. */
    public int inboxDefaultLimit() {
        return inboxDefaultLimit;
    }

    /** Largest {@code limit} that {@code GET /inbox} accepts. */
    public int inboxMaxLimit() {
        return inboxMaxLimit;
    }

    /** Most events one poll answer carries; the client polls again from the returned cursor. */
    public int pollMaxEvents() {
        return pollMaxEvents;
    }

    /** Most notification ids one mark-read call may name. */
    public int readMaxIds() {
        return readMaxIds;
    }

    /** How long the readiness check waits for a database connection to prove valid. */
    public int databaseCheckTimeoutSeconds() {
        return databaseCheckTimeoutSeconds;
    }

    // ---- Live delivery: connections, their buffers, heartbeats, replays, the stop

    @Inject
    @ConfigProperty(name = "tidings.delivery.buffer-events", defaultValue = "1000")
    int deliveryBufferEvents;

    @Inject
    @ConfigProperty(name = "tidings.delivery.max-connections-per-user", defaultValue = "16")
    int maxConnectionsPerUser;

    @Inject
    @ConfigProperty(name = "tidings.delivery.max-connections")
    Optional<Integer> maxConnections;

    @Inject
    @ConfigProperty(name = "tidings.delivery.retry-after-seconds", defaultValue = "5")
    long refusalRetryAfterSeconds;

    @Inject
    @ConfigProperty(name = "tidings.delivery.heartbeat-seconds", defaultValue = "15")
    int heartbeatSeconds;

    @Inject
    @ConfigProperty(name = "tidings.delivery.replay-page-events", defaultValue = "200")
    int replayPageEvents;

    @Inject
    @ConfigProperty(name = "tidings.longpoll.timeout-seconds", defaultValue = "25")
    int longPollTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tidings.sse.retry-millis", defaultValue = "3000")
    long sseRetryMillis;

    @Inject
    @ConfigProperty(name = "tidings.shutdown.reconnect-spread-millis", defaultValue = "10000")
    long reconnectSpreadMillis;

    @Inject
    @ConfigProperty(name = "tidings.shutdown.goodbye-wait-millis", defaultValue = "5000")
    long goodbyeWaitMillis;

    /** Frames one live connection may have waiting; a client that falls further behind is disconnected. */
    public int deliveryBufferEvents() {
        return deliveryBufferEvents;
    }

    /** Live connections (all transports together) one user may hold. */
    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /**
     * Live connections (all users, all transports) this server takes; beyond it a connection is
     * refused with 503 (WebSocket 1013) rather than failing for want of a file descriptor. By
     * default what the process's open-file limit leaves room for, keeping a quarter of it (at
     * most {@value #RESERVED_FILES} files) for the server's own files, database and API calls.
     */
    public int maxConnections() {
        return maxConnections.orElseGet(() -> fromOpenFileLimit(OpenFiles.limit()));
    }

    /** Files kept back from live connections when the connection cap is derived from the open-file limit. */
    static final long RESERVED_FILES = 1000;

    static int fromOpenFileLimit(long openFileLimit) {
        if (openFileLimit <= 0) {
            return Integer.MAX_VALUE; // unknown: no cap but the operator's
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, openFileLimit - Math.min(RESERVED_FILES, openFileLimit / 4)));
    }

    /** The {@code Retry-After} told to a client whose live connection is refused for a reason that passes (too many). */
    public long refusalRetryAfterSeconds() {
        return Math.max(1, refusalRetryAfterSeconds);
    }

    /** Seconds between heartbeats on idle streaming, SSE and WebSocket connections. */
    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    /** Events read from the log per step when a connection replays from its cursor. */
    public int replayPageEvents() {
        return replayPageEvents;
    }

    /** Seconds a long poll waits for an event before answering with none. */
    public int longPollTimeoutSeconds() {
        return longPollTimeoutSeconds;
    }

    /** The reconnect delay an SSE client is told on open ({@code retry:}). */
    public long sseRetryMillis() {
        return sseRetryMillis;
    }

    /**
     * When the server stops, each live connection is told to reconnect after a random delay
     * between 0 and this many milliseconds, so that the restarted server (or the others behind
     * the load balancer) is not met by every client at the same instant. At least 0.
     */
    public long reconnectSpreadMillis() {
        return Math.max(0, reconnectSpreadMillis);
    }

    /**
     * At a server stop, how long a connection's goodbye waits for the write it has in flight (a
     * close sent during a write was lost); past it, the goodbye is said anyway. At least 0.
     */
    public long goodbyeWaitMillis() {
        return Math.max(0, goodbyeWaitMillis);
    }

    // ---- Writes: group commits and the queue before them

    @Inject
    @ConfigProperty(name = "tidings.write.max-batch-calls", defaultValue = "64")
    int writeMaxBatchCalls;

    @Inject
    @ConfigProperty(name = "tidings.write.max-batch-rows", defaultValue = "500")
    int writeMaxBatchRows;

    @Inject
    @ConfigProperty(name = "tidings.write.max-queued-calls", defaultValue = "10000")
    int writeMaxQueuedCalls;

    @Inject
    @ConfigProperty(name = "tidings.write.writers", defaultValue = "2")
    int writers;

    @Inject
    @ConfigProperty(name = "tidings.write.stop-wait-seconds", defaultValue = "10")
    int writeStopWaitSeconds;

    /** How long a stopping application lets its writers finish the writes already queued; the rest are refused. */
    public int writeStopWaitSeconds() {
        return writeStopWaitSeconds;
    }

    /** Writer threads: group commits that may be in flight at once (the second only while a full batch waits). */
    public int writers() {
        return writers;
    }

    /** Most calls (publish, like, read) one group commit writes in its transaction. */
    public int writeMaxBatchCalls() {
        return writeMaxBatchCalls;
    }

    /**
     * Most rows one group commit writes (a recipient costs two): calls are added while they fit;
     * a larger call is still written, alone. More than this waiting brings in another writer.
     */
    public int writeMaxBatchRows() {
        return writeMaxBatchRows;
    }

    /** Most calls waiting for a group commit; beyond it a write is refused for now (503, Retry-After). */
    public int writeMaxQueuedCalls() {
        return writeMaxQueuedCalls;
    }

    // ---- Retention: how much of each log is kept

    @Inject
    @ConfigProperty(name = "tidings.inbox.retained-events", defaultValue = "10000")
    long retainedEvents;

    @Inject
    @ConfigProperty(name = "tidings.inbox.purge-interval-seconds", defaultValue = "60")
    int purgeIntervalSeconds;

    @Inject
    @ConfigProperty(name = "tidings.inbox.retained-days", defaultValue = "90")
    int retainedDays;

    @Inject
    @ConfigProperty(name = "tidings.inbox.purge-batch-events", defaultValue = "5000")
    int purgeBatchEvents;

    /** Newest events kept per user; a client whose cursor is older gets a {@code reset}. At least 1. */
    public long retainedEvents() {
        return Math.max(1, retainedEvents);
    }

    /** Seconds between purges of events beyond {@link #retainedEvents()} or older than {@link #retainedDays()}. */
    public int purgeIntervalSeconds() {
        return purgeIntervalSeconds;
    }

    /**
     * Days an event is kept at most, whatever the count; 0 or less keeps events of any age
     * (only {@link #retainedEvents()} applies then).
     */
    public int retainedDays() {
        return Math.max(0, retainedDays);
    }

    /** Most events one transaction of the purge by age deletes; at least 1. */
    public int purgeBatchEvents() {
        return Math.max(1, purgeBatchEvents);
    }

    // ---- Several servers on one PostgreSQL

    @Inject
    @ConfigProperty(name = "tidings.cluster.signal", defaultValue = "auto")
    String clusterSignal;

    @Inject
    @ConfigProperty(name = "tidings.cluster.catch-up-seconds", defaultValue = "5")
    int clusterCatchUpSeconds;

    @Inject
    @ConfigProperty(name = "tidings.cluster.reconnect-millis", defaultValue = "1000")
    long clusterReconnectMillis;

    /**
     * Whether servers tell each other about their commits (PostgreSQL's LISTEN/NOTIFY): {@code auto}
     * (on PostgreSQL, off on H2, which only one server can open), {@code on} or {@code off}.
     */
    public String clusterSignal() {
        return clusterSignal;
    }

    /** Seconds between two look-ups of every connected user's newest seq, for wake-ups that were lost. */
    public int clusterCatchUpSeconds() {
        return Math.max(1, clusterCatchUpSeconds);
    }

    /** How long the listener waits before it reconnects to a database that went away. */
    public long clusterReconnectMillis() {
        return Math.max(10, clusterReconnectMillis);
    }

    // ---- Likes

    @Inject
    @ConfigProperty(name = "tidings.likes.actors-shown", defaultValue = "10")
    int likesActorsShown;

    /** Newest actors an aggregated like notification names in {@code actors}; {@code count} has them all. */
    public int likesActorsShown() {
        return Math.max(1, likesActorsShown);
    }
}
