// websocket.js: the WebSocket transport, `ws(s)://…/api/v1/inbox/ws?after=N`. Authenticated by
// the cookie (a WebSocket sends no headers); acknowledges on the socket itself.

import { stoppingHint } from "../ending.js";
import { stallGuard } from "./stall.js";

/**
 * What a close code means, in ending.js's words: the server's own codes stand for the HTTP
 * statuses its other transports answer with; any other close (1006 dropped, a plain 1001) is a
 * drop, reconnected with backoff.
 *
 * @param {{code: number, reason?: string}} close
 * @param {boolean} refreshesTokens whether a reconnect can bring a fresh token (a token function)
 */
export function closeMeaning({ code, reason }, refreshesTokens) {
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
      return refreshesTokens ? error({ prompt: true }) : error({ status: 401 });
    default: return error({});
  }
}

/** Opens nothing yet: returns the connection, whose start() opens the socket. */
export async function openWebSocket(context) {
  const { server, options } = context;
  if (typeof WebSocket !== "function") throw new Error("no WebSocket in this browser");
  await server.setCookie();
  const url = server.api(`inbox/ws?after=${context.after()}`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  let socket = null;
  let everOpened = false;
  const guard = stallGuard(
    () => context.ended(connection, everOpened, new Error(everOpened ? "stalled" : "did not open")),
    options.stallTimeout);
  const connection = {
    name: "websocket",
    start() {
      socket = new WebSocket(url);
      guard.touch(options.connectTimeout);
      socket.onopen = () => {
        // Open is not yet healthy: a server that refuses (4429, 1013) accepts the socket first and
        // then closes it. Only a message (an event, a heartbeat) resets the backoff.
        everOpened = true;
        guard.touch();
        context.report("open");
      };
      socket.onmessage = (message) => {
        context.healthy();
        guard.touch();
        context.receive(JSON.parse(message.data));
      };
      socket.onclose = (close) => {
        context.ended(connection, everOpened, closeMeaning(close, server.refreshesTokens));
      };
    },
    stop() {
      guard.stop();
      if (!socket) return;
      socket.onclose = socket.onmessage = socket.onopen = null;
      socket.close(1000);
    },
    /** Acknowledges on the socket; undefined when it is not open (then the caller POSTs instead). */
    ack(upTo) {
      if (socket?.readyState !== WebSocket.OPEN) return undefined;
      socket.send(JSON.stringify({ type: "ack", seq: upTo }));
      return true;
    },
  };
  return connection;
}
