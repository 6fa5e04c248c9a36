// Speaks a call on the lobby display and the window screens.
// The sentence is the server's (the 叫号语音 template of 系统设置). It is played as recorded
// clips, one per piece ("请" "A" "零" "一" "二" "号" "到" "二" "十" "五" "号窗口" "办理"), so
// a PC without a Mandarin voice still speaks. The browser's speech synthesis is used only when
// the hall chose it and a zh-CN voice is installed. When sound cannot play, onProblem is told.
(function () {
  "use strict";
  var DIGITS = "零一二三四五六七八九";
  var PAUSE = "，。、,. ；;：:！!？?";

  // 25 -> 二十五, 110 -> 一百一十, 105 -> 一百零五 (a window number, 1-999, as spoken).
  function numeral(n) {
    if (!(n >= 0 && n < 1000) || n % 1) { return String(n).split("").map(digit).join(""); }
    if (n < 10) { return DIGITS[n]; }
    if (n < 20) { return "十" + (n % 10 ? DIGITS[n % 10] : ""); }
    if (n < 100) { return DIGITS[Math.floor(n / 10)] + "十" + (n % 10 ? DIGITS[n % 10] : ""); }
    var rest = n % 100;
    var head = DIGITS[Math.floor(n / 100)] + "百";
    if (!rest) { return head; }
    if (rest < 10) { return head + "零" + DIGITS[rest]; }
    return head + DIGITS[Math.floor(rest / 10)] + "十" + (rest % 10 ? DIGITS[rest % 10] : "");
  }

  function digit(ch) { return /[0-9]/.test(ch) ? DIGITS[+ch] : ch; }

  // A ticket number is read letter by letter and digit by digit: A012 -> A 零 一 二.
  function ticketPieces(number) {
    return String(number).toUpperCase().split("").map(digit);
  }

  // The sentence around the number and the window: the template puts {number} before {window}.
  function split(text, number, windowNo) {
    var at = text.indexOf(number);
    var win = String(windowNo);
    var winAt = at < 0 ? -1 : text.indexOf(win, at + number.length);
    if (at < 0 || winAt < 0) { return null; }
    return [text.slice(0, at), { number: number }, text.slice(at + number.length, winAt),
      { window: windowNo }, text.slice(winAt + win.length)];
  }

  // Free text to clip keys, longest known piece first; null if some text has no clip.
  function textPieces(text, clips, longest) {
    var out = [];
    var i = 0;
    while (i < text.length) {
      var ch = text.charAt(i);
      if (/\s/.test(ch)) { i += 1; continue; }
      if (PAUSE.indexOf(ch) >= 0) { out.push(null); i += 1; continue; }
      var found = 0;
      for (var len = Math.min(longest, text.length - i); len > 0; len -= 1) {
        if (clips[text.substr(i, len)]) { found = len; break; }
      }
      if (!found) {
        var d = digit(ch);
        if (clips[d]) { out.push(d); i += 1; continue; }
        return null;
      }
      out.push(text.substr(i, found));
      i += found;
    }
    return out;
  }

  // Every clip of a call, in order (null marks a short pause), or null when some is missing.
  function plan(call, clips) {
    var longest = Object.keys(clips).reduce(function (m, k) { return Math.max(m, k.length); }, 1);
    var parts = split(call.text, call.number, call.window);
    var pieces = call.recall ? ["重呼", null] : [];
    if (!parts) { return null; }
    for (var i = 0; i < parts.length; i += 1) {
      var part = parts[i];
      var more = typeof part === "string" ? textPieces(part, clips, longest)
        : (part.number ? ticketPieces(part.number) : numeral(part.window).split(""));
      if (!more || more.some(function (p) { return p !== null && !clips[p]; })) { return null; }
      pieces = pieces.concat(more);
    }
    return pieces;
  }

  function create(options) {
    var base = options.base;
    var mode = options.mode || "clips";
    var clips = null;
    var cache = {};
    var queue = [];
    var busy = false;
    var broken = null;
    var ctx = null;

    function problem(reason) {
      if (broken === reason) { return; }
      broken = reason;
      if (options.onProblem) { options.onProblem(reason); }
    }

    function working() {
      if (broken === null) { return; }
      broken = null;
      if (options.onWorking) { options.onWorking(); }
    }

    function audioContext() {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { return null; }
      try { ctx = ctx || new Ctx(); } catch (e) { return null; }
      return ctx;
    }

    // A suspended AudioContext means the browser refuses sound until someone touches it.
    function probe() {
      var c = audioContext();
      if (!c) { return; }
      if (c.state === "suspended") {
        c.resume().then(function () { if (c.state === "running") { working(); } }, function () {});
        window.setTimeout(function () { if (c.state === "suspended") { problem("autoplay"); } }, 1500);
      }
    }

    function unlock() {
      var c = audioContext();
      if (c && c.state === "suspended") {
        c.resume().then(function () { if (c.state === "running") { working(); } }, function () {});
      }
    }

    function loadClips() {
      return fetch(base + "clips.json", { cache: "no-cache" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (m) { clips = m.clips; return clips; })
        .catch(function () { problem("clips"); return null; });
    }

    function clipUrl(piece) { return base + clips[piece] + ".ogg"; }

    function audioFor(piece) {
      var url = clipUrl(piece);
      if (!cache[url]) {
        var a = new Audio();
        a.preload = "auto";
        a.src = url;
        cache[url] = a;
      }
      return cache[url];
    }

    // A two-tone chime made with Web Audio: no sound file to ship.
    function chime(done) {
      var c = audioContext();
      if (!c) { done(); return; }
      try {
        [[880, 0], [660, 0.45]].forEach(function (tone) {
          var osc = c.createOscillator();
          var gain = c.createGain();
          osc.frequency.value = tone[0];
          gain.gain.setValueAtTime(0.0001, c.currentTime + tone[1]);
          gain.gain.exponentialRampToValueAtTime(0.4, c.currentTime + tone[1] + 0.03);
          gain.gain.exponentialRampToValueAtTime(0.0001, c.currentTime + tone[1] + 0.6);
          osc.connect(gain).connect(c.destination);
          osc.start(c.currentTime + tone[1]);
          osc.stop(c.currentTime + tone[1] + 0.65);
        });
      } catch (e) { /* the clips still follow */ }
      window.setTimeout(done, 1100);
    }

    function playPieces(pieces, done) {
      var i = 0;
      function next() {
        if (i >= pieces.length) { done(); return; }
        var piece = pieces[i];
        i += 1;
        if (piece === null) { window.setTimeout(next, 250); return; }
        var audio = audioFor(piece);
        var settled = false;
        var guard = null;
        function finish(failure) {
          if (settled) { return; }
          settled = true;
          window.clearTimeout(guard);
          audio.onended = audio.onerror = null;
          if (failure) { problem(failure); done(); return; }
          working();
          next();
        }
        audio.onended = function () { finish(null); };
        audio.onerror = function () { finish("clips"); };
        guard = window.setTimeout(function () { finish(null); }, 5000);  // a stalled clip
        try { audio.currentTime = 0; } catch (e) { /* not loaded yet */ }
        var played;
        try { played = audio.play(); } catch (e) { finish("clips"); return; }
        if (played && played.catch) {
          played.catch(function (err) {
            finish(err && err.name === "NotAllowedError" ? "autoplay" : "clips");
          });
        }
      }
      next();
    }

    function zhVoice() {
      if (!window.speechSynthesis || !window.speechSynthesis.getVoices) { return null; }
      var voices = window.speechSynthesis.getVoices().filter(function (v) {
        return /^zh([-_]CN|[-_]Hans|$)/i.test(v.lang) || /^cmn/i.test(v.lang);
      });
      return voices.length ? voices[0] : null;
    }

    function speak(call, voice, done) {
      var utterance = new SpeechSynthesisUtterance((call.recall ? "重呼，" : "") + call.text);
      utterance.lang = "zh-CN";
      try { utterance.voice = voice; } catch (e) { /* lang alone picks it */ }
      utterance.rate = 0.85;
      var finished = false;
      var next = function () { if (!finished) { finished = true; done(); } };
      utterance.onend = function () { working(); next(); };
      utterance.onerror = function (event) {
        // Chrome refuses speech, like any sound, before a user gesture without the flag.
        if (event && event.error === "not-allowed") { problem("autoplay"); }
        next();
      };
      window.setTimeout(next, 10000);  // some engines never fire onend
      window.speechSynthesis.speak(utterance);
    }

    function sayNext() {
      if (busy || !queue.length) { return; }
      busy = true;
      var call = queue.shift();
      var done = function () { busy = false; sayNext(); };
      chime(function () {
        var voice = mode === "speech" ? zhVoice() : null;
        if (voice) { speak(call, voice, done); return; }
        var pieces = clips ? plan(call, clips) : null;
        if (!pieces) {
          // Text without clips (a template with new words): a zh-CN voice is the last resort.
          voice = zhVoice();
          if (voice) { speak(call, voice, done); return; }
          problem(clips ? "missing" : "clips");
          done();
          return;
        }
        playPieces(pieces, done);
      });
    }

    var ready = loadClips();
    probe();
    ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
      document.addEventListener(name, unlock, { passive: true });
    });

    return {
      say: function (call) {
        queue.push(call);
        ready.then(sayNext);
      },
      problem: function () { return broken; }
    };
  }

  // Short enough for one line of a footer; the dashboard's alert says how to fix it.
  var WARNINGS = {
    autoplay: "⚠ 叫号声音无法播放：浏览器禁止自动播放，请工作人员点一下屏幕",
    clips: "⚠ 叫号声音无法播放：请检查音箱、声卡和录音文件",
    missing: "⚠ 叫号语音中有没有录音的文字，无法播报：请修改大厅规则中的叫号语音"
  };
  var REPEAT_MS = 120000;   // the dashboard forgets a screen that stops repeating its report

  function clientId() {
    var id = null;
    try { id = window.localStorage.getItem("hall.sound.client"); } catch (e) { id = null; }
    if (!/^[a-z0-9]{8,16}$/.test(id || "")) {
      id = "";
      while (id.length < 12) { id += Math.floor(Math.random() * 36).toString(36); }
      try { window.localStorage.setItem("hall.sound.client", id); } catch (e) { /* kept in memory */ }
    }
    return id;
  }

  // Shows the warning on the screen and tells the dashboard, again while it lasts.
  function reporter(banner, device, windowNo) {
    var url = document.body.getAttribute("data-sound-url");
    var csrf = document.body.getAttribute("data-csrf");
    var client = clientId();
    var repeat = null;

    function send(reason) {
      if (!url) { return; }
      fetch(url, {
        method: "POST", cache: "no-store",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ device: device, window: windowNo, client: client, ok: !reason, reason: reason })
      }).catch(function () { /* the next repeat tries again */ });
    }

    return {
      problem: function (reason) {
        banner.textContent = WARNINGS[reason] || WARNINGS.clips;
        banner.hidden = false;
        window.clearInterval(repeat);
        send(reason);
        repeat = window.setInterval(function () { send(reason); }, REPEAT_MS);
      },
      working: function () {
        banner.hidden = true;
        window.clearInterval(repeat);
        send(null);
      }
    };
  }

  window.HallVoice = { create: create, plan: plan, numeral: numeral, reporter: reporter };
})();
