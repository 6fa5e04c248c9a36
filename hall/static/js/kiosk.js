// Kiosk behaviour: the clock in the header, and a screen left alone returns home.
(function () {
  "use strict";
  var WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function tick() {
    var clock = document.querySelector("[data-clock]");
    if (!clock) { return; }
    var now = new Date();
    clock.querySelector("strong").textContent = pad(now.getHours()) + ":" + pad(now.getMinutes());
    clock.querySelector("span").textContent = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" +
      now.getDate() + "日 " + WEEKDAYS[now.getDay()];
  }

  function watchIdle() {
    var seconds = parseInt(document.body.getAttribute("data-idle-home") || "0", 10);
    var home = document.body.getAttribute("data-home-url");
    if (!seconds || !home) { return; }
    var timer = null;
    function reset() {
      clearTimeout(timer);
      timer = setTimeout(function () { window.location.href = home; }, seconds * 1000);
    }
    ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
      window.addEventListener(name, reset, { passive: true });
    });
    reset();
  }

  function wirePrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 10000);
    watchIdle();
    wirePrintButtons();
  });
})();
