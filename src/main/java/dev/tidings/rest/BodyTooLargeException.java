package dev.tidings.rest;

import java.io.IOException;

/** Thrown while reading a request body that exceeds {@code tidings.request.max-body-bytes}. */
public class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public BodyTooLargeException(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes");
    }

    /** This exception if it is anywhere in {@code failure}'s cause chain, else null. */
    static BodyTooLargeException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
