// 办件公示 on the lobby's second screen: keeps the clock and, with ?auto=1, turns to the
// next page every few seconds and wraps round to the first. Settings come from data-*.
(function () {
  "use strict";
  var body = document.body;

  function startClock() {
    var time = document.querySelector("[data-time]");
    var day = document.querySelector("[data-date]");
    if (!time) { return; }
    var zone = body.getAttribute("data-timezone") || undefined;
    var serverMs = parseInt(body.getAttribute("data-server-ms") || "0", 10);
    var skew = serverMs ? serverMs - Date.now() : 0;
    var timeFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false });
    var dayFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, year: "numeric", month: "long", day: "numeric", weekday: "long" });
    function tick() {
      var now = new Date(Date.now() + skew);
      time.textContent = timeFormat.format(now);
      if (day) { day.textContent = dayFormat.format(now); }
    }
    tick();
    setInterval(tick, 10000);
  }

  function nextPageUrl() {
    var page = parseInt(body.getAttribute("data-page") || "1", 10);
    var pages = parseInt(body.getAttribute("data-pages") || "1", 10);
    var next = page >= pages ? 1 : page + 1;
    return body.getAttribute("data-board-url") + "?page=" + next + "&auto=1";
  }

  function autoAdvance() {
    if (body.getAttribute("data-auto") !== "1") { return; }
    var seconds = parseInt(body.getAttribute("data-interval") || "20", 10);
    var timer = document.querySelector("[data-timer]");
    if (timer) { timer.style.animationDuration = seconds + "s"; timer.classList.add("running"); }
    // A single page still reloads, so new and closed cases show up. The page is only left
    // when the next one answers: during an outage the screen keeps what it shows.
    function turn() {
      var url = nextPageUrl();
      if (!window.fetch) { window.location.replace(url); return; }
      fetch(url, { method: "HEAD", cache: "no-store" }).then(function (response) {
        if (response.ok) { window.location.replace(url); } else { setTimeout(turn, seconds * 1000); }
      }, function () { setTimeout(turn, seconds * 1000); });
    }
    setTimeout(turn, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    startClock();
    autoAdvance();
  });
})();
