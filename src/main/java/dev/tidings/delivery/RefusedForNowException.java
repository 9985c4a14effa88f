package dev.tidings.delivery;

import dev.tidings.rest.RefusedException;

/** A live connection refused for a reason that passes: the client is told when to try again. */
public abstract class RefusedForNowException extends RefusedException {

    private static final long serialVersionUID = 1L;

    protected RefusedForNowException(int status, int closeCode, String message, long retryAfterSeconds) {
        super(status, closeCode, message, retryAfterSeconds);
    }
}
