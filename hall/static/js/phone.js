// The phone page: polls the ticket and says plainly what to do; vibrates when called.
(function () {
  "use strict";
  var card = document.querySelector("[data-ticket-url]");
  if (!card) { return; }
  var url = card.getAttribute("data-ticket-url");
  var state = card.querySelector("[data-state]");
  var last = card.getAttribute("data-status");

  function render(t) {
    if (t.status === "waiting") {
      var eta = t.est_wait_minutes === null ? "暂无开放窗口，请稍候" : "预计等候约 " + t.est_wait_minutes + " 分钟";
      state.innerHTML = '<div class="p-wait"><div>您前面还有</div><div class="p-big"><span data-ahead></span> 人</div><div data-eta></div></div>';
      state.querySelector("[data-ahead]").textContent = t.ahead;
      state.querySelector("[data-eta]").textContent = eta;
    } else if (t.status === "called") {
      state.innerHTML = '<div class="p-called">轮到您了，请到 <strong></strong> 号窗口</div>';
      state.querySelector("strong").textContent = t.window;
    } else if (t.status === "serving") {
      state.innerHTML = '<div class="p-serving"></div>';
      state.firstChild.textContent = "正在 " + t.window + " 号窗口办理";
    } else if (t.status === "done") {
      state.innerHTML = '<div class="p-done">已办结，感谢您的耐心等候</div>';
    } else if (t.status === "no_show") {
      state.innerHTML = '<div class="p-noshow">您已过号。如需办理，请到咨询导办窗口重新取号。</div>';
    }
    if (t.status === "called" && last !== "called" && navigator.vibrate) {
      navigator.vibrate([400, 200, 400, 200, 400]);
    }
    last = t.status;
  }

  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (t) { if (t) { render(t); } })
      .catch(function () { /* offline for a moment: try again next round */ })
      .then(function () {
        var done = last === "done" || last === "no_show";
        window.setTimeout(poll, done ? 30000 : 4000);
      });
  }

  window.setTimeout(poll, 4000);
})();
