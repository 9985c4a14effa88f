// The demo page: a feed of posts by the demo users, a like button, and the signed-in user's bell,
// kept live by tidings.js. Sign in with ?user=bob&transport=sse to skip the form.
import { connect, TRANSPORTS } from "./tidings.js";

const POSTS = [
  { object: "post:lisbon", author: "alice", title: "Spring in Lisbon" },
  { object: "post:sourdough", author: "bob", title: "My first sourdough" },
  { object: "post:marathon", author: "carol", title: "Finished my first marathon" },
  { object: "post:jakarta-ee", author: "dave", title: "Notes on Jakarta EE 11" },
];

const $ = (id) => document.getElementById(id);
const notifications = new Map(); // id -> notification, as the bell shows them
let client = null;
let chosenTransport = "auto";
let pausedAt = null;
let lastState = { state: "closed" };
let me = null;
let token = null;

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

async function call(method, path, body, bearer = token) {
  const response = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json", ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${response.status}: ${answer.detail ?? answer.title ?? response.statusText}`);
  return answer;
}

async function signIn(user, transport) {
  showError("");
  let minted;
  try {
    minted = await call("POST", "api/v1/dev/tokens", { user }, null);
  } catch (error) {
    showError(`Could not sign in as ${user} (${error.message}). Demo tokens are on only in the bundled development server.`);
    return;
  }
  token = minted.token;
  me = user;
  sessionStorage.setItem("tidings-demo", JSON.stringify({ user, transport }));
  history.replaceState(null, "", `?user=${encodeURIComponent(user)}&transport=${encodeURIComponent(transport)}`);
  $("signin").hidden = true;
  $("me").hidden = false;
  $("me-name").textContent = user;
  $("mark-all").disabled = false;
  renderPosts();
  chosenTransport = transport;
  startClient();
}

/** Connects; with `after`, resumes from that seq (the events missed meanwhile arrive, once). */
function startClient(after) {
  client = connect({
    token: () => token,
    transports: chosenTransport === "auto" ? TRANSPORTS : [chosenTransport],
    after,
    onInbox: showListing,
    onEvent: apply,
    onState: showState,
  });
  $("pause").textContent = "Disconnect";
}

/** Disconnect, or reconnect from where the bell left off: shows that nothing is lost meanwhile. */
function togglePause() {
  if (client) {
    const seq = client.seq;
    client.close();
    client = null;
    pausedAt = seq;
    $("pause").textContent = "Reconnect";
  } else {
    startClient(pausedAt);
  }
}

function signOut() {
  client?.close();
  client = null;
  pausedAt = null;
  me = token = null;
  sessionStorage.removeItem("tidings-demo");
  history.replaceState(null, "", location.pathname);
  notifications.clear();
  $("signin").hidden = false;
  $("me").hidden = true;
  $("mark-all").disabled = true;
  $("events").replaceChildren();
  setBadge(0);
  renderNotifications();
  renderPosts();
}

// ---- the bell ----

function showListing(listing) {
  notifications.clear();
  for (const n of listing.notifications) notifications.set(n.id, n);
  setBadge(listing.unread);
  renderNotifications();
  log(`listing: ${listing.notifications.length} notifications, ${listing.unread} unread, seq ${listing.seq}`);
}

function apply(event) {
  if (event.kind === "created" || event.kind === "updated") {
    notifications.set(event.notification.id, event.notification);
  } else if (event.kind === "retracted") {
    notifications.delete(event.notification.id);
  } else if (event.kind === "read") {
    for (const id of event.ids) {
      const n = notifications.get(id);
      if (n) n.read = true;
    }
  }
  setBadge(event.unread);
  renderNotifications();
  renderStatus();
  const what = event.notification ? ` "${event.notification.title}"` : event.ids ? ` ${event.ids.length} read` : "";
  log(`seq ${event.seq} ${event.kind}${what}`);
}

function setBadge(unread) {
  $("badge").textContent = String(unread);
  $("badge").hidden = !unread;
  document.title = unread ? `(${unread}) Tidings demo` : "Tidings demo: likes, live";
}

function renderNotifications() {
  const newestFirst = [...notifications.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  $("notifications").replaceChildren(...newestFirst.map((n) => {
    const item = document.createElement("li");
    item.dataset.id = n.id;
    item.className = n.read ? "read" : "unread";
    item.title = n.read ? "read" : "click to mark read";
    const when = document.createElement("time");
    when.dateTime = n.updatedAt;
    when.textContent = new Date(n.updatedAt).toLocaleTimeString();
    item.append(n.title, when);
    item.addEventListener("click", () => n.read || client?.markRead([n.id]).catch((e) => showError(e.message)));
    return item;
  }));
  $("empty").hidden = notifications.size > 0;
}

function showState(change) {
  lastState = change;
  renderStatus();
  const { state, transport, error } = change;
  if (state !== "open") log(`${state} ${transport ?? ""}${error ? `: ${error.message}` : ""}`);
  else log(`open over ${transport}`);
}

function renderStatus() {
  const { state, transport } = lastState;
  const status = $("status");
  status.dataset.state = state;
  status.dataset.transport = transport ?? "";
  status.textContent = `${state} · ${transport ?? "—"} · seq ${client?.seq ?? pausedAt ?? "—"}`;
}

function log(text) {
  const item = document.createElement("li");
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $("events").prepend(item);
  while ($("events").children.length > 200) $("events").lastChild.remove();
}

// ---- the feed ----

function renderPosts() {
  $("posts").replaceChildren(...POSTS.map((post) => {
    const article = document.createElement("article");
    article.className = "post";
    const by = document.createElement("div");
    by.className = "by";
    by.textContent = post.author;
    const title = document.createElement("h3");
    title.textContent = post.title;
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.like = post.object;
    const own = post.author === me;
    button.disabled = !me || own;
    button.textContent = own ? "Your post" : "♥ Like";
    let liked = false;
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const path = `api/v1/objects/${encodeURIComponent(post.object)}/likes/${encodeURIComponent(me)}`;
        if (liked) {
          await call("DELETE", path);
        } else {
          await call("PUT", path, { owner: post.author, title: `your post “${post.title}”` });
        }
        liked = !liked;
        button.classList.toggle("liked", liked);
        button.textContent = liked ? "♥ Liked (click to unlike)" : "♥ Like";
      } catch (error) {
        showError(error.message);
      } finally {
        button.disabled = false;
      }
    });
    article.append(by, title, button);
    return article;
  }));
}

$("signin").addEventListener("submit", (e) => {
  e.preventDefault();
  signIn($("user").value, $("transport").value);
});
$("signout").addEventListener("click", signOut);
$("pause").addEventListener("click", togglePause);
$("mark-all").addEventListener("click", () => client?.markAllRead().catch((e) => showError(e.message)));

const params = new URLSearchParams(location.search);
const saved = JSON.parse(sessionStorage.getItem("tidings-demo") ?? "null");
const user = params.get("user") ?? saved?.user;
const transport = params.get("transport") ?? saved?.transport ?? "auto";
if (user) {
  $("user").value = user;
  $("transport").value = transport;
  signIn(user, [...TRANSPORTS, "auto"].includes(transport) ? transport : "auto");
} else {
  renderPosts();
}
