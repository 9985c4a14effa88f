package dev.tidings.delivery;

/** A user already holds the most live connections {@code tidings.delivery.max-connections-per-user} allows. */
public class TooManyConnectionsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TooManyConnectionsException(int max) {
        super("this user already has " + max + " live connections; close one, or retry later");
    }
}
