// @tidings/client: the browser client of Tidings. ES modules, no dependencies, no build step.
//
//   import { connect } from "./tidings/index.js";   // or "./tidings.js", which re-exports it
//   const client = connect({ token, onEvent, onInbox, onState });
//
// It loads the inbox listing, then follows the user's events over the first transport that works
// (WebSocket, Server-Sent Events, HTTP streaming, long polling, short polling), resuming from the
// last seq after every reconnect, so nothing is lost and nothing is shown twice.
// See docs/client.md for the whole contract. This file wires the parts together:
//   server.js    URLs, the token, fetch, the cookie      cursor.js   the resume cursor
//   fallback.js  what next when a connection ends       ack.js      acknowledgements
//   ending.js    how a connection ended, in words the policy reads
//   transports/  one opener per transport, each given a context (below), none sharing state

import { createAcks } from "./ack.js";
import { createCursor } from "./cursor.js";
import { createFallback } from "./fallback.js";
import { createServer } from "./server.js";
import { openLongPoll } from "./transports/longpoll.js";
import { openPoll } from "./transports/poll.js";
import { openSse } from "./transports/sse.js";
import { openStream } from "./transports/stream.js";
import { openWebSocket } from "./transports/websocket.js";

/** Every transport, in the default order of preference. */
export const TRANSPORTS = Object.freeze(["websocket", "sse", "stream", "longpoll", "poll"]);

const OPENERS = Object.freeze({
  websocket: openWebSocket,
  sse: openSse,
  stream: openStream,
  longpoll: openLongPoll,
  poll: openPoll,
});

const DEFAULTS = Object.freeze({
  transports: TRANSPORTS,
  minDelay: 1000,        // first reconnect delay (ms); doubles per failure, with jitter
  maxDelay: 30000,       // longest reconnect delay (ms)
  failuresBeforeFallback: 2, // a transport that fails to connect this often in a row gives way to the next
  connectTimeout: 10000, // a WebSocket or event stream that has not opened by then has failed to connect
  stallTimeout: 45000,   // nothing at all (not even a heartbeat) for this long: the connection is dead or buffered
  pollInterval: 3000,    // short polling: the wait between polls (ms)
  listingLimit: 50,      // how many notifications the listing loads
  ack: true,             // tell the server what has been received (the publisher sees "delivered")
});

/**
 * Connects to the signed-in user's inbox. Every call owns its state; nothing is shared between clients.
 *
 * @param {object} options the token, callbacks and settings: ConnectOptions in index.d.ts, docs/client.md
 * @returns {object} the client: Client in index.d.ts
 */
