//! `report.html`: one self-contained file, readable without JavaScript.
//!
//! - No network: CSS and JS are inline, and a Content-Security-Policy meta allows exactly
//!   those two blocks (by SHA-256 hash) and nothing else: no other script, style, image,
//!   frame, form target or connection. A value that slipped through escaping still could not
//!   run.
//! - Every AWS-supplied string is HTML-escaped where it is written into the page; the
//!   findings data for the script is JSON whose `<`, `>` and `&` are written as `\u003c`…, so
//!   it cannot close its `<script type="application/json">` block; the script inserts values
//!   with `textContent` only.
//! - Server-side tables make the page complete without JavaScript; the findings table shows
//!   the first [`STATIC_ROWS`] findings, worst first (all of them are in the CSV and JSON).
//!   With JavaScript the table is re-rendered from the embedded data, 100 rows a page, with
//!   filters and search: at 100,000 findings the DOM holds 100 rows and the file stays a
//!   compact, string-interned JSON array.

// Blocks of markup end with their own newline, so the page source stays readable.
#![allow(clippy::write_with_newline)]

use crate::i18n::Strings;
use crate::{counts_by_rule, rank, Counts, DriftSection, ReportInput};
use orgaudit_model::{Finding, Severity, Status};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

const CSS: &str = include_str!("report.css");
/// The page's one script: the CSV export, then the table's filters.
const JS: &str = concat!(include_str!("export.js"), include_str!("report.js"));

/// Findings rendered server-side (visible without JavaScript).
pub const STATIC_ROWS: usize = 500;

/// Escape text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Bidirectional overrides could make a name read as something else.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "&#x{:x};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text that may carry bidi overrides, isolated so it cannot reorder what follows it.
fn iso(s: &str) -> String {
    format!("<bdi>{}</bdi>", esc(s))
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn csp_hash(content: &str) -> String {
    format!("'sha256-{}'", base64(&Sha256::digest(content.as_bytes())))
}

/// The Content-Security-Policy of the page.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(CSS),
        csp_hash(JS)
    )
}

fn status_key(f: &Finding) -> &'static str {
    match (f.status, &f.suppressed) {
        (Status::Fail, Some(_)) => "suppressed",
        (s, _) => s.as_str(),
    }
}

fn badge(class: &str, text: &str) -> String {
    format!("<span class=\"badge {}\">{}</span>", esc(class), esc(text))
}

fn pct(score: Option<f64>) -> String {
    match score {
        Some(s) => format!(
            "<meter min=\"0\" max=\"1\" low=\"0.6\" high=\"0.9\" optimum=\"1\" value=\"{s:.3}\"></meter> {:.0}%",
            s * 100.0
        ),
        None => "–".into(),
    }
}

pub fn render(input: &ReportInput) -> String {
    let t = input.lang.strings();
    let mut h = String::with_capacity(64 * 1024 + input.findings.len() * 200);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{title} — {org}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        lang = input.lang.code(),
        csp = content_security_policy(),
        title = esc(t.report_title),
        org = esc(&input.organization_id),
    );
    header(&mut h, input, t);
    let _ = write!(
        h,
        "<nav class=\"toc\"><a href=\"#summary\">{}</a><a href=\"#findings\">{}</a>\
         <a href=\"#drift\">{}</a><a href=\"#scp\">{}</a><a href=\"#access\">{}</a>\
         <a href=\"#data-events\">{}</a><a href=\"#compliance\">{}</a><a href=\"#errors\">{}</a><a href=\"#practices\">{}</a></nav>\n<main>\n",
        esc(t.summary),
        esc(t.findings),
        esc(t.drift),
        esc(t.scp_chains),
        esc(t.access_matrix),
        esc(t.data_events),
        esc(t.compliance),
        esc(t.collection_errors),
        esc(t.practices)
    );
    summary(&mut h, input, t);
    findings(&mut h, input, t);
    drift(&mut h, input, t);
    scp_chains(&mut h, input, t);
    access(&mut h, input, t);
    data_events(&mut h, input, t);
    compliance(&mut h, input, t);
    errors(&mut h, input, t);
    practices(&mut h, input, t);
    h.push_str("</main>\n");
    h.push_str("<script type=\"application/json\" id=\"findings-data\">");
    data_json(input, t, &mut h);
    let _ = write!(h, "</script>\n<script>{JS}</script>\n</body>\n</html>\n");
    h
}

fn header(h: &mut String, input: &ReportInput, t: &Strings) {
    let config = input
        .config_source
        .as_deref()
        .map(esc)
        .unwrap_or_else(|| esc(t.no_configuration));
    let _ = write!(
        h,
        "<header class=\"top\"><h1>{}</h1><dl>\
         <div><dt>{}</dt><dd class=\"mono\">{}</dd></div>\
         <div><dt>{}</dt><dd>{}</dd></div>\
         <div><dt>{}</dt><dd>{}</dd></div>\
         <div><dt>{}</dt><dd>{}</dd></div></dl></header>\n",
        esc(t.report_title),
        esc(t.organization),
        esc(&input.organization_id),
        esc(t.generated),
        esc(&input.zone.show(&input.generated_at)),
        esc(t.tool),
        esc(&input.tool_version),
        esc(t.configuration),
        config
    );
}

