// The desk's lists (triage queue, incidents, unit status) keep themselves current: a live event
// of the kinds the page follows re-fetches the page's #desk-panel with htmx, whole, so the list
// is always what a fresh load would show. A new severity 1–2 report raises an alert (a banner
// and its row flashing) and, if the officer switched it on, a short beep; the tab's title
// carries the open count, so a desk in another tab still sees the queue grow.
"use strict";

(function () {
  const root = document.querySelector("[data-live-desk]");
  const slug = document.body.dataset.event;
  if (!root || !slug || !window.LiveFeed) return;
  const kinds = (root.dataset.liveKinds || "ops.").split(" ").filter(Boolean);
  const state = document.getElementById("live-state");
  const alerts = document.getElementById("desk-alerts");
  const toggle = root.querySelector("[data-sound-toggle]");
  const SOUND_KEY = "garrison.desk.sound";
  const baseTitle = document.title.replace(/^\(\d+\)\s*/, "");
  const announced = new Set(); // incidents already alerted: an update does not ring again
  const flashing = new Set(); // incidents whose rows flash once the list is fetched again
  let timer = null;
  let audio = null;

  // --- Sound: off unless the officer turns it on; the choice is kept in this browser. ---
  function soundOn() {
    try { return localStorage.getItem(SOUND_KEY) === "on"; } catch (_) { return false; }
  }

  function showSound() {
    if (!toggle) return;
    const on = soundOn();
    toggle.setAttribute("aria-pressed", String(on));
    toggle.textContent = on ? root.dataset.textSoundOn : root.dataset.textSoundOff;
  }

  function beep() {
    if (!soundOn()) return;
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    if (audio.state === "suspended") audio.resume().catch(() => {});
    // Two short tones: loud enough to turn a head, short enough not to drown a radio.
    [0, 0.25].forEach((at) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "square";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + at + 0.18);
      osc.connect(gain).connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 0.2);
    });
  }

  toggle?.addEventListener("click", () => {
    try { localStorage.setItem(SOUND_KEY, soundOn() ? "off" : "on"); } catch (_) { /* private mode */ }
    showSound();
    beep(); // the click unlocks audio, and lets the officer hear what they chose
  });

  // --- The list and the title ---
  function showCount() {
    const panel = document.getElementById("desk-panel");
    if (!panel || panel.dataset.openCount === undefined) return;
    const n = Number(panel.dataset.openCount) || 0;
    document.title = n ? `(${n}) ${baseTitle}` : baseTitle;
  }

  function flashRows() {
    for (const id of flashing) {
      const row = document.querySelector(`#desk-panel [data-incident="${id}"]`);
      if (row) row.classList.add("flash", "alert-new");
    }
    flashing.clear();
  }

  function refresh() {
    if (!window.htmx) return;
    window.htmx
      .ajax("GET", location.pathname + location.search, { target: "#desk-panel", select: "#desk-panel", swap: "outerHTML" })
      .then(() => {
        showCount();
        flashRows();
        if (window.GarrisonTimers) window.GarrisonTimers.tick();
      });
  }

  function alertFor(p) {
    if (announced.has(p.id)) return;
    announced.add(p.id);
    flashing.add(p.id);
    const line = document.createElement("p");
    line.className = "alert breach";
    line.textContent = root.dataset.textAlert
      .replace("%(severity)s", String(p.severity))
      .replace("%(reference)s", p.reference);
    alerts?.prepend(line);
    setTimeout(() => line.remove(), 120000);
    beep();
  }

  function onEvent(event) {
    if (!event.kind || !kinds.some((prefix) => event.kind.startsWith(prefix))) return;
    const p = event.payload || {};
    // A new report of severity 1–2, or one raised to it at triage while nobody is sent yet:
    // somebody must act on it now. Later moves of the same report do not ring again.
    const waiting = p.status === "new" || p.status === "triaged";
    const created = event.kind === "ops.incident.created";
    if ((created || (event.kind === "ops.incident.updated" && waiting)) && p.id && p.severity <= 2) {
      alertFor(p);
    }
    clearTimeout(timer); // a burst of events becomes one refresh
    timer = setTimeout(refresh, 250);
  }

  function onState(value) {
    if (!state) return;
    state.dataset.state = value;
    state.textContent = value === "online" ? root.dataset.textOnline : root.dataset.textOffline;
  }

  showSound();
  showCount();
  window.LiveFeed.startingAt(slug, Number(root.dataset.liveLast || 0), onEvent, onState);
})();
