/* The command dashboard's charts (Apache ECharts, served from our own static files). The data is
   the page's json_script #dashboard-data; the text uses the page's own font stack, so Chinese is
   drawn in the system CJK font; each chart follows its panel's width (phones included). */
(function () {
  "use strict";

  var COLORS = { brand: "#1a56b0", amber: "#d08a12", red: "#b42318", teal: "#0f8a84", grey: "#8a96a3" };

  function base(data, font) {
    return {
      animation: false,
      textStyle: { fontFamily: font, fontSize: 12 },
      grid: { left: 8, right: 12, top: 40, bottom: 8, containLabel: true },
      legend: { top: 4, left: "center", itemWidth: 14, itemHeight: 10, textStyle: { fontFamily: font } },
      tooltip: { trigger: "axis", textStyle: { fontFamily: font }, confine: true },
      xAxis: {
        type: "category",
        data: data.days,
        axisTick: { alignWithLabel: true },
        axisLabel: { hideOverlap: true, color: "#5d6b7a" },
      },
    };
  }

  function counts(extra) {
    return Object.assign(
      { type: "value", minInterval: 1, axisLabel: { color: "#5d6b7a" }, splitLine: { lineStyle: { color: "#edf0f4" } } },
      extra || {}
    );
  }

  function bar(name, values, color) {
    return { name: name, type: "bar", data: values, barMaxWidth: 14, itemStyle: { color: color } };
  }

  function options(data) {
    var L = data.labels;
    return {
      "chart-reports": {
        yAxis: [
          counts({ max: 100, axisLabel: { formatter: "{value}%", color: "#5d6b7a" } }),
          counts({ splitLine: { show: false } }),
        ],
        series: [
          {
            name: L.completion,
            type: "line",
            data: data.completion,
            yAxisIndex: 0,
            symbolSize: 6,
            itemStyle: { color: COLORS.brand },
            tooltip: { valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
          },
          Object.assign(bar(L.abnormal, data.abnormal, COLORS.amber), { yAxisIndex: 1 }),
          Object.assign(bar(L.fever, data.fever, COLORS.red), { yAxisIndex: 1 }),
        ],
      },
      "chart-cases": {
        yAxis: counts(),
        series: [bar(L.quarantines, data.quarantines, COLORS.teal), bar(L.incidents, data.incidents, COLORS.red)],
      },
      "chart-gate": {
        yAxis: counts(),
        series: [bar(L.refusals, data.refusals, COLORS.amber)],
      },
    };
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var font = window.getComputedStyle(document.body).fontFamily;
    var all = options(data);
    var charts = [];
    Object.keys(all).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) return;
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(Object.assign(base(data, font), all[id]));
      charts.push(chart);
      if (window.ResizeObserver) {
        new window.ResizeObserver(function () { chart.resize(); }).observe(el);
      }
    });
    if (!window.ResizeObserver) {
      window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    }
  }

  draw(); // the script is deferred: the page is parsed and ECharts (deferred before it) is loaded
})();
