"""What the page says aloud, captured: an init script that stands in for speechSynthesis."""

CAPTURE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__spoken.push(u.text); if (u.onend) { setTimeout(u.onend, 50); } },
  getVoices: function () { return []; }, cancel: function () {}
}});
"""
