// What the lobby display and the window screens share: the new call's flash and the
// connection state said in words.
(function () {
  "use strict";

  var FLASH_MS = 10000;          // a new call pulses at least this long (or until the next)
  var DOWN_AFTER_MS = 4000;      // a reconnect quicker than this is not worth a warning

  // The box pulses for FLASH_MS, then stays outlined until the next call.
  function flasher(box) {
    var timer = null;
    return function flash() {
      box.classList.remove("flash");
      void box.offsetWidth;  // restart the animation
      box.classList.add("flash", "called");
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { box.classList.remove("flash"); }, FLASH_MS);
    };
  }

  // A quick reconnect (a stream's normal end) says nothing; a longer one says so in words.
  function connectionLine(box, text, upText) {
    var timer = null;
    return function setConnection(state) {
      window.clearTimeout(timer);
      if (state === "up") {
        box.classList.remove("down");
        text.textContent = upText;
        return;
      }
      timer = window.setTimeout(function () {
        box.classList.add("down");
        text.textContent = state === "retrying" ? "连接中断，正在重新连接…" : "无法连接服务器，稍后自动重试";
      }, state === "retrying" ? DOWN_AFTER_MS : 0);
    };
  }

  window.hallScreens = { flasher: flasher, connectionLine: connectionLine };
})();
