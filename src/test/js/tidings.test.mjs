// The rules of tidings.js (docs/client.md) through the whole client, connect() as a page calls it
// (imported from tidings.js, the re-export of tidings/index.js), each in a test of its own, in a
// fake browser whose clock moves only when a test says so. The parts have tests of their own
// (fallback, cursor, ack, server, one per transport). Run: node --test src/test/js/*.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, PACKAGE, TIDINGS, fakeBrowser, pendingUntilAborted, refusal, json, settle } from "./browser.mjs";

/**
 * Installs a fake browser with these fetch routes, then imports tidings.js (after the globals are
 * in place) and connects with base = the fake server. Returns the browser, the client and what the callbacks saw.
 */
async function start(t, options = {}, routes = []) {
  const browser = fakeBrowser();
  browser.routes.push(...routes);
  const { connect } = await import(TIDINGS);
  const seen = { events: [], listings: [], states: [] };
  const client = connect({
    base: BASE,
    token: "token-1",
    onEvent: (event) => seen.events.push(event),
    onInbox: (listing) => seen.listings.push(listing),
    onState: (change) => seen.states.push(change),
    ...options,
  });
  t.after(() => {
    client.close();
    browser.restore();
  });
  await settle();
  return { browser, client, seen };
}

const lastState = (seen) => seen.states.at(-1);
const event = (seq, kind = "created") => ({
  kind, seq, unread: 1,
  notification: { id: `n${seq}`, title: `notification ${seq}`, read: false, updatedAt: "2025-01-01T00:00:00Z" },
});
/** The reconnect delay after the n-th failure in a row (0-based): a random half of minDelay · 2^n, capped. */
const band = (n, minDelay = 1000, maxDelay = 30000) => {
  const ceiling = Math.min(maxDelay, minDelay * 2 ** n);
  return [ceiling / 2, ceiling];
};
const after = (url) => new URL(url).searchParams.get("after");

// ---- Server-Sent Events ----

test("SSE: a listener is registered for every kind in the server's connected event, so a new kind (archived) reaches onEvent", async (t) => {
  const { browser, seen } = await start(t, { transports: ["sse"] });
  const source = browser.sources[0];
  assert.ok(source, "an EventSource");
  source.serverSends("connected", { kind: "connected", seq: 5, kinds: ["created", "updated", "retracted", "read", "reset", "archived"] });
  source.serverSends("archived", { kind: "archived", seq: 6, unread: 0, ids: ["n1"] });
  source.serverSends("created", event(7));
  await settle();
  assert.deepEqual(seen.events.map((e) => [e.kind, e.seq]), [["archived", 6], ["created", 7]]);
});

test("SSE: the connected greeting is not handed to onEvent", async (t) => {
  const { browser, seen } = await start(t, { transports: ["sse"] });
  const source = browser.sources[0];
  source.serverSends("connected", { kind: "connected", seq: 5, kinds: ["created", "updated", "retracted", "read", "reset"] });
  await settle();
  assert.deepEqual(seen.events, []);
});

test("SSE: onState reports open after the server's connected event, not at EventSource's own open event", async (t) => {
  const { browser, seen } = await start(t, { transports: ["sse"] });
  const source = browser.sources[0];
  source.browserOpens(); // the headers arrived: the stream may still be a proxy's buffer
  await settle();
  assert.equal(lastState(seen).state, "connecting", "EventSource's own open event is not the server's greeting");
  source.serverSends("connected", { kind: "connected", seq: 5, kinds: ["created", "updated", "retracted", "read", "reset"] });
  await settle();
  assert.equal(lastState(seen).state, "open");
  assert.equal(lastState(seen).transport, "sse");
});

