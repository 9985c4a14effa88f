// server.js and ending.js: the API's URLs, the token on every request (a token function asked
// each time), the cookie for EventSource and WebSocket, probes, and an error answer as an error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BASE, fakeBrowser, json, pendingUntilAborted, refusal, settle } from "./browser.mjs";
import { createServer } from "../../main/webapp/tidings/server.js";
import { failure, stoppingHint } from "../../main/webapp/tidings/ending.js";

function browserFor(t) {
  const browser = fakeBrowser();
  t.after(() => browser.restore());
  return browser;
}

test("server: API paths under the base's api/v1/, whatever the context root", () => {
  assert.equal(createServer(new URL(BASE), "t").api("inbox?limit=5").href, "http://tidings.test/api/v1/inbox?limit=5");
  assert.equal(createServer(new URL("https://example.com/social/tidings/"), "t").api("inbox/ws?after=1").href,
    "https://example.com/social/tidings/api/v1/inbox/ws?after=1");
});

test("server: every request carries the token, fresh from a token function each time, is never cached, and JSON bodies say so", async (t) => {
  const browser = browserFor(t);
  let issued = 0;
  const server = createServer(new URL(BASE), async () => `token-${++issued}`);
  assert.equal(server.refreshesTokens, true);
  await server.request("inbox?limit=1");
  await server.request("inbox/ack", { method: "POST", body: "{\"seq\":6}", headers: { Accept: "application/json" } });
  const [first, second] = browser.requests;
  assert.equal(first.init.headers.Authorization, "Bearer token-1");
  assert.equal(first.init.cache, "no-store");
  assert.equal(first.init.headers["Content-Type"], undefined, "no body, no Content-Type");
  assert.equal(second.init.headers.Authorization, "Bearer token-2");
  assert.equal(second.init.headers["Content-Type"], "application/json");
  assert.equal(second.init.headers.Accept, "application/json");
  assert.equal(createServer(new URL(BASE), "fixed").refreshesTokens, false);
});

test("server: json() answers the body of a 2xx, and throws the status, Retry-After and detail of anything else", async (t) => {
  const browser = browserFor(t);
  browser.routes.push([(path) => path === "inbox/read", () => refusal(503, 4)]);
  const server = createServer(new URL(BASE), "t");
  assert.deepEqual(await server.json("inbox?limit=50"), browser.listing);
  const error = await server.json("inbox/read", { method: "POST", body: "{}" }).then(() => null, (e) => e);
  assert.equal(error.status, 503);
  assert.equal(error.retryAfter, 4);
  assert.equal(error.message, "503 Service Unavailable: retry later");
});

test("ending: failure() of an answer that is not problem+json keeps the status text; no Retry-After is 0", async () => {
  const error = await failure(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
  assert.equal(error.message, "502 Bad Gateway");
  assert.equal(error.status, 502);
  assert.equal(error.retryAfter, 0);
});

test("ending: stoppingHint() takes a whole number of milliseconds, as a number or text, and nothing else", () => {
  assert.deepEqual(stoppingHint(2500), { stopping: 2500 });
  assert.deepEqual(stoppingHint("2500"), { stopping: 2500 });
  assert.deepEqual(stoppingHint(0), { stopping: 0 });
  for (const bad of [undefined, null, "", " ", -1, 1.5, "soon", {}]) assert.deepEqual(stoppingHint(bad), {}, JSON.stringify(bad));
});

test("server: the cookie holds the token (URL-encoded) for the inbox's path only, SameSite=Strict, Secure on https", async (t) => {
  const browser = browserFor(t);
  await createServer(new URL("http://example.com/social/tidings/"), "a b;c").setCookie();
  await createServer(new URL("https://example.com/"), async () => "fresh").setCookie();
  assert.deepEqual(browser.cookies, [
    "access_token=a%20b%3Bc; path=/social/tidings/api/v1/inbox/; SameSite=Strict",
    "access_token=fresh; path=/api/v1/inbox/; SameSite=Strict; Secure",
  ]);
});

test("server: probe() answers the status and Retry-After, headers only (the request is aborted after), 0 when unreachable or too slow", async (t) => {
  const browser = browserFor(t);
  browser.routes.push(
    [(path) => path.startsWith("inbox/sse"), () => refusal(429, 2)],
    [(path) => path === "down", () => Promise.reject(new TypeError("Failed to fetch"))],
    [(path) => path === "slow", (path, init) => pendingUntilAborted(init.signal)],
  );
  const server = createServer(new URL(BASE), "t");
  assert.deepEqual(await server.probe("inbox/sse?after=5", "text/event-stream", 1000), { status: 429, retryAfter: 2 });
  assert.equal(browser.requests[0].init.headers.Accept, "text/event-stream");
  assert.equal(browser.requests[0].init.signal.aborted, true, "the body is never read");
  assert.deepEqual(await server.probe("inbox?limit=1", "application/json", 1000), { status: 200, retryAfter: 0 });
  assert.deepEqual(await server.probe("down", "application/json", 1000), { status: 0, retryAfter: 0 });
  const slow = server.probe("slow", "application/json", 1000);
  await browser.clock.tick(999);
  let answered = null;
  slow.then((a) => { answered = a; });
  await settle();
  assert.equal(answered, null, "still waiting");
  await browser.clock.tick(1);
  assert.deepEqual(answered, { status: 0, retryAfter: 0 });
});
