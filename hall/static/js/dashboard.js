// 大厅监控: the page arrives drawn by the server; this keeps it live. It follows
// /api/v1/events (resuming from the last event id after any outage), re-fetches the
// snapshot from /api/v1/dashboard at most once a second when something relevant happens,
// and every 30 s anyway for what the clock changes (waits growing, idle windows).
// dashboard_parts.js does the drawing. A wall screen (/dashboard/screen) runs the same script
// on its link's cookie; a 401/403 then means the link was revoked (data-expired-label).
(function () {
  "use strict";
  var KINDS = ["ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.done",
    "ticket.no_show", "ticket.transferred", "window.changed", "case.changed", "rating.created",
    "display.sound"];
  var THROTTLE_MS = 1000;
  var PERIOD_MS = 30000;
  var root, lastId = 0, source = null, pending = null, lastFetch = 0, expired = false, broken = false;

  function $(selector) { return root.querySelector(selector); }

  function setConnection(state, text) {
    var badge = $("[data-conn]");
    badge.className = "dash-conn " + state;
    badge.textContent = "● " + text;
  }

  function sessionExpired() {
    expired = true;
    $("[data-expired]").hidden = false;
    setConnection("down", root.getAttribute("data-expired-label") || "登录已超时");
    if (source) { source.close(); }
  }

  function refresh() {
    lastFetch = Date.now();
    return fetch(root.getAttribute("data-api-url"), { cache: "no-store", credentials: "same-origin",
      headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) { sessionExpired(); return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (snap) { if (snap) { window.HallDashboard.draw(root, snap); } },
        function () { setConnection("down", "数据暂时无法更新，正在重试"); });
  }

  // At most one fetch a second, however many events arrive.
  function refreshSoon() {
    if (pending || expired) { return; }
    var wait = Math.max(0, THROTTLE_MS - (Date.now() - lastFetch));
    pending = window.setTimeout(function () { pending = null; refresh(); }, wait);
  }

  function onEvent(event) {
    lastId = parseInt(event.lastEventId, 10) || lastId;
    refreshSoon();
  }

  function connect() {
    if (expired) { return; }
    if (source) { source.close(); }
    var url = root.getAttribute("data-events-url") + "?kinds=" + KINDS.join(",") + "&last_event_id=" + lastId;
    source = new EventSource(url);
    KINDS.forEach(function (kind) { source.addEventListener(kind, onEvent); });
    source.onopen = function () {
      setConnection("live", "实时更新中");
      if (broken) { broken = false; refreshSoon(); }   // catch up with the clock-driven parts
    };
    source.onerror = function () {
      broken = true;
      setConnection("down", "连接中断，正在重连");
      // The browser retries by itself while it can; once closed, start again ourselves.
      if (source.readyState === EventSource.CLOSED) { window.setTimeout(connect, 3000); }
    };
  }

  function startClock() {
    var zone = root.getAttribute("data-timezone") || undefined;
    var skew = (parseInt(root.getAttribute("data-server-ms"), 10) || Date.now()) - Date.now();
    var time = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false });
    var day = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, year: "numeric", month: "long", day: "numeric", weekday: "long" });
    function tick() {
      var now = new Date(Date.now() + skew);
      $("[data-clock]").textContent = time.format(now);
      $("[data-date]").textContent = day.format(now);
    }
    tick();
    window.setInterval(tick, 5000);
  }

  function fullscreenButton() {
    var button = $("[data-fullscreen]");
    if (!document.documentElement.requestFullscreen) { button.hidden = true; return; }
    button.addEventListener("click", function () {
      if (document.fullscreenElement) { document.exitFullscreen(); } else { document.documentElement.requestFullscreen(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.querySelector("[data-dashboard]");
    if (!root) { return; }
    lastId = parseInt(root.getAttribute("data-last-event-id"), 10) || 0;
    lastFetch = Date.now();   // the server has just drawn the page
    startClock();
    fullscreenButton();
    connect();
    window.setInterval(refreshSoon, PERIOD_MS);
  });
})();
