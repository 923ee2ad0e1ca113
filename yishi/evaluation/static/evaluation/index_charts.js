// Charts of the model-community index. The tables beside them carry the same figures; charts are hidden from
// screen readers (aria-hidden) and only enhance the page when ECharts has loaded.
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") { return; }
  var source = document.getElementById("index-chart-data");
  if (!source) { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  document.querySelectorAll("[data-index-chart]").forEach(function (node) {
    var spec = data[node.getAttribute("data-index-chart")];
    if (!spec || !spec.labels || spec.labels.length === 0) { node.closest("figure").hidden = true; return; }
    var line = spec.type === "line";
    var chart = window.echarts.init(node, null, { renderer: "canvas" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: line ? { type: "category", data: spec.labels } : { type: "value", min: 0, max: 100 },
      yAxis: line ? { type: "value", min: 0, max: 100 } : { type: "category", data: spec.labels, inverse: true },
      series: [{ type: line ? "line" : "bar", data: spec.values.map(Number), itemStyle: { color: "#1f5fa8" } }]
    });
    node.style.height = line ? "16rem" : Math.max(10, spec.labels.length * 2.2) + "rem";
    chart.resize();
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();
