// The unit's phone page reloads when something about this unit arrives on the live feed.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector("[data-unit-phone]");
  const slug = document.body.dataset.event;
  if (!root || !slug || !window.LiveFeed) return;
  const unitId = Number(root.dataset.unit);
  window.LiveFeed.startingAt(slug, Number(root.dataset.lastEvent || 0), (event) => {
    if ((event.unit_ids || []).includes(unitId)) window.location.reload();
  });
});
