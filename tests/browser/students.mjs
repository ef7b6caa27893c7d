// Browser tests of issue 22 ("Students first"), run by tests/it/browser.rs against the
// shipped guide built with an [announcement] (until TEBIKI_UNTIL) and an image that exists
// only in Japanese (shown on the English FAQ with a note):
//
//   node tests/browser/students.mjs <base-url> <screenshot-dir> <site-root> <step-page>...
//
// 1. "Which method are you using?": chosen once, kept across pages and languages, from
//    ?method=, cleared again; without JavaScript every method shows as written.
// 2. Images: width/height from the file, lazy loading after the first, the zoom dialog by
//    keyboard (Enter, Esc) and by touch (tap, back gesture, close button).
// 3. Annotated screenshots: each marker within 2 px of its coordinates at 390 and 1280 px.
// 4. The first instruction of every step page starts on the first screen at 390×844.
// 5. "Reset progress" asks first; the announcement hides after its day and when dismissed;
//    Japanese lines never break inside 「認証方法」.
// 6. axe-core (WCAG 2.1 AA) at 390 and 1280 px, light and dark, with the new parts showing.
// Every failure prints "FAIL <what>: <detail>"; the exit code is 1 when anything failed.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const [base, shots, siteRoot, ...stepPages] = process.argv.slice(2);
const UNTIL = process.env.TEBIKI_UNTIL;
const METHOD_KEY = 'tebiki-method:/';
const MOBILE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const failures = [];
const fail = (what, detail) => {
  failures.push(what);
  console.log(`FAIL ${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
};
const check = (ok, what, detail = '') => { if (!ok) fail(what, detail); };
let passed = 0;
const pass = (ok, what, detail = '') => { if (ok) passed += 1; else fail(what, detail); };

// Screenshots are for people to look at, never compared: taken only when asked for with
// TEBIKI_SCREENSHOTS=1.
const SCREENSHOTS = Boolean(process.env.TEBIKI_SCREENSHOTS);
if (SCREENSHOTS) mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.TEBIKI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function open(context, label) {
  const page = await context.newPage();
  // The test machine may be busy (two cores shared with builds): generous time limits.
  page.setDefaultTimeout(90000);
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error (${label})`, m.text()); });
  page.on('pageerror', (e) => fail(`uncaught exception (${label})`, e.message));
  return page;
}
const go = (page, rel) => page.goto(base + rel, { waitUntil: 'load' });
const shot = async (page, name) => SCREENSHOTS && page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });

/** The ids of the first method list's sections, in the order shown. */
const methodOrder = (page) => page.evaluate(() => {
  const first = document.querySelector('main details.method');
  return [...first.parentNode.children].filter((el) => el.matches('details.method')).map((d) => d.id);
});

