//! `orgaudit rules`: the catalogue as a table, as JSON, and the compliance frameworks it maps to.

use orgaudit_report::Lang;
use orgaudit_rules::compliance;
use serde_json::json;

/// Aligned columns with a header: id, severity, service, controls, title.
pub fn table(lang: Lang) -> String {
    let rows: Vec<[String; 5]> = orgaudit_rules::registered()
        .iter()
        .map(|r| {
            let m = r.meta();
            [
                m.id.to_string(),
                m.severity.as_str().to_string(),
                m.service.label().to_string(),
                compliance::controls_of(m.id).len().to_string(),
                m.title.get(lang.code()).to_string(),
            ]
        })
        .collect();
    let header = ["ID", "SEVERITY", "SERVICE", "CONTROLS", "TITLE"];
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain(std::iter::once(header[i].len()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: [&str; 5]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate().take(4) {
            l.push_str(c);
            l.push_str(&" ".repeat(widths[i] - c.chars().count() + 2));
        }
        l.push_str(cells[4]);
        l.push('\n');
        l
    };
    let mut out = line(header);
    for r in &rows {
        out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
    }
    out
}

/// The catalogue as JSON, titles in `lang`.
pub fn json(lang: Lang) -> String {
    let rules: Vec<serde_json::Value> = orgaudit_rules::registered()
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.id,
                "service": m.service.label(),
                "severity": m.severity.as_str(),
                "title": m.title.get(lang.code()),
                "remediation": m.remediation.get(lang.code()),
                "controls": compliance::controls_of(m.id),
                "params": m.params.iter().map(|p| p.name).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
}

/// The frameworks: id, name, controls listed, controls covered (`json`: the whole mapping).
pub fn compliance(as_json: bool) -> String {
    let all = compliance::frameworks();
    if as_json {
        let v: Vec<serde_json::Value> = all
            .iter()
            .map(|f| {
                json!({
                    "id": f.id, "name": f.name, "source": f.source, "note": f.note,
                    "controls": f.controls.iter().map(|c| json!({
                        "id": c.id, "title": c.title, "practices": c.practices,
                        "match": c.relation, "note": c.note,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
    let width = all.iter().map(|f| f.id.len()).max().unwrap_or(2).max(2);
    let mut out = format!("{:<width$}  CONTROLS  COVERED  NAME\n", "ID");
    for f in all {
        let covered = f
            .controls
            .iter()
            .filter(|c| !c.practices.is_empty())
            .count();
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:>7}  {}\n",
            f.id,
            f.controls.len(),
            covered,
            f.name
        ));
    }
    out
}