test("SSE: a connected event without kinds still gets the five standard kinds listened to", async (t) => {
  const { browser, seen } = await start(t, { transports: ["sse"] });
  const source = browser.sources[0];
  source.serverSends("connected", { kind: "connected", seq: 5 });
  for (const [seq, kind] of [[6, "created"], [7, "updated"], [8, "retracted"], [9, "read"]]) source.serverSends(kind, event(seq, kind));
  await settle();
  assert.deepEqual(seen.events.map((e) => e.kind), ["created", "updated", "retracted", "read"]);
  assert.ok(source.listeners.has("reset"));
});

test("SSE: a stream refused with 429 (EventSource only sees an error) is retried on SSE after Retry-After, never falling back", async (t) => {
  const { browser, seen } = await start(t, { transports: ["sse", "poll"] }, [
    [(path) => path.startsWith("inbox/sse"), () => refusal(429, 2)],
  ]);
  for (let round = 0; round < 3; round++) {
    // Refused twice in a row: the client asks the server why, and waits as it is told.
    for (let attempt = 0; attempt < 2; attempt++) {
      const source = browser.sources.at(-1);
      source.fails();
      await settle();
      const { retryIn, transport } = lastState(seen);
      assert.equal(transport, "sse", `still on SSE after ${2 * round + attempt + 1} refusals`);
      await browser.clock.tick(retryIn);
    }
    assert.equal(browser.sources.at(-1).readyState, 0, "a new EventSource, connecting");
  }
  assert.equal(browser.sources.length, 7);
  assert.ok(seen.states.some((s) => s.state === "reconnecting" && s.retryIn === 2000), "waited Retry-After: 2 s");
  assert.ok(!browser.paths().some((p) => p.startsWith("inbox/poll")), `never fell back to polling: ${browser.paths()}`);
  assert.ok(seen.states.every((s) => s.transport === "sse"));
});

// ---- WebSocket close codes ----

for (const [code, meaning] of [[4429, "too many connections for this user"], [1013, "server at capacity"]]) {
  for (const opened of [true, false]) {
    const when = opened ? "right after it opens" : "before it opens";
    test(`WebSocket closed ${code} (${meaning}) ${when}: retried on websocket with growing backoff, never falls back`, async (t) => {
      const { browser, seen } = await start(t);
      for (let n = 0; n < 6; n++) {
        const socket = browser.sockets[n];
        assert.ok(socket, `WebSocket #${n + 1} was opened`);
        assert.equal(after(socket.url), "5");
        if (opened) socket.serverOpens();
        socket.serverCloses(code, meaning);
        await settle();
        const { state, retryIn, transport } = lastState(seen);
        assert.equal(state, "reconnecting");
        assert.equal(transport, "websocket");
        const [low, high] = band(n);
        assert.ok(retryIn >= low && retryIn <= high, `retry #${n + 1} waits ${retryIn} ms, in [${low}, ${high}]`);
        await browser.clock.tick(retryIn);
      }
      assert.equal(browser.sockets.length, 7);
      assert.equal(browser.sources.length, 0, "no EventSource: no fallback");
      assert.deepEqual(browser.paths(), ["inbox?limit=50"], "only the listing was fetched: no probe, no other transport");
    });
  }
}

test("WebSocket: a message from the server (not the socket's opening) makes the connection count as healthy and resets the backoff", async (t) => {
  const { browser, seen } = await start(t);
  for (let n = 0; n < 3; n++) {
    browser.sockets[n].serverOpens();
    browser.sockets[n].serverCloses(4429);
    await settle();
    await browser.clock.tick(lastState(seen).retryIn);
  }
  const socket = browser.sockets[3];
  socket.serverOpens();
  socket.serverSends({ kind: "heartbeat" });
  socket.serverCloses(1006);
  await settle();
  const [low, high] = band(0);
  assert.ok(lastState(seen).retryIn >= low && lastState(seen).retryIn <= high, `after a healthy connection the first delay again: ${lastState(seen).retryIn}`);
});

