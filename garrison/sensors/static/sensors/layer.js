// Counting zones on the live picture's map (registered with events/layers.js): each zone's
// outline in the colour of its crowd density level, kept current by sensors.zone.changed (the
// event carries the zone's occupancy, density and level: no new request).
"use strict";

(() => {
  const COLOURS = { below: "#2e7d32", planned: "#f9a825", unstable: "#e65100", dangerous: "#b00020" };

  window.GarrisonLayers.register("live", (layers, map, urls) => {
    if (!urls.sensors) return null;
    let group = null;
    let words = null;
    const shapes = new Map(); // zone id -> [polygon layer, zone]

    function paint(shape, zone) {
      const colour = COLOURS[zone.level] || COLOURS.below;
      shape.setStyle({ color: colour, fillColor: colour, weight: 2, fillOpacity: 0.35 });
      const span = document.createElement("span");
      span.textContent = `${zone.code} · ${words.levels[zone.level] || zone.level} · ` +
        `${zone.occupancy} · ${Number(zone.density).toFixed(2)} ${words.per_m2}`;
      shape.bindTooltip(span);
    }

    const reload = window.GarrisonLayers.reloading(urls.sensors, (data) => {
      words = data;
      if (!group) group = layers.add("sensors", data.label, L.featureGroup());
      group.clearLayers();
      shapes.clear();
      for (const zone of data.zones) {
        const shape = L.geoJSON(zone.polygon);
        paint(shape, zone);
        shape.addTo(group);
        shapes.set(zone.id, [shape, zone]);
      }
    });
    reload();
    return (event) => {
      if (event.kind !== "sensors.zone.changed" || !words) return;
      const p = event.payload || {};
      const known = shapes.get(p.zone);
      if (!known) { reload(); return; } // a zone newly counted
      const zone = { ...known[1], occupancy: p.occupancy, density: p.density, level: p.level };
      shapes.set(p.zone, [known[0], zone]);
      paint(known[0], zone);
    };
  });
})();
