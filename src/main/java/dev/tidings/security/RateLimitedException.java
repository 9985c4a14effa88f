package dev.tidings.security;

import dev.tidings.rest.Refusal;
import dev.tidings.rest.RefusedException;

/** A caller has used up its rate: answered 429 with {@code Retry-After}. */
public class RateLimitedException extends RefusedException {

    private static final long serialVersionUID = 1L;

    public RateLimitedException(long retryAfterSeconds) {
        super(429, Refusal.CLOSE_TOO_MANY, "too many requests from this caller; retry after " + retryAfterSeconds + " s",
                retryAfterSeconds);
    }
}