fn summary(h: &mut String, input: &ReportInput, t: &Strings) {
    let c = input.coverage;
    let all = Counts::of(&input.findings);
    let _ = write!(
        h,
        "<section id=\"summary\"><h2>{}</h2><div class=\"cards\">\
         <div class=\"card\"><div class=\"muted\">{}</div><div class=\"big\">{}/{}</div><div>{}</div></div>\
         <div class=\"card\"><div class=\"muted\">{}</div><div class=\"big\">{}</div><div class=\"muted\">{}</div></div>\
         <div class=\"card\"><div class=\"muted\">{}</div><div>{} {} · {} {} · {} {} · {} {}</div></div>\
         <div class=\"card\"><div class=\"muted\">{}</div><div class=\"big\">{}</div><div class=\"muted\">{}</div></div></div>\n",
        esc(t.summary),
        esc(t.coverage),
        c.reachable,
        c.total,
        esc(t.accounts_reachable),
        esc(t.score),
        pct(all.score()),
        esc(t.score_help),
        esc(t.findings),
        all.pass,
        esc(t.pass),
        all.fail,
        esc(t.fail),
        all.unknown,
        esc(t.unknown),
        all.suppressed,
        esc(t.suppressed),
        esc(t.collection_errors),
        input.errors.len(),
        esc(&input.lang.text(
            "api-calls",
            &[
                ("calls", input.api_calls.into()),
                ("retries", input.retries.into()),
            ]
        )),
    );
    let _ = write!(h, "<p class=\"print-only muted\">{}</p>", esc(t.print_note));
    first_answer(h, input, t);
    if !input.unreachable.is_empty() {
        let _ = write!(h, "<p><strong>{}:</strong> ", esc(t.unreachable));
        let list: Vec<String> = input
            .unreachable
            .iter()
            .map(|(id, e)| {
                format!(
                    "{} <span class=\"mono\">{}</span> ({})",
                    iso(input.account_name(id).unwrap_or("")),
                    esc(id),
                    esc(&e.summary())
                )
            })
            .collect();
        h.push_str(&list.join("; "));
        h.push_str("</p>\n");
    }
    if !input.selection.is_empty() {
        let _ = writeln!(
            h,
            "<p><strong>{}:</strong> <span class=\"mono\">{}</span></p>",
            esc(t.selection),
            iso(&input.selection.join(" "))
        );
    }
    if !input.disabled_rules.is_empty() {
        let _ = writeln!(
            h,
            "<p><strong>{}:</strong> {}</p>",
            esc(t.disabled_rules),
            esc(&input.disabled_rules.join(", "))
        );
    }

    // Per practice area.
    let mut areas: BTreeMap<String, Counts> = BTreeMap::new();
    for f in &input.findings {
        let area = input
            .catalogue
            .meta(&f.rule_id)
            .map(|m| m.service.label().to_string())
            .unwrap_or_default();
        areas.entry(area).or_default().add(f);
    }
    let head = |first: &str| {
        format!(
            "<div class=\"scroll\"><table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
            first,
            esc(t.pass),
            esc(t.fail),
            esc(t.unknown),
            esc(t.suppressed),
            esc(t.score)
        )
    };
    let counts_cells = |c: &Counts| {
        format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>",
            c.pass,
            c.fail,
            c.unknown,
            c.suppressed,
            pct(c.score())
        )
    };
    let _ = write!(h, "<h3>{}</h3>{}", esc(t.by_area), head(&esc(t.service)));
    for (area, c) in &areas {
        let shown = match t.area_label(area) {
            "" => area.as_str(),
            label => label,
        };
        let _ = write!(h, "<tr><td>{}</td>{}</tr>", esc(shown), counts_cells(c));
    }
    h.push_str("</tbody></table></div>\n");

    // Per practice.
    let _ = write!(
        h,
        "<h3>{}</h3><div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th>{}</th></tr></thead><tbody>",
        esc(t.practices),
        esc(t.practice),
        esc(t.title),
        esc(t.severity),
        esc(t.pass),
        esc(t.fail),
        esc(t.unknown),
        esc(t.suppressed),
        esc(t.score)
    );
    for (e, c) in counts_by_rule(&input.catalogue, &input.findings) {
        let m = e.meta;
        let disabled = !e.enabled;
        let _ = write!(
            h,
            "<tr><td><a class=\"mono\" href=\"#rule-{id}\">{id}</a></td><td>{title}{dis}</td><td>{sev}</td>",
            id = esc(m.id),
            title = esc(m.title.get(input.lang.code())),
            dis = if disabled {
                format!(" <span class=\"muted\">({})</span>", esc(t.disabled))
            } else {
                String::new()
            },
            sev = badge(&format!("sev-{}", e.severity), t.severity_label(e.severity)),
        );
        let _ = write!(
            h,
            "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            c.pass,
            c.fail,
            c.unknown,
            c.suppressed,
            pct(c.score())
        );
    }
    h.push_str("</tbody></table></div>\n");

    // Per OU and per account.
    let mut by_account: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut by_ou: BTreeMap<String, Counts> = BTreeMap::new();
    for f in &input.findings {
        if let Some(id) = f.account_id.as_deref() {
            by_account.entry(id).or_default().add(f);
            let ou = input
                .accounts
                .get(id)
                .and_then(|a| a.ou_path.clone())
                .unwrap_or_else(|| "?".into());
            by_ou.entry(ou).or_default().add(f);
        }
    }
    let _ = write!(h, "<h3>{}</h3>{}", esc(t.by_ou), head(&esc(t.ou)));
    for (ou, c) in &by_ou {
        let _ = write!(h, "<tr><td>{}</td>{}</tr>", iso(ou), counts_cells(c));
    }
    h.push_str("</tbody></table></div>\n");
    let _ = write!(h, "<h3>{}</h3>{}", esc(t.by_account), head(&esc(t.account)));
    // Worst first: lowest score, then the account id.
    let mut by_account: Vec<(&str, Counts)> = by_account.into_iter().collect();
    by_account.sort_by(|(ia, a), (ib, b)| {
        a.score()
            .unwrap_or(1.0)
            .total_cmp(&b.score().unwrap_or(1.0))
            .then_with(|| ia.cmp(ib))
    });
    for (id, c) in &by_account {
        let label = input.accounts.get(*id);
        let _ = write!(
            h,
            "<tr><td>{} <span class=\"mono muted\">{}</span> <span class=\"muted\">{}</span></td>{}</tr>",
            iso(label.map(|l| l.name.as_str()).unwrap_or("")),
            esc(id),
            iso(label.and_then(|l| l.ou_path.as_deref()).unwrap_or("")),
            counts_cells(c)
        );
    }
    h.push_str("</tbody></table></div></section>\n");
}

