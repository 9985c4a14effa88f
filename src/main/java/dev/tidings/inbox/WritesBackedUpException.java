package dev.tidings.inbox;

/**
 * More writes wait for a group commit than {@code tidings.write.max-queued-calls} allows (the
 * database is slower than the calls coming in): the caller should retry later. Nothing was written.
 */
public class WritesBackedUpException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public WritesBackedUpException(int queued, long retryAfterSeconds) {
        super(queued + " writes already wait for the database; retry later");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** How long the caller is told to wait before it tries again. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
