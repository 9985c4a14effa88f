package dev.tidings.inbox;

import dev.tidings.rest.Refusal;
import dev.tidings.rest.RefusedException;

/** A query parameter that is not what the API documents (answered 400). */
public class InvalidParameterException extends RefusedException {

    private static final long serialVersionUID = 1L;

    public InvalidParameterException(String message) {
        super(400, Refusal.CLOSE_BAD_REQUEST, message, 0);
    }
}
