/* tebiki search: the query side. normalize() and tokenize() follow src/search/tokenize.rs
   rule for rule (both are tested against tests/fixtures/search/vectors.json); the index is
   built by src/search/index.rs and fetched from the data-search folder: meta.json and
   t.bin (the documents' nesting and lengths), the postings shards the query's tokens fall
   in, then the document chunks of the results.
   Exposed as window.tebikiSearch for tests. */
(function () {
  'use strict';
  var box = document.querySelector('[data-search]');
  var CJK = /[\u3041-\u309f\u30a0-\u30fa\u30fc-\u30ff\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3ffff}]/u;
  var WORD = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}\u0300-\u036f]/u;

  function fold(s) {
    return s.normalize('NFKC').toLowerCase().replace(/[\u30a1-\u30f6]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0x60);
    });
  }
  function kind(c) { return CJK.test(c) ? 'c' : WORD.test(c) ? 'w' : ''; }

  /* [[token, kind]] of text, in order. */
  function tokenize(text) {
    var out = [], run = [], runKind = '';
    function flush() {
      if (runKind === 'w') out.push([run.join(''), 'w']);
      if (runKind === 'c') {
        if (run.length > 1 && run[run.length - 1] === '\u30fc') run.pop();
        if (run.length === 1) out.push([run[0], 'c']);
        for (var i = 0; i + 1 < run.length; i++) out.push([run[i] + run[i + 1], 'c']);
      }
      run = [];
    }
    Array.from(fold(text)).forEach(function (c) {
      var k = kind(c);
      if (k !== runKind) { flush(); runKind = k; }
      if (k) run.push(c);
    });
    flush();
    return out;
  }

  var base = box ? box.getAttribute('data-search') : '';
  var cache = {};
  /* A file of the index, parsed once: JSON, or bytes given to parse(). */
  function get(name, parse) {
    if (!cache[name]) {
      cache[name] = fetch(base + name).then(function (r) {
        if (!r.ok) throw new Error(name + ': ' + r.status);
        return parse ? r.arrayBuffer().then(function (b) { return parse(new Uint8Array(b)); }) : r.json();
      });
    }
    return cache[name];
  }
  /* Unsigned LEB128 varints from bytes, as src/search/index.rs writes them. */
  function reader(bytes, pos) {
    return {
      pos: pos || 0,
      next: function () {
        var n = 0, scale = 1, b;
        do { b = bytes[this.pos++]; n += (b & 127) * scale; scale *= 128; } while (b & 128);
        return n;
      }
    };
  }
  /* t.bin: each document's enclosing one (as a distance back) and its length. */
  function parseTree(bytes) {
    var up = new Int32Array(bytes.length >> 1), len = new Float64Array(bytes.length >> 1), r = reader(bytes), n = 0;
    for (; r.pos < bytes.length; n++) { up[n] = r.next(); len[n] = r.next(); }
    return { up: up, len: len };
  }
  /* p<a>-<b>.bin: token heads, then their lists. */
  function parseShard(bytes) {
    var r = reader(bytes), n = r.next(), heads = [], text = new TextDecoder();
    for (var i = 0; i < n; i++) {
      var size = r.next(), token = text.decode(bytes.subarray(r.pos, r.pos + size));
      r.pos += size;
      heads.push([token, r.next()]);
    }
    var at = {}, off = r.pos;
    heads.forEach(function (h) { at[h[0]] = bytes.subarray(off, off + h[1]); off += h[1]; });
    return { lists: at, sorted: Object.keys(at).sort() };
  }

  /* Postings lists of one query token: exact for CJK bigrams, by prefix otherwise. Files as
     in src/search/index.rs: first code point mod shards, second (0: none) mod sub. */
  function matches(meta, token) {
    var t = token[0], cps = Array.from(t).map(function (c) { return c.codePointAt(0); });
    var a = cps[0] % meta.shards, subs = [];
    if (cps.length > 1) subs.push(cps[1] % meta.sub);
    else for (var b = 0; b < meta.sub; b++) subs.push(b);
    return Promise.all(subs.map(function (b) {
      return get('p' + a + '-' + b + '.bin', parseShard).then(function (shard) {
        if (token[1] === 'c' && cps.length === 2) return shard.lists[t] ? [shard.lists[t]] : [];
        var sorted = shard.sorted, lo = 0, hi = sorted.length, found = [];
        while (lo < hi) { var mid = (lo + hi) >> 1; if (sorted[mid] < t) lo = mid + 1; else hi = mid; }
        for (; lo < sorted.length && sorted[lo].lastIndexOf(t, 0) === 0; lo++) found.push(shard.lists[sorted[lo]]);
        return found;
      });
    })).then(function (lists) { return [].concat.apply([], lists); });
  }

  /* Scratch arrays of one document each, made once per index and left zeroed after
     each query: a query's cost is that of its postings, not of the number of documents. */
  var scratch = null;
  function work(n) {
    if (!scratch || scratch.n !== n) {
      scratch = { n: n, tf: new Float64Array(n), own: new Uint8Array(n), from: new Int32Array(n),
        listDocs: new Int32Array(n), best: new Float64Array(n), bestFrom: new Int32Array(n),
        inToken: new Uint8Array(n), tokenTitle: new Uint8Array(n), tokenDocs: new Int32Array(n),
        score: new Float64Array(n), titles: new Uint8Array(n), count: new Uint8Array(n),
        src: new Int32Array(n), found: new Int32Array(n) };
    }
    return scratch;
  }

  /* A list's counts per document into w.tf (added to the documents around it too: a
     step's text is its block's and its heading section's; titles stay their own), w.own
     (the token is in the document's own title) and w.from (the first document whose own
     text or title holds it, for the snippet). Returns how many documents it touched,
     listed in w.listDocs. */
  function rollUp(up, list, w) {
    var tf = w.tf, from = w.from, docs = w.listDocs, m = 0, pos = 0, d = 0, end = list.length;
    while (pos < end) {
      var b = list[pos++], n = b & 127, scale = 128;
      while (b & 128) { b = list[pos++]; n += (b & 127) * scale; scale *= 128; }
      d += n;
      b = list[pos++]; var v = b & 127; scale = 128;
      while (b & 128) { b = list[pos++]; v += (b & 127) * scale; scale *= 128; }
      var text = (v - (v & 1)) / 2, title = 0;
      if (v & 1) {
        b = list[pos++]; title = b & 127; scale = 128;
        while (b & 128) { b = list[pos++]; title += (b & 127) * scale; scale *= 128; }
        w.own[d] = 1;
      }
      if (!tf[d]) { docs[m++] = d; from[d] = d; }
      tf[d] += text + title;
      for (var a = d; text && up[a]; ) {
        a -= up[a];
        if (!tf[a]) { docs[m++] = a; from[a] = d; }
        tf[a] += text;
      }
    }
    return m;
  }

  /* One query token (number i): per document the best BM25 score over the lists it
     matched (by prefix), added to w.score of the documents that matched every token
     before it (w.count). Token 0 lists the candidates in w.found; returns their number. */
  function scoreToken(meta, tree, lists, i, w, candidates) {
    var n = meta.docs, avg = Math.max(meta.avg, 1), len = tree.len, k = 0;
    var tf = w.tf, own = w.own, best = w.best, inToken = w.inToken, docs = w.listDocs, count = w.count;
    for (var l = 0; l < lists.length; l++) {
      var m = rollUp(tree.up, lists[l], w), idf = Math.log(1 + (n - m + 0.5) / (m + 0.5));
      for (var j = 0; j < m; j++) {
        var d = docs[j], f = tf[d];
        tf[d] = 0;
        if (i > 0 && count[d] !== i) { own[d] = 0; continue; }
        var s = idf * f * 2.2 / (f + 1.2 * (0.25 + 0.75 * len[d] / avg));
        if (!inToken[d]) { inToken[d] = 1; w.tokenDocs[k++] = d; best[d] = 0; }
        if (s > best[d]) { best[d] = s; w.bestFrom[d] = w.from[d]; }
        if (own[d]) { w.tokenTitle[d] = 1; own[d] = 0; }
      }
    }
    for (j = 0; j < k; j++) {
      d = w.tokenDocs[j];
      if (best[d] > 0) {
        count[d] = i + 1;
        w.score[d] += best[d];
        w.titles[d] += w.tokenTitle[d];
        if (i === 0) { w.src[d] = w.bestFrom[d]; w.found[candidates++] = d; }
      }
      inToken[d] = 0; w.tokenTitle[d] = 0; best[d] = 0;
    }
    return candidates;
  }

  /* Every document holding all query tokens: title hits first, then BM25. */
  function query(text) {
    var seen = {}, tokens = tokenize(text).filter(function (t) {
      return seen[t[0]] ? false : (seen[t[0]] = true);
    });
    if (!tokens.length) return Promise.resolve({ total: 0, hits: [], tokens: tokens });
    return Promise.all([get('meta.json'), get('t.bin', parseTree)]).then(function (m) {
      var meta = m[0], tree = m[1];
      return Promise.all(tokens.map(function (t) { return matches(meta, t); })).then(function (lists) {
        var w = work(meta.docs), candidates = 0, all = tokens.length, top = [], total = 0;
        for (var i = 0; i < all; i++) candidates = scoreToken(meta, tree, lists[i], i, w, candidates);
        var better = function (a, b) { return b.title - a.title || b.score - a.score || a.doc - b.doc; };
        for (var j = 0; j < candidates; j++) {
          var d = w.found[j];
          if (w.count[d] === all) {
            total++;
            var r = { doc: d, score: w.score[d], title: w.titles[d], src: w.src[d] };
            if (top.length < 10 || better(r, top[9]) < 0) {
              top.push(r); top.sort(better); if (top.length > 10) top.pop();
            }
          }
          w.count[d] = 0; w.score[d] = 0; w.titles[d] = 0;
        }
        return chunks(meta, top, total, tokens);
      });
    });
  }
  /* The ten best results with their display data. */
  function chunks(meta, top, total, tokens) {
    function row(doc) { return get('d' + Math.floor(doc / meta.chunk) + '.json').then(function (c) { return c[doc % meta.chunk]; }); }
    return Promise.all(top.map(function (r) { return Promise.all([row(r.doc), row(r.src)]); })).then(function (rows) {
      top.forEach(function (r, i) {
        var own = rows[i][0];
        r.url = own[0]; r.title = own[1]; r.page = own[2]; r.text = rows[i][1][3] || own[3];
      });
      return { total: total, hits: top, tokens: tokens };
    });
  }

  /* The text around the first match, as DOM nodes with the query's tokens in <mark>. */
  function snippet(text, tokens) {
    var norm = '', at = [], chars = Array.from(text);
    chars.forEach(function (c, i) { var f = fold(c); for (var j = 0; j < f.length; j++) at.push(i); norm += f; });
    var marked = [];
    tokens.forEach(function (t) {
      for (var p = norm.indexOf(t[0]); p !== -1; p = norm.indexOf(t[0], p + 1)) {
        for (var q = p; q < p + t[0].length; q++) marked[at[q]] = true;
      }
    });
    var first = marked.indexOf(true);
    var start = Math.max(0, first - 30), end = Math.min(chars.length, start + 120);
    var frag = document.createDocumentFragment(), mark = null, plain = '';
    if (start > 0) plain = '…';
    for (var i = start; i < end; i++) {
      if (marked[i]) {
        if (plain) { frag.appendChild(document.createTextNode(plain)); plain = ''; }
        if (!mark) { mark = document.createElement('mark'); frag.appendChild(mark); }
        mark.textContent += chars[i];
      } else { mark = null; plain += chars[i]; }
    }
    frag.appendChild(document.createTextNode(plain + (end < chars.length ? '…' : '')));
    return frag;
  }

  window.tebikiSearch = { normalize: fold, tokenize: tokenize, query: query };
  if (!box) return;

  var form = box.querySelector('form'), input = form.querySelector('input');
  var status = form.querySelector('[role=status]'), list = form.querySelector('ul');
  var root = document.body.getAttribute('data-base-path') || '/';
  /* A query runs as soon as the text changes: with its shards cached it takes a few
     milliseconds, so no pause waits for the typing to stop. One runs at a time; text typed
     meanwhile is searched when it ends, and a result for older text is not shown. */
  var serial = 0, busy = false;

  function say(n) {
    var key = n === 0 ? 'data-search-none' : n === 1 ? 'data-search-found-one' : 'data-search-found';
    status.textContent = box.getAttribute(key).replace('#', n);
  }
  function show(result) {
    list.textContent = '';
    result.hits.forEach(function (r) {
      var li = document.createElement('li'), a = document.createElement('a');
      var title = document.createElement('span'), snip = document.createElement('span');
      a.href = root + r.url;
      title.className = 'search-hit-title';
      title.textContent = r.title && r.title !== r.page ? r.page + ' › ' + r.title : r.page;
      snip.className = 'search-hit-snippet';
      snip.appendChild(snippet(r.text, result.tokens));
      a.appendChild(title); a.appendChild(snip); li.appendChild(a); list.appendChild(li);
    });
    say(result.total);
  }
  function run() {
    var mine = ++serial, text = input.value;
    if (!text.trim()) { list.textContent = ''; status.textContent = ''; return; }
    if (busy) return;
    busy = true;
    function done(ok, result) {
      busy = false;
      if (mine !== serial) run();
      else if (ok) show(result);
      else say(0);
    }
    query(text).then(function (r) { done(true, r); }, function () { done(false); });
  }
  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }
  function move(step) {
    var all = links(), i = all.indexOf(document.activeElement) + step;
    if (i < 0) { input.focus(); return; }
    if (all[i]) all[i].focus();
  }

  input.addEventListener('input', run);
  form.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); move(1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); move(-1); }
    else if (e.key === 'Escape') { input.value = ''; run(); input.focus(); }
  });
  form.addEventListener('submit', function (e) {
    var first = links()[0];
    e.preventDefault();
    if (first) location.href = first.href;
  });
  var q = new URLSearchParams(location.search).get('q');
  if (q) { input.value = q; run(); }
  else if (input.value) run();
})();
