package dev.tidings.rest;

/**
 * A refusal the client can act on, raised where it is decided (the inbox, the hub, the rate
 * limit): it carries its own answer (HTTP status, WebSocket close code, {@code Retry-After}), so
 * the problem layer maps it without knowing the packages above it ({@link Refusal#of}).
 */
public abstract class RefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final int closeCode;
    private final long retryAfterSeconds;

    /**
     * @param retryAfterSeconds seconds to wait before retrying; 0 when retrying unchanged will not help
     */
    protected RefusedException(int status, int closeCode, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.closeCode = closeCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public int closeCode() {
        return closeCode;
    }

    /** How long the client is told to wait before it tries again; 0 when waiting will not help. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
