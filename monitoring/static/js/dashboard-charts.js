// Draws the dashboard's bar charts from the figures the page embeds beside each table.
// Chart.js is fetched only when the first chart scrolls into view, so a slow phone
// shows the tables at once; they carry the same figures without any script.
(function () {
  "use strict";

  var COLOURS = ["#1f6b3a", "#c47f17", "#3b6ea5", "#8a3b72"];

  function draw(canvas) {
    var data = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (dataset, index) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: COLOURS[index % COLOURS.length],
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        indexAxis: data.horizontal ? "y" : "x",
        plugins: { legend: { display: data.datasets.length > 1 } },
        // Whole-number ticks: most figures count farmers, sessions or groups.
        scales: {
          x: { stacked: data.stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: data.stacked, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
    canvas.dataset.drawn = "true";
  }

  function loadLibrary(src, then) {
    if (window.Chart) { then(); return; }
    var waiting = document.querySelector("script[data-chart-library]");
    if (waiting) { waiting.addEventListener("load", then); return; }
    var script = document.createElement("script");
    script.src = src;
    script.dataset.chartLibrary = "true";
    script.onload = then;
    document.head.appendChild(script);
  }

  document.querySelectorAll("canvas[data-dashboard-chart]").forEach(function (canvas) {
    var start = function () { loadLibrary(canvas.dataset.library, function () { draw(canvas); }); };
    if (!("IntersectionObserver" in window)) { start(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        start();
      }
    }, { rootMargin: "200px" });
    observer.observe(canvas);
  });
})();
