// A fake Tidings on one transport at a time, for whole-client tests that must hold on every
// transport (resume, duplicates, reset): the test says open, send these events, drop; this
// module does it the way that transport's server would. Use inside a fakeBrowser().
import { holdRequest, json, settle, streamingResponse } from "./browser.mjs";
import { after } from "./context.mjs";

const KINDS = ["created", "updated", "retracted", "read", "reset"];

/**
 * @returns {{open(): Promise<void>, send(events): Promise<void>, drop(): Promise<void>, lastAfter(): string}}
 *   open: the server accepts the connection now in progress; send: delivers events on it;
 *   drop: the connection breaks (after it worked); lastAfter: the cursor the latest connection
 *   or request asked to resume from.
 */
export function liveServer(browser, transport, { pollInterval = 3000 } = {}) {
  switch (transport) {
    case "websocket": return {
      async open() { browser.sockets.at(-1).serverOpens(); await settle(); },
      async send(events) { for (const e of events) browser.sockets.at(-1).serverSends(e); await settle(); },
      async drop() { browser.sockets.at(-1).serverCloses(1006); await settle(); },
      lastAfter: () => after(browser.sockets.at(-1).url),
    };
    case "sse": return {
      async open() { browser.sources.at(-1).serverSends("connected", { kind: "connected", seq: 0, kinds: KINDS }); await settle(); },
      async send(events) { for (const e of events) browser.sources.at(-1).serverSends(e.kind, e); await settle(); },
      async drop() { browser.sources.at(-1).fails(); await settle(); },
      lastAfter: () => after(browser.sources.at(-1).url),
    };
    case "stream": {
      const streams = [];
      browser.routes.push([(path) => path.startsWith("inbox/stream"), (path, init) => {
        const stream = streamingResponse(init.signal);
        streams.push(stream);
        return stream.response;
      }]);
      return {
        async open() { await settle(); },
        async send(events) { streams.at(-1).push(events.map((e) => `${JSON.stringify(e)}\n`).join("")); await settle(); },
        async drop() { streams.at(-1).end(); await settle(); },
        lastAfter: () => after(browser.requests.filter((r) => r.path.startsWith("inbox/stream")).at(-1).url),
      };
    }
    case "longpoll":
    case "poll": {
      const held = [];
      browser.routes.push([(path) => /^inbox\/(long)?poll\?/.test(path), (path, init) => {
        const request = holdRequest(path, init.signal);
        held.push(request.held);
        return request.promise;
      }]);
      const answer = (events) => json({ events, cursor: 0, unread: 0, more: false });
      /** The request to answer: the one held now, or (short polling) the next, after pollInterval. */
      const next = async () => {
        if (held.at(-1).settled) await browser.clock.tick(pollInterval);
        return held.at(-1);
      };
      return {
        async open() { (await next()).answer(answer([])); await settle(); },
        async send(events) { (await next()).answer(answer(events)); await settle(); },
        async drop() { (await next()).drop(); await settle(); },
        lastAfter: () => after(`http://x/${held.at(-1).path}`),
      };
    }
    default: throw new Error(`no such transport: ${transport}`);
  }
}
