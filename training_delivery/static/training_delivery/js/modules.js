// Modules kept on the phone for reading offline (decision 0023): for each group, the
// modules of its level path the app offers it (the country's adaptation where there is one, in the app's
// language), fetched after each sync when their version changed, their images kept in a
// cache the service worker answers from.

import { moduleOffline, NetworkError } from "./api.js";
import { get, getAll, transact } from "./db.js";
import { groupsAll, modulesFor } from "./data.js";
import { appConfig } from "./util.js";

export const IMAGE_CACHE = "backpack-modules";
const config = appConfig();

export const storage = { full: false };

async function wantedModules() {
  const groups = await groupsAll();
  const wanted = new Map();
  for (const group of groups) {
    // Only the modules of the group's level path (issue 18, point 1): an adaptation by
    // the generic module it adapts. A group from a server without paths keeps them all.
    const path = Array.isArray(group.path) ? new Set(group.path) : null;
    (await modulesFor(group, config.language))
      .filter((module) => !path || path.has(module.adapts || module.translation_key))
      .forEach((module) => wanted.set(module.id, module));
  }
  return wanted;
}

async function imagesKeep(urls) {
  if (!("caches" in self) || !urls.length) return;
  const cache = await caches.open(IMAGE_CACHE);
  for (const url of urls) {
    if (await cache.match(url)) continue;
    // no-cors: images may be on the storage's own address in production.
    const response = await fetch(url, { mode: "no-cors", credentials: "omit" });
    // An opaque answer (another origin) cannot be read; a readable one must be a picture.
    if (response.ok || response.type === "opaque") await cache.put(url, response);
  }
}

// Brings the kept modules up to date: new or republished ones are fetched, those no
// longer offered are dropped. A full storage stops the downloads and is reported.
export async function contentRefresh(token) {
  const wanted = await wantedModules();
  const kept = new Map((await getAll("content")).map((item) => [item.id, item]));
  const dropped = [...kept.keys()].filter((id) => !wanted.has(id));
  await transact(["content"], "readwrite", (stores) => {
    dropped.forEach((id) => stores.content.delete(id));
  });
  // H5P files the kept modules no longer show leave the phone (the libraries other
  // activities still play stay): after modules are dropped, and after any is replaced.
  const tidy = async () => (await import("./h5p-offline.js")).h5pTidy();
  if (dropped.some((id) => (kept.get(id).h5p || []).length)) await tidy();
  storage.full = false;
  let replaced = false;
  for (const module of wanted.values()) {
    const have = kept.get(module.id);
    if (have && have.version === module.version) continue;
    if (have && (have.h5p || []).length) replaced = true;
    const response = await moduleOffline(token, module.id);
    if (response.status !== 200 || !response.data) continue; // unpublished meanwhile
    try {
      await transact(["content"], "readwrite", (stores) => {
        stores.content.put(response.data);
      });
      await imagesKeep(response.data.images || []);
      if (response.data.h5p && response.data.h5p.length) {
        await (await import("./h5p-offline.js")).h5pKeep(token, module.id, response.data.h5p);
      }
    } catch (error) {
      if (error && error.name === "QuotaExceededError") {
        storage.full = true;
        if (replaced) await tidy(); // frees what the replaced modules no longer show
        return;
      }
      if (error instanceof TypeError) throw new NetworkError(error.message);
      throw error;
    }
  }
  if (replaced) await tidy();
}

export function contentGet(id) {
  return get("content", id);
}

export function contentAll() {
  return getAll("content");
}

export function forgetImages() {
  return "caches" in self ? caches.delete(IMAGE_CACHE) : Promise.resolve();
}

// What the phone lets the app use, and what it uses: shown on the home screen.
export async function storageEstimate() {
  if (!navigator.storage || typeof navigator.storage.estimate !== "function") return null;
  if (typeof navigator.storage.persist === "function") navigator.storage.persist().catch(() => {});
  return navigator.storage.estimate();
}
