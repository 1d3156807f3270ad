// A placement on a Leaflet map: team positions and the demand points they reach.
// Data comes from a json_script block (CSP allows no inline script). Works without tiles.
"use strict";

(function () {
  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function tooltip(text) {
    const label = document.createElement("span");
    label.textContent = text;
    return label;
  }

  function draw(el) {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const map = L.map(el, { scrollWheelZoom: true });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        attribution: escapeText(el.dataset.tileAttribution),
        maxZoom: 19,
      }).addTo(map);
    }
    const bounds = L.latLngBounds([]);
    data.demand.forEach(function (point) {
      const colour = point[3] ? "#1e7d32" : "#b3261e";
      L.circleMarker([point[0], point[1]], { radius: 5, color: colour, fillOpacity: 0.7 })
        .bindTooltip(tooltip(point[2]))
        .addTo(map);
      bounds.extend([point[0], point[1]]);
    });
    data.teams.forEach(function (team) {
      L.circleMarker([team[0], team[1]], { radius: 10, color: "#102a43", weight: 3, fillOpacity: 0.9 })
        .bindTooltip(tooltip(team[2]))
        .addTo(map);
      bounds.extend([team[0], team[1]]);
    });
    (data.live || []).forEach(function (team) {
      L.circleMarker([team[0], team[1]], { radius: 14, color: "#e65100", weight: 3, dashArray: "4 4", fill: false })
        .bindTooltip(tooltip(team[2]))
        .addTo(map);
      bounds.extend([team[0], team[1]]);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    } else {
      map.setView([21.0285, 105.8542], 13);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-placement-map]").forEach(draw);
  });
})();
