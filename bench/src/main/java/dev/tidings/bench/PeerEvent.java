package dev.tidings.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event the peers deliver: byte for byte the shape of a Tidings {@code created} event for
 * the same notification, with a per-user {@code seq} the harness counts itself, so every system
 * carries the same message size and subscribers check order and loss the same way.
 */
final class PeerEvent {

    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();

    /** One event: its per-user seq (an SSE id, say) and its JSON. */
    record Event(long seq, String json) {
    }

    /** The next event for {@code user}, carrying {@code sentMicros} in data.t. */
    String next(String user, long sentMicros) {
        return nextEvent(user, sentMicros).json();
    }

    /** The same as {@link #next}, with the seq it was given. */
    Event nextEvent(String user, long sentMicros) {
        long seq = seqs.computeIfAbsent(user, u -> new AtomicLong()).incrementAndGet();
        return new Event(seq, json(seq, sentMicros));
    }

    static String json(long seq, long sentMicros) {
        String now = java.time.Instant.now().toString();
        return "{\"seq\":" + seq + ",\"kind\":\"created\",\"unread\":" + seq + ",\"notification\":{\"id\":\"n" + Long.toString(sentMicros, 36)
                + seq + "xxxxxxxxxxxx\",\"type\":\"bench\",\"group\":null,\"title\":\"b\",\"body\":null,\"data\":{\"t\":" + sentMicros
                + "},\"actors\":[],\"count\":1,\"createdAt\":\"" + now + "\",\"updatedAt\":\"" + now + "\",\"read\":false}}";
    }
}
