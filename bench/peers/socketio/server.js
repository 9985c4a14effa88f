// The Socket.IO peer of the Tidings benchmarks, written the way users write it first: one Node
// process, the default in-memory adapter, one room per user, and an HTTP endpoint the backend
// posts notifications to.
//
//   node server.js PORT        (0 = any free port; prints "listening <port>" when ready)
//
// POST /publish {"items":[{"to":"<user>","event":{...}}, ...]}  ->  200 {"emitted":N}
// Subscribers connect with "Authorization: Bearer <user>" on the handshake.
import { createServer } from "node:http";
import { Server } from "socket.io";

const MAX_BODY = 8 * 1024 * 1024; // bytes; larger publish bodies get 413
const port = Number(process.argv[2] ?? 0);

const httpServer = createServer(publishEndpoint);

// The only option changed: WebSocket only, no HTTP long-polling first and upgrade later, since
// the benchmark's clients speak WebSocket straight away (as browsers may with this setting).
// Everything else is Socket.IO's default: pingInterval 25 s, pingTimeout 20 s, maxHttpBufferSize
// 1 MB, no per-message deflate, in-memory adapter.
const io = new Server(httpServer, { transports: ["websocket"] });

// The user is whoever the handshake's bearer header names (a real app would verify a token here).
io.use((socket, next) => {
  const match = /^Bearer (.+)$/.exec(socket.handshake.headers.authorization ?? "");
  if (!match) {
    return next(new Error("unauthorized"));
  }
  socket.data.user = match[1];
  next();
});

io.on("connection", (socket) => {
  socket.join(socket.data.user);
});

function publishEndpoint(req, res) {
  if (req.method !== "POST" || req.url !== "/publish") {
    return answer(res, 404, { error: "not found" });
  }
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY) {
    return tooLarge(req, res);
  }
  const chunks = [];
  let size = 0;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) {
      req.removeAllListeners("data").removeAllListeners("end");
      return tooLarge(req, res);
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    let items;
    try {
      ({ items } = JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } catch {
      return answer(res, 400, { error: "bad JSON" });
    }
    if (!Array.isArray(items)) {
      return answer(res, 400, { error: "items must be an array" });
    }
    let emitted = 0;
    for (const item of items) {
      if (typeof item?.to === "string") {
        io.to(item.to).emit("notification", item.event);
        emitted++;
      }
    }
    answer(res, 200, { emitted });
  });
}

// Answers, then closes the connection: the rest of the body is not worth reading.
function tooLarge(req, res) {
  res.setHeader("Connection", "close");
  answer(res, 413, { error: `body over ${MAX_BODY} bytes` });
  req.resume();
}

function answer(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json) });
  res.end(json);
}

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`listening ${httpServer.address().port}`);
});

// The harness stops us with SIGTERM: close every client and the listener, then leave; do not
// wait forever for a publisher's keep-alive connection.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    io.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
