package dev.tidings.inbox;

/** A resume cursor beyond the newest event of the inbox: the client's state is not ours. */
public class CursorAheadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CursorAheadException(long cursor, long lastSeq) {
        super("cursor " + cursor + " is ahead of the newest event (" + lastSeq + ")");
    }
}
