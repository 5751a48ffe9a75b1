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

  // H5P activities and SCORM courses (decision 0026): their scripts (and, once started,
  // the player) only on pages that have one. Both queue what they report in the outbox
  // (outbox.js), loaded first: scripts added with async = false run in the order added.
  function load(src) {
    var script = document.createElement("script");
    script.src = src;
    script.async = false;
    document.head.appendChild(script);
  }
  var activity = document.querySelector("[data-h5p-activity]");
  var course = document.querySelector("[data-scorm-package]");
  if (activity || course) load((activity || course).dataset.outboxScript);
  // What the H5P players share (h5p-common.js), before the script that uses it.
  if (activity) load(activity.dataset.h5pCommonScript);
  if (activity) load(activity.dataset.h5pScript);
  if (course) load(course.dataset.scormScript);
})();
