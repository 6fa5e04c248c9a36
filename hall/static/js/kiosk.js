// Kiosk behaviour: the clock in the header, and a screen left alone returns home.
(function () {
  "use strict";
  // The hall's own time zone and the server's clock, whatever the kiosk's settings are.
  var skew = 0;
  var timeFormat = null;
  var dateFormat = null;

  function setUpClock(clock) {
    var zone = clock.getAttribute("data-timezone") || undefined;
    var serverMs = parseInt(clock.getAttribute("data-server-ms") || "0", 10);
    if (serverMs) { skew = serverMs - Date.now(); }
    timeFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false });
    dateFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, year: "numeric", month: "long", day: "numeric", weekday: "long" });
  }

  function tick() {
    var clock = document.querySelector("[data-clock]");
    if (!clock) { return; }
    if (!timeFormat) { setUpClock(clock); }
    var now = new Date(Date.now() + skew);
    clock.querySelector("strong").textContent = timeFormat.format(now);
    clock.querySelector("span").textContent = dateFormat.format(now);
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

  function autoPrint() {
    // Kiosks run Chromium with --kiosk-printing, so this prints the slip without a dialog.
    if (document.body.hasAttribute("data-autoprint")) {
      window.setTimeout(function () { window.print(); }, 300);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    autoPrint();
    tick();
    setInterval(tick, 10000);
    watchIdle();
    wirePrintButtons();
  });

  // Says a message aloud in Mandarin where the kiosk has a voice; the words stay on screen.
  function speak(text) {
    if (!text || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) { return; }
    try {
      window.speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.9;
      window.speechSynthesis.speak(utterance);
    } catch (ignored) { /* no voice on this machine: the words are on screen */ }
  }

  window.hallKiosk = { speak: speak };
})();
