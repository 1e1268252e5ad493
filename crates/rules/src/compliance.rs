//! Compliance frameworks as data: which orgaudit practices bear on which control of the CIS AWS
//! Foundations Benchmark (v3.0.0, v5.0.0) and of AWS Foundational Security Best Practices
//! (FSBP). One JSON file per framework under `crates/rules/compliance/`, each naming the
//! document its control ids and titles were read from; every control of the framework's
//! sections that touch orgaudit's areas is listed, mapped or not, so a compliance view shows
//! what orgaudit does not cover as well as what it does.
//!
//! A control is judged from its practices' findings (see [`verdict`]): it fails where any of
//! them fails, is unknown where any is unknown and none fails, passes only where all of them
//! were judged and passed. A control with no practice is "not covered", never a pass.

use serde::Deserialize;
use std::sync::OnceLock;

/// One framework, as its data file describes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Short id used in findings (`<id>/<control>`) and file names (`compliance-<id>.csv`).
    pub id: String,
    pub name: String,
    /// Where the control ids and titles come from.
    pub source: String,
    /// What the mapping does and does not claim.
    pub note: String,
    pub controls: Vec<Control>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    /// The orgaudit practices whose findings decide it (empty: not covered by orgaudit).
    #[serde(default)]
    pub practices: Vec<String>,
    /// How closely the practices match the control.
    #[serde(default, rename = "match")]
    pub relation: Relation,
    /// Where a partial match differs from the control.
    #[serde(default)]
    pub note: Option<String>,
}

/// How closely a control's practices check what the control asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// The practices check what the control asks.
    #[default]
    Exact,
    /// They overlap: the note says how the verdict can differ from the control's own.
    Partial,
}

const FILES: &[(&str, &str)] = &[
    (
        "cis-aws-v5.0.0",
        include_str!("../compliance/cis-aws-v5.0.0.json"),
    ),
    (
        "cis-aws-v3.0.0",
        include_str!("../compliance/cis-aws-v3.0.0.json"),
    ),
    ("aws-fsbp", include_str!("../compliance/aws-fsbp.json")),
];

/// Every framework orgaudit maps to, parsed once. The files are part of the build; a test
/// parses each (a malformed file fails the tests, never a run).
pub fn frameworks() -> &'static [Framework] {
    static ALL: OnceLock<Vec<Framework>> = OnceLock::new();
    ALL.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|(_, text)| serde_json::from_str(text).ok())
            .collect()
    })
}

pub fn framework(id: &str) -> Option<&'static Framework> {
    frameworks().iter().find(|f| f.id == id)
}

/// The controls a practice maps to, as `<framework>/<control>`, in framework order.
pub fn controls_of(practice: &str) -> Vec<String> {
    frameworks()
        .iter()
        .flat_map(|f| {
            f.controls
                .iter()
                .filter(|c| c.practices.iter().any(|p| p == practice))
                .map(move |c| format!("{}/{}", f.id, c.id))
        })
        .collect()
}

/// A control's verdict from the statuses of its practices' findings (for one account, or the
/// whole organization).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Fail,
    Unknown,
    Pass,
    /// No finding of its practices applies here (e.g. no bucket in the account).
    NotApplicable,
    /// Its practices are turned off in this run (practices file or selection flags).
    NotEvaluated,
    /// No orgaudit practice maps to the control.
    NotCovered,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Fail => "fail",
            Verdict::Unknown => "unknown",
            Verdict::Pass => "pass",
            Verdict::NotApplicable => "not_applicable",
            Verdict::NotEvaluated => "not_evaluated",
            Verdict::NotCovered => "not_covered",
        }
    }
}

/// Fold the statuses of a control's findings: any open failure fails it; else any unknown
/// makes it unknown; it passes only when every finding passed (or was an accepted failure).
pub fn verdict<'a>(
    covered: bool,
    findings: impl IntoIterator<Item = &'a orgaudit_model::Finding>,
) -> Verdict {
    if !covered {
        return Verdict::NotCovered;
    }
    let mut out = Verdict::NotApplicable;
    for f in findings {
        let v = match f.status {
            orgaudit_model::Status::Fail if f.suppressed.is_none() => Verdict::Fail,
            orgaudit_model::Status::Unknown => Verdict::Unknown,
            _ => Verdict::Pass,
        };
        out = out.min(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framework_file_parses_and_names_real_practices() {
        let ids: Vec<&str> = crate::registered().iter().map(|r| r.meta().id).collect();
        for (name, text) in FILES {
            let f: Framework = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("compliance/{name}.json: {e}"));
            assert_eq!(&f.id, name);
            assert!(f.source.starts_with("https://"), "{name}: source");
            let mut seen = std::collections::BTreeSet::new();
            for c in &f.controls {
                assert!(seen.insert(&c.id), "{name}: control {} twice", c.id);
                for p in &c.practices {
                    assert!(
                        ids.contains(&p.as_str()),
                        "{name} {}: no practice {p}",
                        c.id
                    );
                }
                if c.relation == Relation::Partial {
                    assert!(
                        c.note.is_some(),
                        "{name} {}: a partial match says how",
                        c.id
                    );
                }
            }
        }
        assert_eq!(frameworks().len(), FILES.len());
    }

    #[test]
    fn a_control_passes_only_when_every_finding_passed() {
        use orgaudit_model::{Finding, Severity, Status};
        let f = |status| Finding {
            rule_id: "S3.1".into(),
            status,
            severity: Severity::High,
            account_id: None,
            region: None,
            resource: "r".into(),
            resource_name: None,
            observed: String::new(),
            expected: "".into(),
            observed_msg: None,
            expected_msg: None,
            evidence: Vec::new(),
            suppressed: None,
            severity_computed: false,
        };
        let (pass, fail, unknown) = (f(Status::Pass), f(Status::Fail), f(Status::Unknown));
        assert_eq!(verdict(true, [&pass, &pass]), Verdict::Pass);
        assert_eq!(verdict(true, [&pass, &unknown]), Verdict::Unknown);
        assert_eq!(verdict(true, [&unknown, &fail, &pass]), Verdict::Fail);
        assert_eq!(verdict(true, []), Verdict::NotApplicable);
        assert_eq!(verdict(false, [&fail]), Verdict::NotCovered);
    }
}
