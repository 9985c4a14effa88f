package dev.tidings.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A call to Tidings failed: the server's problem answer (RFC 9457), or no answer at all. {@link #kind()}
 * says what to do about it; {@link #status()}, {@link #title()}, {@link #detail()} and
 * {@link #fieldErrors()} carry what the server said. A refused call changed nothing on the server.
 *
 * <pre>{@code
 * try {
 *     tidings.notify(notification);
 * } catch (TidingsException e) {
 *     switch (e.kind()) {
 *         case INVALID -> log.warning("rejected: " + e.fieldErrors());
 *         case RATE_LIMITED, UNAVAILABLE, CONNECTION -> log.info("try later: " + e.getMessage());
 *         default -> throw e;
 *     }
 * }
 * }</pre>
 */
public class TidingsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, by what the caller can do about it. */
    public enum Kind {
        /** 400, 413, 415: the request is wrong; sending it again will not help. See {@link #fieldErrors()}. */
        INVALID,
        /** 401 (no valid token) or 403 (the token is not a publisher's, or may not act for that user). */
        AUTH,
        /** 404: no such notification published by this caller, no such like, or a wrong URL. */
        NOT_FOUND,
        /** 409 (a like with another owner) or 422 (an Idempotency-Key reused with a different request). */
        CONFLICT,
        /** 429: the publisher's write rate is used up; retried by the client until its limits, then this. */
        RATE_LIMITED,
        /** 503: the server cannot write now; retried by the client until its limits, then this. */
        UNAVAILABLE,
        /** No answer: the connection failed or timed out (status 0); retried for idempotent calls. */
        CONNECTION,
        /** The calling thread was interrupted while waiting (status 0); its interrupt flag is set again. */
        INTERRUPTED,
        /** Any other answer: a server error (500), or one this client does not expect. */
        OTHER;

        static Kind of(int status) {
            return switch (status) {
                case 400, 413, 415 -> INVALID;
                case 401, 403 -> AUTH;
                case 404 -> NOT_FOUND;
                case 409, 422 -> CONFLICT;
                case 429 -> RATE_LIMITED;
                case 503 -> UNAVAILABLE;
                default -> OTHER;
            };
        }
    }

    /** One invalid field, from the problem's {@code errors} member. */
    public record FieldError(String field, String message) {
    }

    private final Kind kind;
    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldError> fieldErrors;
    private final Duration retryAfter;
    private final int attempts;

    TidingsException(Kind kind, int status, String title, String detail, List<FieldError> fieldErrors,
                     Duration retryAfter, int attempts, Throwable cause) {
        super(message(status, title, detail, fieldErrors, attempts), cause);
        this.kind = kind;
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.fieldErrors = List.copyOf(fieldErrors);
        this.retryAfter = retryAfter;
        this.attempts = attempts;
    }

    private static String message(int status, String title, String detail, List<FieldError> errors, int attempts) {
        StringBuilder out = new StringBuilder();
        out.append(status == 0 ? "no answer" : status + (title == null ? "" : " " + title));
        if (detail != null) {
            out.append(": ").append(detail);
        }
        for (FieldError error : errors) {
            out.append("; ").append(error.field()).append(' ').append(error.message());
        }
        if (attempts > 1) {
            out.append(" (after ").append(attempts).append(" attempts)");
        }
        return out.toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer ({@link Kind#CONNECTION}, {@link Kind#INTERRUPTED}). */
    public int status() {
        return status;
    }

    /** The problem's {@code title}, e.g. "Bad Request", or null. */
    public String title() {
        return title;
    }

    /** The problem's {@code detail}, e.g. "the request is invalid", or null. */
    public String detail() {
        return detail;
    }

    /** The problem's {@code errors}: which fields were wrong and why; empty when it had none. */
    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }

    /** The last answer's {@code Retry-After}, if it had one (429, 503). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** How many times the call was sent before giving up (1 when it was not retried). */
    public int attempts() {
        return attempts;
    }
}