/// A value as it goes into the report's filter URL: percent-encoded except unreserved
/// characters (RFC 3986), so an attacker-chosen id can neither end the attribute nor add a key.
fn url_value(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Open failures over the earlier runs and this one (an inline SVG line; from `run.json`).
fn trend_chart(h: &mut String, input: &ReportInput, t: &Strings) {
    if input.trend.is_empty() {
        return;
    }
    let now = Counts::of(&input.findings);
    let mut points: Vec<(&str, usize)> = input
        .trend
        .iter()
        .map(|p| (p.at.as_str(), p.counts.fail))
        .collect();
    points.push((input.generated_at.as_str(), now.fail));
    let max = points.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let (w, top, height) = (340.0, 16.0, 80.0);
    let step = if points.len() > 1 {
        w / (points.len() - 1) as f64
    } else {
        0.0
    };
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (_, n))| {
            (
                10.0 + i as f64 * step,
                top + height - *n as f64 / max as f64 * height,
            )
        })
        .collect();
    let line: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 360 130\" width=\"360\" height=\"130\">\
         <polyline points=\"{}\" fill=\"none\" stroke=\"#cf222e\" stroke-width=\"2\"></polyline>",
        line.join(" ")
    );
    for ((x, y), (_, n)) in xy.iter().zip(&points) {
        let _ = write!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"#cf222e\"></circle>\
             <text x=\"{x:.1}\" y=\"{ty:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"currentColor\">{n}</text>",
            ty = y - 6.0
        );
    }
    let day = |at: &str| esc(&input.zone.show_date(at));
    let _ = write!(
        svg,
        "<text x=\"10\" y=\"125\" font-size=\"11\" fill=\"currentColor\">{}</text>\
         <text x=\"350\" y=\"125\" font-size=\"11\" text-anchor=\"end\" fill=\"currentColor\">{}</text></svg>",
        day(points[0].0),
        day(points[points.len() - 1].0)
    );
    let _ = write!(
        h,
        "<div class=\"cards\"><div class=\"card\"><div class=\"muted\">{} ({})</div>{svg}</div></div>\n",
        esc(t.trend),
        points.len()
    );
}

/// The first answer, "how bad, and where?": open failures by severity (an inline SVG chart:
/// no script, nothing fetched, the CSP unchanged), the severity-weighted score with its
/// formula, and the accounts and practices with the most serious open failures.
fn first_answer(h: &mut String, input: &ReportInput, t: &Strings) {
    let open = crate::open_by_severity(&input.findings);
    let max = open.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    // The severity colours of the stylesheet (--crit, --high, --med, --low, --info).
    let colors = ["#8b0a50", "#cf222e", "#bc4c00", "#0969da", "#57606a"];
    let mut svg = String::from(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 360 130\" width=\"360\" height=\"130\">",
    );
    for (i, ((sev, n), color)) in open.iter().zip(colors).enumerate() {
        let y = 4 + i * 25;
        let w = (*n as f64 / max as f64 * 220.0).round() as usize;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{ty}\" font-size=\"13\" fill=\"currentColor\">{label}</text>\
             <rect x=\"90\" y=\"{y}\" width=\"{w}\" height=\"18\" fill=\"{color}\"></rect>\
             <text x=\"{tx}\" y=\"{ty}\" font-size=\"13\" fill=\"currentColor\">{n}</text>",
            ty = y + 14,
            tx = 96 + w,
            label = esc(t.severity_label(*sev)),
        );
    }
    svg.push_str("</svg>");
    let _ = write!(
        h,
        "<div class=\"cards first\"><div class=\"card\"><div class=\"muted\">{}</div>{}</div>\
         <div class=\"card\"><div class=\"muted\">{}</div><div class=\"big\">{}</div>\
         <div class=\"muted small\">{}</div></div></div>\n",
        esc(t.open_by_severity),
        svg,
        esc(t.weighted_score),
        pct(crate::weighted_score(&input.findings)),
        esc(t.weighted_formula),
    );
    trend_chart(h, input, t);
    // Each count links to its findings: the table's filter, the severity, open failures.
    let table = |h: &mut String, title: &str, rows: Vec<(String, String, [usize; 5])>| {
        let _ = write!(
            h,
            "<h3>{}</h3><div class=\"scroll\"><table><thead><tr><th></th>",
            esc(title)
        );
        for (sev, _) in &open {
            let _ = write!(h, "<th class=\"num\">{}</th>", esc(t.severity_label(*sev)));
        }
        h.push_str("</tr></thead><tbody>");
        for (label, filter, counts) in rows.into_iter().take(5) {
            let _ = write!(h, "<tr><td>{label}</td>");
            for ((sev, _), n) in open.iter().zip(counts) {
                if n == 0 {
                    let _ = write!(h, "<td class=\"num\">0</td>");
                } else {
                    let _ = write!(
                        h,
                        "<td class=\"num\"><a href=\"#{filter}&amp;severity={}&amp;status=fail\">{n}</a></td>",
                        sev.as_str()
                    );
                }
            }
            h.push_str("</tr>");
        }
        h.push_str("</tbody></table></div>\n");
    };
    let accounts = crate::worst_groups(&input.findings, |f| f.account_id.clone())
        .into_iter()
        .map(|(id, c)| {
            (
                format!(
                    "{} <span class=\"mono muted\">{}</span>",
                    iso(input.account_name(&id).unwrap_or("")),
                    esc(&id)
                ),
                format!("account={}", url_value(&id)),
                c,
            )
        })
        .collect();
    table(h, t.worst_accounts, accounts);
    let practices = crate::worst_groups(&input.findings, |f| Some(f.rule_id.to_string()))
        .into_iter()
        .map(|(id, c)| {
            (
                format!(
                    "<a class=\"mono\" href=\"#rule-{id}\">{id}</a> {}",
                    esc(input.title(&id)),
                    id = esc(&id)
                ),
                format!("practice={}", url_value(&id)),
                c,
            )
        })
        .collect();
    table(h, t.worst_practices, practices);
}

