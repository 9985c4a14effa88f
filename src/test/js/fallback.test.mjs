// fallback.js: the fallback policy, decision by decision (a table of cases), then through connect()
// for what only the whole client shows: probes before a fallback, and close() stopping everything.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, TIDINGS, fakeBrowser, json, pendingUntilAborted, refusal, settle } from "./browser.mjs";
import { backoff, createFallback } from "../../main/webapp/tidings/fallback.js";
import { closeMeaning } from "../../main/webapp/tidings/transports/websocket.js";

const ORDER = ["websocket", "sse", "stream", "longpoll", "poll"];
const SETTINGS = { order: ORDER, failuresBeforeFallback: 2, minDelay: 1000, maxDelay: 30000 };
/** A policy whose jitter is fixed: every backoff is the top of its band, minDelay · 2^n (capped). */
const policy = (settings = {}) => createFallback({ ...SETTINGS, random: () => 1, ...settings });
const failure = (fields = {}) => Object.assign(new Error("failed"), fields);

// ---- the backoff ----

test("backoff: a random half of minDelay · 2^n ('equal jitter'), capped at maxDelay", () => {
  const delays = { minDelay: 1000, maxDelay: 30000 };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map((n) => backoff(n, delays, () => 1)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.deepEqual([0, 1, 2, 5].map((n) => backoff(n, delays, () => 0)), [500, 1000, 2000, 15000]);
  assert.equal(backoff(1, delays, () => 0.5), 1500);
});

// ---- which transport next ----

test("order: a transport that fails to connect twice in a row gives way to the next, once the server answers a plain request", () => {
  const p = policy();
  const seen = [];
  for (let round = 0; round < ORDER.length; round++) {
    const transport = p.transport;
    // The backoff is not reset by a fallback: only something arriving resets it.
    assert.deepEqual(p.ended(false, failure()), { action: "retry", wait: Math.min(30000, 1000 * 2 ** round) },
      `${transport}: the first failure retries it with backoff`);
    const check = p.ended(false, failure());
    const probe = transport === "sse" ? "stream" : "server";
    assert.deepEqual(check, { action: "check", probe }, `${transport}: the second asks the server first`);
    if (probe === "stream") assert.deepEqual(p.checked("stream", { status: 200, retryAfter: 0 }), { action: "check", probe: "server" });
    seen.push(transport);
    const next = p.checked("server", { status: 200, retryAfter: 0 });
    if (round < ORDER.length - 1) assert.deepEqual(next, { action: "next", wait: 0 });
    else assert.equal(next.action, "retry", "after the last, the first again after a pause");
  }
  assert.deepEqual(seen, ORDER);
  assert.equal(p.transport, "websocket", "round again");
});

test("order: a forced transport (one entry) never falls back; it is retried after a pause", () => {
  const p = policy({ order: ["longpoll"] });
  p.ended(false, failure());
  assert.deepEqual(p.ended(false, failure()), { action: "check", probe: "server" });
  assert.equal(p.checked("server", { status: 200, retryAfter: 0 }).action, "retry");
  assert.equal(p.transport, "longpoll");
});

test("order: failuresBeforeFallback sets how many failures in a row; something arriving in between starts the count again", () => {
  const p = policy({ failuresBeforeFallback: 3 });
  assert.equal(p.ended(false, failure()).action, "retry");
  assert.equal(p.ended(false, failure()).action, "retry");
  p.healthy();
  assert.equal(p.ended(false, failure()).action, "retry");
  assert.equal(p.ended(false, failure()).action, "retry");
  assert.equal(p.ended(false, failure()).action, "check");
});

// ---- waiting versus falling back: one ending at a time, a table ----

const CASES = [
  // [what happened, everWorked, error, the decision]
  ["401", false, { status: 401 }, { action: "unauthorized" }],
  ["403", true, { status: 403 }, { action: "unauthorized" }],
  ["400: a cursor the server refuses", true, { status: 400 }, { action: "restart", wait: 1000 }],
  ["429 with Retry-After: 2, before it worked", false, { status: 429, retryAfter: 2 }, { action: "retry", wait: 2000 }],
  ["503 with Retry-After: 5", true, { status: 503, retryAfter: 5 }, { action: "retry", wait: 5000 }],
  ["429 without Retry-After", false, { status: 429 }, { action: "retry", wait: 1000 }],
  ["a stopping server's delay", true, { stopping: 2500 }, { action: "retry", wait: 2500 }],
  ["a stopping server's delay, before it worked", false, { stopping: 0 }, { action: "retry", wait: 0 }],
  ["a prompt (4408, 1008 with a token function)", true, { prompt: true }, { action: "retry", wait: 0 }],
  ["a drop of a working connection", true, {}, { action: "retry", wait: 1000 }],
  ["a failure to connect (the first)", false, {}, { action: "retry", wait: 1000 }],
];
for (const [what, everWorked, fields, decision] of CASES) {
  test(`ended: ${what} → ${JSON.stringify(decision)}`, () => {
    assert.deepEqual(policy().ended(everWorked, failure(fields)), decision);
  });
}

test("refused for now (429, 503), again and again, before the connection ever worked: waited out on the same transport, never a fallback", () => {
  for (const status of [429, 503]) {
    for (const retryAfter of [0, 3]) {
      const p = policy();
      for (let n = 0; n < 8; n++) {
        const decision = p.ended(false, failure({ status, retryAfter }));
        const wait = retryAfter ? retryAfter * 1000 : Math.min(30000, 1000 * 2 ** n);
        assert.deepEqual(decision, { action: "retry", wait }, `${status} #${n + 1}, Retry-After ${retryAfter}`);
        assert.equal(p.transport, "websocket");
      }
    }
  }
});

test("a stopping server, again and again: its delay each time, on the same transport", () => {
  const p = policy();
  for (const stopping of [2500, 100, 0]) assert.deepEqual(p.ended(false, failure({ stopping })), { action: "retry", wait: stopping });
  assert.equal(p.transport, "websocket");
});

test("a prompt reconnects at once only once: again before anything arrived, it backs off; after something arrived, at once again", () => {
  const p = policy();
  assert.deepEqual(p.ended(true, failure({ prompt: true })), { action: "retry", wait: 0 });
  assert.deepEqual(p.ended(true, failure({ prompt: true })), { action: "retry", wait: 2000 });
  p.healthy();
  assert.deepEqual(p.ended(true, failure({ prompt: true })), { action: "retry", wait: 0 });
});

test("drops of a working connection back off (1, 2, 4 … s) but never fall back; something arriving resets the backoff", () => {
  const p = policy();
  const waits = [];
  for (let n = 0; n < 7; n++) waits.push(p.ended(true, failure()).wait);
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  p.healthy();
  assert.deepEqual(p.ended(true, failure()), { action: "retry", wait: 1000 });
  assert.equal(p.transport, "websocket");
});

// ---- the checks before a fallback ----

const CHECKS = [
  // [probe, the server's answer, the decision's action, and what it reports]
  ["server", { status: 200, retryAfter: 0 }, "next", undefined],
  ["server", { status: 0, retryAfter: 0 }, "retry", undefined],     // unreachable: wait for it on the same transport
  ["server", { status: 500, retryAfter: 0 }, "retry", undefined],
  ["server", { status: 503, retryAfter: 9 }, "retry", undefined],
  ["server", { status: 401, retryAfter: 0 }, "unauthorized", 401],
  ["server", { status: 403, retryAfter: 0 }, "unauthorized", 403],
  ["stream", { status: 429, retryAfter: 2 }, "retry", 429],          // EventSource could not say: refused for now
  ["stream", { status: 503, retryAfter: 0 }, "retry", 503],
  ["stream", { status: 200, retryAfter: 0 }, "check", undefined],    // the stream answers: ask about the server
  ["stream", { status: 404, retryAfter: 0 }, "check", undefined],
];
for (const [probe, answer, action, reported] of CHECKS) {
  test(`checked: the ${probe} probe answered ${answer.status} → ${action}`, () => {
    const p = policy();
    p.ended(false, failure());
    p.ended(false, failure());
    const decision = p.checked(probe, answer, failure());
    assert.equal(decision.action, action);
    assert.equal(decision.error?.status, reported);
    assert.equal(p.transport, action === "next" ? "sse" : "websocket");
    if (probe === "stream" && action === "retry" && answer.retryAfter) assert.equal(decision.wait, answer.retryAfter * 1000, "Retry-After");
  });
}

// ---- WebSocket close codes, through closeMeaning, each repeated: what the policy does ----

const CLOSE_CODES = [
  // [code, reason, token function?, the decisions for the same close six times in a row, before the socket ever opened]
  [4429, "", false, "retry retry retry retry retry retry"],
  [1013, "", false, "retry retry retry retry retry retry"],
  [1001, "server stopping; retry: 2500", false, "retry retry retry retry retry retry"],
  [4408, "", false, "retry retry retry retry retry retry"],
  [1008, "", true, "retry retry retry retry retry retry"],
  [1008, "", false, "unauthorized unauthorized unauthorized unauthorized unauthorized unauthorized"],
  [4401, "", false, "unauthorized unauthorized unauthorized unauthorized unauthorized unauthorized"],
  [4400, "", false, "restart restart restart restart restart restart"],
  [1006, "", false, "retry check retry check retry check"],
];
for (const [code, reason, refreshes, expected] of CLOSE_CODES) {
  test(`close ${code}${code === 1008 ? (refreshes ? " (token function)" : " (fixed token)") : ""}, six times before opening: ${expected}`, () => {
    const p = policy();
    const actions = [];
    for (let n = 0; n < 6; n++) {
      const decision = p.ended(false, closeMeaning({ code, reason }, refreshes));
      actions.push(decision.action);
      if (decision.action === "check") p.checked("server", { status: 0, retryAfter: 0 }, null); // the server is down: stay
    }
    assert.equal(actions.join(" "), expected);
    assert.equal(p.transport, "websocket", "never fell back");
  });
}

test("close 4408 and 1008 (token function) after something arrived: at once; 1001 with a delay: that delay", () => {
  for (const [code, reason, wait] of [[4408, "", 0], [1008, "", 0], [1001, "server stopping; retry: 2500", 2500]]) {
    const p = policy();
    p.healthy();
    assert.deepEqual(p.ended(true, closeMeaning({ code, reason }, true)), { action: "retry", wait }, `close ${code}`);
  }
});

// ---- through connect(): acting on the decisions ----

async function start(t, options = {}, routes = []) {
  const browser = fakeBrowser();
  browser.routes.push(...routes);
  const { connect } = await import(TIDINGS);
  const states = [];
  const client = connect({ base: BASE, token: "token-1", onState: (s) => states.push(s), ...options });
  t.after(() => {
    client.close();
    browser.restore();
  });
  await settle();
  return { browser, client, states };
}

test("connect(): two WebSocket failures, the server answers the probe: SSE at once (retryIn 0)", async (t) => {
  const { browser, states } = await start(t);
  browser.sockets[0].serverCloses(1006);
  await settle();
  await browser.clock.tick(states.at(-1).retryIn);
  browser.sockets[1].serverCloses(1006);
  await settle();
  assert.deepEqual(browser.paths(), ["inbox?limit=50", "inbox?limit=1"], "asked the server a plain question first");
  assert.deepEqual(states.at(-1), { ...states.at(-1), state: "reconnecting", transport: "sse", retryIn: 0 });
  await browser.clock.tick(0);
  assert.equal(browser.sources.length, 1, "an EventSource");
  assert.equal(browser.sockets.length, 2);
});

test("connect(): two WebSocket failures while the server does not answer: WebSocket again after a backoff, no fallback", async (t) => {
  const { browser, states } = await start(t, {}, [
    [(path) => path === "inbox?limit=1", () => Promise.reject(new TypeError("Failed to fetch"))],
  ]);
  for (let n = 0; n < 4; n++) {
    browser.sockets[n].serverCloses(1006);
    await settle();
    assert.equal(states.at(-1).transport, "websocket");
    assert.ok(states.at(-1).retryIn > 0);
    await browser.clock.tick(states.at(-1).retryIn);
  }
  assert.equal(browser.sockets.length, 5);
  assert.equal(browser.sources.length, 0);
});

test("connect(): a probe that never answers counts as no answer after connectTimeout (WebSocket again, not SSE)", async (t) => {
  const { browser, states } = await start(t, { connectTimeout: 4000 }, [
    [(path) => path === "inbox?limit=1", (path, init) => pendingUntilAborted(init.signal)],
  ]);
  for (let n = 0; n < 2; n++) {
    browser.sockets[n].serverCloses(1006);
    await settle();
    if (n === 0) await browser.clock.tick(states.at(-1).retryIn);
  }
  assert.equal(states.at(-1).state, "connecting", "waiting for the probe");
  await browser.clock.tick(4000);
  assert.equal(states.at(-1).state, "reconnecting");
  assert.equal(states.at(-1).transport, "websocket");
});

test("connect(): SSE failing twice is asked about with fetch first; 429 there is waited out on SSE with its Retry-After", async (t) => {
  const { browser, states } = await start(t, { transports: ["sse", "poll"] }, [
    [(path) => path.startsWith("inbox/sse"), () => refusal(429, 3)],
  ]);
  browser.sources[0].fails();
  await settle();
  await browser.clock.tick(states.at(-1).retryIn);
  browser.sources[1].fails();
  await settle();
  assert.deepEqual(browser.paths(), ["inbox?limit=50", "inbox/sse?after=5"]);
  assert.equal(browser.requests[1].init.headers.Accept, "text/event-stream");
  assert.equal(states.at(-1).retryIn, 3000);
  assert.equal(states.at(-1).transport, "sse");
  assert.equal(states.at(-1).error.status, 429);
});

test("connect(): a token refused by the probe stops with state unauthorized, and nothing is tried again", async (t) => {
  const { browser, states } = await start(t, {}, [
    [(path) => path === "inbox?limit=1", () => json({ status: 401, title: "Unauthorized" }, 401)],
  ]);
  browser.sockets[0].serverCloses(1006);
  await settle();
  await browser.clock.tick(states.at(-1).retryIn);
  browser.sockets[1].serverCloses(1006);
  await settle();
  assert.equal(states.at(-1).state, "unauthorized");
  assert.equal(states.at(-1).error.status, 401);
  const requests = browser.requests.length;
  await browser.clock.tick(600000);
  assert.equal(browser.sockets.length, 2);
  assert.equal(browser.requests.length, requests);
});

test("stop: close() while waiting to reconnect: the wait is cancelled, nothing is opened or sent", async (t) => {
  const { browser, client, states } = await start(t);
  browser.sockets[0].serverCloses(4429);
  await settle();
  assert.equal(states.at(-1).state, "reconnecting");
  client.close();
  assert.equal(states.at(-1).state, "closed");
  assert.equal(browser.clock.pending, 0, "the wait is cancelled, not merely ignored when it ends");
  const requests = browser.requests.length;
  await browser.clock.tick(600000);
  assert.equal(browser.sockets.length, 1);
  assert.equal(browser.requests.length, requests);
  assert.equal(client.state, "closed");
});

test("stop: close() while the server is being asked whether to fall back: no fallback, nothing after", async (t) => {
  let answerProbe = null;
  const { browser, client, states } = await start(t, {}, [
    [(path) => path === "inbox?limit=1", () => new Promise((resolve) => { answerProbe = resolve; })],
  ]);
  browser.sockets[0].serverCloses(1006);
  await settle();
  await browser.clock.tick(states.at(-1).retryIn);
  browser.sockets[1].serverCloses(1006);
  await settle();
  assert.ok(answerProbe, "the probe is in flight");
  client.close();
  answerProbe(json({ notifications: [], unread: 0, seq: 5 }));
  await browser.clock.tick(600000);
  assert.equal(states.at(-1).state, "closed");
  assert.equal(browser.sources.length, 0);
  assert.equal(browser.sockets.length, 2);
  assert.equal(browser.clock.pending, 0, "no timer left behind");
});

test("stop: close() while a connection is being opened (the listing on its way) opens nothing", async (t) => {
  let answerListing = null;
  const { browser, client, states } = await start(t, {}, [
    [(path) => path.startsWith("inbox?limit=50"), () => new Promise((resolve) => { answerListing = resolve; })],
  ]);
  client.close();
  answerListing(json({ notifications: [], unread: 0, seq: 5 }));
  await browser.clock.tick(600000);
  assert.equal(browser.sockets.length, 0);
  assert.equal(states.at(-1).state, "closed");
});
