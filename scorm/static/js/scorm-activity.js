// SCORM courses on a module page (decision 0026). Each course is a table of contents
// until the learner opens a part; only then the sandboxed frame is made. The frame hands
// each commit of the SCORM run-time over by postMessage; this page checks who sent it and
// its shape, stamps it with a UUID and a sequence number, keeps it in localStorage and
// sends the queue to the server: at once when online, again when the connection returns.
// The server stores each UUID once and never lets an older commit overwrite a newer one,
// so sending twice is harmless and nothing is dropped until it is stored.
(function () {
  "use strict";
  if (window.BackpackScorm) return;

  var MESSAGE_SOURCE = "backpack-scorm";
  var MAX_COMMIT_CHARS = 200 * 1024;
  var BATCH_SIZE = 20;
  var MAX_RETRY_DELAY = 5 * 60 * 1000;
  var COMPLETION = { completed: 1, incomplete: 1, "not attempted": 1, unknown: 1 };
  var SUCCESS = { passed: 1, failed: 1, unknown: 1 };

  var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-scorm-package]"));
  var first = blocks[0];
  var tracking = first && first.dataset.tracked === "true" ? first.dataset : null;
  var queueKey = tracking ? "backpack.scorm.queue." + tracking.userKey : null;
  var players = []; // {block, iframe, sco}
  var counter = 0;
  var flushing = null; // the promise of the send in progress
  var retryDelay = 0;
  var retryTimer = null;

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (byte) {
      return (byte + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function loadQueue() {
    try {
      var queue = JSON.parse(window.localStorage.getItem(queueKey) || "[]");
      if (Array.isArray(queue)) return queue;
    } catch (error) {
      /* an unreadable queue is started afresh */
    }
    return [];
  }

  function saveQueue(queue) {
    try {
      window.localStorage.setItem(queueKey, JSON.stringify(queue));
    } catch (error) {
      window.console.warn("Backpack: could not keep SCORM progress in storage", error);
    }
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : tracking.csrfToken;
  }

  function setStatus(block, text) {
    var status = block.querySelector("[data-scorm-status]");
    if (status) status.textContent = text;
  }

  function showAttempts(token, attempts) {
    blocks.forEach(function (block) {
      if (block.dataset.packageToken !== token) return;
      (attempts || []).forEach(function (attempt) {
        var result = block.querySelector('[data-scorm-result="' + CSS.escape(attempt.sco) + '"]');
        if (!result) return;
        var done = attempt.completion_status === "completed" || attempt.success_status === "passed";
        var text = done ? block.dataset.textCompleted : "";
        if (attempt.score_scaled !== null && attempt.score_scaled !== undefined) {
          text += (text ? " " : "") + block.dataset.textScore + " " + Math.round(attempt.score_scaled * 100) + "%";
        }
        result.textContent = text;
      });
    });
  }

  function scheduleRetry() {
    retryDelay = retryDelay ? Math.min(retryDelay * 2, MAX_RETRY_DELAY) : 2000;
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(flush, retryDelay);
  }

  // Sends the queue, one package's batch at a time; the promise settles when the queue is
  // empty or the network is out of reach (true: everything is on the server).
  function flush() {
    if (!tracking) return Promise.resolve(true);
    if (flushing) return flushing;
    var queue = loadQueue();
    if (!queue.length) {
      retryDelay = 0;
      return Promise.resolve(true);
    }
    var token = queue[0].package;
    var batch = queue.filter(function (item) {
      return item.package === token;
    }).slice(0, BATCH_SIZE);
    var body = { package: token, commits: batch.map(function (item) { return item.commit; }) };
    flushing = window
      .fetch(tracking.commitsUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
      })
      .then(function (response) {
        var sent = {};
        batch.forEach(function (item) {
          sent[item.commit.id] = true;
        });
        function forget() {
          saveQueue(loadQueue().filter(function (item) {
            return !sent[item.commit.id];
          }));
        }
        if (response.ok) {
          forget();
          retryDelay = 0;
          return response.json().then(function (answer) {
            showAttempts(token, answer.attempts);
            blocks.forEach(function (block) {
              if (block.dataset.packageToken === token) setStatus(block, block.dataset.textSaved);
            });
            return true;
          });
        }
        if (response.status === 400 || response.status === 413) {
          // The server will never take this batch: keep the rest of the queue moving.
          return response.text().then(function (text) {
            window.console.error("Backpack: SCORM progress refused", response.status, text);
            forget();
            return true;
          });
        }
        scheduleRetry();
        return false;
      })
      .catch(function () {
        blocks.forEach(function (block) {
          if (block.dataset.packageToken === token) setStatus(block, block.dataset.textWaiting);
        });
        scheduleRetry();
        return false;
      })
      .then(function (done) {
        flushing = null;
        return done && loadQueue().length ? flush() : done;
      });
    return flushing;
  }

  function isCommit(value) {
    return (
      value !== null &&
      typeof value === "object" &&
      COMPLETION[value.completionStatus] &&
      SUCCESS[value.successStatus] &&
      value.runtimeData &&
      typeof value.runtimeData === "object" &&
      JSON.stringify(value).length <= MAX_COMMIT_CHARS
    );
  }

  function number(value) {
    var parsed = typeof value === "number" ? value : parseFloat(value);
    return isFinite(parsed) ? parsed : null;
  }

  function enqueue(player, data) {
    var score = data.commit.score || {};
    var commit = {
      id: uuid(),
      // Milliseconds, then a counter: the order in which this browser made the commits.
      sequence: Date.now() * 1000 + (counter++ % 1000),
      sco: player.sco,
      completion_status: data.commit.completionStatus,
      success_status: data.commit.successStatus,
      score: { raw: number(score.raw), min: number(score.min), max: number(score.max), scaled: number(score.scaled) },
      total_seconds: Math.max(0, number(data.commit.totalTimeSeconds) || 0),
      runtime_data: data.commit.runtimeData,
    };
    var queue = loadQueue();
    queue.push({ package: player.block.dataset.packageToken, commit: commit });
    saveQueue(queue);
    flush();
  }

  function onMessage(event) {
    var player = null;
    for (var i = 0; i < players.length; i++) {
      if (players[i].iframe.contentWindow === event.source) player = players[i];
    }
    if (!player) return; // not one of our frames
    var data = event.data;
    if (!data || typeof data !== "object" || data.source !== MESSAGE_SOURCE) return;
    if (data.type !== "commit" || data.sco !== player.sco || !isCommit(data.commit)) return;
    if (tracking) enqueue(player, data);
  }

  function start(block, button) {
    setStatus(block, block.dataset.textLoading);
    // What this browser still holds goes first, so the course resumes where it stopped.
    var ready = tracking ? Promise.race([flush(), new Promise(function (resolve) {
      window.setTimeout(resolve, 5000);
    })]) : Promise.resolve();
    ready.then(function () {
      var holder = block.querySelector("[data-scorm-holder]");
      players = players.filter(function (player) {
        if (player.block !== block) return true;
        player.iframe.remove(); // one part of a course open at a time
        return false;
      });
      var iframe = document.createElement("iframe");
      // Scripts only: no same origin (no cookies, storage or DOM of the site), no forms,
      // pop-ups or navigation of this page.
      iframe.setAttribute("sandbox", "allow-scripts");
      iframe.setAttribute("referrerpolicy", "no-referrer");
      iframe.setAttribute("title", button.textContent.trim());
      iframe.className = "block-scorm__frame";
      players.push({ block: block, iframe: iframe, sco: button.dataset.sco });
      iframe.src = button.dataset.launchUrl;
      holder.appendChild(iframe);
      setStatus(block, "");
    });
  }

  window.addEventListener("message", onMessage);
  window.addEventListener("online", function () {
    retryDelay = 0;
    flush();
  });
  blocks.forEach(function (block) {
    block.querySelectorAll("[data-scorm-start]").forEach(function (button) {
      button.addEventListener("click", function () {
        start(block, button);
      });
    });
  });
  // Progress left from an earlier visit (closed while offline) goes now.
  flush();

  window.BackpackScorm = { flush: flush };
})();
