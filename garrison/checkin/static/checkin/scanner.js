/*
 * The offline scanner (/scan/). Each scan is decided on the phone by the shared rules
 * (rules.js over rules.json) with the badge signature verified by WebCrypto's Ed25519, saved
 * in the IndexedDB outbox, and only then shown. Online, the server's verdict is asked for too
 * (it knows the other gates); the outbox is uploaded to /sync in batches whenever online.
 */
(function () {
  "use strict";

  var root = document.getElementById("scanner");
  if (!root) return;
  var Store = window.ScanStore;
  var Rules = window.GarrisonRules;
  var S = JSON.parse(document.getElementById("scan-strings").textContent);
  var REASONS = JSON.parse(document.getElementById("scan-reasons").textContent);
  var API = root.dataset.api;
  var TOKEN_KEY = "garrison.scanner.token";
  var PREFIX = "GA1.";
  var HEAD = 20; // format u8 · key id 4 · serial u32 · version u16 · from u32 · until u32 · count u8
  var SIGNATURE = 64;
  var MAX_ZONES = 64;
  var MAX_TEXT = PREFIX.length + 4 * Math.floor((HEAD + 4 * MAX_ZONES + SIGNATURE + 2) / 3);
  var BATCH = 200;
  var ONLINE_WAIT_MS = 2500;

  var data = { checkpoint: null, rules: null, keys: {}, revoked: {}, holders: {} };
  var cryptoKeys = {};
  var flushing = false;
  var el = function (id) { return document.getElementById(id); };

  // --- Badge text ---------------------------------------------------------------------------

  function b64urlDecode(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) b64 += "=";
    var raw;
    try { raw = atob(b64); } catch (e) { return null; }
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }

  function b64urlEncode(bytes) {
    var raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  /** The same checks as accreditation/credentials/signing.py decode(); null for anything that is not a badge. */
  function decode(text) {
    if (typeof text !== "string" || text.length > MAX_TEXT || text.indexOf(PREFIX) !== 0) return null;
    var encoded = text.slice(PREFIX.length);
    var raw = b64urlDecode(encoded);
    if (!raw || b64urlEncode(raw) !== encoded) return null; // one payload, one text
    if (raw.length < HEAD + SIGNATURE) return null;
    var view = new DataView(raw.buffer);
    var count = view.getUint8(19);
    if (view.getUint8(0) !== 1 || count > MAX_ZONES) return null;
    var bodyLength = HEAD + 4 * count;
    if (raw.length !== bodyLength + SIGNATURE) return null;
    var zones = [];
    for (var i = 0; i < count; i++) zones.push(view.getUint32(HEAD + 4 * i));
    return {
      keyId: hex(raw.subarray(1, 5)),
      serial: view.getUint32(5),
      version: view.getUint16(9),
      validFrom: view.getUint32(11),
      validUntil: view.getUint32(15),
      zones: zones,
      body: raw.slice(0, bodyLength),
      signature: raw.slice(bodyLength),
    };
  }

  function publicKey(keyId) {
    if (!cryptoKeys[keyId]) {
      var raw = b64urlDecode(data.keys[keyId]);
      cryptoKeys[keyId] = crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
    }
    return cryptoKeys[keyId];
  }

  function signatureOk(badge) {
    return publicKey(badge.keyId)
      .then(function (key) { return crypto.subtle.verify({ name: "Ed25519" }, key, badge.signature, badge.body); })
      .catch(function () { return false; });
  }

  // --- The decision -------------------------------------------------------------------------

  var clockFormats = {};
  function localClock(date, timeZone) {
    if (!clockFormats[timeZone]) {
      clockFormats[timeZone] = new Intl.DateTimeFormat("en-CA", {
        timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit",
        hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      });
    }
    var parts = {};
    clockFormats[timeZone].formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return {
      today: parts.year + "-" + parts.month + "-" + parts.day,
      minute: Number(parts.hour) * 60 + Number(parts.minute),
    };
  }

  /** Decide one code on the phone: {result, badge, holder}. The same context as services._context. */
  function decideLocal(code, direction, inside, when) {
    var badge = decode(code);
    var known = !!(badge && data.keys[badge.keyId]);
    var verified = badge && known ? signatureOk(badge) : Promise.resolve(false);
    return verified.then(function (signed) {
      var cp = data.checkpoint;
      var clock = localClock(when, cp.time_zone);
      var holder = badge ? data.holders[badge.serial] : null;
      var current = holder && holder.version === badge.version ? holder : null;
      var superseded = !!(holder && badge && holder.version > badge.version);
      var window = (current && current.window) || [null, null, null, null];
      var values = {
        decoded: !!badge,
        key_known: !badge || known,
        signature_ok: !badge || !known || signed,
        revoked: !!badge && (superseded || data.revoked[badge.serial + ":" + badge.version] === true),
        now: Math.floor(when.getTime() / 1000),
        valid_from: badge ? badge.validFrom : null,
        valid_until: badge ? badge.validUntil : null,
        zone: cp.zone_id,
        zones: badge ? badge.zones : [],
        today: clock.today,
        minute: clock.minute,
        window_first_day: window[0],
        window_last_day: window[1],
        window_start: window[2],
        window_end: window[3],
        direction: direction,
        inside: function () { return inside(badge ? badge.serial : null); },
      };
      var result = Rules.decide(data.rules, values);
      return { result: result, badge: badge, holder: signed ? current : null };
    });
  }

  // --- Data from the server -----------------------------------------------------------------

  function token() { return localStorage.getItem(TOKEN_KEY) || ""; }

  function api(path, options) {
    options = options || {};
    var headers = { Authorization: "Bearer " + token(), Accept: "application/json" };
    if (options.body) headers["Content-Type"] = "application/json";
    return fetch(path.charAt(0) === "/" ? path : API + path, {
      method: options.method || "GET",
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
      cache: "no-store",
    }).then(function (response) {
      if (response.status === 401) {
        showSetup(S.token_refused);
        throw new Error("unauthorized");
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.headers.get("Content-Type") === "image/jpeg" ? response.blob() : response.json();
    });
  }

  function loadCached() {
    return Promise.all(["checkpoint", "rules", "keys", "revoked", "holders", "updated"].map(function (k) {
      return Store.get("kv", k);
    })).then(function (v) {
      if (v[0]) data.checkpoint = v[0];
      if (v[1]) data.rules = v[1];
      data.keys = v[2] || {};
      data.revoked = v[3] || {};
      data.holders = v[4] || {};
      data.updated = v[5] || null;
      cryptoKeys = {};
    });
  }

  function pullRevocations(since, revoked) {
    return api("revocations?since=" + since).then(function (page) {
      page.items.forEach(function (r) { revoked[r.serial + ":" + r.version] = true; });
      if (page.items.length && page.last_seq > since) return pullRevocations(page.last_seq, revoked);
      return since;
    });
  }

  function refresh() {
    if (!token() || !navigator.onLine) return Promise.resolve();
    return Promise.all([
      api("checkpoint"), api("rules"), api("keys"), api(root.dataset.holdersApi),
      Store.get("kv", "revoked_seq"), Store.get("kv", "revoked"),
    ]).then(function (r) {
      var keys = {};
      r[2].forEach(function (k) { keys[k.key_id] = k.public_key; });
      var holders = {};
      r[3].forEach(function (h) { holders[h.serial] = h; });
      var revoked = r[5] || {};
      return pullRevocations(r[4] || 0, revoked).then(function (seq) {
        var now = new Date().toISOString();
        return Promise.all([
          Store.put("kv", r[0], "checkpoint"), Store.put("kv", r[1], "rules"),
          Store.put("kv", keys, "keys"), Store.put("kv", holders, "holders"),
          Store.put("kv", revoked, "revoked"), Store.put("kv", seq, "revoked_seq"),
          Store.put("kv", now, "updated"),
        ]);
      });
    }).then(loadCached).then(function () {
      showStation();
      return cachePhotos();
    }).catch(function () { /* offline or refused: the cached data stays in use */ });
  }

  function cachePhotos() {
    return Store.keys("photos").then(function (have) {
      var held = {};
      have.forEach(function (k) { held[k] = true; });
      var wanted = Object.keys(data.holders).filter(function (serial) {
        return data.holders[serial].photo && !held[Number(serial)];
      });
      function next() {
        var serial = wanted.shift();
        if (serial === undefined || !navigator.onLine) return Promise.resolve();
        return api("photo?serial=" + serial)
          .then(function (blob) { return Store.put("photos", blob, Number(serial)); })
          .catch(function () { return null; })
          .then(next);
      }
      return Promise.all([next(), next(), next(), next()]);
    });
  }

  // --- Outbox -------------------------------------------------------------------------------

  function updateCount() {
    return Store.count("outbox").then(function (n) { el("outbox-count").textContent = String(n); });
  }

  function flush() {
    if (flushing || !navigator.onLine || !token()) return Promise.resolve();
    flushing = true;
    return Store.all("outbox").then(function (items) {
      items.sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
      function send(start) {
        var batch = items.slice(start, start + BATCH);
        if (!batch.length) return null;
        var body = batch.map(function (s) {
          return { id: s.id, code: s.code, direction: s.direction, scanned_at: s.scanned_at, verdict: s.verdict };
        });
        return api("sync", { method: "POST", body: { items: body } }).then(function (answer) {
          // Stored or sent before: it is on the server. Rejected ones stay for a later try.
          var done = answer.items.filter(function (a) { return a.status !== "rejected"; })
            .map(function (a) { return a.id; });
          return Store.removeMany("outbox", done);
        }).then(function () { return send(start + BATCH); });
      }
      return send(0);
    }).then(function () { return false; }, function () { return true; }).then(function (failed) {
      flushing = false;
      // The network often comes back in stages: try again soon rather than at the next tick.
      if (failed) setTimeout(flush, 2000);
      return updateCount();
    });
  }

  // --- Presence this phone has seen (anti-passback offline) ---------------------------------

  var presence = {};
  function loadPresence() {
    return Promise.all([Store.keys("presence"), Store.all("presence")]).then(function (r) {
      presence = {};
      r[0].forEach(function (k, i) { presence[k] = r[1][i]; });
    });
  }
  function notePresence(serial, direction, result) {
    if (serial === null || result !== "ok") return Promise.resolve();
    presence[serial] = direction === "entry";
    return Store.put("presence", presence[serial], serial);
  }

  // --- Scanning -----------------------------------------------------------------------------

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = hex(b);
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function direction() {
    var cp = data.checkpoint;
    if (cp && cp.direction !== "both") return cp.direction;
    var checked = root.querySelector("input[name=direction]:checked");
    return checked ? checked.value : "entry";
  }

  function askServer(scan) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, ONLINE_WAIT_MS);
    return api("scans", {
      method: "POST", signal: controller.signal,
      body: { id: scan.id, code: scan.code, direction: scan.direction, scanned_at: scan.scanned_at },
    }).finally(function () { clearTimeout(timer); });
  }

  function scan(code) {
    code = code.trim();
    if (!code || !data.rules || !data.checkpoint) return Promise.resolve(null);
    var when = new Date();
    var dir = direction();
    var started = performance.now();
    return decideLocal(code, dir, function (serial) { return presence[serial] === true; }, when)
      .then(function (local) {
        window.GarrisonScanner.lastDecisionMs = performance.now() - started;
        var record = {
          id: uuid(), code: code, direction: dir, scanned_at: when.toISOString(),
          verdict: local.result, checkpoint: data.checkpoint.id,
        };
        // Durable before anything is shown: the outbox transaction has completed here.
        return Store.put("outbox", record).then(function () {
          updateCount();
          if (!navigator.onLine) return { local: local, server: null, record: record };
          return askServer(record).then(function (server) {
            return Store.remove("outbox", record.id).then(function () {
              return { local: local, server: server, record: record };
            });
          }).catch(function () { return { local: local, server: null, record: record }; });
        });
      }).then(function (outcome) {
        var result = outcome.server ? outcome.server.result : outcome.local.result;
        var serial = outcome.local.badge ? outcome.local.badge.serial : null;
        show(result, outcome.local.holder || (outcome.server && outcome.server.holder), serial, !!outcome.server);
        updateCount();
        return notePresence(serial, dir, result).then(function () { return result; });
      });
  }

  // --- Screen -------------------------------------------------------------------------------

  var photoUrl = null;
  function show(result, holder, serial, byServer) {
    var box = el("verdict");
    box.hidden = false;
    box.dataset.result = result;
    box.classList.toggle("ok", result === "ok");
    el("verdict-title").textContent = result === "ok" ? S.valid : S.refused;
    el("verdict-reason").textContent = REASONS[result] || result;
    el("verdict-source").textContent = byServer ? S.by_server : S.by_phone;
    el("holder").hidden = !holder;
    var img = el("holder-photo");
    img.hidden = true;
    if (photoUrl) { URL.revokeObjectURL(photoUrl); photoUrl = null; }
    if (!holder) return;
    el("holder-name").textContent = holder.name;
    el("holder-org").textContent = holder.organisation;
    el("holder-category").textContent = holder.category;
    el("holder").style.borderColor = holder.color || "";
    if (serial !== null && holder.photo) {
      Store.get("photos", serial).then(function (blob) {
        if (!blob || el("verdict").dataset.result !== result) return;
        photoUrl = URL.createObjectURL(blob);
        img.src = photoUrl;
        img.hidden = false;
      });
    }
  }

  function showNet() {
    var state = navigator.onLine ? "online" : "offline";
    var badge = el("net-state");
    badge.dataset.state = state;
    badge.textContent = state === "online" ? S.online : S.offline;
    root.dataset.net = state;
  }

  function showSetup(error) {
    el("setup").hidden = false;
    el("station").hidden = true;
    el("setup-error").textContent = error || "";
    root.dataset.state = "setup";
  }

  function showStation() {
    el("setup").hidden = true;
    el("station").hidden = false;
    var cp = data.checkpoint;
    el("checkpoint-name").textContent = cp ? cp.name + " · " + cp.zone_code : S.no_data;
    el("direction").hidden = !cp || cp.direction !== "both";
    el("data-age").textContent = data.updated
      ? S.updated + " " + new Date(data.updated).toLocaleTimeString(document.documentElement.lang)
      : "";
    root.dataset.state = cp && data.rules ? "ready" : "no-data";
    showNet();
    updateCount();
  }

  function cacheShell() {
    // The service worker serves these offline; put them in its cache from this first load.
    if (!("caches" in window)) return;
    var urls = [location.pathname];
    document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=manifest], link[rel=icon]")
      .forEach(function (node) { urls.push(node.src || node.href); });
    caches.open("garrison-scan-v1").then(function (cache) { return cache.addAll(urls); }).catch(function () {});
  }

  function start() {
    if (!token()) { showSetup(""); return Promise.resolve(); }
    return Promise.all([loadCached(), loadPresence()]).then(function () {
      showStation();
      return refresh();
    }).then(flush);
  }

  el("token-form").addEventListener("submit", function (event) {
    event.preventDefault();
    localStorage.setItem(TOKEN_KEY, el("token-input").value.trim());
    el("token-input").value = "";
    start();
  });

  el("enrol-form").addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(API + "enrol", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: el("enrol-code").value.trim() }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.message || String(response.status));
        localStorage.setItem(TOKEN_KEY, body.token);
        el("enrol-code").value = "";
        return start();
      });
    }).catch(function (error) { showSetup(S.enrol_failed + ": " + error.message); });
  });

  el("manual-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = el("code-input");
    var code = input.value;
    input.value = "";
    scan(code).then(function () { input.focus(); });
  });

  el("forget-button").addEventListener("click", function () {
    if (!window.confirm(S.forget_confirm)) return;
    localStorage.removeItem(TOKEN_KEY);
    Store.clear("kv").then(function () { showSetup(""); });
  });

  window.addEventListener("online", function () { showNet(); flush().then(refresh); });
  window.addEventListener("offline", showNet);
  setInterval(function () { if (navigator.onLine) flush(); }, 15000);

  window.GarrisonScanner = {
    scan: scan,
    flush: flush,
    decode: decode,
    /** For the benchmark: the offline decision alone, no storage and no screen. */
    decideOffline: function (code) {
      return decideLocal(code, "entry", function () { return false; }, new Date())
        .then(function (d) { return d.result; });
    },
    lastDecisionMs: null,
  };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.scope }).catch(function () {});
  }
  cacheShell();
  start();
})();
