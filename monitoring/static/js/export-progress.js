// Follows a background export: asks the server for its progress every few seconds and
// shows the download link when the file is ready. Without script, the page reloads itself.
(function () {
  "use strict";

  var box = document.querySelector("[data-export-progress]");
  if (!box) { return; }
  var status = box.querySelector("[data-export-status]");
  var count = box.querySelector("[data-export-count]");
  var bar = box.querySelector("[data-export-bar]");
  var download = box.querySelector("[data-export-download]");
  var failure = box.querySelector("[data-export-error]");
  var delay = 1000;

  function show(state) {
    status.textContent = state.status_label;
    bar.value = state.percent;
    bar.textContent = state.percent + "%";
    count.textContent = state.progress_text ? " " + state.progress_text : "";
    download.hidden = !state.download_url;
    failure.hidden = state.status !== "failed";
    if (state.status === "failed") { failure.querySelector("span").textContent = state.error; }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        // Signed out, or the export is no longer ours: reloading shows the page's own answer.
        if (!response.ok || response.redirected) { window.location.reload(); throw new Error("stop"); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.status === "queued" || state.status === "running") {
          // Back off gently: a long export does not need a request every second.
          delay = Math.min(delay * 1.5, 10000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function (error) {
        if (error.message !== "stop") { window.setTimeout(poll, 10000); }
      });
  }

  poll();
})();