// ---------------------------------------------------------------------------------------
// 1. The method chooser.
async function methods() {
  const context = await browser.newContext({ viewport: MOBILE });
  const page = await open(context, 'methods');
  await go(page, 'ja/setup/first-method/');
  const written = await methodOrder(page);
  check(written[0] === 'method-authenticator' && written.length === 5, 'methods in written order before a choice', written);
  const select = page.locator('.method-choice select').first();
  check(await select.isVisible(), 'the method control shows near the method list');
  check(!(await page.locator('.method-others').first().isVisible()), 'no "Other methods" before a choice');
  await select.selectOption('method-phone');
  let order = await methodOrder(page);
  pass(order[0] === 'method-phone' && order.length === 5, 'the chosen method comes first', order);
  pass(await page.locator('#method-phone').evaluate((d) => d.open), 'the chosen method opens');
  const others = page.locator('.method-others').first();
  pass(await others.isVisible() && (await others.textContent()).trim() === 'ほかの方法'
    && await others.evaluate((p) => p.previousElementSibling.id === 'method-phone'), '"Other methods" follows the chosen one');
  pass((await page.evaluate((k) => localStorage.getItem(k), METHOD_KEY)) === 'method-phone', 'the choice is stored');
  await shot(page, 'methods-chosen-ja-390');

  // Another page, the other language: the same method first.
  await go(page, 'en/setup/enable/');
  order = await methodOrder(page);
  pass(order[0] === 'method-phone', 'the choice holds on another page in the other language', order);
  pass(await page.locator('#method-phone').evaluate((d) => d.open), 'and opens there');
  pass((await page.locator('.method-others').first().textContent()).trim() === 'Other methods', 'English "Other methods"');
  pass((await page.locator('.method-choice select').first().inputValue()) === 'method-phone', 'the control shows the choice');
  await go(page, 'ja/setup/first-method/');
  pass((await methodOrder(page))[0] === 'method-phone', 'the choice survives coming back');

  // "None chosen" restores the written order everywhere.
  await page.locator('.method-choice select').first().selectOption('');
  pass(JSON.stringify(await methodOrder(page)) === JSON.stringify(written), 'no choice: written order again', await methodOrder(page));
  pass((await page.evaluate((k) => localStorage.getItem(k), METHOD_KEY)) === null, 'no choice: nothing stored');
  await context.close();

  // ?method= shares a choice (with or without the method- prefix), also from the overview's links.
  const shared = await browser.newContext({ viewport: DESKTOP });
  const p2 = await open(shared, 'method links');
  await go(p2, 'en/setup/enable/?method=method-authenticator-pc');
  pass((await methodOrder(p2))[0] === 'method-authenticator-pc', '?method= puts that method first');
  await go(p2, 'ja/setup/first-method/');
  pass((await methodOrder(p2))[0] === 'method-authenticator-pc', 'a ?method= choice is kept for other pages');
  await go(p2, 'ja/setup/enable/?method=phone');
  pass((await methodOrder(p2))[0] === 'method-phone', '?method=phone works without the prefix');
  await go(p2, 'ja/setup/');
  await p2.locator('main a[href$="?method=method-other-app"]').click();
  await p2.waitForURL(/first-method\/\?method=method-other-app$/);
  pass((await methodOrder(p2))[0] === 'method-other-app', 'the overview\'s method link chooses the method');
  await shared.close();

  const noJs = await browser.newContext({ viewport: MOBILE, javaScriptEnabled: false });
  const p3 = await open(noJs, 'methods no-JS');
  await go(p3, 'ja/setup/first-method/?method=method-phone');
  pass(JSON.stringify(await methodOrder(p3)) === JSON.stringify(written), 'no-JS: every method in written order');
  pass((await p3.locator('details.method > summary:visible').count()) === 5, 'no-JS: every method is visible');
  pass((await p3.locator('.method-choice:visible, .method-others:visible').count()) === 0, 'no-JS: no chooser');
  await noJs.close();
}

