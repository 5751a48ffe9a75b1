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

  function start(previousState) {
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
    start(typeof data.state === "string" ? data.state : null);
  });
  window.addEventListener("pagehide", sendState);
  send({ type: "ready" });
})();
