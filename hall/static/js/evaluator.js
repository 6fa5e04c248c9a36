// The window's evaluator tablet (a registered device): idle until this window finishes a
// ticket or closes a case (seen on /api/v1/events, which carries no secret), then it fetches
// the one-time key of that service from the hall and shows five large choices; the key goes
// with the citizen's rating and works once. Thanks for 5 s, then idle again.
// It never submits by itself: a minute without a touch returns to idle without a rating.
(function () {
  "use strict";
  var body = document.body;
  var windowNo = parseInt(body.getAttribute("data-window-no"), 10);
  var windowId = parseInt(body.getAttribute("data-window-id"), 10);
  var lastId = parseInt(body.getAttribute("data-last-event-id"), 10) || 0;
  var RATE_SECONDS = 60, THANKS_SECONDS = 5;
  var subject = null, level = 0, reasons = [], timer = null, source = null;

  function $(selector) { return document.querySelector(selector); }
  function $all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }

  function show(name) {
    ["idle", "rate", "thanks"].forEach(function (part) { $("[data-" + part + "]").hidden = part !== name; });
    body.setAttribute("data-mode", name);
  }

  function armTimer(seconds, then) {
    window.clearTimeout(timer);
    timer = window.setTimeout(then, seconds * 1000);
  }

  function toIdle() {
    window.clearTimeout(timer);
    subject = null;
    show("idle");
  }

  function press(button, on) { button.setAttribute("aria-pressed", on ? "true" : "false"); }

  function resetChoices() {
    level = 0;
    reasons = [];
    $all("[data-level]").forEach(function (b) { press(b, false); });
    $all("[data-reason]").forEach(function (b) { press(b, false); });
    $("[data-reasons]").hidden = true;
    $("[data-submit]").disabled = true;
    $("[data-error]").hidden = true;
  }

  function startRating(next) {
    subject = next;
    resetChoices();
    $("[data-subject]").textContent = next.label ? "（" + next.label + "）" : "";
    show("rate");
    armTimer(RATE_SECONDS, toIdle);
  }

  function chooseLevel(button) {
    level = parseInt(button.getAttribute("data-level"), 10);
    $all("[data-level]").forEach(function (b) { press(b, b === button); });
    $("[data-reasons]").hidden = level > 2;
    if (level > 2) { reasons = []; $all("[data-reason]").forEach(function (b) { press(b, false); }); }
    $("[data-submit]").disabled = false;
  }

  function toggleReason(button) {
    var reason = button.getAttribute("data-reason");
    var at = reasons.indexOf(reason);
    if (at >= 0) { reasons.splice(at, 1); } else { reasons.push(reason); }
    press(button, at < 0);
  }

  function thank(text) {
    $("[data-thanks-text]").textContent = text;
    show("thanks");
    // Back to idle by reloading: the acting staff member's name is drawn afresh.
    armTimer(THANKS_SECONDS, function () { window.location.reload(); });
  }

  function fail(message) {
    var box = $("[data-error]");
    box.textContent = message;
    box.hidden = false;
    $("[data-submit]").disabled = false;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": body.getAttribute("data-csrf") },
      body: JSON.stringify(data)
    });
  }

  // The hall hands this tablet the keys of its window's services just finished.
  function fetchKey(kind, ref) {
    post(body.getAttribute("data-keys-url"), {}).then(function (r) {
      if (r.status === 403) { window.location.reload(); return null; }   // no longer registered
      return r.ok ? r.json() : null;
    }).then(function (data) {
      var found = ((data && data.services) || []).filter(function (s) {
        return s.kind === kind && s.ref === ref;
      })[0];
      if (found) { startRating(found); }
    }, function () { $("[data-connection]").hidden = false; });
  }

  function submit(event) {
    event.preventDefault();
    if (!subject || !level) { return; }
    $("[data-submit]").disabled = true;
    post(body.getAttribute("data-rate-url"), { key: subject.key, level: level, reasons: reasons }).then(function (r) {
      if (r.status === 201) { thank("您的意见将帮助我们改进服务"); return; }
      if (r.status === 409) { thank("本次服务已评价，感谢您的反馈"); return; }
      if (r.status === 404) { fail("评价时间已过，感谢您的配合"); armTimer(THANKS_SECONDS, toIdle); return; }
      if (r.status === 403) { window.location.reload(); return; }
      if (r.status === 429) { fail("提交过于频繁，请稍后再点“提交评价”"); return; }
      fail("提交未成功，请再点一次“提交评价”");
    }, function () { fail("网络异常，请再点一次“提交评价”"); });
  }

  function onEvent(event) {
    lastId = parseInt(event.lastEventId, 10) || lastId;
    var data = JSON.parse(event.data);
    if (event.type === "ticket.done" && data.window === windowNo) {
      fetchKey("ticket", data.id);
    } else if (event.type === "case.changed" && data.window === windowId && data.status === "closed") {
      fetchKey("case", data.case_no);
    }
  }

  function connect() {
    if (source) { source.close(); }
    source = new EventSource(body.getAttribute("data-events-url") +
      "?kinds=ticket.done,case.changed&last_event_id=" + lastId);
    source.addEventListener("ticket.done", onEvent);
    source.addEventListener("case.changed", onEvent);
    source.onopen = function () { $("[data-connection]").hidden = true; };
    source.onerror = function () {
      $("[data-connection]").hidden = false;
      if (source.readyState === EventSource.CLOSED) { window.setTimeout(connect, 3000); }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    $all("[data-level]").forEach(function (b) { b.addEventListener("click", function () { chooseLevel(b); }); });
    $all("[data-reason]").forEach(function (b) { b.addEventListener("click", function () { toggleReason(b); }); });
    $("[data-rate]").addEventListener("submit", submit);
    $("[data-cancel]").addEventListener("click", toIdle);
    // Any touch in rating mode gives the citizen another minute.
    $("[data-rate]").addEventListener("pointerdown", function () { if (subject) { armTimer(RATE_SECONDS, toIdle); } });
    show("idle");
    connect();
  });
})();
