// Inside the sandboxed SCORM frame (decision 0026). The server put scorm-again and
// window.BACKPACK_SCORM (the learner's stored data) before this script, at the top of the
// course's launch page, so the API the course looks for exists before its own scripts
// run: `API` for SCORM 1.2, `API_1484_11` for SCORM 2004. This frame has an opaque
// origin and no storage; every commit is handed to the module page, which keeps and
// sends it.
(function () {
  "use strict";
  var config = window.BACKPACK_SCORM;
  if (!config || window.API || window.API_1484_11) return;
  var is2004 = config.version === "2004";
  var Runtime = is2004 ? window.Scorm2004API : window.Scorm12API;
  if (typeof Runtime !== "function") return;

  var api = new Runtime({
    autocommit: false,
    lmsCommitUrl: false, // nothing is sent from here: the module page sends it
    dataCommitFormat: "json",
    sendFullCommit: true,
    logLevel: 5, // silent: a course's own mistakes are not the learner's business
  });
  try {
    api.loadFromJSON(config.start || {}, "cmi");
  } catch (error) {
    window.console.warn("Backpack: could not load the stored SCORM data", error);
  }

  var finished = false;

  function send(terminate) {
    var commit;
    try {
      commit = api.renderCommitObject(terminate, true);
    } catch (error) {
      return;
    }
    window.parent.postMessage(
      {
        source: "backpack-scorm",
        type: "commit",
        sco: config.sco,
        terminate: !!terminate,
        commit: JSON.parse(JSON.stringify(commit)),
      },
      config.parentOrigin
    );
  }

  api.on(is2004 ? "Commit" : "LMSCommit", function () {
    send(false);
  });
  api.on(is2004 ? "Terminate" : "LMSFinish", function () {
    finished = true;
    send(true);
  });
  // A learner who closes the page without the course finishing still keeps what was set.
  window.addEventListener("pagehide", function () {
    if (!finished && api.isInitialized()) send(false);
  });

  if (is2004) {
    window.API_1484_11 = api;
  } else {
    window.API = api;
  }
})();
