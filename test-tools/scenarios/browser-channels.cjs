// Channels through the gateway's JavaScript client in Debian's chromium, for a Java test that talks to it over
// stdin/stdout:
//   args: <page base url> <transport: websocket | sse> <channel>
//   subscribes to the channel and prints "SUBSCRIBED <position>"; then answers "wait <n>" with "HAVE <n>" once n
//   publications arrived, and "result" with "RESULT <json>" (the publications' data, the resets) before exiting.
const { openClient } = require('./browser.cjs');
const readline = require('readline');

const [base, transport, channel] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n');

(async () => {
  const { browser, page } = await openClient(base, transport);
  const subscribed = await page.evaluate((name) => {
    window.publications = []; window.resets = [];
    window.switchboard.onReset = (reason, frame) => window.resets.push({ reason, channel: frame.channel || null });
    return window.switchboard.subscribe(name, (data) => window.publications.push(data));
  }, channel);
  say('SUBSCRIBED ' + subscribed.position);

  const commands = readline.createInterface({ input: process.stdin });
  for await (const command of commands) {
    const [verb, arg] = command.trim().split(' ');
    if (verb === 'wait') {
      await page.waitForFunction((n) => window.publications.length >= n, Number(arg), { timeout: 60000 });
      say('HAVE ' + arg);
    } else if (verb === 'result') {
      say('RESULT ' + JSON.stringify(await page.evaluate(
          () => ({ publications: window.publications, resets: window.resets }))));
      break;
    }
  }
  await browser.close();
})().catch((error) => { say('FAILED ' + error.message); process.exit(1); });
