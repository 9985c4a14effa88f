// ending.js: how a connection ended, in the words the fallback policy (fallback.js) reads.
//
// A transport ends its connection with an Error that may carry:
//   status      an HTTP status, or the one a WebSocket close code stands for (401, 400, 429, 503, …)
//   retryAfter  seconds the server asked to wait (Retry-After)
//   prompt      the server ended a working connection and asks for a new one at once (4408, 1008)
//   stopping    the server is stopping: milliseconds to wait before coming back on the same transport
// Keeping the words in one place lets every transport speak them and the policy stay transport-blind.

/** An HTTP answer that is not 2xx, as an error: its status, its Retry-After and the problem's detail. */
export async function failure(response) {
  let detail = response.statusText;
  try {
    detail = (await response.json()).detail ?? detail;
  } catch {
    // not problem+json: keep the status text
  }
  return Object.assign(new Error(`${response.status} ${detail}`), {
    status: response.status,
    retryAfter: retryAfter(response),
  });
}

/** The Retry-After header in seconds (0: none, or a date, which Tidings never sends). */
export function retryAfter(response) {
  return Number(response.headers.get("Retry-After")) || 0;
}

/** The server is stopping and asked for a reconnect after `millis` (each client its own delay), if it said so. */
export function stoppingHint(millis) {
  const wait = typeof millis === "string" && millis.trim() !== "" ? Number(millis) : millis;
  return Number.isInteger(wait) && wait >= 0 ? { stopping: wait } : {};
}
