// Occupancy live: every recorded scan re-fetches the counts panel (an htmx partial). Whole
// re-fetches keep the page identical to a fresh load whatever order events arrive in.
"use strict";

(function () {
  const root = document.querySelector("[data-live-occupancy]");
  const slug = document.body.dataset.event;
  if (!root || !slug || !window.LiveFeed) return;
  const panel = document.getElementById("occupancy-panel");
  const state = document.getElementById("live-state");
  let timer = null;

  function onEvent(event) {
    if (!event.kind || !event.kind.startsWith("checkin.")) return;
    clearTimeout(timer); // a burst of scans becomes one refresh
    timer = setTimeout(() => {
      if (window.htmx) window.htmx.ajax("GET", root.dataset.panelUrl, { target: panel, swap: "innerHTML" });
    }, 500);
  }

  function onState(value) {
    if (!state) return;
    state.dataset.state = value;
    state.textContent = value === "online" ? root.dataset.textOnline : root.dataset.textOffline;
  }

  window.LiveFeed.startingAt(slug, Number(root.dataset.liveLast || 0), onEvent, onState);
})();
