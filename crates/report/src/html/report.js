// orgaudit report: filters, search and pagination over the findings embedded as JSON.
// Every value is inserted with textContent, never as HTML: the data is attacker-controlled.
(function () {
  "use strict";
  var holder = document.getElementById("findings-data");
  if (!holder) { return; }
  var data = JSON.parse(holder.textContent);
  var T = data.strings, text = data.text, rows = data.rows;
  var STATUS = ["pass", "fail", "unknown", "suppressed"];
  var SEVERITY = ["critical", "high", "medium", "low", "info"];
  var PAGE = 100;
  var page = 0, matches = [];
  document.body.classList.add("js");

  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (txt !== undefined && txt !== null) { e.textContent = txt; }
    return e;
  }
  function str(i) { return i < 0 ? "" : text[i]; }
  var controls = {};
  ["severity", "status", "practice", "service", "account", "ou", "region"].forEach(function (k) {
    controls[k] = document.getElementById("f-" + k);
  });
  var search = document.getElementById("f-q");

  function fill(select, values) {
    var all = el("option", null, T.all);
    all.value = "";
    select.appendChild(all);
    values.forEach(function (v) {
      var o = el("option", null, v[1]);
      o.value = v[0];
      select.appendChild(o);
    });
  }
  function distinct(get) {
    var seen = {}, out = [];
    rows.forEach(function (r) {
      var v = get(r);
      if (v && !seen[v[0]]) { seen[v[0]] = true; out.push(v); }
    });
    return out.sort(function (a, b) { return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0; });
  }
  // Option values are what a person reads in the URL: severity and status names, practice
  // ids, account ids (report.html#severity=critical,high&practice=S3.6&account=123456789012).
  // Severity and status are check boxes: any number of them at once.
  function fillChecks(box, values) {
    values.forEach(function (v) {
      var l = el("label", "check"), c = document.createElement("input");
      c.type = "checkbox";
      c.value = v[0];
      l.appendChild(c);
      l.appendChild(document.createTextNode(v[1]));
      box.appendChild(l);
    });
  }
  fillChecks(controls.severity, SEVERITY.map(function (s) { return [s, T.sev[s] || s]; }));
  fillChecks(controls.status, STATUS.map(function (s) { return [s, T[s]]; }));
  fill(controls.practice, data.rules.map(function (r) { return [r[0], r[0] + " " + r[1]]; }));
  fill(controls.service, distinct(function (r) { var s = data.rules[r[2]][2]; return [s, T.areas[s] || s]; }));
  fill(controls.account, distinct(function (r) {
    if (r[3] < 0) { return null; }
    var a = data.accounts[r[3]];
    return [a[0], (a[1] ? a[1] + " " : "") + a[0]];
  }));
  fill(controls.ou, distinct(function (r) {
    if (r[3] < 0) { return null; }
    var ou = data.accounts[r[3]][2];
    return ou ? [ou, ou] : null;
  }));
  fill(controls.region, distinct(function (r) { return r[4] < 0 ? null : [str(r[4]), str(r[4])]; }));

  // The filters: each key holds a list of accepted values (several from a URL such as
  // #severity=critical,high; one from a control).
  var current = {};
  function keyOf(k, r) {
    switch (k) {
      case "severity": return SEVERITY[r[1]];
      case "status": return STATUS[r[0]];
      case "practice": return data.rules[r[2]][0];
      case "service": return data.rules[r[2]][2];
      case "account": return r[3] < 0 ? "" : data.accounts[r[3]][0];
      case "ou": return r[3] < 0 ? "" : data.accounts[r[3]][2];
      case "region": return str(r[4]);
    }
    return "";
  }
  function matcher(s) {
    var q = (s.q || [""])[0].toLowerCase();
    var keys = Object.keys(controls).filter(function (k) { return s[k] && s[k].length; });
    return function (r) {
      for (var i = 0; i < keys.length; i++) {
        if (s[keys[i]].indexOf(keyOf(keys[i], r)) < 0) { return false; }
      }
      if (q) {
        var a = r[3] < 0 ? ["", "", ""] : data.accounts[r[3]];
        var hay = [str(r[5]), str(r[6]), str(r[7]), str(r[8]), a[0], a[1], data.rules[r[2]][0], data.rules[r[2]][1]]
          .join("\n").toLowerCase();
        if (hay.indexOf(q) < 0) { return false; }
      }
      return true;
    };
  }
  // Show `current` in the controls: one value selects its option; several select an option
  // made for the list.
  function isChecks(c) { return c.tagName === "FIELDSET"; }
  function boxes(c) { return Array.prototype.slice.call(c.querySelectorAll("input[type=checkbox]")); }
  function showState() {
    Object.keys(controls).forEach(function (k) {
      var c = controls[k], v = current[k] || [];
      if (isChecks(c)) {
        boxes(c).forEach(function (b) {
          var on = v.indexOf(b.value) >= 0;
          b.checked = on;
          // Also the attribute: the page's state is readable in its markup.
          if (on) { b.setAttribute("checked", ""); } else { b.removeAttribute("checked"); }
        });
        return;
      }
      Array.prototype.slice.call(c.querySelectorAll("option.multi")).forEach(function (o) { c.removeChild(o); });
      if (v.length > 1) {
        // Shown as the reader's language says them (the values stay the URL's).
        var label = v.map(function (x) { return k === "severity" ? (T.sev[x] || x) : k === "status" ? (T[x] || x) : x; });
        var o = el("option", "multi", label.join(", "));
        o.value = v.join(",");
        c.appendChild(o);
      }
      c.value = v.join(",");
    });
    search.value = current.q ? current.q[0] : "";
  }
  // Sorting: a column's header sorts by it; again, the other way (`sort=severity`,
  // `sort=-severity` in the URL). Ties keep the report's order (worst first).
  function sortValue(k, r) {
    switch (k) {
      case "status": return r[0];
      case "severity": return r[1];
      case "practice": return data.rules[r[2]][0];
      case "account": return r[3] < 0 ? "" : (data.accounts[r[3]][1] || data.accounts[r[3]][0]);
      case "region": return str(r[4]);
      case "resource": return r[6] >= 0 ? str(r[6]) : str(r[5]);
    }
    return "";
  }
  function sortMatches() {
    var spec = current.sort ? current.sort[0] : "";
    if (!spec) { return; }
    var dir = spec.charAt(0) === "-" ? -1 : 1, key = spec.replace(/^-/, "");
    matches.sort(function (a, b) {
      var x = sortValue(key, rows[a]), y = sortValue(key, rows[b]);
      var c = x < y ? -1 : x > y ? 1 : 0;
      return c * dir || a - b;
    });
    Array.prototype.slice.call(document.querySelectorAll("th[data-sort]")).forEach(function (th) {
      th.setAttribute("aria-sort", th.dataset.sort === key ? (dir > 0 ? "ascending" : "descending") : "none");
    });
  }
  function hashOf(s) {
    var parts = Object.keys(s).filter(function (k) { return s[k] && s[k].length && s[k][0] !== ""; })
      .map(function (k) { return k + "=" + s[k].map(encodeURIComponent).join(","); });
    return parts.length ? "#" + parts.join("&") : "";
  }

  function row(r) {
    var rule = data.rules[r[2]];
    var tr = el("tr", "row-" + STATUS[r[0]]);
    var td = el("td");
    td.appendChild(el("span", "badge st-" + STATUS[r[0]], T[STATUS[r[0]]]));
    tr.appendChild(td);
    td = el("td");
    td.appendChild(el("span", "badge sev-" + SEVERITY[r[1]], T.sev[SEVERITY[r[1]]] || SEVERITY[r[1]]));
    tr.appendChild(td);
    td = el("td");
    var link = el("a", "mono", rule[0]);
    link.href = "#rule-" + rule[0];
    td.appendChild(link);
    td.appendChild(el("div", null, rule[1]));
    tr.appendChild(td);
    td = el("td");
    if (r[3] >= 0) {
      var acct = data.accounts[r[3]];
      td.appendChild(el("div", null, acct[1]));
      td.appendChild(el("div", "mono muted", acct[0]));
      if (acct[2]) { td.appendChild(el("div", "muted", acct[2])); }
    }
    tr.appendChild(td);
    tr.appendChild(el("td", "mono nowrap", str(r[4])));
    td = el("td");
    if (r[6] >= 0) { td.appendChild(el("div", null, str(r[6]))); }
    td.appendChild(el("div", "mono muted", str(r[5])));
    tr.appendChild(td);
    td = el("td");
    var diff = el("div", "diff");
    diff.appendChild(el("span", "k", T.expected));
    diff.appendChild(el("span", "exp", str(r[8])));
    diff.appendChild(el("span", "k", T.observed));
    diff.appendChild(el("span", "obs", str(r[7])));
    td.appendChild(diff);
    if (r[10] >= 0) { td.appendChild(el("div", "muted", T.suppressed + ": " + str(r[10]))); }
    if (r[9].length) {
      var det = el("details");
      det.appendChild(el("summary", null, T.evidence + " (" + r[9].length + ")"));
      var ul = el("ul", "plain");
      r[9].forEach(function (i) { ul.appendChild(el("li", "mono", str(i))); });
      det.appendChild(ul);
      td.appendChild(det);
    }
    // What to do, in the row: only where there is something to fix.
    if (STATUS[r[0]] === "fail" || STATUS[r[0]] === "unknown") {
      td.appendChild(el("div", "fix", T.remediation + ": " + rule[4]));
    }
    td.appendChild(el("div", "src", T.source + ": " + rule[3]));
    tr.appendChild(td);
    return tr;
  }

  function render() {
    var body = document.getElementById("findings-body");
    var start = page * PAGE, end = Math.min(matches.length, start + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = start; i < end; i++) { frag.appendChild(row(rows[matches[i]])); }
    if (!matches.length) {
      var tr = el("tr"), td = el("td", "muted", T.no_match);
      td.colSpan = 7;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    body.replaceChildren(frag);
    var info = T.showing + " " + (matches.length ? start + 1 : 0) + "–" + end + " " + T.of + " " + matches.length;
    document.getElementById("shown-count").textContent = info;
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = end >= matches.length;
    document.body.dataset.matches = String(matches.length);
    document.body.dataset.rendered = String(end - start);
    exportLink.dataset.rows = String(matches.length);
  }

  // Export of the filtered view: the rows that match, in their order, with the columns the
  // report names (csv::EXPORT_COLUMNS), each record in that order. Built when the link is
  // followed (a Blob, nothing leaves the page).
  var exportLink = document.getElementById("export");
  var exportUrl = null;
  var EXPORT_HEADER = data.export_columns;
  function exportRecords() {
    return matches.map(function (i) {
      var r = rows[i], rule = data.rules[r[2]], acct = r[3] >= 0 ? data.accounts[r[3]] : ["", "", ""];
      return [rule[0], rule[1], SEVERITY[r[1]], STATUS[r[0]] === "suppressed" ? "fail" : STATUS[r[0]],
        acct[0], acct[1], acct[2] || "", str(r[4]), str(r[5]), str(r[6]), str(r[7]), str(r[8]), str(r[10])];
    });
  }
  exportLink.addEventListener("click", function () {
    if (exportUrl) { URL.revokeObjectURL(exportUrl); }
    var csv = orgauditCsv.toCsv(EXPORT_HEADER, exportRecords(), [EXPORT_HEADER.indexOf("account_id")]);
    exportUrl = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    exportLink.href = exportUrl;
  });

  function apply(push) {
    var keep = matcher(current);
    matches = [];
    for (var i = 0; i < rows.length; i++) { if (keep(rows[i])) { matches.push(i); } }
    sortMatches();
    page = 0;
    render();
    document.body.dataset.sort = current.sort ? current.sort[0] : "";
    if (push) {
      // Each change is a history entry: back and forward step through the filters.
      var h = hashOf(current);
      history.pushState(null, "", h || location.pathname + location.search);
    }
  }

  // The URL's filters: `#severity=critical,high&practice=S3.6&account=123456789012&q=text`
  // (and the older `#filter?…` form). Returns whether the URL held any.
  function fromHash() {
    var h = location.hash.replace(/^#filter\?/, "#").slice(1);
    current = {};
    var any = false;
    h.split("&").forEach(function (p) {
      var kv = p.split("="), k = kv[0];
      if (!kv[1] || (k !== "q" && k !== "sort" && !controls[k])) { return; }
      current[k] = kv[1].split(",").map(decodeURIComponent).filter(function (v) { return v !== ""; });
      any = true;
    });
    showState();
    return any;
  }

  Object.keys(controls).forEach(function (k) {
    controls[k].addEventListener("change", function () {
      var c = controls[k];
      var v = isChecks(c)
        ? boxes(c).filter(function (b) { return b.checked; }).map(function (b) { return b.value; })
        : (c.value ? c.value.split(",") : []);
      if (v.length) { current[k] = v; } else { delete current[k]; }
      apply(true);
    });
  });
  search.addEventListener("input", function () {
    if (search.value) { current.q = [search.value]; } else { delete current.q; }
    apply(true);
  });
  Array.prototype.slice.call(document.querySelectorAll("th[data-sort]")).forEach(function (th) {
    th.classList.add("sortable");
    th.addEventListener("click", function () {
      var k = th.dataset.sort, now = current.sort ? current.sort[0] : "";
      current.sort = [now === k ? "-" + k : k];
      apply(true);
    });
  });
  document.getElementById("prev").addEventListener("click", function () { if (page > 0) { page--; render(); } });
  document.getElementById("next").addEventListener("click", function () {
    if ((page + 1) * PAGE < matches.length) { page++; render(); }
  });
  // Anchors (#summary, #rule-S3.6) move the page, they do not filter.
  function isFilterHash(h) { return h === "" || h === "#" || /^#(filter\?)?[a-z]+=/.test(h); }
  function follow() {
    if (!isFilterHash(location.hash)) { return; }
    var any = fromHash();
    apply(false);
    if (any) { document.getElementById("findings").scrollIntoView(); }
  }
  window.addEventListener("popstate", follow);
  window.addEventListener("hashchange", follow);
  if (fromHash()) {
    apply(false);
    document.getElementById("findings").scrollIntoView();
  } else {
    apply(false);
  }
  document.body.dataset.ready = "1";
}());
