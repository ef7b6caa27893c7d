// Browser tests of the default theme, run by tests/it/browser.rs against the shipped guide
// built and served on 127.0.0.1, and (with TEBIKI_BROWSER_SUITE=guides) against the fixture
// site with two guides, tests/fixtures/sites/guides.
//
//   node tests/browser/theme.mjs <base-url> <screenshot-dir> <page-path>...
//
// Page paths are relative to the base URL ("ja/faq/", "404.html"). Every failure is printed
// as "FAIL <what>: <detail>"; the exit code is 1 when anything failed.

import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const [base, shots, ...pages] = process.argv.slice(2);
const failures = [];
const fail = (what, detail) => {
  failures.push(what);
  console.log(`FAIL ${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
};
const check = (ok, what, detail = '') => { if (!ok) fail(what, detail); };
// Screenshots are for people to look at, never compared: taken only when asked for with
// TEBIKI_SCREENSHOTS=1 (full-page captures are most of this script's CPU time otherwise).
const SCREENSHOTS = Boolean(process.env.TEBIKI_SCREENSHOTS);
const STORE = 'tebiki-progress:/setup/';
const MOBILE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const langPages = pages.filter((p) => p.endsWith('/'));
const SUITE = process.env.TEBIKI_BROWSER_SUITE || 'shipped';

const browser = await chromium.launch({
  executablePath: process.env.TEBIKI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A page that records console errors, uncaught exceptions and requests to other hosts. */
async function open(context, label) {
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error (${label})`, m.text()); });
  page.on('pageerror', (e) => fail(`uncaught exception (${label})`, e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) fail(`request to another host (${label})`, r.url());
  });
  return page;
}

async function go(page, rel) {
  const response = await page.goto(base + rel, { waitUntil: 'load' });
  return response;
}

// ---------------------------------------------------------------------------------------
// 1. Every page: axe-core (WCAG 2.1 A/AA) on a phone in the light scheme and on a desktop in
//    the dark scheme (each page is seen at both widths and in both schemes), plus the light
//    desktop layout of one page for the QR panel; overflow and touch targets on the phone;
//    screenshots of every page at both widths.
async function scanAll() {
  if (SCREENSHOTS) mkdirSync(shots, { recursive: true });
  const passes = [
    ['mobile', MOBILE, 'light', pages],
    ['desktop', DESKTOP, 'dark', pages],
    ['desktop', DESKTOP, 'light', langPages.slice(0, 1)],
  ];
  for (const [name, viewport, scheme, list] of passes) {
    const context = await browser.newContext({ viewport, colorScheme: scheme });
    const page = await open(context, `${scheme} ${name}`);
    for (const rel of list) {
      const response = await go(page, rel);
      check(response.status() === 200, `status of ${rel}`, `${response.status()}`);
      const file = `${rel.replace(/\/$/, '').replace(/[/.]/g, '-') || 'root'}-${name}-${scheme}.png`;
      if (SCREENSHOTS) await page.screenshot({ path: path.join(shots, file), fullPage: true });
      const structure = await page.evaluate(() => ({
        h1: document.querySelectorAll('h1').length,
        main: document.querySelectorAll('main#main').length,
        header: document.querySelectorAll('body > header').length,
        skip: document.querySelector('a.skip-link[href="#main"]') !== null,
      }));
      check(structure.h1 === 1 && structure.main === 1 && structure.header === 1 && structure.skip,
        `one h1, one main, a header and a skip link on ${rel}`, structure);
      // Scan with every section open, so the text inside them is checked too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
      for (const v of result.violations) {
        fail(`axe ${v.id} on ${rel} (${scheme} ${name})`, v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
      }
      if (name === 'mobile') await checkMobile(page, rel);
    }
    await context.close();
  }
}

async function noOverflow(page, rel, width) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  check(scroll <= client, `no horizontal scroll on ${rel} at ${width}px`, `scrollWidth ${scroll} > ${client}`);
}

