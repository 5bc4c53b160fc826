// The gateway's JavaScript client in Debian's chromium with the frames besides messages, for a Java test that
// talks to it over stdin/stdout:
//   args: <page base url> <transport: websocket | sse>
//   prints "CLIENT <id> <anonymous token>" once connected; then answers
//   "frames" with "FRAMES <json>" once a notification and a lifecycle frame reached onNotification / onLifecycle
//   ({notification, lifecycle}), and
//   "send" with "SENT <json>" after clicking that notification, registering a sync and sending a sync whose tag is
//   past the limit ({click, sync: the acks' eventIds; refused: the rejection's code and whether it is retryable}).
const { openClient } = require('./browser.cjs');
const readline = require('readline');

const [base, transport] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n');

(async () => {
  const { browser, page } = await openClient(base, transport);
  await page.evaluate(() => {
    window.notifications = []; window.lifecycle = [];
    window.switchboard.onNotification = (frame) => window.notifications.push(frame);
    window.switchboard.onLifecycle = (frame) => window.lifecycle.push(frame);
  });
  say('CLIENT ' + await page.evaluate(() => window.switchboard.clientId + ' ' + window.switchboard.anonymousToken));

  const commands = readline.createInterface({ input: process.stdin });
  for await (const command of commands) {
    const verb = command.trim();
    if (verb === 'frames') {
      await page.waitForFunction(() => window.notifications.length > 0 && window.lifecycle.length > 0, null,
        { timeout: 60000 });
      say('FRAMES ' + JSON.stringify(await page.evaluate(
        () => ({ notification: window.notifications[0], lifecycle: window.lifecycle[0] }))));
    } else if (verb === 'send') {
      say('SENT ' + JSON.stringify(await page.evaluate(async () => {
        const sb = window.switchboard;
        const click = await sb.notificationClick(window.notifications[0], 'open');
        const sync = await sb.sync('outbox', { drafts: [1, 2] });
        const unanswered = new Promise((resolve) => setTimeout(() => resolve({ code: 'no answer in 20 s' }), 20000));
        const refused = await Promise.race([unanswered, sb.sync('x'.repeat(200), null).then(() => null,
          (error) => ({ code: error.code, message: error.message, retryable: Switchboard.retryable(error) }))]);
        return { click: click.eventId, sync: sync.eventId, refused };
      })));
      break;
    }
  }
  await browser.close();
})().catch((error) => { say('FAILED ' + error.message); process.exit(1); });
