// Events maps: draws an event's FeatureCollection (sites, outlines, zones) with Leaflet.
// Data comes from json_script blocks and data-attributes (CSP allows no inline script).
"use strict";

(function () {
  // Kept in step with the .access-* swatches in events.css.
  const ACCESS_COLOURS = {
    open: "#1e7d32",
    controlled: "#0b5cad",
    restricted: "#a15c00",
    secure: "#b3261e",
  };
  const SITE_COLOUR = "#102a43";
  const FALLBACK_VIEW = { center: [21.0285, 105.8542], zoom: 13 };
  const instances = new WeakMap();

  function readJSON(id) {
    const el = id && document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function createMap(el) {
    const map = L.map(el, { scrollWheelZoom: true });
    window.GarrisonBasemap.addTo(map, el);
    map.setView(FALLBACK_VIEW.center, FALLBACK_VIEW.zoom);
    return map;
  }

  // Popups are built from DOM nodes with textContent, so names typed by users never run as HTML.
  function popup(props, labels) {
    const box = document.createElement("div");
    box.className = "map-popup";
    const title = document.createElement("strong");
    title.textContent = props.feature === "zone" ? `${props.code} · ${props.name}` : props.name;
    box.appendChild(title);
    const list = document.createElement("dl");
    const row = (label, value) => {
      if (value === null || value === undefined || value === "") return;
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = String(value);
      list.append(dt, dd);
    };
    if (props.feature === "zone") {
      row(labels.site, props.site);
      row(labels.access_level, props.access_level_label);
      row(labels.capacity, props.capacity);
    } else {
      row(labels.kind, props.kind_label);
      row(labels.address, props.address);
    }
    box.appendChild(list);
    if (props.edit_url) {
      const link = document.createElement("a");
      link.href = props.edit_url;
      link.textContent = labels.edit;
      box.appendChild(link);
    }
    return box;
  }

  function style(feature) {
    const props = feature.properties || {};
    if (props.feature === "zone") {
      const colour = ACCESS_COLOURS[props.access_level] || "#555";
      return { color: colour, weight: 2, fillColor: colour, fillOpacity: 0.25 };
    }
    return { color: SITE_COLOUR, weight: 2, dashArray: "6 4", fill: false };
  }

  /** Replace what ``layer`` shows with ``collection``; options.faint draws it as background. */
  function drawCollection(layer, collection, labels, options) {
    const faint = options && options.faint;
    layer.clearLayers();
    L.geoJSON(collection, {
      style: (feature) => {
        const s = style(feature);
        return faint ? { ...s, opacity: 0.45, fillOpacity: 0.08 } : s;
      },
      pointToLayer: (feature, latlng) =>
        faint
          ? L.circleMarker(latlng, { radius: 4, color: SITE_COLOUR, weight: 1, fillOpacity: 0.4 })
          : L.marker(latlng, { title: feature.properties.name, alt: feature.properties.name }),
      onEachFeature: (feature, shape) => {
        if (!faint) shape.bindPopup(() => popup(feature.properties, labels || {}));
      },
    }).eachLayer((shape) => layer.addLayer(shape));
  }

  function fit(map, layer) {
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
  }

  /** A map showing the event's data: { map, layer, labels }. */
  function mount(el) {
    if (instances.has(el)) return instances.get(el);
    const map = createMap(el);
    const layer = L.featureGroup().addTo(map);
    const labels = readJSON(el.dataset.labels) || {};
    const data = readJSON(el.dataset.source);
    if (data) drawCollection(layer, data, labels, { faint: el.hasAttribute("data-faint") });
    fit(map, layer);
    const instance = { map, layer, labels };
    instances.set(el, instance);
    return instance;
  }

  window.EventsMap = { mount, createMap, drawCollection, fit, readJSON, ACCESS_COLOURS };

  document.querySelectorAll("[data-events-map]").forEach((el) => mount(el));
})();
