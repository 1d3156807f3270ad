/*
 * Feedback a guard notices without looking at the phone: a beep (WebAudio, made here, so no
 * sound file and nothing the content security policy has to allow) and a vibration — one high
 * beep and a short buzz for ENTER, two low beeps and a long double buzz for STOP. Off until the
 * guard turns it on; the choice is kept on the phone (localStorage).
 */
(function () {
  "use strict";

  var KEY = "garrison.scanner.feedback";
  var toggle = document.getElementById("feedback-toggle");
  var audio = null;

  function on() {
    try { return localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }

  /** Browsers start sound only after a tap: the context is made (or woken) inside one. */
  function wake() {
    if (!on()) return;
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) audio = new Context();
    if (audio && audio.state === "suspended") audio.resume().catch(function () {});
  }

  /** tones: [frequency Hz, start s, length s] each. */
  function beep(tones) {
    if (!audio) return;
    var t0 = audio.currentTime + 0.01;
    tones.forEach(function (tone) {
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      var start = t0 + tone[1];
      var end = start + tone[2];
      oscillator.type = "square";
      oscillator.frequency.value = tone[0];
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.01);
      gain.gain.setValueAtTime(0.25, end - 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, end);
      oscillator.connect(gain);
      gain.connect(audio.destination);
      oscillator.start(start);
      oscillator.stop(end + 0.02);
    });
  }

  /** ok: true for ENTER, false for STOP. Returns what was given, or null when it is off. */
  function signal(ok) {
    if (!on()) return null;
    wake();
    try {
      beep(ok ? [[1320, 0, 0.16]] : [[220, 0, 0.22], [220, 0.32, 0.22]]);
    } catch (e) { /* no sound on this phone: the colour and the vibration remain */ }
    if (navigator.vibrate) navigator.vibrate(ok ? 120 : [300, 120, 300]);
    return ok ? "enter" : "stop";
  }

  if (toggle) {
    toggle.checked = on();
    toggle.addEventListener("change", function () {
      try { localStorage.setItem(KEY, toggle.checked ? "on" : "off"); } catch (e) { /* private mode */ }
      wake();
    });
  }
  // Every tap on the page may be the one that lets sound start.
  document.addEventListener("click", wake, { capture: true });
  document.addEventListener("keydown", wake, { capture: true });

  window.ScanFeedback = { signal: signal, wake: wake, on: on };
})();
