// The movement form's map: choose what a click sets (start, a point on the way, end), then click.
// The picked point goes into the form's "lat, lon" fields; the server checks it lies on the
// road network. Data comes from a json_script block (CSP allows no inline script).
"use strict";

(function () {
  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function draw(el) {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    const form = el.closest("form") || document;
    const map = L.map(el, { scrollWheelZoom: true });
    const attribution = escapeText(el.dataset.tileAttribution || el.dataset.osmAttribution);
    if (!window.GarrisonBasemap.addTo(map, el)) {
      map.attributionControl.addAttribution(attribution);
    }
    window.GarrisonRoads.addTo(map, el);
    const bounds = L.latLngBounds([]);
    data.bounds.forEach(function (b) { bounds.extend([[b[0], b[1]], [b[2], b[3]]]); });
    data.sites.forEach(function (site) {
      const label = document.createElement("span");
      label.textContent = site[3];
      L.circleMarker([site[1], site[2]], { radius: 5, color: "#102a43", fillOpacity: 0.6 })
        .bindTooltip(label).addTo(map);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds);
    } else {
      map.setView([21.0285, 105.8542], 13);
    }
    const markers = L.layerGroup().addTo(map);
    function redraw() {
      markers.clearLayers();
      form.querySelectorAll("[data-pick]").forEach(function (input) {
        input.value.split("\n").forEach(function (line) {
          const parts = line.split(",");
          const lat = parseFloat(parts[0]), lon = parseFloat(parts[1]);
          if (!isNaN(lat) && !isNaN(lon)) {
            L.circleMarker([lat, lon], { radius: 7, color: "#b3261e", fillOpacity: 0.9 }).addTo(markers);
          }
        });
      });
    }
    map.on("click", function (event) {
      const target = form.querySelector("input[name=pick-target]:checked");
      const kind = target ? target.value : "origin";
      const input = form.querySelector("[data-pick=" + kind + "]");
      if (!input) { return; }
      const text = event.latlng.lat.toFixed(6) + ", " + event.latlng.lng.toFixed(6);
      if (kind === "via") {
        input.value = (input.value.trim() ? input.value.trim() + "\n" : "") + text;
      } else {
        input.value = text;
        const site = form.querySelector("select[name=" + kind + "]");
        if (site) { site.value = ""; }
      }
      redraw();
    });
    form.querySelectorAll("[data-pick]").forEach(function (input) {
      input.addEventListener("change", redraw);
    });
    redraw();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-pick-map]").forEach(draw);
  });
})();
