// Draws a group's level over time. Chart.js (about 70 kB compressed) is fetched only
// when the chart scrolls into view, so the page itself stays light on a slow phone;
// the table beside the chart carries the same facts without any script.
(function () {
  "use strict";

  function draw(canvas) {
    var data = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
    var names = {};
    data.levels.forEach(function (level) { names[level.rank] = level.name; });
    var ranks = data.levels.map(function (level) { return level.rank; });
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.points.map(function (point) { return point.date; }),
        datasets: [{
          label: canvas.dataset.label,
          data: data.points.map(function (point) { return point.rank; }),
          stepped: true,
          borderColor: "#1f6b3a",
          backgroundColor: "#1f6b3a",
          // Confirmed levels are solid dots; levels still waiting for an assessor are hollow.
          pointBackgroundColor: data.points.map(function (point) {
            return point.confirmed ? "#1f6b3a" : "#ffffff";
          }),
          pointRadius: 5,
        }],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          y: {
            min: Math.min.apply(null, ranks),
            max: Math.max.apply(null, ranks),
            ticks: { stepSize: 1, callback: function (value) { return names[value] || ""; } },
          },
        },
      },
    });
    canvas.dataset.drawn = "true";
  }

  function loadLibrary(src, then) {
    if (window.Chart) { then(); return; }
    var script = document.createElement("script");
    script.src = src;
    script.onload = then;
    document.head.appendChild(script);
  }

  document.querySelectorAll("canvas[data-level-chart]").forEach(function (canvas) {
    var start = function () { loadLibrary(canvas.dataset.library, function () { draw(canvas); }); };
    if (!("IntersectionObserver" in window)) { start(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        start();
      }
    });
    observer.observe(canvas);
  });
})();