fn findings(h: &mut String, input: &ReportInput, t: &Strings) {
    let _ = write!(
        h,
        "<section id=\"findings\"><h2>{}</h2>\n<div class=\"filters js-only\">",
        esc(t.findings)
    );
    // Severity and status: check boxes, any number at once (filled by the script).
    for (id, label) in [("severity", t.severity), ("status", t.status)] {
        let _ = write!(
            h,
            "<fieldset class=\"checks\" id=\"f-{id}\"><legend>{}</legend></fieldset>",
            esc(label)
        );
    }
    for (id, label) in [
        ("practice", t.practice),
        ("service", t.service),
        ("account", t.account),
        ("ou", t.ou),
        ("region", t.region),
    ] {
        let _ = write!(
            h,
            "<label>{}<select id=\"f-{id}\"></select></label>",
            esc(label)
        );
    }
    let _ = write!(
        h,
        "<label>&#8203;<input type=\"search\" id=\"f-q\" placeholder=\"{}\"></label></div>\n\
         <div class=\"pager js-only\"><button type=\"button\" id=\"prev\">{}</button>\
         <button type=\"button\" id=\"next\">{}</button><span id=\"shown-count\"></span>\
         <a id=\"export\" href=\"#\" download=\"findings-filtered.csv\">{}</a></div>\n",
        esc(t.search),
        esc(t.previous),
        esc(t.next),
        esc(t.export_csv)
    );
    let mut order: Vec<&Finding> = input.findings.iter().collect();
    order.sort_by_key(|f| rank(f));
    let shown = order.len().min(STATIC_ROWS);
    let _ = write!(
        h,
        "<p class=\"static-note muted\">{} {} {} {}</p>\n",
        shown,
        esc(t.of),
        order.len(),
        esc(t.static_note)
    );
    let _ = write!(
        h,
        "<div class=\"scroll\"><table id=\"findings-table\"><thead><tr><th data-sort=\"status\">{}</th><th data-sort=\"severity\">{}</th><th data-sort=\"practice\">{}</th><th data-sort=\"account\">{}</th><th data-sort=\"region\">{}</th><th data-sort=\"resource\">{}</th><th>{} → {}</th></tr></thead><tbody id=\"findings-body\">\n",
        esc(t.status),
        esc(t.severity),
        esc(t.practice),
        esc(t.account),
        esc(t.region),
        esc(t.resource),
        esc(t.expected),
        esc(t.observed)
    );
    for f in order.iter().take(STATIC_ROWS) {
        static_row(h, input, t, f);
    }
    h.push_str("</tbody></table></div></section>\n");
}

fn static_row(h: &mut String, input: &ReportInput, t: &Strings, f: &Finding) {
    let key = status_key(f);
    let status_text = match key {
        "suppressed" => t.suppressed,
        _ => t.status(f.status),
    };
    let _ = write!(
        h,
        "<tr class=\"row-{key}\"><td>{}</td><td>{}</td><td><a class=\"mono\" href=\"#rule-{id}\">{id}</a><div>{title}</div></td><td>",
        badge(&format!("st-{key}"), status_text),
        badge(&format!("sev-{}", f.severity), t.severity_label(f.severity)),
        id = esc(&f.rule_id),
        title = esc(input.title(&f.rule_id)),
    );
    if let Some(id) = f.account_id.as_deref() {
        let label = input.accounts.get(id);
        let _ = write!(
            h,
            "<div>{}</div><div class=\"mono muted\">{}</div><div class=\"muted\">{}</div>",
            iso(label.map(|l| l.name.as_str()).unwrap_or("")),
            esc(id),
            iso(label.and_then(|l| l.ou_path.as_deref()).unwrap_or(""))
        );
    }
    let _ = write!(
        h,
        "</td><td class=\"mono nowrap\">{}</td><td>",
        esc(f.region.as_deref().unwrap_or(""))
    );
    if let Some(n) = &f.resource_name {
        let _ = write!(h, "<div>{}</div>", iso(n));
    }
    let _ = write!(
        h,
        "<div class=\"mono muted\">{}</div></td><td><div class=\"diff\"><span class=\"k\">{}</span><span class=\"exp\">{}</span><span class=\"k\">{}</span><span class=\"obs\">{}</span></div>",
        iso(&f.resource),
        esc(t.expected),
        iso(&input.expected(f)),
        esc(t.observed),
        iso(&input.observed(f))
    );
    if let Some(s) = &f.suppressed {
        let _ = write!(
            h,
            "<div class=\"muted\">{}: {}</div>",
            esc(t.suppressed),
            iso(&format!("until {}: {}", s.expires, s.reason))
        );
    }
    if !f.evidence.is_empty() {
        let _ = write!(
            h,
            "<details><summary>{} ({})</summary><ul class=\"plain\">",
            esc(t.evidence),
            f.evidence.len()
        );
        for e in &f.evidence {
            let _ = write!(h, "<li class=\"mono\">{}</li>", iso(e));
        }
        h.push_str("</ul></details>");
    }
    if f.status != Status::Pass {
        if let Some(m) = input.catalogue.meta(&f.rule_id) {
            let _ = write!(
                h,
                "<div class=\"fix\">{}: {}</div>",
                esc(t.remediation),
                esc(m.remediation.get(input.lang.code()))
            );
        }
    }
    let _ = writeln!(
        h,
        "<div class=\"src\">{}: {}</div></td></tr>",
        esc(t.source),
        esc(&crate::sources(&input.catalogue, &f.rule_id).join(" | "))
    );
}

