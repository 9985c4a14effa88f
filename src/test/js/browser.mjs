// A fake browser for tidings.js under Node's test runner: no dependencies, nothing on the network.
//
//   const browser = fakeBrowser();        // installs the globals; browser.restore() takes them away
//   const { connect } = await import(TIDINGS);
//
// It gives tidings.js what it takes from a page (document, fetch, WebSocket, EventSource) and a
// clock of its own: setTimeout and clearTimeout are replaced, and time moves only when a test
// calls `await browser.clock.tick(ms)`. That works the same on every Node version with a test
// runner (node:test's mock.timers changed its API between 18 and 20, and is still experimental).

/** The URL of the module under test, for a dynamic import() after fakeBrowser() installed the globals. */
export const TIDINGS = new URL("../../main/webapp/tidings.js", import.meta.url).href;

/** The package folder of the client (@tidings/client), whose parts the unit tests import. */
export const PACKAGE = new URL("../../main/webapp/tidings/", import.meta.url);

export const BASE = "http://tidings.test/";

/** Lets every pending promise, fetch body and callback run (setImmediate is real: it is not faked). */
export async function settle(rounds = 10) {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A clock that moves only when told: setTimeout callbacks run in time order during tick(). */
export class Clock {
  now = 0;
  #timers = new Map();
  #nextId = 1;

  setTimeout = (callback, delay = 0, ...args) => {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now + Math.max(0, Number(delay) || 0), callback, args });
    return id;
  };

  clearTimeout = (id) => {
    this.#timers.delete(id);
  };

  /** How many timers are set and not yet due or cleared. */
  get pending() {
    return this.#timers.size;
  }

  /** Moves time on by `ms`, running each timer that falls due, and what it sets off, in order. */
  async tick(ms = 0) {
    const end = this.now + ms;
    for (;;) {
      await settle();
      let dueId = null;
      for (const [id, timer] of this.#timers) {
        if (timer.at <= end && (dueId === null || timer.at < this.#timers.get(dueId).at)) dueId = id;
      }
      if (dueId === null) break;
      const timer = this.#timers.get(dueId);
      this.#timers.delete(dueId);
      this.now = timer.at;
      timer.callback(...timer.args);
    }
    this.now = end;
    await settle();
  }
}

/** A JSON response, as a server would answer. */
export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json", ...headers },
  });
}

/** A refusal with Retry-After, as Tidings answers when a user holds too many connections (429) or it is full (503). */
export function refusal(status, retryAfterSeconds) {
  const title = status === 429 ? "Too Many Requests" : "Service Unavailable";
  return json({ status, title, detail: `${title}: retry later` }, status, { "Retry-After": String(retryAfterSeconds) });
}

/**
 * A response whose body the test writes: `push(text)` sends a chunk, `end()` ends the body, `fail()`
 * breaks it (a dropped connection). Aborting the request's signal errors the body, as fetch does.
 */
export function streamingResponse(signal, status = 200) {
  let controller;
  const body = new ReadableStream({ start: (c) => { controller = c; } });
  const encoder = new TextEncoder();
  let open = true;
  const fail = (error) => {
    if (!open) return;
    open = false;
    controller.error(error);
  };
  signal?.addEventListener("abort", () => fail(new DOMException("The operation was aborted.", "AbortError")));
  return {
    response: new Response(body, { status, headers: { "Content-Type": "application/x-ndjson" } }),
    push(text) {
      if (open) controller.enqueue(encoder.encode(text));
    },
    end() {
      if (!open) return;
      open = false;
      controller.close();
    },
    fail: () => fail(new TypeError("network error")),
    get open() {
      return open;
    },
  };
}

/**
 * A request the test answers later: `held.answer(response)`, or `held.drop()` (a network error);
 * aborting the request's signal rejects it, as fetch does. `held.path` is what was asked.
 */
export function holdRequest(path, signal) {
  const held = { path, settled: false };
  const promise = new Promise((resolve, reject) => {
    held.answer = (response) => {
      held.settled = true;
      resolve(response);
    };
    held.drop = () => {
      held.settled = true;
      reject(new TypeError("Failed to fetch"));
    };
    signal?.addEventListener("abort", () => {
      held.settled = true;
      reject(new DOMException("The operation was aborted.", "AbortError"));
    });
  });
  return { held, promise };
}

/** A response that never comes: the promise rejects when the request's signal aborts (like fetch). */
export function pendingUntilAborted(signal) {
  return new Promise((_, reject) => {
    signal?.addEventListener("abort", () => reject(new DOMException("The operation was aborted.", "AbortError")));
  });
}

/**
 * Installs the fake browser on globalThis. Fetch answers through `browser.routes`: a list of
 * [test(url), answer(url, init)] tried in order (first match wins); a listing and acks are
 * answered by default, anything else is a 404 (and is recorded, as every request is).
 */
