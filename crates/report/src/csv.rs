//! CSV exports: `findings.csv`, `access-matrix.csv`, `data-events.csv`, `drift.csv`.
//!
//! RFC 4180 (CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled),
//! UTF-8 with a byte order mark (Excel reads a BOM-less file in the system's legacy code page
//! and garbles Japanese), and safe to open in a spreadsheet: a cell that begins with `=`, `+`,
//! `-`, `@`, a tab or a carriage return (a formula to Excel, LibreOffice or Google Sheets) is
//! prefixed with `'`, so it is shown as text and never evaluated. Account ids (twelve digits,
//! which a spreadsheet would turn into a number and strip of leading zeros) are written as the
//! text formula `="012345678901"`: orgaudit writes it itself, only for exactly twelve digits,
//! so no attacker-chosen text is ever a formula. Column sets are stable and documented here;
//! new columns are only ever appended. `title` follows `--lang`; every other header is fixed.

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
    "finding_id",
    "remediation",
    "controls",
    "first_seen",
    "last_seen",
];

/// The columns of the HTML report's "Export these findings (CSV)", in order: findings.csv's,
/// less those the page does not carry (source, finding id, remediation, controls, times).
/// The page's script receives this list; it fills each record in this order.
pub const EXPORT_COLUMNS: &[&str] = &[
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
    "suppressed",
];

/// The byte order mark every CSV starts with.
pub const BOM: &str = "\u{feff}";

/// An account id as spreadsheet text (`="…"`) when it is one (exactly twelve ASCII digits);
/// anything else is an ordinary cell, neutralised as any other.
fn account_cell(out: &mut impl std::io::Write, id: &str) -> std::io::Result<()> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        write!(out, "\"=\"\"{id}\"\"\"")
    } else {
        write_cell(out, id)
    }
}

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
    let mut out = Vec::with_capacity(value.len() + 2);
    // Writing into memory cannot fail.
    let _ = write_cell(&mut out, value);
    String::from_utf8(out).unwrap_or_default()
}

/// [`cell`], written straight to `out` (no allocation for the common plain cell).
fn write_cell(out: &mut impl std::io::Write, value: &str) -> std::io::Result<()> {
    let formula = matches!(
        value.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    let quote = value.contains([',', '"', '\n', '\r']);
    if quote {
        out.write_all(b"\"")?;
    }
    if formula {
        out.write_all(b"'")?;
    }
    if quote {
        let mut parts = value.split('"');
        if let Some(first) = parts.next() {
            out.write_all(first.as_bytes())?;
        }
        for part in parts {
            out.write_all(b"\"\"")?;
            out.write_all(part.as_bytes())?;
        }
        out.write_all(b"\"")
    } else {
        out.write_all(value.as_bytes())
    }
}

fn line(out: &mut impl std::io::Write, cells: &[&str]) -> std::io::Result<()> {
    line_with_account(out, cells, usize::MAX)
}

/// A line whose cell `account` (if any) is an account id.
fn line_with_account(
    out: &mut impl std::io::Write,
    cells: &[&str],
    account: usize,
) -> std::io::Result<()> {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        if i == account {
            account_cell(out, c)?;
        } else {
            write_cell(out, c)?;
        }
    }
    out.write_all(b"\r\n")
}

fn table_to(
    out: &mut impl std::io::Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    out.write_all(BOM.as_bytes())?;
    line(out, header)?;
    let account = header
        .iter()
        .position(|h| *h == "account_id")
        .unwrap_or(usize::MAX);
    for r in rows {
        let refs: Vec<&str> = r.iter().map(String::as_str).collect();
        line_with_account(out, &refs, account)?;
    }
    Ok(())
}

pub(crate) fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = table_to(&mut out, header, rows);
    String::from_utf8(out).unwrap_or_default()
}

pub fn findings(input: &ReportInput) -> String {
    let mut out = Vec::new();
    let _ = write_findings(input, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Write `findings.csv`, one row at a time.
pub fn write_findings(input: &ReportInput, mut out: impl std::io::Write) -> std::io::Result<()> {
    let mut sources: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let mut controls: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    let lang = input.lang.code();
    out.write_all(BOM.as_bytes())?;
    line(&mut out, FINDINGS_COLUMNS)?;
    for f in &input.findings {
        let label = f
            .account_id
            .as_deref()
            .and_then(|id| input.accounts.get(id));
        let source = sources
            .entry(f.rule_id.as_ref())
            .or_insert_with(|| crate::sources(&input.catalogue, &f.rule_id).join(" | "));
        let suppressed = f
            .suppressed
            .as_ref()
            .map(|s| format!("until {}: {}", s.expires, s.reason))
            .unwrap_or_default();
        let control = controls
            .entry(f.rule_id.as_ref())
            .or_insert_with(|| input.catalogue.controls(&f.rule_id).join(" | "));
        let remediation = input
            .catalogue
            .meta(&f.rule_id)
            .map(|m| m.remediation.get(lang))
            .unwrap_or_default();
        line_with_account(
            &mut out,
            &[
                &f.rule_id,
                input.title(&f.rule_id),
                f.severity.as_str(),
                f.status.as_str(),
                f.account_id.as_deref().unwrap_or_default(),
                label.map(|l| l.name.as_str()).unwrap_or_default(),
                label.and_then(|l| l.ou_path.as_deref()).unwrap_or_default(),
                f.region.as_deref().unwrap_or_default(),
                &f.resource,
                f.resource_name.as_deref().unwrap_or_default(),
                &input.observed(f),
                &input.expected(f),
                source,
                &suppressed,
                &crate::identity::finding_id(f),
                remediation,
                control,
                input.first_seen(f),
                &input.generated_at,
            ],
            4,
        )?;
    }
    Ok(())
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
    fn the_export_columns_are_findings_csv_columns_in_their_order() {
        let positions: Vec<usize> = EXPORT_COLUMNS
            .iter()
            .map(|c| FINDINGS_COLUMNS.iter().position(|f| f == c).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    }

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
