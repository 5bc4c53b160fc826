// Drives Debian's chromium (playwright-core) for a Java test that talks to it over stdin/stdout:
//   args: <page base url> <mode: eventsource | client-websocket | client-sse>
//   prints "CLIENT <id>" once connected; then answers "wait <n>" with "HAVE <n>" once the page holds n
//   messages, and "result" with "RESULT <json>" (received messages, client ids seen, resets) before exiting.
const { openPage } = require('./browser.cjs');
const readline = require('readline');

const [base, mode] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n');

(async () => {
  const { browser, page } = await openPage();
  if (mode === 'eventsource') {
    await page.goto(base + '/?transport=none');
    await page.evaluate(() => {
      window.received = []; window.clients = []; window.resets = [];
      const source = new EventSource('/sse');   // the browser's own reconnect and Last-Event-ID
      source.addEventListener('welcome', (e) => window.clients.push(JSON.parse(e.data).clientId));
      source.addEventListener('message', (e) => window.received.push(JSON.parse(e.data).data));
      source.addEventListener('reset', (e) => window.resets.push(JSON.parse(e.data).reason));
    });
  } else {
    const transport = mode === 'client-sse' ? 'sse' : 'websocket';
    await page.goto(base + '/?transport=' + transport);
    await page.evaluate(() => {
      window.clients = []; window.resets = [];
      const original = window.switchboard.onState;
      window.switchboard.onState = (state) => {
        original(state);
        if (state === 'open') window.clients.push(window.switchboard.clientId);
      };
      window.switchboard.onReset = (reason) => window.resets.push(reason);
      if (window.switchboard.clientId) window.clients.push(window.switchboard.clientId);
    });
  }
  await page.waitForFunction(() => window.clients.length > 0, null, { timeout: 30000 });
  say('CLIENT ' + await page.evaluate(() => window.clients[0]));

  const commands = readline.createInterface({ input: process.stdin });
  for await (const command of commands) {
    const [verb, arg] = command.trim().split(' ');
    if (verb === 'wait') {
      await page.waitForFunction((n) => window.received.length >= n, Number(arg), { timeout: 60000 });
      say('HAVE ' + arg);
    } else if (verb === 'result') {
      say('RESULT ' + JSON.stringify(await page.evaluate(
          () => ({ received: window.received, clients: window.clients, resets: window.resets, cookie: document.cookie }))));
      break;
    }
  }
  await browser.close();
})().catch((error) => { say('FAILED ' + error.message); process.exit(1); });
