// The guide's on-screen keyboard: pinyin letters and digits for kiosks that have neither a
// keyboard nor a Chinese input method. Keys write into the search box (which stays a normal
// input, so a physical keyboard works too); the results follow as the citizen types.
(function () {
  "use strict";

  var WAIT_MS = 300;   // after the last key, before asking for results

  function setUp(form) {
    var input = form.querySelector("[data-search-input]");
    var keyboard = document.querySelector("[data-keyboard]");
    var toggle = form.querySelector("[data-keyboard-toggle]");
    var results = document.querySelector("[data-results]");
    if (!input || !keyboard) { return; }
    var timer = null;
    var asked = 0;

    function show(open) {
      keyboard.hidden = !open;
      if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
    }

    function caret() {
      var end = input.value.length;
      if (document.activeElement !== input) { return [end, end]; }
      var start = input.selectionStart === null ? end : input.selectionStart;
      var stop = input.selectionEnd === null ? end : input.selectionEnd;
      return [start, stop];
    }

    function type(text) {
      var at = caret();
      var value = input.value.slice(0, at[0]) + text + input.value.slice(at[1]);
      if (value.length > input.maxLength && input.maxLength > 0) { return; }
      input.value = value;
      input.setSelectionRange(at[0] + text.length, at[0] + text.length);
    }

    function backspace() {
      var at = caret();
      if (at[0] !== at[1]) {
        input.value = input.value.slice(0, at[0]) + input.value.slice(at[1]);
        input.setSelectionRange(at[0], at[0]);
      } else if (at[0] > 0) {
        input.value = input.value.slice(0, at[0] - 1) + input.value.slice(at[0]);
        input.setSelectionRange(at[0] - 1, at[0] - 1);
      }
    }

    function query() {
      return new URLSearchParams(new FormData(form)).toString();
    }

    // Live results: only the answer to the latest question is shown.
    function refresh() {
      if (!results || !form.getAttribute("data-results-url")) { return; }
      var mine = ++asked;
      var params = query();
      fetch(form.getAttribute("data-results-url") + "?" + params, {
        headers: { "Accept": "text/html" }, credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html === null || mine !== asked) { return; }
        results.innerHTML = html;
        history.replaceState(null, "", form.getAttribute("action") + "?" + params);
      }).catch(function () { /* the 搜索 key still submits the form */ });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(refresh, WAIT_MS);
    }

    keyboard.addEventListener("mousedown", function (event) {
      // Keep the caret in the search box when a key is pressed.
      if (event.target.closest("button")) { event.preventDefault(); }
    });

    keyboard.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button) { return; }
      var key = button.getAttribute("data-key");
      var action = button.getAttribute("data-action");
      if (action === "search") {
        clearTimeout(timer);
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
        return;
      }
      if (key !== null) { type(key); }
      else if (action === "back") { backspace(); }
      else if (action === "clear") { input.value = ""; }
      later();
    });

    input.addEventListener("input", later);

    if (toggle) {
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        show(keyboard.hidden);
        if (!keyboard.hidden) { input.focus({ preventScroll: true }); }
      });
    }
    show(!keyboard.hasAttribute("data-start-closed"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-search-form]").forEach(setUp);
  });
})();
