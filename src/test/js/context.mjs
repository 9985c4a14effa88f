// A stand-in for connect() when a transport is tested alone: the context a transport opener gets
// (see index.js), recording what the transport tells it. Use inside a fakeBrowser().
//
//   const { context, seen } = fakeContext();
//   const connection = await context.start(openPoll);   // opens and starts it, as connect() does
import { createServer } from "../../main/webapp/tidings/server.js";
import { BASE, settle } from "./browser.mjs";

export function fakeContext({ seq = 5, options = {}, token = "token-1", base = BASE } = {}) {
  const seen = {
    /** Every message the transport handed on, in order. */
    received: [],
    /** Every report: {state, ...extra}. */
    reports: [],
    /** Every ending of the connection in use: {everWorked, error}. */
    endings: [],
    healthy: 0,
  };
  let current = null;
  const context = {
    server: createServer(new URL(base), token),
    options: { connectTimeout: 10000, stallTimeout: 45000, pollInterval: 3000, failuresBeforeFallback: 2, ...options },
    /** The cursor: moved on by each event received, as connect()'s is. */
    seq,
    after: () => context.seq,
    async receive(event) {
      seen.received.push(event);
      if (Number.isInteger(event?.seq) && event.seq > context.seq) context.seq = event.seq;
    },
    healthy() {
      seen.healthy++;
    },
    report(state, extra = {}) {
      seen.reports.push({ state, ...extra });
    },
    ended(connection, everWorked, error) {
      if (connection !== current) return; // as connect(): stopped on purpose, or replaced
      seen.endings.push({ everWorked, error });
      current = null;
      connection.stop();
    },
    isCurrent: (connection) => connection === current,

    /** Opens a connection with `opener` and starts it, as connect() does; the connection. */
    async start(opener) {
      const connection = await opener(context);
      current = connection;
      connection.start();
      await settle();
      return connection;
    },
    /** Takes the connection out of use without stopping it (connect() replaced it). */
    replace() {
      current = null;
    },
  };
  return { context, seen };
}

/** One event of the log, as the server sends it. */
export const event = (seq, kind = "created") => ({
  kind, seq, unread: 1,
  notification: { id: `n${seq}`, title: `notification ${seq}`, read: false, updatedAt: "2025-01-01T00:00:00Z" },
});

/** The `after` query parameter of a URL. */
export const after = (url) => new URL(url).searchParams.get("after");
