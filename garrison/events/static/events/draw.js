// Drawing an outline on a form's map: each click adds a corner and the GeoJSON textarea is
// rewritten at once, so the form always submits what the map shows. Pasted GeoJSON is drawn
// back onto the map. The server judges validity (geo.check_polygon); this only draws.
"use strict";

(function () {
  const root = document.querySelector("[data-draw-map]");
  if (!root || !window.EventsMap || !window.L) return;
  const mapEl = root.querySelector(".map");
  const textarea = document.getElementById(root.dataset.target);
  if (!mapEl || !textarea) return;
  const latInput = root.dataset.lat ? document.getElementById(root.dataset.lat) : null;
  const lonInput = root.dataset.lon ? document.getElementById(root.dataset.lon) : null;
  const buttons = root.querySelectorAll("[data-draw]");

  const { map } = window.EventsMap.mount(mapEl);
  const outline = L.featureGroup().addTo(map);
  let vertices = []; // [lat, lng], the ring without its closing repeat
  let mode = null; // "draw", "point" or null
  let marker = null;

  const round = (value) => Math.round(value * 1e6) / 1e6; // 6 decimals: about 10 cm

  function geometryOf(data) {
    if (data && data.type === "FeatureCollection" && Array.isArray(data.features) && data.features.length === 1) {
      data = data.features[0];
    }
    if (data && data.type === "Feature") data = data.geometry;
    return data && data.type === "Polygon" && Array.isArray(data.coordinates) ? data : null;
  }

  function readTextarea() {
    vertices = [];
    let geometry = null;
    try {
      geometry = geometryOf(JSON.parse(textarea.value));
    } catch (err) {
      return; // not JSON (yet): nothing to draw; the server will say why on submit
    }
    const ring = geometry && geometry.coordinates[0];
    if (!Array.isArray(ring)) return;
    const points = ring.filter((p) => Array.isArray(p) && p.length >= 2).map((p) => [p[1], p[0]]);
    const last = points[points.length - 1];
    if (points.length > 1 && points[0][0] === last[0] && points[0][1] === last[1]) points.pop();
    vertices = points;
  }

  function writeTextarea() {
    if (vertices.length < 3) {
      textarea.value = "";
      return;
    }
    const ring = vertices.map(([lat, lng]) => [round(lng), round(lat)]);
    ring.push(ring[0].slice());
    textarea.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
  }

  function render() {
    outline.clearLayers();
    const style = { color: "#6a1b9a", weight: 3, fillOpacity: 0.2 };
    if (vertices.length >= 3) L.polygon(vertices, style).addTo(outline);
    else if (vertices.length === 2) L.polyline(vertices, style).addTo(outline);
    vertices.forEach((v) => L.circleMarker(v, { radius: 4, color: "#6a1b9a" }).addTo(outline));
  }

  function readPoint() {
    if (!latInput || !lonInput) return null;
    const lat = parseFloat(latInput.value);
    const lng = parseFloat(lonInput.value);
    return Number.isFinite(lat) && Number.isFinite(lng) ? [lat, lng] : null;
  }

  function placeMarker() {
    const point = readPoint();
    if (!point) {
      if (marker) marker.remove();
      marker = null;
      return;
    }
    if (!marker) {
      marker = L.marker(point, { draggable: true }).addTo(map);
      marker.on("dragend", () => setPoint(marker.getLatLng()));
    } else {
      marker.setLatLng(point);
    }
  }

  function setPoint(latlng) {
    latInput.value = round(latlng.lat);
    lonInput.value = round(latlng.lng);
    placeMarker();
  }

  function setMode(next) {
    mode = next;
    mapEl.classList.toggle("drawing", mode !== null);
    buttons.forEach((b) => {
      if (b.dataset.draw === "start") b.setAttribute("aria-pressed", String(mode === "draw"));
      if (b.dataset.draw === "point") b.setAttribute("aria-pressed", String(mode === "point"));
    });
  }

  function changed() {
    render();
    writeTextarea();
  }

  map.on("click", (e) => {
    if (mode === "draw") {
      vertices.push([e.latlng.lat, e.latlng.lng]);
      changed();
    } else if (mode === "point" && latInput && lonInput) {
      setPoint(e.latlng);
      setMode(null);
    }
  });

  const actions = {
    start: () => {
      vertices = [];
      changed();
      setMode("draw");
    },
    undo: () => {
      vertices.pop();
      changed();
    },
    finish: () => setMode(null),
    clear: () => {
      vertices = [];
      changed();
      setMode(null);
    },
    point: () => setMode(mode === "point" ? null : "point"),
  };
  buttons.forEach((b) => b.addEventListener("click", () => actions[b.dataset.draw]()));

  textarea.addEventListener("input", () => {
    readTextarea();
    render();
  });
  [latInput, lonInput].forEach((input) => input && input.addEventListener("change", placeMarker));

  readTextarea();
  render();
  placeMarker();
  // Frame what is being edited, not the whole event, when there is something to edit.
  const own = outline.getBounds();
  if (own.isValid()) map.fitBounds(own, { padding: [24, 24], maxZoom: 18 });
  else if (readPoint()) map.setView(readPoint(), 16);
})();
