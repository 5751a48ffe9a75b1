// H5P activities of the modules kept on the phone, played offline (issue 18, point 1;
// decision 0033-h5p-offline). Loaded only when a module has activities
// (views.APP_LAZY_MODULES), never with the app.
//
// The player runs the package's code in a sandboxed frame with an opaque origin (decision
// 0014), and no service worker controls such a frame: it cannot read package files from
// a cache. So the app keeps every file the player reads in IndexedDB (downloaded with the
// module) and builds the frame's document itself (srcdoc). The frame receives the files
// by postMessage and makes its own blob: addresses, which only it may use; a small loader
// inside it answers h5p-standalone's reads (fetch, <script src>, <link href>) from them.
// Nothing in the frame reaches the network: its policy allows no connection at all.
// What the learner does comes back by postMessage, waits in IndexedDB (store
// "h5pResults", one UUID per statement) and is sent with the device token when online;
// the server stores each UUID once.

import { call } from "./api.js";
import { get, getAll, transact } from "./db.js";
import { appConfig, t } from "./util.js";

const api = appConfig().api;

function h5pOffline(token, module, id) {
  const url = api.h5pOffline.replace("{module}", String(module)).replace("{id}", String(id));
  return call(url, { token, timeout: 120000 });
}

function h5pResultsUpload(token, batch) {
  return call(api.h5pResults, { method: "POST", token, json: batch, timeout: 60000 });
}

// h5p-standalone's own files, shared by every activity: kept once, in a cache.
const PLAYER_CACHE = "backpack-h5p-player";
const SOURCE = "backpack-h5p-offline";
const BASE = "https://h5p.offline.invalid/";
const BATCH_SIZE = 50;
const MAX_STATEMENT_CHARS = 32 * 1024;

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

export async function h5pKeep(token, moduleId, ids) {
  const keep = new Set(ids);
  for (const id of keep) {
    const response = await h5pOffline(token, moduleId, id);
    if (response.status !== 200 || !response.data) continue; // removed meanwhile
    await playerKeep(response.data.player);
    await transact(["h5p"], "readwrite", (stores) => {
      stores.h5p.put({ ...response.data, module: moduleId });
    });
  }
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

// Runs inside the frame, written out as its only inline script (with the page's nonce):
// never called in the app itself.
function frameMain(NONCE, SOURCE, BASE, PARENT) {
  "use strict";
  var files = {}; // address -> {blob, url, type}
  var started = false;

  // H5P core touches localStorage, which throws in an opaque origin: a memory store.
  function memoryStorage() {
    var items = {};
    return {
      getItem: function (key) {
        return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null;
      },
      setItem: function (key, value) {
        items[key] = String(value);
      },
      removeItem: function (key) {
        delete items[key];
      },
      clear: function () {
        items = {};
      },
      key: function (index) {
        return Object.keys(items)[index] || null;
      },
      get length() {
        return Object.keys(items).length;
      },
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      window[name].getItem("probe");
    } catch (error) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  });

  function send(message) {
    message.source = SOURCE;
    window.parent.postMessage(message, PARENT);
  }

  var TYPES = {
    js: "text/javascript",
    css: "text/css",
    json: "application/json",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    svg: "image/svg+xml",
    webp: "image/webp",
    mp3: "audio/mpeg",
    ogg: "audio/ogg",
    wav: "audio/wav",
    mp4: "video/mp4",
    webm: "video/webm",
  };

  function key(address) {
    try {
      var url = new URL(String(address), BASE);
      return decodeURIComponent(url.origin + url.pathname);
    } catch (error) {
      return null;
    }
  }

  function add(address, base64, text) {
    var extension = address.split(".").pop().toLowerCase();
    var type = TYPES[extension] || "application/octet-stream";
    var blob;
    if (text !== undefined) {
      blob = new Blob([text], { type: type });
    } else {
      var raw = atob(base64);
      var bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      blob = new Blob([bytes], { type: type });
    }
    // Made here, so usable here: a blob: address belongs to the document that made it.
    files[key(address)] = { blob: blob, url: URL.createObjectURL(blob), type: type };
  }

  function find(address) {
    var name = key(address);
    return name && Object.prototype.hasOwnProperty.call(files, name) ? files[name] : null;
  }

  // h5p-standalone reads JSON with fetch(): answered from the posted files, never the network.
  window.fetch = function (input) {
    var file = find(input && input.url ? input.url : input);
    if (!file) return Promise.resolve(new Response("", { status: 404 }));
    return Promise.resolve(new Response(file.blob, { status: 200, headers: { "Content-Type": file.type } }));
  };

  function intercept(prototype, property, replace) {
    var own = Object.getOwnPropertyDescriptor(prototype, property);
    Object.defineProperty(prototype, property, {
      configurable: true,
      enumerable: own.enumerable,
      get: function () {
        return own.get.call(this);
      },
      set: function (value) {
        var file = find(value);
        if (!file) return own.set.call(this, value);
        replace.call(this, file, own.set);
      },
    });
  }
  // Scripts it adds: from the frame's own blob: address, allowed by the page's nonce.
  intercept(HTMLScriptElement.prototype, "src", function (file, set) {
    this.nonce = NONCE;
    set.call(this, file.url);
  });
  // Stylesheets: the page's policy allows styles only inline, so each is inlined.
  intercept(HTMLLinkElement.prototype, "href", function (file) {
    var style = document.createElement("style");
    file.blob.text().then(function (text) {
      // Its fonts (H5P's icons) are not kept, and may not be fetched: left out.
      style.textContent = text.replace(/@font-face\s*\{[^}]*\}/g, "");
      document.head.appendChild(style);
    });
  });
  intercept(HTMLImageElement.prototype, "src", function (file, set) {
    set.call(this, file.url);
  });
  intercept(HTMLMediaElement.prototype, "src", function (file, set) {
    set.call(this, file.url);
  });

  // jQuery (inside H5P) sets src and href as attributes, not properties.
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    var lower = String(name).toLowerCase();
    if ((lower === "src" || lower === "href") && lower in this && find(value)) {
      this[lower] = value; // through the properties above
      return;
    }
    return setAttribute.call(this, name, value);
  };

  function load(address) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = address; // through the interception above
      script.async = false;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function start(data) {
    Object.keys(data.package).forEach(function (path) {
      add(BASE + "package/" + path, data.package[path]);
    });
    Object.keys(data.libraries).forEach(function (path) {
      add(BASE + "libraries/" + path, data.libraries[path]);
    });
    Object.keys(data.playerUrls).forEach(function (name) {
      add(data.playerUrls[name], undefined, data.playerTexts[name]);
    });
    load(data.playerUrls.main)
      .then(function () {
        return new window.H5PStandalone.H5P(document.getElementById("h5p-container"), {
          id: String(data.id),
          title: data.title,
          h5pJsonPath: BASE + "package",
          librariesPath: BASE + "libraries",
          frameJs: data.playerUrls.frame_js,
          frameCss: data.playerUrls.frame_css,
          embedType: "div",
          xAPIObjectIRI: data.objectIri,
        });
      })
      .then(function () {
        window.H5P.externalDispatcher.on("xAPI", function (event) {
          send({ type: "xapi", statement: JSON.parse(JSON.stringify(event.data.statement)) });
        });
        if (window.ResizeObserver) {
          new ResizeObserver(function () {
            send({ type: "resize", height: Math.ceil(document.documentElement.scrollHeight) });
          }).observe(document.body);
        }
        send({ type: "started" });
      })
      .catch(function (error) {
        send({ type: "error", message: String(error && error.message ? error.message : error) });
      });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent) return;
    var data = event.data;
    if (!data || data.source !== SOURCE || data.type !== "start" || started) return;
    started = true;
    start(data);
  });
  send({ type: "ready" });
}

