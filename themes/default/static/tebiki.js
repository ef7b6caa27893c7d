/* tebiki default theme: progressive enhancement, no framework.
   - Checklist: progress is a list of page keys (the page's path without language, e.g.
     "first-method") in localStorage under "tebiki-progress:<base path><guide folder>/"
     (just "<base path>" for the guide at the language folder), so the Japanese and
     English versions of a step share it and every guide has its own record.
   - Opening #method-…, #faq-… or a step id opens the <details> around it.
   - Expand all / collapse all; printing opens everything.
   - The language switcher keeps the current #fragment.
   - "Which method are you using?": the chosen method's id (e.g. "method-phone") is kept
     in localStorage under "tebiki-method:<base path>" (every language and page shares it,
     like progress) or given as ?method=<id>; each list of methods opens it first.
   - Images open full-screen in a <dialog>; the announcement can be dismissed and hides
     itself after its date; "Reset progress" asks first.
   Without this script every page is complete: sections open by hand, the checklist is a
   plain list of links. */
(function () {
  'use strict';
  var storeKey = 'tebiki-progress:' + (document.body.getAttribute('data-base-path') || '/') +
    (document.body.getAttribute('data-guide') || '');

  function $$(selector, scope) {
    return Array.prototype.slice.call((scope || document).querySelectorAll(selector));
  }

  /* ---- progress ---- */

  function loadDone() {
    try {
      var value = JSON.parse(localStorage.getItem(storeKey) || '[]');
      return Array.isArray(value) ? value.filter(function (k) { return typeof k === 'string'; }) : [];
    } catch (e) {
      return [];
    }
  }

  function saveDone(keys) {
    try {
      if (keys.length) localStorage.setItem(storeKey, JSON.stringify(keys));
      else localStorage.removeItem(storeKey);
    } catch (e) { /* storage blocked: progress lasts for this page view only */ }
  }

  var done = loadDone();

  function isDone(key) { return done.indexOf(key) !== -1; }

  function setDone(key, value) {
    done = done.filter(function (k) { return k !== key; });
    if (value) done.push(key);
    saveDone(done);
    showProgress();
  }

  function showProgress() {
    $$('input[data-check-key]').forEach(function (box) {
      box.checked = isDone(box.getAttribute('data-check-key'));
      var item = box.closest('li');
      if (item) item.classList.toggle('is-done', box.checked);
    });
    $$('[data-done-key]').forEach(function (mark) {
      var on = isDone(mark.getAttribute('data-done-key'));
      mark.hidden = !on;
      mark.parentNode.classList.toggle('is-done', on);
    });
    $$('.progress[data-step-keys]').forEach(function (line) {
      var keys = line.getAttribute('data-step-keys').split(' ').filter(Boolean);
      var count = keys.filter(isDone).length;
      line.textContent = line.getAttribute('data-p' + count) || '';
      line.hidden = false;
    });
  }

  function setUpChecklist() {
    $$('input[data-check-key]').forEach(function (box) {
      box.addEventListener('change', function () {
        setDone(box.getAttribute('data-check-key'), box.checked);
      });
    });
    $$('.check, .step-done-control, .checklist-note, .checklist-reset').forEach(function (el) {
      el.hidden = false;
    });
    $$('.checklist-reset').forEach(function (button) {
      var ask = document.getElementById(button.getAttribute('aria-controls'));
      var answer = function (yes) {
        ask.hidden = true;
        button.setAttribute('aria-expanded', 'false');
        if (yes) {
          done = [];
          saveDone(done);
          showProgress();
        }
        button.focus();
      };
      button.addEventListener('click', function () {
        ask.hidden = false;
        button.setAttribute('aria-expanded', 'true');
        ask.querySelector('[data-reset="no"]').focus();
      });
      ask.addEventListener('click', function (event) {
        var which = event.target.getAttribute('data-reset');
        if (which) answer(which === 'yes');
      });
      ask.addEventListener('keydown', function (event) {
        if (event.key === 'Escape') answer(false);
      });
    });
    window.addEventListener('storage', function (event) {
      if (event.key === storeKey || event.key === null) {
        done = loadDone();
        showProgress();
      }
    });
    showProgress();
  }

  /* ---- collapsible sections ---- */

  function targetOfHash() {
    var id = location.hash.slice(1);
    if (!id) return null;
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
    return document.getElementById(id);
  }

  function openTarget() {
    var target = targetOfHash();
    if (!target) return;
    var inside = false;
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === 'DETAILS') {
        el.open = true;
        inside = true;
      }
    }
    // The browser scrolled before the section opened (or opened it itself): scroll again.
    if (inside) target.scrollIntoView();
  }

  function setUpDetails() {
    var sections = $$('main details');
    var toc = document.querySelector('.toc details');
    // Open on wide screens; on phones it stays closed so the first instruction shows.
    if (toc && matchMedia('(min-width: 48rem)').matches) toc.open = true;
    $$('.details-controls').forEach(function (controls) {
      var first = document.querySelector('.content .method-choice, .content details');
      if (sections.length < 2 || !first) return;
      first.parentNode.insertBefore(controls, first);
      controls.hidden = false;
      $$('button[data-details]', controls).forEach(function (button) {
        button.addEventListener('click', function () {
          var open = button.getAttribute('data-details') === 'open';
          sections.forEach(function (d) { d.open = open; });
        });
      });
    });
    openTarget();
    window.addEventListener('hashchange', openTarget);
    // A link to the fragment already in the address bar fires no hashchange.
    document.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a[href^="#"]');
      if (link && link.getAttribute('href') === location.hash) setTimeout(openTarget, 0);
    });
    var closedForPrint = [];
    window.addEventListener('beforeprint', function () {
      closedForPrint = $$('details:not([open])');
      closedForPrint.forEach(function (d) { d.open = true; });
    });
    window.addEventListener('afterprint', function () {
      closedForPrint.forEach(function (d) { d.open = false; });
      closedForPrint = [];
    });
  }

  /* ---- language switcher keeps the fragment ---- */

  function syncSwitcher() {
    var id = location.hash.slice(1);
    try { id = decodeURIComponent(id); } catch (e) { /* keep it as written */ }
    $$('a[data-lang-switch]').forEach(function (link) {
      var href = link.getAttribute('href').split('#')[0];
      var missing = (link.getAttribute('data-missing-ids') || '').split(' ');
      link.setAttribute('href', id && missing.indexOf(id) < 0 ? href + location.hash : href);
    });
  }

  function setUpSwitcher() {
    syncSwitcher();
    window.addEventListener('hashchange', syncSwitcher);
  }

  /* Search: show the form instead of the page-list link; search.js loads on first use. */
  function setUpSearch() {
    var box = document.querySelector('[data-search]');
    if (!box) return;
    box.querySelector('form').hidden = false;
    box.className += ' ready';
    var load = function () {
      if (box.getAttribute('data-loading')) return;
      box.setAttribute('data-loading', '1');
      var script = document.createElement('script');
      script.src = box.getAttribute('data-search-script');
      document.head.appendChild(script);
    };
    box.addEventListener('focusin', load);
    if (/[?&]q=/.test(location.search)) load();
  }

  /* ---- "Which method are you using?" ---- */

  var methodKey = 'tebiki-method:' + (document.body.getAttribute('data-base-path') || '/');

  function storedMethod() {
    var asked = /[?&]method=([\w-]+)/.exec(location.search);
    if (asked) {
      var id = /^method-/.test(asked[1]) ? asked[1] : 'method-' + asked[1];
      try { localStorage.setItem(methodKey, id); } catch (e) { return id; }
    }
    try { return localStorage.getItem(methodKey) || ''; } catch (e) { return asked ? asked[1] : ''; }
  }

  /* Each run of methods side by side: its <details> in their written order. */
  function methodGroups() {
    var groups = [];
    $$('main details.method').forEach(function (d) {
      var last = groups[groups.length - 1];
      if (last && last[last.length - 1] === d.previousElementSibling) last.push(d);
      else groups.push([d]);
    });
    return groups;
  }

  /* Written order, then the chosen method first and the rest under "Other methods". */
  function showMethod(groups, id) {
    groups.forEach(function (group) {
      var parent = group.others.parentNode;
      group.forEach(function (d) { parent.insertBefore(d, group.end); });
      var chosen = group.filter(function (d) { return d.id === id; })[0];
      if (chosen) {
        parent.insertBefore(chosen, group.others);
        chosen.open = true;
      }
      group.others.hidden = group.note.hidden = !chosen;
      group.select.value = chosen ? id : '';
    });
  }

  function setUpMethods() {
    var template = document.getElementById('method-choice');
    var groups = methodGroups();
    if (!template || !groups.length) return;
    groups.forEach(function (group) {
      var copy = template.content.cloneNode(true);
      var select = group.select = copy.querySelector('select');
      group.others = copy.querySelector('.method-others');
      group.note = copy.querySelector('.method-choice-note');
      group.end = group[group.length - 1].nextSibling;
      group.forEach(function (d) {
        var option = document.createElement('option');
        option.value = d.id;
        option.textContent = d.querySelector('summary').textContent.trim();
        select.appendChild(option);
      });
      select.addEventListener('change', function () {
        try {
          if (select.value) localStorage.setItem(methodKey, select.value);
          else localStorage.removeItem(methodKey);
        } catch (e) { /* kept for this page view only */ }
        showMethod(groups, select.value);
      });
      group[0].parentNode.insertBefore(copy, group[0]);
    });
    var id = storedMethod();
    if (id) showMethod(groups, id);
  }

  /* ---- images full-screen ---- */

  function setUpZoom() {
    var dialog = document.querySelector('.zoom-dialog');
    if (!dialog || !dialog.showModal) return;
    var body = dialog.querySelector('.zoom-body');
    var opener = null;
    var inHistory = false;
    var close = function () { if (dialog.open) dialog.close(); };
    dialog.addEventListener('close', function () {
      body.textContent = '';
      // Closed by the button or Esc: take back the history entry added on opening.
      if (inHistory) history.back();
      inHistory = false;
      if (opener) opener.focus();
    });
    // The back button or gesture closes the image instead of leaving the page.
    window.addEventListener('popstate', function () {
      inHistory = false;
      close();
    });
    dialog.querySelector('.zoom-close').addEventListener('click', close);
    dialog.addEventListener('click', function (event) {
      if (event.target === dialog || event.target === body) close();
    });
    document.addEventListener('click', function (event) {
      var link = event.target.closest && event.target.closest('a.zoom');
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || dialog.open) return;
      event.preventDefault();
      var view = (link.closest('.shot') || link).cloneNode(true);
      $$('a.zoom', view).concat(view.matches('a.zoom') ? [view] : []).forEach(function (a) {
        var img = a.querySelector('img');
        img.removeAttribute('loading');
        if (a === view) view = img;
        else a.parentNode.replaceChild(img, a);
      });
      body.appendChild(view);
      opener = link;
      dialog.showModal();
      history.pushState({ tebikiZoom: true }, '');
      inHistory = true;
    });
  }

  /* ---- the announcement: dismissible, hidden after its last day ---- */

  function setUpAnnouncement() {
    var box = document.querySelector('[data-announcement]');
    if (!box) return;
    var id = box.getAttribute('data-announcement');
    var key = 'tebiki-announcement:' + (document.body.getAttribute('data-base-path') || '/');
    var now = new Date();
    var pad = function (n) { return (n < 10 ? '0' : '') + n; };
    var today = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
    var until = box.getAttribute('data-until');
    var dismissed = false;
    try { dismissed = localStorage.getItem(key) === id; } catch (e) { /* show it */ }
    if (dismissed || (until && today > until)) {
      box.hidden = true;
      return;
    }
    var button = box.querySelector('.announcement-dismiss');
    button.hidden = false;
    button.addEventListener('click', function () {
      box.hidden = true;
      try { localStorage.setItem(key, id); } catch (e) { /* for this page view */ }
      document.getElementById('main').focus();
    });
  }

  setUpAnnouncement();
  setUpChecklist();
  setUpMethods();
  setUpZoom();
  setUpDetails();
  setUpSwitcher();
  setUpSearch();
})();
