// Module page helpers. No framework: a few lines keep the page light on a cheap phone.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  // Videos show as a link; the heavy player is inserted only when tapped.
  document.querySelectorAll("[data-video]").forEach(function (figure) {
    var link = figure.querySelector("[data-video-play]");
    var embed = figure.querySelector("template[data-video-embed]");
    if (!link || !embed || !embed.innerHTML.trim()) return;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var player = document.createElement("div");
      player.className = "block-video__player";
      player.appendChild(embed.content.cloneNode(true));
      link.replaceWith(player);
    });
  });

  // H5P activities: their script (and, once started, the player) only on pages that have one.
  var activity = document.querySelector("[data-h5p-activity]");
  if (activity) {
    var script = document.createElement("script");
    script.src = activity.dataset.h5pScript;
    document.head.appendChild(script);
  }

  // SCORM courses likewise (decision 0026).
  var course = document.querySelector("[data-scorm-package]");
  if (course) {
    var scormScript = document.createElement("script");
    scormScript.src = course.dataset.scormScript;
    document.head.appendChild(scormScript);
  }
})();
