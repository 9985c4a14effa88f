// ack.js: acknowledgements gathered over 250 ms, sent once each, repeated when they did not arrive.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fakeBrowser, settle } from "./browser.mjs";
import { createAcks } from "../../main/webapp/tidings/ack.js";

function acksFor(t, { enabled = true, answer = () => true } = {}) {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  const state = { seq: 5, sent: [] };
  const acks = createAcks({
    enabled,
    seq: () => state.seq,
    send: (upTo) => {
      state.sent.push(upTo);
      return answer(upTo);
    },
  });
  return { browser, acks, state };
}

test("ack: everything received within 250 ms goes in one acknowledgement, of the highest seq then", async (t) => {
  const { browser, acks, state } = acksFor(t);
  for (const seq of [6, 7, 8]) {
    state.seq = seq;
    acks.schedule();
    await browser.clock.tick(50);
  }
  assert.deepEqual(state.sent, []);
  await browser.clock.tick(100);
  assert.deepEqual(state.sent, [8]);
});

test("ack: at most one every 250 ms, however fast events come", async (t) => {
  const { browser, acks, state } = acksFor(t);
  for (let seq = 6; seq <= 25; seq++) { // one event every 50 ms for a second
    state.seq = seq;
    acks.schedule();
    await browser.clock.tick(50);
  }
  await browser.clock.tick(250);
  assert.deepEqual(state.sent, [10, 15, 20, 25]);
});

test("ack: what was acknowledged is not acknowledged again", async (t) => {
  const { browser, acks, state } = acksFor(t);
  state.seq = 6;
  acks.schedule();
  await browser.clock.tick(250);
  acks.schedule(); // nothing new since
  await browser.clock.tick(250);
  assert.deepEqual(state.sent, [6]);
});

test("ack: one that did not arrive (false, or a rejection) is repeated with the next", async (t) => {
  const answers = [() => false, () => Promise.reject(new Error("offline")), () => true];
  const { browser, acks, state } = acksFor(t, { answer: () => answers.shift()() });
  state.seq = 6;
  acks.schedule();
  await browser.clock.tick(250); // answered false
  acks.schedule();
  await browser.clock.tick(250); // rejected
  acks.schedule();
  await browser.clock.tick(250); // arrived
  acks.schedule();
  await browser.clock.tick(250);
  assert.deepEqual(state.sent, [6, 6, 6]);
});

test("ack: reset() (the cursor starts over from a listing) makes a lower seq worth acknowledging again", async (t) => {
  const { browser, acks, state } = acksFor(t);
  state.seq = 9;
  acks.schedule();
  await browser.clock.tick(250);
  acks.reset();
  state.seq = 3;
  acks.schedule();
  await browser.clock.tick(250);
  assert.deepEqual(state.sent, [9, 3]);
});

test("ack: none while the cursor is unknown, none when disabled, none after stop() (even one already scheduled)", async (t) => {
  {
    const { browser, acks, state } = acksFor(t);
    state.seq = null;
    acks.schedule();
    await browser.clock.tick(250);
    assert.deepEqual(state.sent, []);
  }
  {
    const { browser, acks, state } = acksFor(t, { enabled: false });
    state.seq = 6;
    acks.schedule();
    await browser.clock.tick(250);
    assert.deepEqual(state.sent, []);
  }
  {
    const { browser, acks, state } = acksFor(t);
    state.seq = 6;
    acks.schedule();
    acks.stop();
    await browser.clock.tick(1000);
    acks.schedule();
    await browser.clock.tick(1000);
    await settle();
    assert.deepEqual(state.sent, []);
  }
});
