// The counted road segments over a traffic map, coloured by congestion (free, moderate, heavy),
// from the sensors' GeoJSON (data-congestion-url on the map element); read again every minute.
// Counts only: a segment carries vehicles per hour, never a plate.
"use strict";

window.GarrisonCongestion = (function () {
  const COLOURS = { free: "#2e7d32", moderate: "#ef6c00", heavy: "#c62828" };

  function addTo(map, el) {
    const url = el.dataset.congestionUrl;
    if (!url) { return; }
    const layer = L.geoJSON(null, {
      style: function (feature) {
        return { color: COLOURS[feature.properties.level] || "#607d8b", weight: 7, opacity: 0.75 };
      },
      onEachFeature: function (feature, line) {
        const p = feature.properties;
        const tip = document.createElement("span");
        tip.textContent = `${p.name}: ${p.level_label} · ${p.flow_per_hour}/${p.capacity_per_hour}`;
        line.bindTooltip(tip);
      },
    }).addTo(map);

    function load() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          layer.clearLayers();
          layer.addData(data);
        })
        .catch(function () { /* the map reads without the counts */ });
    }

    load();
    setInterval(load, 60000);
  }

  return { addTo: addTo };
})();
