// Dashboard live updates: when anyone changes the event, its sites or zones, re-fetch the
// panel (an htmx partial) and the map's GeoJSON; each card at a glance is re-fetched alone when
// one of the live events it follows arrives (its data-glance-live prefixes). Re-fetching whole,
// rather than patching from the event payload, keeps the page identical to a fresh load whatever
// arrives out of order.
"use strict";

(function () {
  const root = document.querySelector("[data-live-dashboard]");
  const slug = document.body.dataset.event;
  if (!root || !slug || !window.LiveFeed) return;
  const panel = document.getElementById("dashboard-panel");
  const state = document.getElementById("live-state");
  const mapEl = document.getElementById(root.dataset.map);
  let timer = null;
  const cardTimers = new Map();

  function refreshMap() {
    if (!mapEl || !window.EventsMap) return;
    const instance = window.EventsMap.mount(mapEl);
    fetch(root.dataset.geojsonUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((collection) => window.EventsMap.drawCollection(instance.layer, collection, instance.labels))
      .catch(() => {}); // the next event or a reload tries again
  }

  function flash(el) {
    if (!el) return;
    el.classList.remove("flash");
    void el.offsetWidth; // restart the highlight animation
    el.classList.add("flash");
  }

  function refreshPanel() {
    if (window.htmx) {
      window.htmx.ajax("GET", root.dataset.panelUrl, { target: panel, swap: "innerHTML" }).then(() => flash(panel));
    }
  }

  function refreshCard(id) {
    const card = document.getElementById(id);
    if (!card || !window.htmx) return;
    window.htmx
      .ajax("GET", card.dataset.glanceUrl, { target: card, swap: "outerHTML" })
      .then(() => flash(document.getElementById(id)));
  }

  function refreshCards(kind) {
    document.querySelectorAll("[data-glance-live]").forEach((card) => {
      const prefixes = (card.dataset.glanceLive || "").split(" ").filter(Boolean);
      if (!prefixes.some((prefix) => kind.startsWith(prefix))) return;
      // A burst (a batch of scans, a roster solved) becomes one refresh per card.
      clearTimeout(cardTimers.get(card.id));
      cardTimers.set(card.id, setTimeout(() => refreshCard(card.id), 300));
    });
  }

  function onEvent(event) {
    if (!event.kind) return;
    refreshCards(event.kind);
    if (!event.kind.startsWith("events.")) return;
    // A burst (a site deleted with its zones, an import) becomes one refresh.
    clearTimeout(timer);
    timer = setTimeout(() => {
      refreshPanel();
      refreshMap();
    }, 300);
  }

  function onState(value) {
    if (!state) return;
    state.dataset.state = value;
    state.textContent = value === "online" ? root.dataset.textOnline : root.dataset.textOffline;
  }

  // Some figures move with the clock alone (the longest wait, who is on shift, which roads are
  // closed now): every card is drawn again once a minute while the page is in view.
  setInterval(() => {
    if (document.visibilityState !== "visible") return;
    document.querySelectorAll("[data-glance-url]").forEach((card) => refreshCard(card.id));
  }, 60000);

  window.LiveFeed.startingAt(slug, Number(root.dataset.liveLast || 0), onEvent, onState);
})();
