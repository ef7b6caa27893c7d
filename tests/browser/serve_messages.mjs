// The error overlay speaks tebiki's chosen message language (issue 27). Driven by
// tests/it/serve/browser.rs:
//   node tests/browser/serve_messages.mjs <server URL> <site root> <en|ja>
// Removes the page's title while the page is open: the overlay must show the place, the
// message, the help line and the pointer to `tebiki explain` in the language the server
// was started with, inside a frame (title, "help") in that language too, although the
// page is English; restoring the title removes the overlay. Then, with links as warnings,
// a broken link opens the warnings panel, whose title and close button are in that
// language as well.
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

// A one-line message from tebiki's own messages (this script runs in tests/browser/).
function words(key) {
  const line = readFileSync(`../../src/diagnostics/messages/${lang}.ftl`, 'utf8')
    .split('\n').find((l) => l.startsWith(key + ' = '));
  check(line, `messages/${lang}.ftl has ${key}`);
  return line.slice(key.length + 3).trim();
}

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
  check(text.startsWith(words('serve-build-failed')), `overlay title in ${lang}: ${text}`);
  check(text.includes(words('serve-help') + ': '), `overlay "help" in ${lang}: ${text}`);
  if (lang === 'en') check(!/[\u3040-\u30ff]/.test(text), `no Japanese in the English overlay: ${text}`);
  if (lang === 'ja') check(!text.includes('The site did not build'), `no English frame: ${text}`);

  save(source, original);
  await overlay.waitFor({ state: 'detached' });

  const config = join(root, 'site.toml');
  const toml = readFileSync(config, 'utf8');
  // The site.toml edit reloads the page: wait for that reload (the marker is gone) before
  // the next save, so that the broken link is the next build's, not folded into this one.
  await page.evaluate(() => { window.tebikiBeforeConfig = true; });
  save(config, toml.replace('[params]', '[build]\nlinks = "warning"\n\n[params]'));
  await page.waitForFunction(() => !window.tebikiBeforeConfig);
  await page.waitForFunction(() => document.body.innerText.includes('Choose a method'));
  save(source, original.replace('[the app](#method-app)', '[the app](/en/nowhere/)'));
  const panel = page.locator('#tebiki-warnings');
  await panel.waitFor({ state: 'visible' });
  const panelText = await panel.innerText();
  check(panelText.includes('content/en/guide.md:'), `panel names the file: ${panelText}`);
  check(panelText.includes(words('serve-warnings')), `panel title in ${lang}: ${panelText}`);
  await panel.getByRole('button', { name: words('serve-dismiss') }).click();
  await panel.waitFor({ state: 'detached' });
  save(config, toml);
  save(source, original);
  console.log(`serve messages browser test (${lang}): ok`);
} finally {
  await context.close();
}
