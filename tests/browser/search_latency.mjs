// How much a search fetches and how long it takes, in Chromium, over a built site served
// on 127.0.0.1 by this script (issue 21 part 4; figures in BENCHMARKS.md, not a test):
//
//   node tests/browser/search_latency.mjs <public-dir> <lang> <query>...
//
// Per query, on a fresh page: the index files the first run fetched, their bytes raw and
// gzipped (zlib level 6, as a web server would send them), the first run's time; then,
// with its shards cached, the median of five runs of tebikiSearch.query() and of five
// times from typing the query into the search box until the results are shown (this
// includes search.js's pause after the last keystroke).

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const [root, lang, ...queries] = process.argv.slice(2);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.bin': 'application/octet-stream', '.svg': 'image/svg+xml' };
const sizes = new Map();

const server = createServer(async (req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (path.endsWith('/')) path += 'index.html';
  try {
    const body = await readFile(join(root, path));
    if (path.includes('/search/')) sizes.set(path, [body.length, gzipSync(body, { level: 6 }).length]);
    res.writeHead(200, { 'content-type': types[extname(path)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.TEBIKI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
try {
  for (const q of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = [];
    page.on('request', (r) => { if (r.url().includes('/search/')) fetched.push(new URL(r.url()).pathname); });
    await page.goto(`${base}${lang}/`, { waitUntil: 'load' });
    await page.focus('#search-input'); // search.js loads on first use
    await page.waitForFunction(() => window.tebikiSearch);
    const time = (q) => page.evaluate(async (q) => {
      const t = performance.now();
      const r = await window.tebikiSearch.query(q);
      return [performance.now() - t, r.total];
    }, q);
    const [cold, total] = await time(q);
    const warm = [];
    for (let i = 0; i < 5; i++) warm.push((await time(q))[0]);
    const shownAll = [];
    for (let i = 0; i < 5; i++) {
      await page.fill('#search-input', '');
      await page.waitForFunction(() => !document.querySelector('#search-results li'));
      shownAll.push(await page.evaluate(async (q) => {
        const input = document.querySelector('#search-input');
        const status = document.querySelector('#search-status');
        const t = performance.now();
        const done = new Promise((ok) => new MutationObserver(() => ok(performance.now() - t))
          .observe(status, { childList: true, characterData: true, subtree: true }));
        input.value = q;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        return done;
      }, q));
    }
    const shown = median(shownAll);
    const files = [...new Set(fetched)].filter((f) => !f.endsWith('.html'));
    const raw = files.reduce((s, f) => s + (sizes.get(f) || [0])[0], 0);
    const gz = files.reduce((s, f) => s + (sizes.get(f) || [0, 0])[1], 0);
    console.log(`${JSON.stringify(q)}: ${total} results; fetched ${files.length} files, ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzipped; first run ${cold.toFixed(0)} ms; cached: query ${median(warm).toFixed(1)} ms, typed → shown ${shown.toFixed(0)} ms (median of 5; ${Math.min(...shownAll).toFixed(0)}–${Math.max(...shownAll).toFixed(0)})`);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
