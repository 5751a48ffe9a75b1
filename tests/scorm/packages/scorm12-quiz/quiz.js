// A SCORM 1.2 SCO: the API is found as ADL's APIWrapper finds it (this window, then its
// parents, then the opener), and used as the SCORM 1.2 Run-Time Environment book says.
(function () {
  "use strict";
  function findAPI(win) {
    var tries = 0;
    while (win.API == null && win.parent != null && win.parent != win && tries < 7) {
      tries++;
      win = win.parent;
    }
    return win.API;
  }
  var api = null;
  function $(id) { return document.getElementById(id); }
  function show(page) {
    $("page-1").hidden = page !== 1;
    $("page-2").hidden = page !== 2;
  }
  window.addEventListener("load", function () {
    try { api = findAPI(window); } catch (error) { api = null; }
    if (!api) { $("status").textContent = "No LMS found."; return; }
    api.LMSInitialize("");
    var suspend = api.LMSGetValue("cmi.suspend_data");
    var name = api.LMSGetValue("cmi.core.student_name");
    var status = api.LMSGetValue("cmi.core.lesson_status");
    if (suspend.indexOf("page=2") === 0) {
      show(2);
      $("status").textContent = "Welcome back " + name + ", resuming at question 2 (" + status + ").";
    } else {
      show(1);
      api.LMSSetValue("cmi.core.lesson_status", "incomplete");
      $("status").textContent = "Hello " + name + ".";
    }
    $("next").addEventListener("click", function () {
      var answer = document.querySelector("input[name=q1]:checked");
      api.LMSSetValue("cmi.core.lesson_location", "question-2");
      api.LMSSetValue("cmi.suspend_data", "page=2;q1=" + (answer ? answer.value : ""));
      api.LMSSetValue("cmi.interactions.0.id", "q1");
      api.LMSSetValue("cmi.interactions.0.type", "choice");
      api.LMSSetValue("cmi.interactions.0.student_response", answer ? answer.value : "");
      api.LMSSetValue("cmi.interactions.0.result", answer && answer.value === "locked" ? "correct" : "wrong");
      api.LMSCommit("");
      show(2);
      $("status").textContent = "Saved at question 2.";
    });
    $("submit").addEventListener("click", function () {
      var first = (api.LMSGetValue("cmi.suspend_data").split("q1=")[1] || "") === "locked";
      var answer = document.querySelector("input[name=q2]:checked");
      var second = !!answer && answer.value === "rinse";
      var score = (first ? 50 : 0) + (second ? 50 : 0);
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(score));
      api.LMSSetValue("cmi.core.lesson_status", score >= 50 ? "passed" : "failed");
      api.LMSSetValue("cmi.core.session_time", "0000:02:30.00");
      api.LMSSetValue("cmi.core.exit", "");
      api.LMSFinish("");
      $("result").textContent = "Your score: " + score + "%";
    });
  });
})();
