// fallback.js: the fallback policy. When a connection ends, what next: wait and try the same
// transport again, fall back to the next one, start over from the listing, or stop until the app
// has a new token. It only decides; connect() acts on the decision (timers, probes, reports).
//
// The rules (docs/client.md, "Transports and fallback"):
// - Only a transport that fails to connect, `failuresBeforeFallback` times in a row, gives way to
//   the next, and only while the server answers a plain request: a server that is down is waited
//   for on the same transport, or a rolling restart would leave every tab polling.
// - A refusal for now (429, 503, and on a WebSocket 4429, 1013) says the transport works: wait
//   Retry-After (or a growing backoff) and try the same transport again. Never a fallback.
// - A stopping server's delay is honoured, on the same transport.
// - A prompt (4408 too slow, 1008 token expired with a token function) reconnects at once, once.
// - A connection that worked and dropped is reconnected as it is, with backoff.

const REFUSED_FOR_NOW = new Set([429, 503]);
const UNAUTHORIZED = new Set([401, 403]);

/**
 * The reconnect delay after `attempt` failures in a row (0-based): minDelay · 2^attempt, capped
 * at maxDelay, of which a random half ("equal jitter"), so a restart is not answered by every tab
 * at the same instant.
 */
export function backoff(attempt, { minDelay, maxDelay }, random = Math.random) {
  const ceiling = Math.min(maxDelay, minDelay * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}

/**
 * One connect()'s policy. Decisions are objects:
 *   {action: "retry", wait, error?}    the same transport again after `wait` ms
 *   {action: "next", wait: 0}          the next transport (now `transport`), at once
 *   {action: "restart", wait}          forget the cursor, load the listing, then the same transport
 *   {action: "unauthorized", error?}   stop: the token is refused (connect again with a new one)
 *   {action: "check", probe}           ask the server first ("stream": the event stream itself,
 *                                      "server": a plain request), then call checked()
 * `error`, when present, is what to report instead of the connection's own error.
 *
 * @param {object} settings
 * @param {string[]} settings.order the transports, in order of preference
 * @param {number} settings.failuresBeforeFallback
 * @param {number} settings.minDelay
 * @param {number} settings.maxDelay
 * @param {function():number} [settings.random] for the jitter (tests pass a fixed one)
 */
export function createFallback({ order, failuresBeforeFallback, minDelay, maxDelay, random = Math.random }) {
  let index = 0;    // which transport of `order`
  let failures = 0; // failures to connect of that transport in a row
  let attempt = 0;  // reconnects since something last arrived, for the backoff

  /** The same transport again: when the server said, at once if it asked to, else after a backoff. */
  function retry(error) {
    const wait = error?.stopping !== undefined ? error.stopping
      : error?.retryAfter > 0 ? error.retryAfter * 1000
      : error?.prompt && attempt === 0 ? 0 // once: if it happens again before anything arrives, back off
      : backoff(attempt, { minDelay, maxDelay }, random);
    attempt++;
    return { action: "retry", wait };
  }

  return {
    /** The transport to use now. */
    get transport() {
      return order[index];
    },

    /** Something arrived from the server: the transport works, forget earlier failures. */
    healthy() {
      failures = 0;
      attempt = 0;
    },

    /**
     * A connection ended. `everWorked` tells a drop (it had worked) from a failure to connect;
     * `error` speaks ending.js's words (status, retryAfter, prompt, stopping).
     */
    ended(everWorked, error) {
      const status = error?.status;
      if (UNAUTHORIZED.has(status)) return { action: "unauthorized" };
      if (status === 400) return { action: "restart", wait: backoff(attempt++, { minDelay, maxDelay }, random) }; // the server does not know our cursor
      if (REFUSED_FOR_NOW.has(status) || error?.stopping !== undefined) return retry(error);
      if (!everWorked && !error?.prompt && ++failures >= failuresBeforeFallback) {
        failures = 0;
        // EventSource does not tell why a stream failed: fetch sees a refusal for now.
        return { action: "check", probe: order[index] === "sse" ? "stream" : "server" };
      }
      return retry(error);
    },

    /**
     * The server's answer to a "check": {status (0: no answer), retryAfter}. A refused event
     * stream is waited out; otherwise the next transport if the server answers a plain request.
     */
    checked(probe, answer, error) {
      if (probe === "stream") {
        if (!REFUSED_FOR_NOW.has(answer.status)) return { action: "check", probe: "server" };
        const refusal = Object.assign(new Error(`${answer.status} the event stream was refused for now`), answer);
        return { ...retry(refusal), error: refusal };
      }
      if (UNAUTHORIZED.has(answer.status)) {
        const refused = Object.assign(new Error(`${answer.status} the token was refused`), { status: answer.status });
        return { action: "unauthorized", error: refused };
      }
      if (answer.status !== 200) return retry(error); // the server is down, not the transport: wait for it
      index = (index + 1) % order.length;
      if (index === 0) return retry(error); // tried them all: the first again, after a pause
      return { action: "next", wait: 0 };
    },
  };
}
