// transports/poll.js alone, against a fake fetch the test answers: a poll at once, then every
// pollInterval from the cursor as it moves, at once while `more`, failures, and stop() in flight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { settle } from "./browser.mjs";
import { event, fakeContext } from "./context.mjs";
import { heldPolls, pollAnswer, refusedFirstThenDropped } from "./polling.mjs";
import { openPoll } from "../../main/webapp/tidings/transports/poll.js";

const browserFor = (t) => heldPolls(t, (path) => path.startsWith("inbox/poll?"));
const answer = pollAnswer;

test("poll: polls at once, then pollInterval after each answer, each after the cursor as it is then", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext({ seq: 5, options: { pollInterval: 3000 } });
  await context.start(openPoll);
  assert.deepEqual(browser.held.map((h) => h.path), ["inbox/poll?after=5"]);
  browser.held[0].answer(answer([event(6), event(7)]));
  await settle();
  assert.deepEqual(seen.reports, [{ state: "open" }]);
  assert.equal(seen.healthy, 1);
  await browser.clock.tick(2999);
  assert.equal(browser.held.length, 1, "not before pollInterval");
  await browser.clock.tick(1);
  assert.deepEqual(browser.held.map((h) => h.path), ["inbox/poll?after=5", "inbox/poll?after=7"]);
  browser.held[1].answer(answer([]));
  await browser.clock.tick(3000);
  assert.deepEqual(browser.held.map((h) => h.path).at(-1), "inbox/poll?after=7");
  assert.equal(browser.held.length, 3);
  assert.deepEqual(seen.received.map((e) => e.seq), [6, 7]);
  assert.equal(seen.healthy, 1, "healthy once");
});

test("poll: while the server says `more`, the next poll goes at once", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext({ seq: 5 });
  await context.start(openPoll);
  browser.held[0].answer(answer([event(6)], { more: true }));
  await browser.clock.tick(0);
  assert.deepEqual(browser.held.map((h) => h.path), ["inbox/poll?after=5", "inbox/poll?after=6"]);
});

test("poll: a refused first poll is a failure to connect with status and Retry-After; a failure after an answer is a drop", async (t) => {
  const browser = browserFor(t);
  await refusedFirstThenDropped(browser, openPoll, { status: 429, retryAfter: 3, afterAnswer: () => browser.clock.tick(3000) });
});

test("poll: stop() aborts the poll in flight, and no poll is sent after it", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext();
  const connection = await context.start(openPoll);
  const inFlight = browser.requests[0].init.signal;
  context.replace();
  connection.stop();
  assert.equal(inFlight.aborted, true);
  await browser.clock.tick(120000);
  assert.equal(browser.held.length, 1);
});

test("poll: stop() between polls cancels the next one", async (t) => {
  const browser = browserFor(t);
  const { context } = fakeContext();
  const connection = await context.start(openPoll);
  browser.held[0].answer(answer([]));
  await settle();
  context.replace();
  connection.stop();
  assert.equal(browser.clock.pending, 0, "the next poll's timer is cleared");
  await browser.clock.tick(120000);
  assert.equal(browser.requests.length, 1);
});

test("poll: a connection replaced while its answer was on the way (a reset reloading the listing, say) schedules no poll", async (t) => {
  const browser = browserFor(t);
  const { context, seen } = fakeContext();
  await context.start(openPoll);
  context.replace();
  browser.held[0].answer(answer([event(6)]));
  await browser.clock.tick(120000);
  assert.equal(browser.held.length, 1);
  assert.deepEqual(seen.received, [], "its answer is not handed on either");
});
