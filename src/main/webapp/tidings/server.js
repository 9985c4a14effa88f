// server.js: the way to Tidings' API for one connect(): its URLs, the user's token, fetch with
// the token, and the cookie that EventSource and WebSocket carry instead of a header.

import { failure, retryAfter } from "./ending.js";

/**
 * @param {URL} base where Tidings is deployed (the folder that holds `api/v1/`)
 * @param {string|function():(string|Promise<string>)} token the user's JWT, or a function that returns a fresh one
 */
export function createServer(base, token) {
  /** The URL of an API path such as `inbox/poll?after=5`. */
  const api = (path) => new URL(`api/v1/${path}`, base);

  /** The token to send now: a token function is asked every time, so it can refresh. */
  const currentToken = async () => (typeof token === "function" ? await token() : token);

  async function request(path, init = {}) {
    const headers = { Authorization: `Bearer ${await currentToken()}`, ...(init.headers ?? {}) };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(api(path), { cache: "no-store", ...init, headers });
  }

  /** A JSON answer, or the error that failure() makes of anything but 2xx. */
  async function json(path, init) {
    const response = await request(path, init);
    if (!response.ok) throw await failure(response);
    return response.json();
  }

  /**
   * How the server answers `path`, headers only: {status, retryAfter}; status 0 when there was no
   * answer within `timeout` ms. The body is never read (an event stream would never end).
   */
  async function probe(path, accept, timeout) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeout);
    try {
      const response = await request(path, { headers: { Accept: accept }, signal: abort.signal });
      return { status: response.status, retryAfter: retryAfter(response) };
    } catch {
      return { status: 0, retryAfter: 0 }; // unreachable
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  }

  /** Sets the `access_token` cookie for the inbox's paths only, before an EventSource or a WebSocket opens. */
  async function setCookie() {
    const path = api("inbox/").pathname;
    const secure = base.protocol === "https:" ? "; Secure" : "";
    document.cookie = `access_token=${encodeURIComponent(await currentToken())}; path=${path}; SameSite=Strict${secure}`;
  }

  return Object.freeze({
    api,
    request,
    json,
    probe,
    setCookie,
    /** True when every connect can get a fresh token (a token function), false for a fixed string. */
    refreshesTokens: typeof token === "function",
  });
}
