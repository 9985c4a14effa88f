// What the tests of the two polling transports share: polls the test answers, a poll's answer, and
// the rule both follow for failures (a refused first poll is a failure to connect, a failure after
// an answer is a drop).
import assert from "node:assert/strict";
import { fakeBrowser, holdRequest, json, refusal, settle } from "./browser.mjs";
import { fakeContext } from "./context.mjs";

/** A fake browser whose requests to paths that `matches` wait for the test: `browser.held`, in order. */
export function heldPolls(t, matches) {
  const browser = fakeBrowser();
  browser.held = [];
  browser.routes.push([matches, (path, init) => {
    const { held, promise } = holdRequest(path, init.signal);
    browser.held.push(held);
    return promise;
  }]);
  t.after(() => browser.restore());
  return browser;
}

/** A poll's answer carrying `events`, its cursor the last one's seq. */
export const pollAnswer = (events, extra = {}) =>
  json({ events, cursor: events.at(-1)?.seq ?? 0, unread: 0, more: false, ...extra });

/**
 * A refused first poll ends the transport as a failure to connect, with the refusal's status and
 * Retry-After; a failure after an answer ends it as a drop. `afterAnswer` lets time pass before the failure.
 */
export async function refusedFirstThenDropped(browser, open, { status, retryAfter, afterAnswer = settle }) {
  {
    const { context, seen } = fakeContext();
    await context.start(open);
    browser.held.at(-1).answer(refusal(status, retryAfter));
    await settle();
    assert.equal(seen.endings.length, 1);
    assert.equal(seen.endings[0].everWorked, false);
    assert.equal(seen.endings[0].error.status, status);
    assert.equal(seen.endings[0].error.retryAfter, retryAfter);
  }
  {
    const { context, seen } = fakeContext();
    await context.start(open);
    browser.held.at(-1).answer(pollAnswer([]));
    await afterAnswer();
    browser.held.at(-1).drop();
    await settle();
    assert.equal(seen.endings.length, 1);
    assert.equal(seen.endings[0].everWorked, true);
  }
}
