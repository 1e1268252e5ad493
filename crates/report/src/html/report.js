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
  fill(controls.severity, SEVERITY.map(function (s, i) { return [String(i), s]; }));
  fill(controls.status, STATUS.map(function (s, i) { return [String(i), T[s]]; }));
  fill(controls.practice, data.rules.map(function (r, i) { return [String(i), r[0] + " " + r[1]]; }));
  fill(controls.service, distinct(function (r) { var s = data.rules[r[2]][2]; return [s, s]; }));
  fill(controls.account, distinct(function (r) {
    if (r[3] < 0) { return null; }
    var a = data.accounts[r[3]];
    return [String(r[3]), (a[1] ? a[1] + " " : "") + a[0]];
  }));
  fill(controls.ou, distinct(function (r) {
    if (r[3] < 0) { return null; }
    var ou = data.accounts[r[3]][2];
    return ou ? [ou, ou] : null;
  }));
  fill(controls.region, distinct(function (r) { return r[4] < 0 ? null : [str(r[4]), str(r[4])]; }));

  function state() {
    var s = {};
    Object.keys(controls).forEach(function (k) { if (controls[k].value) { s[k] = controls[k].value; } });
    if (search.value) { s.q = search.value; }
    return s;
  }
  function matcher(s) {
    var q = (s.q || "").toLowerCase();
    return function (r) {
      if (s.severity !== undefined && String(r[1]) !== s.severity) { return false; }
      if (s.status !== undefined && String(r[0]) !== s.status) { return false; }
      if (s.practice !== undefined && String(r[2]) !== s.practice) { return false; }
      if (s.service !== undefined && data.rules[r[2]][2] !== s.service) { return false; }
      if (s.account !== undefined && String(r[3]) !== s.account) { return false; }
      if (s.ou !== undefined && (r[3] < 0 || data.accounts[r[3]][2] !== s.ou)) { return false; }
      if (s.region !== undefined && str(r[4]) !== s.region) { return false; }
      if (q) {
        var a = r[3] < 0 ? ["", "", ""] : data.accounts[r[3]];
        var hay = [str(r[5]), str(r[6]), str(r[7]), str(r[8]), a[0], a[1], data.rules[r[2]][0], data.rules[r[2]][1]]
          .join("\n").toLowerCase();
        if (hay.indexOf(q) < 0) { return false; }
      }
      return true;
    };
  }

  function row(r) {
    var rule = data.rules[r[2]];
    var tr = el("tr", "row-" + STATUS[r[0]]);
    var td = el("td");
    td.appendChild(el("span", "badge st-" + STATUS[r[0]], T[STATUS[r[0]]]));
    tr.appendChild(td);
    td = el("td");
    td.appendChild(el("span", "badge sev-" + SEVERITY[r[1]], SEVERITY[r[1]]));
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
    tr.appendChild(el("td", "mono", str(r[4])));
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
  }

  function apply(fromHash) {
    var s = state(), keep = matcher(s);
    matches = [];
    for (var i = 0; i < rows.length; i++) { if (keep(rows[i])) { matches.push(i); } }
    page = 0;
    render();
    if (!fromHash) {
      var parts = Object.keys(s).map(function (k) { return k + "=" + encodeURIComponent(s[k]); });
      history.replaceState(null, "", parts.length ? "#filter?" + parts.join("&") : location.pathname + location.search);
    }
  }

  // A URL such as report.html#filter?severity=1&status=1 opens with the filters set (shareable
  // links). The values go into the controls and a change event is dispatched, so the page
  // reacts exactly as if a person had picked them.
  function fromHash() {
    if (location.hash.indexOf("#filter?") !== 0) { return false; }
    location.hash.slice(8).split("&").forEach(function (p) {
      var kv = p.split("="), k = kv[0], v = decodeURIComponent(kv[1] || "");
      var c = k === "q" ? search : controls[k];
      if (c) { c.value = v; }
    });
    return true;
  }

  Object.keys(controls).forEach(function (k) {
    controls[k].addEventListener("change", function () { apply(false); });
  });
  search.addEventListener("input", function () { apply(false); });
  document.getElementById("prev").addEventListener("click", function () { if (page > 0) { page--; render(); } });
  document.getElementById("next").addEventListener("click", function () {
    if ((page + 1) * PAGE < matches.length) { page++; render(); }
  });
  window.addEventListener("hashchange", function () {
    if (fromHash()) { search.dispatchEvent(new Event("input")); }
  });
  if (fromHash()) {
    search.dispatchEvent(new Event("input"));
    document.getElementById("findings").scrollIntoView();
  } else {
    apply(true);
  }
  document.body.dataset.ready = "1";
}());
