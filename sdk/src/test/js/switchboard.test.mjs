// Unit tests of the SDK (node's test runner) over real sockets against the scripted gateway: reconnect and resume,
// backoff, the order of what is sent, fatal errors, the WebSocket → SSE fallback and its recovery, the outbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import WebSocket from 'ws';
import { EventSource } from 'eventsource';
import {
  Switchboard, backoffDelay, MemoryStore, SERVER_FRAMES, CLIENT_FRAMES, tokenExpiry, subscribePush, fromBase64,
} from '../../../target/dist/switchboard.js';
import { ScriptedGateway, eventually } from './gateway.mjs';

const environment = { WebSocket, EventSource, location: { href: 'http://test/', protocol: 'http:', host: 'test' } };

/** A client of the gateway with fast reconnects; closed after the test. */
function client(t, gateway, options = {}) {
  const sb = new Switchboard({
    url: gateway.url, token: 'a-token', minReconnectDelay: 20, maxReconnectDelay: 100, environment, ...options,
  });
  t.after(() => sb.close());
  return sb;
}

async function started(t, options) {
  const gateway = await new ScriptedGateway(options).start();
  t.after(() => gateway.stop());
  return gateway;
}

const open = (sb) => eventually(() => sb.state === 'open', 20000, 'the client opened');

test('backoff doubles from the minimum to the maximum, with jitter in the upper half', () => {
  assert.equal(backoffDelay(0, 500, 30000, () => 0), 250);
  assert.equal(backoffDelay(0, 500, 30000, () => 1), 500);
  assert.equal(backoffDelay(3, 500, 30000, () => 1), 4000);
  assert.equal(backoffDelay(10, 500, 30000, () => 1), 30000);
  assert.equal(backoffDelay(10, 500, 30000, () => 0), 15000);
  assert.equal(backoffDelay(1000, 500, 30000, () => 0.5), 22500, 'no overflow for a long outage');
});

test('the protocol lists have every frame once', () => {
  assert.equal(new Set(SERVER_FRAMES).size, SERVER_FRAMES.length);
  assert.equal(new Set(CLIENT_FRAMES).size, CLIENT_FRAMES.length);
});

test('a dropped connection is reopened and resumes from the last message seen', async (t) => {
  const gateway = await started(t);
  const received = [];
  const welcomes = [];
  const sb = client(t, gateway, { transport: 'websocket', onMessage: (data) => received.push(data),
    onWelcome: (frame) => welcomes.push(frame) });
  await open(sb);
  gateway.broadcast({ type: 'message', id: sb.clientId + ':7', eventId: 'e7', data: { n: 7 } });
  await eventually(() => received.length === 1);
  gateway.dropAll();
  await eventually(() => welcomes.length === 2, 20000, 'a second welcome');
  assert.equal(gateway.connects[1].query.get('lastEventId'), 'c1:7');
  assert.equal(gateway.connects[1].query.get('ticket'), 't2', 'a fresh ticket for every connect');
  assert.equal(welcomes[1].resumed, true);
  assert.equal(sb.resumed, true);
  assert.equal(sb.clientId, 'c1');
});

test('frames posted while offline and frames unanswered when the connection broke are sent again in order',
  async (t) => {
    const gateway = await started(t);
    const ordered = client(t, gateway, { transport: 'websocket' });
    const early = [1, 2, 3].map((n) => ordered.postMessage({ n }));   // before the first connection
    await open(ordered);
    const earlyAcks = await Promise.all(early);
    gateway.holdAcks = true;
    const unanswered = [4, 5, 6].map((n) => ordered.postMessage({ n }));
    await eventually(() => gateway.messages().length === 6);
    gateway.dropAll();
    gateway.releaseAcks();   // too late: that connection is gone
    const late = [7, 8].map((n) => ordered.postMessage({ n }));
    const acks = [...earlyAcks, ...await Promise.all([...unanswered, ...late])];
    assert.deepEqual(acks.map((ack) => ack.type), Array(8).fill('ack'));
    const second = gateway.received.filter((frame) => frame.type === 'message').slice(6).map((frame) => frame.data.n);
    assert.deepEqual(second, [4, 5, 6, 7, 8], 'the unanswered first, in order, then the new ones');
  });