export function fakeBrowser() {
  const clock = new Clock();
  const saved = {};
  for (const name of ["document", "fetch", "WebSocket", "EventSource", "setTimeout", "clearTimeout", "MessageEvent"]) {
    saved[name] = Object.getOwnPropertyDescriptor(globalThis, name);
  }

  const browser = {
    clock,
    /** Every fetch: {url, init, path} where path is the part after /api/v1/. */
    requests: [],
    /** Every document.cookie assignment, in order. */
    cookies: [],
    /** Every WebSocket and EventSource constructed, in order. */
    sockets: [],
    sources: [],
    listing: { notifications: [], unread: 0, seq: 5 },
    routes: [],
    /** The paths (after /api/v1/) of the requests so far. */
    paths() {
      return browser.requests.map((r) => r.path);
    },
    restore() {
      for (const [name, descriptor] of Object.entries(saved)) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete globalThis[name];
      }
    },
  };

  const defaultRoutes = [
    [(path) => path.startsWith("inbox?"), () => json(browser.listing)],
    [(path) => path === "inbox/ack", () => new Response(null, { status: 204 })],
  ];

  globalThis.document = {
    baseURI: BASE,
    get cookie() {
      return browser.cookies.at(-1) ?? "";
    },
    set cookie(value) {
      browser.cookies.push(value);
    },
  };

  globalThis.fetch = async (url, init = {}) => {
    const href = String(url);
    const path = href.startsWith(`${BASE}api/v1/`) ? href.slice(`${BASE}api/v1/`.length) : href;
    browser.requests.push({ url: href, path, init });
    if (init.signal?.aborted) throw new DOMException("The operation was aborted.", "AbortError");
    for (const [matches, answer] of [...browser.routes, ...defaultRoutes]) {
      if (matches(path)) return answer(path, init);
    }
    return json({ status: 404, title: "Not Found" }, 404);
  };

  globalThis.setTimeout = clock.setTimeout;
  globalThis.clearTimeout = clock.clearTimeout;

  // Node has had MessageEvent since 15; a minimal one in case this one does not.
  if (typeof globalThis.MessageEvent !== "function") {
    globalThis.MessageEvent = class MessageEvent extends Event {
      constructor(type, init = {}) {
        super(type);
        this.data = init.data;
        this.lastEventId = init.lastEventId ?? "";
      }
    };
  }

  globalThis.WebSocket = class FakeWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;

    constructor(url) {
      this.url = String(url);
      this.readyState = FakeWebSocket.CONNECTING;
      this.sent = [];
      this.closedByClient = null;
      this.onopen = this.onmessage = this.onclose = this.onerror = null;
      browser.sockets.push(this);
    }

    /** What the client sends: recorded. */
    send(data) {
      this.sent.push(JSON.parse(data));
    }

    close(code = 1000) {
      this.closedByClient = code;
      this.readyState = FakeWebSocket.CLOSED;
    }

    // ---- the test drives the server's side ----

    serverOpens() {
      this.readyState = FakeWebSocket.OPEN;
      this.onopen?.(new Event("open"));
    }

    serverSends(event) {
      this.onmessage?.(new MessageEvent("message", { data: JSON.stringify(event) }));
    }

    serverCloses(code, reason = "") {
      this.readyState = FakeWebSocket.CLOSED;
      this.onclose?.({ code, reason, wasClean: code !== 1006 });
    }
  };

  globalThis.EventSource = class FakeEventSource {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSED = 2;

    constructor(url) {
      this.url = String(url);
      this.readyState = FakeEventSource.CONNECTING;
      this.listeners = new Map(); // event name -> [listener]
      this.closedByClient = false;
      this.onopen = this.onmessage = this.onerror = null;
      browser.sources.push(this);
    }

    addEventListener(name, listener) {
      if (!this.listeners.has(name)) this.listeners.set(name, []);
      this.listeners.get(name).push(listener);
    }

    removeEventListener(name, listener) {
      this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== listener));
    }

    close() {
      this.closedByClient = true;
      this.readyState = FakeEventSource.CLOSED;
    }

    #dispatch(event) {
      this[`on${event.type}`]?.(event);
      for (const listener of this.listeners.get(event.type) ?? []) listener(event);
    }

    // ---- the test drives the browser's and the server's side ----

    /** The browser's own `open` event: the response's headers arrived (a plain Event). */
    browserOpens() {
      this.readyState = FakeEventSource.OPEN;
      this.#dispatch(new Event("open"));
    }

    /** A named SSE event (`event: name`, `data: json`): reaches only listeners of that name. */
    serverSends(name, data) {
      this.readyState = FakeEventSource.OPEN;
      this.#dispatch(new MessageEvent(name, { data: JSON.stringify(data), lastEventId: String(data.seq ?? "") }));
    }

    /** The connection dropped and the browser reconnects by itself (after the server's retry:): an error, still CONNECTING. */
    browserRetries() {
      this.readyState = FakeEventSource.CONNECTING;
      this.#dispatch(new Event("error"));
    }

    /** The connection failed for good (refused with an error status, say): the browser gives up. */
    fails() {
      this.readyState = FakeEventSource.CLOSED;
      this.#dispatch(new Event("error"));
    }
  };

  return browser;
}
