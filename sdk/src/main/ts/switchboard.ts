/*
 * Switchboard browser SDK: one dependency-free ES module, served by every gateway at /switchboard.js and packed as
 * an npm tarball with its types (switchboard.d.ts). The wire protocol is docs/protocol.md; this file names every
 * frame and error code of it, and a gateway test (ProtocolListsTest) holds these lists to the gateway's own.
 *
 *   import { Switchboard } from '/switchboard.js';
 *   const sb = new Switchboard({ token: () => myJwt, onMessage: (data, frame) => render(data) });
 *   await sb.postMessage({ item: 'apple' });   // resolves with the ack once the message is in Kafka
 *
 * Delivery of what the page sends is at least once and in order: every frame stays in the outbox (IndexedDB for
 * messages, publications, syncs and notification answers, so a page closed while offline sends them when it is
 * opened again) until the gateway answers it, and every frame not answered when a connection ends is sent again,
 * in order, on the next one. An answer lost with a dying node therefore means a frame arrives twice: give data that
 * must not apply twice an id of its own (the cart demo's edits do).
 */

// ---------------------------------------------------------------------------------------------------------------
// The protocol's lists (docs/protocol.md): ProtocolListsTest holds them to the gateway's FrameType and ErrorCode.
// ---------------------------------------------------------------------------------------------------------------

/** The frame types the server sends. */
export const SERVER_FRAMES = [
  'welcome', 'refreshed', 'ack', 'message', 'notification', 'updatefound', 'statechange', 'controllerchange',
  'reset', 'subscribed', 'unsubscribed', 'publication', 'join', 'leave', 'presence', 'port-opened',
  'port-started', 'port-message', 'port-closed', 'worker-started', 'worker-message', 'worker-error', 'worker-closed',
  'error',
] as const;

/** The frame types a client sends. */
export const CLIENT_FRAMES = [
  'message', 'notificationclick', 'notificationclose', 'sync', 'refresh', 'subscribe', 'unsubscribe',
  'presence', 'publish', 'port-open', 'port-start', 'port-message', 'port-close', 'worker-start', 'worker-post',
  'worker-terminate', 'worker-close',
] as const;

export type ServerFrameType = (typeof SERVER_FRAMES)[number];
export type ClientFrameType = (typeof CLIENT_FRAMES)[number];

/**
 * What an error code means for the frame it refused: 'reconnect' (this node could not take it: it is sent again
 * on the next connection), 'later' (sent again once the rate allows), 'fail' (it will not succeed as it is).
 */
export type ErrorMeaning = 'reconnect' | 'later' | 'fail';

/** Every error code of the gateway, and what it means for the refused frame. */
export const ERROR_CODES = {
  'unauthorized': 'fail', 'forbidden-origin': 'fail', 'forbidden': 'fail', 'bad-handshake': 'fail',
  'unsupported-version': 'fail', 'too-many-connections': 'reconnect', 'rate-limited': 'later', 'bad-json': 'fail',
  'bad-frame': 'fail', 'unknown-type': 'fail', 'too-large': 'fail', 'draining': 'reconnect',
  'unknown-client': 'fail', 'not-accepted': 'reconnect', 'event-failed': 'fail', 'unknown-channel': 'fail',
  'too-many-channels': 'fail', 'unknown-port': 'fail', 'unknown-worker': 'fail', 'too-many-workers': 'fail',
} as const satisfies Record<string, ErrorMeaning>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes of refusals made by the SDK itself, never sent by a gateway. */
export const LOCAL_ERROR_CODES = {
  /** close() was called before the frame was answered (it may or may not have arrived). */
  'closed': 'fail',
  /** The outbox already holds `outbox.max` frames. */
  'queue-full': 'later',
  /** The client stopped for good: a refused credential or a broken client (reconnect() starts it again). */
  'failed': 'fail',
  /** The browser lacks what the call needs (PushManager, say). */
  'unsupported': 'fail',
} as const satisfies Record<string, ErrorMeaning>;

export type LocalErrorCode = keyof typeof LOCAL_ERROR_CODES;

/** WebSocket close codes after which the client does not reconnect: it broke the protocol (docs/protocol.md). */
const FATAL_CLOSE_CODES: Record<number, string> = { 1002: 'protocol error', 1007: 'text that is not UTF-8' };

/** HTTP statuses of a POST without a problem body (a proxy's) after which it is sent again. */
const RETRYABLE_HTTP = new Set([0, 408, 502, 503, 504]);

/** Client frames kept in IndexedDB until answered: they are what the user did, which must survive a closed page. */
const DURABLE_FRAMES = new Set<string>(['message', 'publish', 'sync', 'notificationclick', 'notificationclose']);

// ---------------------------------------------------------------------------------------------------------------
// Frames
// ---------------------------------------------------------------------------------------------------------------

export interface Frame {
  type: string;
  ref?: string;
  [field: string]: unknown;
}

export interface WelcomeFrame extends Frame {
  type: 'welcome';
  clientId: string;
  userId: string;
  node: string;
  resumed: boolean;
  anonymousToken?: string;
}

export interface AckFrame extends Frame {
  type: 'ack';
  eventId: string;
}

export interface ErrorFrame extends Frame {
  type: 'error';
  code: ErrorCode | LocalErrorCode | string;
  message: string;
  eventId?: string;
}

export interface MessageFrame extends Frame {
  type: 'message';
  id?: string;
  eventId: string;
  inReplyTo?: string;
  data: unknown;
  binary?: boolean;
  ports?: string[];
}

export interface NotificationFrame extends Frame {
  type: 'notification';
  eventId: string;
  registration: string;
  title: string;
  options: { body?: string; tag?: string; data?: unknown; actions?: unknown[]; [option: string]: unknown };
}

export interface LifecycleFrame extends Frame {
  type: 'updatefound' | 'statechange' | 'controllerchange';
  eventId: string;
  registrationId: string;
  scope: string;
  version: string;
  state?: 'installing' | 'installed' | 'activating' | 'activated' | 'redundant';
}

export interface ResetFrame extends Frame {
  type: 'reset';
  reason: string;
  channel?: string;
  port?: string;
}

export interface SubscribedFrame extends Frame {
  type: 'subscribed';
  channel: string;
  position?: string;
  recovered?: boolean;
}

export interface PublicationFrame extends Frame {
  type: 'publication';
  channel: string;
  eventId: string;
  data: unknown;
  position?: string;
}

export interface PresenceMember {
  clientId: string;
  userId: string;
}

export interface PresenceFrame extends Frame {
  type: 'presence';
  channel: string;
  clients: PresenceMember[];
  more: boolean;
}

export interface PresenceChangeFrame extends Frame {
  type: 'join' | 'leave';
  channel: string;
  clientId: string;
  userId: string;
}

