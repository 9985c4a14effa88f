package dev.tidings.inbox;

import dev.tidings.rest.Refusal;
import dev.tidings.rest.RefusedException;

/** A resume cursor beyond the newest event of the inbox: the client's state is not ours. */
public class CursorAheadException extends RefusedException {

    private static final long serialVersionUID = 1L;

    public CursorAheadException(long cursor, long lastSeq) {
        super(400, Refusal.CLOSE_BAD_REQUEST, "cursor " + cursor + " is ahead of the newest event (" + lastSeq + ")", 0);
    }
}
