package dev.tidings.inbox;

import java.util.Map;

/**
 * Another server (or a catch-up) says: these users' logs may hold events this server has not
 * announced, up to these seqs; {@code everyone} means any user's may (a wake-up too large to list,
 * a listener that reconnected, or the periodic catch-up). Only a hint: the log is the truth, read
 * it from what was delivered. Fired synchronously on {@link CommitSignal}'s listening thread.
 */
public record InboxesChanged(Map<String, Long> lastSeqs, boolean everyone) {

    public InboxesChanged {
        lastSeqs = Map.copyOf(lastSeqs);
    }

    public static InboxesChanged all() {
        return new InboxesChanged(Map.of(), true);
    }
}
