// tidings.js: the browser client of Tidings. One dependency-free ES module; copy it into any app.
//
//   import { connect } from "./tidings.js";
//   const client = connect({ token, onEvent, onInbox, onState });
//
// It loads the inbox listing, then follows the user's events over the first transport that works
// (WebSocket, Server-Sent Events, HTTP streaming, long polling, short polling), resuming from the
// last seq after every reconnect, so nothing is lost and nothing is shown twice.
// See docs/client.md for the whole contract.

/** Every transport, in the default order of preference. */
export const TRANSPORTS = Object.freeze(["websocket", "sse", "stream", "longpoll", "poll"]);

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

/** The SSE event names to listen for when the server's `connected` event does not list them. */
const SSE_KINDS = Object.freeze(["created", "updated", "retracted", "read", "reset"]);

/**
 * Connects to the signed-in user's inbox.
 *
 * @param {object} options
 * @param {string|function():(string|Promise<string>)} options.token the user's JWT, or a function
 *        that returns a fresh one (called before every connect)
 * @param {string[]} [options.transports] the transports to try, in order; one entry forces it
 * @param {function(object)} [options.onEvent] each new event, once, in seq order
 * @param {function(object)} [options.onInbox] the listing: at start and again after a reset
 * @param {function(object)} [options.onState] {state, transport, seq, error}
 * @param {string|URL} [options.base] where Tidings is deployed; by default where this module came from
 * @param {number} [options.after] resume after this seq instead of loading the listing first
 * @returns {{close(): void, markRead(ids: string[]): Promise<object>, markAllRead(): Promise<object>,
 *            readonly seq: number, readonly transport: string|null, readonly state: string}}
 */