// ---------------------------------------------------------------------------------------
// 2. Images and the zoom dialog.
async function images() {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await open(context, 'images');
  await go(page, 'en/faq/');
  const imgs = await page.evaluate(() => [...document.querySelectorAll('main .content img')].map((img) => ({
    src: img.getAttribute('src'), width: img.getAttribute('width'), height: img.getAttribute('height'),
    loading: img.getAttribute('loading'), decoding: img.getAttribute('decoding'),
  })));
  // Both are loaded once scrolled to (the second lazily) and decode as images.
  await page.locator('main .content img').last().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('main .content img')].every((i) => i.complete), null, { timeout: 5000 }).catch(() => {});
  const natural = await page.evaluate(() => [...document.querySelectorAll('main .content img')].map((i) => i.naturalWidth));
  pass(natural.length === 2 && natural.every((w) => w === 800), 'the images load (800 px wide)', natural);
  pass(imgs.length === 2, 'two images on the English FAQ', imgs);
  pass(imgs[0]?.width === '800' && imgs[0]?.height === '520', 'width and height come from the file', imgs[0]);
  pass(imgs[0]?.loading === null && imgs[1]?.loading === 'lazy', 'the first image loads at once, the next lazily', imgs);
  pass(imgs.every((i) => i.decoding === 'async'), 'images decode asynchronously');
  pass(imgs[1]?.src === '/ja/img/only-ja.svg', 'an image missing in English comes from the Japanese folder', imgs[1]);
  const note = page.locator('main .image-note');
  pass(await note.isVisible() && (await note.textContent()).includes('日本語'), 'a note says where the image is from', await note.textContent());
  const box = await page.locator('main .content img').first().boundingBox();
  const ratio = box.width / box.height;
  pass(Math.abs(ratio - 800 / 520) < 0.02, 'the image keeps its proportions', `${box.width}x${box.height}`);

  // Keyboard: Enter on the image link opens the dialog; Esc closes it and focus returns.
  const historyBefore = await page.evaluate(() => history.length);
  const link = page.locator('main a.zoom').first();
  await link.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog.zoom-dialog');
  pass(await dialog.evaluate((d) => d.open && d.matches(':modal')), 'Enter opens the image in a modal dialog');
  pass(await page.evaluate(() => document.activeElement.classList.contains('zoom-close')), 'focus moves to the close button');
  pass((await dialog.locator('img').count()) === 1 && page.url().endsWith('/en/faq/'), 'the dialog shows the image and the page stays');
  await shot(page, 'zoom-desktop');
  await page.keyboard.press('Escape');
  pass(!(await dialog.evaluate((d) => d.open)), 'Esc closes the dialog');
  pass(await link.evaluate((a) => document.activeElement === a), 'focus returns to the image');
  await page.waitForFunction((n) => history.length === n || history.state === null, historyBefore);
  pass(await page.evaluate(() => history.state === null), 'closing takes back the history entry');
  await context.close();

  // Touch: tap opens; the back gesture closes and stays on the page; the button closes.
  const phone = await browser.newContext({ viewport: MOBILE, hasTouch: true, isMobile: true });
  const p2 = await open(phone, 'zoom touch');
  await go(p2, 'ja/setup/second-method/');
  await p2.locator('.shot img').tap();
  const d2 = p2.locator('dialog.zoom-dialog');
  pass(await d2.evaluate((d) => d.open), 'a tap opens the screenshot full-screen');
  const full = await d2.boundingBox();
  pass(full.width >= MOBILE.width - 1 && full.height >= MOBILE.height - 1, 'the dialog fills the screen', full);
  pass((await d2.locator('.shot-mark').count()) === 3, 'the enlarged screenshot keeps its markers');
  await shot(p2, 'zoom-phone');
  await p2.goBack();
  await p2.waitForFunction(() => !document.querySelector('dialog.zoom-dialog').open, null, { timeout: 3000 }).catch(() => {});
  pass(!(await d2.evaluate((d) => d.open)) && p2.url().endsWith('/ja/setup/second-method/'), 'back closes the image, not the page', p2.url());
  await p2.locator('.shot img').tap();
  await d2.locator('.zoom-close').tap();
  pass(!(await d2.evaluate((d) => d.open)), 'the close button closes it');
  await phone.close();
}

// ---------------------------------------------------------------------------------------
// 3. Markers where the Markdown puts them, at two widths.
function writtenMarkers(lang) {
  const text = readFileSync(path.join(siteRoot, `content/${lang}/setup/second-method.md`), 'utf8');
  return [...text.matchAll(/^\s*\d+\. (\d+),(\d+)/gm)].map((m) => [Number(m[1]), Number(m[2])]);
}

async function markers() {
  const expected = writtenMarkers('ja');
  check(expected.length === 3, 'three positions in the Japanese step 2', expected);
  for (const viewport of [MOBILE, DESKTOP]) {
    for (const lang of ['ja', 'en']) {
      const context = await browser.newContext({ viewport });
      const page = await open(context, `markers ${lang}`);
      await go(page, `${lang}/setup/second-method/`);
      await page.locator('.shot img').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('.shot img').complete);
      const found = await page.evaluate(() => {
        const img = document.querySelector('.shot img').getBoundingClientRect();
        return {
          img: [img.left, img.top, img.width, img.height],
          marks: [...document.querySelectorAll('.shot .shot-mark')].map((m) => {
            const r = m.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
          }),
          items: document.querySelectorAll('.screenshot figcaption ol > li').length,
        };
      });
      const [left, top, width, height] = found.img;
      const off = expected.map(([x, y], i) => {
        const [cx, cy] = found.marks[i] || [NaN, NaN];
        return Math.hypot(cx - (left + (x * width) / 800), cy - (top + (y * height) / 520));
      });
      pass(found.marks.length === 3 && off.every((d) => d <= 2),
        `markers within 2 px of their coordinates (${lang}, ${viewport.width} px)`, { off, img: found.img });
      pass(found.items === 3, `the marker texts as a list (${lang})`);
      if (SCREENSHOTS && lang === 'ja') await page.locator('.screenshot').screenshot({ path: path.join(shots, `screenshot-${viewport.width}.png`) });
      await context.close();
    }
  }
}

