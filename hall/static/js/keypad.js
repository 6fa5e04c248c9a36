// The on-screen numeric keypad of the kiosk's progress look-up.
// Keys write into whichever field was last chosen (tapped, clicked or tabbed to); the fields
// stay normal inputs, so a physical keyboard works too. Messages are also spoken aloud.
(function () {
  "use strict";

  function digitsOnly(text, max) {
    return (text || "").replace(/[^0-9]/g, "").slice(0, max);
  }

  function setUp(form) {
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-keypad-target]"));
    var pad = form.querySelector("[data-keypad]");
    var check = form.querySelector("[data-keypad-error]");
    if (!fields.length || !pad) { return; }
    var active = document.activeElement && fields.indexOf(document.activeElement) >= 0
      ? document.activeElement : fields[0];

    function length(field) { return parseInt(field.getAttribute("data-length") || "0", 10); }

    function showCount(field) {
      var count = form.querySelector('[data-count-for="' + field.id + '"]');
      if (count) { count.textContent = "已输入 " + field.value.length + " / " + length(field) + " 位"; }
      field.parentNode.classList.toggle("is-complete", field.value.length === length(field));
    }

    function choose(field) {
      active = field;
      fields.forEach(function (f) {
        f.parentNode.classList.toggle("is-active", f === field);
      });
    }

    function clean(field) {
      var value = digitsOnly(field.value, length(field));
      if (value !== field.value) { field.value = value; }
      showCount(field);
    }

    function hideCheck() {
      if (check) { check.hidden = true; check.textContent = ""; }
    }

    // A full case number moves on to the query code, as on a bank's keypad.
    function advanceIfFull(field) {
      var next = fields[fields.indexOf(field) + 1];
      if (next && field.value.length === length(field) && !next.value) {
        choose(next);
        next.focus({ preventScroll: true });
      }
    }

    fields.forEach(function (field) {
      field.addEventListener("focus", function () { choose(field); });
      field.addEventListener("input", function () {
        clean(field);
        hideCheck();
        advanceIfFull(field);
      });
      clean(field);
    });
    choose(active);

    pad.addEventListener("mousedown", function (event) {
      // Keep the caret in the chosen field when a key is pressed with a finger or mouse.
      if (event.target.closest("button")) { event.preventDefault(); }
    });

    pad.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !active) { return; }
      var key = button.getAttribute("data-key");
      var action = button.getAttribute("data-action");
      if (key !== null) {
        if (active.value.length < length(active)) { active.value += key; }
      } else if (action === "back") {
        active.value = active.value.slice(0, -1);
      } else if (action === "clear") {
        active.value = "";
      }
      clean(active);
      hideCheck();
      // Only follow into the next field when the keypad itself filled this one.
      if (key !== null) { advanceIfFull(active); }
    });

    // Tell a short entry in words before asking the server, and go back to that field.
    form.addEventListener("submit", function (event) {
      for (var i = 0; i < fields.length; i += 1) {
        var field = fields[i];
        clean(field);
        if (field.value.length !== length(field)) {
          event.preventDefault();
          var name = form.querySelector('label[for="' + field.id + '"]');
          var label = name ? name.firstChild.textContent.trim() : "";
          var text = label + "应为 " + length(field) + " 位数字，现在输入了 " + field.value.length + " 位，请补全后再" + (form.getAttribute("data-keypad-verb") || "查询");
          if (check) { check.textContent = text; check.hidden = false; }
          speak(text);
          choose(field);
          field.focus();
          return;
        }
      }
    });
  }

  // Spoken words for people who do not read well; kiosk.js says them (one voice for every page).
  function speak(text) {
    if (window.hallKiosk) { window.hallKiosk.speak(text); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-keypad-form]").forEach(setUp);
    var message = document.querySelector("[data-speak]");
    if (message) { speak(message.textContent.replace(/\s+/g, " ").trim()); }
  });
})();
