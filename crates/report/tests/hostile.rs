//! Account names, policy names and observed values are attacker-controlled. Every format must
//! carry them inert: CSV never evaluates them as formulas and keeps them in their cell, JSON
//! escapes them, the terminal shows control and bidi characters instead of obeying them, HTML
//! escapes them in every section (and Chromium, loading the page, runs none of them), SARIF
//! keeps them in JSON strings and percent-encodes them in its pseudo-paths.

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
            observed_msg: None,
            expected_msg: None,
            evidence: vec![name.clone()],
            suppressed: None,
            severity_computed: false,
        })
        .collect();
    ReportInput {
        organization_id: "o-hostile".into(),
        generated_at: "2026-11-22T00:00:00Z".into(),
        caller_account_id: "111122223333".into(),
        partition: "aws".into(),
        home_region: "us-east-1".into(),
        tool_version: "test".into(),
        coverage: Coverage::default(),
        api_calls: 0,
        retries: 0,
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
        data_events: names
            .iter()
            .map(|n| orgaudit_rules::data_events::BucketCoverage {
                account_id: "000000000000".into(),
                bucket: n.clone(),
                region: Some(n.clone()),
                read: "partial".into(),
                read_detail: vec![n.clone()],
                write: "none".into(),
                write_detail: vec![],
            })
            .collect(),
        access_matrix: names
            .iter()
            .map(|n| orgaudit_rules::sso::AccessRow {
                user: n.clone(),
                via: format!("group {n}"),
                account_id: "000000000000".into(),
                permission_set: n.clone(),
                class: "admin-equivalent".into(),
                notes: vec![n.clone()],
            })
            .collect(),
        scp_chains: vec![orgaudit_rules::scp::AccountChain {
            account_id: "000000000000".into(),
            levels: names
                .iter()
                .map(|n| orgaudit_rules::scp::ChainLevelView {
                    kind: "OU",
                    id: n.clone(),
                    name: n.clone(),
                    policies: vec![n.clone()],
                })
                .collect(),
            guardrails: vec![orgaudit_rules::scp::GuardrailView {
                rule_id: "ORG.4",
                action: HOSTILE[1].into(),
                blocked: false,
                verdict: HOSTILE[0].into(),
                // Rendered in the report's language: the hostile text is an argument.
                verdict_msg: orgaudit_model::Message::new("verdict-unknown").arg("why", HOSTILE[0]),
                explanation: names.clone(),
            }],
            note: Some(HOSTILE[1].into()),
        }],
        drift: orgaudit_report::DriftSection::Compared(Box::new(orgaudit_drift::Drift {
            old: orgaudit_drift::RunRef {
                organization_id: "o-hostile".into(),
                finished_at: HOSTILE[0].into(),
            },
            new: orgaudit_drift::RunRef {
                organization_id: "o-hostile".into(),
                finished_at: "2026-11-22T00:00:00Z".into(),
            },
            settings: names
                .iter()
                .map(|n| orgaudit_drift::SettingChange {
                    kind: "bucket",
                    resource: n.clone(),
                    name: n.clone(),
                    account_id: Some("000000000000".into()),
                    region: None,
                    setting: n.clone(),
                    old: Some(n.clone()),
                    new: None,
                })
                .collect(),
            findings: Default::default(),
        })),
        lang: Default::default(),
        config_source: Some(HOSTILE[1].into()),
        disabled_rules: vec![HOSTILE[0].into()],
        catalogue: std::sync::Arc::new(orgaudit_rules::Catalogue::defaults()),
        seen: Default::default(),
        selection: Vec::new(),
        trend: Vec::new(),
        zone: Default::default(),
    }
}

