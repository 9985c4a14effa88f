// cursor.js: the resume cursor, alone (a table of messages and what becomes of them), then through
// connect() on every transport: resume from the last seq after a drop, duplicates dropped, a reset
// starts over from the listing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, TIDINGS, fakeBrowser, settle } from "./browser.mjs";
import { event } from "./context.mjs";
import { liveServer } from "./live.mjs";
import { createCursor } from "../../main/webapp/tidings/cursor.js";

// ---- the cursor alone ----

test("cursor: unknown (null) until a listing gives it a seq, unless the app passes `after`", () => {
  assert.equal(createCursor().seq, null);
  assert.equal(createCursor(undefined).seq, null);
  assert.equal(createCursor("7").seq, null, "a seq is a whole number");
  assert.equal(createCursor(0).seq, 0);
  assert.equal(createCursor(12).seq, 12);
  const cursor = createCursor();
  cursor.listed({ seq: 9 });
  assert.equal(cursor.seq, 9);
});

test("cursor: a listing never moves it back (events may have arrived while it loaded)", () => {
  const cursor = createCursor(12);
  cursor.listed({ seq: 9 });
  assert.equal(cursor.seq, 12);
  cursor.listed({ seq: 15 });
  assert.equal(cursor.seq, 15);
});

const MESSAGES = [
  // [what, message, the verdict, the cursor after it (from 5)]
  ["the next event", event(6), "new", 6],
  ["a later event", event(9), "new", 9], // taken as it comes: the server's seq is gap-free per user
  ["the event at the cursor", event(5), "duplicate", 5],
  ["an older event", event(4), "duplicate", 5],
  ["an event without seq", { kind: "created", unread: 1 }, "duplicate", 5],
  ["a seq as a string", { kind: "created", seq: "6" }, "duplicate", 5],
  ["a fractional seq", { kind: "created", seq: 6.5 }, "duplicate", 5],
  ["a reset ahead", { kind: "reset", seq: 20 }, "reset", 20],
  ["a reset behind", { kind: "reset", seq: 3 }, "reset", 5],
  ["the server's error", { kind: "error", detail: "bad ack" }, "error", 5],
  ["a heartbeat", { kind: "heartbeat" }, "control", 5],
  ["SSE's greeting", { kind: "connected", seq: 99, kinds: [] }, "control", 5],
  ["an open", { kind: "open" }, "control", 5],
  ["an ack's answer", { kind: "ok", seq: 99 }, "control", 5],
  ["a stopping server's last line", { kind: "stopping", retry: 2500 }, "control", 5],
  ["null", null, "control", 5],
  ["a string", "created", "control", 5],
];
for (const [what, message, verdict, seq] of MESSAGES) {
  test(`cursor at 5: ${what} is ${verdict}, the cursor then ${seq}`, () => {
    const cursor = createCursor(5);
    assert.equal(cursor.take(message), verdict);
    assert.equal(cursor.seq, seq);
  });
}

test("cursor: each seq is new once, in any order of arrival; forget() makes it unknown again", () => {
  const cursor = createCursor(5);
  const verdicts = [6, 7, 6, 8, 7, 5, 9].map((seq) => cursor.take(event(seq)));
  assert.deepEqual(verdicts, ["new", "new", "duplicate", "new", "duplicate", "duplicate", "new"]);
  assert.equal(cursor.seq, 9);
  cursor.forget();
  assert.equal(cursor.seq, null);
  cursor.listed({ seq: 2 });
  assert.equal(cursor.seq, 2, "from the new listing, even if lower");
});

// ---- through connect(), on every transport ----

async function start(t, transport) {
  const browser = fakeBrowser();
  const live = liveServer(browser, transport);
  const { connect } = await import(TIDINGS);
  const seen = { events: [], listings: [], states: [] };
  const client = connect({
    base: BASE, token: "token-1", transports: [transport],
    onEvent: (e) => seen.events.push(e), onInbox: (l) => seen.listings.push(l), onState: (s) => seen.states.push(s),
  });
  t.after(() => {
    client.close();
    browser.restore();
  });
  await settle();
  return { browser, live, client, seen };
}

for (const transport of ["websocket", "sse", "stream", "longpoll", "poll"]) {
  test(`resume on ${transport}: from the listing's seq, then after a drop from the last seq; replays and old events are dropped`, async (t) => {
    const { browser, live, client, seen } = await start(t, transport);
    assert.equal(live.lastAfter(), "5", "the listing's seq");
    await live.open();
    await live.send([event(4), event(5), event(6), event(6), { kind: "heartbeat" }, event(7)]);
    assert.deepEqual(seen.events.map((e) => e.seq), [6, 7]);
    await live.drop();
    assert.equal(seen.states.at(-1).state, "reconnecting");
    await browser.clock.tick(seen.states.at(-1).retryIn);
    assert.equal(live.lastAfter(), "7", "resumes after the last seq received");
    assert.equal(seen.listings.length, 1, "no listing again: the cursor is enough");
    await live.open();
    await live.send([event(7), event(8)]); // at least once: the server may replay
    assert.deepEqual(seen.events.map((e) => e.seq), [6, 7, 8]);
    assert.equal(client.seq, 8);
    assert.ok(seen.states.every((s) => s.transport === transport));
  });

  test(`reset on ${transport}: the listing is loaded again, the reset is no event, and the client follows from its seq`, async (t) => {
    const { browser, live, client, seen } = await start(t, transport);
    await live.open();
    await live.send([event(6)]);
    browser.listing = { notifications: [event(20).notification], unread: 1, seq: 20 };
    await live.send([{ kind: "reset", seq: 20 }]);
    assert.equal(seen.listings.length, 2, "onInbox again");
    assert.equal(seen.listings[1].seq, 20);
    assert.equal(client.seq, 20);
    await live.send([event(20), event(21)]);
    assert.deepEqual(seen.events.map((e) => e.seq), [6, 21], "20 is in the listing");
    await live.drop();
    await browser.clock.tick(seen.states.at(-1).retryIn);
    assert.equal(live.lastAfter(), "21");
  });
}
