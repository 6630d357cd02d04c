/* PipelineExtensions report runtime: builds every chart of the page from the data blocks the C# report builder
   wrote (JSON script blocks with a data-spec attribute), with the inlined Chart.js. Each chart canvas gets
   data-rendered="true" and data-painted-pixels once Chart.js has drawn it; when every chart has drawn (or a
   timeout passed) <body> gets data-report-ready="true", data-charts-expected and data-charts-drawn, so a headless
   browser can check the page. Errors are shown on the page and kept in <body data-errors>. */
(function () {
  'use strict';

  var errors = [];
  function fail(message) {
    errors.push(String(message));
    document.body.dataset.errors = JSON.stringify(errors);
    var box = document.getElementById('report-errors');
    if (box) {
      box.hidden = false;
      box.textContent = 'Report error: ' + errors.join(' | ');
    }
  }
  window.addEventListener('error', function (e) { fail(e.message); });

  var colors = {
    train: '#2563eb', validation: '#ea580c', balanced: '#16a34a', lr: '#7c3aed',
    cut: '#7c3aed', stop: '#dc2626', restore: '#16a34a', divergence: '#b91c1c', other: '#64748b',
    before: '#94a3b8', after: '#2563eb', best: '#16a34a', trial: '#2563eb', pruned: '#cbd5e1'
  };

  var expected = 0, drawn = 0, done = false;

  function countPainted(canvas) {
    if (!canvas.getContext) return canvas.naturalWidth * canvas.naturalHeight;
    try {
      var ctx = canvas.getContext('2d');
      var data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      var n = 0;
      for (var i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
      return n;
    } catch (e) {
      return -1;
    }
  }

  function markDrawn(canvas) {
    if (canvas.dataset.rendered === 'true') return;
    canvas.dataset.rendered = 'true';
    canvas.dataset.paintedPixels = String(countPainted(canvas));
    drawn++;
    finish(false);
  }

  function finish(force) {
    if (done || (!force && drawn < expected)) return;
    done = true;
    document.body.dataset.chartsExpected = String(expected);
    document.body.dataset.chartsDrawn = String(drawn);
    document.body.dataset.reportReady = 'true';
  }

  // A global plugin: after Chart.js has drawn a chart, mark its canvas.
  Chart.register({ id: 'pipexDrawn', afterRender: function (chart) { markDrawn(chart.canvas); } });

  // Writes each cell's count on the confusion-matrix heatmap.
  var cellLabels = {
    id: 'pipexCellLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      chart.data.datasets.forEach(function (dataset, di) {
        chart.getDatasetMeta(di).data.forEach(function (el, i) {
          var d = dataset.data[i], p = el.getCenterPoint();
          ctx.save();
          ctx.fillStyle = d.r > 0.55 ? '#ffffff' : '#0f172a';
          ctx.font = '12px system-ui, sans-serif';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'middle';
          ctx.fillText(String(d.v), p.x, p.y);
          ctx.restore();
        });
      });
    }
  };

  function fmt(x) {
    if (x === null || x === undefined) return '–';
    var a = Math.abs(x);
    return a !== 0 && (a < 1e-3 || a >= 1e4) ? x.toExponential(2) : String(+x.toPrecision(4));
  }

  // On a log axis only 1, 2 and 5 times a power of ten get a label.
  function niceLog(v) {
    var m = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    return Math.abs(m - 1) < 1e-6 || Math.abs(m - 2) < 1e-6 || Math.abs(m - 5) < 1e-6;
  }

  function points(xs, ys) {
    var out = [];
    for (var i = 0; i < xs.length; i++) out.push({ x: xs[i], y: ys[i] });
    return out;
  }

  function line(label, data, color, axis, dashed) {
    return {
      label: label, data: data, borderColor: color, backgroundColor: color, yAxisID: axis || 'y',
      borderWidth: 2, pointRadius: 2, tension: 0, spanGaps: false, borderDash: dashed ? [6, 4] : []
    };
  }

  function markerAnnotations(markers) {
    var result = {};
    (markers || []).forEach(function (m, i) {
      result['m' + i] = {
        type: 'line', xMin: m.epoch, xMax: m.epoch, borderColor: colors[m.kind] || colors.other, borderWidth: 2,
        borderDash: m.kind === 'cut' ? [4, 4] : [],
        label: {
          // Staggered down the line so labels of nearby markers do not cover each other.
          display: true, content: m.label, position: 'end', yAdjust: 4 + 22 * (i % 4), backgroundColor: colors[m.kind] || colors.other,
          color: '#ffffff', font: { size: 11 }, padding: 3
        }
      };
    });
    return result;
  }

  function curveChart(canvas, spec) {
    var datasets = spec.series.map(function (s) {
      return line(s.label, points(spec.epochs, s.values), colors[s.role] || colors.other, 'y', s.role === 'validation' || s.role === 'balanced' ? s.dashed : false);
    });
    datasets.push(line('learning rate', points(spec.epochs, spec.learningRates), colors.lr, 'y1', true));
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, parsing: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { stepSize: 1, precision: 0 }, min: 1, max: Math.max(2, spec.epochs.length) },
          y: { type: 'linear', title: { display: true, text: spec.yTitle }, min: spec.yMin === null ? undefined : spec.yMin, max: spec.yMax === null ? undefined : spec.yMax },
          y1: {
            type: spec.lrLog ? 'logarithmic' : 'linear', position: 'right', beginAtZero: !spec.lrLog, title: { display: true, text: 'learning rate' },
            grid: { drawOnChartArea: false }, ticks: { callback: function (v) { return spec.lrLog && !niceLog(v) ? null : fmt(v); } }
          }
        },
        plugins: { legend: { position: 'bottom' }, annotation: { annotations: markerAnnotations(spec.markers) } }
      }
    });
  }

  function barsChart(canvas, spec) {
    var palette = [colors.before, colors.after, colors.validation, colors.balanced];
    return new Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s, i) { return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length] }; })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, indexAxis: spec.horizontal ? 'y' : 'x',
        scales: {
          x: { title: { display: !!spec.xTitle, text: spec.xTitle || '' }, beginAtZero: true },
          y: { title: { display: !!spec.yTitle, text: spec.yTitle || '' }, beginAtZero: true, max: spec.max === null ? undefined : spec.max }
        },
        plugins: { legend: { display: spec.series.length > 1, position: 'bottom' } }
      }
    });
  }

  function matrixChart(canvas, spec) {
    var k = spec.classes.length, cells = [];
    for (var a = 0; a < k; a++) {
      var support = 0;
      for (var p = 0; p < k; p++) support += spec.counts[a * k + p];
      for (p = 0; p < k; p++) {
        var v = spec.counts[a * k + p];
        cells.push({ x: spec.classes[p], y: spec.classes[a], v: v, r: support === 0 ? 0 : v / support });
      }
    }
    return new Chart(canvas, {
      type: 'matrix',
      data: {
        datasets: [{
          label: 'rows', data: cells, borderWidth: 1, borderColor: '#ffffff',
          backgroundColor: function (c) {
            var d = c.dataset.data[c.dataIndex];
            return 'rgba(37, 99, 235, ' + (0.06 + 0.94 * (d ? d.r : 0)).toFixed(3) + ')';
          },
          width: function (c) { var area = c.chart.chartArea; return area ? area.width / k - 1 : 10; },
          height: function (c) { var area = c.chart.chartArea; return area ? area.height / k - 1 : 10; }
        }]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: {
          x: { type: 'category', labels: spec.classes, offset: true, ticks: { autoSkip: false }, grid: { display: false }, title: { display: true, text: 'predicted class' } },
          y: { type: 'category', labels: spec.classes.slice().reverse(), offset: true, ticks: { autoSkip: false }, grid: { display: false }, title: { display: true, text: 'true class' } }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { title: function () { return ''; }, label: function (c) { var d = c.raw; return 'true ' + d.y + ', predicted ' + d.x + ': ' + d.v + ' (' + (100 * d.r).toFixed(1) + '% of the class)'; } } }
        }
      },
      plugins: [cellLabels]
    });
  }

  function bestSoFarChart(canvas, spec) {
    return new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'trial', data: points(spec.numbers, spec.values), backgroundColor: colors.trial, pointRadius: 3 },
          { type: 'line', label: 'best so far', data: points(spec.numbers, spec.best), borderColor: colors.best, backgroundColor: colors.best, stepped: true, pointRadius: 0, borderWidth: 2 }
        ]
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { type: 'linear', title: { display: true, text: 'trial' }, ticks: { precision: 0 } }, y: { title: { display: true, text: spec.objective } } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }

  function parallelChart(canvas, spec) {
    var lo = Math.min.apply(null, spec.objectives), hi = Math.max.apply(null, spec.objectives);
    var datasets = spec.lines.map(function (values, i) {
      var t = hi === lo ? 1 : (spec.objectives[i] - lo) / (hi - lo);
      if (!spec.maximize) t = 1 - t;
      var color = 'hsla(' + Math.round(10 + 200 * t) + ', 75%, 45%, ' + (0.25 + 0.6 * t).toFixed(2) + ')';
      return { label: 'trial ' + spec.numbers[i], data: values, borderColor: color, backgroundColor: color, pointRadius: 0, borderWidth: 1.5, tension: 0 };
    });
    return new Chart(canvas, {
      type: 'line',
      data: { labels: spec.axes, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, events: [],
        scales: {
          x: { type: 'category', grid: { color: '#94a3b8' } },
          y: { min: 0, max: 1, title: { display: true, text: 'position in range (see table)' } }
        },
        plugins: { legend: { display: false }, tooltip: { enabled: false } }
      }
    });
  }

  function imageGrid(canvas, spec) {
    var scale = spec.scale, pad = 4, caption = 14;
    var cols = Math.min(spec.columns, spec.images.length), rows = Math.ceil(spec.images.length / spec.columns);
    var tileW = spec.width * scale, tileH = spec.height * scale;
    canvas.width = cols * (tileW + pad) + pad;
    canvas.height = rows * (tileH + pad + caption) + pad;
    canvas.style.width = canvas.width + 'px';
    canvas.style.height = canvas.height + 'px';
    var ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.imageSmoothingEnabled = false;
    var tile = document.createElement('canvas');
    tile.width = spec.width;
    tile.height = spec.height;
    var tctx = tile.getContext('2d');
    var plane = spec.width * spec.height;
    spec.images.forEach(function (b64, n) {
      var bytes = atob(b64), img = tctx.createImageData(spec.width, spec.height);
      for (var i = 0; i < plane; i++) {
        var r = bytes.charCodeAt(i);
        var g = spec.channels >= 3 ? bytes.charCodeAt(plane + i) : r;
        var b = spec.channels >= 3 ? bytes.charCodeAt(2 * plane + i) : r;
        img.data[4 * i] = r; img.data[4 * i + 1] = g; img.data[4 * i + 2] = b; img.data[4 * i + 3] = 255;
      }
      tctx.putImageData(img, 0, 0);
      var x = pad + (n % spec.columns) * (tileW + pad), y = pad + Math.floor(n / spec.columns) * (tileH + pad + caption);
      ctx.drawImage(tile, x, y, tileW, tileH);
      if (spec.captions[n]) {
        ctx.fillStyle = '#334155';
        ctx.font = '11px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText(spec.captions[n], x + tileW / 2, y + tileH + 11, tileW);
      }
    });
    markDrawn(canvas);
  }

  var builders = {
    curves: curveChart, bars: barsChart, matrix: matrixChart, best: bestSoFarChart, parallel: parallelChart, images: imageGrid
  };

  function build() {
    var specs = document.querySelectorAll('script[data-spec]');
    expected = specs.length + document.querySelectorAll('img[data-chart]').length;
    specs.forEach(function (block) {
      var canvas = document.getElementById(block.dataset.spec);
      try {
        var spec = JSON.parse(block.textContent);
        var builder = builders[spec.kind];
        if (!builder) throw new Error('unknown chart kind ' + spec.kind);
        builder(canvas, spec);
      } catch (e) {
        fail((canvas ? canvas.id : block.dataset.spec) + ': ' + (e && e.message ? e.message : e));
      }
    });
    document.querySelectorAll('img[data-chart]').forEach(function (img) {
      function loaded() {
        if (img.naturalWidth > 0) markDrawn(img); else fail(img.id + ': image did not decode');
      }
      if (img.complete) loaded(); else { img.addEventListener('load', loaded); img.addEventListener('error', function () { fail(img.id + ': image did not load'); }); }
    });
    finish(false);
    setTimeout(function () { finish(true); }, 5000);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', build); else build();
})();
