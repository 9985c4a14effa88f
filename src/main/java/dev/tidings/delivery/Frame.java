package dev.tidings.delivery;

import dev.tidings.inbox.CommittedEvent;
import dev.tidings.inbox.WireFormat;

/** One thing a connection writes: an event of the log, a reset, a reply, or a heartbeat. */
public sealed interface Frame {

    /** This frame as the JSON the wire carries (the same on every transport). */
    String json();

    /** An event of the user's log, as committed: the frame carries the one event value, never a copy of it. */
    record Event(CommittedEvent committed) implements Frame {

        public long seq() {
            return committed.seq();
        }

        @Override
        public String json() {
            return committed.json();
        }
    }

    /**
     * The client's cursor is older than what the log retains: reload the inbox listing, then
     * continue from {@code seq}.
     */
    record Reset(long seq) implements Frame {
        @Override
        public String json() {
            return WireFormat.reset(seq).toString();
        }
    }

    /** An answer to something the client sent on a two-way connection (WebSocket only). */
    record Reply(String json) implements Frame {
    }

    /** Keeps an idle connection open through proxies, and finds connections whose client is gone. */
    record Heartbeat() implements Frame {
        public static final Heartbeat INSTANCE = new Heartbeat();
        public static final String JSON = "{\"kind\":\"heartbeat\"}";

        @Override
        public String json() {
            return JSON;
        }
    }
}
