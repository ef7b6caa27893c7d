// The error overlay speaks tebiki's chosen message language (issue 27). Driven by
// tests/it/serve/browser.rs:
//   node tests/browser/serve_messages.mjs <server URL> <site root> <en|ja>
// Removes the page's title while the page is open: the overlay must show the place, the
// message, the help line and the pointer to `tebiki explain` in the language the server
// was started with; restoring the title removes the overlay.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, root, lang] = process.argv.slice(2);
const source = join(root, 'content/en/guide.md');
const original = readFileSync(source, 'utf8');
const expected = {
  en: { message: 'the page has no title', help: 'add a line: title:', explain: 'explain: tebiki explain missing-title' },
  ja: { message: 'ページにタイトルがありません', help: '次の行を追加してください', explain: '説明: tebiki explain missing-title' },
}[lang];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function save(path, text) {
  writeFileSync(path + '.tmp', text);
  renameSync(path + '.tmp', path);
}

const profile = mkdtempSync(join(tmpdir(), 'tebiki-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(base + 'en/guide/');
  await page.waitForFunction(() => document.body.innerText.includes('Choose a method'));

  save(source, original.replace('title: "Step 1: Register a method"\n', ''));
  const overlay = page.locator('#tebiki-error-overlay');
  await overlay.waitFor({ state: 'visible' });
  const text = await overlay.innerText();
  check(text.includes('content/en/guide.md'), `overlay names the file: ${text}`);
  check(text.includes(expected.message), `overlay message in ${lang}: ${text}`);
  check(text.includes(expected.help), `overlay help in ${lang}: ${text}`);
  check(text.includes(expected.explain), `overlay points to tebiki explain in ${lang}: ${text}`);
  if (lang === 'en') check(!/[\u3040-\u30ff]/.test(text), `no Japanese in the English overlay: ${text}`);

  save(source, original);
  await overlay.waitFor({ state: 'detached' });
  console.log(`serve messages browser test (${lang}): ok`);
} finally {
  await context.close();
}
