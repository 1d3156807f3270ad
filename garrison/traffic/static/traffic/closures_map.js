// Closures in red and their detours in green on a Leaflet map, filtered by a time slider.
// With data-draw, clicks on the map add points to the hand-drawn closure form.
// Data comes from a json_script block (CSP allows no inline script). Works without tiles.
"use strict";

(function () {
  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  // Day first on a 24-hour clock in the event's time zone, as the page's own times.
  let timeZone = "";
  function timeLabel(ms) {
    return window.GarrisonClock.dayTime(new Date(ms), timeZone);
  }

  function draw(el) {
    const data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    timeZone = data.time_zone || "";
    const map = L.map(el, { scrollWheelZoom: true });
    const attribution = escapeText(el.dataset.tileAttribution || el.dataset.osmAttribution);
    if (!window.GarrisonBasemap.addTo(map, el)) {
      map.attributionControl.addAttribution(attribution);
    }
    window.GarrisonRoads.addTo(map, el);
    // The counted segments' congestion (garrison/sensors), on the members' closures page only.
    if (window.GarrisonCongestion) { window.GarrisonCongestion.addTo(map, el); }
    const bounds = L.latLngBounds([]);
    const items = data.closures.map(function (closure) {
      const group = L.layerGroup();
      closure.detours.forEach(function (line) {
        L.polyline(line, { color: "#1e7d32", weight: 4, opacity: 0.85, dashArray: "8 6" }).addTo(group);
      });
      const closed = L.polyline(closure.line, { color: "#b3261e", weight: 7, opacity: 0.9 });
      const label = document.createElement("span");
      label.textContent = (closure.street || "") + " " + timeLabel(Date.parse(closure.starts)) +
        "–" + timeLabel(Date.parse(closure.ends));
      closed.bindTooltip(label).addTo(group);
      group.addTo(map);
      if (closure.line.length) { bounds.extend(closed.getBounds()); }
      return { group: group, starts: Date.parse(closure.starts), ends: Date.parse(closure.ends) };
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20] });
    } else {
      map.setView([21.0285, 105.8542], 14);
    }

    const slider = el.parentElement.querySelector("[data-time-slider]");
    const output = el.parentElement.querySelector("[data-time-label]");
    if (slider && items.length) {
      const first = Math.min.apply(null, items.map(function (i) { return i.starts; }));
      const last = Math.max.apply(null, items.map(function (i) { return i.ends; }));
      const anyTime = output ? output.textContent : "";
      slider.addEventListener("input", function () {
        const value = Number(slider.value);
        const at = first + (last - first) * value / 1000;
        items.forEach(function (item) {
          const show = value >= 1000 || (item.starts <= at && at < item.ends);
          if (show) { item.group.addTo(map); } else { map.removeLayer(item.group); }
        });
        if (output) { output.textContent = value >= 1000 ? anyTime : timeLabel(at); }
      });
    } else if (slider) {
      slider.disabled = true;
    }

    if (el.hasAttribute("data-draw")) {
      const input = document.querySelector("[data-draw-points]");
      const points = [];
      const sketch = L.polyline([], { color: "#0b5cad", weight: 4 }).addTo(map);
      const sync = function () {
        sketch.setLatLngs(points);
        if (input) {
          input.value = points.map(function (p) { return p[0].toFixed(6) + "," + p[1].toFixed(6); }).join(";");
        }
      };
      map.on("click", function (event) {
        points.push([event.latlng.lat, event.latlng.lng]);
        sync();
      });
      const clear = document.querySelector("[data-draw-clear]");
      if (clear) {
        clear.addEventListener("click", function () { points.length = 0; sync(); });
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-closures-map]").forEach(draw);
  });
})();
