// orgaudit report: the filtered view as CSV, the same conventions as findings.csv (RFC 4180
// with CRLF, UTF-8 with a byte order mark for Excel, a cell that a spreadsheet would take for a
// formula prefixed with ', account ids kept as text with ="…" only for exactly twelve digits).
// Loaded before report.js; also a CommonJS module for the tests (node).
var orgauditCsv = (function () {
  "use strict";
  var FORMULA = /^[=+\-@\t\r]/;
  function cell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    if (FORMULA.test(s)) { s = "'" + s; }
    if (/[",\r\n]/.test(s)) { s = '"' + s.replace(/"/g, '""') + '"'; }
    return s;
  }
  function account(id) {
    return /^[0-9]{12}$/.test(id) ? '"=""' + id + '"""' : cell(id);
  }
  // header: column names; records: arrays of values; accountColumns: indexes of account ids.
  function toCsv(header, records, accountColumns) {
    var ids = {};
    (accountColumns || []).forEach(function (i) { ids[i] = true; });
    var lines = [header.map(cell).join(",")];
    records.forEach(function (r) {
      lines.push(r.map(function (v, i) { return ids[i] ? account(v) : cell(v); }).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  return { toCsv: toCsv, cell: cell };
})();
if (typeof module === "object" && module.exports) { module.exports = orgauditCsv; }
