// The sensors page, live: a zone's or a segment's change on the event's feed re-reads the page
// and swaps its tables (at most every two seconds), so the page stays what a fresh load shows.
"use strict";

(function () {
  const root = document.querySelector("[data-sensors-live]");
  const slug = document.body.dataset.event;
  if (!root || !slug || !window.LiveFeed) return;
  let timer = null;

  function refresh() {
    timer = null;
    fetch(window.location.href, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (!html) return;
        const fresh = new DOMParser().parseFromString(html, "text/html");
        for (const table of document.querySelectorAll("[data-sensors-table]")) {
          const next = fresh.querySelector(`[data-sensors-table="${table.dataset.sensorsTable}"]`);
          if (next) table.replaceWith(next);
        }
      })
      .catch(() => { /* the next change tries again */ });
  }

  function onEvent(event) {
    if (!event.kind || !event.kind.startsWith("sensors.")) return;
    if (!timer) timer = setTimeout(refresh, 2000);
  }

  window.LiveFeed.startingAt(slug, Number(root.dataset.liveLast || 0), onEvent, () => {});
})();