test("WebSocket closed 4408 (too slow): reconnects at once, after the last seq received", async (t) => {
  const { browser, seen } = await start(t);
  const socket = browser.sockets[0];
  socket.serverOpens();
  socket.serverSends(event(6));
  socket.serverSends(event(7));
  socket.serverCloses(4408, "too slow: reconnect with after=<last seq received>");
  await settle();
  assert.equal(lastState(seen).state, "reconnecting");
  assert.equal(lastState(seen).retryIn, 0, "a drop of a working connection, not a failure: no wait");
  await browser.clock.tick(0);
  assert.equal(browser.sockets.length, 2);
  assert.equal(after(browser.sockets[1].url), "7");
  assert.equal(browser.sources.length, 0);
});

test("WebSocket closed 1001 by a stopping server: comes back on websocket after the delay in the reason, from the last seq", async (t) => {
  const { browser, seen } = await start(t);
  const socket = browser.sockets[0];
  socket.serverOpens();
  socket.serverSends(event(6));
  socket.serverCloses(1001, "server stopping; retry: 2500");
  await settle();
  assert.equal(lastState(seen).state, "reconnecting");
  assert.equal(lastState(seen).retryIn, 2500, "the server's own delay for this client, not the backoff");
  await browser.clock.tick(2499);
  assert.equal(browser.sockets.length, 1, "not before the delay");
  await browser.clock.tick(1);
  assert.equal(browser.sockets.length, 2);
  assert.equal(after(browser.sockets[1].url), "6");
  assert.equal(browser.sources.length, 0, "no fallback");
});

test("WebSocket closed 1008 (token expired) with a token function: reconnects at once with a fresh token in the cookie", async (t) => {
  let issued = 0;
  const { browser, seen } = await start(t, { token: () => `token-${++issued}` });
  const socket = browser.sockets[0];
  assert.match(browser.cookies.at(-1), /^access_token=token-\d+;/);
  const before = browser.cookies.at(-1);
  socket.serverOpens();
  socket.serverSends(event(6));
  socket.serverCloses(1008, "token expired: reconnect with a fresh one");
  await settle();
  assert.equal(lastState(seen).retryIn, 0);
  await browser.clock.tick(0);
  assert.equal(browser.sockets.length, 2);
  assert.equal(after(browser.sockets[1].url), "6");
  assert.notEqual(browser.cookies.at(-1), before, "a new token was asked for and set before reconnecting");
  assert.match(browser.cookies.at(-1), new RegExp(`^access_token=token-${issued};`));
});

test("WebSocket closed 1008 (token expired) with a static token: state unauthorized, no reconnect", async (t) => {
  const { browser, seen } = await start(t, { token: "token-1" });
  const socket = browser.sockets[0];
  socket.serverOpens();
  socket.serverSends(event(6));
  socket.serverCloses(1008, "token expired: reconnect with a fresh one");
  await settle();
  assert.equal(lastState(seen).state, "unauthorized");
  await browser.clock.tick(120000);
  assert.equal(browser.sockets.length, 1, "the same expired token would be refused again");
  assert.equal(lastState(seen).state, "unauthorized");
});

test("WebSocket closed 4401 (no valid token): state unauthorized, no reconnect", async (t) => {
  const { browser, seen } = await start(t);
  browser.sockets[0].serverCloses(4401, "not signed in");
  await settle();
  assert.equal(lastState(seen).state, "unauthorized");
  await browser.clock.tick(120000);
  assert.equal(browser.sockets.length, 1);
});

// ---- HTTP refusals: 429 / 503 with Retry-After ----

