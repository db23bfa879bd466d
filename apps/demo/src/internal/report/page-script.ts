/**
 * The report page's own script (plain browser JavaScript, run after Chart.js's UMD bundle). It draws every chart
 * from the embedded JSON, then checks each one drew: a chart counts as drawn when Chart.js laid out data
 * elements and its canvas has painted pixels. The result lands on `<body>` as `data-charts-total`,
 * `data-charts-drawn` and per canvas `data-drawn`, which the headless-browser test reads.
 */
export const PAGE_SCRIPT = `
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var charts = [];
  var PHASE_FILL = ["rgba(46,160,67,0.10)", "rgba(210,153,34,0.14)", "rgba(219,109,40,0.14)", "rgba(207,34,46,0.14)", "rgba(130,80,223,0.12)", "rgba(31,111,235,0.12)"];
  var LINE = { p50: "#1f6feb", p95: "#d29922", p99: "#cf222e" };
  var DOWNSTREAM = { payments: "#8250df", inventory: "#1a7f37", notifications: "#bc4c00" };
  var STATUS = { "201": "#2da44e", "200": "#57ab5a", "402": "#8250df", "409": "#bf8700", "503": "#cf222e", "504": "#a40e26", "502": "#fb8500", "500": "#000000" };
  var STATE_Y = { closed: 0, "half-open": 1, open: 2 };
  var STATE_NAME = ["closed", "half-open", "open"];

  Chart.defaults.animation = false;
  Chart.defaults.font.family = "system-ui, -apple-system, Segoe UI, sans-serif";

  var phaseBands = {
    id: "phaseBands",
    beforeDatasetsDraw: function (chart) {
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      if (!x || x.type !== "linear") return;
      ctx.save();
      data.phases.forEach(function (phase, i) {
        var left = Math.max(x.getPixelForValue(phase.startS), area.left);
        var right = Math.min(x.getPixelForValue(phase.endS), area.right);
        if (right <= left) return;
        ctx.fillStyle = PHASE_FILL[i % PHASE_FILL.length];
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      });
      ctx.restore();
    }
  };

  function timeAxis() {
    return { type: "linear", min: 0, max: data.durationS, title: { display: true, text: "seconds since start" } };
  }

  function make(id, config) {
    var canvas = document.getElementById(id);
    try {
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false }, config.options || {});
      config.plugins = (config.plugins || []).concat([phaseBands]);
      charts.push({ canvas: canvas, chart: new Chart(canvas, config) });
    } catch (error) {
      canvas.dataset.error = String(error && error.message || error);
      charts.push({ canvas: canvas, chart: null });
    }
  }

  function points(xs, ys) {
    var out = [];
    for (var i = 0; i < xs.length; i++) if (ys[i] !== null && ys[i] !== undefined) out.push({ x: xs[i], y: ys[i] });
    return out;
  }

  data.downstreams.forEach(function (name) {
    var series = data.latency[name];
    make("latency-" + name, {
      type: "line",
      data: { datasets: ["p50", "p95", "p99"].map(function (p) {
        return { label: p, data: points(series.bucketStartS, series[p]), borderColor: LINE[p], backgroundColor: LINE[p], pointRadius: 1.5, borderWidth: 1.5, spanGaps: false };
      }) },
      options: { scales: { x: timeAxis(), y: { type: "linear", beginAtZero: true, title: { display: true, text: "ms" } } },
        plugins: { title: { display: true, text: name + ": latency of logical calls (all attempts)" } } }
    });
  });

  var maxAttempts = 0;
  data.downstreams.forEach(function (name) {
    Object.keys(data.attemptsPerCall[name]).forEach(function (k) { maxAttempts = Math.max(maxAttempts, Number(k)); });
  });
  var attemptLabels = [];
  for (var a = 0; a <= Math.max(maxAttempts, 3); a++) attemptLabels.push(String(a));
  make("attempts", {
    type: "bar",
    data: { labels: attemptLabels, datasets: data.downstreams.map(function (name) {
      return { label: name, backgroundColor: DOWNSTREAM[name] || "#57606a", data: attemptLabels.map(function (k) { return data.attemptsPerCall[name][k] || 0; }) };
    }) },
    options: { scales: { x: { title: { display: true, text: "attempts per logical call (0 = refused before sending)" } },
      y: { type: "logarithmic", title: { display: true, text: "calls" } } },
      plugins: { title: { display: true, text: "Attempts per call" } } }
  });

  make("breaker", {
    type: "line",
    data: { datasets: data.downstreams.map(function (name, i) {
      var steps = data.breaker[name].map(function (s) { return { x: s.atS, y: STATE_Y[s.state] + i * 0.06 }; });
      var last = steps[steps.length - 1];
      if (last) steps.push({ x: data.durationS, y: last.y });
      return { label: name, data: steps, stepped: "before", borderColor: DOWNSTREAM[name] || "#57606a", backgroundColor: DOWNSTREAM[name] || "#57606a", pointRadius: 2, borderWidth: 2 };
    }) },
    options: { scales: { x: timeAxis(), y: { min: -0.2, max: 2.4, ticks: { stepSize: 1, callback: function (v) { return v === Math.round(v) ? (STATE_NAME[v] || "") : ""; } } } },
      plugins: { title: { display: true, text: "Circuit breaker state against the phases" } } }
  });

  make("orders", {
    type: "bar",
    data: { datasets: Object.keys(data.ordersByStatus.series).sort().map(function (status) {
      return { label: "HTTP " + status, backgroundColor: STATUS[status] || "#57606a",
        data: points(data.ordersByStatus.bucketStartS, data.ordersByStatus.series[status]).map(function (p) { return { x: p.x + 0.5, y: p.y }; }) };
    }) },
    options: { scales: { x: Object.assign(timeAxis(), { stacked: true }), y: { stacked: true, title: { display: true, text: "orders" } } },
      plugins: { title: { display: true, text: "Orders per second by checkout-service answer" } } }
  });

  function renderSpanTree() {
    var host = document.getElementById("span-tree");
    var tree = data.spanTree;
    if (!tree) { host.textContent = "No order needed a retry in this run."; return 0; }
    var byParent = {};
    tree.spans.forEach(function (s) { (byParent[s.parentSpanId || "root"] = byParent[s.parentSpanId || "root"] || []).push(s); });
    var ids = {};
    tree.spans.forEach(function (s) { ids[s.spanId] = true; });
    var total = Math.max.apply(null, tree.spans.map(function (s) { return s.startMs + s.durationMs; }).concat([1]));
    var rows = 0;
    function walk(span, depth) {
      var row = document.createElement("div");
      row.className = "span-row span-" + span.status;
      var label = document.createElement("div");
      label.className = "span-label";
      label.style.paddingLeft = (depth * 18) + "px";
      var attrs = Object.keys(span.attributes).map(function (k) { return k + "=" + span.attributes[k]; }).join("  ");
      label.textContent = span.name;
      label.title = attrs;
      var lane = document.createElement("div");
      lane.className = "span-lane";
      var bar = document.createElement("div");
      bar.className = "span-bar";
      bar.style.left = (100 * span.startMs / total) + "%";
      bar.style.width = Math.max(0.4, 100 * span.durationMs / total) + "%";
      bar.textContent = span.durationMs.toFixed(1) + " ms";
      lane.appendChild(bar);
      span.events.forEach(function (e) {
        var mark = document.createElement("div");
        mark.className = "span-event";
        mark.style.left = (100 * e.atMs / total) + "%";
        mark.title = e.name + " at " + e.atMs.toFixed(1) + " ms";
        lane.appendChild(mark);
      });
      var detail = document.createElement("div");
      detail.className = "span-attrs";
      detail.textContent = attrs;
      row.appendChild(label);
      row.appendChild(lane);
      row.appendChild(detail);
      host.appendChild(row);
      rows++;
      (byParent[span.spanId] || []).sort(function (a, b) { return a.startMs - b.startMs; }).forEach(function (c) { walk(c, depth + 1); });
    }
    tree.spans.filter(function (s) { return !s.parentSpanId || !ids[s.parentSpanId]; }).forEach(function (r) { walk(r, 0); });
    return rows;
  }

  function painted(canvas) {
    var ctx = canvas.getContext("2d");
    if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
    var px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    var count = 0;
    for (var i = 3; i < px.length; i += 4) if (px[i] !== 0) count++;
    return count;
  }

  var drawn = 0;
  charts.forEach(function (entry) {
    var elements = 0;
    if (entry.chart) entry.chart.data.datasets.forEach(function (_d, i) { elements += entry.chart.getDatasetMeta(i).data.length; });
    var pixels = painted(entry.canvas);
    var ok = entry.chart !== null && elements > 0 && pixels > 0;
    entry.canvas.dataset.elements = String(elements);
    entry.canvas.dataset.paintedPixels = String(pixels);
    entry.canvas.dataset.drawn = String(ok);
    if (ok) drawn++;
  });
  var spanRows = renderSpanTree();
  document.body.dataset.spanRows = String(spanRows);
  document.body.dataset.chartsTotal = String(charts.length);
  document.body.dataset.chartsDrawn = String(drawn);
})();
`;
