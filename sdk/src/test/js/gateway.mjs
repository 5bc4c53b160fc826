// A scripted gateway for the SDK's unit tests: the endpoints of docs/protocol.md (tickets, WebSocket, SSE, POST) on
// a real HTTP server with the ws package's real WebSocket server, so that the SDK runs over real sockets. What it
// answers is what a test sets: refuse tokens, block WebSocket upgrades, hold acks, refuse a POST with a problem.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

export class ScriptedGateway {
  constructor(options = {}) {
    this.paths = { websocket: '/ws', sse: '/sse', clients: '/clients', tickets: '/tickets', ...options.paths };
    this.refuseTokens = false;
    this.blockWebSocket = false;
    this.holdAcks = false;
    /** Answers the next POSTs (one each) with these statuses and problem codes, e.g. [[503, 'not-accepted']]. */
    this.refusePosts = [];
    this.tickets = 0;
    this.connects = [];   // {transport, query} of every connection accepted
    this.received = [];   // every client frame, in arrival order, with the transport it came by
    this.sockets = new Set();
    this.streams = new Set();
    this.held = [];
    this.nextClient = 1;
    this.server = createServer((request, response) => this.http(request, response));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (request, socket, head) => {
      const url = new URL(request.url, 'http://x');
      if (url.pathname !== this.paths.websocket || this.blockWebSocket) { socket.destroy(); return; }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.websocket(ws, url));
    });
  }

  async start(port = 0) {
    await new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    this.url = 'http://127.0.0.1:' + this.port;
    return this;
  }

  /** Stops listening and drops every connection (a node that died). */
  async stop() {
    this.dropAll();
    await new Promise((resolve) => this.server.close(resolve));
    this.server.closeAllConnections?.();
  }

  /** Ends every connection, as a network cut or a node's death does. */
  dropAll() {
    for (const ws of this.sockets) ws.terminate();
    for (const stream of this.streams) stream.destroy();
    this.sockets.clear();
    this.streams.clear();
  }

  /** Sends a frame to every open connection. */
  broadcast(frame) {
    for (const ws of this.sockets) ws.send(JSON.stringify(frame));
    for (const stream of this.streams) event(stream, frame);
  }

  /** Acks what was held (in order) and acks from now on. */
  releaseAcks() {
    this.holdAcks = false;
    for (const { reply, frame } of this.held.splice(0)) reply(ack(frame));
  }

  welcome(query) {
    const resumed = !!query.get('lastEventId');
    const clientId = resumed ? query.get('lastEventId').split(':')[0] : 'c' + this.nextClient++;
    return { type: 'welcome', clientId, userId: 'alice', node: 'scripted', resumed };
  }

  websocket(ws, url) {
    this.sockets.add(ws);
    this.connects.push({ transport: 'websocket', query: url.searchParams });
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify(this.welcome(url.searchParams)));
    ws.on('message', (data, binary) => {
      const frame = binary ? unwrap(data) : JSON.parse(data.toString());
      this.receive(frame, 'websocket', (answer) => ws.send(JSON.stringify(answer)));
    });
  }

  receive(frame, transport, reply) {
    this.received.push({ ...frame, transport });
    if (frame.type === 'subscribe') {
      reply({ type: 'subscribed', channel: frame.channel, ref: frame.ref, position: '0:' + this.received.length });
    } else if (this.holdAcks) {
      this.held.push({ reply, frame });
    } else {
      reply(ack(frame));
    }
  }

  http(request, response) {
    const url = new URL(request.url, 'http://x');
    if (request.method === 'POST' && url.pathname === this.paths.tickets) {
      this.tickets++;
      if (this.refuseTokens) return problem(response, 401, 'unauthorized', 'the token does not verify');
      response.writeHead(201, { 'Content-Type': 'application/json' });
      return response.end(JSON.stringify({ ticket: 't' + this.tickets, expiresIn: 30 }));
    }
    if (request.method === 'GET' && url.pathname === this.paths.sse) {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      response.write('retry: 2000\n\n');
      this.streams.add(response);
      this.connects.push({ transport: 'sse', query: url.searchParams });
      response.on('close', () => this.streams.delete(response));
      event(response, this.welcome(url.searchParams));
      for (const subscribe of url.searchParams.getAll('subscribe')) {
        const [channel, since] = subscribe.split(' ');
        this.received.push({ type: 'subscribe', channel, since, transport: 'sse-url' });
        event(response, { type: 'subscribed', channel, position: '0:' + this.received.length });
      }
      return undefined;
    }
    if (request.method === 'POST' && url.pathname.startsWith(this.paths.clients + '/')) {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        const refusal = this.refusePosts.shift();
        if (refusal) return problem(response, refusal[0], refusal[1], 'refused by the test');
        const frame = JSON.parse(body);
        this.receive(frame, 'post', (answer) => {
          if (answer.type === 'subscribed') {
            for (const stream of this.streams) event(stream, answer);
            response.writeHead(204);
            return response.end();
          }
          response.writeHead(202, { 'Content-Type': 'application/json' });
          return response.end(JSON.stringify(answer));
        });
        return undefined;
      });
      return undefined;
    }
    response.writeHead(404);
    return response.end();
  }

  /** The data of every message frame received, in order. */
  messages() {
    return this.received.filter((frame) => frame.type === 'message').map((frame) => frame.data);
  }
}

/** A binary WebSocket frame: 2-byte header length, the JSON header, the payload (docs/protocol.md). */
function unwrap(data) {
  const length = data.readUInt16BE(0);
  const header = length ? JSON.parse(data.subarray(2, 2 + length).toString()) : { type: 'message' };
  return { ...header, binary: true, bytes: [...data.subarray(2 + length)] };
}

function ack(frame) {
  return { type: 'ack', eventId: 'e-' + frame.ref, ref: frame.ref };
}

function event(stream, frame) {
  stream.write('event: ' + frame.type + '\ndata: ' + JSON.stringify(frame) + '\n\n');
}

function problem(response, status, code, detail) {
  response.writeHead(status, { 'Content-Type': 'application/problem+json' });
  response.end(JSON.stringify({ type: 'https://switchboard.dev/problems/' + code, title: code, status, detail, code }));
}

/** Resolves once check() is true (polled), or rejects after timeout ms. */
export async function eventually(check, timeout = 20000, what = 'the condition') {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(what + ' did not hold within ' + timeout + ' ms');
}
