/*
 * The offline scanner (/scan/). Each scan is decided on the phone by the shared rules
 * (rules.js over rules.json) with the badge signature verified by WebCrypto's Ed25519, saved
 * in the IndexedDB outbox, and only then shown. Online, the server's verdict is asked for too
 * (it knows the other gates); the outbox is uploaded to /sync in batches whenever online.
 *
 * The short serial printed on the badge (100001·v1) may be typed instead when the camera fails.
 * It has no signature, so the badge it names (asked of the server, or offline found in this
 * checkpoint's holders list) is shown with the holder's photo first, and the scan is made only
 * when the guard confirms the face.
 *
 * The badge's text forms are read in scan-badge.js, the verdict drawn by scan-screen.js, and
 * the beep and vibration made by scan-feedback.js.
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
  var Badge = window.ScanBadge;
  var PREFIX = Badge.PREFIX;
  var BATCH = 200;
  var ONLINE_WAIT_MS = 2500;

  var data = { checkpoint: null, rules: null, keys: {}, revoked: {}, holders: {} };
  var cryptoKeys = {};
  var flushing = false;
  var el = function (id) { return document.getElementById(id); };

  // --- Signatures (the badge text itself is read in scan-badge.js) ------------------------------

  function publicKey(keyId) {
    if (!cryptoKeys[keyId]) {
      var raw = Badge.b64urlDecode(data.keys[keyId]);
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

  /** The badge a typed serial names in this checkpoint's holders list: as the server's lookup. */
  function findLocal(parsed) {
    var holder = data.holders[parsed.serial];
    var version = parsed.version === null && holder ? holder.version : parsed.version;
    if (holder && holder.version === version && !data.revoked[holder.serial + ":" + version]) {
      return { result: "found", label: Badge.label(holder.serial, version), holder: holder };
    }
    var revoked = version !== null
      ? data.revoked[parsed.serial + ":" + version] === true || !!(holder && holder.version > version)
      : Object.keys(data.revoked).some(function (k) { return k.indexOf(parsed.serial + ":") === 0; });
    return { result: revoked ? "revoked" : "invalid_code", label: "", holder: null };
  }

  /** The badge as its QR would say, for a typed serial: made from the holders row. */
  function typedBadge(holder) {
    return {
      serial: holder.serial,
      version: holder.version,
      validFrom: holder.valid_from !== undefined ? holder.valid_from : null,
      validUntil: holder.valid_until !== undefined ? holder.valid_until : null,
      zones: [data.checkpoint.zone_id],
    };
  }

  /** Decide one code on the phone: {result, badge, holder}. The same context as services._context.
   * typedHolder: the holders row a confirmed typed serial named (no signature to check). */
  function decideLocal(code, direction, inside, when, typedHolder) {
    var badge = typedHolder ? typedBadge(typedHolder) : Badge.decode(code);
    var known = !!(badge && (typedHolder || data.keys[badge.keyId]));
    var verified = typedHolder ? Promise.resolve(true)
      : badge && known ? signatureOk(badge) : Promise.resolve(false);
    return verified.then(function (signed) {
      var cp = data.checkpoint;
      var clock = localClock(when, cp.time_zone);
      // A typed serial the server found may be newer than this phone's list: its row stands in.
      var holder = badge ? data.holders[badge.serial] || typedHolder || null : null;
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
      // A photo whose badge left the list (withdrawn, or its event's personal data purged) goes
      // from the phone at this sync: the phone keeps only the faces it may still be shown.
      var gone = have.filter(function (k) { return !data.holders[k]; });
      return (gone.length ? Store.removeMany("photos", gone) : Promise.resolve()).then(function () {
        return have.filter(function (k) { return data.holders[k]; });
      });
    }).then(function (have) {
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
          return {
            id: s.id, code: s.code, direction: s.direction, scanned_at: s.scanned_at,
            verdict: s.verdict, typed: !!s.typed,
          };
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
    var h = Badge.hex(b);
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
      body: {
        id: scan.id, code: scan.code, direction: scan.direction, scanned_at: scan.scanned_at,
        typed: !!scan.typed,
      },
    }).finally(function () { clearTimeout(timer); });
  }

  /** A code from the camera or the keyboard: a badge's QR text, or a typed short serial. */
  function scan(code) {
    code = String(code || "").trim();
    if (!code || !data.rules || !data.checkpoint) return Promise.resolve(null);
    var id = Screen.begin();
    var parsed = code.indexOf(PREFIX) === 0 ? null : Badge.parseLabel(code);
    return parsed ? lookUp(parsed, code, id) : decideAndShow(code, null, id);
  }

  /** A typed serial: the badge it names and its holder's photo, for the guard to compare. */
  function lookUp(parsed, text, id) {
    var local = findLocal(parsed);
    var asked = navigator.onLine ? askSerial(text).catch(function () { return local; }) : Promise.resolve(local);
    return asked.then(function (answer) {
      if (!Screen.isCurrent(id)) return null;
      if (answer.result !== "found") {
        Screen.show(id, answer.result, null, null, { reason: answer.result === "invalid_code" ? S.serial_unknown : null });
        return answer.result;
      }
      Screen.showConfirm(id, answer.label, answer.holder);
      return "confirm";
    });
  }

  function askSerial(text) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, ONLINE_WAIT_MS);
    return api(root.dataset.serialApi + "?text=" + encodeURIComponent(text), { signal: controller.signal })
      .finally(function () { clearTimeout(timer); });
  }

  /** Decide, store in the outbox, ask the server when online, then show: the scan ``id``. */
  function decideAndShow(code, typedHolder, id) {
    var when = new Date();
    var dir = direction();
    var started = performance.now();
    return decideLocal(code, dir, function (serial) { return presence[serial] === true; }, when, typedHolder)
      .then(function (local) {
        window.GarrisonScanner.lastDecisionMs = performance.now() - started;
        var record = {
          id: uuid(), code: code, direction: dir, scanned_at: when.toISOString(),
          verdict: local.result, checkpoint: data.checkpoint.id, typed: !!typedHolder,
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
        // When the server answered, whom it names (it may know of a revocation the phone has
        // not seen yet); otherwise whom the phone's own list names.
        var holder = outcome.server ? outcome.server.holder : outcome.local.holder;
        Screen.show(id, result, holder, serial, { byServer: !!outcome.server, typed: !!typedHolder });
        updateCount();
        return notePresence(serial, dir, result).then(function () { return result; });
      });
  }

  // --- Screen: scan-screen.js -----------------------------------------------------------------

  /** The holder's photo from this phone's cache, else (online) from the server, or null. */
  function loadPhoto(serial) {
    return Store.get("photos", serial).then(function (blob) {
      if (blob || !navigator.onLine) return blob || null;
      return api("photo?serial=" + serial).then(function (fetched) {
        return Store.put("photos", fetched, serial).then(function () { return fetched; });
      });
    }).catch(function () { return null; });
  }

  var Screen = window.ScanScreen({ strings: S, reasons: REASONS, photo: loadPhoto });

  // Only the guard's "this is the person" makes a typed serial a scan; "not this person" is
  // a refusal that records nothing (no badge was shown).
  el("confirm-yes").addEventListener("click", function () {
    var typed = Screen.pending();
    if (!typed) return;
    var id = Screen.begin();
    decideAndShow(typed.label, typed.holder, id).then(function () { el("code-input").focus(); });
  });

  el("confirm-no").addEventListener("click", function () {
    if (!Screen.pending()) return;
    Screen.show(Screen.begin(), "not_holder", null, null, { reason: S.not_holder, source: "" });
    el("code-input").focus();
  });

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

  /** 24-hour hh:mm in the event's time zone (the phone's own when none is known yet). */
  function clockTime(date) {
    return window.GarrisonClock.time(date, data.checkpoint && data.checkpoint.time_zone);
  }

  function showStation() {
    el("setup").hidden = true;
    el("station").hidden = false;
    var cp = data.checkpoint;
    el("checkpoint-name").textContent = cp ? cp.name + " · " + cp.zone_code : S.no_data;
    el("direction").hidden = !cp || cp.direction !== "both";
    el("data-age").textContent = data.updated ? S.updated + " " + clockTime(new Date(data.updated)) : "";
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
    decode: Badge.decode,
    parseLabel: Badge.parseLabel,
    /** For the benchmark: the offline decision alone, no storage and no screen. */
    decideOffline: function (code) {
      return decideLocal(code, "entry", function () { return false; }, new Date())
        .then(function (d) { return d.result; });
    },
    lastDecisionMs: null,
    /** "enter" or "stop" as last signalled by sound and vibration; null when they are off. */
    lastFeedback: function () { return Screen.lastFeedback(); },
  };

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.scope }).catch(function () {});
  }
  cacheShell();
  start();
})();