test('what a previous page left in the outbox goes before anything new', async (t) => {
  const gateway = await started(t);
  const store = new MemoryStore();
  await store.put({ seq: 4, frame: { type: 'message', data: { left: 2 }, ref: 'o4.old' } });
  await store.put({ seq: 2, frame: { type: 'message', data: { left: 1 }, ref: 'o2.old' } });
  const sb = client(t, gateway, { transport: 'websocket', outbox: { store } });
  const fresh = sb.postMessage({ fresh: true });
  await fresh;
  assert.deepEqual(gateway.messages(), [{ left: 1 }, { left: 2 }, { fresh: true }]);
  await eventually(async () => (await store.load()).length === 0, 20000, 'the acked entries leave the store');
});

test('the outbox is bounded: one frame past max is refused with queue-full', async (t) => {
  const sb = new Switchboard({ url: 'http://127.0.0.1:1', environment, outbox: { max: 3 } });
  t.after(() => sb.close());
  const waiting = [1, 2, 3].map((n) => sb.postMessage({ n }));
  await assert.rejects(sb.postMessage({ n: 4 }), (error) => error.code === 'queue-full');
  assert.equal(Switchboard.retryable({ code: 'queue-full' }), true);
  sb.close();
  for (const result of await Promise.allSettled(waiting)) assert.equal(result.reason.code, 'closed');
});

test('a refused token is fatal: no reconnect loop, everything waiting is rejected', async (t) => {
  const gateway = await started(t);
  gateway.refuseTokens = true;
  const errors = [];
  const sb = client(t, gateway, { onError: (error) => errors.push(error) });
  const pending = sb.postMessage({ n: 1 });
  await assert.rejects(pending, (error) => error.code === 'unauthorized');
  assert.equal(sb.state, 'failed');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(gateway.tickets, 1, 'no second ticket request');
  assert.equal(errors[0].code, 'unauthorized');
  await assert.rejects(sb.postMessage({ n: 2 }), (error) => error.code === 'failed');
  gateway.refuseTokens = false;
  sb.reconnect();
  await open(sb);
});

test('close() rejects what is waiting instead of leaving it pending', async (t) => {
  const gateway = await started(t);
  gateway.holdAcks = true;
  const sb = client(t, gateway, { transport: 'websocket' });
  await open(sb);
  const pending = sb.postMessage({ n: 1 });
  await eventually(() => gateway.messages().length === 1);
  sb.close();
  await assert.rejects(pending, (error) => error.code === 'closed');
  assert.equal(sb.state, 'closed');
});

test('auto falls back to SSE when WebSocket does not get through, and goes back to WebSocket later', async (t) => {
  const gateway = await started(t);
  gateway.blockWebSocket = true;
  const sb = client(t, gateway, { websocketRetryInterval: 300 });
  await open(sb);
  assert.equal(sb.transport, 'sse');
  assert.deepEqual(gateway.connects.map((c) => c.transport), ['sse']);
  const ack = await sb.postMessage({ over: 'sse' });
  assert.equal(ack.type, 'ack');
  assert.equal(gateway.received.at(-1).transport, 'post');

  gateway.blockWebSocket = false;
  await new Promise((resolve) => setTimeout(resolve, 300));
  gateway.dropAll();
  await eventually(() => sb.state === 'open' && sb.transport === 'websocket', 20000, 'back on WebSocket');
  await sb.postMessage({ over: 'websocket' });
  assert.equal(gateway.received.at(-1).transport, 'websocket');
});

test('a gateway that is down (a rolling restart) is no reason to leave WebSocket', async (t) => {
  const gateway = new ScriptedGateway();
  await gateway.start();
  const port = gateway.port;
  await gateway.stop();
  const sb = new Switchboard({ url: 'http://127.0.0.1:' + port, token: 'x', minReconnectDelay: 20,
    maxReconnectDelay: 40, environment });
  t.after(() => sb.close());
  await new Promise((resolve) => setTimeout(resolve, 400));   // several failed connects
  const back = new ScriptedGateway();
  await back.start(port);
  t.after(() => back.stop());
  await open(sb);
  assert.equal(sb.transport, 'websocket');
  assert.deepEqual(back.connects.map((c) => c.transport), ['websocket']);
});

test('POSTs over SSE keep their order when one is refused and retried', async (t) => {
  const gateway = await started(t);
  const sb = client(t, gateway, { transport: 'sse' });
  await open(sb);
  gateway.refusePosts = [[503, 'not-accepted'], [429, 'rate-limited']];
  const acks = await Promise.all([1, 2, 3, 4].map((n) => sb.postMessage({ n })));
  assert.equal(acks.length, 4);
  assert.deepEqual(gateway.messages().map((data) => data.n), [1, 2, 3, 4]);
});

