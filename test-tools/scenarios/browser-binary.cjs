// Binary messages through the gateway's JavaScript client in Debian's chromium, for a Java test that talks
// to it over stdin/stdout:
//   args: <page base url> <transport: websocket | sse>
//   prints "CLIENT <id>" once connected, posts the bytes 0 1 2 255 and prints "ACKED <eventId>"; then
//   answers "wait 1" with "HAVE 1" once a message arrived, and "result" with "RESULT <json>": the first
//   message's bytes as an array and whether it arrived as a Uint8Array.
const { openClient } = require('./browser.cjs');
const readline = require('readline');

const [base, transport] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n');

(async () => {
  const { browser, page } = await openClient(base, transport);
  say('CLIENT ' + await page.evaluate(() => window.switchboard.clientId));
  const ack = await page.evaluate(() => window.switchboard.postMessage(new Uint8Array([0, 1, 2, 255])));
  say('ACKED ' + ack.eventId);

  const commands = readline.createInterface({ input: process.stdin });
  for await (const command of commands) {
    const [verb, arg] = command.trim().split(' ');
    if (verb === 'wait') {
      await page.waitForFunction((n) => window.received.length >= n, Number(arg), { timeout: 60000 });
      say('HAVE ' + arg);
    } else if (verb === 'result') {
      say('RESULT ' + JSON.stringify(await page.evaluate(() => ({
        bytes: Array.from(window.received[0]), uint8: window.received[0] instanceof Uint8Array }))));
      break;
    }
  }
  await browser.close();
})().catch((error) => { say('FAILED ' + error.message); process.exit(1); });
