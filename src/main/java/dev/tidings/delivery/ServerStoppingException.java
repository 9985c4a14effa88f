package dev.tidings.delivery;

import dev.tidings.inbox.WireFormat;
import dev.tidings.rest.Refusal;

/**
 * The server is stopping: a live connection opened now would be ended at once. Like the
 * connections the stop ends, the client is told to come back after a random delay within
 * {@code tidings.shutdown.reconnect-spread-millis} ({@code Retry-After} in whole seconds, at least 1).
 */
public class ServerStoppingException extends RefusedForNowException {

    private static final long serialVersionUID = 1L;

    public ServerStoppingException(long reconnectMillis) {
        super(503, Refusal.CLOSE_GOING_AWAY, WireFormat.stoppingReason(reconnectMillis), Math.max(1, (reconnectMillis + 999) / 1000));
    }
}
