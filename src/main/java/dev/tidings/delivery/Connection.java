package dev.tidings.delivery;

import java.util.function.Consumer;

/**
 * What a transport implements so the hub can feed it: non-blocking writes, one at a time.
 * The hub never calls {@link #write} again before the previous write's {@code done} ran.
 */
public interface Connection {

    /** Which transport this is (metrics and the connection log name it). */
    Transport transport();

    /**
     * Starts writing {@code frame} and returns without waiting; calls {@code done} with null once
     * the bytes are handed to the network, or with the failure. {@code done} may run before
     * this method returns.
     */
    void write(Frame frame, Consumer<Throwable> done);

    /** Ends the connection for {@code reason}; called once, after which nothing is written. */
    void close(Ending reason);

    /**
     * Instead of {@link #close} when the server is stopping: ends the connection and tells the
     * client to reconnect after {@code reconnectMillis} (each client is told a different delay,
     * so a restart is not met by all of them at once). Called once, possibly on the thread that
     * stops the hub: it must not wait for the client.
     */
    default void goAway(long reconnectMillis) {
        close(Ending.SERVER_STOPPING);
    }

    /**
     * Everything queued so far has been written: a transport that answers in batches (long
     * polling) answers now. Called on the writing thread, after the last {@code done}.
     */
    default void drained() {
    }

    /** Whether this transport wants heartbeats (long polls end at their timeout instead). */
    default boolean wantsHeartbeats() {
        return true;
    }
}
