//! Account names, policy names and observed values are attacker-controlled. Every format must
//! carry them inert: CSV never evaluates them as formulas and keeps them in their cell, JSON
//! escapes them, the terminal shows control and bidi characters instead of obeying them.

use orgaudit_model::{Coverage, Finding, Severity, Status};
use orgaudit_report::{AccountLabel, ReportInput};

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil.example/\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "@SUM(1,2)",
    "\tTAB",
    "\rCR",
    "right\u{202E}to-left",
    "\u{1b}[2J\u{1b}[31mred",
    "quote \" comma , newline \n end",
];

fn input() -> ReportInput {
    let long = "A".repeat(100_000);
    let mut names: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    names.push(long);
    let findings = names
        .iter()
        .enumerate()
        .map(|(i, name)| Finding {
            rule_id: "ORG.4".into(),
            status: Status::Fail,
            severity: Severity::High,
            account_id: Some(format!("{i:012}")),
            region: None,
            resource: format!("arn:aws:organizations::000000000000:account/o-x/{i:012}"),
            resource_name: Some(name.clone()),
            observed: name.clone(),
            expected: "denied".into(),
            evidence: vec![name.clone()],
            suppressed: None,
        })
        .collect();
    ReportInput {
        organization_id: "o-hostile".into(),
        generated_at: "2026-11-22T00:00:00Z".into(),
        tool_version: "test".into(),
        coverage: Coverage::default(),
        unreachable: vec![],
        errors: vec![],
        accounts: names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                (
                    format!("{i:012}"),
                    AccountLabel {
                        name: n.clone(),
                        ou_path: Some(n.clone()),
                    },
                )
            })
            .collect(),
        findings,
        data_events: vec![],
        access_matrix: vec![],
    }
}

#[test]
fn csv_cells_are_inert_and_stay_in_their_cells() {
    let text = orgaudit_report::csv::findings(&input());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        orgaudit_report::csv::FINDINGS_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        rows.len(),
        HOSTILE.len() + 1,
        "one row per finding, whatever the cells hold"
    );
    for row in &rows {
        assert_eq!(row.len(), headers.len());
        for cell in row.iter() {
            let first = cell.chars().next();
            assert!(
                !matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')),
                "a cell could be read as a formula: {cell:?}"
            );
        }
    }
    // The values survive (behind the neutralising apostrophe).
    let names: Vec<&str> = rows.iter().map(|r| &r[5]).collect();
    assert!(names.contains(&"'=HYPERLINK(\"http://evil.example/\",\"click\")"));
    assert!(names.contains(&"quote \" comma , newline \n end"));
}

#[test]
fn json_escapes_everything() {
    let text = orgaudit_report::json::render(&input());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["account_name"].as_str().unwrap())
        .collect();
    for h in HOSTILE {
        assert!(names.contains(h), "{h:?} did not round-trip");
    }
    assert!(!text.contains("<script>alert(1)</script>\n"));
    assert!(!text.contains('\u{1b}'), "raw escape characters in JSON");
}

#[test]
fn terminal_shows_control_characters_instead_of_obeying_them() {
    let text = orgaudit_report::terminal::render(&input(), Some(200), false);
    assert!(
        !text.contains('\u{1b}'),
        "an ANSI escape reached the terminal"
    );
    assert!(
        !text.contains('\u{202E}'),
        "a bidi override reached the terminal"
    );
    assert!(text.contains("\\u{202e}"));
    assert!(
        text.lines().all(|l| l.chars().count() < 2_000),
        "a 100,000-character value was not cut"
    );
}
