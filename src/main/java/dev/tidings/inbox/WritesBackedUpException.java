package dev.tidings.inbox;

import dev.tidings.rest.Refusal;
import dev.tidings.rest.RefusedException;

/**
 * A write refused before it was written: more writes wait for a group commit than
 * {@code tidings.write.max-queued-calls} allows (the database is slower than the calls coming in),
 * or the server is stopping. The caller should retry later (or elsewhere). Nothing was written.
 */
public class WritesBackedUpException extends RefusedException {

    private static final long serialVersionUID = 1L;

    public WritesBackedUpException(int queued, long retryAfterSeconds) {
        this(queued + " writes already wait for the database; retry later", retryAfterSeconds);
    }

    private WritesBackedUpException(String message, long retryAfterSeconds) {
        super(503, Refusal.CLOSE_TRY_AGAIN_LATER, message, retryAfterSeconds);
    }

    /** The server stops: the write was not taken. */
    static WritesBackedUpException stopping(long retryAfterSeconds) {
        return new WritesBackedUpException("the server is stopping; retry later", retryAfterSeconds);
    }
}
