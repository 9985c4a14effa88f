package dev.tidings.inbox;

import dev.tidings.rest.Refusal;
import dev.tidings.rest.RefusedException;

/** A notification id that is not in the caller's inbox (or does not exist at all). */
public class NotificationNotFoundException extends RefusedException {

    private static final long serialVersionUID = 1L;

    public NotificationNotFoundException(String message) {
        super(404, Refusal.CLOSE_BAD_REQUEST, message, 0);
    }
}
