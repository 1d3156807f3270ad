// The incident page's small map: the point where it happened among the event's sites and
// zones, on the event's own base map (events/basemap.js).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const el = document.querySelector("[data-incident-map]");
  const source = document.getElementById("incident-map-data");
  if (!el || !source || typeof L === "undefined") return;
  const data = JSON.parse(source.textContent);
  // The view first: Leaflet draws no shape on a map without one.
  const map = L.map(el, { scrollWheelZoom: false }).setView(data.point, 17);
  window.GarrisonBasemap.addTo(map, data.tiles);
  L.geoJSON(data.sites, {
    interactive: false,
    style: { color: "#102a43", weight: 2, fillOpacity: 0.06 },
    pointToLayer: (_feature, at) => L.circleMarker(at, { radius: 5, color: "#102a43", weight: 2 }),
  }).addTo(map);
  const marker = L.circleMarker(data.point, {
    radius: 9, color: "#b42318", weight: 3, fillColor: "#f04438", fillOpacity: 0.8,
  }).addTo(map);
  // Tooltip text through a DOM node: never read as HTML.
  const label = document.createElement("span");
  label.textContent = data.label;
  marker.bindTooltip(label);
});
