// The saved team placement on the live picture's map (registered with events/layers.js): the
// teams' positions, the demand points (covered or not) and a line from each team to the points
// it reaches; read again when a placement is saved or its live suggestion changes.
"use strict";

(() => {
  window.GarrisonLayers.register("live", (layers, map, urls) => {
    if (!urls.coverage) return null;
    let group = null;
    const label = (value) => {
      const span = document.createElement("span");
      span.textContent = value;
      return span;
    };
    const reload = window.GarrisonLayers.reloading(urls.coverage, (data) => {
      if (!group) group = layers.add("coverage", data.label, L.featureGroup(), false);
      group.clearLayers();
      const placement = data.placement;
      if (!placement) return;
      const where = new Map(placement.demand.map((d) => [d.id, d.position]));
      for (const team of placement.teams) {
        for (const id of team.reaches) {
          if (where.has(id)) {
            L.polyline([team.position, where.get(id)], { color: "#102a43", weight: 1, opacity: 0.4 })
              .addTo(group);
          }
        }
      }
      for (const d of placement.demand) {
        const colour = d.covered ? "#2e7d32" : "#b3261e";
        L.circleMarker(d.position, { radius: 5, color: colour, fillColor: colour, fillOpacity: 0.7 })
          .bindTooltip(label(`${d.label} · ${d.covered ? data.covered : data.not_covered}`))
          .addTo(group);
      }
      for (const team of placement.live || []) {
        L.circleMarker(team.position, { radius: 14, color: "#e65100", weight: 3, dashArray: "4 4", fill: false })
          .bindTooltip(label(`${data.live}: ${team.label}`))
          .addTo(group);
      }
      for (const team of placement.teams) {
        L.circleMarker(team.position, { radius: 10, color: "#102a43", weight: 3, fillColor: "#ffffff", fillOpacity: 0.9 })
          .bindTooltip(label(`${placement.name}: ${team.label}`))
          .addTo(group);
      }
    });
    reload();
    return (event) => {
      if (event.kind.startsWith("coverage.placement.")) reload();
    };
  });
})();
