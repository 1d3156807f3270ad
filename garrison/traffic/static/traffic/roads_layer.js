// The light road network under a traffic map, drawn from the event's own stored roads so the map
// reads without any tile server. One canvas (fast for thousands of lines) in a pane below the
// routes and closures, which stay SVG and clickable. The map element names the GeoJSON address in
// data-roads-url. Left out where the event's own base map is drawn.
"use strict";

window.GarrisonRoads = (function () {
  const WEIGHT = {
    motorway: 3, trunk: 3, primary: 2.5, secondary: 2, tertiary: 1.6,
  };

  function style(feature) {
    const kind = String(feature.properties["class"] || "").replace("_link", "");
    return { color: "#9aa5b1", weight: WEIGHT[kind] || 1, opacity: 0.8 };
  }

  function addTo(map, el) {
    const url = el.dataset.roadsUrl;
    // The event's base map draws its streets already (events/basemap.js).
    if (!url || el.dataset.basemapUrl) { return; }
    map.createPane("roads");
    map.getPane("roads").style.zIndex = 350;
    map.getPane("roads").style.pointerEvents = "none";
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        L.geoJSON(data, {
          renderer: L.canvas({ pane: "roads" }), pane: "roads", interactive: false, style: style,
        }).addTo(map);
      })
      .catch(function () { /* the map still shows routes and closures without the roads */ });
  }

  return { addTo: addTo };
})();
