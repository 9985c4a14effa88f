package dev.tidings.delivery;

/** A user already holds the most live connections {@code tidings.delivery.max-connections-per-user} allows. */
public class TooManyConnectionsException extends RefusedForNowException {

    private static final long serialVersionUID = 1L;

    public TooManyConnectionsException(int max, long retryAfterSeconds) {
        super("this user already has " + max + " live connections; close one, or retry later", retryAfterSeconds);
    }
}
