// Search in Chromium, run by tests/it/search.rs against the shipped guide built and served
// on 127.0.0.1:
//
//   node tests/browser/search.mjs <base-url> <vectors.json> <queries.json>
//
// 1. search.js's tokenizer gives the shared test vectors' tokens (the Rust side has the
//    same test).
// 2. Every query of queries.json finds its expected section in the top 3 for >= 95 %.
// 3. The search box: results with <mark>, the count in the live region, arrow keys, Escape.
// 4. axe (WCAG 2.1 AA) with results open at 390 and 1280 px, light and dark.
// 5. Without JavaScript the form is hidden and the page-list link is shown, and works.
// Failures print as "FAIL <what>: <detail>"; the exit code is 1 when anything failed.

import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const [base, vectorsFile, queriesFile] = process.argv.slice(2);
const vectors = JSON.parse(readFileSync(vectorsFile, 'utf8'));
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
let failures = 0;
const fail = (what, detail) => { failures++; console.log(`FAIL ${what}: ${JSON.stringify(detail)}`); };

const browser = await chromium.launch({
  executablePath: process.env.TEBIKI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

async function searchPage(context, lang) {
  const page = await context.newPage();
  page.on('pageerror', (e) => fail(`uncaught exception (${lang})`, e.message));
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error (${lang})`, m.text()); });
  await page.goto(`${base}${lang}/`, { waitUntil: 'load' });
  await page.focus('#search-input');
  await page.waitForFunction(() => window.tebikiSearch);
  return page;
}

/** `ja/setup/first-method/#method-phone` → `first-method#method-phone`; `ja/` → `index`. */
function key(url) {
  const [path, id] = url.split('#');
  const parts = path.split('/').filter(Boolean);
  const stem = parts.length > 1 ? decodeURIComponent(parts[parts.length - 1]) : 'index';
  return id ? `${stem}#${decodeURIComponent(id)}` : stem;
}

try {
  const context = await browser.newContext();
  const langs = Object.keys(queries).filter((k) => !k.startsWith('_'));
  const page = await searchPage(context, langs[0]);

  // 1. Test vectors.
  for (const v of vectors) {
    const got = await page.evaluate((t) => window.tebikiSearch.tokenize(t).map((x) => x[0]), v.input);
    if (JSON.stringify(got) !== JSON.stringify(v.tokens)) fail(`vector ${v.input}`, { got, want: v.tokens });
  }
  console.log(`${vectors.length} test vectors checked`);

  // 2. Quality.
  for (const lang of langs) {
    const p = lang === langs[0] ? page : await searchPage(context, lang);
    let good = 0;
    const started = Date.now();
    for (const { q, expect } of queries[lang]) {
      const top = await p.evaluate(async (q) => (await window.tebikiSearch.query(q)).hits.slice(0, 3).map((h) => h.url), q);
      const keys = top.map(key);
      const hit = (e) => keys.some((k) => k === e || k.startsWith(`${e}-step-`));
      if (expect.split('|').some(hit)) good++;
      else console.log(`miss (${lang}) ${q}: want ${expect}, got ${keys.join(', ')}`);
    }
    const share = good / queries[lang].length;
    console.log(`${lang}: ${good}/${queries[lang].length} in the top 3 (${(share * 100).toFixed(1)} %), ${Date.now() - started} ms`);
    if (share < 0.95) fail(`quality ${lang}`, `${good}/${queries[lang].length}`);
  }

  // 3 + 4. The box, then axe with results open.
  for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 900 }]]) {
    for (const scheme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport, colorScheme: scheme });
      for (const lang of langs) {
        const p = await searchPage(ctx, lang);
        await p.fill('#search-input', lang === 'ja' ? 'スマートフォン' : 'phone');
        await p.waitForSelector('#search-results li mark');
        const status = await p.textContent('#search-status');
        if (!/\d/.test(status)) fail(`count announced (${lang})`, status);
        await p.keyboard.press('ArrowDown');
        const focused = await p.evaluate(() => document.activeElement.closest('#search-results') !== null);
        if (!focused) fail(`ArrowDown focuses the first result (${lang})`, '');
        await p.keyboard.press('ArrowUp');
        const back = await p.evaluate(() => document.activeElement.id);
        if (back !== 'search-input') fail(`ArrowUp returns to the box (${lang})`, back);
        await p.keyboard.press('ArrowDown');
        await p.addScriptTag({ path: AXE });
        const result = await p.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
        for (const v of result.violations) fail(`axe ${v.id} (${lang} ${name} ${scheme})`, v.nodes.slice(0, 3).map((n) => n.target.join(' ')));
        await p.close();
      }
      await ctx.close();
    }
  }

  // 5. Without JavaScript.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p = await nojs.newPage();
  await p.goto(`${base}${langs[0]}/`);
  if (await p.isVisible('#search-input')) fail('no-JS: the search box is hidden', '');
  if (!(await p.isVisible('.search-all-pages'))) fail('no-JS: the page-list link is shown', '');
  await Promise.all([p.waitForURL(/\/search\/$/), p.click('.search-all-pages')]);
  const listed = await p.$$eval('main .page-list a', (a) => a.length);
  if (listed < 5) fail('no-JS: the page list lists every page', listed);
} finally {
  await browser.close();
}
console.log(`${failures} failure(s)`);
process.exit(failures ? 1 : 0);
