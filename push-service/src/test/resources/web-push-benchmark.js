// node web-push's encrypt-and-sign on one thread: generateRequestDetails encrypts the payload (aes128gcm, a fresh
// ECDH key each call) and signs a VAPID JWT, what a web-push user gets per message. WebPushBenchmark.java runs it
// between its own runs and reads the one JSON line it prints.
// Arguments: <test-tools folder> [seconds to measure] [payload bytes].
const path = require('path');
const crypto = require('crypto');

const [toolsArg, secondsArg, payloadArg] = process.argv.slice(2);
const toolsDir = path.resolve(toolsArg);
const webPush = require(path.join(toolsDir, 'node_modules', 'web-push'));
const seconds = Number(secondsArg || 10);
const payload = 'x'.repeat(Number(payloadArg || 100));

const browser = crypto.createECDH('prime256v1');
browser.generateKeys();
const subscription = {
  endpoint: 'https://push.example.net/wpush/v2/abcdef',
  keys: {p256dh: browser.getPublicKey('base64url'), auth: crypto.randomBytes(16).toString('base64url')},
};
const vapid = webPush.generateVAPIDKeys();
const options = {
  vapidDetails: {subject: 'mailto:bench@example.net', publicKey: vapid.publicKey, privateKey: vapid.privateKey},
  contentEncoding: 'aes128gcm',
};

function run(forSeconds) {
  const start = process.hrtime.bigint();
  const end = start + BigInt(forSeconds) * 1000000000n;
  const cpuStart = process.cpuUsage();
  let messages = 0;
  let sink = 0;
  while (process.hrtime.bigint() < end) {
    const details = webPush.generateRequestDetails(subscription, payload, options);
    sink += details.body.length + details.headers.Authorization.length;
    messages++;
  }
  const cpu = process.cpuUsage(cpuStart);
  if (sink === 0) throw new Error('nothing was produced');
  return {messages, seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuMicros: cpu.user + cpu.system};
}

run(Math.max(2, Math.floor(seconds / 3)));
const result = run(seconds);
const version = require(path.join(toolsDir, 'node_modules', 'web-push', 'package.json')).version;
console.log(JSON.stringify({version: `node ${process.version} web-push ${version}`, ...result}));
