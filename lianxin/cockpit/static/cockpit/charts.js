/* The cockpit's charts (Apache ECharts, served from our own static files). Every bar, point and
   slice carries the ledger URL of the rows behind it: a click goes there. */
(function () {
  "use strict";
  const read = (id) => {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  };
  const labels = read("cockpit-labels") || {};
  const made = {};

  function toolbox(name) {
    return { right: 8, feature: { saveAsImage: { title: labels.save, name: name, pixelRatio: 2 } } };
  }

  function make(key, option) {
    const el = document.getElementById("chart-" + key);
    if (!el) return null;
    const wall = el.closest(".lx-wall") !== null; // light text on the wall screen's dark ground
    const chart = echarts.init(el, wall ? "dark" : null, { locale: "ZH" });
    const base = { toolbox: toolbox(el.dataset.filename || key), backgroundColor: "transparent" };
    chart.setOption(Object.assign(base, option));
    // Set once drawing and its animation are done (a click mid-animation may miss a slice).
    chart.on("finished", () => { el.dataset.ready = "1"; });
    chart.on("click", (p) => {
      const link = p.data && p.data.link;
      if (link) window.location.href = link;
    });
    made[key] = chart;
    return chart;
  }

  const item = (g, value) => ({ name: g.name, value: value, link: g.link });

  function trend(groups) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0, left: 0 },
      grid: { left: 40, right: 48, top: 40, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: groups.map((g) => g.name) },
      yAxis: [
        { type: "value", name: labels.cases, minInterval: 1 },
        { type: "value", name: labels.resolution, min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      ],
      series: [
        { name: labels.cases, type: "bar", data: groups.map((g) => item(g, g.value)), itemStyle: { color: "#b3261e" } },
        { name: labels.resolution, type: "line", yAxisIndex: 1, data: groups.map((g) => item(g, g.resolution)), connectNulls: true },
      ],
    };
  }

  function pie(groups) {
    const data = groups.filter((g) => g.value > 0).sort((a, b) => b.value - a.value).map((g) => item(g, g.value));
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["30%", "62%"], center: ["50%", "55%"], data: data,
                 label: { formatter: "{b}\n{c}" }, avoidLabelOverlap: true }],
    };
  }

  function bars(groups) {
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0, left: 0 },
      grid: { left: 8, right: 48, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: groups.map((g) => g.name), axisLabel: { interval: 0, rotate: groups.length > 3 ? 30 : 0 } },
      yAxis: [
        { type: "value", name: labels.cases, minInterval: 1 },
        { type: "value", name: labels.resolution, min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      ],
      series: [
        { name: labels.cases, type: "bar", data: groups.map((g) => item(g, g.value)), itemStyle: { color: "#b3261e" } },
        { name: labels.resolution, type: "line", yAxisIndex: 1, data: groups.map((g) => item(g, g.resolution)) },
      ],
    };
  }

  const charts = read("cockpit-charts");
  if (charts) {
    make("trend", trend(charts.trend));
    make("category", pie(charts.category));
    make("channel", pie(charts.channel));
    make("child", bars(charts.child));
  }

  // The question page: one chart of the answer.
  const answer = read("answer-chart");
  if (answer && answer.chart && answer.chart !== "number") {
    const groups = answer.rows.map((row, i) => ({ name: row[0], value: row[1], link: answer.links[i] }));
    let option;
    if (answer.chart === "pie") {
      option = pie(groups);
    } else {
      option = {
        tooltip: { trigger: "axis" },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: groups.map((g) => g.name), axisLabel: { interval: 0, rotate: groups.length > 3 ? 30 : 0 } },
        yAxis: { type: "value", name: answer.columns[1] },
        series: [{ name: answer.columns[1], type: answer.chart === "line" ? "line" : "bar",
                   data: groups.map((g) => item(g, g.value)), itemStyle: { color: "#b3261e" } }],
      };
    }
    make("answer", option);
  }

  window.addEventListener("resize", () => Object.values(made).forEach((c) => c.resize()));
  window.lianxinCharts = made;
})();
