/*
 * The patrol phone (/e/<event>/patrols/walk/). A scanned plaque is saved in this page's own
 * IndexedDB outbox (scan-store.js, database "garrison-patrol") with the time and, when the
 * officer allows it, the phone's position, and only then shown as recorded: a reload or a lost
 * network loses nothing. The outbox goes to the server in batches whenever online; each scan's
 * id makes a resend harmless. The server judges lateness by the scan's time, not the upload's.
 * The camera (checkin/scan-camera.js) hands what it reads to GarrisonScanner.scan, as on the
 * gate scanner.
 */
(function () {
  "use strict";

  var root = document.getElementById("patrol");
  if (!root) return;
  var Store = window.ScanStore;
  var Clock = window.GarrisonClock;
  var S = JSON.parse(document.getElementById("scan-strings").textContent);
  var API = root.dataset.api;
  var TZ = root.dataset.tz;
  var BATCH = 50;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var walk = { plaques: [], rounds: [] };
  var flushing = false;
  var el = function (id) { return document.getElementById(id); };

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function online(state) {
    var net = el("net-state");
    net.dataset.state = state ? "online" : "offline";
    net.textContent = state ? S.online : S.offline;
  }

  function countOutbox() {
    return Store.count("outbox").then(function (n) { el("outbox-count").textContent = String(n); });
  }

  function showRounds() {
    var names = {};
    walk.plaques.forEach(function (p) { names[p.serial] = p.name; });
    var list = el("rounds");
    list.textContent = "";
    walk.rounds.slice(0, 6).forEach(function (round) {
      var item = document.createElement("li");
      var start = Clock.dayTime(new Date(round.starts_at), TZ);
      var end = Clock.time(new Date(round.ends_at), TZ);
      item.textContent = round.tour + " · " + start + "–" + end + " · " +
        round.points.map(function (serial) { return names[serial] || serial; }).join(" → ");
      list.appendChild(item);
    });
  }

  function load() {
    return fetch(API + "walk", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { walk = data; online(true); return Store.put("kv", data, "walk"); })
      .catch(function () {
        online(false);
        return Store.get("kv", "walk").then(function (saved) { if (saved) walk = saved; });
      })
      .then(showRounds);
  }

  function position() {
    if (!el("share-position").checked || !navigator.geolocation) return Promise.resolve(null);
    return new Promise(function (resolve) {
      navigator.geolocation.getCurrentPosition(
        function (p) { resolve({ lat: p.coords.latitude, lon: p.coords.longitude, accuracy_m: p.coords.accuracy }); },
        function () { resolve(null); },
        { enableHighAccuracy: true, timeout: 3000, maximumAge: 30000 }
      );
    });
  }

  function scan(text) {
    var code = String(text || "").trim();
    if (!code) return Promise.resolve();
    var plaque = walk.plaques.filter(function (p) { return p.code === code; })[0];
    var item = { id: uuid(), code: code, scanned_at: new Date().toISOString() };
    return position().then(function (where) {
      if (where) { item.lat = where.lat; item.lon = where.lon; item.accuracy_m = where.accuracy_m; }
      return Store.put("outbox", item);
    }).then(function () {
      el("last-scan").textContent = plaque
        ? S.recorded + ": " + plaque.name + " · " + Clock.time(new Date(item.scanned_at), TZ)
        : S.unknown;
      el("last-scan").dataset.point = plaque ? String(plaque.serial) : "";
      return countOutbox();
    }).then(flush);
  }

  function refused(answer) {
    var item = document.createElement("li");
    item.textContent = answer.message || answer.code;
    el("refused").appendChild(item);
  }

  function flush() {
    if (flushing) return Promise.resolve();
    flushing = true;
    return Store.all("outbox").then(function (items) {
      if (!items.length) return null;
      var batch = items.slice(0, BATCH);
      return fetch(API + "visits", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ items: batch }),
      }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (answer) {
        online(true);
        answer.items.filter(function (a) { return a.status === "rejected"; }).forEach(refused);
        // Stored, sent before, or refused for good: none of them is sent again.
        return Store.removeMany("outbox", answer.items.map(function (a) { return a.id; }));
      });
    }).catch(function () { online(false); })
      .then(function () { flushing = false; return countOutbox(); });
  }

  el("manual-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var input = el("code-input");
    scan(input.value).then(function () { input.value = ""; });
  });
  window.addEventListener("online", flush);
  setInterval(flush, 10000);
  window.GarrisonScanner = { scan: scan, flush: flush };
  load().then(countOutbox).then(flush);
})();