/// Interned strings: each distinct value once, borrowed from the findings where possible.
struct Interner<'a> {
    /// Keys are the report's own strings (no hash flooding to fear from a fast hasher: the
    /// worst case is a slower report, never a wrong one).
    index: HashMap<std::borrow::Cow<'a, str>, usize, foldhash::fast::RandomState>,
    text: Vec<std::borrow::Cow<'a, str>>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, s: impl Into<std::borrow::Cow<'a, str>>) -> i64 {
        let s = s.into();
        if let Some(&i) = self.index.get(&s) {
            return i as i64;
        }
        let i = self.text.len();
        self.text.push(s.clone());
        self.index.insert(s, i);
        i as i64
    }

    fn opt(&mut self, s: Option<impl Into<std::borrow::Cow<'a, str>>>) -> i64 {
        s.map_or(-1, |s| self.id(s))
    }
}

/// The findings for the script, worst first: `rows` are
/// `[status, severity, rule, account, region, resource, name, observed, expected, [evidence], suppressed]`
/// with strings as indices into `text` (-1: none).
fn data_json(input: &ReportInput, t: &Strings, out: &mut String) {
    let lang = input.lang.code();
    let catalogue: Vec<&'static orgaudit_rules::RuleMeta> =
        input.catalogue.entries().iter().map(|e| e.meta).collect();
    let rule_index: HashMap<&str, usize> = catalogue
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, i))
        .collect();
    let rules: Vec<serde_json::Value> = catalogue
        .iter()
        .map(|m| {
            serde_json::json!([
                m.id,
                m.title.get(lang),
                m.service.label().to_string(),
                crate::sources(&input.catalogue, m.id).join(" | "),
                m.remediation.get(lang)
            ])
        })
        .collect();
    let account_ids: Vec<&String> = input.accounts.keys().collect();
    let account_index: HashMap<&str, usize> = account_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let accounts: Vec<serde_json::Value> = account_ids
        .iter()
        .map(|id| {
            let l = &input.accounts[*id];
            serde_json::json!([id, l.name, l.ou_path.clone().unwrap_or_default()])
        })
        .collect();
    let mut strings = Interner {
        index: HashMap::default(),
        text: Vec::new(),
    };
    let mut order: Vec<&Finding> = input.findings.iter().collect();
    order.sort_by_key(|f| rank(f));
    let mut extra_accounts: Vec<serde_json::Value> = Vec::new();
    let mut extra_index: HashMap<String, usize> = HashMap::new();
    // Rows are written straight into the JSON text: at a million findings a JSON value per
    // row would cost gigabytes.
    let mut rows = String::with_capacity(order.len() * 48);
    rows.push('[');
    for (n, f) in order.iter().enumerate() {
        let status = match (f.status, &f.suppressed) {
            (Status::Pass, _) => 0,
            (Status::Fail, None) => 1,
            (Status::Unknown, _) => 2,
            (Status::Fail, Some(_)) => 3,
        };
        let severity = Severity::ALL
            .iter()
            .position(|s| *s == f.severity)
            .unwrap_or(4);
        let account: i64 = match f.account_id.as_deref() {
            None => -1,
            Some(id) => match account_index.get(id) {
                Some(&i) => i as i64,
                None => {
                    // An account the organization listing did not return (it could not be
                    // listed): shown by id.
                    let next = account_ids.len() + extra_accounts.len();
                    let i = *extra_index.entry(id.to_string()).or_insert_with(|| {
                        extra_accounts.push(serde_json::json!([id, "", ""]));
                        next
                    });
                    i as i64
                }
            },
        };
        let evidence: Vec<String> = f
            .evidence
            .iter()
            .map(|e| strings.id(e.as_str()).to_string())
            .collect();
        let suppressed = f
            .suppressed
            .as_ref()
            .map(|s| format!("until {}: {}", s.expires, s.reason));
        if n > 0 {
            rows.push(',');
        }
        let _ = write!(
            rows,
            "[{status},{severity},{},{account},{},{},{},{},{},[{}],{}]",
            rule_index.get(f.rule_id.as_ref()).copied().unwrap_or(0),
            strings.opt(f.region.as_deref()),
            strings.id(f.resource.as_str()),
            strings.opt(f.resource_name.as_deref()),
            strings.id(input.observed(f)),
            strings.id(input.expected(f)),
            evidence.join(","),
            strings.opt(suppressed),
        );
    }
    rows.push(']');
    let mut all_accounts = accounts;
    all_accounts.extend(extra_accounts);
    let head = serde_json::json!({
        "export_columns": crate::csv::EXPORT_COLUMNS,
        "strings": {
            "all": t.all, "pass": t.pass, "fail": t.fail, "unknown": t.unknown,
            "suppressed": t.suppressed, "showing": t.showing, "of": t.of,
            "no_match": t.no_match, "expected": t.expected, "observed": t.observed,
            "evidence": t.evidence, "source": t.source, "remediation": t.remediation,
            "sev": {
                "critical": t.sev_critical, "high": t.sev_high, "medium": t.sev_medium,
                "low": t.sev_low, "info": t.sev_info,
            },
            "areas": {
                "Collection": t.area_collection, "Organizations": t.area_organizations,
                "Identity Center": t.area_sso, "S3": t.area_s3, "CloudTrail": t.area_cloudtrail,
                "Configuration": t.area_configuration,
            },
        },
        "rules": rules,
        "accounts": all_accounts,
    })
    .to_string();
    // `head` is an object: open it up and add the two big members, written in place.
    out.push_str(&script_safe_json(head.strip_suffix('}').unwrap_or(&head)));
    out.push_str(",\"text\":[");
    for (i, s) in strings.text.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let quoted = serde_json::to_string(s.as_ref()).unwrap_or_else(|_| "\"\"".into());
        out.push_str(&script_safe_json(&quoted));
    }
    out.push_str("],\"rows\":");
    out.push_str(&rows); // numbers, commas and brackets only
    out.push('}');
}

