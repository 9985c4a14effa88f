// Types of @tidings/client, the browser client of Tidings (docs/client.md). Hand-written: the
// package has no build step. They describe index.js's exports: connect() and TRANSPORTS.

/** A way to receive events, in the default order of preference. */
export type Transport = "websocket" | "sse" | "stream" | "longpoll" | "poll";

/** Every transport, in the default order of preference. */
export const TRANSPORTS: readonly Transport[];

/** A notification as the listing and the events carry it (docs/api.md, "The event format"). */
export interface Notification {
  id: string;
  type: string;
  group: string | null;
  title: string;
  body: string | null;
  data: Record<string, unknown> | null;
  actors: string[];
  count: number;
  createdAt: string;
  updatedAt: string;
  read: boolean;
  [field: string]: unknown;
}

/** One event of the user's log, handed to onEvent once, in seq order. */
export interface InboxEvent {
  /** The user's gap-free sequence number: the resume cursor. */
  seq: number;
  /** created, updated, retracted, read, or a kind added on the server later. */
  kind: string;
  /** The unread count right after this event. */
  unread: number;
  /** created, updated, retracted: the notification's state. */
  notification?: Notification;
  /** read: the notifications that became read. */
  ids?: string[];
  readAt?: string;
  [field: string]: unknown;
}

/** The listing (GET /api/v1/inbox): at start and again after a reset. */
export interface Listing {
  /** Most recently updated first. */
  notifications: Notification[];
  unread: number;
  /** The seq the client follows from. */
  seq: number;
}

export type State = "connecting" | "open" | "reconnecting" | "unauthorized" | "closed";

/** What onState is told whenever the connection changes. */
export interface StateChange {
  state: State;
  transport: Transport;
  /** The last seq received, or null before the listing is loaded. */
  seq: number | null;
  /** Why the last connection ended (status: an HTTP status, or the one a WebSocket close code stands for). */
  error?: Error & { status?: number; retryAfter?: number };
  /** reconnecting: milliseconds until the next attempt, or "the server's retry" (SSE reconnects by itself). */
  retryIn?: number | string;
}

/** The answer of POST /api/v1/inbox/read. */
export interface ReadResult {
  read: string[];
  unread: number;
  seq: number;
}

export interface ConnectOptions {
  /** The user's JWT, or a function returning a fresh one (called before every connect). */
  token: string | (() => string | Promise<string>);
  /** The transports to try, in order; one entry forces it. Default: TRANSPORTS. */
  transports?: readonly Transport[];
  onEvent?: (event: InboxEvent) => void;
  onInbox?: (listing: Listing) => void;
  onState?: (change: StateChange) => void;
  /** Where Tidings is deployed. Default: the folder above this package (Tidings serves it at <context root>/tidings/). */
  base?: string | URL;
  /** Resume after this seq instead of loading the listing first. */
  after?: number;
  /** First reconnect delay, ms (1000); doubles per failure, with jitter. */
  minDelay?: number;
  /** Longest reconnect delay, ms (30000). */
  maxDelay?: number;
  /** Failed connects in a row before the next transport (2). */
  failuresBeforeFallback?: number;
  /** A WebSocket or event stream not open by then has failed to connect, ms (10000). */
  connectTimeout?: number;
  /** Nothing at all, not even a heartbeat, for this long: reconnect, ms (45000). */
  stallTimeout?: number;
  /** Short polling: the pause between polls, ms (3000). */
  pollInterval?: number;
  /** How many notifications the listing loads (50). */
  listingLimit?: number;
  /** Acknowledge received events, so the publisher sees them delivered (true). */
  ack?: boolean;
}

export interface Client {
  /** Stops for good: no request is sent after it. */
  close(): void;
  /** Marks these notifications read; every connection of the user gets the read event. */
  markRead(ids: string[]): Promise<ReadResult>;
  markAllRead(): Promise<ReadResult>;
  /** The last seq received (store it and pass it back as `after`), or null before the listing. */
  readonly seq: number | null;
  /** The transport in use, or null between connections. */
  readonly transport: Transport | null;
  readonly state: State;
}

/** Connects to the signed-in user's inbox. Throws a TypeError without a token or with an unknown transport. */
export function connect(options: ConnectOptions): Client;
