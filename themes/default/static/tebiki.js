/* tebiki default theme: progressive enhancement, no framework.
   - Checklist: progress is a list of page keys (the page's path without language, e.g.
     "first-method") in localStorage under "tebiki-progress:<base path><guide folder>/"
     (just "<base path>" for the guide at the language folder), so the Japanese and
     English versions of a step share it and every guide has its own record.
   - Opening #method-…, #faq-… or a step id opens the <details> around it.
   - Expand all / collapse all; printing opens everything.
   - The language switcher keeps the current #fragment.
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
      button.addEventListener('click', function () {
        done = [];
        saveDone(done);
        showProgress();
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
    $$('.details-controls').forEach(function (controls) {
      if (sections.length < 2) return;
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

  setUpChecklist();
  setUpDetails();
  setUpSwitcher();
  setUpSearch();
})();