export function connect(options) {
  if (!options || !options.token) {
    throw new TypeError("tidings: connect() needs a token");
  }
  const o = { ...DEFAULTS, ...options };
  const order = [...o.transports];
  const unknown = order.filter((t) => !TRANSPORTS.includes(t));
  if (order.length === 0 || unknown.length > 0) {
    throw new TypeError(`tidings: transports must be some of ${TRANSPORTS.join(", ")}; got ${order.join(", ")}`);
  }
  const base = new URL(o.base ?? new URL("./", import.meta.url), document.baseURI);
  const api = (path) => new URL(`api/v1/${path}`, base);

  let seq = Number.isInteger(o.after) ? o.after : null;
  let index = 0;          // which transport of `order`
  let failures = 0;       // connect failures of that transport in a row
  let attempt = 0;        // reconnects since the last successful open, for the backoff
  let closed = false;
  let current = null;     // {name, stop()} of the connection in use
  let retryTimer = null;
  let state = "connecting";
  let acked = 0;
  let ackTimer = null;

  const report = (next, extra = {}) => {
    state = next;
    o.onState?.({ state, transport: current?.name ?? order[index], seq, ...extra });
  };

  async function token() {
    return typeof o.token === "function" ? await o.token() : o.token;
  }

  async function request(path, init = {}) {
    const headers = { Authorization: `Bearer ${await token()}`, ...(init.headers ?? {}) };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(api(path), { cache: "no-store", ...init, headers });
  }

  async function json(path, init) {
    const response = await request(path, init);
    if (!response.ok) throw await failure(response);
    return response.json();
  }

  async function failure(response) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch {
      // not problem+json: keep the status text
    }
    const error = new Error(`${response.status} ${detail}`);
    error.status = response.status;
    error.retryAfter = Number(response.headers.get("Retry-After")) || 0;
    return error;
  }

  /** The listing: the notifications to show now, the unread count and the seq to follow from. */
  async function loadInbox() {
    const listing = await json(`inbox?limit=${o.listingLimit}`);
    if (closed) return listing;
    seq = Math.max(seq ?? 0, listing.seq);
    o.onInbox?.(listing);
    return listing;
  }

  /** One event from any transport: dropped if already seen, a reset reloads the listing. */
  async function receive(event) {
    if (closed || !event || typeof event !== "object") return;
    if (event.kind === "heartbeat" || event.kind === "connected" || event.kind === "open" || event.kind === "ok") return;
    if (event.kind === "error") {
      console.warn("tidings:", event.detail);
      return;
    }
    if (event.kind === "reset") {
      seq = Math.max(seq ?? 0, event.seq);
      await loadInbox();
      return;
    }
    if (!Number.isInteger(event.seq) || event.seq <= seq) return; // at least once: drop duplicates
    seq = event.seq;
    try {
      o.onEvent?.(event);
    } finally {
      scheduleAck();
    }
  }

  function scheduleAck() {
    if (!o.ack || ackTimer || closed) return;
    ackTimer = setTimeout(() => {
      ackTimer = null;
      if (seq <= acked || closed) return;
      const upTo = seq;
      const sent = current?.ack?.(upTo)
        ?? request("inbox/ack", { method: "POST", body: JSON.stringify({ seq: upTo }) }).then((r) => r.ok);
      Promise.resolve(sent).then((ok) => { if (ok !== false) acked = Math.max(acked, upTo); }, () => {});
    }, 250);
  }

  // ---- connection lifecycle ----
  //
  // Each opener returns a connection {name, start(), stop(), ack?(seq)}; `current` is set before
  // start(), so a handler can tell whether its connection is still the one in use.

  /** The transport works (something arrived from the server): forget earlier failures. */
  function healthy() {
    failures = 0;
    attempt = 0;
  }

  /**
   * The connection `connection` ended. `everWorked` tells a failure to connect from a drop. The
   * error may carry `status` (an HTTP status, or what a WebSocket close code means as one),
   * `retryAfter` (seconds), `prompt` (the server ended a working connection and asks for a new one)
   * and `stopping` (the server is stopping: milliseconds to wait before coming back).
   */
  function ended(connection, everWorked, error) {
    if (closed || current !== connection) return; // stopped on purpose, or already replaced
    connection.stop();
    current = null;
    if (error?.status === 401 || error?.status === 403) {
      report("unauthorized", { error });
      return; // a new token is needed: connect again with one
    }
    if (error?.status === 400) {
      restartFromListing(); // the server does not know our cursor (a new database?)
      return;
    }
    if (error?.status === 429 || error?.status === 503) {
      // Refused for now (too many connections of this user, the server full or its database down):
      // the transport itself works, so wait as told and try it again; never a reason to fall back.
      retry(error);
      return;
    }
    if (error?.stopping !== undefined) {
      retry(error); // the server is stopping: come back when it said, on the same transport
      return;
    }
    if (!everWorked && !error?.prompt && ++failures >= o.failuresBeforeFallback) {
      failures = 0;
      fallBackIfOnlyTheTransportFails(error);
      return;
    }
    retry(error);
  }

  /** Tries the same transport again: after Retry-After if the server said, at once if it asked to, else after a backoff. */
  function retry(error) {
    const wait = error?.stopping !== undefined ? error.stopping
      : error?.retryAfter > 0 ? error.retryAfter * 1000
      : error?.prompt && attempt === 0 ? 0 // once: if it happens again before anything arrives, back off
      : backoff(attempt);
    attempt++;
    report("reconnecting", { error, retryIn: wait });
    retryTimer = setTimeout(open, wait);
  }

  // Falls back only while the server answers a plain request: a server that is down (restarting,
  // say) is waited for on the same transport, or every tab would end up polling.
  async function fallBackIfOnlyTheTransportFails(error) {
    const superseded = () => closed || current !== null || retryTimer !== null;
    if (order[index] === "sse") {
      // EventSource does not tell why a stream failed: ask fetch, which sees a refusal for now.
      const stream = await probe(`inbox/sse?after=${seq}`, "text/event-stream");
      if (superseded()) return;
      if (stream.status === 429 || stream.status === 503) {
        retry(Object.assign(new Error(`${stream.status} the event stream was refused for now`), stream));
        return;
      }
    }
    const { status } = await probe("inbox?limit=1");
    if (superseded()) return;
    if (status === 401 || status === 403) {
      report("unauthorized", { error: Object.assign(new Error(`${status} the token was refused`), { status }) });
      return;
    }
    if (status !== 200) {
      retry(error);
      return;
    }
    index = (index + 1) % order.length;
    if (index === 0) { // tried them all: start again at the first, after a pause
      retry(error);
      return;
    }
    report("reconnecting", { error, retryIn: 0 }); // the next transport, at once
    retryTimer = setTimeout(open, 0);
  }

  /** How the server answers `path`, headers only: {status (0: no answer within connectTimeout), retryAfter}. */
  async function probe(path, accept = "application/json") {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), o.connectTimeout);
    try {
      const response = await request(path, { headers: { Accept: accept }, signal: abort.signal });
      return { status: response.status, retryAfter: Number(response.headers.get("Retry-After")) || 0 };
    } catch {
      return { status: 0, retryAfter: 0 }; // unreachable
    } finally {
      clearTimeout(timer);
      abort.abort(); // the body is not wanted (an event stream would never end)
    }
  }

  function backoff(n) {
    const ceiling = Math.min(o.maxDelay, o.minDelay * 2 ** n);
    return Math.round(ceiling / 2 + Math.random() * ceiling / 2); // "equal jitter"
  }

  async function open() {
    retryTimer = null;
    if (closed) return;
    const name = order[index];
    const placeholder = { name, stop() {} };
    current = placeholder;
    report("connecting");
    if (seq === null) {
      try {
        await loadInbox();
      } catch (error) {
        ended(placeholder, true, error); // the server failed, not the transport: try it again
        return;
      }
    }
    try {
      const connection = await OPENERS[name]();
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

  // A stall guard: `touch()` on every byte that arrives; nothing for stallTimeout ends the connection.
  function stallGuard(onStall) {
    let timer = null;
    const touch = (timeout = o.stallTimeout) => {
      clearTimeout(timer);
      timer = setTimeout(onStall, timeout);
    };
    return { touch, stop: () => clearTimeout(timer) };
  }

  // The cookie that EventSource and WebSocket carry instead of an Authorization header.
  async function setCookie() {
    const path = api("inbox/").pathname;
    const secure = base.protocol === "https:" ? "; Secure" : "";
    document.cookie = `access_token=${encodeURIComponent(await token())}; path=${path}; SameSite=Strict${secure}`;
  }

  /** The server is stopping and asked for a reconnect after `millis` (each client its own delay), if it said so. */
  function stoppingHint(millis) {
    const wait = Number(millis);
    return Number.isInteger(wait) && wait >= 0 ? { stopping: wait } : {};
  }

  /**
   * What a WebSocket close code means, as an error for ended(): the server's codes map to the
   * HTTP statuses its other transports answer with; any other close (1001 server stopping, 1006
   * dropped) is a plain drop, reconnected with backoff.
   */
  function socketClosed({ code, reason }) {
    const error = (extra) => Object.assign(new Error(`WebSocket closed: ${code} ${reason ?? ""}`.trim()), extra);
    switch (code) {
      case 4401: return error({ status: 401 });   // no valid token
      case 4400: return error({ status: 400 });   // a cursor the server refuses
      case 4429: return error({ status: 429 });   // too many connections of this user: later, same transport
      case 1013: return error({ status: 503 });   // try again later: the server is at capacity
      case 4408: return error({ prompt: true });  // too slow: reconnect after the last seq received
      case 1001: // going away: a server that is stopping says when to come back ("server stopping; retry: 2500")
        return error(stoppingHint(/retry: (\d+)/.exec(reason ?? "")?.[1]));
      case 1008: // the token expired: a token function gives a fresh one on reconnect; a fixed one cannot
        return typeof o.token === "function" ? error({ prompt: true }) : error({ status: 401 });
      default: return error({});
    }
  }

  const OPENERS = {
    async websocket() {
      if (typeof WebSocket !== "function") throw new Error("no WebSocket in this browser");
      await setCookie();
      const url = api(`inbox/ws?after=${seq}`);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      let socket = null;
      let everOpened = false;
      const guard = stallGuard(() => ended(connection, everOpened, new Error(everOpened ? "stalled" : "did not open")));
      const connection = {
        name: "websocket",
        start() {
          socket = new WebSocket(url);
          guard.touch(o.connectTimeout);
          socket.onopen = () => {
            // Open is not yet healthy: a server that refuses (4429, 1013) accepts the socket first and
            // then closes it. Only a message (an event, a heartbeat) resets the backoff.
            everOpened = true;
            guard.touch();
            report("open");
          };
          socket.onmessage = (message) => {
            healthy();
            guard.touch();
            receive(JSON.parse(message.data));
          };
          socket.onclose = (close) => {
            ended(connection, everOpened, socketClosed(close));
          };
        },
        stop() {
          guard.stop();
          if (!socket) return;
          socket.onclose = socket.onmessage = socket.onopen = null;
          socket.close(1000);
        },
        ack(upTo) {
          if (socket?.readyState !== WebSocket.OPEN) return undefined;
          socket.send(JSON.stringify({ type: "ack", seq: upTo }));
          return true;
        },
      };
      return connection;
    },

    async sse() {
      if (typeof EventSource !== "function") throw new Error("no EventSource in this browser");
      await setCookie();
      let source = null;
      let everOpened = false;
      let errorsSinceOpen = 0;
      // No `connected` event from the server in time: refused, or held by a proxy that buffers.
      const guard = stallGuard(() => ended(connection, everOpened, new Error("no connected event from the server")));
      const connection = {
        name: "sse",
        start() {
          // EventSource reconnects by itself after the server's `retry:` and resumes with Last-Event-ID.
          source = new EventSource(api(`inbox/sse?after=${seq}`));
          guard.touch(o.connectTimeout);
          // A named SSE event reaches only the listeners of its name: listen for every name the
          // server's greeting lists, so a kind added on the server is not lost on SSE alone.
          const listening = new Set();
          const listen = (kind) => {
            if (listening.has(kind) || kind === "connected") return;
            listening.add(kind);
            source.addEventListener(kind, (message) => receive(JSON.parse(message.data)));
          };
          // The server's greeting, not EventSource's own `open` (which only means that headers arrived).
          source.addEventListener("connected", (message) => {
            const { kinds } = JSON.parse(message.data);
            for (const kind of Array.isArray(kinds) ? kinds : SSE_KINDS) listen(kind);
            everOpened = true;
            errorsSinceOpen = 0;
            guard.stop();
            healthy();
            report("open");
          });
          source.onerror = () => {
            if (source.readyState === EventSource.CLOSED || ++errorsSinceOpen > o.failuresBeforeFallback) {
              ended(connection, everOpened, new Error("the event stream failed")); // refused, or failing again and again
            } else {
              report("reconnecting", { retryIn: "the server's retry" });
            }
          };
        },
        stop() {
          guard.stop();
          source?.close();
        },
      };
      return connection;
    },

    async stream() {
      const abort = new AbortController();
      const response = await request(`inbox/stream?after=${seq}`, {
        headers: { Accept: "application/x-ndjson" }, signal: abort.signal,
      });
      if (!response.ok) throw await failure(response);
      if (!response.body || typeof TextDecoderStream !== "function") {
        abort.abort();
        throw new Error("this browser cannot read a response as a stream");
      }
      let everBytes = false;
      const guard = stallGuard(() => abort.abort());
      const connection = {
        name: "stream",
        async start() {
          report("open");
          guard.touch();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let pending = "";
          let stopping = {}; // the server's last line when it stops: {"kind":"stopping","retry":ms}
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              if (!everBytes) healthy();
              everBytes = true;
              guard.touch();
              pending += value;
              let newline;
              while ((newline = pending.indexOf("\n")) >= 0) {
                const line = pending.slice(0, newline).trim();
                pending = pending.slice(newline + 1);
                if (!line) continue;
                const event = JSON.parse(line);
                if (event.kind === "stopping") stopping = stoppingHint(event.retry);
                await receive(event);
              }
            }
            ended(connection, true, Object.assign(new Error("the stream ended"), stopping));
          } catch (error) {
            // Stalled before its first byte: perhaps a proxy that buffers responses.
            ended(connection, everBytes, error);
          } finally {
            guard.stop();
          }
        },
        stop() {
          guard.stop();
          abort.abort();
        },
      };
      return connection;
    },

    async longpoll() {
      const abort = new AbortController();
      let everAnswered = false;
      const connection = {
        name: "longpoll",
        async start() {
          try {
            // A short poll first: it answers at once, so the way is proven and the backlog caught up.
            let path = "poll";
            while (current === connection) {
              const answer = await json(`inbox/${path}?after=${seq}`, { signal: abort.signal });
              if (!everAnswered) {
                everAnswered = true;
                healthy();
                report("open");
              }
              for (const event of answer.events) await receive(event);
              if (answer.retry !== undefined) { // the server is stopping: come back when it said
                ended(connection, true, Object.assign(new Error("the server is stopping"), stoppingHint(answer.retry)));
                return;
              }
              path = answer.more ? "poll" : "longpoll";
            }
          } catch (error) {
            ended(connection, everAnswered, error);
          }
        },
        stop: () => abort.abort(),
      };
      return connection;
    },

    async poll() {
      const abort = new AbortController();
      let timer = null;
      let everAnswered = false;
      const connection = {
        name: "poll",
        start() {
          const once = async () => {
            try {
              const answer = await json(`inbox/poll?after=${seq}`, { signal: abort.signal });
              if (current !== connection) return;
              if (!everAnswered) {
                everAnswered = true;
                healthy();
                report("open");
              }
              for (const event of answer.events) await receive(event);
              if (current !== connection) return; // stopped meanwhile (a reset reloads the listing)
              timer = setTimeout(once, answer.more ? 0 : o.pollInterval);
            } catch (error) {
              ended(connection, everAnswered, error);
            }
          };
          once();
        },
        stop() {
          clearTimeout(timer);
          abort.abort(); // the poll in flight, if any
        },
      };
      return connection;
    },
  };

  /** The server refused our cursor (a new database?): start over from the listing. */
  function restartFromListing() {
    seq = null;
    acked = 0;
    retryTimer = setTimeout(open, backoff(attempt++));
  }

  open();

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearTimeout(ackTimer);
      current?.stop();
      current = null;
      report("closed");
    },
    /** Marks these notifications read; every connection of the user gets the `read` event. */
    markRead(ids) {
      return json("inbox/read", { method: "POST", body: JSON.stringify({ ids }) });
    },
    markAllRead() {
      return json("inbox/read", { method: "POST", body: JSON.stringify({ all: true }) });
    },
    get seq() { return seq; },
    get transport() { return current?.name ?? null; },
    get state() { return state; },
  };
}