const refusedRequest = { stream: "inbox/stream", longpoll: "inbox/poll", poll: "inbox/poll" };
for (const [transport, status, next] of [["stream", 429, "poll"], ["stream", 503, "poll"], ["longpoll", 429, "stream"], ["poll", 429, "stream"]]) {
  test(`${transport} answered ${status} with Retry-After: 2: retried on ${transport} after 2 s, never falls back`, async (t) => {
    let refused = 0;
    const { browser, seen } = await start(t, { transports: [transport, next] }, [
      [(path) => path.startsWith(refusedRequest[transport]), () => { refused++; return refusal(status, 2); }],
    ]);
    for (let round = 0; round < 3; round++) {
      const requests = refused;
      assert.equal(lastState(seen).transport, transport, `still on ${transport} after ${round + 1} refusals`);
      assert.equal(lastState(seen).state, "reconnecting");
      assert.equal(lastState(seen).retryIn, 2000, "waits Retry-After");
      await browser.clock.tick(1999);
      assert.equal(refused, requests, "not before Retry-After");
      await browser.clock.tick(1);
      assert.equal(refused, requests + 1, "again after Retry-After");
    }
    assert.ok(seen.states.every((s) => s.transport === transport), `stayed on ${transport}`);
    const other = next === "poll" ? "inbox/poll" : "inbox/stream";
    assert.ok(!browser.paths().some((p) => p.startsWith(other)), `never fell back to ${next}: ${browser.paths()}`);
    assert.ok(!browser.paths().includes("inbox?limit=1"), "no fallback probe");
  });
}

// ---- short polling ----

test("short polling: close() aborts the poll in flight, and no request is sent afterwards", async (t) => {
  let polls = 0;
  let inFlight = null;
  const { browser, client, seen } = await start(t, { transports: ["poll"] }, [
    [(path) => path.startsWith("inbox/poll"), (path, init) => {
      polls++;
      if (polls === 1) return json({ events: [event(6)], more: false });
      inFlight = init.signal;
      return pendingUntilAborted(init.signal);
    }],
  ]);
  assert.equal(lastState(seen).state, "open");
  assert.equal(polls, 1);
  await browser.clock.tick(3000); // pollInterval
  assert.equal(polls, 2);
  assert.ok(inFlight, "the poll carries an AbortSignal");
  assert.equal(inFlight.aborted, false);
  client.close();
  assert.equal(inFlight.aborted, true, "close() aborted the request in flight");
  const sent = browser.requests.length;
  await browser.clock.tick(120000);
  assert.equal(browser.requests.length, sent, "nothing sent after close()");
  assert.equal(lastState(seen).state, "closed");
});

test("short polling: close() while a reset reloads the listing schedules no further poll", async (t) => {
  let listingAnswer = null;
  let listings = 0;
  const { browser, client } = await start(t, { transports: ["poll"] }, [
    [(path) => path.startsWith("inbox/poll"), () => json({ events: [{ kind: "reset", seq: 20 }], more: false })],
    [(path) => path.startsWith("inbox?"), (path) => {
      if (++listings === 1) return json({ notifications: [], unread: 0, seq: 5 });
      return new Promise((resolve) => { listingAnswer = resolve; });
    }],
  ]);
  assert.ok(listingAnswer, "the reset is reloading the listing");
  client.close();
  listingAnswer(json({ notifications: [], unread: 0, seq: 20 }));
  await settle();
  const sent = browser.requests.length;
  await browser.clock.tick(120000);
  assert.equal(browser.requests.length, sent, "nothing sent after close()");
});

// ---- resume ----

test("resume: events at or below the last seq are dropped; each newer one reaches onEvent once, in order", async (t) => {
  const { browser, seen, client } = await start(t);
  assert.equal(seen.listings.length, 1);
  const socket = browser.sockets[0];
  assert.equal(after(socket.url), "5", "asks for the events after the listing's seq");
  socket.serverOpens();
  for (const e of [event(4), event(5), event(6), event(6), { kind: "heartbeat" }, event(7), event(5)]) socket.serverSends(e);
  await settle();
  assert.deepEqual(seen.events.map((e) => e.seq), [6, 7]);
  assert.equal(client.seq, 7);
  await browser.clock.tick(250);
  assert.deepEqual(socket.sent, [{ type: "ack", seq: 7 }], "acknowledged on the socket");
});