export interface RefreshedFrame extends Frame {
  type: 'refreshed';
  expiresAt?: number;
}

/** A notification the user's worker showed, with the answers the user can give to it. */
export interface Notification extends NotificationFrame {
  /** The user clicked it (action: the button's, empty for the notification itself). */
  click(action?: string): Promise<AckFrame>;
  /** The user dismissed it. */
  close(): Promise<AckFrame>;
}

// ---------------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------------

export type State = 'connecting' | 'open' | 'closed' | 'failed';
export type Transport = 'auto' | 'websocket' | 'sse';
export type TokenSource = string | null | undefined | (() => string | null | undefined | Promise<string | null | undefined>);

/** The gateway's paths (switchboard.gateway.paths.*, docs/operations.md). */
export interface Paths {
  websocket: string;
  sse: string;
  clients: string;
  tickets: string;
}

export const DEFAULT_PATHS: Readonly<Paths> = Object.freeze({
  websocket: '/ws', sse: '/sse', clients: '/clients', tickets: '/tickets',
});

/** What the SDK takes from its global scope; tests and non-browser hosts hand in their own. */
export interface Environment {
  WebSocket?: new (url: string) => WebSocketLike;
  EventSource?: new (url: string) => EventSourceLike;
  fetch: typeof fetch;
  indexedDB?: IDBFactory;
  location?: { href: string; protocol: string; host: string };
  document?: { cookie: string };
  /** The browser's Notification constructor, to show notifications when the page may. */
  Notification?: { permission: string; new (title: string, options?: object): BrowserNotification };
}

export interface WebSocketLike {
  binaryType: string;
  readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
  onerror: ((event: unknown) => void) | null;
  close(): void;
}

export interface BrowserNotification {
  onclick: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
}

export interface OutboxOptions {
  /** Where frames wait: 'indexeddb' (the default where the browser has it), 'memory', or a store of your own. */
  store?: 'indexeddb' | 'memory' | OutboxStore;
  /** The IndexedDB database's name: clients of one origin with the same name share what a closed page left. */
  name?: string;
  /** At most this many frames wait unanswered; one more is refused with 'queue-full'. Default 1000. */
  max?: number;
}

export interface SwitchboardOptions {
  /** The gateway's origin; default: the page's. */
  url?: string;
  /** 'auto' (WebSocket, falling back to SSE + POST where WebSocket does not get through), 'websocket' or 'sse'. */
  transport?: Transport;
  /** The user's JWT, or a function giving the current one; exchanged for a single-use ticket before each connect. */
  token?: TokenSource;
  paths?: Partial<Paths>;
  onMessage?: (data: unknown, frame: MessageFrame) => void;
  onNotification?: (notification: Notification) => void;
  onLifecycle?: (frame: LifecycleFrame) => void;
  onReset?: (reason: string, frame: ResetFrame) => void;
  onState?: (state: State, detail?: WelcomeFrame | ErrorFrame) => void;
  onWelcome?: (frame: WelcomeFrame) => void;
  onPresence?: (frame: PresenceChangeFrame) => void;
  /** Errors not answering a frame of this client's (a rate limit, an event that failed) and fatal ones. */
  onError?: (error: ErrorFrame) => void;
  /** Cookie naming this client for fetch interception (docs/fetch.md); false: none. */
  clientCookie?: string | false;
  /** Reconnect backoff: from this (ms, default 500), doubling up to maxReconnectDelay (30000), with jitter. */
  minReconnectDelay?: number;
  maxReconnectDelay?: number;
  /** 'auto': WebSocket attempts that never opened, while HTTP reached the gateway, before using SSE (2). */
  websocketFailuresBeforeSse?: number;
  /** 'auto' on SSE: after this long (ms, 60000), the next connect tries WebSocket again. */
  websocketRetryInterval?: number;
  /** Refresh the token in place this long (ms, 30000) before its expiry; 0: never on its own. */
  refreshLeadTime?: number;
  /** Show each notification with the browser's Notification when the page has the permission (default false). */
  showNotifications?: boolean;
  outbox?: OutboxOptions;
  environment?: Partial<Environment>;
}

// ---------------------------------------------------------------------------------------------------------------
// Backoff
// ---------------------------------------------------------------------------------------------------------------

/**
 * The wait before reconnect attempt `attempt` (0 first): a ceiling doubling from min to max, and a random point in
 * its upper half, so that the clients of a dead node spread out instead of all coming back at once.
 */
