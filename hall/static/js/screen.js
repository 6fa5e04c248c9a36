// The screen above a window: its current number, or that it is paused. It pulses and speaks
// each call of its own window (重呼 on a recall), and says its connection state in words.
(function () {
  "use strict";
  var body = document.body;
  var windowNo = parseInt(body.getAttribute("data-window"), 10);
  var stateUrl = body.getAttribute("data-state-url");
  var timer = null;
  var recall = false;
  var voice = null;

  function $(selector) { return document.querySelector(selector); }

  var flash = window.hallScreens.flasher($("[data-call]"));
  var setConnection = window.hallScreens.connectionLine(
    $("[data-connection]"), $("[data-connection-text]"), "已连接");

  // Shrinks a one-line text until it fits its box (the number must never wrap).
  function fit(el) {
    el.style.fontSize = "";
    var width = el.clientWidth;
    if (!width || el.scrollWidth <= width) { return; }
    var size = parseFloat(window.getComputedStyle(el).fontSize);
    el.style.fontSize = Math.floor(size * width / el.scrollWidth * 0.98) + "px";
  }

  function fitAll() { Array.prototype.forEach.call(document.querySelectorAll(".fit"), fit); }

  function draw(s) {
    var current = $("[data-current]");
    current.classList.toggle("paused", s.status !== "open");
    current.textContent = s.status === "open" ? (s.current || "请稍候") : (s.status === "paused" ? "暂停服务" : "暂停办理");
    $("[data-name]").textContent = s.name;
    $("[data-staff]").textContent = s.staff ? s.staff.name + (s.staff.staff_no ? "　工号 " + s.staff.staff_no : "") : "";
    $("[data-recall]").hidden = !(recall && s.status === "open" && s.current);
    fitAll();
  }

  function load() {
    fetch(stateUrl, { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw, function () {});
  }

  function soon() { window.clearTimeout(timer); timer = window.setTimeout(load, 200); }

  function onCall(event) {
    var data = JSON.parse(event.data);
    if (data.window === windowNo && data.text) {
      recall = event.type === "ticket.recalled";
      $("[data-current]").textContent = data.number;
      $("[data-current]").classList.remove("paused");
      $("[data-recall]").hidden = !recall;
      fitAll();
      flash();
      if (voice) { voice.say({ number: data.number, window: data.window, text: data.text, recall: recall }); }
    }
    soon();
  }

  function onChange(event) {
    var data = JSON.parse(event.data || "{}");
    if (data.window === windowNo) { recall = false; }
    soon();
  }

  var source = null;
  function connect() {
    if (source) { source.close(); }
    source = new EventSource(body.getAttribute("data-events-url"));
    source.addEventListener("ticket.called", onCall);
    source.addEventListener("ticket.recalled", onCall);
    ["ticket.done", "ticket.no_show", "ticket.transferred", "ticket.started", "window.changed"]
      .forEach(function (name) { source.addEventListener(name, onChange); });
    source.onopen = function () { setConnection("up"); load(); };
    source.onerror = function () {
      // CONNECTING: the browser retries by itself; CLOSED: start again ourselves.
      if (source.readyState === EventSource.CLOSED) {
        setConnection("lost");
        window.setTimeout(connect, 3000);
      } else {
        setConnection("retrying");
      }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (body.getAttribute("data-sound") !== "off") {   // ?sound=off: a screen with no speaker
      var sound = window.HallVoice.reporter($("[data-sound-warning]"), "window", windowNo);
      voice = window.HallVoice.create({
        base: body.getAttribute("data-audio-url"), mode: body.getAttribute("data-voice-mode"),
        onProblem: sound.problem, onWorking: sound.working
      });
    }
    window.addEventListener("resize", fitAll);
    connect();
    window.setInterval(load, 30000);
    load();
  });
})();