/// JSON that cannot end its `<script>` block or open a comment: `<`, `>` and `&` occur only
/// inside strings in JSON, where their `\u` escapes mean the same. Line separators and
/// bidirectional controls are escaped too, so the page source shows them for what they are.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<'
            | '>'
            | '&'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn drift(h: &mut String, input: &ReportInput, t: &Strings) {
    let _ = write!(h, "<section id=\"drift\"><h2>{}</h2>", esc(t.drift));
    let d = match &input.drift {
        DriftSection::NotCompared => {
            h.push_str("<p class=\"muted\">–</p></section>\n");
            return;
        }
        DriftSection::NoPreviousRun => {
            let _ = write!(
                h,
                "<p class=\"muted\">{}</p></section>\n",
                esc(t.no_previous_run)
            );
            return;
        }
        DriftSection::Compared(d) => d,
    };
    let _ = write!(
        h,
        "<p>{} <strong>{}</strong>.</p><div class=\"cards\">",
        esc(t.drift_since),
        esc(&input.zone.show(&d.old.finished_at))
    );
    for (label, n) in [
        (t.new_findings, d.findings.new.len()),
        (t.resolved_findings, d.findings.resolved.len()),
        (t.changed_findings, d.findings.changed.len()),
        (t.unchanged_findings, d.findings.unchanged),
        (t.setting_changes, d.settings.len()),
    ] {
        let _ = write!(
            h,
            "<div class=\"card\"><div class=\"muted\">{}</div><div class=\"big\">{n}</div></div>",
            esc(label)
        );
    }
    h.push_str("</div>\n");
    let _ = write!(
        h,
        "<h3>{}</h3><div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(t.setting_changes),
        esc(t.account),
        esc(t.resource),
        esc(t.setting),
        esc(t.old),
        esc(t.new),
        esc(t.region)
    );
    for c in &d.settings {
        let _ = write!(
            h,
            "<tr><td>{} <span class=\"mono muted\">{}</span></td><td><span class=\"muted\">{}</span> {}<div class=\"mono muted\">{}</div></td><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
            iso(c.account_id.as_deref().and_then(|id| input.account_name(id)).unwrap_or("")),
            esc(c.account_id.as_deref().unwrap_or("")),
            esc(c.kind),
            iso(&c.name),
            iso(&c.resource),
            esc(&c.setting),
            iso(c.old.as_deref().unwrap_or("(absent)")),
            iso(c.new.as_deref().unwrap_or("(absent)")),
            esc(c.region.as_deref().unwrap_or("")),
        );
    }
    if d.settings.is_empty() {
        let _ = write!(
            h,
            "<tr><td colspan=\"6\" class=\"muted\">{}</td></tr>",
            esc(t.none)
        );
    }
    h.push_str("</tbody></table></div>\n");
    for (label, list) in [
        (t.new_findings, &d.findings.new),
        (t.resolved_findings, &d.findings.resolved),
        (t.changed_findings, &d.findings.changed),
    ] {
        let _ = write!(
            h,
            "<h3>{} ({})</h3><div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(label),
            list.len(),
            esc(t.practice),
            esc(t.severity),
            esc(t.account),
            esc(t.resource),
            esc(t.old),
            esc(t.new)
        );
        for c in list {
            let _ = write!(
                h,
                "<tr><td><a class=\"mono\" href=\"#rule-{id}\">{id}</a></td><td>{}</td><td>{} <span class=\"mono muted\">{}</span></td><td>{}<div class=\"mono muted\">{}</div><div class=\"muted\">{}</div></td><td>{}</td><td>{}</td></tr>",
                badge(&format!("sev-{}", c.severity), t.severity_label(c.severity)),
                iso(c.account_id.as_deref().and_then(|id| input.account_name(id)).unwrap_or("")),
                esc(c.account_id.as_deref().unwrap_or("")),
                iso(c.resource_name.as_deref().unwrap_or("")),
                iso(&c.resource),
                iso(&c.observed),
                esc(&c.old),
                esc(&c.new),
                id = esc(&c.rule_id),
            );
        }
        h.push_str("</tbody></table></div>\n");
    }
    h.push_str("</section>\n");
}

