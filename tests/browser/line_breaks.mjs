// East Asian line breaks in headless Chromium. Driven by tests/it/east_asian.rs:
//   node tests/browser/line_breaks.mjs <page URL>
// The page has the paragraph 設定画面を開きます。次に、アプリを起動します。 twice: first
// written on two lines in Markdown, then on one. Prints "widths <first> <second>": the
// width of each paragraph's text (a Range over its contents), in CSS pixels.
import { chromium } from 'playwright-core';

const [url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.TEBIKI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url, { waitUntil: 'load' });
  const widths = await page.evaluate(() => {
    const wanted = (p) => p.textContent.replace(/\s/g, '') === '設定画面を開きます。次に、アプリを起動します。';
    return [...document.querySelectorAll('main p')].filter(wanted).map((p) => {
      const range = document.createRange();
      range.selectNodeContents(p);
      return range.getBoundingClientRect().width;
    });
  });
  if (widths.length !== 2) throw new Error(`expected 2 paragraphs, found ${widths.length}`);
  console.log(`widths ${widths[0]} ${widths[1]}`);
} finally {
  await browser.close();
}
