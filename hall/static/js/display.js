// The lobby display: draws the latest calls and the lines, and speaks each call aloud.
// It follows /api/v1/events and resumes with Last-Event-ID after any outage.
(function () {
  "use strict";
  var body = document.body;
  var snapshotUrl = body.getAttribute("data-snapshot-url");
  var eventsUrl = body.getAttribute("data-events-url");
  var lastId = 0;
  var calls = [];
  var source = null;
  var speechQueue = [];
  var speaking = false;
  var refreshTimer = null;

  function $(selector) { return document.querySelector(selector); }

  function cell(text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    return td;
  }

  function drawCalls() {
    var latest = calls[0];
    $("[data-latest-number]").textContent = latest ? latest.number : "—";
    $("[data-latest-window]").textContent = latest ? "请到 " + latest.window + " 号窗口" : "请留意叫号";
    var tbody = $("[data-calls]");
    tbody.textContent = "";
    var rest = calls.slice(1, 9);
    for (var i = 0; i < rest.length; i += 2) {
      var tr = document.createElement("tr");
      [rest[i], rest[i + 1]].forEach(function (call, k) {
        if (k === 1) { tr.appendChild(cell("", "gap")); }
        tr.appendChild(cell(call ? call.number : "", "num"));
        tr.appendChild(cell(call ? call.window + " 号窗口" : "", "win"));
      });
      tbody.appendChild(tr);
    }
  }

  function drawCategories(categories) {
    var list = $("[data-categories]");
    list.textContent = "";
    list.classList.toggle("dense", categories.length > 6);
    categories.forEach(function (c) {
      var li = document.createElement("li");
      var prefix = document.createElement("div");
      prefix.className = "prefix";
      prefix.textContent = c.prefix;
      var text = document.createElement("div");
      var name = document.createElement("div");
      name.className = "name";
      name.textContent = c.name;
      var eta = document.createElement("div");
      eta.className = "eta";
      eta.textContent = c.est_wait_minutes === null ? "暂无开放窗口" : "预计等候约 " + c.est_wait_minutes + " 分钟";
      text.appendChild(name);
      text.appendChild(eta);
      var count = document.createElement("div");
      count.className = "count";
      count.innerHTML = "<span></span><small> 人</small>";
      count.firstChild.textContent = c.waiting;
      li.appendChild(prefix);
      li.appendChild(text);
      li.appendChild(count);
      list.appendChild(li);
    });
  }

  // 今日带班领导: name and title (the snapshot never carries the phone).
  function drawLeader(leader) {
    var box = $("[data-duty-leader]");
    if (!box) { return; }
    box.hidden = !leader;
    $("[data-duty-leader-name]").textContent = leader ? leader.name + (leader.title ? "（" + leader.title + "）" : "") : "";
  }

  function flash() {
    var box = $("[data-latest]");
    box.classList.remove("flash");
    void box.offsetWidth;  // restart the animation
    box.classList.add("flash");
  }

  // A two-tone chime made with Web Audio: no sound file to ship.
  function chime(done) {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) { done(); return; }
    try {
      var ctx = chime.ctx || (chime.ctx = new Ctx());
      [[880, 0], [660, 0.45]].forEach(function (tone) {
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.frequency.value = tone[0];
        gain.gain.setValueAtTime(0.0001, ctx.currentTime + tone[1]);
        gain.gain.exponentialRampToValueAtTime(0.4, ctx.currentTime + tone[1] + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + tone[1] + 0.6);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + tone[1]);
        osc.stop(ctx.currentTime + tone[1] + 0.65);
      });
      window.setTimeout(done, 1100);
    } catch (e) { done(); }
  }

  function speakNext() {
    if (speaking || !speechQueue.length) { return; }
    speaking = true;
    var text = speechQueue.shift();
    chime(function () {
      if (!window.speechSynthesis) { speaking = false; speakNext(); return; }
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      utterance.rate = 0.85;
      var voices = window.speechSynthesis.getVoices().filter(function (v) { return /^zh/i.test(v.lang); });
      if (voices.length) { utterance.voice = voices[0]; }
      var finished = false;
      var next = function () { if (!finished) { finished = true; speaking = false; speakNext(); } };
      utterance.onend = next;
      utterance.onerror = next;
      window.setTimeout(next, 8000);  // some engines never fire onend
      window.speechSynthesis.speak(utterance);
    });
  }

  function announce(call) {
    calls = calls.filter(function (c) { return c.number !== call.number; });
    calls.unshift(call);
    calls = calls.slice(0, 9);
    drawCalls();
    flash();
    speechQueue.push(call.text);
    speakNext();
  }

  function refreshSoon() {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(loadSnapshot, 400);
  }

  function loadSnapshot() {
    return fetch(snapshotUrl, { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (snap) {
        calls = snap.calls;
        drawCalls();
        drawCategories(snap.categories);
        drawLeader(snap.duty_leader);
        if (!lastId) { lastId = snap.last_event_id; }
      });
  }

  function setConnected(ok) {
    $("[data-connection]").classList.toggle("down", !ok);
  }

  function onCall(event) {
    lastId = parseInt(event.lastEventId, 10) || lastId;
    var data = JSON.parse(event.data);
    if (!data.window || !data.text) { return; }
    announce({ number: data.number, window: data.window, text: data.text, recall: event.type === "ticket.recalled" });
    refreshSoon();
  }

  function onOther(event) {
    lastId = parseInt(event.lastEventId, 10) || lastId;
    refreshSoon();
  }

  function connect() {
    if (source) { source.close(); }
    source = new EventSource(eventsUrl + "?last_event_id=" + lastId);
    source.addEventListener("ticket.called", onCall);
    source.addEventListener("ticket.recalled", onCall);
    ["ticket.issued", "ticket.no_show", "ticket.done", "ticket.started", "ticket.transferred", "window.changed"]
      .forEach(function (name) { source.addEventListener(name, onOther); });
    source.onopen = function () { setConnected(true); };
    source.onerror = function () {
      setConnected(false);
      // The browser retries by itself while it can; once closed, start again ourselves.
      if (source.readyState === EventSource.CLOSED) { window.setTimeout(start, 3000); }
    };
  }

  function start() {
    loadSnapshot().then(connect, function () {
      setConnected(false);
      window.setTimeout(start, 3000);
    });
  }

  function tickClock() {
    var zone = body.getAttribute("data-timezone") || undefined;
    var skew = tickClock.skew;
    if (skew === undefined) {
      skew = tickClock.skew = (parseInt(body.getAttribute("data-server-ms"), 10) || Date.now()) - Date.now();
    }
    var now = new Date(Date.now() + skew);
    $("[data-time]").textContent = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false }).format(now);
    $("[data-date]").textContent = new Intl.DateTimeFormat("zh-CN", { timeZone: zone, month: "long", day: "numeric", weekday: "long" }).format(now);
  }

  document.addEventListener("DOMContentLoaded", function () {
    tickClock();
    window.setInterval(tickClock, 5000);
    window.setInterval(loadSnapshot, 60000);
    start();
  });
})();
