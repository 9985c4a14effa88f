// transports/websocket.js alone, against a fake WebSocket: the URL and cookie, what counts as
// open and as healthy, the close codes, the stall guard, stop() and acknowledgements on the socket.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeBrowser, settle } from "./browser.mjs";
import { event, fakeContext } from "./context.mjs";
import { closeMeaning, openWebSocket } from "../../main/webapp/tidings/transports/websocket.js";

function browserFor(t) {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  return browser;
}

test("websocket: sets the access_token cookie for the inbox path, then opens ws://…/api/v1/inbox/ws?after=<cursor>", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext({ seq: 17 });
  const connection = await openWebSocket(context);
  assert.equal(browser.sockets.length, 0, "nothing opens before start()");
  assert.deepEqual(browser.cookies, ["access_token=token-1; path=/api/v1/inbox/; SameSite=Strict"]);
  connection.start();
  assert.equal(browser.sockets.length, 1);
  assert.equal(browser.sockets[0].url, "ws://tidings.test/api/v1/inbox/ws?after=17");
});

test("websocket: on https, wss:// and a Secure cookie", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext({ base: "https://example.com/social/tidings/" });
  await context.start(openWebSocket);
  assert.equal(browser.sockets[0].url, "wss://example.com/social/tidings/api/v1/inbox/ws?after=5");
  assert.equal(browser.cookies[0], "access_token=token-1; path=/social/tidings/api/v1/inbox/; SameSite=Strict; Secure");
});

test("websocket: a browser without WebSocket fails to open (a connect failure), setting no cookie", async (t) => {
  const browser = browserFor(t);
  delete globalThis.WebSocket;
  const { context } = fakeContext();
  await assert.rejects(openWebSocket(context), /no WebSocket/);
  assert.deepEqual(browser.cookies, []);
});

test("websocket: the socket's opening reports open but is not yet healthy; every message is healthy and handed on", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openWebSocket);
  const socket = browser.sockets[0];
  socket.serverOpens();
  assert.deepEqual(seen.reports, [{ state: "open" }]);
  assert.equal(seen.healthy, 0, "a refusing server accepts the socket first, then closes it");
  socket.serverSends({ kind: "heartbeat" });
  socket.serverSends(event(6));
  await settle();
  assert.equal(seen.healthy, 2);
  assert.deepEqual(seen.received, [{ kind: "heartbeat" }, event(6)]);
});

test("websocket: a close ends the connection with what the code means; before the socket opened it is a failure to connect", async (t) => {
  const browser = browserFor(t);
  for (const opened of [false, true]) {
    const { context, seen } = fakeContext();
    await context.start(openWebSocket);
    const socket = browser.sockets.at(-1);
    if (opened) socket.serverOpens();
    socket.serverCloses(4429, "too many connections");
    assert.equal(seen.endings.length, 1);
    assert.equal(seen.endings[0].everWorked, opened);
    assert.equal(seen.endings[0].error.status, 429);
    assert.equal(seen.endings[0].error.message, "WebSocket closed: 4429 too many connections");
  }
});

const CLOSES = [
  // [code, reason, token function?, what it means]
  [4401, "", false, { status: 401 }],
  [4400, "cursor ahead of the log", false, { status: 400 }],
  [4429, "", false, { status: 429 }],
  [1013, "try again later", false, { status: 503 }],
  [4408, "too slow", false, { prompt: true }],
  [1008, "token expired", true, { prompt: true }],
  [1008, "token expired", false, { status: 401 }],
  [1001, "server stopping; retry: 2500", false, { stopping: 2500 }],
  [1001, "server stopping; retry: 0", false, { stopping: 0 }],
  [1001, "going away", false, {}],
  [1006, "", false, {}],
  [1000, "", false, {}],
  [1011, "internal error", false, {}],
];
for (const [code, reason, refreshes, meaning] of CLOSES) {
  test(`websocket: close ${code} ${reason ? `"${reason}" ` : ""}${code === 1008 ? (refreshes ? "with a token function " : "with a fixed token ") : ""}means ${JSON.stringify(meaning)}`, () => {
    const error = closeMeaning({ code, reason }, refreshes);
    assert.ok(error instanceof Error);
    const { status, prompt, stopping } = error;
    const fields = Object.fromEntries(Object.entries({ status, prompt, stopping }).filter(([, v]) => v !== undefined));
    assert.deepEqual(fields, meaning);
  });
}

test("websocket: not open within connectTimeout is a failure to connect; open but silent for stallTimeout is a stall", async (t) => {
  const browser = browserFor(t);
  {
    const { context, seen } = fakeContext({ options: { connectTimeout: 1000, stallTimeout: 5000 } });
    await context.start(openWebSocket);
    await browser.clock.tick(999);
    assert.equal(seen.endings.length, 0);
    await browser.clock.tick(1);
    assert.equal(seen.endings.length, 1);
    assert.equal(seen.endings[0].everWorked, false);
    assert.match(seen.endings[0].error.message, /did not open/);
    assert.equal(browser.sockets[0].closedByClient, 1000, "the socket is closed");
  }
  {
    const { context, seen } = fakeContext({ options: { connectTimeout: 1000, stallTimeout: 5000 } });
    await context.start(openWebSocket);
    const socket = browser.sockets.at(-1);
    socket.serverOpens();
    await browser.clock.tick(4000);
    socket.serverSends({ kind: "heartbeat" }); // keeps it alive for another stallTimeout
    await browser.clock.tick(4999);
    assert.equal(seen.endings.length, 0, "a heartbeat 4 s in moves the deadline");
    await browser.clock.tick(1);
    assert.equal(seen.endings.length, 1);
    assert.equal(seen.endings[0].everWorked, true);
    assert.match(seen.endings[0].error.message, /stalled/);
  }
});

test("websocket: stop() closes the socket with 1000, and nothing it does afterwards ends or reaches the client", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  const connection = await context.start(openWebSocket);
  const socket = browser.sockets[0];
  socket.serverOpens();
  connection.stop();
  assert.equal(socket.closedByClient, 1000);
  socket.serverSends(event(6));
  socket.serverCloses(1006);
  await browser.clock.tick(120000);
  assert.deepEqual(seen.received, []);
  assert.deepEqual(seen.endings, [], "neither the close nor the stall guard ends a stopped connection");
});

test("websocket: acknowledges on the open socket; while it is not open, ack() returns undefined so the client POSTs instead", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext();
  const connection = await context.start(openWebSocket);
  const socket = browser.sockets[0];
  assert.equal(connection.ack(6), undefined, "still connecting");
  socket.serverOpens();
  assert.equal(connection.ack(7), true);
  assert.deepEqual(socket.sent, [{ type: "ack", seq: 7 }]);
  socket.serverCloses(1006);
  assert.equal(connection.ack(8), undefined, "closed");
  assert.deepEqual(socket.sent, [{ type: "ack", seq: 7 }]);
});
