// Map layers that a user switches on and off on one map: one Leaflet layers control, and the
// choices remembered per page in this browser. A page adds each of its layers by a key; the
// layers to come (patrols, sensors) add theirs the same way:
//
//   const layers = GarrisonLayers.create(map, "live");
//   const group = layers.add("closures", label, L.featureGroup());
"use strict";

window.GarrisonLayers = (function () {
  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function load(storageKey) {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "{}") || {};
    } catch (error) {
      return {}; // storage off (private window, policy): every layer as the page shows it
    }
  }

  function create(map, page) {
    const storageKey = `garrison.layers.${page}`;
    const saved = load(storageKey);
    const control = L.control.layers(null, null, { collapsed: false, position: "topright" });
    control.addTo(map);
    const keys = new Map();

    /** Add ``layer`` as ``label``; shown unless the user hid it here before (or ``shown`` is
     * false and the user never showed it). */
    function add(key, label, layer, shown) {
      const on = Object.prototype.hasOwnProperty.call(saved, key) ? saved[key] : shown !== false;
      if (on) layer.addTo(map);
      // Leaflet writes the label as HTML.
      control.addOverlay(layer, escapeText(label));
      keys.set(layer, key);
      return layer;
    }

    map.on("overlayadd overlayremove", (event) => {
      const key = keys.get(event.layer);
      if (!key) return;
      saved[key] = event.type === "overlayadd";
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(saved));
      } catch (error) {
        /* not remembered: the choice still holds on this page */
      }
    });

    return { add, control };
  }

  return { create };
})();
