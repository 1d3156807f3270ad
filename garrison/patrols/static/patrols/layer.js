// Patrol points on the live picture's map (registered with events/layers.js): each point in the
// colour of its state in its current round, read again when a round changes
// (patrols.round.changed) and every minute, as rounds start without an event.
"use strict";

(() => {
  const COLOURS = { scanned: "#2e7d32", due: "#1565c0", overdue: "#b00020", idle: "#757575" };
  const EVERY_MS = 60000;

  window.GarrisonLayers.register("live", (layers, map, urls) => {
    if (!urls.patrols) return null;
    let group = null;
    const label = (value) => {
      const span = document.createElement("span");
      span.textContent = value;
      return span;
    };
    const reload = window.GarrisonLayers.reloading(urls.patrols, (data) => {
      if (!group) group = layers.add("patrols", data.label, L.featureGroup());
      group.clearLayers();
      for (const p of data.points) {
        const colour = COLOURS[p.state] || COLOURS.idle;
        const parts = [p.name, data.states[p.state] || p.state];
        if (p.round) parts.push(`${p.round.tour}: ${p.round.state_label}`);
        L.circle([p.lat, p.lon], { radius: p.radius_m, color: colour, weight: 1, fillOpacity: 0.15 })
          .addTo(group);
        L.circleMarker([p.lat, p.lon], { radius: 6, color: colour, weight: 2, fillColor: colour, fillOpacity: 0.9 })
          .bindTooltip(label(parts.join(" · ")))
          .addTo(group);
      }
    });
    reload();
    setInterval(reload, EVERY_MS);
    return (event) => {
      if (event.kind === "patrols.round.changed" || event.kind === "patrols.visit.recorded") reload();
    };
  });
})();
