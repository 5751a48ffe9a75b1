// H5P activities on a module page (decision 0014). Each activity is a placeholder until
// the learner taps "Start activity"; only then the sandboxed player frame is made. The
// frame reports by postMessage; this page checks who sent each message and its shape,
// stamps every xAPI statement with a UUID and the time, and puts it in the page's outbox
// (outbox.js, loaded first by module.js), which keeps it in localStorage and sends it:
// at once when online, again when the connection returns, with growing pauses between
// failures. The server stores each UUID once, so sending twice is harmless.
(function () {
  "use strict";
  if (window.BackpackH5P) return;

  var MESSAGE_SOURCE = "backpack-h5p";
  var MAX_STATE_CHARS = 64 * 1024;
  var BATCH_SIZE = 50;
  // js/h5p-common.js, loaded first by module.js: the statement check the offline player shares.
  var isStatement = window.BackpackH5PCommon.isStatement;

  var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-h5p-activity]"));
  var players = []; // {block, iframe, started, state}
  var first = blocks[0];
  var tracking = first && first.dataset.tracked === "true" ? first.dataset : null;

  // --- The queue: statements and resume states, in the page's outbox (outbox.js). ----
  function nextBatch(queue) {
    var token = queue.statements.length ? queue.statements[0].activity : Object.keys(queue.states)[0];
    if (!token) return null;
    var statements = queue.statements
      .filter(function (item) {
        return item.activity === token;
      })
      .slice(0, BATCH_SIZE);
    var body = {
      activity: token,
      statements: statements.map(function (item) {
        return { id: item.id, timestamp: item.timestamp, statement: item.statement };
      }),
    };
    if (queue.states[token]) body.state = queue.states[token];
    return body;
  }

  function forget(queue, body) {
    var sent = {};
    body.statements.forEach(function (item) {
      sent[item.id] = true;
    });
    queue.statements = queue.statements.filter(function (item) {
      return !sent[item.id];
    });
    var state = queue.states[body.activity];
    if (state && body.state && state.saved_at === body.state.saved_at) {
      delete queue.states[body.activity];
    }
    return queue;
  }

  var outbox = tracking
    ? window.BackpackOutbox.create({
        key: "backpack.h5p.queue." + tracking.userKey,
        url: tracking.statementsUrl,
        csrfToken: tracking.csrfToken,
        label: "H5P statements",
        empty: function () {
          return { statements: [], states: {} };
        },
        valid: function (queue) {
          return Array.isArray(queue.statements) && queue.states;
        },
        nextBatch: nextBatch,
        forget: forget,
        saved: function (body, answer) {
          setStatusFor(body.activity, "saved");
          showProgress(body.activity, answer.progress);
        },
        waiting: function (body) {
          setStatusFor(body.activity, "waiting");
        },
      })
    : null;

  function flush() {
    return outbox ? outbox.flush() : Promise.resolve(true);
  }

  function enqueueStatement(token, statement) {
    outbox.update(function (queue) {
      queue.statements.push({
        activity: token,
        id: window.BackpackOutbox.uuid(),
        timestamp: new Date().toISOString(),
        statement: statement,
      });
    });
  }

  function enqueueState(token, state) {
    outbox.update(function (queue) {
      queue.states[token] = { data: state, saved_at: new Date().toISOString() };
    });
  }

  // --- The player's files, fetched at idle (decision 0037). -------------------------
  // h5p-standalone, H5P core and each package's bundles are the same for every visit of a
  // package version (the page's HTTP cache keeps them a year). The player's frame has an
  // opaque origin whose cache is thrown away with it, so this page fetches them once the
  // page itself has loaded and the browser is idle, at low priority, and hands their text
  // to the frame with "start". Anything that fails is left to the frame, which fetches
  // it as before; a page without an H5P block never runs this script.
  var held = {}; // address -> promise of its text (null when it failed)
  var holding = null; // the promise of all of them, once asked for

  function playerFiles(block) {
    try {
      var urls = JSON.parse(block.dataset.playerFiles || "[]");
      return Array.isArray(urls) ? urls.filter(function (url) {
        return typeof url === "string";
      }) : [];
    } catch (error) {
      return [];
    }
  }

  function fetchText(url) {
    var options = { credentials: "same-origin", priority: "low" };
    return window
      .fetch(url, options)
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .catch(function () {
        return null;
      });
  }

  function holdFiles() {
    if (holding) return holding;
    var urls = [];
    blocks.forEach(function (block) {
      playerFiles(block).forEach(function (url) {
        if (urls.indexOf(url) < 0) urls.push(url);
      });
    });
    urls.forEach(function (url) {
      held[url] = fetchText(url);
    });
    holding = Promise.all(
      urls.map(function (url) {
        return held[url];
      })
    );
    holding.then(function (texts) {
      holding.failed = texts.some(function (text) {
        return text === null;
      });
    });
    return holding;
  }

  // The texts held for one block, once every one of them is in (or failed).
  function heldFilesFor(block) {
    var urls = playerFiles(block);
    return Promise.all(
      urls.map(function (url) {
        return held[url] || Promise.resolve(null);
      })
    ).then(function (texts) {
      var files = {};
      urls.forEach(function (url, index) {
        if (typeof texts[index] === "string") files[url] = texts[index];
      });
      return files;
    });
  }

  function holdWhenIdle() {
    var connection = navigator.connection;
    if (connection && connection.saveData) return; // the learner asked for fewer bytes
    // The frame checks each file's hash with crypto.subtle, which only a secure context
    // (https, or this machine) has: elsewhere it could use none of them.
    if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) return;
    if (window.requestIdleCallback) {
      window.requestIdleCallback(holdFiles, { timeout: 5000 });
    } else {
      window.setTimeout(holdFiles, 1000);
    }
  }

  // --- The placeholders and their frames. -------------------------------------------
  function playerFor(source) {
    for (var i = 0; i < players.length; i++) {
      if (players[i].iframe.contentWindow === source) return players[i];
    }
    return null;
  }

  function setStatus(player, text) {
    var status = player.block.querySelector("[data-h5p-status]");
    if (status) status.textContent = text;
  }

  function setStatusFor(token, kind) {
    players.forEach(function (player) {
      if (player.block.dataset.activityToken !== token) return;
      if (kind === "waiting") setStatus(player, player.block.dataset.textWaiting);
      if (kind === "saved" && !player.completedText) setStatus(player, player.block.dataset.textSaved);
    });
  }

  function showProgress(token, progress) {
    if (!progress || !progress.completed) return;
    players.forEach(function (player) {
      if (player.block.dataset.activityToken !== token) return;
      var score = progress.last_score === null ? 0 : Math.round(progress.last_score * 100);
      player.completedText = player.block.dataset.textCompleted + " " + score + "%";
      setStatus(player, player.completedText);
      player.block.classList.add("block-h5p--completed");
    });
  }

  function onMessage(event) {
    var player = playerFor(event.source);
    if (!player) return; // not one of our frames
    var data = event.data;
    if (!data || typeof data !== "object" || data.source !== MESSAGE_SOURCE) return;
    var token = player.block.dataset.activityToken;
    if (data.type === "ready" && !player.started) {
      player.started = true;
      Promise.all([player.statePromise, player.filesPromise]).then(function (answers) {
        player.state = answers[0];
        var message = { source: MESSAGE_SOURCE, type: "start", state: answers[0] };
        if (answers[1]) message.files = answers[1];
        // The frame's origin is opaque ("null"), so it cannot be named as the target.
        player.iframe.contentWindow.postMessage(message, "*");
      });
    } else if (data.type === "started") {
      setStatus(player, "");
      player.block.classList.add("block-h5p--playing");
    } else if (data.type === "resize" && typeof data.height === "number") {
      player.iframe.style.height = Math.max(80, Math.min(data.height, 20000)) + "px";
    } else if (data.type === "xapi" && isStatement(data.statement)) {
      if (!tracking) return;
      enqueueStatement(token, data.statement);
      flush();
    } else if (data.type === "state" && typeof data.state === "string") {
      if (!tracking || data.state.length > MAX_STATE_CHARS) return;
      enqueueState(token, data.state);
      flush();
    } else if (data.type === "error") {
      setStatus(player, player.block.dataset.textFailed);
    }
  }

  function savedState(block) {
    if (!tracking) return Promise.resolve(null);
    var token = block.dataset.activityToken;
    var pending = outbox.load().states[token];
    if (pending) return Promise.resolve(pending.data); // newer than anything on the server
    var url = tracking.stateUrl + "?activity=" + encodeURIComponent(token);
    return window
      .fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { state: null };
      })
      .then(function (answer) {
        showProgress(token, answer.progress);
        return typeof answer.state === "string" ? answer.state : null;
      })
      .catch(function () {
        return null;
      });
  }

  function start(block, button) {
    button.disabled = true;
    var player = { block: block, iframe: null, started: false, state: null };
    setStatus(player, block.dataset.textLoading);
    // The saved state is asked for while the frame loads, not before (one round trip
    // less on a slow line, decision 0025): the frame is told to start once both are in.
    player.statePromise = savedState(block);
    var iframe = document.createElement("iframe");
    // Scripts only: no same origin (no cookies, storage or DOM of the site), no
    // forms, popups or navigation of this page.
    iframe.setAttribute("sandbox", "allow-scripts");
    iframe.setAttribute("referrerpolicy", "no-referrer");
    iframe.setAttribute("title", block.querySelector(".block-h5p__title").textContent);
    iframe.className = "block-h5p__frame";
    player.iframe = iframe;
    players.push(player);
    // Files held (or still coming): the frame is told so and waits for them rather than
    // fetch them. None asked for yet, or some failed: the frame loads them as before.
    var url = block.dataset.playerUrl;
    if (holding && !holding.failed && playerFiles(block).length) {
      player.filesPromise = heldFilesFor(block);
      url += (url.indexOf("?") < 0 ? "?" : "&") + "held=1";
    } else {
      player.filesPromise = Promise.resolve(null);
    }
    iframe.src = url;
    block.querySelector("[data-h5p-holder]").appendChild(iframe);
    button.parentNode.hidden = true;
  }

  window.addEventListener("message", onMessage);
  blocks.forEach(function (block) {
    var button = block.querySelector("[data-h5p-start]");
    if (button) {
      button.addEventListener("click", function () {
        start(block, button);
      });
    }
  });
  // Statements left from an earlier visit (closed while offline) go now.
  flush();
  if (blocks.length) {
    if (document.readyState === "complete") holdWhenIdle();
    else window.addEventListener("load", holdWhenIdle, { once: true });
  }

  window.BackpackH5P = { flush: flush };
})();