test("resume: a reconnect after a drop asks for the events after the last seq, and replayed ones are not repeated", async (t) => {
  const { browser, seen } = await start(t);
  const first = browser.sockets[0];
  first.serverOpens();
  first.serverSends(event(6));
  first.serverSends(event(7));
  first.serverCloses(1006);
  await settle();
  await browser.clock.tick(lastState(seen).retryIn);
  const second = browser.sockets[1];
  assert.equal(after(second.url), "7");
  second.serverOpens();
  second.serverSends(event(7)); // at least once: a replay
  second.serverSends(event(8));
  await settle();
  assert.deepEqual(seen.events.map((e) => e.seq), [6, 7, 8]);
});

test("resume: a reset reloads the listing (onInbox again) and the client follows from the reset's seq", async (t) => {
  const { browser, seen, client } = await start(t);
  const socket = browser.sockets[0];
  socket.serverOpens();
  socket.serverSends(event(6));
  await settle();
  browser.listing = { notifications: [event(20).notification], unread: 1, seq: 20 };
  socket.serverSends({ kind: "reset", seq: 20 });
  await settle();
  assert.equal(seen.listings.length, 2, "the listing was loaded again");
  assert.equal(seen.listings[1].seq, 20);
  assert.equal(client.seq, 20);
  socket.serverSends(event(20));
  socket.serverSends(event(21));
  await settle();
  assert.deepEqual(seen.events.map((e) => e.seq), [6, 21], "the reset itself is not an event; 20 is in the listing");
  socket.serverCloses(1006);
  await settle();
  await browser.clock.tick(lastState(seen).retryIn);
  assert.equal(after(browser.sockets[1].url), "21");
});

test("resume: a cursor the server refuses (close 4400) starts over from the listing, and the client follows from its seq", async (t) => {
  const { browser, seen } = await start(t);
  const socket = browser.sockets[0];
  socket.serverOpens();
  socket.serverSends(event(6));
  await settle();
  browser.listing = { notifications: [], unread: 0, seq: 2 }; // a new database, say
  socket.serverCloses(4400, "cursor ahead of the log");
  await settle();
  await browser.clock.tick(1000); // the first backoff, at most
  assert.equal(seen.listings.length, 2, "the listing was loaded again");
  assert.equal(after(browser.sockets[1].url), "2", "from the new listing's seq, not from 6");
  browser.sockets[1].serverOpens();
  browser.sockets[1].serverSends(event(3));
  await settle();
  assert.deepEqual(seen.events.map((e) => e.seq), [6, 3]);
});

test("resume: with `after`, no listing is loaded; the first connection asks for the events after it", async (t) => {
  const { browser, seen, client } = await start(t, { after: 40 });
  assert.deepEqual(browser.paths(), []);
  assert.equal(seen.listings.length, 0);
  assert.equal(after(browser.sockets[0].url), "40");
  assert.equal(client.seq, 40);
});

// ---- acknowledgements, marking read ----

test("ack: on a transport without a socket of its own, POST /api/v1/inbox/ack with the highest seq received", async (t) => {
  let polls = 0;
  const { browser } = await start(t, { transports: ["poll"] }, [
    [(path) => path.startsWith("inbox/poll"), () => json({ events: ++polls === 1 ? [event(6), event(7)] : [], more: false })],
  ]);
  await browser.clock.tick(250);
  const acks = browser.requests.filter((r) => r.path === "inbox/ack");
  assert.equal(acks.length, 1);
  assert.equal(acks[0].init.method, "POST");
  assert.deepEqual(JSON.parse(acks[0].init.body), { seq: 7 });
  assert.equal(acks[0].init.headers.Authorization, "Bearer token-1");
});

