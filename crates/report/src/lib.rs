//! Report renderers. They know findings, rule metadata and a directory of account labels;
//! they never see AWS or the raw snapshot.
//!
//! Every string that came from AWS (account names, policy names, observed values…) is
//! attacker-controlled: each renderer neutralises it for its own format.

pub mod csv;
pub mod json;
pub mod terminal;

use orgaudit_model::{CollectionError, Coverage, Finding, Severity, Status};
use std::collections::BTreeMap;

/// Human labels for accounts, so findings can show names and OU paths.
#[derive(Debug, Clone, Default)]
pub struct AccountLabel {
    pub name: String,
    pub ou_path: Option<String>,
}

/// Everything a renderer needs.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub organization_id: String,
    /// RFC 3339 time the snapshot was finished.
    pub generated_at: String,
    pub tool_version: String,
    pub coverage: Coverage,
    /// Accounts that could not be read, with the reason (shown in the coverage line).
    pub unreachable: Vec<(String, CollectionError)>,
    pub errors: Vec<CollectionError>,
    pub accounts: BTreeMap<String, AccountLabel>,
    pub findings: Vec<Finding>,
    /// S3 data-event coverage matrix (bucket × read/write), grouped by account.
    pub data_events: Vec<orgaudit_rules::data_events::BucketCoverage>,
    /// Identity Center access matrix: user × account × permission set, with its class.
    pub access_matrix: Vec<orgaudit_rules::sso::AccessRow>,
}

impl ReportInput {
    pub fn account_name(&self, id: &str) -> Option<&str> {
        self.accounts.get(id).map(|a| a.name.as_str())
    }
}

/// Counts per status for one rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
}

/// Per-rule counts in catalogue order (rules with no finding included, at zero).
pub fn counts_by_rule(findings: &[Finding]) -> Vec<(&'static orgaudit_rules::RuleMeta, Counts)> {
    let mut map: BTreeMap<&str, Counts> = BTreeMap::new();
    for f in findings {
        let c = map.entry(f.rule_id.as_str()).or_default();
        match f.status {
            Status::Pass => c.pass += 1,
            Status::Fail => c.fail += 1,
            Status::Unknown => c.unknown += 1,
        }
    }
    orgaudit_rules::catalogue()
        .into_iter()
        .map(|r| (r.meta(), map.get(r.meta().id).copied().unwrap_or_default()))
        .collect()
}

/// Failures first by severity (critical first), then unknowns, stable otherwise.
pub fn worst_first(findings: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .collect();
    v.sort_by_key(|f| (f.status != Status::Fail, std::cmp::Reverse(f.severity)));
    v
}

/// Does any failing finding reach the threshold?
pub fn fails_at(findings: &[Finding], threshold: Severity) -> bool {
    findings
        .iter()
        .any(|f| f.status == Status::Fail && f.severity >= threshold)
}
