// Runs inside the sandboxed H5P player frame (decision 0014). It starts h5p-standalone
// when the module page says so, and passes the player's xAPI statements, its resume
// state and its height to the page by postMessage: the frame has an opaque origin, no
// cookies and no storage, so the page does all talking to the server.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var MESSAGE_SOURCE = "backpack-h5p";
  var started = false;
  var lastState = null;

  // H5P core touches localStorage, which throws in this opaque origin: a memory store
  // (js/h5p-common.js, loaded before this script).
  window.BackpackH5PCommon.installMemoryStorage(window);

  function send(message) {
    message.source = MESSAGE_SOURCE;
    // Only the site's own page may receive what the learner did.
    window.parent.postMessage(message, config.parentOrigin);
  }

  function currentState() {
    var instance = window.H5P && window.H5P.instances && window.H5P.instances[0];
    if (!instance || typeof instance.getCurrentState !== "function") return null;
    var state;
    try {
      state = instance.getCurrentState();
    } catch (error) {
      // Some content types cannot describe themselves mid-way (Drag and Drop while an
      // item is landing): the next event or the next 15 seconds will try again.
      return null;
    }
    return state === undefined || state === null ? null : JSON.stringify(state);
  }

  function sendState() {
    var state = currentState();
    if (state !== null && state !== lastState) {
      lastState = state;
      send({ type: "state", state: state });
    }
  }

  function sendHeight() {
    send({ type: "resize", height: Math.ceil(document.documentElement.scrollHeight) });
  }

  // The JSON files h5p-standalone reads one after another before it loads anything
  // (h5p.json, content.json, each library.json) come inside this page (decision 0025):
  // its fetch() of those addresses is answered from here, any other goes to the network.
  var filesElement = document.getElementById("h5p-player-files");
  var inlineFiles = filesElement ? JSON.parse(filesElement.textContent) : {};
  var networkFetch = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : resource && resource.url;
    if (url && Object.prototype.hasOwnProperty.call(inlineFiles, url)) {
      return Promise.resolve(
        new Response(JSON.stringify(inlineFiles[url]), {
          status: 200,
          headers: { "Content-Type": "application/json" },
        })
      );
    }
    return networkFetch(resource, init);
  };

  // --- Files the module page held (decision 0037) ---------------------------------------
  // The page fetched h5p-standalone, H5P core and the package's bundles at idle (its HTTP
  // cache keeps them; this frame's opaque origin never could) and hands their text over
  // with "start". A file runs here only if its text has the hash the server put in this
  // page's config, which is also the hash this page's policy allows it by: anything else
  // (missing, altered, a stale copy) is fetched from the network as before.
  function base64(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return window.btoa(text);
  }

  function checkedFiles(files) {
    var expected = config.held || {};
    var subtle = window.crypto && window.crypto.subtle;
    if (!files || typeof files !== "object" || !subtle || !window.TextEncoder) {
      return Promise.resolve({});
    }
    var urls = Object.keys(expected).filter(function (url) {
      return Object.prototype.hasOwnProperty.call(files, url) && typeof files[url] === "string";
    });
    return Promise.all(
      urls.map(function (url) {
        return subtle
          .digest("SHA-256", new TextEncoder().encode(files[url]))
          .then(function (digest) {
            return "sha256-" + base64(digest) === expected[url] ? url : null;
          })
          .catch(function () {
            return null;
          });
      })
    ).then(function (good) {
      var checked = {};
      good.forEach(function (url) {
        if (url) checked[url] = files[url];
      });
      return checked;
    });
  }

  // Relative url(…) in a style sheet read from its own address, as a <link> would.
  function absoluteUrls(css, base) {
    return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, function (match, quote, url) {
      var trimmed = url.trim();
      if (/^(data:|blob:|#|[a-z][a-z0-9+.-]*:|\/\/)/i.test(trimmed)) return match;
      try {
        return "url(" + quote + new URL(trimmed, base).href + quote + ")";
      } catch (error) {
        return match;
      }
    });
  }

  // h5p-standalone adds H5P core and the bundles to the head as <script src> and <link>
  // once H5PIntegration is set, and waits for each script's load event. A held file is
  // put there instead as inline code (a script the policy allows by its hash, a style),
  // and its element told it has loaded. In order, and only while none is missing: a
  // library must never run before H5P core, nor a file before one still on the network.
  function runHeldOnAppend(held) {
    var head = document.head;
    var append = head.append;
    var missing = { script: false, link: false };
    head.append = function () {
      var nodes = Array.prototype.slice.call(arguments);
      nodes.forEach(function (node) {
        var kind = node && node.tagName ? node.tagName.toLowerCase() : "";
        var url = node && node.dataset ? node.dataset.h5p : undefined;
        var text = url !== undefined ? held[url] : undefined;
        if (!(kind in missing) || url === undefined) {
          append.call(head, node);
        } else if (text === undefined || missing[kind]) {
          missing[kind] = true;
          append.call(head, node);
        } else if (kind === "script") {
          var script = document.createElement("script");
          script.textContent = text;
          append.call(head, script);
          node.dispatchEvent(new Event("load"));
        } else {
          var style = document.createElement("style");
          style.textContent = absoluteUrls(text, url);
          style.dataset.h5p = url;
          append.call(head, style);
        }
      });
    };
  }

  function standaloneReady(held) {
    if (window.H5PStandalone) return Promise.resolve();
    if (held[config.main] !== undefined) {
      var inline = document.createElement("script");
      inline.textContent = held[config.main];
      document.head.appendChild(inline);
      if (window.H5PStandalone) return Promise.resolve();
    }
    // Not held (or refused): h5p-standalone from the network, as the page did before.
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = config.main;
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("h5p-standalone did not load"));
      };
      document.head.appendChild(script);
    });
  }

  function start(previousState, files) {
    checkedFiles(files)
      .then(function (held) {
        return standaloneReady(held).then(function () {
          runHeldOnAppend(held);
        });
      })
      .then(function () {
        play(previousState);
      })
      .catch(function (error) {
        send({ type: "error", message: String(error && error.message ? error.message : error) });
      });
  }

  function play(previousState) {
    var options = {
      id: config.contentId,
      title: config.title,
      h5pJsonPath: config.filesUrl,
      // The libraries at their address stable per package version, cached a year
      // (decision 0025); the activity's own files stay behind the token.
      librariesPath: config.librariesUrl,
      frameJs: config.frameJs,
      frameCss: config.frameCss,
      // The libraries' scripts and styles, one file each, when the package allows it.
      customJs: config.customJs,
      customCss: config.customCss,
      // The whole player page is already one isolated frame: no second frame inside it.
      embedType: "div",
      xAPIObjectIRI: config.objectIri,
      // H5P core hands a saved state to the content type only when saving is switched
      // on. Its own saving then fails quietly ("Not signed in."): this bridge saves.
      saveFreq: 30,
    };
    if (previousState) {
      lastState = previousState;
      options.contentUserData = [{ state: previousState }];
    }
    new window.H5PStandalone.H5P(document.getElementById("h5p-container"), options)
      .then(function () {
        window.H5P.externalDispatcher.on("xAPI", function (event) {
          send({ type: "xapi", statement: JSON.parse(JSON.stringify(event.data.statement)) });
          // The content type is still handling its own event (it triggered this one):
          // read its state once it has finished, never from inside its work.
          window.setTimeout(sendState, 0);
        });
        window.setInterval(sendState, 15000);
        if (window.ResizeObserver) {
          new ResizeObserver(sendHeight).observe(document.body);
        }
        sendHeight();
        send({ type: "started" });
      })
      .catch(function (error) {
        send({ type: "error", message: String(error && error.message ? error.message : error) });
      });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== config.parentOrigin) return;
    var data = event.data;
    if (!data || data.source !== MESSAGE_SOURCE || data.type !== "start" || started) return;
    started = true;
    start(typeof data.state === "string" ? data.state : null, data.files);
  });
  window.addEventListener("pagehide", sendState);
  send({ type: "ready" });
})();
