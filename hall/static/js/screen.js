// The screen above a window: its current number, or that it is paused.
(function () {
  "use strict";
  var body = document.body;
  var stateUrl = body.getAttribute("data-state-url");
  var timer = null;

  function draw(s) {
    var current = document.querySelector("[data-current]");
    current.classList.toggle("paused", s.status !== "open");
    current.textContent = s.status === "open" ? (s.current || "请稍候") : (s.status === "paused" ? "暂停服务" : "暂停办理");
    document.querySelector("[data-name]").textContent = s.name;
    document.querySelector("[data-staff]").textContent = s.staff ? s.staff.name + (s.staff.staff_no ? "　工号 " + s.staff.staff_no : "") : "";
  }

  function load() {
    fetch(stateUrl, { cache: "no-store" }).then(function (r) { return r.json(); }).then(draw, function () {});
  }

  function soon() { window.clearTimeout(timer); timer = window.setTimeout(load, 200); }

  var source = new EventSource(body.getAttribute("data-events-url"));
  ["ticket.called", "ticket.recalled", "ticket.done", "ticket.no_show", "ticket.transferred", "ticket.started", "window.changed"]
    .forEach(function (name) { source.addEventListener(name, soon); });
  window.setInterval(load, 30000);
  load();
})();
