// The review report's page: filters, paging, and each record drawn from the embedded JSON when shown.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var records = data.records;
  var state = { list: records, page: 0 };
  var $ = function (id) { return document.getElementById(id); };
  var LABELS = { level1: "一级指标", level2: "二级指标", level3: "三级指标", target: "指标值", actual: "实际完成值",
    weight: "分值", score: "得分", deviation: "偏差原因", achieved: "achieved" };

  function el(tag, attrs) {
    var node = document.createElement(tag);
    var k;
    for (k in attrs || {}) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "cls") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    }
    for (k = 2; k < arguments.length; k++) {
      var child = arguments[k];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }

  function text(value) { return value === null || value === undefined ? "" : String(value); }
  function yearOf(r) { return r.year === undefined ? "—" : String(r.year); }

  // ---- filters -------------------------------------------------------------------------------
  function matches(r, f) {
    if (f.warned && !(r.warnings && r.warnings.length)) return false;
    if (f.code && (r.codes || []).indexOf(f.code) < 0) return false;
    if (f.form && r.form !== f.form) return false;
    if (f.year && yearOf(r) !== f.year) return false;
    if (f.achieved && (r.achieved || []).indexOf(f.achieved) < 0) return false;
    if (f.search) {
      var hay = (text(r.name) + " " + text(r.department)).toLowerCase();
      if (hay.indexOf(f.search) < 0) return false;
    }
    return true;
  }

  function currentFilters() {
    return { warned: $("f-warned").checked, code: $("f-code").value, form: $("f-form").value,
      year: $("f-year").value, achieved: $("f-achieved").value,
      search: $("f-search").value.replace(/\s+/g, "").toLowerCase() };
  }

  function apply() {
    var f = currentFilters();
    state.list = records.filter(function (r) { return matches(r, f); });
    state.page = 0;
    render();
  }

  // ---- paging --------------------------------------------------------------------------------
  function render() {
    var size = data.page_size, pages = Math.max(1, Math.ceil(state.list.length / size));
    state.page = Math.min(state.page, pages - 1);
    var shown = state.list.slice(state.page * size, (state.page + 1) * size);
    var box = $("records");
    box.replaceChildren.apply(box, shown.map(card));
    $("shown-count").textContent = state.list.length + " of " + records.length + " records" +
      (pages > 1 ? " · page " + (state.page + 1) + " of " + pages : "");
    $("prev").disabled = state.page === 0;
    $("next").disabled = state.page >= pages - 1;
    document.body.setAttribute("data-rendered", String(shown.length));
  }

  // ---- one record ----------------------------------------------------------------------------
  function card(r) {
    var warned = r.warnings && r.warnings.length;
    var article = el("article", { cls: "record" + (warned ? " warned" : ""), id: "record-" + r.id, "data-id": r.id });
    article.appendChild(el("h3", null, el("span", { cls: "name", text: r.name }), " ",
      el("small", { text: [r.form, yearOf(r), r.department].filter(Boolean).join(" · ") })));
    var pages = r.pages ? " · pages " + r.pages[0] + (r.pages[1] !== r.pages[0] ? "–" + r.pages[1] : "") : "";
    article.appendChild(el("p", { cls: "src", text: text(r.path) + " · " + text(r.method) + pages }));
    var left = el("div", { cls: "left" }), right = el("div", { cls: "right" });
    left.appendChild(headerBlock(r));
    left.appendChild(indicatorTable(r));
    [labelMatches(r), rowRepairs(r), unplaced(r), pairedBlock(r), comparisonBlock(r)].forEach(function (n) {
      if (n) left.appendChild(n);
    });
    var views = pageViews(r);
    right.appendChild(views);
    left.appendChild(warningList(r, views));
    article.appendChild(el("div", { cls: "record-body" }, left, right));
    return article;
  }

  function headerBlock(r) {
    var table = el("table", { cls: "header" });
    (r.header || []).concat((r.funds || []).map(function (f) { return [f[0], text(f[1])]; })).forEach(function (p) {
      table.appendChild(el("tr", null, el("th", { text: p[0] }), el("td", { text: p[1] })));
    });
    if (r.goal) table.appendChild(el("tr", null, el("th", { text: "年度目标" }), el("td", { text: r.goal })));
    if (r.goal_actual) table.appendChild(el("tr", null, el("th", { text: "实际完成" }), el("td", { text: r.goal_actual })));
    if (r.total_score !== undefined) table.appendChild(el("tr", null, el("th", { text: "总分" }), el("td", { text: text(r.total_score) + (r.grade ? " · " + r.grade : "") })));
    return table;
  }

  function flaggedRows(r) {
    var flagged = {};
    (r.warnings || []).forEach(function (w) {
      var m = /^indicators\[(\d+)(?::(\d+))?\]/.exec(w.field || "");
      if (!m) return;
      var last = m[2] ? Number(m[2]) - 1 : Number(m[1]);
      for (var k = Number(m[1]); k <= last; k++) flagged[k] = true;
    });
    return flagged;
  }

  function indicatorTable(r) {
    var cols = r.columns || [];
    var table = el("table", { cls: "indicators" });
    var head = el("tr", null, el("th", { text: "#" }));
    cols.forEach(function (c) { head.appendChild(el("th", { text: LABELS[c] || c })); });
    head.appendChild(el("th", { text: "where" }));
    table.appendChild(el("thead", null, head));
    var body = el("tbody"), flagged = flaggedRows(r);
    (r.rows || []).forEach(function (row, k) {
      var tr = el("tr", { cls: flagged[k] ? "flagged" : "" }, el("td", { text: String(k) }));
      cols.forEach(function (c) {
        var td = el("td", { text: text(row[c]) });
        if ((c === "level1" || c === "level2") && row[c + "_score"] !== undefined) {
          td.appendChild(el("span", { cls: "badge fuzzy", text: "≈ " + row[c + "_score"], title: "printed " + row[c + "_raw"] }));
        }
        if (c === "achieved" && row[c]) td.className = "achieved-" + row[c];
        tr.appendChild(td);
      });
      var where = el("td", { text: row.ref || (row.page ? "p. " + row.page : "") });
      if (row.repaired) where.appendChild(el("span", { cls: "badge repaired", text: "repaired" }));
      if (row.realigned) where.appendChild(el("span", { cls: "badge realigned", text: "re-aligned" }));
      tr.appendChild(where);
      body.appendChild(tr);
    });
    table.appendChild(body);
    return table;
  }

  function section(title, cls, items) {
    if (!items.length) return null;
    var list = el("ul");
    items.forEach(function (i) { list.appendChild(el("li", { text: i })); });
    return el("div", { cls: "section " + cls }, el("h4", { text: title }), list);
  }

  function labelMatches(r) {
    var items = [];
    (r.rows || []).forEach(function (row, k) {
      ["level1", "level2"].forEach(function (level) {
        if (row[level + "_score"] !== undefined) {
          items.push("#" + k + " " + level + ": printed " + JSON.stringify(text(row[level + "_raw"])) + " → " +
            text(row[level]) + " (score " + row[level + "_score"] + ")");
        }
      });
    });
    return section("Fuzzy label matches", "fuzzy", items);
  }

  function rowRepairs(r) {
    var items = [];
    (r.rows || []).forEach(function (row, k) {
      if (row.repaired || row.realigned) {
        items.push("#" + k + " " + text(row.level3) + " — " + [row.repaired ? "repaired (name and value paired across rows)" : "",
          row.realigned ? "re-aligned (cells moved back to their columns)" : ""].filter(Boolean).join("; "));
      }
    });
    return section("Repaired and re-aligned rows", "repairs", items);
  }

  function unplaced(r) {
    return section("Unplaced cells", "unplaced", (r.warnings || []).filter(function (w) { return w.unplaced; })
      .map(function (w) { return w.code + ": " + text(w.message); }));
  }

  function pairedBlock(r) {
    if (!r.paired) return null;
    var p = r.paired;
    return el("p", { cls: "paired", text: "Paired target table: " + text(p.sha256).slice(0, 12) + " table " + text(p.table) +
      " (score " + text(p.score) + ")" });
  }

  function comparisonBlock(r) {
    if (!data.comparisons) return null;
    var rows = data.comparisons[text(r.name) + "\u241f" + text(r.department)] || [];
    if (!rows.length) return null;
    var cols = ["year_from", "year_to", "level3", "target_from", "target_to", "change"];
    var head = el("tr"), table = el("table", { cls: "comparisons" }, head);
    cols.forEach(function (c) { head.appendChild(el("th", { text: c })); });
    rows.forEach(function (c) {
      var tr = el("tr");
      cols.forEach(function (k) { tr.appendChild(el("td", { text: text(c[k]) })); });
      table.appendChild(tr);
    });
    return el("div", { cls: "section comparisons" }, el("h4", { text: "Across years" }), table);
  }

  // ---- the page image with the cells over it ---------------------------------------------------
  function pageViews(r) {
    var box = el("div", { cls: "pages" });
    if (r.image_note) box.appendChild(el("p", { cls: "image-note", text: r.image_note }));
    (r.images || []).forEach(function (img) {
      var b = img.box, w = b[2] - b[0], h = b[3] - b[1];
      var view = svg("svg", { viewBox: b[0] + " " + b[1] + " " + w + " " + h, "class": "page-view",
        width: Math.round(w * 1.2), "data-page": img.page });
      if (img.src) view.appendChild(svg("image", { href: img.src, x: b[0], y: b[1], width: w, height: h }));
      (img.cells || []).forEach(function (c) {
        view.appendChild(svg("rect", { "class": "cell", x: c[0], y: c[1], width: c[2] - c[0], height: c[3] - c[1] }));
      });
      (r.warnings || []).forEach(function (wn, k) {
        if (!wn.bbox || wn.page !== img.page) return;
        var c = wn.bbox;
        view.appendChild(svg("rect", { "class": "flag", "data-w": k, x: c[0], y: c[1], width: c[2] - c[0], height: c[3] - c[1] }));
      });
      box.appendChild(el("figure", null, view, el("figcaption", { text: "page " + img.page })));
    });
    return box;
  }

  function imageOf(r, page) {
    return (r.images || []).filter(function (i) { return i.page === page; })[0];
  }

  function cellCrop(r, w) {
    var img = w.bbox ? imageOf(r, w.page) : null;
    if (!w.bbox) return el("p", { cls: "crop-note", text: "this warning names no cell: " + text(w.field) });
    if (!img) return el("p", { cls: "crop-note", text: "page " + w.page + ", cell at " + w.bbox.join(", ") + " (no page image)" });
    var m = 8, c = w.bbox, b = img.box;
    var x = Math.max(c[0] - m, b[0]), y = Math.max(c[1] - m, b[1]);
    var vw = Math.min(c[2] + m, b[2]) - x, vh = Math.min(c[3] + m, b[3]) - y;
    var view = svg("svg", { viewBox: x + " " + y + " " + vw + " " + vh, "class": "cell-crop-view", width: Math.round(vw * 2.5) });
    if (img.src) view.appendChild(svg("image", { href: img.src, x: b[0], y: b[1], width: b[2] - b[0], height: b[3] - b[1] }));
    (img.cells || []).forEach(function (d) {
      view.appendChild(svg("rect", { "class": "cell", x: d[0], y: d[1], width: d[2] - d[0], height: d[3] - d[1] }));
    });
    view.appendChild(svg("rect", { "class": "flag", x: c[0], y: c[1], width: c[2] - c[0], height: c[3] - c[1] }));
    return view;
  }

  function warningList(r, views) {
    var wrap = el("div", { cls: "section warnings" }, el("h4", { text: (r.warnings || []).length ? "Warnings" : "No warnings" }));
    var list = el("ul"), crop = el("div", { cls: "cell-crop" });
    function show(k) {
      var w = r.warnings[k];
      crop.replaceChildren(el("p", { cls: "crop-title", text: w.code + " · " + text(w.field) + (w.ref ? " · " + w.ref : "") }),
        cellCrop(r, w));
      views.querySelectorAll("rect.flag").forEach(function (rect) {
        rect.classList.toggle("active", rect.getAttribute("data-w") === String(k));
      });
    }
    (r.warnings || []).forEach(function (w, k) {
      var item = el("li", { cls: "warning" + (w.bbox ? " placed" : ""), "data-code": w.code, tabindex: "0" },
        el("code", { text: w.code }), " ", el("span", { cls: "field", text: text(w.field) }), " ", text(w.message));
      item.addEventListener("mouseenter", function () { show(k); });
      item.addEventListener("click", function () { show(k); });
      item.addEventListener("focus", function () { show(k); });
      list.appendChild(item);
    });
    wrap.appendChild(list);
    wrap.appendChild(crop);
    return wrap;
  }

  // ---- wiring --------------------------------------------------------------------------------
  function setUpAchieved() {
    var values = {};
    records.forEach(function (r) { (r.achieved || []).forEach(function (a) { values[a] = true; }); });
    var names = Object.keys(values).sort();
    if (!names.length) return;
    names.forEach(function (a) { $("f-achieved").appendChild(el("option", { value: a, text: a })); });
    $("f-achieved-label").hidden = false;
  }

  setUpAchieved();
  ["f-warned", "f-code", "f-form", "f-year", "f-achieved"].forEach(function (id) { $(id).addEventListener("change", apply); });
  $("f-search").addEventListener("input", apply);
  $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  $("filters").addEventListener("reset", function () { setTimeout(apply, 0); });
  $("prev").addEventListener("click", function () { state.page -= 1; render(); window.scrollTo(0, $("review").offsetTop); });
  $("next").addEventListener("click", function () { state.page += 1; render(); window.scrollTo(0, $("review").offsetTop); });
  document.querySelectorAll(".code-link").forEach(function (b) {
    b.addEventListener("click", function () { $("f-code").value = b.getAttribute("data-code"); apply(); $("review").scrollIntoView(); });
  });
  render();
})();
