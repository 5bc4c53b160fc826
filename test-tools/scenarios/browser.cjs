// Launches Debian's chromium through playwright-core with the flags a headless CI machine needs; pages'
// console output goes to stderr so that the Java test's log shows it.
const { chromium } = require('playwright-core');

exports.openPage = async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  page.on('console', (message) => process.stderr.write('[page] ' + message.text() + '\n'));
  return { browser, page };
};

// The gateway's demo page with its JavaScript client on `transport`, once the client is welcomed.
exports.openClient = async (base, transport) => {
  const { browser, page } = await exports.openPage();
  await page.goto(base + '/?transport=' + transport);
  await page.waitForFunction(() => window.switchboard && window.switchboard.clientId, null, { timeout: 30000 });
  return { browser, page };
};
