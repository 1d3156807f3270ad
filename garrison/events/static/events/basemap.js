// The background of every Garrison map, in one place. A raster tile server when the
// GARRISON_TILE_URL setting names one; else the event's own base map: vector tiles built from
// its OpenStreetMap file (garrison/events/basemap), drawn by Leaflet.VectorGrid from the npm
// registry; else nothing (a plain background). Whatever is drawn credits OpenStreetMap.
//
// GarrisonBasemap.addTo(map, source): source is an element carrying data-tile-url,
// data-tile-attribution and data-basemap-url, or an object { url, attribution, vector } (the
// server's tile_config). Returns the layer drawn, or null.
"use strict";

window.GarrisonBasemap = (function () {
  const OSM = "© OpenStreetMap contributors";
  // Deepest zoom the tiles are built for (tiles.MAX_ZOOM); deeper zooms enlarge those tiles.
  const MAX_NATIVE_ZOOM = 17;
  const LAND = "#f2efe9";
  const WATER = "#aad3df";
  const WATER_LINES = { river: 1, canal: 1, stream: 1, drain: 1, ditch: 1 };
  // Colours after the OpenStreetMap house style, so the map reads as people know it.
  const ROADS = {
    motorway: ["#e892a2", 6], trunk: ["#f9b29c", 6], primary: ["#fcd6a4", 5.5],
    secondary: ["#f7fabf", 5], tertiary: ["#ffffff", 4.5],
    motorway_link: ["#e892a2", 3], trunk_link: ["#f9b29c", 3], primary_link: ["#fcd6a4", 3],
    secondary_link: ["#f7fabf", 3], tertiary_link: ["#ffffff", 3],
    residential: ["#ffffff", 3.5], unclassified: ["#ffffff", 3.5], living_street: ["#ffffff", 3],
    pedestrian: ["#dddde8", 3], service: ["#ffffff", 2],
  };
  const CASING = "#bcb4a8";

  function escapeText(text) {
    const div = document.createElement("div");
    div.textContent = text || "";
    return div.innerHTML;
  }

  function width(base, zoom) {
    return Math.max(0.6, base * Math.pow(2, (zoom - 16) * 0.8));
  }

  function roadStyle(props, zoom) {
    const known = ROADS[props.class];
    if (!known) {
      // Footways, steps, paths, tracks: a thin dashed line, as on paper maps.
      return { color: "#fa8072", weight: width(1.4, zoom), dashArray: "3 3", opacity: 0.9 };
    }
    const w = width(known[1], zoom);
    return [
      { color: CASING, weight: w + 1.5, opacity: 1, lineCap: "round" },
      { color: known[0], weight: w, opacity: 1, lineCap: "round" },
    ];
  }

  const STYLES = {
    water: (props) =>
      WATER_LINES[props.kind]
        ? { color: WATER, weight: 2, opacity: 1 }
        : { stroke: false, fill: true, fillColor: WATER, fillOpacity: 1 },
    park: { stroke: false, fill: true, fillColor: "#cdebb0", fillOpacity: 1 },
    building: { color: "#c4b6ab", weight: 0.6, fill: true, fillColor: "#d9d0c9", fillOpacity: 1 },
    road: roadStyle,
    poi: { radius: 3, color: "#ffffff", weight: 1, fill: true, fillColor: "#734a08", fillOpacity: 1 },
    // Written as text by the layer itself (VectorGrid draws no text).
    label: [],
  };

  const SVG = "http://www.w3.org/2000/svg";

  function text(group, name, x, y, angle, cls) {
    const el = document.createElementNS(SVG, "text");
    el.setAttribute("x", x.toFixed(1));
    el.setAttribute("y", y.toFixed(1));
    el.setAttribute("class", cls);
    if (angle) el.setAttribute("transform", `rotate(${angle} ${x.toFixed(1)} ${y.toFixed(1)})`);
    el.textContent = name; // a name from the file is text, never markup
    group.appendChild(el);
  }

  // Street names and landmark names, written into the tile's own SVG above its roads.
  function drawNames(container, tile, tileSize, zoom) {
    const group = document.createElementNS(SVG, "g");
    group.setAttribute("class", "basemap-names");
    const streets = tile.layers.label;
    if (streets) {
      const scale = tileSize.x / streets.extent;
      streets.features.forEach((f) => {
        const p = f.geometry[0][0];
        text(group, f.properties.name, p.x * scale, p.y * scale, f.properties.angle, "basemap-street");
      });
    }
    const places = tile.layers.poi;
    if (places && zoom >= 16) {
      const scale = tileSize.x / places.extent;
      places.features.forEach((f) => {
        const p = f.geometry[0][0];
        text(group, f.properties.name, p.x * scale + 5, p.y * scale + 3, 0, "basemap-place");
      });
    }
    container.appendChild(group);
  }

  function vectorLayer(url) {
    if (!L.VectorGrid || !L.VectorGrid.Protobuf) return null;
    const Base = L.VectorGrid.Protobuf;
    const Layer = Base.extend({
      // Keep each decoded tile until createTile has its container, to write the names in.
      _getVectorTilePromise(coords) {
        const decoded = Base.prototype._getVectorTilePromise.call(this, coords);
        this._decoded = this._decoded || {};
        this._decoded[this._tileCoordsToKey(coords)] = decoded;
        return decoded;
      },
      createTile(coords, done) {
        const container = Base.prototype.createTile.call(this, coords, done);
        const key = this._tileCoordsToKey(coords);
        const decoded = this._decoded[key];
        delete this._decoded[key];
        const size = this.getTileSize();
        if (decoded) decoded.then((tile) => drawNames(container, tile, size, coords.z));
        return container;
      },
    });
    return new Layer(url, {
      vectorTileLayerStyles: STYLES,
      rendererFactory: L.svg.tile,
      maxNativeZoom: MAX_NATIVE_ZOOM,
      maxZoom: 19,
      attribution: escapeText(OSM),
      className: "basemap-vector",
    });
  }

  function config(source) {
    if (!source) return {};
    if (source.dataset) {
      return {
        url: source.dataset.tileUrl,
        attribution: source.dataset.tileAttribution,
        vector: source.dataset.basemapUrl,
      };
    }
    return source;
  }

  function addTo(map, source) {
    const c = config(source);
    let layer = null;
    if (c.url) {
      // Leaflet treats attribution as HTML; the setting is plain text.
      layer = L.tileLayer(c.url, { attribution: escapeText(c.attribution || OSM), maxZoom: 19 });
    } else if (c.vector) {
      layer = vectorLayer(c.vector);
      map.getContainer().style.background = LAND;
    }
    if (layer) layer.addTo(map);
    return layer;
  }

  return { addTo, OSM };
})();
