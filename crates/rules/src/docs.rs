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
             **Rationale.** {}\n\n**根拠.** {}\n\n**Remediation.** {}\n\n**対処.** {}\n\n**Sources.**\n",
            m.id, m.title.en, m.title.ja, m.severity, m.rationale.en, m.rationale.ja, m.remediation.en, m.remediation.ja
        );
        for s in m.sources {
            let _ = writeln!(out, "- `{}`: 「{}」", s.seed, s.section);
        }
        if !m.controls.is_empty() {
            let _ = writeln!(out, "\n**Controls.** {}", m.controls.join(", "));
        }
    }
    out
}

fn anchor(id: &str) -> String {
    id.to_ascii_lowercase().replace('.', "")
}
