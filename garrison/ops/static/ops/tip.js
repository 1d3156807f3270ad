// The tip page: offer "use my location" where the phone can tell it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-tip-locate]");
  const lat = document.querySelector("[data-tip-lat]");
  const lon = document.querySelector("[data-tip-lon]");
  const done = document.querySelector("[data-tip-located]");
  if (!button || !lat || !lon || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        lat.value = pos.coords.latitude.toFixed(6);
        lon.value = pos.coords.longitude.toFixed(6);
        if (done) done.hidden = false;
      },
      () => { button.disabled = true; },
      { enableHighAccuracy: true, timeout: 15000 },
    );
  });
});