// ---------------------------------------------------------------------------------------
// 4. The first instruction on the first screen of every step page.
async function firstScreen() {
  const context = await browser.newContext({ viewport: MOBILE });
  const page = await open(context, 'first screen');
  check(stepPages.length >= 12, 'every step page of both guides in both languages', stepPages);
  for (const rel of stepPages) {
    await go(page, rel);
    const at = await page.evaluate(() => {
      const first = document.querySelector('main .content > *');
      const short = [...document.querySelectorAll('.step-nav-short')].map((s) => s.textContent);
      return { top: first.getBoundingClientRect().top, tag: first.tagName, short,
        announcement: !!document.querySelector('.announcement:not([hidden])') };
    });
    pass(at.top <= 844 - 48, `the first instruction shows on the first screen of ${rel}`, at);
    pass(at.short.length >= 3 && at.short.every((s) => s && s.length <= 12), `short step labels on ${rel}`, at.short);
    console.log(`first instruction of ${rel}: top ${Math.round(at.top)} px (announcement ${at.announcement})`);
    if (rel.endsWith('first-method/')) await shot(page, `first-screen-${rel.replace(/\//g, '-')}390`);
  }
  await context.close();
}

// ---------------------------------------------------------------------------------------
// 5. Reset confirmation, the announcement, Japanese line breaks.
async function reset() {
  const context = await browser.newContext({ viewport: MOBILE });
  const page = await open(context, 'reset');
  await go(page, 'ja/setup/');
  await page.locator('.checklist .check:has([data-check-key="setup/first-method"])').click();
  const progress = () => page.locator('.checklist .progress').textContent();
  await page.locator('.checklist-reset').click();
  const ask = page.locator('.reset-confirm');
  pass(await ask.isVisible(), '"Reset progress" asks first');
  pass((await progress()) === '全3手順のうち1手順が完了', 'nothing is cleared before the answer', await progress());
  pass(await page.evaluate(() => document.activeElement.getAttribute('data-reset') === 'no'), 'the safe answer has the focus');
  await shot(page, 'reset-confirm');
  await page.keyboard.press('Enter');
  pass(!(await ask.isVisible()) && (await progress()) === '全3手順のうち1手順が完了', 'cancel keeps the progress');
  pass(await page.evaluate(() => document.activeElement.classList.contains('checklist-reset')), 'focus returns to the reset button');
  await page.locator('.checklist-reset').click();
  await page.locator('[data-reset="yes"]').click();
  pass((await progress()) === '全3手順のうち0手順が完了', 'confirming clears the progress', await progress());
  pass((await page.evaluate(() => localStorage.getItem('tebiki-progress:/setup/'))) === null, 'and the stored record');
  await context.close();
}

const dayAfter = (iso, days) => {
  const d = new Date(`${iso}T12:00:00`);
  d.setDate(d.getDate() + days);
  return d;
};

