// sse.js: the Server-Sent Events transport, `EventSource` on `…/api/v1/inbox/sse?after=N`.
// Authenticated by the cookie (EventSource sends no headers). Between errors the browser
// reconnects by itself after the server's `retry:` and resumes with Last-Event-ID.

import { stallGuard } from "./stall.js";

/** The event names to listen for when the server's `connected` event does not list them. */
export const SSE_KINDS = Object.freeze(["created", "updated", "retracted", "read", "reset"]);

export async function openSse(context) {
  const { server, options } = context;
  if (typeof EventSource !== "function") throw new Error("no EventSource in this browser");
  await server.setCookie();
  let source = null;
  let everOpened = false;
  let errorsSinceOpen = 0;
  // No `connected` event from the server in time: refused, or held by a proxy that buffers.
  const guard = stallGuard(
    () => context.ended(connection, everOpened, new Error("no connected event from the server")),
    options.connectTimeout);
  const connection = {
    name: "sse",
    start() {
      source = new EventSource(server.api(`inbox/sse?after=${context.after()}`));
      guard.touch();
      // A named SSE event reaches only the listeners of its name: listen for every name the
      // server's greeting lists, so a kind added on the server is not lost on SSE alone.
      const listening = new Set();
      const listen = (kind) => {
        if (listening.has(kind) || kind === "connected") return;
        listening.add(kind);
        source.addEventListener(kind, (message) => context.receive(JSON.parse(message.data)));
      };
      // The server's greeting, not EventSource's own `open` (which only means that headers arrived).
      source.addEventListener("connected", (message) => {
        const { kinds } = JSON.parse(message.data);
        for (const kind of Array.isArray(kinds) ? kinds : SSE_KINDS) listen(kind);
        everOpened = true;
        errorsSinceOpen = 0;
        guard.stop();
        context.healthy();
        context.report("open");
      });
      source.onerror = () => {
        if (source.readyState === EventSource.CLOSED || ++errorsSinceOpen > options.failuresBeforeFallback) {
          // refused, or failing again and again
          context.ended(connection, everOpened, new Error("the event stream failed"));
        } else {
          context.report("reconnecting", { retryIn: "the server's retry" });
        }
      };
    },
    stop() {
      guard.stop();
      source?.close();
    },
  };
  return connection;
}