#[test]
fn html_contains_no_markup_from_the_data() {
    let html = orgaudit_report::html::render(&input());
    assert_eq!(
        html.matches("<script").count(),
        2,
        "the data block and the script"
    );
    assert!(!html.contains("<img"), "an injected element");
    assert!(!html.contains("<script>alert"));
    assert!(
        !html.contains('\u{202E}'),
        "bidi overrides are written as references"
    );
    let data = html
        .split("<script type=\"application/json\" id=\"findings-data\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    assert!(!data.contains('<') && !data.contains('>'));
    let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
    assert!(
        parsed["text"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == HOSTILE[1]),
        "the values survive, as data"
    );
}

#[test]
fn chromium_runs_nothing_from_the_data() {
    let dir = std::env::temp_dir().join(format!("orgaudit-hostile-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    std::fs::write(&page, orgaudit_report::html::render(&input())).unwrap();
    let url = format!("file://{}", page.display());
    let loaded = orgaudit_testkit::browser::load(&url, &dir.join("profile"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.console.is_empty(), "console: {:#?}", loaded.console);
    assert!(loaded.dom.contains("data-ready=\"1\""), "the script ran");
    assert!(
        !loaded.dom.contains("<img"),
        "no element came from the data"
    );
    // The search box puts the data through the script's path too.
    let hashed = format!("{url}#filter?q=%3Cscript%3E");
    let searched = orgaudit_testkit::browser::load(&hashed, &dir.join("profile"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        searched.console.is_empty(),
        "console: {:#?}",
        searched.console
    );
    assert!(
        searched.dom.contains("data-matches=\"1\""),
        "one name contains <script>"
    );
    assert!(!searched.dom.contains("<img"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sarif_keeps_values_as_data() {
    let text = orgaudit_report::sarif::render(&input());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), HOSTILE.len() + 1);
    for r in results {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._/".contains(c)),
            "{uri}"
        );
        assert_eq!(
            uri.matches('/').count(),
            4,
            "aws/<account-name>/<region>/<service>/<resource-name>: {uri}"
        );
        assert!(
            uri.split('/')
                .all(|s| !s.is_empty() && s != ".." && s != "."),
            "{uri}"
        );
    }
}

#[test]
fn csv_cells_are_inert_and_stay_in_their_cells() {
    let text = orgaudit_report::csv::findings(&input());
    let text = text
        .strip_prefix('\u{feff}')
        .expect("UTF-8 with a byte order mark, for Excel");
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
        for (i, cell) in row.iter().enumerate() {
            // An account id is the text formula orgaudit writes itself: `="` twelve digits `"`.
            if headers[i] == *"account_id" && cell.starts_with('=') {
                assert!(
                    cell.len() == 15
                        && cell.starts_with("=\"")
                        && cell.ends_with('"')
                        && cell[2..14].bytes().all(|b| b.is_ascii_digit()),
                    "{cell:?}"
                );
                continue;
            }
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

/// Above `PRETTY_LIMIT` findings the JSON and SARIF writers stream compact output: it must be
/// the same document, still valid, with every result.
#[test]
fn large_reports_stream_valid_json_and_sarif() {
    let mut big = input();
    let template = big.findings[0].clone();
    big.findings = (0..orgaudit_report::json::PRETTY_LIMIT + 5)
        .map(|i| {
            let mut f = template.clone();
            f.resource = format!("arn:aws:s3:::bucket-{i}");
            f.status = if i % 3 == 0 {
                orgaudit_model::Status::Pass
            } else {
                orgaudit_model::Status::Fail
            };
            f
        })
        .collect();
    let json: serde_json::Value =
        serde_json::from_str(&orgaudit_report::json::render(&big)).unwrap();
    assert_eq!(
        json["findings"].as_array().unwrap().len(),
        big.findings.len()
    );
    let sarif_text = orgaudit_report::sarif::render(&big);
    assert!(!sarif_text.contains("\n  "), "compact above the limit");
    let sarif: serde_json::Value = serde_json::from_str(&sarif_text).unwrap();
    let failing = big
        .findings
        .iter()
        .filter(|f| f.status != orgaudit_model::Status::Pass)
        .count();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        failing
    );
    assert_eq!(sarif["version"], "2.1.0");
    let html = orgaudit_report::html::render(&big);
    let data = html
        .split("id=\"findings-data\">")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(parsed["rows"].as_array().unwrap().len(), big.findings.len());
}

/// In Japanese, observed texts are Fluent messages rendered with the data as arguments:
/// the rendering is escaped like any other text, and the values survive as data.
#[test]
fn japanese_messages_keep_hostile_arguments_as_data() {
    let mut input = input();
    input.lang = orgaudit_report::Lang::Ja;
    for f in &mut input.findings {
        f.observed_msg = Some(Box::new(
            orgaudit_model::Message::new("not-read").arg("error", f.observed.clone()),
        ));
    }
    let html = orgaudit_report::html::render(&input);
    assert_eq!(html.matches("<script").count(), 2);
    assert!(!html.contains("<img") && !html.contains("<script>alert"));
    assert!(!html.contains('\u{202E}'));
    let data = html
        .split("<script type=\"application/json\" id=\"findings-data\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    assert!(!data.contains('<') && !data.contains('>'));
    let parsed: serde_json::Value = serde_json::from_str(data).unwrap();
    let rendered = format!("読み取れなかった: {}", HOSTILE[1]);
    assert!(
        parsed["text"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| *t == rendered),
        "rendered in Japanese around the value, which survives as data"
    );
    let csv = orgaudit_report::csv::findings(&input);
    assert!(csv.contains("読み取れなかった: "));
}
