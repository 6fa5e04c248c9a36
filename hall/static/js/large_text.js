// 大字模式: a citizen who needs bigger text turns it on once; the browser remembers it.
// Runs in <head> (not deferred) so the class is on <html> before the first paint.
(function () {
  "use strict";
  var KEY = "hall.largeText";
  var CLASS = "large-text";

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (ignored) { return false; }
  }

  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (ignored) { /* private mode: this page only */ }
  }

  function apply(on) {
    document.documentElement.classList.toggle(CLASS, on);
    document.querySelectorAll("[data-large-text]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  apply(remembered());
  document.addEventListener("DOMContentLoaded", function () {
    apply(document.documentElement.classList.contains(CLASS));
    document.querySelectorAll("[data-large-text]").forEach(function (button) {
      button.addEventListener("click", function () {
        var on = !document.documentElement.classList.contains(CLASS);
        remember(on);
        apply(on);
      });
    });
  });
})();
