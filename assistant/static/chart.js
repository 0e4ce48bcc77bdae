/* Score explorer chart: one council's nine quality statement scores against the spread of every loaded
 * council (min–max band, one dot per council), as inline SVG built with DOM calls (no library, no inline
 * style, so the page's CSP holds). A table with the same numbers follows it for keyboard and screen-reader
 * users. Exposes window.CQCScoreChart.render(container, rows, statements, council, wordings). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var W = 820, LABEL = 330, PAD = 40, ROW = 40, TOP = 58;
  var SHORT = { 1: ["Significant", "shortfalls"], 2: ["Some", "shortfalls"], 3: ["Good", "standard"],
    4: ["Exceptional", "standard"] };

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function html(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function x(score) { return LABEL + PAD + (score - 1) * ((W - LABEL - 2 * PAD) / 3); }

  /* Per statement: the selected council's score, min, max and how many councils gave each score. */
  function spread(rows, statements, council) {
    var mine = rows.filter(function (r) { return r.council === council; })[0];
    return statements.map(function (s) {
      var values = rows.map(function (r) { return r.scores[s.name]; })
        .filter(function (v) { return v !== null && v !== undefined; });
      var counts = { 1: 0, 2: 0, 3: 0, 4: 0 };
      values.forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      return {
        statement: s.name, theme: s.theme, score: mine ? mine.scores[s.name] : null, counts: counts,
        min: values.length ? Math.min.apply(null, values) : null,
        max: values.length ? Math.max.apply(null, values) : null, n: values.length,
      };
    });
  }

  function describe(stats, council, total) {
    var above = stats.filter(function (s) { return s.score && s.max !== null && s.score === s.max && s.min !== s.max; });
    var below = stats.filter(function (s) { return s.score && s.min !== null && s.score === s.min && s.min !== s.max; });
    var parts = [council + "'s score for each of the nine quality statements, against the range across " +
      total + " loaded councils."];
    if (above.length) parts.push("Highest of the loaded councils for: " + above.map(function (s) { return s.statement; }).join(", ") + ".");
    if (below.length) parts.push("Lowest of the loaded councils for: " + below.map(function (s) { return s.statement; }).join(", ") + ".");
    parts.push("The table after the chart gives every number.");
    return parts.join(" ");
  }

  function drawChart(stats, council, total, wordings, idBase) {
    var height = TOP + stats.length * ROW + 10;
    var root = svg("svg", {
      viewBox: "0 0 " + W + " " + height, role: "img", class: "score-chart-svg",
      "aria-labelledby": idBase + "-title " + idBase + "-desc", focusable: "false",
    });
    root.appendChild(svg("title", { id: idBase + "-title" }, "Scores of " + council + " against the loaded councils"));
    root.appendChild(svg("desc", { id: idBase + "-desc" }, describe(stats, council, total)));
    [1, 2, 3, 4].forEach(function (v) {
      root.appendChild(svg("line", { x1: x(v), x2: x(v), y1: TOP - 8, y2: height - 6, class: "chart-grid" }));
      root.appendChild(svg("text", { x: x(v), y: 16, "text-anchor": "middle", class: "chart-axis" }, String(v)));
      SHORT[v].forEach(function (word, line) {
        root.appendChild(svg("text", { x: x(v), y: 30 + line * 13, "text-anchor": "middle", class: "chart-axis-sub" }, word));
      });
    });
    stats.forEach(function (s, i) {
      var cy = TOP + i * ROW + ROW / 2;
      var g = svg("g", { class: "chart-row", "data-statement": s.statement });
      if (i % 2 === 0) g.appendChild(svg("rect", { x: 0, y: cy - ROW / 2, width: W, height: ROW, class: "chart-stripe" }));
      g.appendChild(svg("text", { x: LABEL - 8, y: cy + 5, "text-anchor": "end", class: "chart-label" }, s.statement));
      if (s.min !== null) {
        g.appendChild(svg("rect", {
          x: x(s.min) - 9, y: cy - 9, width: x(s.max) - x(s.min) + 18, height: 18, rx: 9, class: "chart-band",
        }));
      }
      [1, 2, 3, 4].forEach(function (v) {
        for (var k = 0; k < s.counts[v]; k++) {
          g.appendChild(svg("circle", { cx: x(v) + (k - (s.counts[v] - 1) / 2) * 7, cy: cy, r: 3, class: "chart-dot" }));
        }
      });
      if (s.score) {
        g.appendChild(svg("circle", { cx: x(s.score), cy: cy, r: 11, class: "chart-mark s" + s.score }));
        g.appendChild(svg("text", { x: x(s.score), y: cy + 5, "text-anchor": "middle", class: "chart-mark-text s" + s.score },
          String(s.score)));
      }
      root.appendChild(g);
    });
    return root;
  }

  function drawTable(stats, council, idBase) {
    var wrap = html("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-labelledby": idBase + "-caption" });
    var table = html("table", { class: "data-table chart-table" });
    table.appendChild(html("caption", { id: idBase + "-caption" }, "Scores of " + council + " and the loaded councils' spread"));
    var head = html("tr");
    ["Quality statement", council, "Lowest", "Highest", "Councils scoring 1 / 2 / 3 / 4"].forEach(function (h) {
      head.appendChild(html("th", { scope: "col" }, h));
    });
    table.appendChild(html("thead")).appendChild(head);
    var body = table.appendChild(html("tbody"));
    stats.forEach(function (s) {
      var tr = html("tr");
      tr.appendChild(html("th", { scope: "row" }, s.statement));
      tr.appendChild(html("td", null, s.score ? String(s.score) : "not found"));
      tr.appendChild(html("td", null, s.min === null ? "—" : String(s.min)));
      tr.appendChild(html("td", null, s.max === null ? "—" : String(s.max)));
      tr.appendChild(html("td", null, [1, 2, 3, 4].map(function (v) { return s.counts[v]; }).join(" / ")));
      body.appendChild(tr);
    });
    wrap.appendChild(table);
    return wrap;
  }

  function render(container, rows, statements, council, wordings) {
    while (container.firstChild) container.removeChild(container.firstChild);
    if (!council || !rows.length) return null;
    var stats = spread(rows, statements, council);
    var idBase = "score-chart";
    var legend = html("p", { class: "hint chart-legend" },
      "Band: lowest to highest score among the " + rows.length + " loaded councils; small dots: one per council; " +
      "numbered circle: " + council + ".");
    container.appendChild(drawChart(stats, council, rows.length, wordings || {}, idBase));
    container.appendChild(legend);
    container.appendChild(drawTable(stats, council, idBase));
    return stats;
  }

  window.CQCScoreChart = { render: render, spread: spread };
})();
