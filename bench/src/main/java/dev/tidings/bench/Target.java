package dev.tidings.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A push system under test: Tidings, or one of the peers users would pick instead. The fan-out
 * and resume scenarios drive every system through this, with the same clients, message size and
 * load generator, one system after another.
 */
interface Target extends AutoCloseable {

    /** "tidings", "socketio", "pushpin". */
    String name();

    /** The subscriber transports this system offers, of "websocket", "sse", "stream", "longpoll". */
    List<String> transports();

    /** What a subscriber of {@code user} presents (Tidings: a signed token; the peers: the user's name). */
    String token(String user);

    /** What the subscribers of {@code users} present, in order. */
    default List<String> tokens(List<String> users) {
        return users.stream().map(this::token).toList();
    }

    /** A subscriber of one user over one transport; counts what it receives into the run's current Stats. */
    Subscriber subscriber(String transport, String token, Supplier<Stats> stats);

    /**
     * One publish call that gives each of {@code users} one event carrying {@code sentMicros}
     * ({@link Clock#micros()}) in {@code data.t}. Completes with true when the system accepted
     * it, false (or exceptionally) when it did not.
     */
    CompletableFuture<Boolean> publish(List<String> users, long sentMicros);

    /** The system's own processes, measured from outside. */
    ServerProbe probe();

    /** The live connections the system reports (Tidings: /health/live); the peers report none. */
    default LiveConnections liveConnections() {
        return LiveConnections.NONE;
    }

    /** Stops what the harness started (the peers); Tidings is left running. */
    @Override
    void close();
}
