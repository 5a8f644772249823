/* Draw the dashboard's charts with Chart.js from the data tables beside them.
 *
 * Progressive enhancement: each chart is a <figure class="chart"> holding a
 * <table> with the numbers; with JavaScript the table is read and a canvas is
 * drawn above it. Without JavaScript, the table is the chart.
 */
(function () {
  "use strict";
  if (!window.Chart) { return; }

  var palette = ["#1f3a5f", "#c77d00", "#2e7d4f", "#a4262c", "#6b4fa0", "#2a7f9e"];

  function readTable(table) {
    var headers = Array.prototype.map.call(
      table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); }
    );
    var labels = [];
    var datasets = headers.slice(1).map(function (name, i) {
      return {
        label: name, data: [], borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length], tension: 0.25,
        pointRadius: 0, borderWidth: 2
      };
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("th, td");
      labels.push(cells[0].textContent.trim());
      datasets.forEach(function (dataset, i) {
        dataset.data.push(Number(cells[i + 1].textContent.replace(/[^0-9.\-]/g, "")) || 0);
      });
    });
    return { labels: labels, datasets: datasets };
  }

  document.querySelectorAll("figure.chart").forEach(function (figure) {
    var table = figure.querySelector("table");
    if (!table) { return; }
    var kind = figure.getAttribute("data-chart") || "line";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (figure.querySelector("figcaption") || {}).textContent || "Chart");
    var box = document.createElement("div");
    box.className = "chart-canvas";
    box.appendChild(canvas);
    var folded = figure.querySelector("details.chart-data");
    var anchor = folded || table.closest(".table-scroll") || table;
    figure.insertBefore(box, anchor.parentNode === figure ? anchor : null);
    figure.classList.add("chart-drawn");
    // The drawn chart now tells the story; its numbers fold away under "The numbers".
    if (folded) { folded.removeAttribute("open"); }
    new window.Chart(canvas, {
      type: kind,
      data: readTable(table),
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  });
}());