test('a POST refused for good rejects its frame and the next ones still go', async (t) => {
  const gateway = await started(t);
  const sb = client(t, gateway, { transport: 'sse' });
  await open(sb);
  gateway.refusePosts = [[400, 'bad-frame']];
  await assert.rejects(sb.sync('x'.repeat(200)), (error) => error.code === 'bad-frame' && !Switchboard.retryable(error));
  await sb.postMessage({ after: true });
  assert.deepEqual(gateway.messages(), [{ after: true }]);
});

test('SSE disconnects do not throw, and channels are named again in the URL from their position', async (t) => {
  const gateway = await started(t);
  const publications = [];
  const sb = client(t, gateway, { transport: 'sse' });
  await open(sb);
  const subscribed = await sb.subscribe('chat:a', (data) => publications.push(data));
  assert.ok(subscribed.position);
  gateway.broadcast({ type: 'publication', channel: 'chat:a', eventId: 'p', data: 1, position: '3:41' });
  await eventually(() => publications.length === 1);
  gateway.dropAll();
  await eventually(() => gateway.connects.length === 2 && sb.state === 'open');
  assert.deepEqual(gateway.connects[1].query.getAll('subscribe'), ['chat:a 3:41']);
});

test('over WebSocket a reconnect subscribes again from the last position', async (t) => {
  const gateway = await started(t);
  const sb = client(t, gateway, { transport: 'websocket' });
  await open(sb);
  await sb.subscribe('chat:b', () => {});
  gateway.broadcast({ type: 'publication', channel: 'chat:b', eventId: 'p', data: 1, position: '2:9' });
  await eventually(() => sb.state === 'open');
  await new Promise((resolve) => setTimeout(resolve, 50));
  gateway.dropAll();
  await eventually(() => gateway.received.filter((f) => f.type === 'subscribe').length === 2);
  const again = gateway.received.filter((f) => f.type === 'subscribe')[1];
  assert.equal(again.channel, 'chat:b');
  assert.equal(again.since, '2:9');
});

test('notifications, lifecycle frames and errors without a ref reach the page; a click goes back', async (t) => {
  const gateway = await started(t);
  const notifications = [];
  const lifecycle = [];
  const errors = [];
  const sb = client(t, gateway, { transport: 'websocket', onNotification: (n) => notifications.push(n),
    onLifecycle: (f) => lifecycle.push(f), onError: (e) => errors.push(e) });
  await open(sb);
  gateway.broadcast({ type: 'notification', eventId: 'n1', registration: 'echo', title: 'shipped',
    options: { tag: 'order-42', data: { orderId: 42 } } });
  gateway.broadcast({ type: 'statechange', eventId: 'l1', registrationId: 'r', scope: 's', version: 'v',
    state: 'activated' });
  gateway.broadcast({ type: 'error', code: 'event-failed', eventId: 'e9', message: 'handler-failed' });
  await eventually(() => notifications.length && lifecycle.length && errors.length);
  await notifications[0].click('open');
  const click = gateway.received.at(-1);
  assert.equal(click.type, 'notificationclick');
  assert.deepEqual(click.data, { tag: 'order-42', action: 'open', data: { orderId: 42 } });
  await notifications[0].close();
  assert.equal(gateway.received.at(-1).type, 'notificationclose');
  assert.equal(lifecycle[0].state, 'activated');
  assert.equal(errors[0].code, 'event-failed');
});

test('the paths are the gateway\'s, not fixed', async (t) => {
  const paths = { websocket: '/rt/socket', sse: '/rt/events', clients: '/rt/c', tickets: '/rt/t' };
  const gateway = await started(t, { paths });
  const overWs = client(t, gateway, { transport: 'websocket', paths });
  await open(overWs);
  const overSse = client(t, gateway, { transport: 'sse', paths });
  await open(overSse);
  await overSse.postMessage({ via: 'post' });
  assert.equal(gateway.received.at(-1).transport, 'post');
});

test('binary messages go as a binary WebSocket frame and as base64 over POST', async (t) => {
  const gateway = await started(t);
  const ws = client(t, gateway, { transport: 'websocket' });
  await open(ws);
  await ws.postMessage(new Uint8Array([0, 1, 255]));
  assert.deepEqual(gateway.received.at(-1).bytes.slice(-3), [0, 1, 255]);
  const sse = client(t, gateway, { transport: 'sse' });
  await open(sse);
  await sse.postMessage(new Uint8Array([9, 8]));
  assert.deepEqual([...fromBase64(gateway.received.at(-1).data)], [9, 8]);
  assert.equal(gateway.received.at(-1).binary, true);
});

