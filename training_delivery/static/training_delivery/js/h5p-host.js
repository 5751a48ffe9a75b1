// The H5P player host (issue 18, point 1; decision 0033-h5p-offline): the script of the
// page /trainer/h5p-player/ (views.h5p_player_host), which the app frames to play an H5P
// activity kept on the phone. A classic script, loaded by that page only, never by the app.
//
// Why a page of its own: the hub's content types (Multiple Choice, Question Set, Course
// Presentation…) compile their templates with eval / new Function. The package runs in a
// sandboxed srcdoc frame, and a srcdoc frame inherits the policy of the page that makes it:
// made by the app, it could never eval, and allowing eval on the app's page would allow it
// for all of the app. This page's own policy allows 'unsafe-eval' and nothing else the app
// does not need; the app's stays without it.
//
// Three documents, two hops of postMessage:
//   app page  <->  this host (same origin: checked by origin and source both ways)
//   host      <->  package frame (sandbox="allow-scripts", no allow-same-origin: an opaque
//                  origin, so the package reaches neither the app's storage nor its token,
//                  and its messages come from origin "null")
// The app posts the activity's files; the host builds the frame and hands them on; the
// frame makes its own blob: addresses of them (a blob: address belongs to the document
// that made it) and posts back what the learner does, which the host checks and passes up.
(function () {
  "use strict";

  var HOST = "backpack-h5p-host"; // messages between the app and this page
  var FRAME = "backpack-h5p-offline"; // messages between this page and the package's frame
  var BASE = "https://h5p.offline.invalid/";
  var MAX_MESSAGE_CHARS = 2000;
  var ORIGIN = window.location.origin;
  var NONCE = document.currentScript ? document.currentScript.nonce : "";
  // h5p's js/h5p-common.js, loaded just before this script (with the nonce).
  var COMMON = window.BackpackH5PCommon;

  var frame = null;
  var activity = null;

  // Framed by nothing, or by another site (which frame-ancestors refuses anyway): idle.
  if (window.parent === window) return;

  function toApp(message) {
    message.source = HOST;
    window.parent.postMessage(message, ORIGIN);
  }

  // Runs inside the package's frame, written out as its only inline script (with this
  // page's nonce): never called in this page itself.
  function frameMain(NONCE, SOURCE, BASE, PARENT) {
    "use strict";
    var files = {}; // address -> {blob, url, type}
    var started = false;

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
      files[key(address)] = { blob: blob, url: URL.createObjectURL(blob), type: type, address: key(address) };
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
        style.textContent = pictures(text.replace(/@font-face\s*\{[^}]*\}/g, ""), file.address);
        document.head.appendChild(style);
      });
    });

    // The pictures a stylesheet names (url(…), relative to the sheet, as the browser reads
    // it): a file kept here becomes its blob: address; anything else (a library's picture
    // not kept) becomes none, so nothing is fetched, nor refused by the policy.
    function pictures(text, sheet) {
      return text.replace(/url\(\s*(['"]?)([^'")]*)\1\s*\)/g, function (match, quote, address) {
        if (/^data:/i.test(address)) return match;
        var file = null;
        try {
          file = find(new URL(address, sheet).href);
        } catch (error) {
          file = null;
        }
        return file ? 'url("' + file.url + '")' : "none";
      });
    }
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
  function frameDocument(nonce) {
    var args = [nonce, FRAME, BASE, ORIGIN]
      .map(function (value) {
        return JSON.stringify(value);
      })
      .join(",");
    // The memory store for localStorage first (H5P core touches it, which throws in the
    // frame's opaque origin), then the loader.
    var code = (
      "(" +
      COMMON.installMemoryStorage.toString() +
      ")(window);(" +
      frameMain.toString() +
      ")(" +
      args +
      ");"
    ).replace(/<\/script/gi, "<\\/script");
    // The frame's own policy, on top of this page's (which a srcdoc frame inherits): the
    // nonce and blob: scripts only, eval for the content types that compile templates,
    // styles inline, pictures and sounds from its blob: addresses, no connection anywhere.
    var policy = [
      "default-src 'none'",
      "script-src 'nonce-" + nonce + "' blob: 'unsafe-eval'",
      "style-src 'unsafe-inline'",
      "img-src blob: data:",
      "media-src blob:",
      "font-src data:",
      "connect-src 'none'",
      "form-action 'none'",
      "base-uri 'none'",
    ].join("; ");
    return (
      '<!DOCTYPE html><html><head><meta charset="utf-8">' +
      '<meta http-equiv="Content-Security-Policy" content="' +
      policy +
      '">' +
      "<style>html,body{margin:0;padding:0;background:#fff}</style></head>" +
      '<body><div id="h5p-container"></div><script nonce="' +
      nonce +
      '">' +
      code +
      "</script></body></html>"
    );
  }

  var isPlainObject = COMMON.isPlainObject;

  function allStrings(value) {
    return (
      isPlainObject(value) &&
      Object.keys(value).every(function (name) {
        return typeof value[name] === "string";
      })
    );
  }

  // What the app may ask: one activity's files, every one a string (base64 or text).
  function isStart(data) {
    return (
      isPlainObject(data) &&
      data.source === HOST &&
      data.type === "start" &&
      typeof data.id === "number" &&
      typeof data.title === "string" &&
      typeof data.objectIri === "string" &&
      allStrings(data.package) &&
      allStrings(data.libraries) &&
      allStrings(data.playerUrls) &&
      allStrings(data.playerTexts) &&
      ["main", "frame_js", "frame_css"].every(function (name) {
        return typeof data.playerUrls[name] === "string" && typeof data.playerTexts[name] === "string";
      })
    );
  }

  function fromFrame(data) {
    if (!isPlainObject(data) || data.source !== FRAME) return;
    if (data.type === "ready" && activity) {
      var start = activity;
      activity = null; // handed over once
      // The frame's origin is opaque ("null"): it cannot be named as the target.
      frame.contentWindow.postMessage(
        {
          source: FRAME,
          type: "start",
          id: start.id,
          title: start.title,
          objectIri: start.objectIri,
          package: start.package,
          libraries: start.libraries,
          playerUrls: start.playerUrls,
          playerTexts: start.playerTexts,
        },
        "*"
      );
    } else if (data.type === "started") {
      toApp({ type: "started" });
    } else if (data.type === "resize" && typeof data.height === "number" && isFinite(data.height)) {
      var height = Math.max(80, Math.min(Math.ceil(data.height), 20000));
      frame.style.height = height + "px";
      toApp({ type: "resize", height: height });
    } else if (data.type === "xapi" && COMMON.isStatement(data.statement)) {
      toApp({ type: "xapi", statement: data.statement });
    } else if (data.type === "error") {
      toApp({ type: "error", message: String(data.message).slice(0, MAX_MESSAGE_CHARS) });
    }
  }

  function play(data) {
    activity = data;
    frame = document.createElement("iframe");
    // Scripts only: no same origin (no storage, cookies or DOM of the app or this page),
    // no forms, popups or navigation of the page above (decision 0014).
    frame.setAttribute("sandbox", "allow-scripts");
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.setAttribute("title", data.title);
    document.title = data.title;
    frame.srcdoc = frameDocument(NONCE);
    document.body.appendChild(frame);
  }

  window.addEventListener("message", function (event) {
    if (frame && event.source === frame.contentWindow) {
      if (event.origin !== "null") return; // the sandbox's opaque origin, nothing else
      fromFrame(event.data);
      return;
    }
    // Only the app that framed this page, from its own origin, and only once.
    if (event.source !== window.parent || event.origin !== ORIGIN) return;
    if (frame || !isStart(event.data)) return;
    play(event.data);
  });

  toApp({ type: "ready" });
})();
