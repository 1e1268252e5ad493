//! The compliance view: per framework (CIS AWS Foundations Benchmark v5.0.0 and v3.0.0, AWS
//! FSBP), each control with the orgaudit practices that bear on it and a verdict per account
//! (`compliance-<framework>.csv`, and a section of the HTML report).
//!
//! A control's verdict in an account folds its practices' findings there
//! ([`orgaudit_rules::compliance::verdict`]): fail if any fails, unknown if any is unknown, pass
//! only if all were judged and passed. Findings about the organization as a whole (no
//! account: Identity Center permission sets, SCP hygiene) make an `organization` row. A
//! control no practice maps to is `not_covered`, one whose practices are turned off in this
//! run `not_evaluated`: neither is ever a pass.

use crate::ReportInput;
use orgaudit_rules::compliance::{self, Framework, Relation, Verdict};
use std::collections::BTreeMap;

/// One row: a control in one account (or the organization, or nowhere for a control that is
/// not covered or has no finding).
#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub control: &'a compliance::Control,
    /// `None`: findings without an account (organization-wide), or no finding at all.
    pub account_id: Option<&'a str>,
    pub verdict: Verdict,
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
}

/// Every control of `framework`, with a row per account it has findings in.
pub fn rows<'a>(input: &'a ReportInput, framework: &'a Framework) -> Vec<Row<'a>> {
    let mut out = Vec::new();
    for control in &framework.controls {
        let enabled = control
            .practices
            .iter()
            .any(|p| input.catalogue.get(p).is_some_and(|e| e.enabled));
        if control.practices.is_empty() || !enabled {
            out.push(Row {
                control,
                account_id: None,
                verdict: if control.practices.is_empty() {
                    Verdict::NotCovered
                } else {
                    Verdict::NotEvaluated
                },
                pass: 0,
                fail: 0,
                unknown: 0,
            });
            continue;
        }
        let mut by_account: BTreeMap<Option<&str>, Vec<&orgaudit_model::Finding>> = BTreeMap::new();
        for f in input
            .findings
            .iter()
            .filter(|f| control.practices.iter().any(|p| p == f.rule_id.as_ref()))
        {
            by_account
                .entry(f.account_id.as_deref())
                .or_default()
                .push(f);
        }
        if by_account.is_empty() {
            out.push(Row {
                control,
                account_id: None,
                verdict: Verdict::NotApplicable,
                pass: 0,
                fail: 0,
                unknown: 0,
            });
        }
        for (account, findings) in by_account {
            let counts = crate::Counts::of(findings.iter().copied());
            out.push(Row {
                control,
                account_id: account,
                verdict: compliance::verdict(true, findings.iter().copied()),
                pass: counts.pass + counts.suppressed,
                fail: counts.fail,
                unknown: counts.unknown,
            });
        }
    }
    out
}

/// `compliance-<framework>.csv` columns, in order.
pub const COLUMNS: &[&str] = &[
    "framework",
    "control_id",
    "control_title",
    "match",
    "practices",
    "account_id",
    "account_name",
    "verdict",
    "pass",
    "fail",
    "unknown",
    "note",
];

/// The CSV of one framework.
pub fn csv(input: &ReportInput, framework: &Framework) -> String {
    let rows = rows(input, framework).into_iter().map(|r| {
        vec![
            framework.name.clone(),
            r.control.id.clone(),
            r.control.title.clone(),
            match r.control.relation {
                Relation::Exact => "exact",
                Relation::Partial => "partial",
            }
            .to_string(),
            r.control.practices.join(" | "),
            r.account_id.unwrap_or_default().to_string(),
            match r.account_id {
                Some(id) => input.account_name(id).unwrap_or_default().to_string(),
                None if r.pass + r.fail + r.unknown > 0 => "organization".to_string(),
                None => String::new(),
            },
            r.verdict.as_str().to_string(),
            r.pass.to_string(),
            r.fail.to_string(),
            r.unknown.to_string(),
            r.control.note.clone().unwrap_or_default(),
        ]
    });
    crate::csv::table(COLUMNS, rows)
}
