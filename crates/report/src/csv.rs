//! CSV exports: `findings.csv`, `access-matrix.csv`, `data-events.csv`.
//!
//! RFC 4180 (CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled),
//! and safe to open in a spreadsheet: a cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return (a formula to Excel, LibreOffice or Google Sheets) is prefixed with `'`, so it
//! is shown as text and never evaluated. Column sets are stable and documented here; new
//! columns are only ever appended. `title` follows `--lang`; every other header is fixed.

use crate::ReportInput;

/// `findings.csv` columns, in order.
pub const FINDINGS_COLUMNS: &[&str] = &[
    "practice_id",
    "title",
    "severity",
    "status",
    "account_id",
    "account_name",
    "ou_path",
    "region",
    "resource",
    "resource_name",
    "observed",
    "expected",
    "source",
    "suppressed",
];

/// `drift.csv` columns, in order. `change` is `setting`, `new`, `resolved` or `changed`;
/// `subject` is the resource kind for settings and the practice id for findings.
pub const DRIFT_COLUMNS: &[&str] = &[
    "change",
    "subject",
    "account_id",
    "account_name",
    "region",
    "resource",
    "resource_name",
    "setting",
    "old",
    "new",
];

/// `access-matrix.csv` columns, in order.
pub const ACCESS_COLUMNS: &[&str] = &[
    "user",
    "via",
    "account_id",
    "account_name",
    "permission_set",
    "class",
    "notes",
];

/// `data-events.csv` columns, in order.
pub const DATA_EVENT_COLUMNS: &[&str] = &[
    "account_id",
    "account_name",
    "bucket",
    "region",
    "read",
    "read_detail",
    "write",
    "write_detail",
];

/// Neutralise a spreadsheet formula, then quote per RFC 4180 when needed.
pub fn cell(value: &str) -> String {
    let neutral = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

fn line(out: &mut String, cells: &[&str]) {
    let row: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    line(&mut out, header);
    for r in rows {
        let refs: Vec<&str> = r.iter().map(String::as_str).collect();
        line(&mut out, &refs);
    }
    out
}

pub fn findings(input: &ReportInput) -> String {
    table(
        FINDINGS_COLUMNS,
        input.findings.iter().map(|f| {
            let label = f
                .account_id
                .as_deref()
                .and_then(|id| input.accounts.get(id));
            vec![
                f.rule_id.clone(),
                input.title(&f.rule_id).to_string(),
                f.severity.to_string(),
                f.status.to_string(),
                f.account_id.clone().unwrap_or_default(),
                label.map(|l| l.name.clone()).unwrap_or_default(),
                label.and_then(|l| l.ou_path.clone()).unwrap_or_default(),
                f.region.clone().unwrap_or_default(),
                f.resource.clone(),
                f.resource_name.clone().unwrap_or_default(),
                f.observed.clone(),
                f.expected.clone(),
                crate::sources(&f.rule_id).join(" | "),
                f.suppressed
                    .as_ref()
                    .map(|s| format!("until {}: {}", s.expires, s.reason))
                    .unwrap_or_default(),
            ]
        }),
    )
}

/// `drift.csv`: settings that changed, then findings new / resolved / changed. Empty (header
/// only) when the run was not compared with another.
pub fn drift(input: &ReportInput) -> String {
    let Some(d) = input.drift.drift() else {
        return table(DRIFT_COLUMNS, std::iter::empty());
    };
    let name = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| input.account_name(id))
            .unwrap_or_default()
            .to_string()
    };
    let settings = d.settings.iter().map(|c| {
        vec![
            "setting".to_string(),
            c.kind.to_string(),
            c.account_id.clone().unwrap_or_default(),
            name(&c.account_id),
            c.region.clone().unwrap_or_default(),
            c.resource.clone(),
            c.name.clone(),
            c.setting.clone(),
            c.old.clone().unwrap_or_else(|| "(absent)".into()),
            c.new.clone().unwrap_or_else(|| "(absent)".into()),
        ]
    });
    let findings = [
        ("new", &d.findings.new),
        ("resolved", &d.findings.resolved),
        ("changed", &d.findings.changed),
    ]
    .into_iter()
    .flat_map(|(change, list)| {
        list.iter().map(move |c| {
            vec![
                change.to_string(),
                c.rule_id.clone(),
                c.account_id.clone().unwrap_or_default(),
                name(&c.account_id),
                c.region.clone().unwrap_or_default(),
                c.resource.clone(),
                c.resource_name.clone().unwrap_or_default(),
                "status".to_string(),
                c.old.clone(),
                c.new.clone(),
            ]
        })
    });
    table(DRIFT_COLUMNS, settings.chain(findings))
}

pub fn access_matrix(input: &ReportInput) -> String {
    table(
        ACCESS_COLUMNS,
        input.access_matrix.iter().map(|r| {
            vec![
                r.user.clone(),
                r.via.clone(),
                r.account_id.clone(),
                input
                    .account_name(&r.account_id)
                    .unwrap_or_default()
                    .to_string(),
                r.permission_set.clone(),
                r.class.clone(),
                r.notes.join(" | "),
            ]
        }),
    )
}

pub fn data_events(input: &ReportInput) -> String {
    table(
        DATA_EVENT_COLUMNS,
        input.data_events.iter().map(|r| {
            vec![
                r.account_id.clone(),
                input
                    .account_name(&r.account_id)
                    .unwrap_or_default()
                    .to_string(),
                r.bucket.clone(),
                r.region.clone().unwrap_or_default(),
                r.read.clone(),
                r.read_detail.join(" | "),
                r.write.clone(),
                r.write_detail.join(" | "),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quoting_is_rfc4180() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        assert_eq!(cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(cell("-2+3"), "'-2+3");
        assert_eq!(cell("@SUM(1)"), "'@SUM(1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell(""), "");
    }
}
