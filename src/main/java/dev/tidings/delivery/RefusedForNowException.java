package dev.tidings.delivery;

/** A live connection refused for a reason that passes: the client is told when to try again. */
public abstract class RefusedForNowException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    protected RefusedForNowException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** How long the client is told to wait before it tries again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
