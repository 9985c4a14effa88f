package dev.tidings.delivery;

import dev.tidings.rest.Refusal;

/** A user already holds the most live connections {@code tidings.delivery.max-connections-per-user} allows. */
public class TooManyConnectionsException extends RefusedForNowException {

    private static final long serialVersionUID = 1L;

    public TooManyConnectionsException(int max, long retryAfterSeconds) {
        super(429, Refusal.CLOSE_TOO_MANY, "this user already has " + max + " live connections; close one, or retry later", retryAfterSeconds);
    }
}
