package dev.tidings.inbox;

/** A query parameter that is not what the API documents (answered 400). */
public class InvalidParameterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidParameterException(String message) {
        super(message);
    }
}