function pageNonce() {
  const script = document.querySelector("script[nonce]");
  return script ? script.nonce : "";
}

function frameDocument(nonce) {
  const args = [nonce, SOURCE, BASE, window.location.origin].map((value) => JSON.stringify(value)).join(",");
  const code = `(${frameMain.toString()})(${args});`.replace(/<\/script/gi, "<\\/script");
  // The frame's own policy, on top of the page's (which a srcdoc frame inherits): the
  // nonce and blob: scripts only, styles inline, pictures and sounds from its blob:
  // addresses, no connection anywhere.
  const policy = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' blob:`,
    "style-src 'unsafe-inline'",
    "img-src blob: data:",
    "media-src blob:",
    "font-src data:",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${policy}">` +
    `<style>html,body{margin:0;padding:0;background:#fff}</style></head>` +
    `<body><div id="h5p-container"></div><script nonce="${nonce}">${code}</script></body></html>`
  );
}

function isStatement(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    value.verb &&
    typeof value.verb.id === "string" &&
    JSON.stringify(value).length <= MAX_STATEMENT_CHARS
  );
}

async function play(block, moduleId, id, onResult) {
  const status = block.querySelector("[data-h5p-status]");
  const button = block.querySelector("[data-h5p-play]");
  const record = await get("h5p", id);
  const texts = record ? await playerTexts(record.player) : null;
  if (!record || !texts) {
    status.textContent = t("h5pNotKept");
    return;
  }
  button.hidden = true;
  const iframe = document.createElement("iframe");
  // Scripts only: no same origin (no storage, cookies or DOM of the app), no forms,
  // popups or navigation of this page (decision 0014).
  iframe.setAttribute("sandbox", "allow-scripts");
  iframe.setAttribute("referrerpolicy", "no-referrer");
  iframe.setAttribute("title", record.title);
  iframe.className = "block-h5p__frame";
  iframe.style.width = "100%";
  iframe.style.border = "0";
  iframe.style.minHeight = "12rem";
  function onMessage(event) {
    if (event.source !== iframe.contentWindow) return; // not this activity's frame
    const data = event.data;
    if (!data || typeof data !== "object" || data.source !== SOURCE) return;
    if (data.type === "ready") {
      // The frame's origin is opaque ("null"): it cannot be named as the target.
      iframe.contentWindow.postMessage(
        {
          source: SOURCE,
          type: "start",
          id: record.id,
          title: record.title,
          objectIri: record.object_iri,
          package: record.package,
          libraries: record.libraries,
          playerUrls: record.player,
          playerTexts: texts,
        },
        "*"
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
  iframe.srcdoc = frameDocument(pageNonce());
  block.appendChild(iframe);
}

export function h5pMount(article, moduleId, onResult) {
  article.querySelectorAll("[data-h5p-offline]").forEach((block) => {
    const id = Number(block.dataset.h5pOffline);
    const button = block.querySelector("[data-h5p-play]");
    if (button) button.addEventListener("click", () => play(block, moduleId, id, onResult));
  });
}

