// hyoka serve: live reload and the build-error overlay. Only `hyoka serve` adds this
// script to the pages it sends; `hyoka build` never writes it.
//
// The events URL is a path on the page's own origin (no host name is built), so it works
// on IPv6 addresses such as http://[::1]:1111/ and under a base path such as /hyoka/.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var version = me.getAttribute("data-version") || "";
  var base = me.getAttribute("data-base") || "/";
  var box = null;
  var shown = null;
  var closed = null;

  // The messages as the terminal shows them, and a close button: the error overlay and the
  // warnings banner both have them.
  function messages(text, css) {
    var pre = document.createElement("pre");
    pre.style.cssText = css;
    pre.textContent = text;
    return pre;
  }
  function closeButton(css, onclose) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "閉じる";
    button.style.cssText = css;
    button.onclick = onclose;
    return button;
  }

  function hide() {
    if (box) box.remove();
    box = null;
    shown = null;
  }

  function show(err) {
    if (shown === err.text || closed === err.text) return;
    hide();
    shown = err.text;
    box = document.createElement("div");
    box.id = "hyoka-error-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
      "background:rgba(24,24,24,.94);color:#fff;padding:1.5rem;" +
      "font:16px/1.7 system-ui,sans-serif;text-align:left";
    var title = document.createElement("p");
    title.style.cssText = "font-size:1.25rem;font-weight:bold;margin:0 0 .5rem;color:#ffb4a8";
    title.textContent = "サイトを作れませんでした（" + err.summary + "）";
    var note = document.createElement("p");
    note.style.cssText = "margin:0 0 1rem";
    note.textContent =
      "前回正常に作れたサイトを表示しています。原稿を直して保存すると、自動で作り直して読み込み直します。";
    var pre = messages(
      err.text,
      "white-space:pre-wrap;font:14px/1.6 ui-monospace,monospace;background:#000;" +
        "color:#fff;padding:1rem;margin:0 0 1rem;border-radius:4px"
    );
    var button = closeButton("font:inherit;padding:.25rem 1rem", function () {
      closed = err.text;
      hide();
    });
    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(pre);
    box.appendChild(button);
    (document.body || document.documentElement).appendChild(box);
  }

  // Warnings: a small banner at the bottom that does not cover the page; it opens to the
  // full list and can be closed (until the warnings change).
  var bar = null;
  var barShown = null;
  var barClosed = null;
  function hideWarnings() {
    if (bar) bar.remove();
    bar = null;
    barShown = null;
  }
  function showWarnings(w) {
    if (barShown === w.text || barClosed === w.text) return;
    hideWarnings();
    barShown = w.text;
    bar = document.createElement("details");
    bar.id = "hyoka-warnings";
    bar.setAttribute("role", "status");
    bar.style.cssText =
      "position:fixed;left:0;right:0;bottom:0;z-index:2147483646;max-height:50vh;overflow:auto;" +
      "box-sizing:border-box;background:#fff8c5;color:#1a1a1a;border-top:3px solid #7a5c00;" +
      "padding:.5rem 1rem;font:15px/1.6 system-ui,sans-serif;text-align:left";
    var summary = document.createElement("summary");
    summary.style.cssText = "cursor:pointer;font-weight:bold";
    summary.textContent =
      w.summary + "あります（サイトは作れています。クリックすると内容を表示します）";
    var pre = messages(w.text, "white-space:pre-wrap;font:13px/1.6 ui-monospace,monospace;margin:.5rem 0");
    var button = closeButton("font:inherit;padding:.1rem .75rem", function () {
      barClosed = w.text;
      hideWarnings();
    });
    bar.appendChild(summary);
    bar.appendChild(pre);
    bar.appendChild(button);
    (document.body || document.documentElement).appendChild(bar);
  }

  function onStatus(e) {
    var s;
    try {
      s = JSON.parse(e.data);
    } catch (_) {
      return;
    }
    // The server sends a new version only once the new site is fully in place.
    if (s.ready && s.version !== version) {
      disconnect();
      location.reload();
      return;
    }
    if (s.error) show(s.error);
    else {
      closed = null;
      hide();
    }
    if (s.warnings && !s.error) showWarnings(s.warnings);
    else hideWarnings();
  }

  // Browsers allow only about six connections to one server, so only visible tabs keep a
  // stream open. A tab shown again reconnects, receives the current status at once, and
  // reloads if the site changed meanwhile.
  var events = null;
  function connect() {
    if (events) return;
    events = new EventSource(base + "__hyoka/events");
    events.addEventListener("status", onStatus);
  }
  function disconnect() {
    if (events) events.close();
    events = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function () {
    if (!document.hidden) connect();
  });
  if (!document.hidden) connect();
})();