fn scp_chains(h: &mut String, input: &ReportInput, t: &Strings) {
    let _ = write!(
        h,
        "<section id=\"scp\" class=\"chain\"><h2>{}</h2>",
        esc(t.scp_chains)
    );
    for c in &input.scp_chains {
        let blocked = c.guardrails.iter().filter(|g| g.blocked).count();
        let label = input.accounts.get(&c.account_id);
        let _ = write!(
            h,
            "<details><summary>{} <span class=\"mono muted\">{}</span> <span class=\"muted\">{}</span> — {} {}/{}</summary>",
            iso(label.map(|l| l.name.as_str()).unwrap_or("")),
            esc(&c.account_id),
            iso(label.and_then(|l| l.ou_path.as_deref()).unwrap_or("")),
            esc(t.blocked),
            blocked,
            c.guardrails.len()
        );
        if let Some(note) = &c.note {
            let _ = write!(h, "<p class=\"muted\">{}</p>", iso(note));
        }
        if !c.levels.is_empty() {
            let _ = write!(
                h,
                "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(t.level),
                esc(t.scps)
            );
            for l in &c.levels {
                let _ = write!(
                    h,
                    "<tr><td><span class=\"muted\">{}</span> {} <span class=\"mono muted\">{}</span></td><td>{}</td></tr>",
                    esc(l.kind),
                    iso(&l.name),
                    esc(&l.id),
                    iso(&l.policies.join(", "))
                );
            }
            h.push_str("</tbody></table>");
        }
        let _ = write!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(t.practice),
            esc(t.guardrail),
            esc(t.verdict),
            esc(t.evidence)
        );
        for g in &c.guardrails {
            let _ = write!(
                h,
                "<tr><td><a class=\"mono\" href=\"#rule-{id}\">{id}</a></td><td class=\"mono\">{}</td><td>{} {}</td><td><ul class=\"plain\">",
                esc(&g.action),
                if g.blocked {
                    badge("gr-blocked", t.blocked)
                } else {
                    badge("gr-open", t.open)
                },
                iso(&input.localised(Some(&g.verdict_msg), &g.verdict)),
                id = esc(g.rule_id),
            );
            for line in &g.explanation {
                let _ = write!(h, "<li class=\"mono\">{}</li>", iso(line));
            }
            h.push_str("</ul></td></tr>");
        }
        h.push_str("</tbody></table></details>\n");
    }
    if input.scp_chains.is_empty() {
        let _ = write!(h, "<p class=\"muted\">{}</p>", esc(t.none));
    }
    h.push_str("</section>\n");
}

fn access(h: &mut String, input: &ReportInput, t: &Strings) {
    let _ = write!(
        h,
        "<section id=\"access\"><h2>{}</h2><div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(t.access_matrix),
        esc(t.user),
        esc(t.account),
        esc(t.permission_set),
        esc(t.class),
        esc(t.via),
        esc(t.notes)
    );
    for r in &input.access_matrix {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{} <span class=\"mono muted\">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            iso(&r.user),
            iso(input.account_name(&r.account_id).unwrap_or("")),
            esc(&r.account_id),
            iso(&r.permission_set),
            badge(&format!("cl-{}", r.class.replace(' ', "-")), t.class_label(&r.class)),
            iso(&r.via),
            iso(&r.notes.join("; "))
        );
    }
    if input.access_matrix.is_empty() {
        let _ = write!(
            h,
            "<tr><td colspan=\"6\" class=\"muted\">{}</td></tr>",
            esc(t.none)
        );
    }
    h.push_str("</tbody></table></div></section>\n");
}

fn data_events(h: &mut String, input: &ReportInput, t: &Strings) {
    let _ = write!(
        h,
        "<section id=\"data-events\"><h2>{}</h2><div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(t.data_events),
        esc(t.account),
        esc(t.bucket),
        esc(t.region),
        esc(t.read),
        esc(t.write)
    );
    let cell = |level: &str, detail: &[String]| {
        let mut s = badge(&format!("lv-{level}"), level);
        if !detail.is_empty() {
            s.push_str("<ul class=\"plain\">");
            for d in detail {
                let _ = write!(s, "<li class=\"mono\">{}</li>", iso(d));
            }
            s.push_str("</ul>");
        }
        s
    };
    for r in &input.data_events {
        let _ = write!(
            h,
            "<tr><td>{} <span class=\"mono muted\">{}</span></td><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>",
            iso(input.account_name(&r.account_id).unwrap_or("")),
            esc(&r.account_id),
            iso(&r.bucket),
            esc(r.region.as_deref().unwrap_or("")),
            cell(&r.read, &r.read_detail),
            cell(&r.write, &r.write_detail)
        );
    }
    if input.data_events.is_empty() {
        let _ = write!(
            h,
            "<tr><td colspan=\"5\" class=\"muted\">{}</td></tr>",
            esc(t.none)
        );
    }
    h.push_str("</tbody></table></div></section>\n");
}

