'use strict';
// The peer of the channel fan-out benchmark (docs/benchmarks.md, ChannelFanOutBenchmark): Socket.IO rooms on
// two nodes. A node cluster of one worker per PORT, each a Socket.IO server on its port, joined by
// @socket.io/cluster-adapter (broadcasts relayed through the primary over IPC), WebSocket transport only.
//
//   node bench/socketio-fanout.js PORT [PORT ...]
//
// Events: "subscribe" (room name, acknowledged once joined), "publish" ({room, data, envelope}, acknowledged once
// handed to the adapter: to every other member of the room on every node, as "publication" with data, or with
// {type, channel, eventId, data} when envelope is true).
// Once every node listens, the primary checks with the real socket.io-client that a publication on one node
// reaches a subscriber on each node, then prints "ready PORT PORT ..." on stdout. It ends when its stdin closes.
const cluster = require('node:cluster');
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Server } = require('socket.io');
const { createAdapter, setupPrimary } = require('@socket.io/cluster-adapter');

const PORTS = process.argv.slice(2).map(Number);
const READY_TIMEOUT_MS = 30000;

if (cluster.isPrimary) {
  // Each worker accepts its own connections: the primary only relays the adapter's messages.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  setupPrimary();
  const ports = PORTS;
  let listening = 0;
  for (const port of ports) {
    const worker = cluster.fork({ FANOUT_PORT: String(port) });
    worker.on('message', (message) => {
      if (message === 'listening' && ++listening === ports.length) {
        probe(ports).then(() => process.stdout.write(`ready ${ports.join(' ')}\n`), (failure) => {
          process.stderr.write(`FAILED ${failure}\n`);
          process.exit(1);
        });
      }
    });
  }
  cluster.on('exit', (worker, code) => {
    process.stderr.write(`socket.io node ${worker.process.pid} ended (${code})\n`);
    process.exit(1);
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers)) {
      worker.process.kill();
    }
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
} else {
  const server = http.createServer();
  const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
  io.adapter(createAdapter());
  io.on('connection', (socket) => {
    socket.on('subscribe', (room, ack) => {
      socket.join(String(room));
      if (typeof ack === 'function') {
        ack();
      }
    });
    socket.on('publish', (message, ack) => {
      const room = String(message.room);
      // envelope: the publication as long as Switchboard's frame (its type, the channel, a new event id).
      socket.to(room).emit('publication', message.envelope
        ? { type: 'publication', channel: room, eventId: randomUUID(), data: message.data }
        : message.data);
      if (typeof ack === 'function') {
        ack();
      }
    });
  });
  server.listen(Number(process.env.FANOUT_PORT), '127.0.0.1', () => process.send('listening'));
}

/** One subscriber on each node, a publisher on the first: the publication reaches both. */
async function probe(ports) {
  const { io } = require('socket.io-client');
  const room = `probe-${process.pid}`;
  const connect = (port) => new Promise((resolve, reject) => {
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false,
      timeout: READY_TIMEOUT_MS });
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
  const subscribers = await Promise.all(ports.map(connect));
  await Promise.all(subscribers.map((socket) => socket.timeout(READY_TIMEOUT_MS).emitWithAck('subscribe', room)));
  const received = subscribers.map((socket) => new Promise((resolve) => socket.once('publication', resolve)));
  const publisher = await connect(ports[0]);
  await publisher.timeout(READY_TIMEOUT_MS).emitWithAck('publish', { room, data: { probe: true } });
  let timer;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('the probe publication did not reach every node')), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all(received), late]);
  } finally {
    clearTimeout(timer);
    [...subscribers, publisher].forEach((socket) => socket.close());
  }
}
