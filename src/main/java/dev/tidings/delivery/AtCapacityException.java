package dev.tidings.delivery;

import dev.tidings.rest.Refusal;

/**
 * The server holds the most live connections it takes ({@code tidings.delivery.max-connections},
 * by default what the process's open-file limit leaves room for): the client should come back
 * later, or to another server.
 */
public class AtCapacityException extends RefusedForNowException {

    private static final long serialVersionUID = 1L;

    public AtCapacityException(int max, long retryAfterSeconds) {
        super(503, Refusal.CLOSE_TRY_AGAIN_LATER, "this server holds its most live connections (" + max + "); retry later", retryAfterSeconds);
    }
}
