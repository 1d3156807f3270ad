// The tip page: tap the map (or "use my location") to say where; the point fills the hidden
// lat/lon fields the form already sends. Without JavaScript or Leaflet the words still work.
// Data comes from the json_script block #tip-map-data (CSP allows no inline script).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const lat = document.querySelector("[data-tip-lat]");
  const lon = document.querySelector("[data-tip-lon]");
  const locate = document.querySelector("[data-tip-locate]");
  const clear = document.querySelector("[data-tip-clear]");
  const done = document.querySelector("[data-tip-located]");
  if (!lat || !lon) return;

  let map = null;
  let marker = null;

  function setPoint(latitude, longitude, pan) {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    if (done) done.hidden = false;
    if (clear) clear.hidden = false;
    if (!map) return;
    const here = [latitude, longitude];
    if (marker) {
      marker.setLatLng(here);
    } else {
      const box = document.querySelector("[data-tip-map]");
      marker = L.circleMarker(here, {
        radius: 11, color: "#b00020", weight: 3, fillColor: "#b00020", fillOpacity: 0.35,
      }).addTo(map);
      marker.bindTooltip(box ? box.dataset.markerLabel || "" : "");
    }
    if (pan) map.setView(here, Math.max(map.getZoom(), 16));
  }

  function clearPoint() {
    lat.value = "";
    lon.value = "";
    if (done) done.hidden = true;
    if (clear) clear.hidden = true;
    if (marker && map) map.removeLayer(marker);
    marker = null;
  }


  function mountMap() {
    const box = document.querySelector("[data-tip-map-box]");
    const el = document.querySelector("[data-tip-map]");
    const source = document.getElementById("tip-map-data");
    if (!box || !el || !source || typeof L === "undefined") return;
    const data = JSON.parse(source.textContent);
    box.hidden = false;
    map = L.map(el, { scrollWheelZoom: false });
    window.GarrisonBasemap.addTo(map, el);
    // The public places only (the venue, assembly points), drawn as landmarks to aim by.
    const reference = L.featureGroup().addTo(map);
    for (const site of data.sites || []) {
      const shape = site.outline
        ? L.geoJSON(site.outline, {
          interactive: false, style: { color: "#102a43", weight: 2, fillOpacity: 0.06 },
        })
        : L.circleMarker([site.lat, site.lon], {
          interactive: false, radius: 6, color: "#102a43", weight: 2,
        });
      // Tooltip text through a DOM node: names are never read as HTML.
      const label = document.createElement("span");
      label.textContent = site.name;
      shape.bindTooltip(label, { permanent: true, direction: "center", className: "tip-site" });
      reference.addLayer(shape);
    }
    const bounds = reference.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    } else {
      map.setView(data.centre || [21.0285, 105.8542], data.centre ? 14 : 12);
    }
    // A tap anywhere, on the landmarks too, sets the point.
    map.on("click", (e) => setPoint(e.latlng.lat, e.latlng.lng, false));
    if (lat.value && lon.value) setPoint(parseFloat(lat.value), parseFloat(lon.value), true);
  }

  mountMap();
  if (clear) clear.addEventListener("click", clearPoint);
  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", () => {
      navigator.geolocation.getCurrentPosition(
        (pos) => setPoint(pos.coords.latitude, pos.coords.longitude, true),
        () => { locate.disabled = true; },
        { enableHighAccuracy: true, timeout: 15000 },
      );
    });
  }
  if (!map && lat.value && lon.value) setPoint(parseFloat(lat.value), parseFloat(lon.value), false);
});
