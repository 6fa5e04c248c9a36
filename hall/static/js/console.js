// The window console: one touch or one key per action, kept live by the hall's events.
(function () {
  "use strict";
  var root = document.querySelector("[data-console]");
  if (!root) { return; }
  var urls = {
    state: root.getAttribute("data-state-url"),
    call: root.getAttribute("data-call-url"),
    status: root.getAttribute("data-status-url"),
    tickets: root.getAttribute("data-tickets-url"),
    events: root.getAttribute("data-events-url")
  };
  var csrf = root.getAttribute("data-csrf");
  var state = null;
  var busy = false;
  var refreshTimer = null;
  var STATUS = { open: "开放", paused: "暂停", closed: "关闭" };
  var TICKET = { called: "已叫号，等候群众到窗口", serving: "办理中" };

  function $(sel) { return root.querySelector(sel); }

  function say(text, ok) {
    var box = $("[data-message]");
    box.hidden = !text;
    box.textContent = text || "";
    box.classList.toggle("ok", !!ok);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      if (r.status === 204) { return { empty: true }; }
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error((data.error && data.error.message) || "操作失败"); }
        return data;
      });
    });
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function drawTimer() {
    var t = state && state.current;
    var box = $("[data-timer]");
    if (!t) { box.textContent = ""; return; }
    var seconds = t.seconds + Math.round((Date.now() - state.loadedAt) / 1000);
    var label = t.status === "serving" ? "已办理 " : "已等候 ";
    box.textContent = label + pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
    box.classList.toggle("long", seconds > 20 * 60);
  }

  function drawToday(today) {
    var rows = [["已办结", today.served + " 人"], ["过号", today.no_shows + " 人"],
      ["平均等候", today.wait_minutes_mean === null ? "—" : today.wait_minutes_mean + " 分钟"],
      ["平均办理", today.service_minutes_mean === null ? "—" : today.service_minutes_mean + " 分钟"]];
    var dl = $("[data-today]");
    dl.textContent = "";
    rows.forEach(function (row) {
      var dt = document.createElement("dt"); dt.textContent = row[0];
      var dd = document.createElement("dd"); dd.textContent = row[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
  }

  function drawWaiting(list, total) {
    $("[data-waiting-total]").textContent = total;
    var ol = $("[data-waiting]");
    ol.textContent = "";
    if (!list.length) {
      var li = document.createElement("li"); li.textContent = "暂无等候"; ol.appendChild(li);
    }
    list.forEach(function (t) {
      var li = document.createElement("li");
      var num = document.createElement("span"); num.className = "num"; num.textContent = t.number;
      var cat = document.createElement("span");
      cat.textContent = t.category + (t.priority ? " · 优先" : "") +
        (t.own_line ? (t.transferred ? " · 转入" : "") : " · 转入本窗口（非本窗口队列）");
      var waited = document.createElement("span"); waited.className = "muted"; waited.textContent = t.waited_minutes + " 分钟";
      li.appendChild(num); li.appendChild(cat); li.appendChild(waited);
      ol.appendChild(li);
    });
  }

  // The lines this window serves with their waiting counts, then the tickets of other
  // lines sent here by a transfer: why the line below may hold a letter not served here.
  function drawQueues(queues, sentHere) {
    var ul = $("[data-queues]");
    ul.textContent = "";
    function row(prefix, name, waiting, className) {
      var li = document.createElement("li");
      if (className) { li.className = className; }
      var p = document.createElement("span"); p.className = "c-prefix"; p.textContent = prefix;
      var n = document.createElement("span"); n.textContent = name;
      var c = document.createElement("span"); c.className = "c-count";
      var strong = document.createElement("strong"); strong.textContent = waiting;
      c.appendChild(document.createTextNode("等候 ")); c.appendChild(strong);
      c.appendChild(document.createTextNode(" 人"));
      li.appendChild(p); li.appendChild(n); li.appendChild(c);
      ul.appendChild(li);
    }
    queues.forEach(function (q) { row(q.prefix, q.name, q.waiting, ""); });
    if (!queues.length) {
      var none = document.createElement("li"); none.className = "c-none";
      none.textContent = "本窗口未设置受理的队列，请联系大厅管理员"; ul.appendChild(none);
    }
    if (sentHere) { row("→", "转入本窗口的其他队列号码", sentHere, "c-sent"); }
  }

  function draw() {
    var w = state.window;
    var label = $("[data-status-label]");
    label.textContent = STATUS[w.status] || w.status;
    label.className = "tag " + ({ open: "green", paused: "amber" }[w.status] || "");
    var t = state.current;
    $("[data-current-number]").textContent = t ? t.number : "—";
    $("[data-current-meta]").textContent = t ? t.category_name + " · " + (TICKET[t.status] || t.status) :
      (w.status === "open" ? "暂无号码，请按“叫号”" : "窗口未开放，请先点“开放”");
    drawTimer();
    var accept = $("[data-accept-link]");
    accept.href = accept.href.split("&ticket=")[0] + (t ? "&ticket=" + t.id : "");
    drawQueues(state.queues, state.sent_here);
    drawWaiting(state.waiting, state.waiting_total);
    drawToday(state.today);
  }

  function load() {
    return fetch(urls.state, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) { state = data; state.loadedAt = Date.now(); draw(); });
  }

  function refreshSoon() {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(load, 250);
  }

  function act(name) {
    if (busy) { return; }
    var t = state && state.current;
    var request;
    if (name === "call") { request = post(urls.call); }
    else if (name === "open" || name === "pause") { request = post(urls.status, { status: name === "open" ? "open" : "paused" }); }
    else if (name === "transfer") { $("[data-transfer]").hidden = !t; if (!t) { say("当前没有可转移的号码"); } return; }
    else if (name === "transfer-cancel") { $("[data-transfer]").hidden = true; return; }
    else if (!t) { say("当前没有号码"); return; }
    else { request = post(urls.tickets + "/" + t.id + "/" + name); }
    busy = true;
    // Busy only while the action is in flight: a click made while the screen reloads its
    // state must not be swallowed (the next action still names the same ticket).
    request.then(function (data) {
      busy = false;
      say(data.empty ? "当前没有等候的群众" : messageFor(name, data), !data.empty);
    }, function (err) { busy = false; say(err.message); })
      .then(load);
  }

  function messageFor(name, data) {
    return {
      call: "已叫 " + data.number + " 号", recall: "已重呼 " + data.number + " 号",
      start: data.number + " 号开始办理", finish: data.number + " 号已办结",
      "no-show": data.number + " 号" + (data.status === "waiting" ? "过号，已重新排队" : "已过号"),
      open: "窗口已开放", pause: "窗口已暂停"
    }[name] || "已完成";
  }

  function transfer(event) {
    event.preventDefault();
    var form = event.target;
    var body = {};
    if (form.window.value) { body.window = parseInt(form.window.value, 10); }
    if (form.category.value) { body.category = form.category.value; }
    if (!body.window && !body.category) { say("请选择转往的窗口或业务类别"); return; }
    if (body.window && body.category) { say("窗口和业务类别只能选一个"); return; }
    busy = true;
    post(urls.tickets + "/" + state.current.id + "/transfer", body).then(function (data) {
      form.hidden = true;
      say(data.number + " 号已转移", true);
    }, function (err) { say(err.message); }).then(load).then(function () { busy = false; });
  }

  var KEYS = { n: "call", r: "recall", x: "no-show", s: "start", d: "finish", t: "transfer" };

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.ctrlKey || event.altKey || event.metaKey || tag === "input" || tag === "select" || tag === "textarea") { return; }
    if (event.key.toLowerCase() === "a") { window.location.href = $("[data-accept-link]").href; return; }
    var name = KEYS[event.key.toLowerCase()];
    if (name) { event.preventDefault(); act(name); }
  });
  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button) { act(button.getAttribute("data-action")); }
  });
  $("[data-transfer]").addEventListener("submit", transfer);

  var source = new EventSource(urls.events);
  ["ticket.issued", "ticket.called", "ticket.no_show", "ticket.done", "ticket.started",
    "ticket.transferred", "window.changed"].forEach(function (name) {
    source.addEventListener(name, refreshSoon);
  });
  window.setInterval(drawTimer, 1000);
  window.setInterval(load, 30000);
  load();
})();
