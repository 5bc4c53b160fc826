// The cart demo (gateway /demo/cart/, the SDK and the cart worker) in Debian's chromium as three devices: two
// browser contexts of user A and one of user B, each signed in with its JWT. For a Java test over stdin/stdout:
//   args: <page base url> <token of A> <token of B> <screenshot directory>
//   prints "READY" once every device shows its cart; then answers
//   "edit <device> <item>"  with "EDITED {elapsedMs, version}": an edit on that device ("a1", "a2", "b1"), and how
//                           long until the other device of its user showed it;
//   "offline <device>" / "online <device>" with "OFFLINE" / "ONLINE": the device's network off and on (the Java
//                           test cuts the connections that are open, as a network that drops does);
//   "queue <device> <n> <prefix>" with "QUEUED {waiting}": n edits on the device (items prefix-1…prefix-n);
//   "burst <device> <n> <prefix>" with "BURST": n edits, one every 100 ms, without waiting for them;
//   "converge <version>" with "CONVERGED {a1, a2, b1}": once A's devices both show a cart of at least that version
//                           and the same items, every device's cart;
//   "screenshots" with "SHOT <paths>" (PNG of each device).
const { chromium } = require('playwright-core');
const path = require('path');
const readline = require('readline');

const [base, tokenA, tokenB, shots] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n');
const WAIT = 60000;

/** The promise, or a rejection naming what did not happen within ms (some of playwright's calls have no timeout). */
function within(ms, what, promise) {
  let timer;
  const late = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(what + ' took more than ' + ms + ' ms')), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function device(browser, name, token) {
  const context = await within(30000, 'a new browser context',
    browser.newContext({ viewport: { width: 480, height: 420 } }));
  await context.addInitScript((value) => sessionStorage.setItem('switchboard-token', value), token);
  const page = await within(30000, 'a new page', context.newPage());
  page.on('console', (message) => process.stderr.write('[' + name + '] ' + message.text() + '\n'));
  // The gateway controls a page by the registration that was active when it connected: until it has learned of
  // the cart worker's, reload (the page's 'get' is then answered by the cart worker, not another one).
  const until = Date.now() + WAIT;
  for (;;) {
    process.stderr.write('[' + name + '] opening the cart page\n');
    await within(30000, 'the cart page', page.goto(base + '/demo/cart/'));
    try {
      await page.waitForFunction(() => window.cartDemo && window.cartDemo.cart().version >= 0, null,
        { timeout: 5000 });
      break;
    } catch (error) {
      process.stderr.write('[' + name + '] no cart yet: ' + error.message + '\n');
      if (Date.now() > until) throw error;
    }
  }
  return { name, context, page };
}

const cartOf = (d) => d.page.evaluate(() => window.cartDemo.cart());

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The browser with the three devices; a browser that stalls while starting (a loaded machine) is started again. */
async function start() {
  for (let attempt = 1; ; attempt++) {
    const browser = await launch();
    try {
      return { browser, devices: {
        a1: await device(browser, 'a1', tokenA),
        a2: await device(browser, 'a2', tokenA),
        b1: await device(browser, 'b1', tokenB),
      } };
    } catch (error) {
      process.stderr.write('the browser did not start its devices (' + error.message + ')\n');
      browser.close().catch(() => {});
      if (attempt === 3) throw error;
    }
  }
}

(async () => {
  const { browser, devices } = await start();
  const peerOf = { a1: devices.a2, a2: devices.a1 };
  let edits = 0;
  say('READY');

  const commands = readline.createInterface({ input: process.stdin });
  for await (const command of commands) {
    const [verb, name, ...rest] = command.trim().split(' ');
    const d = devices[name];
    if (verb === 'edit') {
      const peer = peerOf[name];
      const before = (await cartOf(peer)).version;
      const started = Date.now();
      await d.page.evaluate((item) => window.cartDemo.edit('add', item, 1), rest[0]);
      await peer.page.waitForFunction(([v, item]) => window.cartDemo.cart().version > v
        && window.cartDemo.cart().items[item] > 0, [before, rest[0]], { timeout: WAIT, polling: 5 });
      say('EDITED ' + JSON.stringify({ elapsedMs: Date.now() - started, version: (await cartOf(peer)).version }));
    } else if (verb === 'offline' || verb === 'online') {
      await d.context.setOffline(verb === 'offline');
      say(verb.toUpperCase());
    } else if (verb === 'queue') {
      const [n, prefix] = rest;
      const waiting = await d.page.evaluate(([count, p]) => {
        for (let i = 1; i <= count; i++) window.cartDemo.edit('add', p + '-' + i, 1);
        return window.cartDemo.sb.outbox.size;
      }, [Number(n), prefix]);
      say('QUEUED ' + JSON.stringify({ waiting }));
    } else if (verb === 'burst') {
      const [n, prefix] = rest;
      await d.page.evaluate(([count, p]) => {
        let i = 0;
        const timer = setInterval(() => {
          window.cartDemo.edit('add', p + '-' + (++i), 1);
          if (i >= count) clearInterval(timer);
        }, 100);
      }, [Number(n), prefix]);
      say('BURST');
    } else if (verb === 'converge') {
      const version = Number(name);
      await devices.a1.page.waitForFunction((v) => window.cartDemo.cart().version >= v, version, { timeout: WAIT });
      await devices.a2.page.waitForFunction((v) => window.cartDemo.cart().version >= v, version, { timeout: WAIT });
      // Both at the newest version, the same cart: wait until the two agree (one may be a publication behind).
      const until = Date.now() + WAIT;
      let carts;
      for (;;) {
        carts = { a1: await cartOf(devices.a1), a2: await cartOf(devices.a2), b1: await cartOf(devices.b1) };
        if (JSON.stringify(carts.a1) === JSON.stringify(carts.a2) || Date.now() > until) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      say('CONVERGED ' + JSON.stringify(carts));
    } else if (verb === 'screenshots') {
      const written = [];
      for (const d of Object.values(devices)) {
        const file = path.join(shots, 'cart-' + d.name + '.png');
        await d.page.screenshot({ path: file });
        written.push(file);
      }
      say('SHOT ' + written.join(' '));
    } else if (verb === 'quit') {
      break;
    }
    edits++;
  }
  await browser.close();
})().catch((error) => { say('FAILED ' + error.message); process.exit(1); });
