/*
 * Switchboard browser client: no dependencies, one file, served by every gateway at /switchboard.js.
 *
 *   const sb = new Switchboard({
 *     transport: 'auto',            // 'websocket', 'sse', or 'auto' (WebSocket, falling back to SSE)
 *     token: () => myJwt,            // optional: a string or a function returning the current token
 *                                    // (exchanged for a single-use ticket before each connect)
 *     onMessage: (data, frame) => {},// a message from your worker (frame.id is its stream position)
 *     onNotification: (frame) => {}, // your worker called showNotification: frame.title, frame.options
 *     onLifecycle: (frame) => {},    // updatefound, statechange or controllerchange of your registration
 *     onReset: (reason, frame) => {},// continuity lost: reload your state from the server (frame.channel:
 *                                    // only that channel's)
 *     onState: (state) => {},        // 'connecting' | 'open' | 'closed'
 *     onPresence: (frame) => {},     // 'join' or 'leave' of a channel with presence: frame.channel, .clientId, .userId
 *     clientCookie: 'switchboard_client', // cookie naming this client, so the page's own requests are
 *                                    // intercepted by its service worker (docs/fetch.md); false: none
 *   });
 *   await sb.postMessage({ item: 'apple' });   // resolves with the ack once the message is in Kafka
 *   await sb.sync('outbox', { drafts: [1] });   // registration.sync.register(tag), with a payload for the event
 *   sb.notificationClick(frame, 'open');        // the user clicked a notification frame (or its action button)
 *   sb.notificationClose(frame);                // the user dismissed it
 *   sb.refresh();                               // hands the current token() to the open connection in place
 *   await sb.subscribe('chat:lobby', (data, frame) => {});   // a channel's publications (docs/protocol.md,
 *                                               // "Channels"); resolves with the 'subscribed' frame
 *   await sb.publish('chat:lobby', { text: 'hi' }, { echo: false }); // every subscriber but this client gets it
 *   await sb.unsubscribe('chat:lobby');
 *   (await sb.presence('room:42')).clients;     // [{clientId, userId}] of a channel whose namespace keeps presence
 *   sb.subscribe('user:' + sb.userId, (data) => {});   // once open: what the server sends to all of this user's devices
 *   // MessageChannel ports a worker hands over arrive in frame.ports of onMessage, already started:
 *   //   port.onmessage = (data, frame) => {}; port.onclose = () => {}; port.postMessage({ hi: 1 }); port.close();
 *   const [port1, port2] = await sb.openChannel();   // a MessageChannel of this client's own, both ends started
 *   await sb.postMessage({ call: 'bob' }, [port2]);   // passes port2 to the worker (it is no longer this client's)
 *   sb.close();
 *
 * Each of these resolves with the ack (or 'refreshed') and rejects with the error frame ({code, message}), also
 * when the frame went by HTTP POST and the gateway answered with a problem (docs/errors.md);
 * Switchboard.retryable(error) says whether sending it again later can succeed.
 *
 * It reconnects by itself with exponential backoff and jitter, and resumes: every reconnect hands back the id
 * of the last message seen, so nothing sent meanwhile is missed and nothing is delivered twice. The browser
 * answers the server's WebSocket pings itself; a connection the server closes for a missed pong (4000), an
 * expired token (4001), a slow read (4008), a rate limit (4029) or a shutdown (1001) is simply reopened. Without
 * a token (the gateway's anonymous development mode) the client keeps the anonymous token the welcome frame
 * gives it, which is its only proof of being the same client when it resumes or posts. A token never goes in a
 * URL: each connect first exchanges it for a single-use ticket. Channel subscriptions are made again on every
 * reconnect from the last position seen, so a channel with history loses nothing either (or says 'reset').
 * Over SSE they are named in the stream's URL; a subscribe while the stream is open goes by POST and reaches
 * only the node holding the stream. The protocol is docs/protocol.md.
 */
