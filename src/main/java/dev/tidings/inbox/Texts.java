package dev.tidings.inbox;

/**
 * What text a publisher may put in a notification. No control characters (C0, DEL, C1): nothing
 * a bell shows, a log writes or a text protocol frames can be split or spoofed by them.
 */
public final class Texts {

    private Texts() {
    }

    /** One line: a title, a group, what a like calls its object. */
    public static final String ONE_LINE = "[^\\p{Cc}]*";

    /** Text that may span lines (a body): line feeds, carriage returns and tabs are allowed too. */
    public static final String MULTI_LINE = "(?:[^\\p{Cc}]|[\\r\\n\\t])*";

    public static final String NO_CONTROLS = "must not contain control characters";
}
