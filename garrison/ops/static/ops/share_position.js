// "Share my position while on shift": off until the officer turns it on; then the phone's
// geolocation is sent every 30 s or 50 m moved, whichever comes first. The server refuses a
// fix once the shift is over (409 shift_over): sharing then stops by itself and says why.
// The choice lasts for this tab only (sessionStorage), so the page's reloads keep it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.querySelector("[data-share-position]");
  if (!root || !navigator.geolocation) {
    if (root) root.querySelector("[data-share-status]").textContent = root.dataset.unsupported;
    return;
  }
  const box = root.querySelector("input[type=checkbox]");
  const status = root.querySelector("[data-share-status]");
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
  const key = `garrison.share.${root.dataset.unit}`;
  const EVERY_MS = 30000;
  const MOVED_M = 50;
  let watch = null;
  let last = null; // {lat, lon, at} of the last fix sent

  function metres(a, b) {
    const rad = Math.PI / 180;
    const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
    const y = (b.lat - a.lat) * rad;
    return Math.hypot(x, y) * 6371008.8;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {}),
    }).then((response) => response.json().then((data) => ({ ok: response.ok, data })));
  }

  function stop(message, tellServer) {
    if (watch !== null) navigator.geolocation.clearWatch(watch);
    watch = null;
    last = null;
    box.checked = false;
    sessionStorage.removeItem(key);
    status.textContent = message;
    if (tellServer) post(root.dataset.stopUrl);
  }

  function send(position) {
    const fix = {
      lat: position.coords.latitude,
      lon: position.coords.longitude,
      at: Date.now(),
    };
    if (last && fix.at - last.at < EVERY_MS && metres(last, fix) < MOVED_M) return;
    last = fix;
    post(root.dataset.url, {
      lat: fix.lat,
      lon: fix.lon,
      accuracy: Math.min(position.coords.accuracy || 0, 100000),
    })
      .then(({ ok, data }) => {
        if (ok) {
          status.textContent = data.message;
        } else if (data.code === "shift_over" || data.code === "not_on_shift") {
          stop(data.message, false);
        } else {
          status.textContent = data.message || root.dataset.failed;
        }
      })
      .catch(() => {
        status.textContent = root.dataset.failed;
        last = null; // try again with the next fix
      });
  }

  function start() {
    sessionStorage.setItem(key, "on");
    status.textContent = root.dataset.waiting;
    watch = navigator.geolocation.watchPosition(
      send,
      () => stop(root.dataset.denied, false),
      { enableHighAccuracy: true, maximumAge: 10000, timeout: 60000 },
    );
  }

  box.addEventListener("change", () => {
    if (box.checked) start();
    else stop(root.dataset.stopped, true);
  });
  if (sessionStorage.getItem(key) === "on") {
    box.checked = true;
    start();
  }
});