fn errors(h: &mut String, input: &ReportInput, t: &Strings) {
    let _ = write!(
        h,
        "<section id=\"errors\"><h2>{} ({})</h2><div class=\"scroll\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        esc(t.collection_errors),
        input.errors.len(),
        esc(t.account),
        esc(t.region),
        esc(t.service),
        esc(t.operation),
        esc(t.code),
        esc(t.message)
    );
    for e in &input.errors {
        let _ = write!(
            h,
            "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}{}</td><td class=\"mono\">{}</td><td>{}</td></tr>",
            esc(e.account_id.as_deref().unwrap_or("")),
            esc(e.region.as_deref().unwrap_or("")),
            esc(&e.service),
            esc(&e.operation),
            e.subject
                .as_deref()
                .map(|s| format!(" <span class=\"muted\">({})</span>", iso(s)))
                .unwrap_or_default(),
            esc(&e.code),
            iso(&e.message)
        );
    }
    if input.errors.is_empty() {
        let _ = write!(
            h,
            "<tr><td colspan=\"6\" class=\"muted\">{}</td></tr>",
            esc(t.none)
        );
    }
    h.push_str("</tbody></table></div></section>\n");
}

/// The compliance view: per framework, each control with its practices and a verdict per
/// account (the same rows as `compliance-<framework>.csv`).
fn compliance(h: &mut String, input: &ReportInput, t: &Strings) {
    use orgaudit_rules::compliance::{Relation, Verdict};
    let _ = write!(
        h,
        "<section id=\"compliance\"><h2>{}</h2>",
        esc(t.compliance)
    );
    for framework in orgaudit_rules::compliance::frameworks() {
        let rows = crate::compliance::rows(input, framework);
        let _ = write!(
            h,
            "<details><summary>{}</summary><p class=\"src\">{}</p><div class=\"scroll\"><table>\
             <thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(&framework.name),
            esc(&framework.source),
            esc(t.control),
            esc(t.title),
            esc(t.practices),
            esc(t.verdicts)
        );
        for control in &framework.controls {
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| std::ptr::eq(r.control, control))
                .collect();
            let verdicts: Vec<String> = mine
                .iter()
                .map(|r| {
                    let (class, text) = match r.verdict {
                        Verdict::Fail => ("st-fail", t.fail),
                        Verdict::Unknown => ("st-unknown", t.unknown),
                        Verdict::Pass => ("st-pass", t.pass),
                        Verdict::NotApplicable => ("muted", t.not_applicable),
                        Verdict::NotEvaluated => ("muted", t.not_evaluated),
                        Verdict::NotCovered => ("muted", t.not_covered),
                    };
                    let place = match r.account_id {
                        Some(id) => input.account_name(id).unwrap_or(id).to_string(),
                        None if r.pass + r.fail + r.unknown > 0 => t.whole_organization.to_string(),
                        None => String::new(),
                    };
                    if class == "muted" {
                        format!("<span class=\"muted\">{}</span>", esc(text))
                    } else {
                        format!("{} {}", iso(&place), badge(class, text))
                    }
                })
                .collect();
            let partial = if control.relation == Relation::Partial {
                format!(
                    "<br><span class=\"muted\">{}: {}</span>",
                    esc(t.partial_match),
                    esc(control.note.as_deref().unwrap_or(""))
                )
            } else {
                String::new()
            };
            let _ = write!(
                h,
                "<tr><td class=\"mono\">{}</td><td>{}{}</td><td class=\"mono\">{}</td><td>{}</td></tr>",
                esc(&control.id),
                esc(&control.title),
                partial,
                esc(&control.practices.join(", ")),
                verdicts.join("<br>")
            );
        }
        h.push_str("</tbody></table></div></details>\n");
    }
    h.push_str("</section>\n");
}

fn practices(h: &mut String, input: &ReportInput, t: &Strings) {
    let lang = input.lang.code();
    let _ = write!(h, "<section id=\"practices\"><h2>{}</h2>", esc(t.practices));
    for e in input.catalogue.entries() {
        let m = e.meta;
        let _ = write!(
            h,
            "<div class=\"practice\" id=\"rule-{id}\"><h3><span class=\"mono\">{id}</span> {} {}</h3>\
             <p><strong>{}:</strong> {}</p><p><strong>{}:</strong> {}</p><p class=\"src\">{}: {}</p>",
            esc(m.title.get(lang)),
            badge(&format!("sev-{}", e.severity), t.severity_label(e.severity)),
            esc(t.rationale),
            esc(m.rationale.get(lang)),
            esc(t.remediation),
            esc(m.remediation.get(lang)),
            esc(t.source),
            esc(&crate::sources(&input.catalogue, m.id).join(" | ")),
            id = esc(m.id),
        );
        let controls = input.catalogue.controls(m.id);
        if !controls.is_empty() {
            let _ = write!(
                h,
                "<p class=\"src\">{}: {}</p>",
                esc(t.controls),
                esc(&controls.join(", "))
            );
        }
        h.push_str("</div>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_quotes_and_bidi() {
        assert_eq!(
            esc("<img src=x onerror=\"a\">&'"),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
        assert_eq!(esc("a\u{202E}b"), "a&#x202e;b");
    }

    #[test]
    fn script_json_cannot_close_its_block() {
        let json = serde_json::json!({"x": "</script><script>alert(1)</script><!--&"}).to_string();
        let safe = script_safe_json(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["x"], "</script><script>alert(1)</script><!--&");
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn the_policy_allows_only_the_inline_blocks() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none';"));
        assert!(csp.contains("script-src 'sha256-"));
        assert!(!csp.contains("unsafe"));
    }
}