test("ack: close() right after an event cancels its acknowledgement: nothing is sent after close()", async (t) => {
  const { browser, client } = await start(t, { transports: ["poll"] }, [
    [(path) => path.startsWith("inbox/poll"), () => json({ events: [event(6)], more: false })],
  ]);
  client.close();
  const sent = browser.requests.length;
  assert.equal(browser.clock.pending, 0, "no timer left behind");
  await browser.clock.tick(10000);
  assert.equal(browser.requests.length, sent);
  assert.ok(!browser.paths().includes("inbox/ack"));
});

test("ack: `ack: false` sends none", async (t) => {
  const { browser } = await start(t, { transports: ["poll"], ack: false }, [
    [(path) => path.startsWith("inbox/poll"), () => json({ events: [event(6)], more: false })],
  ]);
  await browser.clock.tick(10000);
  assert.ok(!browser.paths().includes("inbox/ack"));
});

test("markRead and markAllRead POST /api/v1/inbox/read and answer the server's JSON", async (t) => {
  const { browser, client } = await start(t, {}, [
    [(path) => path === "inbox/read", (path, init) => json({ read: JSON.parse(init.body).ids ?? ["n6", "n7"], unread: 0, seq: 9 })],
  ]);
  assert.deepEqual(await client.markRead(["n6"]), { read: ["n6"], unread: 0, seq: 9 });
  assert.deepEqual(await client.markAllRead(), { read: ["n6", "n7"], unread: 0, seq: 9 });
  const bodies = browser.requests.filter((r) => r.path === "inbox/read").map((r) => JSON.parse(r.init.body));
  assert.deepEqual(bodies, [{ ids: ["n6"] }, { all: true }]);
});

// ---- connect() itself ----

test("connect: without a token, or with no or an unknown transport, a TypeError and nothing sent", async (t) => {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  const { connect } = await import(TIDINGS);
  assert.throws(() => connect(), TypeError);
  assert.throws(() => connect({ base: BASE }), /needs a token/);
  assert.throws(() => connect({ base: BASE, token: "t", transports: [] }), TypeError);
  assert.throws(() => connect({ base: BASE, token: "t", transports: ["websocket", "pigeon"] }), /transports must be some of websocket, sse, stream, longpoll, poll; got websocket, pigeon/);
  await settle();
  assert.deepEqual(browser.requests, []);
  assert.deepEqual(browser.sockets, []);
});

test("connect: without `base`, Tidings is where the package is served from: the folder above tidings/", async (t) => {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  const { connect } = await import(TIDINGS);
  const client = connect({ token: "t", transports: ["poll"] });
  t.after(() => client.close());
  await settle();
  assert.equal(browser.requests[0].url, new URL("../api/v1/inbox?limit=50", PACKAGE).href);
});

test("connect: two clients on one page keep their own state (cursor, transport, timers); closing one leaves the other", async (t) => {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  const { connect } = await import(TIDINGS);
  const events = { a: [], b: [] };
  const a = connect({ base: BASE, token: "a", onEvent: (e) => events.a.push(e.seq) });
  const b = connect({ base: BASE, token: "b", after: 100, transports: ["sse"], onEvent: (e) => events.b.push(e.seq) });
  t.after(() => { a.close(); b.close(); });
  await settle();
  const [socket] = browser.sockets;
  const [source] = browser.sources;
  socket.serverOpens();
  socket.serverSends(event(6));
  source.serverSends("connected", { kind: "connected", seq: 100 });
  source.serverSends("created", event(101));
  await settle();
  assert.equal(a.seq, 6);
  assert.equal(b.seq, 101);
  assert.equal(a.transport, "websocket");
  assert.equal(b.transport, "sse");
  a.close();
  source.serverSends("created", event(102));
  socket.serverSends(event(7)); // a's socket: closed, its handlers gone
  await settle();
  assert.deepEqual(events, { a: [6], b: [101, 102] });
  assert.equal(b.state, "open");
  assert.equal(a.state, "closed");
});
