"""What the page says aloud, captured: init scripts that stand in for the sound of a page."""

CAPTURE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__spoken.push(u.text); if (u.onend) { setTimeout(u.onend, 50); } },
  getVoices: function () { return [{lang: "zh-CN", name: "Test Mandarin", localService: true}]; },
  cancel: function () {}
}});
"""

# A PC without any speech voice: speechSynthesis exists but has no voice, and every clip the
# page plays is recorded (its file name) and "ends" at once. Sound is allowed.
CAPTURE_CLIPS = """
window.__spoken = [];
window.__played = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__spoken.push(u.text); if (u.onend) { setTimeout(u.onend, 50); } },
  getVoices: function () { return []; }, cancel: function () {}
}});
HTMLMediaElement.prototype.play = function () {
  var audio = this;
  window.__played.push(audio.src.split("/").pop());
  setTimeout(function () { audio.dispatchEvent(new Event("ended")); }, 10);
  return Promise.resolve();
};
"""

# A browser that refuses sound until someone touches the page (no autoplay flag).
REFUSE_AUTOPLAY = CAPTURE_CLIPS + """
HTMLMediaElement.prototype.play = function () {
  window.__played.push("refused:" + this.src.split("/").pop());
  return Promise.reject(new DOMException("the user didn't interact", "NotAllowedError"));
};
"""
