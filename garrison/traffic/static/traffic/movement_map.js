// A movement's routes on a Leaflet map: the fastest in blue, alternatives dashed grey.
// Data comes from a json_script block (CSP allows no inline script). Works without tiles.
"use strict";

(function () {
  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function draw(el) {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const map = L.map(el, { scrollWheelZoom: true });
    const attribution = escapeText(el.dataset.tileAttribution || el.dataset.osmAttribution);
    if (!window.GarrisonBasemap.addTo(map, el)) {
      map.attributionControl.addAttribution(attribution);
    }
    window.GarrisonRoads.addTo(map, el);
    const bounds = L.latLngBounds([]);
    data.routes.slice().reverse().forEach(function (route, index) {
      const fastest = index === data.routes.length - 1;
      const line = L.polyline(route.line, fastest
        ? { color: "#0b5cad", weight: 6, opacity: 0.9 }
        : { color: "#6b7280", weight: 4, opacity: 0.8, dashArray: "6 6" });
      line.addTo(map);
      bounds.extend(line.getBounds());
    });
    [data.origin].concat(data.via || [], [data.destination]).forEach(function (site) {
      const marker = L.circleMarker([site[0], site[1]], { radius: 7, color: "#102a43", fillOpacity: 0.9 });
      const label = document.createElement("span");
      label.textContent = site[2];
      marker.bindTooltip(label).addTo(map);
      bounds.extend([site[0], site[1]]);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20] });
    } else {
      map.setView([21.0285, 105.8542], 13);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-movement-map]").forEach(draw);
  });
})();
