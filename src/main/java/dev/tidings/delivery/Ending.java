package dev.tidings.delivery;

/** Why the hub ended a connection. */
public enum Ending {
    /** The client did not read fast enough: its buffer filled. It resumes from its cursor. */
    TOO_SLOW,
    /** A write failed: the client has gone. */
    CLIENT_GONE,
    /** The transport finished its exchange (a long poll that answered, or the client closed). */
    FINISHED,
    /** The token the connection was opened with has expired: reconnect with a fresh one. */
    TOKEN_EXPIRED,
    /** The server or the application is stopping. */
    SERVER_STOPPING,
    /**
     * The user's data was erased: the client's cursor means nothing any more. It starts over from
     * the listing; a reconnect with its old cursor is refused as ahead of the log.
     */
    ERASED
}
