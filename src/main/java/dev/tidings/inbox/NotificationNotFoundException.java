package dev.tidings.inbox;

/** A notification id that is not in the caller's inbox (or does not exist at all). */
public class NotificationNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotificationNotFoundException(String message) {
        super(message);
    }
}
