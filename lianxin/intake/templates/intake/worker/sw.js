/* 连心桥 worker page: service worker {{ version }} (served by intake/views/worker_app.py; the
 * values below are JSON written by that view).
 *
 * The worker page ({{ scope }}) and the enterprise search: network first, the last good copy when
 * there is no signal. The static files the page uses: kept at install, served from the kept copy.
 * A concern sent while the network fails on the way is kept in the outbox (outbox_store.js) and the
 * page answers "saved on this phone"; the outbox is sent again by the page when the signal returns
 * and, where the browser has Background Sync, by this worker. Nothing else is cached: the receipt,
 * case and status pages never leave the network.
 */
"use strict";
importScripts({{ store|safe }});

var CACHE = "lianxin-worker-{{ version }}";
var SCOPE = {{ scope|safe }};
var SEARCH = {{ search|safe }};
var PAGES = {{ pages|safe }};
var ASSETS = {{ assets|safe }};
var SYNC_TAG = "lianxin-outbox";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(ASSETS.concat(PAGES));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("lianxin-worker-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function networkFirst(request, fallback) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic" && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (kept) {
      if (kept || !fallback) return kept || Response.error();
      return caches.match(fallback).then(function (page) { return page || Response.error(); });
    });
  });
}

function keptFirst(request) {
  return caches.match(request).then(function (kept) { return kept || fetch(request); });
}

function written(pair) { return !(pair[1] instanceof Blob) || pair[1].size > 0; }  // not an empty file input

/* The form could not reach the server: keep it, and answer with the page saying so. */
function sendOrKeep(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.formData().then(function (data) {
      var key = data.get("submission_key");
      if (!key) return Response.error();
      return LianxinOutbox.keep({
        key: key, action: copy.url, createdAt: Date.now(), fields: Array.from(data.entries()).filter(written),
      }).then(function () {
        if (self.registration.sync) self.registration.sync.register(SYNC_TAG).catch(function () {});
        return Response.redirect(SCOPE + "?queued=1", 303);
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && request.mode === "navigate" && url.pathname === SCOPE) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method !== "GET") {
    return;
  } else if (request.mode === "navigate" && url.pathname === SCOPE) {
    event.respondWith(networkFirst(request, SCOPE));
  } else if (url.pathname === SEARCH) {
    event.respondWith(networkFirst(request));
  } else if (ASSETS.indexOf(url.pathname) !== -1) {
    event.respondWith(keptFirst(request));
  }
});

function tellPages(message) {
  return self.clients.matchAll({type: "window"}).then(function (pages) {
    pages.forEach(function (page) { page.postMessage(message); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag !== SYNC_TAG) return;
  // A refusal (the form needs the worker's eye) stays kept for the page to show; a network
  // failure rejects, so the browser tries again later.
  event.waitUntil(LianxinOutbox.flush(null, false).then(function () {
    return tellPages({lianxin: "outbox-sent"});
  }));
});
