package dev.tidings.inbox;

/** What an inbox event says happened; its name is the wire {@code kind}. */
public enum EventKind {
    CREATED, UPDATED, RETRACTED, READ;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
