// transports/stream.js alone, against a fake fetch whose response body the test writes: the
// request, refusals before there is a connection, NDJSON split anywhere, a stopping server's
// last line, a stream that ends or stalls, and stop().
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeBrowser, refusal, settle, streamingResponse } from "./browser.mjs";
import { event, fakeContext } from "./context.mjs";
import { openStream } from "../../main/webapp/tidings/transports/stream.js";

/** A fake browser whose `inbox/stream` answers with a body the test writes (`browser.streams`, in order). */
function browserFor(t) {
  const browser = fakeBrowser();
  browser.streams = [];
  browser.routes.push([(path) => path.startsWith("inbox/stream"), (path, init) => {
    const stream = streamingResponse(init.signal);
    browser.streams.push(stream);
    return stream.response;
  }]);
  t.after(() => browser.restore());
  return browser;
}

const line = (value) => `${JSON.stringify(value)}\n`;

test("stream: asks for NDJSON after the cursor, with the token in the Authorization header", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext({ seq: 12 });
  await openStream(context);
  const [request] = browser.requests;
  assert.equal(request.url, "http://tidings.test/api/v1/inbox/stream?after=12");
  assert.equal(request.init.headers.Accept, "application/x-ndjson");
  assert.equal(request.init.headers.Authorization, "Bearer token-1");
  assert.ok(request.init.signal, "abortable");
});

test("stream: a refusal throws before there is a connection, carrying the status, Retry-After and the problem's detail", async (t) => {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  browser.routes.push([(path) => path.startsWith("inbox/stream"), () => refusal(429, 7)]);
  const { context } = fakeContext();
  const error = await openStream(context).then(() => null, (e) => e);
  assert.ok(error, "openStream rejected");
  assert.equal(error.status, 429);
  assert.equal(error.retryAfter, 7);
  assert.equal(error.message, "429 Too Many Requests: retry later");
});

test("stream: lines split anywhere across chunks become events in order; blank lines are skipped; healthy at the first byte", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openStream);
  assert.deepEqual(seen.reports, [{ state: "open" }], "open once the server answered 200");
  assert.equal(seen.healthy, 0);
  const text = line({ kind: "heartbeat" }) + "\n" + line(event(6)) + line(event(7));
  const stream = browser.streams[0];
  for (const chunk of [text.slice(0, 5), text.slice(5, 31), text.slice(31, 90), text.slice(90)]) {
    stream.push(chunk);
    await settle();
  }
  assert.deepEqual(seen.received, [{ kind: "heartbeat" }, event(6), event(7)]);
  assert.equal(seen.healthy, 1, "healthy once, at the first bytes");
  assert.deepEqual(seen.endings, []);
});

test("stream: the body ending is a drop of a working connection; a stopping server's last line says when to come back", async (t) => {
  const browser = browserFor(t);
  for (const [last, stopping] of [[null, undefined], [{ kind: "stopping", retry: 2500 }, 2500]]) {
    const { context, seen } = fakeContext();
    await context.start(openStream);
    const stream = browser.streams.at(-1);
    stream.push(line(event(6)) + (last ? line(last) : ""));
    stream.end();
    await settle();
    assert.equal(seen.endings.length, 1);
    assert.equal(seen.endings[0].everWorked, true);
    assert.equal(seen.endings[0].error.stopping, stopping);
    assert.match(seen.endings[0].error.message, /the stream ended/);
  }
});

test("stream: silent past stallTimeout before its first byte is a failure to connect (a proxy that buffers); after bytes, a drop", async (t) => {
  const browser = browserFor(t);
  for (const bytesFirst of [false, true]) {
    const { context, seen } = fakeContext({ options: { stallTimeout: 5000 } });
    await context.start(openStream);
    const stream = browser.streams.at(-1);
    if (bytesFirst) {
      stream.push(line({ kind: "heartbeat" }));
      await settle();
    }
    await browser.clock.tick(4999);
    assert.deepEqual(seen.endings, []);
    await browser.clock.tick(1);
    assert.equal(seen.endings.length, 1);
    assert.equal(seen.endings[0].everWorked, bytesFirst);
    assert.equal(stream.open, false, "the request was aborted");
  }
});

test("stream: a connection that breaks mid-body ends; one that had bytes counts as having worked", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openStream);
  browser.streams[0].push(line(event(6)));
  await settle();
  browser.streams[0].fail();
  await settle();
  assert.equal(seen.endings.length, 1);
  assert.equal(seen.endings[0].everWorked, true);
  assert.deepEqual(seen.received, [event(6)]);
});

test("stream: stop() aborts the request and stops the stall guard", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext({ options: { stallTimeout: 5000 } });
  const connection = await context.start(openStream);
  context.replace();
  connection.stop();
  await settle();
  assert.equal(browser.streams[0].open, false);
  assert.equal(browser.requests[0].init.signal.aborted, true);
  await browser.clock.tick(120000);
  assert.deepEqual(seen.endings, []);
});

test("stream: a browser that cannot read a response as a stream fails to open, and the request is aborted", async (t) => {
  const browser = browserFor(t);
  const saved = Object.getOwnPropertyDescriptor(globalThis, "TextDecoderStream");
  delete globalThis.TextDecoderStream;
  t.after(() => Object.defineProperty(globalThis, "TextDecoderStream", saved));
  const { context } = fakeContext();
  await assert.rejects(openStream(context), /cannot read a response as a stream/);
  assert.equal(browser.requests[0].init.signal.aborted, true);
});
