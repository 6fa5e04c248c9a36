// 预约签到 at the kiosk: one field for the 预约码, a 身份证号 or a scanned booking link.
// The field keeps the focus, so a barcode scanner (which types like a keyboard and ends with
// Enter) always writes into it; the on-screen keys write there too. Messages are also spoken.
(function () {
  "use strict";

  function speak(text) {
    if (window.hallKiosk) { window.hallKiosk.speak(text); }
  }

  function setUp(form) {
    var field = form.querySelector("[data-entry]");
    var keys = form.querySelector("[data-entry-keys]");
    var check = form.querySelector("[data-entry-error]");
    if (!field || !keys) { return; }

    function hideCheck() {
      if (check) { check.hidden = true; check.textContent = ""; }
    }

    keys.addEventListener("mousedown", function (event) {
      // Keep the caret in the field when a key is pressed with a finger or mouse.
      if (event.target.closest("button")) { event.preventDefault(); }
    });

    keys.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var key = button.getAttribute("data-key");
      var action = button.getAttribute("data-action");
      if (key !== null) {
        field.value += key;
      } else if (action === "back") {
        field.value = field.value.slice(0, -1);
      } else if (action === "clear") {
        field.value = "";
      }
      hideCheck();
      field.focus({ preventScroll: true });
    });

    field.addEventListener("input", hideCheck);

    // A touch elsewhere on the page must not leave a scanner typing into nothing.
    document.addEventListener("click", function (event) {
      if (!event.target.closest("a, button, input, select, textarea, dialog")) {
        field.focus({ preventScroll: true });
      }
    });

    form.addEventListener("submit", function (event) {
      if (!field.value.trim()) {
        event.preventDefault();
        var text = check ? check.getAttribute("data-empty") : "";
        if (check) { check.textContent = text; check.hidden = false; }
        speak(text);
        field.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-check-in-form]").forEach(setUp);
    var message = document.querySelector("[data-speak]");
    if (message) { speak(message.textContent.replace(/\s+/g, " ").trim()); }
  });
})();
