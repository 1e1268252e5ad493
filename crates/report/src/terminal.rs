//! The terminal summary (comfy-table): per practice pass / fail / unknown, the worst
//! failures with account and resource, and the collection coverage.

use crate::{counts_by_rule, worst_first, ReportInput};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width};
use orgaudit_model::Severity;

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

/// `text` cut to `max` characters with `…`, never inside an id, an ARN or a word (the cut
/// moves back to the start of the ASCII run it would split, unless that run is all there is).
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: Vec<char> = text.chars().take(max).collect();
    let whole = cut.clone();
    while cut
        .last()
        .is_some_and(|c| c.is_ascii() && !c.is_ascii_whitespace())
    {
        cut.pop();
    }
    if cut.iter().all(|c| c.is_whitespace()) {
        cut = whole;
    }
    let mut out: String = cut.into_iter().collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `text` padded with spaces to `width` display columns (a CJK character counts two).
fn pad(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// The ANSI SGR foreground of a severity, the colours of [`severity_color`].
fn ansi(s: Severity) -> u8 {
    match s {
        Severity::Critical => 35,
        Severity::High => 31,
        Severity::Medium => 33,
        Severity::Low => 36,
        Severity::Info => 90,
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
    let t = input.lang.strings();
    // Severities and statuses as the reader's language says them (the English words are the
    // catalogue's own).
    let sev_cell = |s: Severity| {
        let c = Cell::new(t.severity_label(s));
        if color {
            c.fg(severity_color(s))
        } else {
            c
        }
    };

    // Long texts are broken here, at places Japanese typesetting and ids allow
    // ([`crate::wrap`]), and their column is kept at least that wide, so that the table never
    // splits a word or a line before 」 or ー itself.
    // (Only Japanese needs it: comfy-table breaks English at spaces already.)
    let cjk = input.lang == crate::Lang::Ja;
    let wrap_at = |share: usize, min: usize| {
        width
            .filter(|_| cjk)
            .map(|w| (usize::from(w) / share).max(min))
    };
    let wrapped = |text: String, at: Option<usize>| match at {
        Some(w) => crate::wrap::wrap(&text, w),
        None => text,
    };
    let keep_width = |table: &mut Table, column: usize, at: Option<usize>| {
        if let (Some(w), Some(c)) = (at, table.column_mut(column)) {
            // The constraint counts the cell's padding (one column each side).
            c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                u16::try_from(w + 2).unwrap_or(u16::MAX),
            )));
        }
    };
    let mut out = String::new();
    out.push_str(&format!(
        "orgaudit {} — {} {}\n",
        input.tool_version,
        t.organization.to_lowercase(),
        sanitize(&input.organization_id, 64)
    ));

    let lower = |s: &str| s.to_lowercase();
    let mut per_rule = table(vec![
        &lower(t.practice),
        &lower(t.title),
        &lower(t.severity),
        t.pass,
        t.fail,
        t.unknown,
        t.suppressed,
    ]);
    let title_at = wrap_at(3, 16);
    for (entry, c) in counts_by_rule(&input.catalogue, &input.findings) {
        let meta = entry.meta;
        let disabled = !entry.enabled;
        let count = |n: usize| {
            Cell::new(if disabled {
                "-".to_string()
            } else {
                n.to_string()
            })
        };
        let mut title = meta.title.get(input.lang.code()).to_string();
        if disabled {
            title.push_str(&format!(" ({})", t.disabled));
        }
        per_rule.add_row(vec![
            Cell::new(meta.id),
            Cell::new(wrapped(title, title_at)),
            sev_cell(entry.severity),
            count(c.pass),
            count(c.fail),
            count(c.unknown),
            count(c.suppressed),
        ]);
    }
    keep_width(&mut per_rule, 1, title_at);
    out.push_str(&per_rule.to_string());
    out.push('\n');

    let worst = worst_first(&input.findings);
    if !worst.is_empty() {
        out.push_str(&format!(
            "{}: {} {} {} {}\n",
            t.findings,
            worst.len().min(WORST_LIMIT),
            t.of,
            worst.len(),
            t.worst_findings
        ));
        let account_of = |f: &orgaudit_model::Finding| match f.account_id.as_deref() {
            Some(id) => match input.account_name(id) {
                Some(name) => format!("{} ({id})", sanitize(name, 40)),
                None => id.to_string(),
            },
            None => "-".into(),
        };
        let resource_of = |f: &orgaudit_model::Finding| {
            sanitize(f.resource_name.as_deref().unwrap_or(&f.resource), 80)
        };
        match width.map(usize::from) {
            // Narrow terminals (80 columns): one block per finding, as compilers print their
            // diagnostics; seven columns would leave each a few characters and split every id.
            Some(w) if w < 120 => {
                for f in worst.iter().take(WORST_LIMIT) {
                    let severity = t.severity_label(f.severity);
                    let head = format!(
                        "{} {} {:<6} {}  {}",
                        pad(severity, 8),
                        pad(t.status(f.status), 7),
                        f.rule_id,
                        account_of(f),
                        f.region.as_deref().unwrap_or("-")
                    );
                    let indent = "    ";
                    for (i, line) in crate::wrap::wrap(&head, w).lines().enumerate() {
                        match line.strip_prefix(severity) {
                            // The severity in its colour, as the tables show it.
                            Some(rest) if i == 0 && color => out.push_str(&format!(
                                "\x1b[{}m{severity}\x1b[0m{rest}",
                                ansi(f.severity),
                            )),
                            _ => out.push_str(line),
                        }
                        out.push('\n');
                    }
                    let observed = shorten(&sanitize(&input.observed(f), usize::MAX), 400);
                    for text in [resource_of(f), observed] {
                        for line in crate::wrap::wrap(&text, w - indent.len()).lines() {
                            out.push_str(indent);
                            out.push_str(line);
                            out.push('\n');
                        }
                    }
                }
            }
            _ => {
                let mut table = table(vec![
                    &lower(t.severity),
                    &lower(t.status),
                    &lower(t.practice),
                    &lower(t.account),
                    &lower(t.region),
                    &lower(t.resource),
                    &lower(t.observed),
                ]);
                // An account id (12), a bucket name and an observation: no id split
                // mid-token.
                let (account_at, resource_at, observed_at) =
                    (wrap_at(8, 14), wrap_at(7, 16), wrap_at(4, 24));
                for f in worst.iter().take(WORST_LIMIT) {
                    table.add_row(vec![
                        sev_cell(f.severity),
                        Cell::new(t.status(f.status)),
                        Cell::new(&f.rule_id),
                        Cell::new(wrapped(account_of(f), account_at)),
                        Cell::new(f.region.as_deref().unwrap_or("-")),
                        Cell::new(wrapped(resource_of(f), resource_at)),
                        Cell::new(wrapped(
                            shorten(&sanitize(&input.observed(f), usize::MAX), 160),
                            observed_at,
                        )),
                    ]);
                }
                keep_width(&mut table, 3, account_at);
                keep_width(&mut table, 5, resource_at);
                keep_width(&mut table, 6, observed_at);
                out.push_str(&table.to_string());
                out.push('\n');
            }
        }
    }

    if let Some(d) = input.drift.drift() {
        out.push_str(&format!(
            "{} {}: {} {}, {} {}, {} {}; {} {}.\n",
            t.drift_since,
            input.zone.show(&d.old.finished_at),
            t.new_findings,
            d.findings.new.len(),
            t.resolved_findings,
            d.findings.resolved.len(),
            t.changed_findings,
            d.findings.changed.len(),
            t.setting_changes,
            d.settings.len(),
        ));
        for c in d.settings.iter().take(WORST_LIMIT) {
            out.push_str(&format!(
                "  {} {} {}: {} → {}\n",
                c.kind,
                sanitize(&c.name, 60),
                sanitize(&c.setting, 40),
                sanitize(c.old.as_deref().unwrap_or("(absent)"), 60),
                sanitize(c.new.as_deref().unwrap_or("(absent)"), 60),
            ));
        }
        if d.settings.len() > WORST_LIMIT {
            out.push_str(&format!(
                "  … {} more in drift.csv\n",
                d.settings.len() - WORST_LIMIT
            ));
        }
    }

    // Japanese reads with 、 and 。 and counts with 件; English with commas and full stops
    // (the sentences are Fluent messages of locales/*.ftl: `term-…`).
    let lang = input.lang;
    let ja = lang == crate::Lang::Ja;
    let (stop, comma) = if ja { ("。", "、") } else { (".", ", ") };
    let space = if ja { "" } else { " " };
    let count =
        |n: usize, word: &str| lang.text("term-count", &[("n", n.into()), ("word", word.into())]);
    let c = input.coverage;
    out.push_str(&format!(
        "{}: {}/{} {}",
        t.coverage, c.reachable, c.total, t.accounts_reachable
    ));
    if c.skipped > 0 {
        out.push(' ');
        out.push_str(&lang.text("term-skipped", &[("n", c.skipped.into())]));
    }
    if input.unreachable.is_empty() {
        out.push_str(stop);
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
        out.push_str(&format!("; {}: {}{stop}", t.unreachable, names.join(comma)));
    }
    out.push_str(space);
    out.push_str(&lang.text(
        "term-api-calls",
        &[
            ("calls", input.api_calls.into()),
            ("retries", input.retries.into()),
        ],
    ));
    if !input.errors.is_empty() {
        out.push_str(space);
        out.push_str(&lang.text(
            "term-collection-errors",
            &[
                ("n", input.errors.len().into()),
                ("unknown", t.unknown.into()),
            ],
        ));
    }
    let c = crate::Counts::of(&input.findings);
    let parts = [
        count(c.pass, t.pass),
        count(c.fail, t.fail),
        count(c.unknown, t.unknown),
        count(c.suppressed, t.suppressed),
    ];
    out.push_str(&format!(
        "\n{} {}: {}{stop}\n",
        t.findings,
        lang.text("term-total", &[("n", c.total().into())]),
        parts.join(comma),
    ));
    let open: Vec<String> = crate::open_by_severity(&input.findings)
        .iter()
        .map(|(sev, n)| {
            lang.text(
                "term-open-count",
                &[
                    ("severity", t.severity_label(*sev).into()),
                    ("n", (*n).into()),
                ],
            )
        })
        .collect();
    out.push_str(&format!(
        "{}: {}{stop}{}{}: {}{stop}\n",
        t.open_by_severity,
        open.join(" · "),
        space,
        t.weighted_score,
        crate::weighted_score(&input.findings)
            .map(|s| format!("{:.0}%", s * 100.0))
            .unwrap_or_else(|| "-".into()),
    ));
    if !input.selection.is_empty() {
        out.push_str(&format!(
            "{}: {}.\n",
            t.selection,
            sanitize(&input.selection.join(" "), 400)
        ));
    }
    if !input.disabled_rules.is_empty() {
        out.push_str(&format!(
            "{}: {}.\n",
            t.disabled_rules,
            input.disabled_rules.join(", ")
        ));
    }
    match width {
        Some(w) => wrap_prose(&out, usize::from(w)),
        None => out,
    }
}

