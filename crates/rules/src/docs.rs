//! Rule documentation generated from the catalogue's metadata (`docs/RULES.md`).

use crate::registered;
use std::fmt::Write;

/// The whole catalogue as Markdown, in English and Japanese.
pub fn markdown() -> String {
    let mut out = String::from(
        "# orgaudit rule catalogue\n\n\
         Generated from the rules' own metadata by `orgaudit rules --markdown`; do not edit by hand.\n\
         Specification: `../shared/PRACTICES.md`. Seeds: `../shared/seeds/`.\n\n\
         | id | severity | title |\n|---|---|---|\n",
    );
    let rules = registered();
    for r in &rules {
        let m = r.meta();
        let _ = writeln!(
            out,
            "| [{}](#{}) | {} | {} |",
            m.id,
            anchor(m.id),
            m.severity,
            m.title.en
        );
    }
    for r in &rules {
        let m = r.meta();
        let _ = write!(
            out,
            "\n## {}\n\n**{}** / {}\n\nSeverity: {}\n\n\
             **What is checked.** {}\n\n**判定.** {}\n\n\
             **Rationale.** {}\n\n**根拠.** {}\n\n**Remediation.** {}\n\n**対処.** {}\n\n",
            m.id,
            m.title.en,
            m.title.ja,
            m.severity,
            m.doc.en,
            m.doc.ja,
            m.rationale.en,
            m.rationale.ja,
            m.remediation.en,
            m.remediation.ja
        );
        if !m.params.is_empty() {
            let _ = write!(
                out,
                "**Parameters** (`[rules.\"{}\"]` in the practices file).\n\n\
                 | name | value | default | `strict` | meaning |\n|---|---|---|---|---|\n",
                m.id
            );
            for p in m.params {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} / {} |",
                    p.name,
                    p.kind.describe(),
                    show(&p.default),
                    p.strict.as_ref().map(show).unwrap_or_else(|| "same".into()),
                    p.doc.en,
                    p.doc.ja
                );
            }
            out.push('\n');
        }
        if !m.reads.is_empty() {
            let _ = writeln!(
                out,
                "**Reads.** {} (unreadable → `unknown`, never `pass`)\n",
                m.reads
                    .iter()
                    .map(|r| format!("`{r:?}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        out.push_str("**Sources.**\n");
        for s in m.sources {
            let _ = writeln!(
                out,
                "- {} (`{}`): 「{}」",
                crate::seeds::title(s.seed),
                s.seed,
                s.section
            );
        }
        let controls = crate::compliance::controls_of(m.id);
        if !controls.is_empty() {
            let _ = writeln!(out, "\n**Controls.** {}", controls.join(", "));
        }
    }
    out
}

/// A parameter value as the practices file writes it.
fn show(d: &crate::ParamDefault) -> String {
    match d {
        crate::ParamDefault::Bool(b) => format!("`{b}`"),
        crate::ParamDefault::Duration(secs) => format!("`\"{}\"`", iso(*secs)),
        crate::ParamDefault::Patterns([]) => "none".into(),
        crate::ParamDefault::Patterns(ps) => ps
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Seconds as the ISO 8601 duration the practices file takes.
fn iso(secs: u64) -> String {
    if secs > 0 && secs.is_multiple_of(3600) {
        format!("PT{}H", secs / 3600)
    } else if secs > 0 && secs.is_multiple_of(60) {
        format!("PT{}M", secs / 60)
    } else {
        format!("PT{secs}S")
    }
}

fn anchor(id: &str) -> String {
    id.to_ascii_lowercase().replace('.', "")
}
