// H5P activities of the modules kept on the phone, played offline (issue 18, point 1;
// decision 0033-h5p-offline). Loaded only when a module has activities
// (views.APP_LAZY_MODULES), never with the app.
//
// The player runs the package's code in a sandboxed frame with an opaque origin (decision
// 0014), and no service worker controls such a frame: it cannot read package files from
// a cache. So the app keeps every file the player reads in IndexedDB (downloaded with the
// module) and hands them, by postMessage, to the player host: a page of the app's own
// origin (/trainer/h5p-player/, kept by the worker) with a policy of its own that lets the
// hub's content types eval, which the app's page never allows. The host builds the
// sandboxed frame and passes messages both ways (js/h5p-host.js). Nothing in the frame
// reaches the network: its policy allows no connection at all.
// Libraries are kept once (store "h5pLibraries", by stored version: machine name,
// major.minor.patch and the hash of their files, so immutable): an activity's document
// names the versions it plays, and only those the phone lacks are fetched. An activity no
// kept module shows leaves the phone, and a library version leaves it with the last kept
// activity that plays it (h5pTidy).
// What the learner does comes back by postMessage, waits in IndexedDB (store
// "h5pResults", one UUID per statement) and is sent with the device token when online;
// the server stores each UUID once.

// h5p's static files (the floor below): under the plain name, precached (views.APP_LAZY_MODULES).
import "../../js/h5p-common.js";
import { call } from "./api.js";
import { get, getAll, result, transact } from "./db.js";
import { appConfig, t } from "./util.js";

const api = appConfig().api;

function h5pOffline(token, module, id) {
  const url = api.h5pOffline.replace("{module}", String(module)).replace("{id}", String(id));
  return call(url, { token, timeout: 120000 });
}

function h5pLibrary(token, module, id, name) {
  const url = api.h5pLibrary
    .replace("{module}", String(module))
    .replace("{id}", String(id))
    .replace("{name}", encodeURIComponent(name));
  return call(url, { token, timeout: 120000 });
}

function h5pResultsUpload(token, batch) {
  return call(api.h5pResults, { method: "POST", token, json: batch, timeout: 60000 });
}

// h5p-standalone's own files, shared by every activity: kept once, in a cache.
const PLAYER_CACHE = "backpack-h5p-player";
// Messages between the app and the player host (js/h5p-host.js).
const HOST = "backpack-h5p-host";
const BATCH_SIZE = 50;
// The statement check the online player shares (h5p's js/h5p-common.js, a classic script
// imported for its effect: it names it on self).
const { isStatement } = self.BackpackH5PCommon;

// --- Keeping the files (after the module is kept: js/modules.js) ----------------------

async function playerKeep(player) {
  if (!("caches" in self)) return;
  const cache = await caches.open(PLAYER_CACHE);
  for (const url of Object.values(player)) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { credentials: "omit" });
    if (response.ok) await cache.put(url, response);
  }
}

function libraryNames(record) {
  return [...new Set(Object.values(record.library_versions || {}))];
}

export async function h5pKeep(token, moduleId, ids) {
  const keep = new Set(ids);
  activities: for (const id of keep) {
    const response = await h5pOffline(token, moduleId, id);
    if (response.status !== 200 || !response.data) continue; // removed meanwhile
    const activity = response.data;
    await playerKeep(activity.player);
    // The library versions this phone does not keep yet, each fetched once: another
    // activity may have brought the others.
    const names = libraryNames(activity);
    const have = await transact(["h5pLibraries"], "readonly", (stores) =>
      Promise.all(names.map((name) => result(stores.h5pLibraries.getKey(name))))
    );
    const libraries = [];
    for (const [index, name] of names.entries()) {
      if (have[index] !== undefined) continue;
      const answer = await h5pLibrary(token, moduleId, id, name);
      if (answer.status !== 200 || !answer.data) continue activities; // changed meanwhile
      libraries.push({ name, files: answer.data.files });
    }
    // The activity and the libraries it lacked in one transaction: a kept activity always
    // finds its libraries (h5pTidy never sees one without the other).
    await transact(["h5p", "h5pLibraries"], "readwrite", (stores) => {
      libraries.forEach((library) => stores.h5pLibraries.put(library));
      stores.h5p.put({ ...activity, module: moduleId });
    });
  }
}

// Activities no kept module shows any more leave the phone, and so does each library
// version no activity left plays; a version another activity still plays stays. Run by
// js/modules.js when kept modules were dropped or replaced.
export function h5pTidy() {
  return transact(["content", "h5p", "h5pLibraries"], "readwrite", async (stores) => {
    const [modules, activities, kept] = await Promise.all([
      result(stores.content.getAll()),
      result(stores.h5p.getAll()),
      result(stores.h5pLibraries.getAllKeys()),
    ]);
    const shown = new Set(modules.flatMap((module) => module.h5p || []));
    const played = new Set();
    activities.forEach((activity) => {
      if (shown.has(activity.id)) libraryNames(activity).forEach((name) => played.add(name));
      else stores.h5p.delete(activity.id);
    });
    kept.forEach((name) => {
      if (!played.has(name)) stores.h5pLibraries.delete(name);
    });
  });
}

