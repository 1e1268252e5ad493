//! The per-practice summaries of every format show the severity the practices file configured,
//! not the catalogue's default (the reports receive the effective catalogue; before, they read
//! the global one and printed `medium` for a practice configured `critical`).

use orgaudit_model::{Coverage, Severity};
use orgaudit_report::ReportInput;
use orgaudit_rules::{Catalogue, RuleSettings, Settings};
use std::sync::Arc;

fn input() -> ReportInput {
    let mut settings = Settings::default();
    settings.rules.insert(
        "S3.1".into(),
        RuleSettings {
            severity: Some(Severity::Critical),
            ..Default::default()
        },
    );
    ReportInput {
        organization_id: "o-test".into(),
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
        accounts: Default::default(),
        findings: vec![],
        data_events: vec![],
        access_matrix: vec![],
        scp_chains: vec![],
        drift: Default::default(),
        lang: Default::default(),
        config_source: Some("orgaudit.toml".into()),
        disabled_rules: vec![],
        catalogue: Arc::new(Catalogue::build(settings).expect("valid settings")),
        seen: Default::default(),
        selection: Vec::new(),
        trend: Vec::new(),
        zone: Default::default(),
    }
}

#[test]
fn every_format_summarises_at_the_configured_severity() {
    let input = input();
    assert_eq!(
        orgaudit_rules::Catalogue::defaults().severity("S3.1"),
        Some(Severity::Medium),
        "the default this test overrides"
    );

    let json: serde_json::Value =
        serde_json::from_str(&orgaudit_report::json::render(&input)).unwrap();
    let s3_1 = json["summary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule_id"] == "S3.1")
        .unwrap();
    assert_eq!(s3_1["severity"], "critical");

    let sarif = orgaudit_report::sarif::document(&input);
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "S3.1")
        .unwrap();
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert_eq!(rule["properties"]["security-severity"], "9.5");

    let terminal = orgaudit_report::terminal::render(&input, Some(200), false);
    let row = terminal
        .lines()
        .find(|l| l.contains("S3.1") && l.contains("versioning"))
        .unwrap();
    assert!(row.contains("critical"), "{row}");

    let html = orgaudit_report::html::render(&input);
    let at = html.find("href=\"#rule-S3.1\"").unwrap();
    let row_end = at + html[at..].find("</tr>").unwrap();
    assert!(
        html[at..row_end].contains("sev-critical"),
        "{}",
        &html[at..row_end]
    );
}
