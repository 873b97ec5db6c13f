/* lumbung default theme: progressive enhancements. Every page works without this
   file: tables are in rank order, lists complete, and the search box submits to the
   explore page. With it: sortable and filterable tables, list filters, and instant
   search from the static index (search-index.json, loaded on first use). */
(function () {
  "use strict";
  var $ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var fold = function (s) { return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); };
  var fill = function (tpl, vars) { return tpl.replace(/\{(\w+)\}/g, function (_, k) { return vars[k]; }); };
  var el = function (tag, text, attrs) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  };

  function cellValue(row, i) {
    var c = row.cells[i];
    var v = c.getAttribute("data-value");
    return v == null ? c.textContent.trim() : v;
  }

  /* A button in each th[data-sort] sorts the rows by that column. The first click sorts
     numbers from the highest (best first: IID, SPD, SID, completeness) and text from A,
     or as the th's data-sort-first says (a rank: "ascending"); the next click reverses. */
  function sortable(table) {
    table.classList.add("sorting");
    $("thead th[data-sort]", table).forEach(function (th, i) {
      var b = el("button", null, { type: "button" });
      while (th.firstChild) b.appendChild(th.firstChild);
      // The arrow is decoration: aria-sort says the order, the name stays the column's.
      b.appendChild(el("span", null, { "class": "sort-arrow", "aria-hidden": "true" }));
      th.appendChild(b);
      var num = th.getAttribute("data-sort") === "num";
      var first = th.getAttribute("data-sort-first") || (num ? "descending" : "ascending");
      b.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var asc = now ? now !== "ascending" : first === "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i);
          var d = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, document.documentElement.lang);
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        $("th[aria-sort]", table.tHead).forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      });
    });
  }

  /* Filters rows or cards: `items` are elements, `test(item)` says whether to show. */
  function filterer(box, items, test) {
    var count = box.querySelector("[data-filter-count]");
    var tpl = box.getAttribute("data-count-text") || "{shown}/{total}";
    var run = function () {
      var shown = 0;
      items.forEach(function (it) { var ok = test(it); it.hidden = !ok; if (ok) shown++; });
      if (count) count.textContent = fill(tpl, { shown: shown, total: items.length });
    };
    box.hidden = false;
    $("input,select", box).forEach(function (c) { c.addEventListener("input", run); c.addEventListener("change", run); });
    box.addEventListener("submit", function (e) { e.preventDefault(); });
    return run;
  }

  function tableTools(box) {
    var table = document.getElementById(box.getAttribute("data-table"));
    if (!table) return;
    var text = box.querySelector("[data-filter-text]"), pred = box.querySelector("[data-filter-predicate]");
    filterer(box, Array.prototype.slice.call(table.tBodies[0].rows), function (row) {
      return fold(row.cells[1].textContent).indexOf(fold(text.value.trim())) >= 0 &&
        (!pred.value || row.getAttribute("data-predicate") === pred.value);
    });
  }

  function listFilter(box) {
    var list = document.getElementById(box.getAttribute("data-list"));
    if (!list) return;
    var text = box.querySelector("[data-filter-text]"), stage = box.querySelector("[data-filter-stage]"),
      digital = box.querySelector("[data-filter-digital]");
    filterer(box, $(".card", list), function (card) {
      return fold(card.querySelector("h3").textContent).indexOf(fold(text.value.trim())) >= 0 &&
        (!stage.value || card.getAttribute("data-stage") === stage.value) &&
        (!digital.value || card.getAttribute("data-digital") === digital.value);
    });
  }

  /* ---- search ---- */
  var index = null, loading = null;
  function load(url) {
    if (!loading) {
      loading = fetch(url).then(function (r) { return r.json(); }).then(function (data) {
        var terms = data.terms.map(function (t) { return fold(t[0]); });
        data.hay = data.items.map(function (it) {
          return fold(it[0]) + " " + fold(data.regions[it[2]][0]) + " " + it[3].map(function (t) { return terms[t]; }).join(" ");
        });
        data.termHay = terms;
        data.regionHay = data.regions.map(function (r) { return fold(r[0] + " " + r[2]); });
        index = data;
        return data;
      });
    }
    return loading;
  }

  var number = function (n) { return n.toLocaleString(document.documentElement.lang); };

  /* Results for `query`, best first: regions, innovations whose title matches, taxonomy
     terms, then innovations found by their region or terms. {list (at most `limit`),
     total}; a result is {label, sub, href}, `content` when the label is the portfolio's
     text, `prefix` (a term's taxonomy) and `count` (its innovations) for terms. */
  function search(data, query, limit) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return { list: [], total: 0 };
    var all = function (hay) { return words.every(function (w) { return hay.indexOf(w) >= 0; }); };
    var out = [], q = fold(query.trim());
    data.regionHay.forEach(function (h, i) { if (all(h)) out.push({ rank: 0, label: data.regions[i][0], sub: data.regions[i][2], href: data.regions[i][1] }); });
    data.termHay.forEach(function (h, i) {
      if (!all(h)) return;
      var t = data.terms[i], tax = (data.taxonomies || [])[t[3]] || [];
      out.push({ rank: 3, label: (tax[0] === "tags" ? "#" : "") + t[0], prefix: tax[1], count: t[2], href: t[1], content: tax[0] === "tags" });
    });
    for (var i = 0; i < data.hay.length; i++) {
      if (!all(data.hay[i])) continue;
      var it = data.items[i], title = fold(it[0]);
      out.push({ rank: title.indexOf(q) === 0 ? 1 : all(title) ? 2 : 4, label: it[0], sub: data.regions[it[2]][0], href: it[1], content: true });
    }
    out.sort(function (a, b) { return a.rank - b.rank; }); // stable: index order within a rank
    return { list: out.slice(0, limit), total: out.length };
  }

  /* Writes `res` into `target` and the form's status; `more` is the link to every
     result (the explore page), shown when some were left out. */
  function renderResults(target, res, home, form, more) {
    target.textContent = "";
    var status = form.querySelector("[role=status]"), n = res.list.length;
    var msg = !n ? status.getAttribute("data-none")
      : fill(status.getAttribute(res.total > n ? "data-count-of" : "data-count"), { n: number(n), total: number(res.total) });
    var ul = el("ul"), contentLang = form.getAttribute("data-content-lang");
    res.list.forEach(function (r) {
      var a = el("a", null, { href: home + r.href });
      var hit = el("span", r.prefix ? r.prefix + ": " : null, { "class": "hit" });
      // Innovation titles and tags are in the portfolio's language, maybe not the page's.
      hit.appendChild(r.content && contentLang ? el("span", r.label, { lang: contentLang }) : document.createTextNode(r.label));
      a.appendChild(hit);
      var count = r.count === 1 ? "data-term-count-one" : "data-term-count";
      a.appendChild(el("small", r.count != null ? fill(status.getAttribute(count), { n: number(r.count) }) : r.sub));
      var li = el("li"); li.appendChild(a); ul.appendChild(li);
    });
    if (!more) target.appendChild(el("p", msg, { "class": "meta" }));
    else if (!n) target.appendChild(el("p", msg));
    if (n) target.appendChild(ul);
    if (more && res.total > n) {
      var p = el("p", msg + " · ", { "class": "search-more" });
      p.appendChild(el("a", status.getAttribute("data-all"), { href: more }));
      target.appendChild(p);
    }
    status.textContent = msg;
  }

  function searchBox(form) {
    var input = form.querySelector("input[type=search]"), panel = form.querySelector(".search-results");
    var home = form.getAttribute("data-home"), url = form.getAttribute("data-index");
    var run = function () {
      var q = input.value;
      if (!q.trim()) { panel.hidden = true; return; }
      load(url).then(function (data) {
        if (input.value !== q) return;
        var t0 = performance.now();
        var res = search(data, q, 12);
        renderResults(panel, res, home, form, form.getAttribute("action") + "?q=" + encodeURIComponent(q));
        panel.hidden = false;
        form.setAttribute("data-search-ms", (performance.now() - t0).toFixed(1));
      });
    };
    // Clicking the panel (its scroll bar) keeps the focus inside the form.
    panel.setAttribute("tabindex", "-1");
    input.addEventListener("focus", function () { load(url); });
    input.addEventListener("input", run);
    // Esc closes the results from the box or from a result; Down and Up move the focus
    // through the box and the links of the results (Tab still leaves them).
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !panel.hidden) {
        input.focus(); // before hiding: a hidden link would drop the focus to the page
        panel.hidden = true;
        e.preventDefault();
        return;
      }
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      if (panel.hidden) {
        if (e.key === "ArrowDown" && e.target === input && input.value.trim()) { e.preventDefault(); run(); }
        return;
      }
      var links = $("a", panel), at = links.indexOf(document.activeElement);
      if (!links.length || (at < 0 && e.target !== input)) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
      (next < 0 ? input : links[next]).focus();
    });
    form.addEventListener("focusout", function (e) { if (!form.contains(e.relatedTarget)) panel.hidden = true; });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) panel.hidden = true; });
    return run;
  }

  /* The explore page shows every result for ?q= (the search box's submit target), up
     to a thousand. */
  function searchPage(form) {
    var q = new URLSearchParams(location.search).get("q");
    var section = document.getElementById("search-page");
    if (!q || !section) return;
    form.querySelector("input[type=search]").value = q;
    load(form.getAttribute("data-index")).then(function (data) {
      renderResults(document.getElementById("search-page-results"), search(data, q, 1000), form.getAttribute("data-home"), form, null);
      section.hidden = false;
    });
  }

  $("table[data-sortable]").forEach(sortable);
  // The hint only holds where sorting works.
  if ($("table[data-sortable]").length) $("[data-sort-hint]").forEach(function (p) { p.hidden = false; });
  $(".table-tools[data-table]").forEach(tableTools);
  $(".list-filter[data-list]").forEach(listFilter);
  $("form.search").forEach(function (f) { searchBox(f); searchPage(f); });
  window.lumbungSearch = function (q) { return index ? search(index, q, 12) : null; };
})();
