// On a slow connection a second tap on "Send" would send the form twice (two
// assessments, two items). Forms marked data-submit-once disable their buttons once sent.
(function () {
  "use strict";
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      // After this event, so the browser still sends the form and the pressed button.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
        });
      }, 0);
    });
  });
})();
