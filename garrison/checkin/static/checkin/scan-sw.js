/*
 * The scanner's service worker: keeps the page, its scripts and styles so /scan/ opens with no
 * network. The page itself puts its resources in the cache after each load (scanner.js), so the
 * first visit is enough. Network first, so a fresh deployment is picked up whenever online;
 * the API is never cached here (the page keeps its data in IndexedDB).
 */
"use strict";

var CACHE = "garrison-scan-v1";

// OFFLINE_FILES is put before this file by the view serving it (checkin/scanner/views.py).
var PRECACHE = typeof OFFLINE_FILES === "undefined" ? [] : OFFLINE_FILES;

self.addEventListener("install", function (event) {
  self.skipWaiting();
  // One missing file must not stop the worker: the page caches what it loaded as well.
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(PRECACHE.map(function (url) { return cache.add(url).catch(function () {}); }));
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names.filter(function (name) { return name.indexOf("garrison-scan-") === 0 && name !== CACHE; })
          .map(function (name) { return caches.delete(name); })
      );
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/api/") === 0) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (hit) {
        if (hit) return hit;
        if (request.mode === "navigate") return caches.match(self.registration.scope);
        return Response.error();
      });
    })
  );
});