export function backoffDelay(attempt: number, min: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, min * Math.pow(2, Math.min(attempt, 30)));
  return ceiling / 2 + random() * (ceiling / 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Outbox: the order-preserving, bounded queue of frames not yet answered
// ---------------------------------------------------------------------------------------------------------------

export interface OutboxEntry {
  seq: number;
  frame: Frame & { bytes?: Uint8Array };
}

/** Where durable frames are kept until answered. */
export interface OutboxStore {
  /** Every entry a previous page left, oldest first. */
  load(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  remove(seq: number): Promise<void>;
}

export class MemoryStore implements OutboxStore {
  private readonly entries = new Map<number, OutboxEntry>();

  async load(): Promise<OutboxEntry[]> {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.entries.set(entry.seq, entry);
  }

  async remove(seq: number): Promise<void> {
    this.entries.delete(seq);
  }
}

/** An IndexedDB object store keyed by seq: what a page closed while offline had not sent is sent by the next one. */
export class IndexedDbStore implements OutboxStore {
  private readonly db: Promise<IDBDatabase>;

  constructor(factory: IDBFactory, name: string) {
    this.db = new Promise((resolve, reject) => {
      const request = factory.open('switchboard-outbox:' + name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('frames', { keyPath: 'seq' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  load(): Promise<OutboxEntry[]> {
    return this.run('readonly', (store) => store.getAll()) as Promise<OutboxEntry[]>;
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.run('readwrite', (store) => store.put(entry));
  }

  async remove(seq: number): Promise<void> {
    await this.run('readwrite', (store) => store.delete(seq));
  }

  private async run(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    const db = await this.db;
    return new Promise((resolve, reject) => {
      const transaction = db.transaction('frames', mode);
      const request = action(transaction.objectStore('frames'));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
    });
  }
}

interface Waiting {
  resolve: (frame: Frame) => void;
  reject: (error: ErrorFrame) => void;
}

/**
 * The frames not yet answered, in the order they were sent. An entry leaves when its answer comes; every entry is
 * sent again, in order, on each new connection; durable ones are also in the store. At most `max` entries.
 */
export class Outbox {
  private readonly entries: OutboxEntry[] = [];
  private readonly waiting = new Map<string, Waiting>();
  private lastSeq = 0;
  private loaded = false;
  /** Resolves once what a previous page left is loaded: it goes before what this page adds. */
  readonly ready: Promise<number>;

  constructor(private readonly store: OutboxStore, readonly max: number) {
    this.ready = store.load().catch(() => [] as OutboxEntry[]).then((left) => {
      const early = this.entries.splice(0);
      this.entries.push(...left.sort((a, b) => a.seq - b.seq));
      this.lastSeq = Math.max(this.lastSeq, ...left.map((entry) => entry.seq));
      // What this page added meanwhile comes after, and only now goes to the store (under its new seq).
      for (const entry of early) {
        entry.seq = this.seq();
        this.entries.push(entry);
        if (DURABLE_FRAMES.has(entry.frame.type)) this.store.put(entry).catch(() => {});
      }
      this.loaded = true;
      return left.length;
    });
  }

  /**
   * The next seq: increasing within a page, and time-based so that two pages of one origin sharing the store do
   * not take each other's keys (microseconds since the epoch stay within a double's exact integers).
   */
  private seq(): number {
    this.lastSeq = Math.max(Date.now() * 1000, this.lastSeq + 1);
    return this.lastSeq;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Adds a frame (its ref is made from its seq); refuses past `max`. */
  add(frame: Frame & { bytes?: Uint8Array }, waiting: Waiting): OutboxEntry {
    if (this.entries.length >= this.max) {
      throw localError('queue-full', 'the outbox already holds ' + this.max + ' frames not yet answered');
    }
    const seq = this.seq();
    frame.ref = randomId(12);
    const entry: OutboxEntry = { seq, frame };
    this.entries.push(entry);
    this.waiting.set(frame.ref, waiting);
    if (this.loaded && DURABLE_FRAMES.has(frame.type)) this.store.put(entry).catch(() => {});
    return entry;
  }

  all(): readonly OutboxEntry[] {
    return this.entries;
  }

  find(predicate: (entry: OutboxEntry) => boolean): OutboxEntry | undefined {
    return this.entries.find(predicate);
  }

  /** Settles and removes the entry this answer is for; false if none is (an answer to an earlier page's frame). */
  answer(ref: string, frame: Frame): boolean {
    const index = this.entries.findIndex((entry) => entry.frame.ref === ref);
    if (index < 0) return false;
    const [entry] = this.entries.splice(index, 1);
    if (DURABLE_FRAMES.has(entry.frame.type)) this.store.remove(entry.seq).catch(() => {});
    const waiting = this.waiting.get(ref);
    this.waiting.delete(ref);
    if (waiting) {
      if (frame.type === 'error') waiting.reject(frame as ErrorFrame); else waiting.resolve(frame);
    }
    return true;
  }

  /** Rejects and removes every entry (close, or a fatal error). */
  failAll(error: ErrorFrame): void {
    for (const entry of this.entries.splice(0)) {
      if (DURABLE_FRAMES.has(entry.frame.type)) this.store.remove(entry.seq).catch(() => {});
      this.waiting.get(entry.frame.ref as string)?.reject({ ...error, ref: entry.frame.ref });
    }
    this.waiting.clear();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

function localError(code: LocalErrorCode | ErrorCode, message: string): ErrorFrame {
  return { type: 'error', code, message };
}

function randomId(length: number): string {
  let id = '';
  while (id.length < length) id += Math.random().toString(36).slice(2);
  return id.slice(0, length);
}

/** Binary WebSocket frames: a 2-byte big-endian header length, a JSON header, the payload (docs/protocol.md). */
export function wrapBinary(header: object, bytes: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const frame = new Uint8Array(2 + head.length + bytes.length);
  frame[0] = head.length >> 8;
  frame[1] = head.length & 0xff;
  frame.set(head, 2);
  frame.set(bytes, 2 + head.length);
  return frame;
}

export function unwrapBinary(buffer: ArrayBuffer | Uint8Array): MessageFrame {
  const all = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const length = (all[0] << 8) | all[1];
  const frame = JSON.parse(new TextDecoder().decode(all.subarray(2, 2 + length))) as MessageFrame;
  frame.data = all.slice(2 + length);
  return frame;
}

export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return btoa(text);
}

export function fromBase64(text: string): Uint8Array {
  const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** The `exp` (epoch seconds) of a JWT, if it has one. */
export function tokenExpiry(token: string): number | undefined {
  try {
    const claims = JSON.parse(new TextDecoder().decode(fromBase64(token.split('.')[1])));
    return typeof claims.exp === 'number' ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

function asBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

function notificationData(notification: NotificationFrame, action: string) {
  const options = (notification && notification.options) || {};
  return { tag: options.tag || '', action, data: options.data === undefined ? null : options.data };
}

/** The browser's Client.type of the code running this client, which workers see in clients.matchAll(). */
function clientType(): 'window' | 'worker' | 'sharedworker' {
  const scope = globalThis as unknown as Record<string, unknown>;
  const is = (name: string) => typeof scope[name] === 'function' && globalThis instanceof (scope[name] as never);
  if (is('SharedWorkerGlobalScope')) return 'sharedworker';
  if (is('DedicatedWorkerGlobalScope')) return 'worker';
  return 'window';
}

// ---------------------------------------------------------------------------------------------------------------
// MessageChannel ports
// ---------------------------------------------------------------------------------------------------------------

/** One end of a MessageChannel this client holds (docs/protocol.md, "MessageChannel"). */
export class Port {
  position: string | null = null;
  onmessage: (data: unknown, frame: Frame) => void = () => {};
  onclose: () => void = () => {};
  started: Promise<Frame> = Promise.resolve({ type: 'port-started' });

  constructor(readonly id: string, private readonly client: Switchboard) {}

  postMessage(data: unknown): Promise<Frame> {
    return this.client.send({ type: 'port-message', port: this.id, data });
  }

  close(): Promise<Frame> {
    return this.client.send({ type: 'port-close', port: this.id });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dedicated and shared workers (docs/workers.md)
// ---------------------------------------------------------------------------------------------------------------

/** How to start a worker: a dedicated one by default; a shared one with `shared` (and its `name`, `sharing`). */
export interface WorkerOptions {
  shared?: boolean;
  name?: string;
  /** 'user' (default): the user's own instance; 'origin': one for every user, if the worker allows it. */
  sharing?: 'user' | 'origin';
  /** The client's name for it (unique per client); one is made up when absent. */
  handle?: string;
}

/**
 * A dedicated worker (`new Worker(url)`) or this client's port to a shared one (`new SharedWorker(url, name)`),
 * running in worker-service. Messages may be posted at once: they wait in order behind the start. Every reconnect
 * starts it again under its handle, which a running worker only answers with 'worker-started'.
 */
export class RemoteWorker {
  onstart: (frame: Frame) => void = () => {};
  onmessage: (data: unknown, frame: Frame) => void = () => {};
  onerror: (frame: Frame) => void = () => {};
  onclose: (reason: string, frame: Frame) => void = () => {};

  constructor(readonly handle: string, readonly startFrame: Frame, private readonly client: Switchboard) {}

  postMessage(data: unknown): Promise<Frame> {
    return this.client.send({ type: 'worker-post', worker: this.handle, data });
  }

  /** `worker.terminate()` of a dedicated worker. */
  terminate(): Promise<Frame> {
    return this.client.send({ type: 'worker-terminate', worker: this.handle });
  }

  /** `port.close()` of a shared worker: this client's port closes; the worker ends after its last port. */
  close(): Promise<Frame> {
    return this.client.send({ type: 'worker-close', worker: this.handle });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Transports: one connection each; the client makes a new one for every connect
// ---------------------------------------------------------------------------------------------------------------

interface ConnectionEvents {
  frame(frame: Frame): void;
  /** The connection ended; opened: whether it ever opened; code: the close code, if the server gave one. */
  end(opened: boolean, code?: number): void;
}

interface Connection {
  readonly kind: 'websocket' | 'sse';
  send(entry: OutboxEntry): void;
  close(): void;
}

class WebSocketConnection implements Connection {
  readonly kind = 'websocket';
  private opened = false;
  private ended = false;
  private readonly socket: WebSocketLike;

  constructor(Impl: new (url: string) => WebSocketLike, url: string, private readonly events: ConnectionEvents) {
    this.socket = new Impl(url);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onopen = () => { this.opened = true; };
    this.socket.onmessage = (event) => {
      const frame = typeof event.data === 'string' ? JSON.parse(event.data) : unwrapBinary(event.data as ArrayBuffer);
      this.events.frame(frame);
    };
    this.socket.onclose = (event) => this.end(event.code);
    this.socket.onerror = () => {};
  }

  send(entry: OutboxEntry): void {
    if (this.socket.readyState !== 1) return;   // it is closing: the entry goes again on the next connection
    const { bytes, ...frame } = entry.frame;
    this.socket.send(bytes ? wrapBinary({ type: 'message', ref: frame.ref }, bytes) : JSON.stringify(frame));
  }

  close(): void {
    this.ended = true;
    try { this.socket.close(1000, 'bye'); } catch { /* already closed */ }
  }

  private end(code: number): void {
    if (this.ended) return;
    this.ended = true;
    this.events.end(this.opened, code);
  }
}

/**
 * SSE down, POST up. POSTs go one at a time in the outbox's order, so a retried one is never overtaken: a frame
 * whose POST failed is tried again (after a backoff) before any later frame.
 */
class SseConnection implements Connection {
  readonly kind = 'sse';
  private readonly source: EventSourceLike;
  private readonly posts: OutboxEntry[] = [];
  private posting = false;
  private ended = false;
  private opened = false;
  private clientId: string | null = null;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(Impl: new (url: string) => EventSourceLike, url: string, private readonly client: Switchboard,
              private readonly events: ConnectionEvents) {
    // Our own reconnect loop (not EventSource's), so that the position and a fresh ticket go in the URL.
    this.source = new Impl(url);
    for (const type of SERVER_FRAMES) {
      this.source.addEventListener(type, (event) => {
        // EventSource's own 'error' event (the stream broke) has no data; the server's error frame has.
        if (typeof event.data !== 'string') return;
        const frame = JSON.parse(event.data) as Frame;
        if (frame.type === 'welcome') { this.opened = true; this.clientId = (frame as WelcomeFrame).clientId; }
        this.events.frame(frame);
        if (frame.type === 'welcome') this.pump();
      });
    }
    this.source.addEventListener('close', (event) => {
      const close = typeof event.data === 'string' ? JSON.parse(event.data) : {};
      this.end(typeof close.code === 'number' ? close.code : undefined);
    });
    this.source.onerror = () => this.end(undefined);
  }

  send(entry: OutboxEntry): void {
    if (this.posts.includes(entry)) return;
    this.posts.push(entry);
    this.pump();
  }

  close(): void {
    this.ended = true;
    clearTimeout(this.retryTimer);
    this.source.close();
  }

  private end(code: number | undefined): void {
    if (this.ended) return;
    this.close();
    this.events.end(this.opened, code);
  }

  private pump(): void {
    if (this.posting || this.ended || !this.clientId || !this.posts.length) return;
    const entry = this.posts[0];
    if (!this.client.outbox.all().includes(entry)) { this.posts.shift(); this.pump(); return; }
    this.posting = true;
    this.client.post(this.clientId, entry).then((outcome) => {
      this.posting = false;
      if (outcome === 'retry') {
        this.retryTimer = setTimeout(() => this.pump(), this.client.delay(this.failures++));
        return;
      }
      this.failures = 0;
      this.posts.shift();
      this.pump();
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The client
// ---------------------------------------------------------------------------------------------------------------

interface Channel {
  listener: (data: unknown, frame: PublicationFrame) => void;
  position: string | null;
}

export class Switchboard {
  /** Whether sending a refused frame again (now after a reconnect, or later) can succeed. */
  static retryable(error: { code?: string } | null | undefined): boolean {
    const code = error && error.code;
    const meaning = code ? (ERROR_CODES as Record<string, string>)[code]
      ?? (LOCAL_ERROR_CODES as Record<string, string>)[code] : undefined;
    return meaning === 'reconnect' || meaning === 'later';
  }

  onMessage: (data: unknown, frame: MessageFrame) => void;
  onNotification: (notification: Notification) => void;
  onLifecycle: (frame: LifecycleFrame) => void;
  onReset: (reason: string, frame: ResetFrame) => void;
  onState: (state: State, detail?: WelcomeFrame | ErrorFrame) => void;
  onWelcome: (frame: WelcomeFrame) => void;
  onPresence: (frame: PresenceChangeFrame) => void;
  onError: (error: ErrorFrame) => void;

  state: State = 'connecting';
  clientId: string | null = null;
  userId: string | null = null;
  /** Whether the current connection continues the previous one's stream (nothing was missed). */
  resumed = false;
  anonymousToken: string | null = null;
  lastEventId: string | null = null;
  /** The transport of the current (or next) connection. */
  transport: 'websocket' | 'sse';
  readonly outbox: Outbox;

  private readonly base: string;
  private readonly mode: Transport;
  private readonly paths: Paths;
  private readonly env: Environment;
  private readonly options: SwitchboardOptions;
  private readonly channels = new Map<string, Channel>();
  private readonly ports = new Map<string, Port>();
  private readonly workers = new Map<string, RemoteWorker>();
  private workerCount = 0;
  private connection: Connection | null = null;
  private welcomed = false;
  private attempts = 0;
  private websocketFailures = 0;
  private sseSince = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private resendTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(options: SwitchboardOptions = {}) {
    const scope = globalThis as unknown as Partial<Environment> & { window?: unknown };
    this.options = options;
    this.env = {
      WebSocket: scope.WebSocket, EventSource: scope.EventSource, fetch: scope.fetch?.bind(globalThis) as typeof fetch,
      indexedDB: scope.indexedDB, location: scope.location, document: scope.document,
      Notification: scope.Notification, ...options.environment,
    };
    this.base = (options.url || '').replace(/\/$/, '');
    this.mode = options.transport || 'auto';
    this.paths = { ...DEFAULT_PATHS, ...options.paths };
    this.transport = this.mode === 'sse' || !this.env.WebSocket ? 'sse' : 'websocket';
    this.onMessage = options.onMessage || (() => {});
    this.onNotification = options.onNotification || (() => {});
    this.onLifecycle = options.onLifecycle || (() => {});
    this.onReset = options.onReset || (() => {});
    this.onState = options.onState || (() => {});
    this.onWelcome = options.onWelcome || (() => {});
    this.onPresence = options.onPresence || (() => {});
    this.onError = options.onError || (() => {});
    const outbox = options.outbox || {};
    const store = typeof outbox.store === 'object' ? outbox.store
      : outbox.store !== 'memory' && this.env.indexedDB ? new IndexedDbStore(this.env.indexedDB, outbox.name || 'default')
        : new MemoryStore();
    this.outbox = new Outbox(store, outbox.max ?? 1000);
    // What a previous page left goes first; the first connect waits for it to be loaded.
    this.outbox.ready.then(() => this.connect());
    // Back online: connect now rather than when the backoff, grown while offline, runs out.
    const events = globalThis as unknown as { addEventListener?: (type: string, listener: () => void) => void };
    if (typeof events.addEventListener === 'function' && 'onLine' in (globalThis.navigator || {})) {
      events.addEventListener('online', () => this.connectNow());
    }
  }

  /** Connects at once if the client is waiting to reconnect. */
  private connectNow(): void {
    if (this.stopped || this.connection || !this.reconnectTimer) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.connect();
  }

  /** Starts again after close() or a fatal error (a new token, say). */
  reconnect(): void {
    this.stopped = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.connection?.close();
    this.connection = null;
    this.attempts = 0;
    this.connect();
  }

  /** Ends the connection; every frame not yet answered is rejected with 'closed'. */
  close(): void {
    this.stop();
    this.outbox.failAll(localError('closed', 'the client was closed before an answer came'));
    this.setState('closed');
  }

  // --- what the page does ----------------------------------------------------------------------------------------

  /**
   * Sends data to the worker: any JSON value, or an ArrayBuffer / typed array, which travels as binary; ports:
   * MessageChannel ports this client holds, passed to the worker with it. Resolves with the ack.
   */
  postMessage(data: unknown, ports?: Port[]): Promise<AckFrame> {
    const bytes = asBytes(data);
    const frame: Frame & { bytes?: Uint8Array } = bytes ? { type: 'message', bytes: bytes.slice() }
      : { type: 'message', data };
    if (ports && ports.length) {
      if (bytes) return Promise.reject(localError('bad-frame', 'ports travel with a JSON message only'));
      frame.ports = ports.map((port) => port.id);
      for (const port of ports) this.ports.delete(port.id);   // passed on: no longer this client's
    }
    return this.send(frame) as Promise<AckFrame>;
  }

  /** registration.sync.register(tag) with a payload the worker's sync event gets back; the ack: it is durable. */
  sync(tag: string, payload?: unknown): Promise<AckFrame> {
    return this.send({ type: 'sync', data: { tag, payload: payload === undefined ? null : payload } }) as Promise<AckFrame>;
  }

  /** The user clicked a notification (action: the button's, empty for the notification itself). */
  notificationClick(notification: NotificationFrame, action = ''): Promise<AckFrame> {
    return this.send({ type: 'notificationclick', data: notificationData(notification, action) }) as Promise<AckFrame>;
  }

  /** The user dismissed a notification. */
  notificationClose(notification: NotificationFrame): Promise<AckFrame> {
    return this.send({ type: 'notificationclose', data: notificationData(notification, '') }) as Promise<AckFrame>;
  }

  /** Hands the current token to the open connection, which then stays open until the new one expires. */
  async refresh(): Promise<RefreshedFrame> {
    const token = await this.applicationToken();
    if (!token) throw localError('unsupported', 'no token to refresh with');
    return this.send({ type: 'refresh', token }) as Promise<RefreshedFrame>;
  }

  /**
   * Subscribes to a channel: listener(data, frame) gets each publication; the client keeps the last position and
   * subscribes again from it on every reconnect. Resolves with the 'subscribed' frame.
   */
  subscribe(channel: string, listener: (data: unknown, frame: PublicationFrame) => void): Promise<SubscribedFrame> {
    const known = this.channels.get(channel);
    this.channels.set(channel, { listener, position: known ? known.position : null });
    return this.send({ type: 'subscribe', channel }) as Promise<SubscribedFrame>;
  }

  unsubscribe(channel: string): Promise<Frame> {
    this.channels.delete(channel);
    return this.send({ type: 'unsubscribe', channel });
  }

  /** Who is subscribed to a channel whose namespace keeps presence. */
  presence(channel: string): Promise<PresenceFrame> {
    return this.send({ type: 'presence', channel }) as Promise<PresenceFrame>;
  }

  /** Publishes data to a channel; echo: this client gets its own publication too. Resolves with the ack. */
  publish(channel: string, data: unknown, options: { echo?: boolean } = {}): Promise<AckFrame> {
    return this.send({ type: 'publish', channel, data, echo: !!options.echo }) as Promise<AckFrame>;
  }

  /** A MessageChannel of this client's own: resolves with its two ports, both started. */
  async openChannel(): Promise<[Port, Port]> {
    const opened = await this.send({ type: 'port-open' });
    const ports = (opened.ports as string[]).map((id) => this.adoptPort(id));
    await Promise.all(ports.map((port) => port.started));
    return [ports[0], ports[1]];
  }

  /**
   * Subscribes this browser to Web Push (docs/push.md): fetches push-service's VAPID key, subscribes with the
   * browser's PushManager (the service worker registration's, or the one given), and stores the subscription for
   * this client's user in push-service. Resolves with push-service's record of it.
   */
  async subscribePush(options: PushOptions): Promise<unknown> {
    const userId = options.userId || this.userId;
    if (!userId) throw localError('unsupported', 'no user yet: wait for the welcome or name the user');
    return subscribePush({ ...options, userId, token: options.token ?? (await this.credential()) ?? undefined,
      fetch: options.fetch || this.env.fetch });
  }

  /** Queues a client frame in the outbox under a new ref; the promise settles with the answer to that ref. */
  send(frame: Frame & { bytes?: Uint8Array }): Promise<Frame> {
    return this.enqueue(frame, true);
  }

  /** Queues a frame that the next renew() sends with the others, in order. */
  private queue(frame: Frame): Promise<Frame> {
    return this.enqueue(frame, false);
  }

  private enqueue(frame: Frame & { bytes?: Uint8Array }, now: boolean): Promise<Frame> {
    if (this.stopped) {
      return Promise.reject(this.state === 'failed'
        ? localError('failed', 'the client stopped: reconnect() to start again')
        : localError('closed', 'the client is closed: reconnect() to start again'));
    }
    return new Promise((resolve, reject) => {
      let entry: OutboxEntry;
      try {
        entry = this.outbox.add(frame, { resolve, reject });
      } catch (error) {
        reject(error as ErrorFrame);
        return;
      }
      if (now && this.welcomed) this.connection?.send(entry);
    });
  }

  // --- connecting ------------------------------------------------------------------------------------------------

  /** The wait before reconnect attempt n (the same backoff the SSE POSTs retry with). */
  delay(attempt: number): number {
    return backoffDelay(attempt, this.options.minReconnectDelay || 500, this.options.maxReconnectDelay || 30000);
  }

  private async applicationToken(): Promise<string | null> {
    const token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    return token || null;
  }

  /** The credential: the application's token, else the anonymous token this client was given. */
  private async credential(): Promise<string | null> {
    return (await this.applicationToken()) || this.anonymousToken;
  }

  private setState(state: State, detail?: WelcomeFrame | ErrorFrame): void {
    this.state = state;
    this.onState(state, detail);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.connection) return;
    this.setState('connecting');
    let ticket: string | null = null;
    try {
      const token = await this.credential();
      if (token) {
        // A browser's WebSocket and EventSource cannot send headers: the token buys a single-use ticket.
        const response = await this.env.fetch(this.base + this.paths.tickets,
          { method: 'POST', headers: { Authorization: 'Bearer ' + token } });
        if (response.status === 401 || response.status === 403) {
          const problem = await response.json().catch(() => ({}));
          this.fail(localError(problem.code || (response.status === 401 ? 'unauthorized' : 'forbidden'),
            'the gateway refused the credential: ' + (problem.detail || response.status)));
          return;
        }
        if (!response.ok) throw new Error('ticket: ' + response.status);
        ticket = (await response.json()).ticket;
      }
    } catch {
      this.setState('closed');
      this.scheduleReconnect();
      return;
    }
    if (this.stopped || this.connection) return;
    this.chooseTransport();
    const events: ConnectionEvents = {
      frame: (frame) => { if (this.connection === connection) this.frame(frame); },
      end: (opened, code) => { if (this.connection === connection) this.ended(opened, code); },
    };
    const url = this.base + (this.transport === 'sse' ? this.paths.sse : this.paths.websocket) + this.query(ticket);
    const connection: Connection = this.transport === 'sse'
      ? new SseConnection(this.env.EventSource as never, url, this, events)
      : new WebSocketConnection(this.env.WebSocket as never, this.websocketUrl(url), events);
    this.connection = connection;
  }

  /** 'auto': SSE once WebSocket failed where HTTP got through; WebSocket again after websocketRetryInterval. */
  private chooseTransport(): void {
    if (this.mode !== 'auto' || !this.env.WebSocket || !this.env.EventSource) return;
    const threshold = this.options.websocketFailuresBeforeSse ?? 2;
    if (this.transport === 'websocket' && this.websocketFailures >= threshold) {
      this.transport = 'sse';
      this.sseSince = Date.now();
    } else if (this.transport === 'sse'
      && Date.now() - this.sseSince >= (this.options.websocketRetryInterval ?? 60000)) {
      this.transport = 'websocket';
      this.websocketFailures = threshold - 1;   // one more failure and it is SSE again
    }
  }

  private websocketUrl(path: string): string {
    const origin = this.base || (this.env.location ? this.env.location.protocol + '//' + this.env.location.host : '');
    return (this.base ? path : origin + path).replace(/^http/, 'ws');
  }

  private query(ticket: string | null): string {
    const params: string[] = [];
    if (ticket) params.push('ticket=' + encodeURIComponent(ticket));
    if (this.lastEventId) params.push('lastEventId=' + encodeURIComponent(this.lastEventId));
    params.push('url=' + encodeURIComponent(this.env.location ? this.env.location.href : ''));
    const type = clientType();
    if (type !== 'window') params.push('type=' + type);
    if (this.transport === 'sse') {
      for (const [channel, { position }] of this.channels) {
        params.push('subscribe=' + encodeURIComponent(position ? channel + ' ' + position : channel));
      }
    }
    return '?' + params.join('&');
  }

  /**
   * A connection ended: reconnect (or stop, if the server says the client is broken). A WebSocket that never
   * opened counts towards the SSE fallback: with a token, a connect gets that far only once its ticket POST
   * reached a gateway, so HTTP got through where the WebSocket did not (a node down in a rolling restart fails the
   * ticket first, and is no reason to leave WebSocket).
   */
  private ended(opened: boolean, code: number | undefined): void {
    const wasWebSocket = this.connection?.kind === 'websocket';
    this.connection = null;
    const welcomed = this.welcomed;
    this.welcomed = false;
    clearTimeout(this.refreshTimer);
    if (wasWebSocket && !opened && !welcomed) this.websocketFailures++;
    if (code !== undefined && FATAL_CLOSE_CODES[code]) {
      this.fail(localError('failed', 'the gateway closed the connection: ' + FATAL_CLOSE_CODES[code] + ' (' + code + ')'));
      return;
    }
    if (code === 1009) this.dropLastSent();
    this.setState('closed');
    this.scheduleReconnect();
  }

  /** 1009: a frame was over the gateway's size limit; sending it again would close the connection again. */
  private dropLastSent(): void {
    const entries = this.outbox.all();
    const last = entries[entries.length - 1];
    if (last) this.outbox.answer(last.frame.ref as string,
      localError('too-large', 'the gateway closed the connection (1009): the frame is over its size limit'));
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, this.delay(this.attempts++));
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.refreshTimer);
    clearTimeout(this.resendTimer);
    this.reconnectTimer = undefined;
    this.connection?.close();
    this.connection = null;
    this.welcomed = false;
  }

  /** A credential refused, or a broken client: stop, reject what waits, tell the page. */
  private fail(error: ErrorFrame): void {
    this.stop();
    this.outbox.failAll(error);
    this.setState('failed', error);
    this.onError(error);
  }

  // --- frames from the server ------------------------------------------------------------------------------------

  private frame(frame: Frame): void {
    switch (frame.type) {
      case 'welcome':
        this.welcome(frame as WelcomeFrame);
        break;
      case 'message': {
        const message = frame as MessageFrame;
        if (message.id) this.lastEventId = message.id;
        if (message.binary && typeof message.data === 'string') message.data = fromBase64(message.data);   // SSE
        if (message.ports) (message as unknown as { ports: Port[] }).ports = message.ports.map((id) => this.adoptPort(id));
        this.onMessage(message.data, message);
        break;
      }
      case 'publication': {
        const publication = frame as PublicationFrame;
        const channel = this.channels.get(publication.channel);
        if (!channel) break;
        if (publication.position) channel.position = publication.position;
        channel.listener(publication.data, publication);
        break;
      }
      case 'subscribed': {
        const subscribed = frame as SubscribedFrame;
        const channel = this.channels.get(subscribed.channel);
        if (subscribed.position && channel) channel.position = subscribed.position;
        // A subscription made again on reconnect (over SSE, in the URL) answers a subscribe that was waiting.
        const ref = subscribed.ref || this.outbox.find((entry) =>
          entry.frame.type === 'subscribe' && entry.frame.channel === subscribed.channel)?.frame.ref;
        if (ref) this.outbox.answer(ref, subscribed);
        break;
      }
      case 'port-message': {
        const port = this.ports.get(frame.port as string);
        if (!port) break;
        if (frame.position) port.position = frame.position as string;
        port.onmessage(frame.data, frame);
        break;
      }
      case 'port-closed': {
        const port = this.ports.get(frame.port as string);
        this.ports.delete(frame.port as string);
        port?.onclose();
        break;
      }
      case 'port-started':
        if (frame.position && this.ports.has(frame.port as string)) {
          (this.ports.get(frame.port as string) as Port).position = frame.position as string;
        }
        this.answered(frame);
        break;
      case 'worker-started':
      case 'worker-message':
      case 'worker-error':
      case 'worker-closed': {
        if (frame.id) this.lastEventId = frame.id as string;
        const worker = this.workers.get(frame.worker as string);
        if (!worker) break;
        if (frame.type === 'worker-message') worker.onmessage(frame.data, frame);
        else if (frame.type === 'worker-error') worker.onerror(frame);
        else if (frame.type === 'worker-started') worker.onstart(frame);
        else {
          this.workers.delete(worker.handle);
          worker.onclose(frame.reason as string, frame);
        }
        break;
      }
      case 'notification':
        this.notification(frame as NotificationFrame);
        break;
      case 'updatefound':
      case 'statechange':
      case 'controllerchange':
        this.onLifecycle(frame as LifecycleFrame);
        break;
      case 'reset': {
        const reset = frame as ResetFrame;
        if (reset.channel && this.channels.has(reset.channel)) (this.channels.get(reset.channel) as Channel).position = null;
        if (reset.port && this.ports.has(reset.port)) (this.ports.get(reset.port) as Port).position = null;
        this.onReset(reset.reason, reset);
        break;
      }
      case 'join':
      case 'leave':
        this.onPresence(frame as PresenceChangeFrame);
        break;
      case 'refreshed':
        this.scheduleRefresh((frame as RefreshedFrame).expiresAt);
        this.answered(frame);
        break;
      case 'error':
        this.error(frame as ErrorFrame);
        break;
      case 'ack':
      case 'unsubscribed':
      case 'presence':
      case 'port-opened':
        this.answered(frame);
        break;
      default:
        break;   // a frame of a newer gateway: ignored
    }
  }

  private answered(frame: Frame): void {
    if (frame.ref) this.outbox.answer(frame.ref, frame);
  }

  private welcome(frame: WelcomeFrame): void {
    this.clientId = frame.clientId;
    this.userId = frame.userId;   // 'user:' + userId is this user's private channel
    this.resumed = !!frame.resumed;
    if (frame.anonymousToken) this.anonymousToken = frame.anonymousToken;
    this.attempts = 0;
    if (this.connection?.kind === 'websocket') this.websocketFailures = 0;
    this.welcomed = true;
    if (this.options.clientCookie !== false && this.env.document) {
      this.env.document.cookie = (this.options.clientCookie || 'switchboard_client') + '='
        + encodeURIComponent(frame.clientId) + '; path=/; SameSite=Strict';
    }
    this.setState('open', frame);
    this.onWelcome(frame);
    this.applicationToken().then((token) => this.scheduleRefresh(token ? tokenExpiry(token) : undefined));
    this.renew();
  }

  /**
   * A new connection: what waits in the outbox goes first, in order (subscriptions and ports of the previous
   * connection are made again from their positions: over SSE the stream's URL named the channels already).
   */
  private renew(): void {
    const connection = this.connection as Connection;
    // First bring the waiting subscribe and port-start frames to the positions seen since they were queued.
    if (connection.kind === 'websocket') for (const channel of this.channels.keys()) this.subscribeAgain(channel);
    for (const port of this.ports.values()) this.startPort(port, false);
    for (const worker of this.workers.values()) this.startWorker(worker);
    for (const entry of this.outbox.all().slice()) {
      const frame = entry.frame;
      // Over SSE the stream's URL named the channels: its 'subscribed' answers a subscribe that was waiting.
      if (frame.type === 'subscribe' && connection.kind === 'sse' && this.channels.has(frame.channel as string)) continue;
      connection.send(entry);
    }
  }

  /** A subscribe of the channel from its last position: the one waiting in the outbox, else a new one. */
  private subscribeAgain(channel: string): void {
    const position = (this.channels.get(channel) as Channel).position;
    const waiting = this.outbox.find((entry) => entry.frame.type === 'subscribe' && entry.frame.channel === channel);
    if (waiting) {
      if (position) waiting.frame.since = position;
      return;
    }
    this.queue(position ? { type: 'subscribe', channel, since: position } : { type: 'subscribe', channel })
      .catch(() => {});
  }

  private error(error: ErrorFrame): void {
    if (error.ref && this.outbox.answer(error.ref, error)) return;
    if (error.code === 'rate-limited') {
      // Frames over the rate are dropped without an answer: what is still unanswered a moment later goes again.
      const unanswered = this.outbox.all().slice();
      clearTimeout(this.resendTimer);
      this.resendTimer = setTimeout(() => {
        for (const entry of unanswered) if (this.outbox.all().includes(entry) && this.welcomed) this.connection?.send(entry);
      }, 1000);
    }
    this.onError(error);
  }

  private notification(frame: NotificationFrame): void {
    const notification: Notification = Object.assign(frame, {
      click: (action = '') => this.notificationClick(frame, action),
      close: () => this.notificationClose(frame),
    });
    const Shown = this.env.Notification;
    if (this.options.showNotifications && Shown && Shown.permission === 'granted') {
      const shown = new Shown(frame.title, frame.options);
      shown.onclick = () => { notification.click('').catch(() => {}); };
      shown.onclose = () => { notification.close().catch(() => {}); };
    }
    this.onNotification(notification);
  }

  /** Refreshes the token in place refreshLeadTime before expiresAt (epoch seconds), so the connection stays. */
  private scheduleRefresh(expiresAt: number | undefined): void {
    clearTimeout(this.refreshTimer);
    const lead = this.options.refreshLeadTime ?? 30000;
    if (!expiresAt || !lead || typeof this.options.token !== 'function') return;
    const wait = Math.max(1000, expiresAt * 1000 - lead - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refresh().catch((error) => this.onError(error as ErrorFrame));
    }, wait);
  }

  /** A port a worker handed over (or this client opened): started at once, and again on every reconnect. */
  private adoptPort(id: string): Port {
    const port = this.ports.get(id) || new Port(id, this);
    this.ports.set(id, port);
    this.startPort(port, true);
    return port;
  }

  /** Starts a dedicated worker, or connects to a shared one (docs/workers.md). */
  worker(url: string, options: WorkerOptions = {}): RemoteWorker {
    const handle = options.handle || 'w' + (++this.workerCount);
    const start: Frame = options.shared
      ? { type: 'worker-start', worker: handle, url, kind: 'shared', name: options.name || '', sharing: options.sharing || 'user' }
      : { type: 'worker-start', worker: handle, url, kind: 'dedicated' };
    const worker = new RemoteWorker(handle, start, this);
    this.workers.set(handle, worker);
    this.send(start).catch((error: Frame) => worker.onerror(error));
    return worker;
  }

  /** On a new connection: the start of a worker again, unless one waits in the outbox already. */
  private startWorker(worker: RemoteWorker): void {
    const waiting = this.outbox.find((entry) => entry.frame.type === 'worker-start' && entry.frame.worker === worker.handle);
    if (!waiting) this.queue({ ...worker.startFrame }).catch(() => {});
  }

  /** A port-start of the port from its last position: the one waiting in the outbox, else a new one (sent if now). */
  private startPort(port: Port, now: boolean): void {
    const waiting = this.outbox.find((entry) => entry.frame.type === 'port-start' && entry.frame.port === port.id);
    if (waiting) {
      if (port.position) waiting.frame.since = port.position;
      return;
    }
    const frame: Frame = port.position ? { type: 'port-start', port: port.id, since: port.position }
      : { type: 'port-start', port: port.id };
    port.started = now ? this.send(frame) : this.queue(frame);
    port.started.catch(() => {});
  }

  /**
   * Sends one frame by POST (SSE): 'done' when it was answered (its promise settled), 'retry' when it should be
   * sent again (the network, a node that could not take it, a rate limit).
   */
  async post(clientId: string, entry: OutboxEntry): Promise<'done' | 'retry'> {
    const { bytes, ...frame } = entry.frame;
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const token = await this.credential();
    if (token) headers.Authorization = 'Bearer ' + token;
    const body = bytes ? { type: 'message', ref: frame.ref, binary: true, data: toBase64(bytes) } : frame;
    let status: number;
    let answer: Frame | { code?: string; detail?: string } | null = null;
    try {
      const response = await this.env.fetch(this.base + this.paths.clients + '/' + encodeURIComponent(clientId)
        + '/messages', { method: 'POST', headers, body: JSON.stringify(body) });
      status = response.status;
      if (status !== 204) answer = await response.json().catch(() => null);
    } catch {
      return 'retry';
    }
    if (status === 204) return 'done';   // the answer comes down the stream (a channel's 'subscribed')
    const code = answer && typeof (answer as { code?: unknown }).code === 'string'
      ? (answer as { code: string }).code : null;
    if (status >= 400 && code) {
      const meaning = (ERROR_CODES as Record<string, string>)[code];
      // unknown-client: the stream's node does not know this client (yet): the next stream will.
      if (meaning === 'reconnect' || meaning === 'later' || code === 'unknown-client') return 'retry';
      this.outbox.answer(frame.ref as string,
        { type: 'error', code, message: (answer as { detail?: string }).detail || code, ref: frame.ref });
      return 'done';
    }
    if (RETRYABLE_HTTP.has(status) || !answer) return 'retry';
    this.frame(answer as Frame);
    return 'done';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Web Push
// ---------------------------------------------------------------------------------------------------------------

export interface PushManagerLike {
  subscribe(options: { userVisibleOnly: boolean; applicationServerKey: Uint8Array }): Promise<{ toJSON(): object }>;
}

export interface PushOptions {
  /** push-service's origin (e.g. http://127.0.0.1:8083). */
  pushService: string;
  /** The user to subscribe; default: the client's. */
  userId?: string;
  /** A token whose sub is that user; default: the client's credential. */
  token?: string;
  /** The Switchboard registration a push wakes while the user is connected (push-service's default if absent). */
  registration?: string;
  /** The PushManager to subscribe with; default: the browser's service worker registration's. */
  pushManager?: PushManagerLike;
  fetch?: typeof fetch;
}

/**
 * Web Push for a user: push-service's current VAPID key, a subscription of the browser's PushManager with it, and
 * that subscription stored in push-service for the user (docs/push.md, "A walk through").
 */
export async function subscribePush(options: PushOptions & { userId: string }): Promise<unknown> {
  const http = options.fetch || fetch;
  const base = options.pushService.replace(/\/$/, '');
  const manager = options.pushManager || await browserPushManager();
  const keyResponse = await http(base + '/push/vapid/public-key');
  if (!keyResponse.ok) throw localError('unsupported', 'push-service gave no VAPID key: ' + keyResponse.status);
  const { publicKey } = await keyResponse.json();
  const subscription = (await manager.subscribe({ userVisibleOnly: true, applicationServerKey: fromBase64(publicKey) }))
    .toJSON();
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token) headers.Authorization = 'Bearer ' + options.token;
  const body: Record<string, unknown> = { ...subscription, applicationServerKey: publicKey };
  if (options.registration) body.registration = options.registration;
  const stored = await http(base + '/push/users/' + encodeURIComponent(options.userId) + '/subscriptions',
    { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = await stored.json().catch(() => ({}));
  if (!stored.ok) {
    throw { type: 'error', code: answer.code || String(stored.status), message: answer.detail || 'refused' } as ErrorFrame;
  }
  return answer;
}

async function browserPushManager(): Promise<PushManagerLike> {
  const navigator = (globalThis as { navigator?: { serviceWorker?: { ready: Promise<{ pushManager?: PushManagerLike }> } } })
    .navigator;
  if (!navigator || !navigator.serviceWorker || typeof (globalThis as Record<string, unknown>).PushManager === 'undefined') {
    throw localError('unsupported', 'this browser has no PushManager');
  }
  const registration = await navigator.serviceWorker.ready;
  if (!registration.pushManager) throw localError('unsupported', 'this browser has no PushManager');
  return registration.pushManager;
}

export default Switchboard;
