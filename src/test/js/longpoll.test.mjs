// transports/longpoll.js alone, against a fake fetch the test answers: one short poll first, then
// long polls from the cursor as it moves, `more`, a stopping server's `retry`, failures, stop().
import { test } from "node:test";
import assert from "node:assert/strict";
import { settle } from "./browser.mjs";
import { event, fakeContext } from "./context.mjs";
import { heldPolls, pollAnswer, refusedFirstThenDropped } from "./polling.mjs";
import { openLongPoll } from "../../main/webapp/tidings/transports/longpoll.js";

const browserFor = (t) => heldPolls(t, (path) => /^inbox\/(long)?poll\?/.test(path));
const answer = pollAnswer;

test("longpoll: a short poll first (open and healthy at its answer), then long polls, each after the cursor as it is then", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext({ seq: 5 });
  await context.start(openLongPoll);
  assert.deepEqual(browser.held.map((h) => h.path), ["inbox/poll?after=5"]);
  assert.equal(browser.requests[0].init.headers.Authorization, "Bearer token-1");
  assert.deepEqual(seen.reports, [], "not open before the server answered");
  browser.held[0].answer(answer([event(6), event(7)]));
  await settle();
  assert.deepEqual(seen.reports, [{ state: "open" }]);
  assert.equal(seen.healthy, 1);
  assert.deepEqual(browser.held.map((h) => h.path), ["inbox/poll?after=5", "inbox/longpoll?after=7"]);
  browser.held[1].answer(answer([event(8)]));
  await settle();
  browser.held[2].answer(answer([]));
  await settle();
  assert.deepEqual(browser.held.map((h) => h.path).slice(2), ["inbox/longpoll?after=8", "inbox/longpoll?after=8"]);
  assert.deepEqual(seen.received.map((e) => e.seq), [6, 7, 8]);
  assert.deepEqual(seen.reports, [{ state: "open" }], "open once");
  assert.equal(seen.healthy, 1, "healthy once");
});

test("longpoll: `more` (a backlog larger than one answer) polls again at once instead of holding", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext({ seq: 5 });
  await context.start(openLongPoll);
  browser.held[0].answer(answer([event(6)], { more: true }));
  await settle();
  browser.held[1].answer(answer([event(7)], { more: false }));
  await settle();
  assert.deepEqual(browser.held.map((h) => h.path), ["inbox/poll?after=5", "inbox/poll?after=6", "inbox/longpoll?after=7"]);
});

test("longpoll: an answer with `retry` (the server is stopping) ends the connection with that delay, after its events", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openLongPoll);
  browser.held[0].answer(answer([]));
  await settle();
  browser.held[1].answer(answer([event(6)], { retry: 1800 }));
  await settle();
  assert.deepEqual(seen.received.map((e) => e.seq), [6]);
  assert.equal(seen.endings.length, 1);
  assert.equal(seen.endings[0].everWorked, true);
  assert.equal(seen.endings[0].error.stopping, 1800);
  assert.equal(browser.held.length, 2, "no poll after it");
});

test("longpoll: a refused first poll is a failure to connect with the status and Retry-After; a failure after an answer is a drop", async (t) => {
  const browser = browserFor(t);
  await refusedFirstThenDropped(browser, openLongPoll, { status: 503, retryAfter: 4 });
});

test("longpoll: stop() aborts the held long poll, and no request follows", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  const connection = await context.start(openLongPoll);
  browser.held[0].answer(answer([]));
  await settle();
  const held = browser.requests.at(-1).init.signal;
  context.replace();
  connection.stop();
  await settle();
  assert.equal(held.aborted, true);
  await browser.clock.tick(120000);
  assert.equal(browser.held.length, 2);
  assert.deepEqual(seen.endings, []);
});

test("longpoll: a connection no longer in use (replaced while its answer was on the way) polls no more", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext();
  await context.start(openLongPoll);
  context.replace();
  browser.held[0].answer(answer([event(6)]));
  await settle();
  assert.equal(browser.held.length, 1);
});
