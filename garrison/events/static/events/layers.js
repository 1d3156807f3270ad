// Map layers that a user switches on and off on one map: one Leaflet layers control, and the
// choices remembered per page in this browser. A page adds each of its layers by a key; the
// layers to come (patrols, sensors) add theirs the same way:
//
//   const layers = GarrisonLayers.create(map, "live");
//   const group = layers.add("closures", label, L.featureGroup());
//
// Another app draws its own layer on a page's map by registering for that page; the page calls
// each registered function with its switcher, its map and its URLs, and hands every live event
// to the function it returns (patrols, sensors and coverage on the live picture):
//
//   GarrisonLayers.register("live", (layers, map, urls) => (event) => { ... });
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

  const registered = {};

  function register(page, start) {
    (registered[page] = registered[page] || []).push(start);
  }

  /** Start the layers registered for ``page``: a function to call with each live event. */
  function startRegistered(page, layers, map, urls) {
    const listeners = (registered[page] || []).map((start) => {
      try {
        return start(layers, map, urls || {});
      } catch (error) {
        return null; // one app's layer failing leaves the page and the other layers working
      }
    }).filter((listen) => typeof listen === "function");
    return (event) => listeners.forEach((listen) => listen(event));
  }

  /** A layer's JSON, read again on ``reload()`` — at most one request at a time, and one more
   * after it when events asked meanwhile (a burst of live events makes two reads, not fifty). */
  function reloading(url, draw) {
    let busy = false;
    let again = false;
    function reload() {
      if (busy) { again = true; return; }
      busy = true;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => { if (data) draw(data); })
        .catch(() => { /* the map keeps what it drew last */ })
        .finally(() => {
          busy = false;
          if (again) { again = false; reload(); }
        });
    }
    return reload;
  }

  return { create, register, startRegistered, reloading };
})();