(function (global) {
  'use strict';

  // Answers without a problem body (a proxy's) after which a POST is sent again.
  var RETRYABLE_HTTP = { 0: true, 502: true, 503: true, 504: true };

  // The frame types the server sends (docs/protocol.md); a test holds this list to the gateway's FrameType.
  var SERVER_FRAMES = ['welcome', 'refreshed', 'ack', 'message', 'notification', 'updatefound', 'statechange',
    'controllerchange', 'reset', 'subscribed', 'unsubscribed', 'publication', 'join', 'leave', 'presence',
    'port-opened', 'port-started', 'port-message', 'port-closed', 'worker-started', 'worker-message', 'worker-error',
    'worker-closed', 'error'];

  // Every error code (docs/protocol.md; a test holds this list to the gateway's ErrorCode) and what it means for
  // the frame refused: 'reconnect' (this node could not take it: a POST is sent again after reconnecting), 'later'
  // (send it again once the rate allows), 'fail' (it will not succeed as it is).
  var ERROR_CODES = {
    'unauthorized': 'fail', 'forbidden-origin': 'fail', 'forbidden': 'fail', 'bad-handshake': 'fail',
    'unsupported-version': 'fail', 'too-many-connections': 'reconnect', 'rate-limited': 'later', 'bad-json': 'fail',
    'bad-frame': 'fail', 'unknown-type': 'fail', 'too-large': 'fail', 'draining': 'reconnect',
    'unknown-client': 'fail', 'not-accepted': 'reconnect', 'event-failed': 'fail', 'unknown-channel': 'fail',
    'too-many-channels': 'fail', 'unknown-port': 'fail', 'unknown-worker': 'fail', 'too-many-workers': 'fail'
  };

  function Switchboard(options) {
    options = options || {};
    this.base = (options.url || '').replace(/\/$/, '');
    this.transport = options.transport || 'auto';
    this.token = options.token;
    this.onMessage = options.onMessage || function () {};
    this.onNotification = options.onNotification || function () {};
    this.onLifecycle = options.onLifecycle || function () {};
    this.onReset = options.onReset || function () {};
    this.onState = options.onState || function () {};
    this.onPresence = options.onPresence || function () {};
    this.clientCookie = options.clientCookie === undefined ? 'switchboard_client' : options.clientCookie;
    this.minDelay = options.minReconnectDelay || 500;
    this.maxDelay = options.maxReconnectDelay || 30000;
    this.clientId = null;
    this.anonymousToken = null;
    this.lastEventId = null;
    this.pending = {};
    this.queue = [];
    this.attempts = 0;
    this.closed = false;
    this.useSse = this.transport === 'sse' || typeof WebSocket === 'undefined';
    this.refs = 0;
    this.channels = {};   // channel -> { listener, position }: what is subscribed again on reconnect
    this.ports = {};      // MessageChannel port id -> the port object: started again on reconnect
    this.workers = {};    // worker handle -> the worker object: started again on reconnect
    this.workerCount = 0;
    this._connect();
  }

  /** The credential: the application's token, else the anonymous token this client was given. */
  Switchboard.prototype._tokenValue = function () {
    var token = typeof this.token === 'function' ? this.token() : this.token;
    return token || this.anonymousToken;
  };

  Switchboard.prototype._query = function (ticket) {
    var params = [];
    if (ticket) params.push('ticket=' + encodeURIComponent(ticket));
    if (this.lastEventId) params.push('lastEventId=' + encodeURIComponent(this.lastEventId));
    params.push('url=' + encodeURIComponent(global.location ? global.location.href : ''));
    var type = clientType();
    if (type !== 'window') params.push('type=' + type);
    if (this.useSse) {
      for (var channel in this.channels) {
        var position = this.channels[channel].position;
        params.push('subscribe=' + encodeURIComponent(position ? channel + ' ' + position : channel));
      }
    }
    return '?' + params.join('&');
  };

  /** The browser's Client.type of the code running this client, which workers see in clients.matchAll(). */
  function clientType() {
    if (typeof SharedWorkerGlobalScope !== 'undefined' && global instanceof SharedWorkerGlobalScope) return 'sharedworker';
    if (typeof DedicatedWorkerGlobalScope !== 'undefined' && global instanceof DedicatedWorkerGlobalScope) return 'worker';
    return 'window';
  }

  Switchboard.prototype._connect = function () {
    if (this.closed) return;
    var self = this;
    this.onState('connecting');
    var token = this._tokenValue();
    if (!token) { this._open(null); return; }
    // A browser's WebSocket and EventSource cannot send headers: the token buys a single-use ticket for the URL.
    fetch(this.base + '/tickets', { method: 'POST', headers: { Authorization: 'Bearer ' + token } })
      .then(function (response) {
        if (!response.ok) throw new Error('ticket refused: ' + response.status);
        return response.json();
      })
      .then(function (answer) { self._open(answer.ticket); })
      .catch(function () { self.onState('closed'); self._reconnect(); });
  };

  Switchboard.prototype._open = function (ticket) {
    if (this.closed) return;
    if (this.useSse) this._openSse(ticket); else this._openWebSocket(ticket);
  };

  Switchboard.prototype._openWebSocket = function (ticket) {
    var self = this;
    var origin = this.base || (global.location.protocol + '//' + global.location.host);
    var socket = new WebSocket(origin.replace(/^http/, 'ws') + '/ws' + this._query(ticket));
    var opened = false;
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onopen = function () { opened = true; };
    socket.onmessage = function (event) {
      self._frame(typeof event.data === 'string' ? JSON.parse(event.data) : unwrap(event.data));
    };
    socket.onclose = function (event) {
      self.socket = null;
      self.onState('closed');
      if (!opened && self.transport === 'auto' && ++self.wsFailures >= 2) {
        self.useSse = true;   // WebSocket blocked on this network: fall back to SSE
      }
      if (event.code !== 1009) self._reconnect();
    };
    this.wsFailures = this.wsFailures || 0;
  };

  Switchboard.prototype._openSse = function (ticket) {
    var self = this;
    // Our own reconnect loop (not EventSource's) so that the position and a fresh ticket go in the URL.
    var source = new EventSource(this.base + '/sse' + this._query(ticket));
    this.source = source;
    SERVER_FRAMES.forEach(function (type) {
      source.addEventListener(type, function (event) { self._frame(JSON.parse(event.data)); });
    });
    source.addEventListener('close', function () { self._dropSse(); self._reconnect(); });
    source.onerror = function () { self._dropSse(); self._reconnect(); };
  };

  Switchboard.prototype._dropSse = function () {
    if (this.source) { this.source.close(); this.source = null; }
    this.onState('closed');
  };

  Switchboard.prototype._reconnect = function () {
    if (this.closed || this.timer) return;
    var self = this;
    var ceiling = Math.min(this.maxDelay, this.minDelay * Math.pow(2, this.attempts++));
    var delay = ceiling / 2 + Math.random() * ceiling / 2;   // jitter: clients of a dead node spread out
    this.timer = setTimeout(function () { self.timer = null; self._connect(); }, delay);
  };

  Switchboard.prototype._frame = function (frame) {
    switch (frame.type) {
      case 'welcome':
        this.clientId = frame.clientId;
        this.userId = frame.userId;   // 'user:' + userId is this user's private channel
        if (frame.anonymousToken) this.anonymousToken = frame.anonymousToken;
        this.attempts = 0;
        if (this.clientCookie && global.document) {
          global.document.cookie = this.clientCookie + '=' + encodeURIComponent(frame.clientId) + '; path=/; SameSite=Strict';
        }
        this.onState('open');
        if (!this.useSse) this._subscribeAgain();
        this._startPortsAgain();
        this._startWorkersAgain();
        this._flush();
        break;
      case 'publication':
        var subscribed = this.channels[frame.channel];
        if (!subscribed) break;
        if (frame.position) subscribed.position = frame.position;
        subscribed.listener(frame.data, frame);
        break;
      case 'subscribed':
        if (frame.position && this.channels[frame.channel]) this.channels[frame.channel].position = frame.position;
        this._settle(frame);
        break;
      case 'message':
        if (frame.id) this.lastEventId = frame.id;
        if (frame.binary && typeof frame.data === 'string') frame.data = fromBase64(frame.data);   // over SSE
        if (frame.ports) frame.ports = frame.ports.map(this._adoptPort, this);
        this.onMessage(frame.data, frame);
        break;
      case 'port-message':
        var port = this.ports[frame.port];
        if (!port) break;
        if (frame.position) port.position = frame.position;
        port.onmessage(frame.data, frame);
        break;
      case 'port-closed':
        var closed = this.ports[frame.port];
        delete this.ports[frame.port];
        if (closed) closed.onclose();
        break;
      case 'port-opened':
      case 'port-started':
        if (frame.position && this.ports[frame.port]) this.ports[frame.port].position = frame.position;
        this._settle(frame);
        break;
      case 'worker-started':
      case 'worker-message':
      case 'worker-error':
      case 'worker-closed':
        if (frame.id) this.lastEventId = frame.id;
        var worker = this.workers[frame.worker];
        if (!worker) break;
        if (frame.type === 'worker-message') worker.onmessage(frame.data, frame);
        else if (frame.type === 'worker-error') worker.onerror(frame);
        else if (frame.type === 'worker-closed') { delete this.workers[frame.worker]; worker.onclose(frame.reason, frame); }
        else worker.onstart(frame);
        break;
      case 'notification':
        this.onNotification(frame);
        break;
      case 'updatefound':
      case 'statechange':
      case 'controllerchange':
        this.onLifecycle(frame);
        break;
      case 'reset':
        if (frame.channel && this.channels[frame.channel]) this.channels[frame.channel].position = null;
        this.onReset(frame.reason, frame);
        break;
      case 'join':
      case 'leave':
        this.onPresence(frame);
        break;
      case 'ack':
      case 'refreshed':
      case 'unsubscribed':
      case 'presence':
      case 'error':
        this._settle(frame);
        break;
    }
  };

  /** Settles the promise of the frame this one answers (by ref). */
  Switchboard.prototype._settle = function (frame) {
    var waiting = frame.ref && this.pending[frame.ref];
    if (waiting) {
      delete this.pending[frame.ref];
      if (frame.type === 'error') waiting.reject(frame); else waiting.resolve(frame);
    }
  };

  /**
   * A MessageChannel port a worker handed over (docs/protocol.md, "MessageChannel"): started at once (again on every
   * reconnect, from the last position seen); its messages go to port.onmessage, its end to port.onclose.
   */
  Switchboard.prototype._adoptPort = function (id) {
    var self = this;
    var port = this.ports[id] || {
      id: id, position: null, onmessage: function () {}, onclose: function () {},
      postMessage: function (data) { return self._send({ type: 'port-message', port: id, data: data }); },
      close: function () { return self._send({ type: 'port-close', port: id }); }
    };
    this.ports[id] = port;
    port.started = this._send({ type: 'port-start', port: id });
    port.started.catch(function () {});
    return port;
  };

  /**
   * A dedicated worker (options.shared falsy: new Worker(url)) or a connection to a shared one (options.shared true,
   * options.name, options.sharing 'user' or 'origin'): docs/workers.md. Posts may follow at once (they wait in order
   * behind the start); every reconnect starts it again under its handle, which a running worker only acknowledges.
   */
  Switchboard.prototype.worker = function (url, options) {
    options = options || {};
    var self = this;
    var handle = options.handle || ('w' + (++this.workerCount));
    var start = { type: 'worker-start', worker: handle, url: url, kind: options.shared ? 'shared' : 'dedicated' };
    if (options.shared) { start.name = options.name || ''; start.sharing = options.sharing || 'user'; }
    var worker = {
      handle: handle, start: start, onstart: function () {}, onmessage: function () {}, onerror: function () {},
      onclose: function () {},
      postMessage: function (data) { return self._send({ type: 'worker-post', worker: handle, data: data }); },
      terminate: function () { return self._send({ type: 'worker-terminate', worker: handle }); },
      close: function () { return self._send({ type: 'worker-close', worker: handle }); }
    };
    this.workers[handle] = worker;
    this._send(start).catch(function (error) { worker.onerror(error); });
    return worker;
  };

  /** A new connection: every worker is started again under its handle (a running one answers worker-started). */
  Switchboard.prototype._startWorkersAgain = function () {
    for (var handle in this.workers) this._send(this.workers[handle].start).catch(function () {});
  };

  /** A new connection: every port is started again from the last position seen (over SSE, by POST). */
  Switchboard.prototype._startPortsAgain = function () {
    for (var id in this.ports) {
      var port = this.ports[id];
      this._send(port.position ? { type: 'port-start', port: id, since: port.position }
        : { type: 'port-start', port: id }).catch(function () {});
    }
  };

  /** A new WebSocket: every channel not already waiting in the queue is subscribed again from its position. */
  Switchboard.prototype._subscribeAgain = function () {
    var queued = {};
    this.queue.forEach(function (frame) { if (frame.type === 'subscribe') queued[frame.channel] = true; });
    for (var channel in this.channels) {
      if (queued[channel]) continue;
      var position = this.channels[channel].position;
      this._send(position ? { type: 'subscribe', channel: channel, since: position }
        : { type: 'subscribe', channel: channel }).catch(function () {});
    }
  };

  /**
   * Subscribes to a channel: listener(data, frame) gets each publication (frame.position, in a channel with
   * history, is where to recover from; this client keeps it). Resolves with the 'subscribed' frame.
   */
  Switchboard.prototype.subscribe = function (channel, listener) {
    var known = this.channels[channel];
    this.channels[channel] = { listener: listener, position: known ? known.position : null };
    return this._send({ type: 'subscribe', channel: channel });
  };

  Switchboard.prototype.unsubscribe = function (channel) {
    delete this.channels[channel];
    return this._send({ type: 'unsubscribe', channel: channel });
  };

  /** Who is subscribed to a channel whose namespace keeps presence: resolves with the 'presence' frame. */
  Switchboard.prototype.presence = function (channel) {
    return this._send({ type: 'presence', channel: channel });
  };

  /** Publishes data to a channel; options.echo: this client gets its own publication too. Resolves with the ack. */
  Switchboard.prototype.publish = function (channel, data, options) {
    return this._send({ type: 'publish', channel: channel, data: data, echo: !!(options && options.echo) });
  };

  /**
   * Sends data to the worker: any JSON value, or an ArrayBuffer / typed array, which travels as binary.
   * Resolves with the ack, rejects with the error frame. Queued while offline.
   */
  Switchboard.prototype.postMessage = function (data, ports) {
    var bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    var frame = bytes ? { type: 'message', bytes: bytes } : { type: 'message', data: data };
    if (ports && ports.length) {
      if (bytes) return Promise.reject({ code: 'bad-frame', message: 'ports travel with a JSON message only' });
      frame.ports = ports.map(function (port) { return port.id; });
      frame.ports.forEach(function (id) { delete this.ports[id]; }, this);   // passed on: no longer this client's
    }
    return this._send(frame);
  };

  /** Opens a MessageChannel of this client's own: resolves with its two ports, both started. */
  Switchboard.prototype.openChannel = function () {
    var self = this;
    return this._send({ type: 'port-open' }).then(function (opened) {
      var ports = opened.ports.map(self._adoptPort, self);
      return Promise.all(ports.map(function (port) { return port.started; })).then(function () { return ports; });
    });
  };

  /**
   * registration.sync.register(tag) for this client's user: the worker's sync event gets the payload back and is
   * retried until it succeeds (docs/push.md). Resolves with the ack once the sync is durable.
   */
  Switchboard.prototype.sync = function (tag, payload) {
    return this._send({ type: 'sync', data: { tag: tag, payload: payload === undefined ? null : payload } });
  };

  /** The user clicked a notification frame (action: the button's, empty for the notification itself). */
  Switchboard.prototype.notificationClick = function (notification, action) {
    return this._send({ type: 'notificationclick', data: notificationData(notification, action || '') });
  };

  /** The user dismissed a notification frame. */
  Switchboard.prototype.notificationClose = function (notification) {
    return this._send({ type: 'notificationclose', data: notificationData(notification, '') });
  };

  /** Queues a client frame under a new ref; the promise settles with the answer to that ref. */
  Switchboard.prototype._send = function (frame) {
    var self = this;
    return new Promise(function (resolve, reject) {
      frame.ref = 'r' + (++self.refs);
      self.pending[frame.ref] = { resolve: resolve, reject: reject };
      self.queue.push(frame);
      self._flush();
    });
  };

  /**
   * Hands the current token() to the open connection, which then stays open until the new token expires
   * (instead of being closed with 4001 at the old one's expiry). Resolves with the 'refreshed' frame.
   */
  Switchboard.prototype.refresh = function () {
    var token = typeof this.token === 'function' ? this.token() : this.token;
    if (!token) return Promise.reject(new Error('no token to refresh with'));
    return this._send({ type: 'refresh', token: token });
  };

  Switchboard.prototype._flush = function () {
    if (!this.clientId) return;
    while (this.queue.length) {
      var frame = this.queue[0];
      if (this.useSse) {
        if (!this.source) return;
        this._post(frame);
      } else {
        if (!this.socket || this.socket.readyState !== 1) return;
        this.socket.send(frame.bytes ? wrap({ type: 'message', ref: frame.ref }, frame.bytes) : JSON.stringify(frame));
      }
      this.queue.shift();
    }
  };

  Switchboard.prototype._post = function (frame) {
    var self = this;
    var headers = { 'Content-Type': 'application/json' };
    var token = this._tokenValue();
    if (token) headers.Authorization = 'Bearer ' + token;
    fetch(this.base + '/clients/' + encodeURIComponent(this.clientId) + '/messages',
        { method: 'POST', headers: headers, body: JSON.stringify(frame.bytes
          ? { type: 'message', ref: frame.ref, binary: true, data: toBase64(frame.bytes) } : frame) })
      .then(function (response) {
        // 204: the answer comes down the stream (a channel's 'subscribed').
        if (response.status === 204) return [204, null];
        return response.json().then(function (body) { return [response.status, body]; });
      })
      .then(function (answer) {
        if (answer[0] === 204) return;
        // A refusal is a problem (docs/errors.md) with the code an error frame would carry.
        var problem = answer[0] >= 400 && typeof answer[1].code === 'string';
        if (problem ? ERROR_CODES[answer[1].code] === 'reconnect' : RETRYABLE_HTTP[answer[0]]) {
          self.queue.unshift(frame); self._reconnect(); return;
        }
        self._frame(problem ? { type: 'error', code: answer[1].code, message: answer[1].detail, ref: frame.ref }
          : answer[1]);
      })
      .catch(function () { self.queue.unshift(frame); self._reconnect(); });
  };

  Switchboard.prototype.close = function () {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000, 'bye');
    if (this.source) this.source.close();
    this.onState('closed');
  };

  /** Whether a refused frame may succeed when sent again (now after a reconnect, or later). */
  Switchboard.retryable = function (error) {
    var meaning = error && ERROR_CODES[error.code];
    return meaning === 'reconnect' || meaning === 'later';
  };

  function notificationData(notification, action) {
    var options = (notification && notification.options) || {};
    return { tag: options.tag || '', action: action, data: options.data === undefined ? null : options.data };
  }

  // Binary WebSocket frames: 2-byte big-endian header length, a JSON header, the payload (docs/protocol.md).
  function wrap(header, bytes) {
    var head = new TextEncoder().encode(JSON.stringify(header));
    var frame = new Uint8Array(2 + head.length + bytes.length);
    frame[0] = head.length >> 8;
    frame[1] = head.length & 0xff;
    frame.set(head, 2);
    frame.set(bytes, 2 + head.length);
    return frame;
  }

  function unwrap(buffer) {
    var all = new Uint8Array(buffer);
    var length = (all[0] << 8) | all[1];
    var frame = JSON.parse(new TextDecoder().decode(all.subarray(2, 2 + length)));
    frame.data = all.slice(2 + length);
    return frame;
  }

  function toBase64(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text);
  }

  function fromBase64(text) {
    var raw = atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  global.Switchboard = Switchboard;
})(typeof window !== 'undefined' ? window : this);
