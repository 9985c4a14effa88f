package dev.tidings.rest;

/** Ends a request with a problem response of the given status and detail. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;

    public ProblemException(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
