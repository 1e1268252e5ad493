//! The HTML report's CSV export (`src/html/export.js`), run in Node.js as the browser runs it,
//! and read back with the `csv` crate: the filtered view follows findings.csv's conventions
//! (BOM, RFC 4180, formulas neutralised, account ids as text) whatever the data holds.

use std::process::Command;

fn to_csv(header: &[&str], records: &serde_json::Value, accounts: &[usize]) -> String {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/html/export.js");
    let out = Command::new("node")
        .arg("-e")
        .arg(
            "const c = require(process.argv[1]);\
             process.stdout.write(c.toCsv(JSON.parse(process.argv[2]), JSON.parse(process.argv[3]), JSON.parse(process.argv[4])));",
        )
        .arg(&script)
        .arg(serde_json::to_string(header).unwrap())
        .arg(records.to_string())
        .arg(serde_json::to_string(accounts).unwrap())
        .output()
        .unwrap_or_else(|e| panic!("node is required for this test (.ci/run installs it): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_filtered_view_exports_as_findings_csv_does() {
    let hostile = serde_json::json!([
        [
            "S3.6",
            "公開されていないこと",
            "critical",
            "fail",
            "012345678901",
            "=HYPERLINK(\"http://x\")",
            "prod/web",
            "us-east-1",
            "arn:aws:s3:::b",
            "b,\"quoted\"\r\nline",
            "+cmd|' /C calc'!A0",
            "-1",
            ""
        ],
        [
            "ORG.1",
            "t",
            "high",
            "unknown",
            "not-an-id",
            "@SUM(A1)",
            "",
            "",
            "o-1",
            "\tTab",
            "x",
            "y",
            "until 2027-01-01: ok"
        ],
    ]);
    let header = orgaudit_report::csv::EXPORT_COLUMNS;
    let text = to_csv(header, &hostile, &[4]);
    assert!(text.starts_with('\u{feff}'), "a byte order mark for Excel");
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches("\r\n").count(),
        4,
        "header, two records, one CRLF inside a quoted field"
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let got: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), header);
    assert_eq!(got.len(), 2);
    // Account ids as the text formula orgaudit writes, only for twelve digits.
    assert_eq!(got[0][4], "=\"012345678901\"");
    assert_eq!(got[1][4], "not-an-id");
    // Every attacker-chosen cell that a spreadsheet would evaluate starts with '.
    assert_eq!(got[0][5], "'=HYPERLINK(\"http://x\")");
    assert_eq!(got[0][10], "'+cmd|' /C calc'!A0");
    assert_eq!(got[0][11], "'-1");
    assert_eq!(got[1][5], "'@SUM(A1)");
    assert_eq!(got[1][9], "'\tTab");
    // Quotes, commas and line breaks survive as data; Japanese as UTF-8.
    assert_eq!(got[0][9], "b,\"quoted\"\r\nline");
    assert_eq!(got[0][1], "公開されていないこと");
    assert_eq!(got[1][12], "until 2027-01-01: ok");
}
