// The lobby display: draws the latest calls and the lines, and speaks each call aloud.
// It follows /api/v1/events; when a stream ends (a server's stream lifetime, an outage) the
// browser reconnects by itself with Last-Event-ID, and the footer says the state in words.
(function () {
  "use strict";
  var body = document.body;
  var snapshotUrl = body.getAttribute("data-snapshot-url");
  var eventsUrl = body.getAttribute("data-events-url");
  var lastId = 0;
  var calls = [];
  var source = null;
  var refreshTimer = null;
  var voice = null;

  function $(selector) { return document.querySelector(selector); }

  var flash = window.hallScreens.flasher($("[data-latest]"));
  var setConnection = window.hallScreens.connectionLine(
    $("[data-connection]"), $("[data-connection-text]"), "已连接，叫号实时更新");

  function tag(td, text, cls) {
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    td.appendChild(span);
  }

  // A call's number cell: 预 marks a booked appointment, 重呼 a call made again.
  function cell(text, cls, call) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    if (call && call.appointment) { tag(td, "预", "tag booked"); }
    if (call && call.recall) { tag(td, "重呼", "tag"); }
    return td;
  }

  // Shrinks a one-line text until it fits its box (a call line must never wrap).
  function fit(el) {
    el.style.fontSize = "";
    var width = el.clientWidth;
    if (!width || el.scrollWidth <= width) { return; }
    var size = parseFloat(window.getComputedStyle(el).fontSize);
    el.style.fontSize = Math.floor(size * width / el.scrollWidth * 0.98) + "px";
  }

  function fitAll() { Array.prototype.forEach.call(document.querySelectorAll(".fit"), fit); }

  function drawCalls() {
    var latest = calls[0];
    $("[data-latest-number]").textContent = latest ? latest.number : "—";
    $("[data-latest-window]").textContent = latest ? "请到 " + latest.window + " 号窗口" : "请留意叫号";
    $("[data-latest-recall]").hidden = !(latest && latest.recall);
    $("[data-latest-booked]").hidden = !(latest && latest.appointment);
    fitAll();
    var tbody = $("[data-calls]");
    tbody.textContent = "";
    var rest = calls.slice(1, 9);
    for (var i = 0; i < rest.length; i += 2) {
      var tr = document.createElement("tr");
      [rest[i], rest[i + 1]].forEach(function (call, k) {
        if (k === 1) { tr.appendChild(cell("", "gap")); }
        tr.appendChild(cell(call ? call.number : "", "num", call));
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
      name.title = c.name;
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

  function announce(call) {
    calls = calls.filter(function (c) { return c.number !== call.number; });
    calls.unshift(call);
    calls = calls.slice(0, 9);
    drawCalls();
    flash();
    if (voice) { voice.say(call); }
  }

  function refreshSoon() {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(loadSnapshot, 400);
  }

  function loadSnapshot() {
    return fetch(snapshotUrl, { cache: "no-store" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (snap) {
        var spoken = calls[0];
        calls = snap.calls;
        // The snapshot knows a ticket was recalled once; the event knows this call is one.
        if (spoken && calls[0] && calls[0].number === spoken.number) { calls[0].recall = spoken.recall; }
        drawCalls();
        drawCategories(snap.categories);
        drawLeader(snap.duty_leader);
        if (!lastId) { lastId = snap.last_event_id; }
      });
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
    source.onopen = function () { setConnection("up"); };
    source.onerror = function () {
      // CONNECTING: the browser retries by itself (Last-Event-ID); CLOSED: start again ourselves.
      if (source.readyState === EventSource.CLOSED) {
        setConnection("lost");
        window.setTimeout(start, 3000);
      } else {
        setConnection("retrying");
      }
    };
  }

  function start() {
    loadSnapshot().then(connect, function () {
      setConnection("lost");
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
    window.addEventListener("resize", fitAll);
    var sound = window.HallVoice.reporter($("[data-sound-warning]"), "display", null);
    voice = window.HallVoice.create({
      base: body.getAttribute("data-audio-url"), mode: body.getAttribute("data-voice-mode"),
      onProblem: sound.problem, onWorking: sound.working
    });
    start();
  });
})();
