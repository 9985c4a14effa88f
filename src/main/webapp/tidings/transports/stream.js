// stream.js: the HTTP streaming transport, `fetch` of `…/api/v1/inbox/stream?after=N`, read
// line by line (NDJSON: one JSON event per line).

import { failure, stoppingHint } from "../ending.js";
import { stallGuard } from "./stall.js";

/** Sends the request: a refusal (429, 503, 400, 401 …) throws before there is a connection. */
export async function openStream(context) {
  const { server, options } = context;
  const abort = new AbortController();
  const response = await server.request(`inbox/stream?after=${context.after()}`, {
    headers: { Accept: "application/x-ndjson" }, signal: abort.signal,
  });
  if (!response.ok) throw await failure(response);
  if (!response.body || typeof TextDecoderStream !== "function") {
    abort.abort();
    throw new Error("this browser cannot read a response as a stream");
  }
  let everBytes = false;
  const guard = stallGuard(() => abort.abort(), options.stallTimeout);
  const connection = {
    name: "stream",
    async start() {
      context.report("open");
      guard.touch();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let pending = "";
      let stopping = {}; // the server's last line when it stops: {"kind":"stopping","retry":ms}
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (!everBytes) context.healthy();
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
            await context.receive(event);
          }
        }
        context.ended(connection, true, Object.assign(new Error("the stream ended"), stopping));
      } catch (error) {
        // Aborted by the guard before the first byte: perhaps a proxy that buffers responses.
        context.ended(connection, everBytes, error);
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
}