test('a JWT\'s expiry is read so the token can be refreshed before it', () => {
  const claims = Buffer.from(JSON.stringify({ sub: 'alice', exp: 1767225600 })).toString('base64url');
  assert.equal(tokenExpiry('h.' + claims + '.s'), 1767225600);
  assert.equal(tokenExpiry('not a jwt'), undefined);
});

test('subscribePush: the VAPID key from push-service, the PushManager\'s subscription stored for the user',
  async (t) => {
    const key = Buffer.alloc(65, 4).toString('base64url');
    const requests = [];
    const push = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        requests.push({ method: request.method, url: request.url, auth: request.headers.authorization, body });
        response.writeHead(request.method === 'GET' ? 200 : 201, { 'Content-Type': 'application/json' });
        response.end(request.method === 'GET' ? JSON.stringify({ keyId: 'k1', publicKey: key }) : body);
      });
    });
    await new Promise((resolve) => push.listen(0, '127.0.0.1', resolve));
    t.after(() => push.close());
    let subscribedWith;
    const pushManager = {
      subscribe: async (options) => {
        subscribedWith = options;
        return { toJSON: () => ({ endpoint: 'https://push.example/1', expirationTime: null,
          keys: { p256dh: 'p', auth: 'a' } }) };
      },
    };
    const stored = await subscribePush({ pushService: 'http://127.0.0.1:' + push.address().port, userId: 'alice',
      token: 'jwt', registration: 'cart', pushManager });
    assert.equal(subscribedWith.userVisibleOnly, true);
    assert.deepEqual([...subscribedWith.applicationServerKey], [...Buffer.alloc(65, 4)]);
    assert.equal(requests[1].url, '/push/users/alice/subscriptions');
    assert.equal(requests[1].auth, 'Bearer jwt');
    assert.equal(stored.applicationServerKey, key);
    assert.equal(stored.registration, 'cart');
    await assert.rejects(subscribePush({ pushService: 'http://127.0.0.1:1', userId: 'a' }),
      (error) => error.code === 'unsupported', 'no PushManager in node');
  });

test('a worker is started, posted to at once in order, hears its frames, and is started again on reconnect',
  async (t) => {
    const gateway = await started(t);
    const sb = client(t, gateway, { transport: 'websocket' });
    await open(sb);
    const worker = sb.worker('https://app.test/counter.js', { handle: 'c' });
    const heard = [];
    worker.onmessage = (data) => heard.push(data);
    let closedWith = null;
    worker.onclose = (reason) => { closedWith = reason; };
    await Promise.all([worker.postMessage({ n: 1 }), worker.postMessage({ n: 2 })]);
    const sent = gateway.received.filter((f) => f.type.startsWith('worker-'));
    assert.deepEqual(sent.map((f) => f.type), ['worker-start', 'worker-post', 'worker-post']);
    assert.equal(sent[0].url, 'https://app.test/counter.js');
    assert.equal(sent[0].kind, 'dedicated');
    assert.deepEqual(sent.slice(1).map((f) => f.data.n), [1, 2]);

    gateway.broadcast({ type: 'worker-message', worker: 'c', id: sb.clientId + ':3', eventId: 'm', data: { count: 2 } });
    await eventually(() => heard.length === 1);
    assert.deepEqual(heard[0], { count: 2 });
    assert.equal(sb.lastEventId, sb.clientId + ':3', 'worker frames are in the client stream');

    gateway.dropAll();
    await eventually(() => gateway.received.filter((f) => f.type === 'worker-start').length === 2, 20000,
      'the worker started again');
    gateway.broadcast({ type: 'worker-closed', worker: 'c', eventId: 'x', reason: 'terminated' });
    await eventually(() => closedWith === 'terminated');
  });

test('a shared worker is started with its name and sharing', async (t) => {
  const gateway = await started(t);
  const sb = client(t, gateway, { transport: 'websocket' });
  await open(sb);
  sb.worker('https://app.test/room.js', { shared: true, name: 'lobby' });
  await eventually(() => gateway.received.some((f) => f.type === 'worker-start'));
  const start = gateway.received.find((f) => f.type === 'worker-start');
  assert.equal(start.kind, 'shared');
  assert.equal(start.name, 'lobby');
  assert.equal(start.sharing, 'user');
});