/// The summary's sentences broken to the terminal's width ([`crate::wrap`]); table lines
/// (box drawing) and indented lines are laid out already and kept as they are.
fn wrap_prose(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let laid_out = line.starts_with([' ', '┌', '│', '╞', '├', '└', '╘', '╒', '┆']);
        if laid_out || line.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(&crate::wrap::wrap(line, width));
        }
        out.push('\n');
    }
    out
}

/// `orgaudit diff`: every setting that changed, then findings new / resolved / changed.
pub fn drift(input: &ReportInput, width: Option<u16>) -> String {
    let t = input.lang.strings();
    let Some(d) = input.drift.drift() else {
        return format!("{}\n", t.no_previous_run);
    };
    let table = |header: Vec<&str>| {
        let mut tb = Table::new();
        tb.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header)
            .force_no_tty();
        if let Some(w) = width {
            tb.set_width(w);
        }
        tb
    };
    let account = |id: &Option<String>| match id.as_deref() {
        None => "-".to_string(),
        Some(id) => match input.account_name(id) {
            Some(n) => format!("{} ({id})", sanitize(n, 40)),
            None => id.to_string(),
        },
    };
    let mut out = format!(
        "{} {}: {} {} → {}\n",
        t.drift,
        sanitize(&input.organization_id, 64),
        t.drift_since.to_lowercase(),
        input.zone.show(&d.old.finished_at),
        input.zone.show(&d.new.finished_at)
    );
    out.push_str(&format!("\n{} ({})\n", t.setting_changes, d.settings.len()));
    if !d.settings.is_empty() {
        let mut tb = table(vec![t.account, t.resource, t.setting, t.old, t.new]);
        for c in &d.settings {
            tb.add_row(vec![
                account(&c.account_id),
                format!("{} {}", c.kind, sanitize(&c.name, 80)),
                sanitize(&c.setting, 40),
                sanitize(c.old.as_deref().unwrap_or("(absent)"), 120),
                sanitize(c.new.as_deref().unwrap_or("(absent)"), 120),
            ]);
        }
        out.push_str(&tb.to_string());
        out.push('\n');
    }
    for (label, list) in [
        (t.new_findings, &d.findings.new),
        (t.resolved_findings, &d.findings.resolved),
        (t.changed_findings, &d.findings.changed),
    ] {
        out.push_str(&format!("\n{label} ({})\n", list.len()));
        if list.is_empty() {
            continue;
        }
        let mut tb = table(vec![
            t.practice, t.severity, t.account, t.resource, t.old, t.new,
        ]);
        for c in list {
            tb.add_row(vec![
                c.rule_id.clone(),
                c.severity.to_string(),
                account(&c.account_id),
                sanitize(c.resource_name.as_deref().unwrap_or(&c.resource), 80),
                c.old.clone(),
                c.new.clone(),
            ]);
        }
        out.push_str(&tb.to_string());
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{}: {}\n",
        t.unchanged_findings, d.findings.unchanged
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_between_tokens() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(
            shorten(
                "denied on arn:aws:cloudtrail:us-east-1:462645197986:trail/x",
                30
            ),
            "denied on…"
        );
        assert_eq!(
            shorten("拒否されていない (対象: arn:aws:s3:::b)", 16),
            "拒否されていない (対象:…"
        );
        // One token longer than the limit: cut inside it, as the last resort.
        assert_eq!(shorten("arn:aws:s3:::bucket", 8), "arn:aws:…");
    }

    #[test]
    fn control_and_bidi_characters_are_made_visible() {
        assert_eq!(sanitize("ok\x1b[2Jname", 100), "ok\\u{1b}[2Jname");
        assert_eq!(sanitize("a\u{202E}b\rc", 100), "a\\u{202e}b\\u{d}c");
        assert_eq!(sanitize("abcdef", 3), "abc…");
    }
}
