package dev.tidings.delivery;

/**
 * The server holds the most live connections it takes ({@code tidings.delivery.max-connections},
 * by default what the process's open-file limit leaves room for): the client should come back
 * later, or to another server.
 */
public class AtCapacityException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public AtCapacityException(int max, long retryAfterSeconds) {
        super("this server holds its most live connections (" + max + "); retry later");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** How long the client is told to wait before it tries again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