// --- Results waiting for the network (js/sync.js) ---------------------------------------

export async function h5pResultsSend(token, refuseUnexpected) {
  const waiting = await getAll("h5pResults");
  // One batch per module and activity, as the server records them.
  const batches = new Map();
  waiting.forEach((item) => {
    const key = `${item.module}:${item.activity}`;
    if (!batches.has(key)) batches.set(key, []);
    batches.get(key).push(item);
  });
  for (const items of batches.values()) {
    for (let start = 0; start < items.length; start += BATCH_SIZE) {
      const batch = items.slice(start, start + BATCH_SIZE);
      const response = await h5pResultsUpload(token, {
        module: batch[0].module,
        activity: batch[0].activity,
        statements: batch.map((item) => ({ id: item.uuid, timestamp: item.timestamp, statement: item.statement })),
      });
      // Refused (the module left the trainer's groups, a statement the server cannot
      // read): kept nowhere else, so dropped rather than blocking the others for ever.
      if (response.status === 400) {
        console.warn("H5P results refused", response.data);
      } else if (response.status !== 200) {
        refuseUnexpected(response);
      }
      await transact(["h5pResults"], "readwrite", (stores) => {
        batch.forEach((item) => stores.h5pResults.delete(item.uuid));
      });
    }
  }
}

// --- Playing -----------------------------------------------------------------------------

async function playerTexts(player) {
  const cache = "caches" in self ? await caches.open(PLAYER_CACHE) : null;
  const texts = {};
  for (const [name, url] of Object.entries(player)) {
    let response = cache ? await cache.match(url) : null;
    if (!response) response = await fetch(url, { credentials: "omit" }).catch(() => null);
    if (!response || !response.ok) return null;
    texts[name] = await response.text();
  }
  return texts;
}

// The libraries' files as the player reads them (`<package folder>/<path>`), put together
// from the versions kept once; null when one is missing.
async function libraryFiles(record) {
  // An activity kept before libraries were kept once carries its own.
  if (!record.library_versions) return record.libraries || {};
  const folders = Object.entries(record.library_versions);
  const libraries = await transact(["h5pLibraries"], "readonly", (stores) =>
    Promise.all(folders.map(([, name]) => result(stores.h5pLibraries.get(name))))
  );
  if (libraries.some((library) => !library)) return null;
  const files = {};
  folders.forEach(([folder], index) => {
    Object.entries(libraries[index].files).forEach(([path, data]) => {
      files[`${folder}/${path}`] = data;
    });
  });
  return files;
}

async function play(block, moduleId, id, onResult) {
  const status = block.querySelector("[data-h5p-status]");
  const button = block.querySelector("[data-h5p-play]");
  const record = await get("h5p", id);
  const texts = record ? await playerTexts(record.player) : null;
  const libraries = record ? await libraryFiles(record) : null;
  if (!record || !texts || !libraries) {
    status.textContent = t("h5pNotKept");
    return;
  }
  button.hidden = true;
  const iframe = document.createElement("iframe");
  // The host is our own page, of our own origin; the package runs in the sandboxed frame
  // it builds (scripts only, opaque origin: decision 0014).
  iframe.src = appConfig().h5pPlayer;
  iframe.setAttribute("referrerpolicy", "no-referrer");
  iframe.setAttribute("title", record.title);
  iframe.className = "block-h5p__frame";
  iframe.style.width = "100%";
  iframe.style.border = "0";
  iframe.style.minHeight = "12rem";
  function onMessage(event) {
    // Only this activity's host, from the app's own origin.
    if (event.source !== iframe.contentWindow || event.origin !== window.location.origin) return;
    const data = event.data;
    if (!data || typeof data !== "object" || data.source !== HOST) return;
    if (data.type === "ready") {
      iframe.contentWindow.postMessage(
        {
          source: HOST,
          type: "start",
          id: record.id,
          title: record.title,
          objectIri: record.object_iri,
          package: record.package,
          libraries,
          playerUrls: record.player,
          playerTexts: texts,
        },
        window.location.origin
      );
    } else if (data.type === "started") {
      status.textContent = "";
    } else if (data.type === "resize" && typeof data.height === "number") {
      iframe.style.height = Math.max(80, Math.min(data.height, 20000)) + "px";
    } else if (data.type === "xapi" && isStatement(data.statement)) {
      const item = {
        uuid: crypto.randomUUID(),
        module: moduleId,
        activity: record.id,
        timestamp: new Date().toISOString(),
        statement: data.statement,
      };
      transact(["h5pResults"], "readwrite", (stores) => {
        stores.h5pResults.put(item);
      }).then(() => {
        status.textContent = t("h5pWaiting");
        onResult();
      });
    } else if (data.type === "error") {
      console.warn("H5P offline player", data.message);
      status.textContent = t("h5pFailed");
    }
  }
  window.addEventListener("message", onMessage);
  block.appendChild(iframe);
}

export function h5pMount(article, moduleId, onResult) {
  article.querySelectorAll("[data-h5p-offline]").forEach((block) => {
    const id = Number(block.dataset.h5pOffline);
    const button = block.querySelector("[data-h5p-play]");
    if (button) button.addEventListener("click", () => play(block, moduleId, id, onResult));
  });
}

