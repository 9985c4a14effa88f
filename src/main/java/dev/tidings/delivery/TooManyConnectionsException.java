package dev.tidings.delivery;

/** A user already holds the most live connections {@code tidings.delivery.max-connections-per-user} allows. */
public class TooManyConnectionsException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public TooManyConnectionsException(int max, long retryAfterSeconds) {
        super("this user already has " + max + " live connections; close one, or retry later");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** How long the client is told to wait before it tries again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
