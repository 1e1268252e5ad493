//! The terminal summary (comfy-table): per practice pass / fail / unknown, the worst
//! failures with account and resource, and the collection coverage.

use crate::{counts_by_rule, worst_first, ReportInput};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ContentArrangement, Table};
use orgaudit_model::{Severity, Status};

/// How many non-passing findings the summary lists.
pub const WORST_LIMIT: usize = 15;

/// Make attacker-controlled text safe for a terminal: control characters (ESC sequences that
/// could rewrite the screen, carriage returns, bidirectional overrides) become visible
/// `\u{…}` escapes, and very long values are cut.
pub fn sanitize(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i >= max_chars {
            out.push('…');
            break;
        }
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        if c.is_control() || bidi {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Magenta,
        Severity::High => Color::Red,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Cyan,
        Severity::Info => Color::Grey,
    }
}

/// Render the summary for a terminal `width` columns wide (`None`: no limit). `color` adds
/// ANSI colours (only when stdout is a terminal).
pub fn render(input: &ReportInput, width: Option<u16>, color: bool) -> String {
    let table = |header: Vec<&str>| {
        let mut t = Table::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header);
        if let Some(w) = width {
            t.set_width(w);
        }
        if !color {
            t.force_no_tty();
        } else {
            t.enforce_styling();
        }
        t
    };
    let sev_cell = |s: Severity| {
        let c = Cell::new(s.as_str());
        if color {
            c.fg(severity_color(s))
        } else {
            c
        }
    };

    let mut out = String::new();
    out.push_str(&format!(
        "orgaudit {} — organization {}\n",
        input.tool_version,
        sanitize(&input.organization_id, 64)
    ));

    let mut per_rule = table(vec![
        "practice", "title", "severity", "pass", "fail", "unknown",
    ]);
    for (meta, c) in counts_by_rule(&input.findings) {
        per_rule.add_row(vec![
            Cell::new(meta.id),
            Cell::new(meta.title.en),
            sev_cell(meta.severity),
            Cell::new(c.pass),
            Cell::new(c.fail),
            Cell::new(c.unknown),
        ]);
    }
    out.push_str(&per_rule.to_string());
    out.push('\n');

    let worst = worst_first(&input.findings);
    if !worst.is_empty() {
        let mut t = table(vec![
            "severity", "status", "practice", "account", "resource", "observed",
        ]);
        for f in worst.iter().take(WORST_LIMIT) {
            let account = match f.account_id.as_deref() {
                Some(id) => match input.account_name(id) {
                    Some(name) => format!("{} ({id})", sanitize(name, 40)),
                    None => id.to_string(),
                },
                None => "-".into(),
            };
            let resource = f.resource_name.as_deref().unwrap_or(&f.resource);
            t.add_row(vec![
                sev_cell(f.severity),
                Cell::new(f.status.as_str()),
                Cell::new(&f.rule_id),
                Cell::new(account),
                Cell::new(sanitize(resource, 80)),
                Cell::new(sanitize(&f.observed, 160)),
            ]);
        }
        out.push_str(&format!(
            "Worst findings ({} shown of {} not passing):\n",
            worst.len().min(WORST_LIMIT),
            worst.len()
        ));
        out.push_str(&t.to_string());
        out.push('\n');
    }

    let c = input.coverage;
    out.push_str(&format!("Collected {}/{} accounts", c.reachable, c.total));
    if c.skipped > 0 {
        out.push_str(&format!(" ({} skipped)", c.skipped));
    }
    if input.unreachable.is_empty() {
        out.push('.');
    } else {
        let names: Vec<String> = input
            .unreachable
            .iter()
            .map(|(id, e)| {
                let name = input
                    .account_name(id)
                    .map(|n| sanitize(n, 40))
                    .unwrap_or_default();
                format!("{name} ({id}): {}", sanitize(&e.code, 60))
            })
            .collect();
        out.push_str(&format!("; not reachable: {}.", names.join(", ")));
    }
    if !input.errors.is_empty() {
        out.push_str(&format!(
            " {} collection error(s); rules that needed that data say `unknown`.",
            input.errors.len()
        ));
    }
    let fails = input
        .findings
        .iter()
        .filter(|f| f.status == Status::Fail)
        .count();
    let unknown = input
        .findings
        .iter()
        .filter(|f| f.status == Status::Unknown)
        .count();
    out.push_str(&format!(
        "\n{} findings: {} pass, {fails} fail, {unknown} unknown.\n",
        input.findings.len(),
        input.findings.len() - fails - unknown
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_made_visible() {
        assert_eq!(sanitize("ok\x1b[2Jname", 100), "ok\\u{1b}[2Jname");
        assert_eq!(sanitize("a\u{202E}b\rc", 100), "a\\u{202e}b\\u{d}c");
        assert_eq!(sanitize("abcdef", 3), "abc…");
    }
}
