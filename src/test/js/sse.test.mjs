// transports/sse.js alone, against a fake EventSource: the URL and cookie, the server's
// `connected` greeting (what counts as open, which event names are listened to), errors while
// the browser reconnects by itself, a stream that gives up, the connect timeout and stop().
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeBrowser, settle } from "./browser.mjs";
import { event, fakeContext } from "./context.mjs";
import { SSE_KINDS, openSse } from "../../main/webapp/tidings/transports/sse.js";

function browserFor(t) {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  return browser;
}

const connected = (kinds) => ({ kind: "connected", seq: 5, ...(kinds ? { kinds } : {}) });

test("sse: sets the access_token cookie, then opens an EventSource on …/api/v1/inbox/sse?after=<cursor>", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext({ seq: 42 });
  const connection = await openSse(context);
  assert.equal(browser.sources.length, 0, "nothing opens before start()");
  assert.deepEqual(browser.cookies, ["access_token=token-1; path=/api/v1/inbox/; SameSite=Strict"]);
  connection.start();
  assert.equal(browser.sources[0].url, "http://tidings.test/api/v1/inbox/sse?after=42");
});

test("sse: a browser without EventSource fails to open (a connect failure), setting no cookie", async (t) => {
  const browser = browserFor(t);
  delete globalThis.EventSource;
  const { context } = fakeContext();
  await assert.rejects(openSse(context), /no EventSource/);
  assert.deepEqual(browser.cookies, []);
});

test("sse: open and healthy at the server's connected event, not at EventSource's own open (headers only, perhaps a proxy's buffer)", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openSse);
  const source = browser.sources[0];
  source.browserOpens();
  assert.deepEqual(seen.reports, []);
  assert.equal(seen.healthy, 0);
  source.serverSends("connected", connected(SSE_KINDS));
  assert.deepEqual(seen.reports, [{ state: "open" }]);
  assert.equal(seen.healthy, 1);
  assert.deepEqual(seen.received, [], "the greeting is not an event");
});

test("sse: listens for every kind the greeting lists (a kind added on the server arrives), once each", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openSse);
  const source = browser.sources[0];
  source.serverSends("connected", connected(["created", "archived", "reset"]));
  source.serverSends("connected", connected(["created", "archived", "reset"])); // the browser reconnected: greeted again
  source.serverSends("archived", event(6, "archived"));
  source.serverSends("created", event(7));
  source.serverSends("updated", event(8, "updated")); // not listed: EventSource delivers it to no one
  await settle();
  assert.deepEqual(seen.received.map((e) => [e.kind, e.seq]), [["archived", 6], ["created", 7]]);
  assert.deepEqual([...source.listeners.keys()].sort(), ["archived", "connected", "created", "reset"]);
  assert.equal(source.listeners.get("created").length, 1, "a second greeting adds no second listener");
});

test("sse: a greeting without kinds listens for the five standard ones", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext();
  await context.start(openSse);
  const source = browser.sources[0];
  source.serverSends("connected", connected());
  assert.deepEqual([...source.listeners.keys()].filter((k) => k !== "connected").sort(), [...SSE_KINDS].sort());
});

test("sse: no connected event within connectTimeout is a failure to connect", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext({ options: { connectTimeout: 2000 } });
  await context.start(openSse);
  browser.sources[0].browserOpens();
  await browser.clock.tick(1999);
  assert.deepEqual(seen.endings, []);
  await browser.clock.tick(1);
  assert.equal(seen.endings.length, 1);
  assert.equal(seen.endings[0].everWorked, false);
  assert.match(seen.endings[0].error.message, /no connected event/);
  assert.equal(browser.sources[0].closedByClient, true);
});

test("sse: after the greeting, the connect timeout no longer applies (heartbeats are the server's business)", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext({ options: { connectTimeout: 2000 } });
  await context.start(openSse);
  browser.sources[0].serverSends("connected", connected(SSE_KINDS));
  await browser.clock.tick(120000);
  assert.deepEqual(seen.endings, []);
});

test("sse: an error while the browser reconnects by itself is reported, not an ending, up to failuresBeforeFallback in a row", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext({ options: { failuresBeforeFallback: 2 } });
  await context.start(openSse);
  const source = browser.sources[0];
  source.serverSends("connected", connected(SSE_KINDS));
  source.browserRetries();
  source.browserRetries();
  assert.deepEqual(seen.endings, []);
  assert.deepEqual(seen.reports.slice(1), [
    { state: "reconnecting", retryIn: "the server's retry" },
    { state: "reconnecting", retryIn: "the server's retry" },
  ]);
  source.serverSends("connected", connected(SSE_KINDS)); // back: the count starts again
  source.browserRetries();
  source.browserRetries();
  assert.deepEqual(seen.endings, []);
  source.browserRetries(); // a third in a row: failing again and again
  assert.equal(seen.endings.length, 1);
  assert.equal(seen.endings[0].everWorked, true);
  assert.equal(source.closedByClient, true);
});

test("sse: a stream the browser gives up on (closed: refused with an error status) ends at once", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openSse);
  browser.sources[0].fails();
  assert.equal(seen.endings.length, 1);
  assert.equal(seen.endings[0].everWorked, false);
  assert.match(seen.endings[0].error.message, /the event stream failed/);
});

test("sse: stop() closes the EventSource and stops the connect timeout", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext({ options: { connectTimeout: 2000 } });
  const connection = await context.start(openSse);
  const source = browser.sources[0];
  connection.stop();
  assert.equal(source.closedByClient, true);
  await browser.clock.tick(120000);
  assert.deepEqual(seen.endings, [], "the connect timeout was stopped too");
});
