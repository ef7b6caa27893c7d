// tebiki dev server client: live reload, stylesheet hot-swap, the build error overlay and
// the dismissible warnings panel.
// Injected by `tebiki serve` only; `tebiki build` output never contains it.
(function () {
  "use strict";
  var script = document.currentScript;
  var build = script ? script.getAttribute("data-build") : null;
  // The overlay's words in the page's language (from i18n/*.ftl), else English.
  var words = {
    title: (script && script.getAttribute("data-title")) ||
      "The site did not build. The page below is the last good version.",
    help: (script && script.getAttribute("data-help")) || "help",
    warnings: (script && script.getAttribute("data-warnings")) ||
      "The site built, with warnings:",
    dismiss: (script && script.getAttribute("data-dismiss")) || "Close"
  };
  var KEY = "tebiki:restore:" + location.pathname;
  var OVERLAY = "tebiki-error-overlay";
  var PANEL = "tebiki-warnings";

  // Put back the scroll position and the open <details> saved just before a reload.
  function restore() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(KEY)); } catch (e) { saved = null; }
    if (!saved) return;
    sessionStorage.removeItem(KEY);
    var all = document.querySelectorAll("details");
    for (var i = 0; i < all.length; i++) {
      var d = all[i];
      var open = d.id && saved.ids.hasOwnProperty(d.id) ? saved.ids[d.id] : saved.open[i];
      if (open !== undefined) d.open = open;
    }
    // "instant": a theme with smooth scrolling would otherwise animate from the top.
    window.scrollTo({ left: saved.x, top: saved.y, behavior: "instant" });
  }

  function reload() {
    var open = [], ids = {};
    var all = document.querySelectorAll("details");
    for (var i = 0; i < all.length; i++) {
      open.push(all[i].open);
      if (all[i].id) ids[all[i].id] = all[i].open;
    }
    try {
      sessionStorage.setItem(KEY, JSON.stringify({
        x: window.scrollX, y: window.scrollY, open: open, ids: ids
      }));
    } catch (e) { /* storage full or disabled: reload without restoring */ }
    // One mechanism in every browser: ours, not the browser's own scroll restoration,
    // which some browsers apply before the new page has its full height.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    location.reload();
  }

  function swapStylesheets(version) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      var url = new URL(old.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("tebiki", version);
      var fresh = old.cloneNode();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = (function (o) {
        return function () { if (o.parentNode) o.parentNode.removeChild(o); };
      })(old);
      old.parentNode.insertBefore(fresh, old.nextSibling);
    }
    hideErrors();
  }

  function hideErrors() {
    var box = document.getElementById(OVERLAY);
    if (box) box.parentNode.removeChild(box);
  }

  // Every text goes in with textContent, so a message can never inject markup.
  function showErrors(list) {
    hideErrors();
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;" +
      "z-index:2147483647;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #b00020;" +
      "padding:1rem 1.25rem;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px #0004";
    var title = document.createElement("strong");
    title.textContent = words.title;
    box.appendChild(title);
    box.appendChild(entries(list, "#b00020"));
    document.body.appendChild(box);
  }

  // The diagnostics as a list: `path:line:col: message`, then the help line.
  function entries(list, color) {
    var ul = document.createElement("ul");
    ul.style.cssText = "margin:.5rem 0 0;padding-left:1.25rem";
    for (var i = 0; i < list.length; i++) {
      var d = list[i];
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.style.cssText = "font-weight:bold;color:" + color;
      where.textContent = d.location;
      li.appendChild(where);
      li.appendChild(document.createTextNode(": " + d.message));
      if (d.help) {
        var help = document.createElement("div");
        help.textContent = words.help + ": " + d.help;
        li.appendChild(help);
      }
      if (d.explain) {
        var explain = document.createElement("div");
        explain.style.cssText = "opacity:.75";
        explain.textContent = d.explain;
        li.appendChild(explain);
      }
      ul.appendChild(li);
    }
    return ul;
  }

  function hideWarnings() {
    var panel = document.getElementById(PANEL);
    if (panel) panel.parentNode.removeChild(panel);
  }

  // A small panel in a corner: the page stays usable, and the close button removes it
  // until the next build.
  function showWarnings(list) {
    hideWarnings();
    if (!list.length) return;
    var panel = document.createElement("aside");
    panel.id = PANEL;
    panel.setAttribute("role", "status");
    panel.setAttribute("aria-label", words.warnings);
    panel.style.cssText = "position:fixed;right:1rem;bottom:1rem;max-width:min(36rem,90vw);" +
      "max-height:40vh;overflow:auto;z-index:2147483646;background:#fffbea;color:#1a1a1a;" +
      "border:2px solid #8a6100;border-radius:6px;padding:.75rem 1rem;" +
      "font:14px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px #0003";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = words.dismiss;
    close.style.cssText = "float:right;margin-left:.5rem;font:inherit";
    close.addEventListener("click", hideWarnings);
    panel.appendChild(close);
    var title = document.createElement("strong");
    title.textContent = words.warnings;
    panel.appendChild(title);
    panel.appendChild(entries(list, "#8a6100"));
    document.body.appendChild(panel);
  }

  var wasOpen = false;
  function connect() {
    var source = new EventSource("/__tebiki/events");
    source.addEventListener("open", function () {
      // The server restarted while this page was open: its site may have changed.
      if (wasOpen) reload();
      wasOpen = true;
    });
    source.addEventListener("hello", function (e) {
      if (build !== null && e.data !== build && e.data !== "0") reload();
    });
    source.addEventListener("reload", function () { reload(); });
    source.addEventListener("css", function (e) { swapStylesheets(e.data); });
    source.addEventListener("warnings", function (e) {
      try { showWarnings(JSON.parse(e.data)); } catch (err) { /* not ours */ }
    });
    source.addEventListener("error", function (e) {
      if (typeof e.data === "string") {
        try { showErrors(JSON.parse(e.data)); } catch (err) { /* not ours */ }
      } else if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    });
  }

  restore();
  connect();
})();
