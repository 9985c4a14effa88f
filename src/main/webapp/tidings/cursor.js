// cursor.js: the resume cursor. Where this client is in the user's event log: the seq of the
// last event handed to the app. Every transport asks for the events after it, so a reconnect
// loses nothing; delivery is at least once, so what is at or below it is a duplicate and dropped.

/** Events that say something about the connection, never about the inbox. */
const CONTROL = new Set(["heartbeat", "connected", "open", "ok", "stopping"]);

/**
 * @param {number} [after] a seq the app kept (resume without loading the listing); otherwise
 *        the cursor is unknown until the listing gives one
 */
export function createCursor(after) {
  let seq = Number.isInteger(after) ? after : null;

  return {
    /** The last seq handed to the app, or null: the listing must be loaded first. */
    get seq() {
      return seq;
    },

    /** The listing was loaded: follow from its seq (never back: events may have come meanwhile). */
    listed(listing) {
      seq = Math.max(seq ?? 0, listing.seq);
    },

    /** The server refused the cursor (a new database?): unknown again, so the listing is loaded again. */
    forget() {
      seq = null;
    },

    /**
     * What to do with one message from any transport, moving the cursor for a new event or a reset:
     * "new" (hand it to the app), "duplicate" (seen already, or no seq at all: drop it), "reset"
     * (the log after the cursor is gone: reload the listing), "error" (the server's complaint:
     * log it), or "control" (heartbeats and greetings: nothing to do).
     */
    take(event) {
      if (!event || typeof event !== "object" || CONTROL.has(event.kind)) return "control";
      if (event.kind === "error") return "error";
      if (event.kind === "reset") {
        if (Number.isInteger(event.seq)) seq = Math.max(seq ?? 0, event.seq);
        return "reset";
      }
      if (!Number.isInteger(event.seq) || event.seq <= (seq ?? 0)) return "duplicate";
      seq = event.seq;
      return "new";
    },
  };
}