/** Phone checks: overflow at 390 and 320 px, touch targets of 44 px, no QR panel. */
async function checkMobile(page, rel) {
  await noOverflow(page, rel, MOBILE.width);
  const small = await page.evaluate(() => {
    const selectors = 'button, summary, .site-header a, nav a, .check, .step-done-toggle, .site-footer a, .chooser-list a, .button-link';
    return [...document.querySelectorAll(selectors)]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 43.5 || r.height < 43.5)
      .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  check(small.length === 0, `touch targets of 44px on ${rel}`, small.join('; '));
  if (rel.endsWith('/')) {
    check(!(await page.locator('.handoff').isVisible()), `QR panel hidden on a phone (${rel})`);
  }
  await page.setViewportSize({ width: 320, height: 640 });
  await noOverflow(page, rel, 320);
  await page.setViewportSize(MOBILE);
}

// ---------------------------------------------------------------------------------------
// 2. Checklist: ticking, reloading, switching language, the counter, reset.
async function checklist() {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await open(context, 'checklist');
  const progressText = () => page.locator('.checklist .progress').textContent();
  const expected = (n) => page.locator('.checklist .progress').getAttribute(`data-p${n}`);

  await go(page, 'ja/setup/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  check(await page.locator('.checklist .progress').isVisible(), 'the counter shows with JavaScript');
  check((await progressText()) === '全3手順のうち0手順が完了', 'ja counter at start', await progressText());
  await page.locator('.checklist .check:has([data-check-key="setup/first-method"])').click();
  check((await progressText()) === '全3手順のうち1手順が完了', 'ja counter after ticking step 1', await progressText());
  await page.reload();
  check(await page.locator('[data-check-key="setup/first-method"]').isChecked(), 'a ticked step survives a reload');
  check((await progressText()) === await expected(1), 'counter after reload', await progressText());
  const stored = await page.evaluate((k) => localStorage.getItem(k), STORE);
  check(stored === '["setup/first-method"]', 'progress is stored by language-independent page key', String(stored));

  // The English step 2 page: "Mark this step done".
  await go(page, 'en/setup/second-method/');
  const toggle = page.locator('.step-done-toggle');
  check(await toggle.isVisible(), '"Mark this step done" shows on a step page');
  check((await toggle.textContent()).includes('Mark this step done'), 'English label of the step toggle');
  check((await page.locator('.step-done .progress').textContent()) === '1 of 3 steps done', 'en counter on step 2 (kept from ja)', await page.locator('.step-done .progress').textContent());
  await toggle.click();
  check((await page.locator('.step-done .progress').textContent()) === '2 of 3 steps done', 'en counter after marking step 2');
  const mark = page.locator('.step-nav [data-done-key="setup/first-method"]');
  check(!(await mark.evaluate((el) => el.hidden)) && (await mark.textContent()) === '(done)'
    && (await page.locator('.step-nav a:has([data-done-key="setup/first-method"])').getAttribute('class')) === 'is-done',
  'step navigation marks step 1 done');
  check(await page.locator('.step-nav [data-done-key="setup/enable"]').evaluate((el) => el.hidden), 'step 3 is not marked done');

  // Back in Japanese: both steps ticked, via the language switcher.
  await go(page, 'en/setup/');
  check(await page.locator('[data-check-key="setup/second-method"]').isChecked(), 'step 2 ticked on the English overview');
  await page.locator('.lang-switcher a[hreflang="ja"]').click();
  await page.waitForURL(/\/ja\/setup\/$/);
  check(await page.locator('[data-check-key="setup/first-method"]').isChecked()
    && await page.locator('[data-check-key="setup/second-method"]').isChecked()
    && !(await page.locator('[data-check-key="setup/enable"]').isChecked()), 'ja overview shows the steps ticked in en');
  check((await progressText()) === '全3手順のうち2手順が完了', 'ja counter after switching language', await progressText());

  // The extra item does not count as a step.
  await page.locator('.checklist-extra .check').click();
  check((await progressText()) === '全3手順のうち2手順が完了', 'the two-methods item is not a step');
  check(await page.locator('[data-check-key="extra:two-methods"]').isChecked(), 'two-methods item ticks');

  await page.locator('.checklist-reset').click();
  await page.locator('.reset-confirm [data-reset="yes"]').click();
  check((await progressText()) === '全3手順のうち0手順が完了', 'counter after reset', await progressText());
  check((await page.locator('.checklist input:checked').count()) === 0, 'reset unticks everything');
  await page.reload();
  check((await page.locator('.checklist input:checked').count()) === 0, 'reset survives a reload');
  check((await page.evaluate((k) => localStorage.getItem(k), STORE)) === null, 'reset clears the stored progress');
  await context.close();
}

// ---------------------------------------------------------------------------------------
// 3. Without JavaScript: a readable checklist and the whole content.
async function noScript() {
  const context = await browser.newContext({ viewport: MOBILE, javaScriptEnabled: false });
  const page = await open(context, 'no-js');
  await go(page, 'ja/setup/');
  const links = page.locator('.checklist-items a');
  check((await links.count()) === 3, 'no-JS checklist lists the 3 steps as links', `${await links.count()}`);
  check(await links.first().isVisible(), 'no-JS checklist links are visible');
  check(await page.locator('.checklist-extra').isVisible(), 'no-JS checklist shows the two-methods item');
  check((await page.locator('.checklist input:visible').count()) === 0, 'no-JS checklist has no dead checkboxes');
  check(!(await page.locator('.checklist .progress').isVisible()), 'no-JS: no empty counter');
  check(!(await page.locator('.checklist-reset').isVisible()), 'no-JS: no reset button');
  await go(page, 'en/setup/first-method/');
  check(await page.locator('h1').isVisible(), 'no-JS: the heading shows');
  check((await page.locator('details.method summary:visible').count()) >= 4, 'no-JS: method sections can be opened by hand');
  check(!(await page.locator('.details-controls').isVisible()), 'no-JS: no expand-all button that would do nothing');
  check(!(await page.locator('.step-done-toggle').isVisible()), 'no-JS: no "mark done" control');
  check(await page.locator('.prev-next a[rel="next"]').isVisible(), 'no-JS: next-step link');
  check((await page.locator('.step-indicator').textContent()) === 'Step 1 of 3', 'step indicator text');
  await page.locator('details#method-phone > summary').click();
  check(await page.locator('#method-phone-step-1').isVisible(), 'no-JS: a method opens by hand');
  await context.close();
}

// ---------------------------------------------------------------------------------------
// 4. Fragments open their section; expand/collapse all; switcher keeps the fragment; QR.
async function sections() {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await open(context, 'sections');
  const isOpen = (id) => page.locator(`details#${id}`).evaluate((d) => d.open);
  // Scrolling may be smooth: wait for the element to arrive in the upper half of the screen.
  const inView = (sel) => page.waitForFunction((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight / 2;
  }, sel, { timeout: 3000 }).then(() => true, () => false);

  await go(page, 'ja/setup/first-method/#method-phone');
  check(await isOpen('method-phone'), '#method-phone opens its section');
  check(!(await isOpen('method-authenticator')), 'other methods stay closed');
  check(await inView('#method-phone'), '#method-phone is scrolled into view');

  await go(page, 'en/faq/#lost-phone');
  check(await isOpen('lost-phone'), '#lost-phone opens its FAQ entry');
  check(await inView('#lost-phone'), 'the FAQ entry is scrolled into view');
  await page.evaluate(() => { location.hash = '#no-sms'; });
  await page.waitForFunction(() => document.getElementById('no-sms').open);
  check(await inView('#no-sms'), 'hashchange scrolls to the FAQ entry');

  await go(page, 'en/setup/first-method/#method-authenticator-step-4');
  check(await isOpen('method-authenticator'), 'a step id opens the method around it');
  check(await inView('#method-authenticator-step-4'), 'the step is scrolled into view');

  await go(page, 'ja/setup/first-method/');
  await page.locator('.toc a[href="#method-other-app"]').click();
  await page.waitForFunction(() => document.getElementById('method-other-app').open);

  await go(page, 'ja/faq/');
  const all = page.locator('main details');
  const count = await all.count();
  await page.locator('button[data-details="open"]').click();
  check((await page.locator('main details[open]').count()) === count, 'expand all opens every section', `${count}`);
  await page.locator('button[data-details="close"]').click();
  check((await page.locator('main details[open]').count()) === 0, 'collapse all closes every section');

  // Printing: every section is expanded, no QR code or navigation.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  check((await page.locator('main details:not([open])').count()) === 0, 'beforeprint opens every section');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'print' });
  check(!(await page.locator('.handoff').isVisible()), 'QR panel hidden in print');
  check(!(await page.locator('.step-nav').isVisible()), 'step navigation hidden in print');
  check(await page.locator('#lost-phone .details-body').isVisible(), 'closed sections print expanded');
  await page.emulateMedia({ media: 'screen' });

  // Language switcher keeps the path and the fragment.
  await go(page, 'ja/faq/#no-sms');
  const href = await page.locator('.lang-switcher a[hreflang="en"]').getAttribute('href');
  check(href === '/en/faq/#no-sms', 'switcher link keeps path and fragment', href);
  // An id the other language lacks (the build lists them in data-missing-ids) is dropped.
  const dropped = await page.evaluate(() => {
    const link = document.querySelector('.lang-switcher a[hreflang="en"]');
    link.setAttribute('data-missing-ids', 'other no-sms');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const result = link.getAttribute('href');
    link.removeAttribute('data-missing-ids');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    return result;
  });
  check(dropped === '/en/faq/', 'switcher drops a fragment the translation lacks', dropped);
  await page.locator('.lang-switcher a[hreflang="en"]').click();
  await page.waitForURL(/\/en\/faq\/#no-sms$/);
  await page.waitForFunction(() => document.getElementById('no-sms').open);
  check((await page.locator('html').getAttribute('lang')) === 'en', 'switcher lands on the English page');

  // QR hand-off panel at 1280 px.
  await go(page, 'ja/setup/enable/');
  check(await page.locator('.handoff').isVisible(), 'QR panel visible at 1280px');
  const box = await page.locator('.handoff svg.qr').boundingBox();
  check(box && box.width >= 120, 'QR code is large enough to scan', JSON.stringify(box));
  await context.close();
}

// ---------------------------------------------------------------------------------------
// 5. Old addresses (front matter `aliases`, listed in TEBIKI_ALIASES as "old=new ..."): the
//    browser ends up on the page; with the redirect held back, the alias page itself passes
//    axe at both widths and shows a link to the page.
async function aliases() {
  const list = (process.env.TEBIKI_ALIASES || '').split(/\s+/).filter(Boolean).map((p) => p.split('='));
  check(list.length > 0, 'alias pages to test', 'TEBIKI_ALIASES is empty');
  for (const [old, target] of list) {
    const context = await browser.newContext({ viewport: MOBILE });
    const page = await open(context, `alias ${old}`);
    await page.goto(base + old);
    await page.waitForURL(base + target, { timeout: 10000 }).catch(() => {});
    check(page.url() === base + target, `${old} leads to ${target}`, page.url());
    await context.close();
    for (const [name, viewport] of [['mobile', MOBILE], ['desktop', DESKTOP]]) {
      const held = await browser.newContext({ viewport });
      const stay = await open(held, `alias ${old} held`);
      await stay.route(base + target, (route) => route.abort('aborted'));
      await stay.goto(base + old, { waitUntil: 'load' });
      await stay.waitForTimeout(200);
      check(stay.url() === base + old, `alias page ${old} held for the scan`, stay.url());
      const link = await stay.locator(`main a[href$="/${target}"]`).count();
      check(link === 1, `a visible link to ${target} on ${old}`, `${link} links`);
      await stay.addScriptTag({ path: AXE });
      const result = await stay.evaluate(() => window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
      for (const v of result.violations) {
        fail(`axe ${v.id} on ${old} (${name})`, v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
      }
      await held.close();
    }
  }
}

// 5. (guides suite) Each guide keeps its own progress record, in every language.
async function guideProgress() {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await open(context, 'guides');
  const stored = (guide) => page.evaluate((k) => localStorage.getItem(k), `tebiki-progress:/${guide}/`);
  const counter = (sel) => page.locator(`${sel} .progress`).textContent();

  await go(page, 'en/vpn/connect/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('.step-done-toggle').click();
  check((await counter('.step-done')) === '1 of 2 steps done', 'VPN counter after marking step 2', await counter('.step-done'));
  check((await stored('vpn')) === '["vpn/connect"]', 'the VPN guide stores its own record', String(await stored('vpn')));
  check((await stored('mfa')) === null, 'marking a VPN step leaves the MFA record alone', String(await stored('mfa')));

  await go(page, 'ja/mfa/');
  check((await page.locator('.checklist input:checked').count()) === 0, 'the MFA checklist shows no VPN step done');
  check((await counter('.checklist')) === '全2手順のうち0手順が完了', 'MFA counter at 0', await counter('.checklist'));
  check((await page.locator('.step-nav .is-done').count()) === 0, 'the MFA step navigation marks nothing done');
  await page.locator('.checklist .check:has([data-check-key="mfa/app"])').click();
  check((await stored('mfa')) === '["mfa/app"]', 'the MFA guide stores its own record', String(await stored('mfa')));
  check((await stored('vpn')) === '["vpn/connect"]', 'ticking MFA leaves the VPN record alone', String(await stored('vpn')));

  await go(page, 'ja/vpn/');
  check(await page.locator('[data-check-key="vpn/connect"]').isChecked(), 'the Japanese VPN checklist shows the step done in English');
  check(!(await page.locator('[data-check-key="vpn/install"]').isChecked()), 'VPN step 1 is not done');
  check((await counter('.checklist')) === '全2手順のうち1手順が完了', 'VPN counter in Japanese', await counter('.checklist'));
  await page.locator('.checklist-reset').click();
  await page.locator('.reset-confirm [data-reset="yes"]').click();
  check((await stored('vpn')) === null, 'resetting the VPN guide clears its record');
  check((await stored('mfa')) === '["mfa/app"]', 'resetting the VPN guide keeps the MFA record', String(await stored('mfa')));
  await context.close();
}

// 6. (guides suite) The menu and breadcrumbs on a phone without JavaScript.
async function menuNoScript() {
  const context = await browser.newContext({ viewport: MOBILE, javaScriptEnabled: false });
  const page = await open(context, 'menu no-js');
  await go(page, 'en/vpn/connect/');
  const summary = page.locator('.site-menu summary');
  check(await summary.isVisible(), 'no-JS: the menu button shows at 390px');
  check(!(await page.locator('.site-menu a[href="/en/mfa/"]').isVisible()), 'no-JS: the menu starts closed');
  await summary.click();
  check(await page.locator('.site-menu a[href="/en/mfa/"]').isVisible(), 'no-JS: the menu opens by tap');
  const current = page.locator('.site-menu a[aria-current="page"]');
  check((await current.count()) === 1 && (await current.getAttribute('href')) === '/en/vpn/connect/', 'the menu marks the current page');
  check(await page.locator('.site-menu a[href="/en/vpn/install/"]').isVisible(), 'the menu shows the current guide\'s pages');
  check((await page.locator('.site-menu a[href="/en/mfa/app/"]').count()) === 0, 'the menu leaves other guides folded');
  await noOverflow(page, 'the open menu', MOBILE.width);
  await page.locator('.site-menu a[href="/en/about/"]').click();
  await page.waitForURL(/\/en\/about\/$/);
  check((await page.locator('h1').textContent()) === 'About these guides', 'no-JS: a menu link leads to its page');
  // Keyboard: Enter on the summary opens it.
  await page.locator('.site-menu summary').focus();
  await page.keyboard.press('Enter');
  check(await page.locator('.site-menu a[href="/en/contact/"]').isVisible(), 'no-JS: Enter opens the menu');
  await go(page, 'ja/mfa/faq/');
  const trail = await page.locator('.breadcrumbs a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  check(JSON.stringify(trail) === '["/ja/","/ja/mfa/","/ja/mfa/faq/"]', 'breadcrumbs: site › guide › page', trail);
  await page.locator('.breadcrumbs a[href="/ja/mfa/"]').click();
  await page.waitForURL(/\/ja\/mfa\/$/);
  check((await page.locator('.checklist-items a').count()) === 2, 'no-JS: the guide\'s checklist lists its 2 steps');
  await context.close();
}

const started = Date.now();
const timed = async (name, f) => {
  const t = Date.now();
  await f();
  console.log(`${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
};
try {
  if (SUITE === 'guides') {
    await timed('guide progress', guideProgress);
    await timed('menu no-js', menuNoScript);
  } else {
    await timed('checklist', checklist);
    await timed('no-js', noScript);
    await timed('sections', sections);
  }
  await timed('every page', scanAll);
  if (SUITE !== 'guides') {
    await timed('aliases', aliases);
  }
} catch (e) {
  fail('test script', e.stack || String(e));
} finally {
  await browser.close();
}
console.log(`${failures.length} failure(s); ${langPages.length} pages scanned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures.length ? 1 : 0);
