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

  // Before going home by itself a screen asks "需要更多时间？" for this long (docs/rules.md §7:
  // no time pressure without a way to extend it). The page's idle time includes the question.
  var ASK_SECONDS = 10;

  // Shows the question and counts down aloud and on screen; calls leave() if nobody answers.
  function askForMoreTime(dialog, leave) {
    var left = ASK_SECONDS;
    var counter = dialog.querySelector("[data-idle-seconds]");
    function show() { if (counter) { counter.textContent = String(left); } }
    show();
    dialog.showModal();
    speak("需要更多时间吗？");
    return setInterval(function () {
      left -= 1;
      if (left <= 0) { leave(); } else { show(); }
    }, 1000);
  }

  function wireQuestion(dialog, stay, leave) {
    dialog.querySelector("[data-idle-stay]").addEventListener("click", stay);
    dialog.querySelector("[data-idle-leave]").addEventListener("click", leave);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
    // A touch beside the question (on the backdrop) also means somebody is still here.
    dialog.addEventListener("click", function (event) { if (event.target === dialog) { stay(); } });
  }

  function watchIdle() {
    var seconds = parseInt(document.body.getAttribute("data-idle-home") || "0", 10);
    var home = document.body.getAttribute("data-home-url");
    if (!seconds || !home) { return; }
    var dialog = document.querySelector("[data-idle-dialog]");
    var canAsk = Boolean(dialog && typeof dialog.showModal === "function");
    var timer = null;
    var countdown = null;
    function goHome() { clearInterval(countdown); window.location.href = home; }
    function ask() { if (canAsk) { countdown = askForMoreTime(dialog, goHome); } else { goHome(); } }
    function restart() {
      clearTimeout(timer);
      timer = setTimeout(ask, Math.max(seconds - ASK_SECONDS, 1) * 1000);
    }
    function stay() { clearInterval(countdown); countdown = null; dialog.close(); restart(); }
    // While the question is up only its answers count: a touch must not dismiss 返回首页.
    function activity() { if (countdown === null) { restart(); } }
    ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
      window.addEventListener(name, activity, { passive: true });
    });
    if (canAsk) { wireQuestion(dialog, stay, goHome); }
    restart();
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
