// The complaint form: a live character count, which contact fields a complaint needs, and
// on the kiosk a digit pad for the phone and case-number fields (the fields stay ordinary
// inputs, so a keyboard works too). Messages shown on the kiosk are also spoken aloud.
(function () {
  "use strict";

  function counter(form) {
    var text = form.querySelector("textarea");
    var out = text && form.querySelector('[data-counter="' + text.id + '"]');
    if (!out) { return; }
    var max = parseInt(text.getAttribute("maxlength") || "0", 10);
    function show() {
      out.textContent = "已输入 " + text.value.length + " / " + max + " 字";
      out.classList.toggle("over", max > 0 && text.value.length >= max);
    }
    text.addEventListener("input", show);
    show();
  }

  // A complaint needs a name and a phone; a suggestion or praise may be anonymous.
  function needs(form) {
    var radios = form.querySelectorAll("input[data-kind]");
    function show() {
      var chosen = form.querySelector("input[data-kind]:checked");
      var kind = chosen ? chosen.getAttribute("data-kind") : "";
      form.querySelectorAll("[data-need]").forEach(function (note) {
        note.textContent = kind === "complaint" ? "（必填）" : kind ? "（可不填）" : "（投诉必填）";
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  }

  function digitPad(form) {
    var pad = form.querySelector("[data-digit-pad]");
    var fields = Array.prototype.slice.call(form.querySelectorAll("[data-digit-target]"));
    if (!pad || !fields.length) { return; }
    pad.hidden = false;
    var active = fields[0];
    function choose(field) {
      active = field;
      fields.forEach(function (f) { f.parentNode.classList.toggle("is-active", f === field); });
    }
    fields.forEach(function (field) { field.addEventListener("focus", function () { choose(field); }); });
    choose(active);
    pad.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) { event.preventDefault(); }   // keep the caret
    });
    pad.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var key = button.getAttribute("data-key");
      var action = button.getAttribute("data-action");
      var max = parseInt(active.getAttribute("maxlength") || "24", 10);
      if (key !== null && active.value.length < max) { active.value += key; }
      if (action === "back") { active.value = active.value.slice(0, -1); }
      if (action === "clear") { active.value = ""; }
      active.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // Spoken words for people who do not read well; kiosk.js says them (one voice for every page).
  function speak(text) {
    if (window.hallKiosk) { window.hallKiosk.speak(text); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-complaint-form]").forEach(function (form) {
      counter(form);
      needs(form);
      digitPad(form);
      var firstError = form.querySelector("[aria-invalid]");
      if (firstError) { firstError.focus({ preventScroll: false }); }
    });
    var message = document.querySelector("[data-speak]");
    if (message && document.body.classList.contains("cp-kiosk")) {
      speak(message.textContent.replace(/\s+/g, " ").trim());
    }
  });
})();
