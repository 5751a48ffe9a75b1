// SCORM courses on a module page (decision 0026). Each course is a table of contents
// until the learner opens a part; only then the sandboxed frame is made. The frame hands
// each commit of the SCORM run-time over by postMessage; this page checks who sent it and
// its shape, stamps it with a UUID and a sequence number, and puts it in the page's outbox
// (outbox.js, loaded first by module.js), which keeps it in localStorage and sends it: at
// once when online, again when the connection returns.
// The server stores each UUID once and never lets an older commit overwrite a newer one,
// so sending twice is harmless and nothing is dropped until it is stored.
(function () {
  "use strict";
  if (window.BackpackScorm) return;

  var MESSAGE_SOURCE = "backpack-scorm";
  var MAX_COMMIT_CHARS = 200 * 1024;
  var BATCH_SIZE = 20;
  var COMPLETION = { completed: 1, incomplete: 1, "not attempted": 1, unknown: 1 };
  var SUCCESS = { passed: 1, failed: 1, unknown: 1 };

  var blocks = Array.prototype.slice.call(document.querySelectorAll("[data-scorm-package]"));
  var first = blocks[0];
  var tracking = first && first.dataset.tracked === "true" ? first.dataset : null;
  var players = []; // {block, iframe, sco}
  var counter = 0;

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

  // The queue of commits, in the page's outbox (outbox.js): one package's batch at a time.
  function nextBatch(queue) {
    if (!queue.length) return null;
    var token = queue[0].package;
    var batch = queue
      .filter(function (item) {
        return item.package === token;
      })
      .slice(0, BATCH_SIZE);
    return {
      package: token,
      commits: batch.map(function (item) {
        return item.commit;
      }),
    };
  }

  function forget(queue, body) {
    var sent = {};
    body.commits.forEach(function (commit) {
      sent[commit.id] = true;
    });
    return queue.filter(function (item) {
      return !sent[item.commit.id];
    });
  }

  function setStatusFor(token, text) {
    blocks.forEach(function (block) {
      if (block.dataset.packageToken === token) setStatus(block, block.dataset[text]);
    });
  }

  var outbox = tracking
    ? window.BackpackOutbox.create({
        key: "backpack.scorm.queue." + tracking.userKey,
        url: tracking.commitsUrl,
        csrfToken: tracking.csrfToken,
        label: "SCORM progress",
        empty: function () {
          return [];
        },
        valid: Array.isArray,
        nextBatch: nextBatch,
        forget: forget,
        saved: function (body, answer) {
          showAttempts(body.package, answer.attempts);
          setStatusFor(body.package, "textSaved");
        },
        waiting: function (body) {
          setStatusFor(body.package, "textWaiting");
        },
      })
    : null;

  // Settles when the queue is empty or the server out of reach (true: all on the server).
  function flush() {
    return outbox ? outbox.flush() : Promise.resolve(true);
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
      id: window.BackpackOutbox.uuid(),
      // Milliseconds, then a counter: the order in which this browser made the commits.
      sequence: Date.now() * 1000 + (counter++ % 1000),
      sco: player.sco,
      completion_status: data.commit.completionStatus,
      success_status: data.commit.successStatus,
      score: { raw: number(score.raw), min: number(score.min), max: number(score.max), scaled: number(score.scaled) },
      total_seconds: Math.max(0, number(data.commit.totalTimeSeconds) || 0),
      runtime_data: data.commit.runtimeData,
    };
    outbox.update(function (queue) {
      queue.push({ package: player.block.dataset.packageToken, commit: commit });
    });
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