export function connect(options) {
  if (!options || !options.token) {
    throw new TypeError("tidings: connect() needs a token");
  }
  const o = Object.freeze({ ...DEFAULTS, ...options });
  const order = [...o.transports];
  const unknown = order.filter((t) => !TRANSPORTS.includes(t));
  if (order.length === 0 || unknown.length > 0) {
    throw new TypeError(`tidings: transports must be some of ${TRANSPORTS.join(", ")}; got ${order.join(", ")}`);
  }
  // By default Tidings is where this package is served from: <context root>/tidings/index.js.
  const base = new URL(o.base ?? new URL("../", import.meta.url), document.baseURI);
  const server = createServer(base, o.token);
  const cursor = createCursor(o.after);
  const policy = createFallback({
    order, failuresBeforeFallback: o.failuresBeforeFallback, minDelay: o.minDelay, maxDelay: o.maxDelay,
  });

  let closed = false;
  let current = null;     // {name, start(), stop(), ack?(seq)} of the connection in use
  let retryTimer = null;
  let state = "connecting";

  const acks = createAcks({
    enabled: o.ack,
    seq: () => cursor.seq,
    send: (upTo) => current?.ack?.(upTo)
      ?? server.request("inbox/ack", { method: "POST", body: JSON.stringify({ seq: upTo }) }).then((r) => r.ok),
  });

  const report = (next, extra = {}) => {
    state = next;
    o.onState?.({ state, transport: current?.name ?? policy.transport, seq: cursor.seq, ...extra });
  };

  /** The listing: the notifications to show now, the unread count and the seq to follow from. */
  async function loadInbox() {
    const listing = await server.json(`inbox?limit=${o.listingLimit}`);
    if (closed) return listing;
    cursor.listed(listing);
    o.onInbox?.(listing);
    return listing;
  }

  /** One message from any transport: a new event reaches the app once, a reset reloads the listing. */
  async function receive(event) {
    if (closed) return;
    switch (cursor.take(event)) {
      case "new":
        try {
          o.onEvent?.(event);
        } finally {
          acks.schedule();
        }
        return;
      case "reset":
        await loadInbox();
        return;
      case "error":
        console.warn("tidings:", event.detail);
        return;
      default: // a duplicate, a heartbeat, a greeting
    }
  }

  /** `connection` ended (see ending.js for `error`); ignored if it was stopped on purpose or replaced. */
  function ended(connection, everWorked, error) {
    if (closed || current !== connection) return;
    connection.stop();
    current = null;
    act(policy.ended(everWorked, error), error);
  }

  /** Carries out a decision of the fallback policy. */
  async function act(decision, error) {
    switch (decision.action) {
      case "unauthorized":
        report("unauthorized", { error: decision.error ?? error });
        return; // a new token is needed: connect again with one
      case "restart":
        cursor.forget(); // the server does not know our cursor (a new database?): from the listing
        acks.reset();
        retryTimer = setTimeout(open, decision.wait);
        return;
      case "retry":
      case "next":
        report("reconnecting", { error: decision.error ?? error, retryIn: decision.wait });
        retryTimer = setTimeout(open, decision.wait);
        return;
      case "check": {
        const answer = decision.probe === "stream"
          ? await server.probe(`inbox/sse?after=${cursor.seq}`, "text/event-stream", o.connectTimeout)
          : await server.probe("inbox?limit=1", "application/json", o.connectTimeout);
        if (closed || current !== null || retryTimer !== null) return; // closed or superseded meanwhile
        act(policy.checked(decision.probe, answer, error), error);
        return;
      }
      default:
        throw new Error(`tidings: unknown decision ${decision.action}`);
    }
  }

  // What a transport opener gets: the server, the settings, and how to tell connect() what happened.
  // `current` is set before a connection's start(), so a handler can tell whether it is still in use.
  const context = Object.freeze({
    server,
    options: o,
    after: () => cursor.seq,
    receive,
    healthy: () => policy.healthy(),
    report,
    ended,
    isCurrent: (connection) => current === connection,
  });

  async function open() {
    retryTimer = null;
    if (closed) return;
    const name = policy.transport;
    const placeholder = { name, stop() {} };
    current = placeholder;
    report("connecting");
    if (cursor.seq === null) {
      try {
        await loadInbox();
      } catch (error) {
        ended(placeholder, true, error); // the server failed, not the transport: try it again
        return;
      }
    }
    try {
      const connection = await OPENERS[name](context);
      if (closed || current !== placeholder) {
        connection.stop();
        return;
      }
      current = connection;
      connection.start();
    } catch (error) {
      ended(placeholder, false, error);
    }
  }

  open();

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      acks.stop();
      current?.stop();
      current = null;
      report("closed");
    },
    /** Marks these notifications read; every connection of the user gets the `read` event. */
    markRead(ids) {
      return server.json("inbox/read", { method: "POST", body: JSON.stringify({ ids }) });
    },
    markAllRead() {
      return server.json("inbox/read", { method: "POST", body: JSON.stringify({ all: true }) });
    },
    get seq() { return cursor.seq; },
    get transport() { return current?.name ?? null; },
    get state() { return state; },
  };
}
