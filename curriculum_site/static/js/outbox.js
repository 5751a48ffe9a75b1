// What a module page keeps for the server while it is out of reach: the H5P statements
// (h5p-activity.js) and the SCORM commits (scorm-activity.js) go through one outbox.
// The outbox lives in the page's own localStorage (never a sandboxed frame's), stamps
// records with UUIDs, and sends them batch by batch: at once when online, again when the
// connection returns, with growing pauses between failures. The server stores each UUID
// once, so sending twice is harmless and nothing is dropped until it is stored.
// Loaded by module.js before the script of either kind of block.
(function () {
  "use strict";
  if (window.BackpackOutbox) return;

  var MAX_RETRY_DELAY = 5 * 60 * 1000;

  function uuid() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // RFC 4122 version 4 from crypto.getRandomValues, for browsers without randomUUID
    // (it also needs a secure context, which a plain-http intranet is not).
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (byte) {
        return (byte + 0x100).toString(16).slice(1);
      })
      .join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // One outbox. `options`:
  //   key: the localStorage key (per signed-in learner); url: where batches are posted;
  //   csrfToken: the page's token when the cookie has none; label: for the console;
  //   empty(): a new, empty queue; valid(queue): whether a stored queue can be used;
  //   nextBatch(queue): the body of the next request, or null when nothing waits;
  //   forget(queue, body): the queue without what `body` carried (the server has it);
  //   saved(body, answer), waiting(body): tell the learner.
  function create(options) {
    var flushing = null; // the promise of the send in progress
    var retryDelay = 0;
    var retryTimer = null;

    function load() {
      try {
        var queue = JSON.parse(window.localStorage.getItem(options.key) || "null");
        if (queue && options.valid(queue)) return queue;
      } catch (error) {
        /* an unreadable queue is started afresh */
      }
      return options.empty();
    }

    function save(queue) {
      try {
        window.localStorage.setItem(options.key, JSON.stringify(queue));
      } catch (error) {
        // Storage full or refused: what is queued stays in memory for this page's life.
        window.console.warn("Backpack: could not keep " + options.label + " in storage", error);
      }
    }

    function update(change) {
      var queue = load();
      change(queue);
      save(queue);
    }

    function csrfToken() {
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      return match ? decodeURIComponent(match[1]) : options.csrfToken;
    }

    function scheduleRetry() {
      retryDelay = retryDelay ? Math.min(retryDelay * 2, MAX_RETRY_DELAY) : 2000;
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(flush, retryDelay);
    }

    function forget(body) {
      // Re-read: more may have been queued while this batch was on its way.
      save(options.forget(load(), body));
    }

    // Sends the queue, batch by batch; the promise settles when the queue is empty or
    // the server is out of reach (true: everything is on the server).
    function flush() {
      if (flushing) return flushing;
      var body = options.nextBatch(load());
      if (!body) {
        retryDelay = 0;
        return Promise.resolve(true);
      }
      flushing = window
        .fetch(options.url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
          body: JSON.stringify(body),
        })
        .then(function (response) {
          if (response.ok) {
            forget(body);
            retryDelay = 0;
            return response.json().then(function (answer) {
              options.saved(body, answer);
              return true;
            });
          }
          if (response.status === 400 || response.status === 413) {
            // The server will never take this batch: keep the rest of the queue moving.
            return response.text().then(function (text) {
              window.console.error("Backpack: " + options.label + " refused", response.status, text);
              forget(body);
              return true;
            });
          }
          // Signed out, server trouble, too many requests: keep everything, try later.
          scheduleRetry();
          return false;
        })
        .catch(function () {
          options.waiting(body);
          scheduleRetry();
          return false;
        })
        .then(function (done) {
          flushing = null;
          return done && options.nextBatch(load()) ? flush() : done;
        });
      return flushing;
    }

    window.addEventListener("online", function () {
      retryDelay = 0;
      flush();
    });

    return { load: load, update: update, flush: flush };
  }

  window.BackpackOutbox = { create: create, uuid: uuid };
})();
