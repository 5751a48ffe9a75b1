// The trainer app's service worker (decision 0015), rendered by
// training_delivery.views.service_worker for one language; its scope is that
// language's app (/trainer/, /fr/trainer/, …).
//
// - The shell (the app's page) and the manifest: network first, so a deployment reaches
//   the phone at once; the cached copy when the network fails or is too slow.
// - The app's scripts, style, icons and fonts: from the cache first. Cache names carry
//   a fingerprint of those files, so new files come with a new worker, which drops the
//   caches of the old one once it takes over.
// - Everything else (the API above all) goes to the network untouched.
"use strict";

const CONFIG = {{ worker_config_json|safe }};
const PREFIX = `backpack-trainer-${CONFIG.language}-`;
const SHELL_CACHE = `${PREFIX}shell-${CONFIG.version}`;
const STATIC_CACHE = `${PREFIX}static-${CONFIG.version}`;
// On a weak signal a page that never comes is worse than yesterday's copy.
const NETWORK_PATIENCE_MS = 4000;
// The pictures of the modules kept on the phone (js/modules.js fills it); shared by the
// app's languages, emptied when the phone signs out or is revoked.
const MODULE_IMAGES = "backpack-modules";

const staticUrls = CONFIG.precache.filter((url) => url.startsWith(CONFIG.staticPrefix));
const pageUrls = CONFIG.precache.filter((url) => !url.startsWith(CONFIG.staticPrefix));

function fresh(url) {
  // Past the browser's HTTP cache: the worker keeps what the server serves now.
  return new Request(url, { cache: "reload", credentials: "same-origin" });
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([
      caches.open(SHELL_CACHE).then((cache) => cache.addAll(pageUrls.map(fresh))),
      caches.open(STATIC_CACHE).then((cache) => cache.addAll(staticUrls.map(fresh))),
    ]).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(PREFIX) && name !== SHELL_CACHE && name !== STATIC_CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

function networkFirst(request, cacheKey) {
  const cached = () =>
    caches.open(SHELL_CACHE).then((cache) => cache.match(cacheKey, { ignoreSearch: true }));
  const network = fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(SHELL_CACHE).then((cache) => cache.put(cacheKey, copy));
    }
    return response;
  });
  const patience = new Promise((resolve) => setTimeout(resolve, NETWORK_PATIENCE_MS));
  return Promise.race([network.catch(() => null), patience.then(() => "slow")]).then((answer) => {
    if (answer && answer !== "slow" && (answer.ok || answer.status < 500)) return answer;
    return cached().then((copy) => {
      if (copy) return copy;
      // Nothing kept yet: wait for the network after all.
      return answer && answer !== "slow" ? answer : network;
    });
  });
}

function cacheFirst(request) {
  return caches.open(STATIC_CACHE).then((cache) =>
    cache.match(request, { ignoreVary: true }).then(
      (copy) =>
        copy ||
        fetch(request).then((response) => {
          if (response.ok) cache.put(request, response.clone());
          return response;
        })
    )
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.destination === "image" && !staticUrls.includes(url.pathname)) {
    event.respondWith(
      caches
        .open(MODULE_IMAGES)
        .then((cache) => cache.match(request.url))
        .then((kept) => kept || fetch(request))
    );
    return;
  }
  if (url.origin !== self.location.origin) return;
  if (url.pathname === CONFIG.shell && request.mode === "navigate") {
    event.respondWith(networkFirst(request, CONFIG.shell));
  } else if (pageUrls.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  } else if (staticUrls.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});
