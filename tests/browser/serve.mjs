// The dev server's client script in headless Chromium. Driven by tests/it/serve/browser.rs:
//   node tests/browser/serve.mjs <server URL> <site root>
// Edits the site's files itself and checks what an editor would see in the browser:
// the page reloads by itself keeping scroll and open <details>; a broken build shows an
// overlay with path:line:col (escaped), the old page underneath, its own words in
// tebiki's message language (English here, on every page whatever its language); the fix
// clears it;
// a stylesheet edit applies without a reload; with `[build] links = "warning"`, a broken
// link saved while serving shows the warnings panel (path:line:col, localized, dismissible)
// and the fix removes it.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, root] = process.argv.slice(2);
const source = join(root, 'content/en/guide.md');
const stylesheet = join(root, 'themes/default/static/tebiki.css');
const original = readFileSync(source, 'utf8');
const TIMEOUT = 30000;

function save(path, text) {
  writeFileSync(path + '.tmp', text);
  renameSync(path + '.tmp', path);
}

// A one-line message from tebiki's own messages (src/diagnostics/messages/<lang>.ftl);
// this script runs in tests/browser/.
function ftl(lang, key) {
  const line = readFileSync(`../../src/diagnostics/messages/${lang}.ftl`, 'utf8')
    .split('\n').find((l) => l.startsWith(key + ' = '));
  check(line, `messages/${lang}.ftl has ${key}`);
  return line.slice(key.length + 3).trim();
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const profile = mkdtempSync(join(tmpdir(), 'tebiki-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 360, height: 400 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(base + 'en/guide/');
  await page.waitForFunction(() => document.body.innerText.includes('Choose a method'));

  // An editor opened the FAQ answer and scrolled down to it.
  await page.evaluate(() => {
    document.getElementById('lost-phone').open = true;
    document.getElementById('method-app').open = false;
    window.scrollTo({ top: 250, behavior: 'instant' });
  });
  const scrolled = await page.evaluate(() => window.scrollY);
  check(scrolled > 100, `the page must be long enough to scroll (scrollY ${scrolled})`);

  // 1. Save an edit: the page reloads by itself and keeps the reader's place.
  const reloaded = page.waitForEvent('load');
  save(source, original.replace('Choose a method', 'Choose one method'));
  await reloaded;
  await page.waitForFunction(() => document.body.innerText.includes('Choose one method'));
  const after = await page.evaluate(() => ({
    y: window.scrollY,
    faq: document.getElementById('lost-phone').open,
    method: document.getElementById('method-app').open,
  }));
  check(Math.abs(after.y - scrolled) <= 2, `scroll kept: ${scrolled} then ${after.y}`);
  check(after.faq === true, 'the open <details> stays open after the reload');
  check(after.method === false, 'the closed <details> stays closed after the reload');

  // 2. Break the front matter: an overlay names the place, the old page stays.
  save(source, original.replace('weight: 10', 'weight: <b>heavy</b>'));
  const overlay = page.locator('#tebiki-error-overlay');
  await overlay.waitFor({ state: 'visible' });
  const text = await overlay.innerText();
  check(text.includes('content/en/guide.md:4:9'), `overlay shows path:line:col: ${text}`);
  check(text.includes('<b>heavy</b>'), `overlay shows the message as text: ${text}`);
  check(await overlay.locator('b').count() === 0, 'the message is escaped, not markup');
  check(await page.evaluate(() => document.body.innerText.includes('Choose one method')),
    'the last good page stays under the overlay');
  check(text.startsWith(ftl('en', 'serve-build-failed')), `English overlay title: ${text}`);
  check(text.includes(ftl('en', 'serve-help') + ': '), `English "help": ${text}`);
  // A Japanese page opened now shows the same errors in the same (English) frame: the
  // frame follows tebiki's message language, not the page's.
  const ja = await context.newPage();
  await ja.goto(base + 'ja/guide/');
  const jaOverlay = ja.locator('#tebiki-error-overlay');
  await jaOverlay.waitFor({ state: 'visible' });
  const jaText = await jaOverlay.innerText();
  check(jaText.startsWith(ftl('en', 'serve-build-failed')), `English overlay title on a Japanese page: ${jaText}`);
  check(jaText.includes('content/en/guide.md:4:9'), `Japanese overlay lists the error: ${jaText}`);
  await ja.close();

  // 3. Fix it: the page reloads and the overlay is gone.
  save(source, original.replace('Choose a method', 'Choose the method'));
  await page.waitForFunction(() => document.body.innerText.includes('Choose the method'));
  await overlay.waitFor({ state: 'detached' });

  // 4. A stylesheet edit applies without reloading the page.
  await page.evaluate(() => { window.tebikiNoReload = true; });
  const css = readFileSync(stylesheet, 'utf8');
  save(stylesheet, css + '\nbody { outline: 3px solid rgb(1, 2, 3); }\n');
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)');
  check(await page.evaluate(() => window.tebikiNoReload === true), 'the CSS change did not reload');

  // 5. Links as warnings: a broken link lists in the warnings panel, the fix clears it.
  const config = join(root, 'site.toml');
  const toml = readFileSync(config, 'utf8');
  save(config, toml.replace('[params]', '[build]\nlinks = "warning"\n\n[params]'));
  await page.waitForFunction(() => !window.tebikiNoReload);
  await page.waitForFunction(() => document.body.innerText.includes('Choose the method'));
  const broken = original
    .replace('Choose a method', 'Choose the method')
    .replace('[the app](#method-app)', '[the app](/en/nowhere/)');
  save(source, broken);
  const panel = page.locator('#tebiki-warnings');
  await panel.waitFor({ state: 'visible' });
  const panelText = await panel.innerText();
  check(panelText.includes('content/en/guide.md:11:'), `panel shows path:line:col: ${panelText}`);
  check(panelText.includes('/en/nowhere/'), `panel names the link: ${panelText}`);
  check(panelText.includes(ftl('en', 'serve-warnings')), `English panel title: ${panelText}`);
  check(await page.locator('#tebiki-error-overlay').count() === 0, 'a warning is not the overlay');
  await panel.getByRole('button', { name: ftl('en', 'serve-dismiss') }).click();
  await panel.waitFor({ state: 'detached' });
  // It comes back on the next build that still has the warning; the fix clears it.
  save(source, broken.replace('Choose the method', 'Choose your method'));
  await page.waitForFunction(() => document.body.innerText.includes('Choose your method'));
  await panel.waitFor({ state: 'visible' });
  save(source, original.replace('Choose a method', 'Choose a fixed method'));
  await page.waitForFunction(() => document.body.innerText.includes('Choose a fixed method'));
  await panel.waitFor({ state: 'detached' });

  console.log('serve browser test: ok');
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
