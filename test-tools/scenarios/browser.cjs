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