async function announcement() {
  check(Boolean(UNTIL), 'TEBIKI_UNTIL is set');
  const visible = async (clock) => {
    const context = await browser.newContext({ viewport: MOBILE });
    const page = await open(context, 'announcement');
    if (clock) await page.clock.setFixedTime(clock);
    await go(page, 'ja/setup/');
    const shown = await page.locator('.announcement').isVisible();
    return { context, page, shown };
  };
  let run = await visible(null);
  pass(run.shown, 'the announcement shows before its day');
  await shot(run.page, 'announcement-390');
  await run.context.close();
  run = await visible(dayAfter(UNTIL, 0));
  pass(run.shown, 'the announcement shows on its last day');
  await run.context.close();
  run = await visible(dayAfter(UNTIL, 1));
  pass(!run.shown, 'the announcement is hidden the day after its until date');
  await run.context.close();

  run = await visible(null);
  const dismiss = run.page.locator('.announcement-dismiss');
  pass(await dismiss.isVisible(), 'the announcement can be dismissed');
  await dismiss.click();
  pass(!(await run.page.locator('.announcement').isVisible()), 'dismissing hides it');
  await go(run.page, 'en/faq/');
  pass(!(await run.page.locator('.announcement').isVisible()), 'a dismissed announcement stays hidden in every language');
  await run.context.close();

  const noJs = await browser.newContext({ viewport: MOBILE, javaScriptEnabled: false });
  const page = await open(noJs, 'announcement no-JS');
  await go(page, 'en/setup/');
  pass(await page.locator('.announcement').isVisible(), 'no-JS: the announcement shows');
  await noJs.close();
}

async function lineBreaks() {
  const context = await browser.newContext({ viewport: MOBILE });
  const page = await open(context, 'line breaks');
  await go(page, 'ja/setup/first-method/');
  const splits = [];
  for (let width = 300; width <= 520; width += 4) {
    await page.setViewportSize({ width, height: 844 });
    const found = await page.evaluate(() => {
      const out = [];
      for (const callout of document.querySelectorAll('main .callout')) {
        const walker = document.createTreeWalker(callout, NodeFilter.SHOW_TEXT);
        const chars = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          for (let i = 0; i < n.length; i++) {
            const r = document.createRange();
            r.setStart(n, i);
            r.setEnd(n, i + 1);
            const rect = r.getClientRects()[0];
            if (rect) chars.push([n.data[i], Math.round(rect.top)]);
          }
        }
        const text = chars.map((c) => c[0]).join('');
        for (const word of ['認証方法', 'セキュリティ情報', 'サインイン']) {
          for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
            const tops = new Set(chars.slice(at, at + word.length).map((c) => c[1]));
            if (tops.size > 1) out.push(word);
          }
        }
        out.push(`#${text.includes('認証方法') ? 1 : 0}`);
      }
      return out;
    });
    if (!found.includes('#1')) fail('the 「認証方法」 callout is on the page', found);
    for (const word of found.filter((w) => !w.startsWith('#'))) splits.push(`${word} at ${width}px`);
  }
  pass(splits.length === 0, 'Japanese lines never break inside 認証方法, セキュリティ情報 or サインイン (300–520 px)', splits.slice(0, 8));
  await context.close();
}

// ---------------------------------------------------------------------------------------
// 6. axe with the new parts showing: a chosen method, the screenshot, the reset question,
//    the announcement, the open zoom dialog.
async function axe() {
  for (const [name, viewport] of [['390', MOBILE], ['1280', DESKTOP]]) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport, colorScheme: scheme });
      const page = await open(context, `axe ${name} ${scheme}`);
      const scan = async (label) => {
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(() => window.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        }));
        for (const v of result.violations) {
          fail(`axe ${v.id} on ${label} (${scheme} ${name})`, v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
        }
        if (!result.violations.length) passed += 1;
      };
      await go(page, 'en/setup/first-method/?method=method-phone');
      await scan('a chosen method');
      await go(page, 'ja/setup/second-method/');
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      await scan('the annotated screenshot');
      if (SCREENSHOTS) await page.screenshot({ path: path.join(shots, `second-method-${name}-${scheme}.png`), fullPage: true });
      await page.locator('.shot a.zoom').click();
      await scan('the zoom dialog');
      await page.keyboard.press('Escape');
      // Closing goes back over the dialog's history entry; let that finish first.
      await page.waitForFunction(() => history.state === null);
      await go(page, 'ja/setup/');
      await page.locator('.checklist-reset').click();
      await scan('the reset question and the announcement');
      await context.close();
    }
  }
}

try {
  for (const part of [methods, images, markers, firstScreen, reset, announcement, lineBreaks, axe]) {
    try {
      await part();
    } catch (e) {
      fail(`${part.name} threw`, e.stack || String(e));
    }
  }
} finally {
  await browser.close();
}
console.log(`${passed} check(s) passed, ${failures.length} failure(s)`);
process.exit(failures.length ? 1 : 0);
