/*
 * The scanner's IndexedDB: what it needs to decide offline (kv), the scans not yet on the
 * server (outbox), holders' photos, and who this phone saw enter (presence).
 * Every write resolves only once its transaction has completed, so a scan the page has
 * shown is already durable: a reload or a crash cannot lose it.
 */
(function (root) {
  "use strict";

  // One database per page that keeps an outbox: the gate scanner's, or another named by the
  // script tag's data-db (the patrol phone), so neither uploads the other's scans.
  var script = typeof document !== "undefined" ? document.currentScript : null;
  var NAME = (script && script.dataset.db) || "garrison-scanner";
  var VERSION = 1;
  var dbPromise = null;

  function open() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("kv");
        db.createObjectStore("outbox", { keyPath: "id" });
        db.createObjectStore("photos");
        db.createObjectStore("presence");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return dbPromise;
  }

  function run(store, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result;
        var request = work(tx.objectStore(store));
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  var Store = {
    get: function (store, key) {
      return run(store, "readonly", function (s) { return s.get(key); });
    },
    put: function (store, value, key) {
      return run(store, "readwrite", function (s) {
        return key === undefined ? s.put(value) : s.put(value, key);
      });
    },
    remove: function (store, key) {
      return run(store, "readwrite", function (s) { return s.delete(key); });
    },
    removeMany: function (store, keys) {
      return run(store, "readwrite", function (s) {
        keys.forEach(function (key) { s.delete(key); });
        return null;
      });
    },
    all: function (store) {
      return run(store, "readonly", function (s) { return s.getAll(); });
    },
    count: function (store) {
      return run(store, "readonly", function (s) { return s.count(); });
    },
    keys: function (store) {
      return run(store, "readonly", function (s) { return s.getAllKeys(); });
    },
    clear: function (store) {
      return run(store, "readwrite", function (s) { return s.clear(); });
    },
  };

  root.ScanStore = Store;
})(this);
