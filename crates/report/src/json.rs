//! `findings.json`: a versioned output format with its own types, so the internal structs can
//! change without breaking consumers. Format `orgaudit.findings`, version 1:
//!
//! ```text
//! { "format": "orgaudit.findings", "version": 1, "lang", "organization_id", "generated_at",
//!   "tool_version", "config_source", "disabled_rules": [rule_id],
//!   "coverage": {total, reachable, unreachable, skipped},
//!   "summary": [{rule_id, title, severity, pass, fail, unknown, suppressed}],
//!   "collection_errors": [{account_id, region, service, operation, code, message, subject}],
//!   "access_matrix": [{user, via, account_id, permission_set, class, notes}],
//!   "data_events": [{account_id, bucket, region, read, read_detail, write, write_detail}],
//!   "findings": [{rule_id, title, service, severity, status, account_id, account_name, ou_path,
//!                 region, resource, resource_name, observed, expected, evidence, sources, controls,
//!                 suppressed?: {pattern, reason, expires}}],
//!   "scp_chains": [{account_id, levels: [{kind, id, name, policies}],
//!                   guardrails: [{rule_id, action, blocked, verdict, explanation}], note}],
//!   "drift": null | {old: {organization_id, finished_at}, new: {…},
//!            settings: [{kind, resource, name, account_id, region, setting, old, new}],
//!            findings: {new: [...], resolved: [...], changed: [...], unchanged}} }
//! ```
//! `fail` counts open failures; a failure covered by an accepted-risk exception keeps
//! `status: "fail"`, carries `suppressed` and is counted under `suppressed`. Titles follow
//! `lang`. Additions are backwards compatible; a breaking change bumps `version`.
//! JSON escaping makes every string inert for JSON consumers; no field is ever interpreted.

use crate::{counts_by_rule, ReportInput};
use orgaudit_model::{CollectionError, Coverage, Severity, Status};
use serde::Serialize;

pub const FORMAT: &str = "orgaudit.findings";
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct FindingsDocument<'a> {
    pub format: &'static str,
    pub version: u32,
    pub lang: &'static str,
    pub organization_id: &'a str,
    pub generated_at: &'a str,
    pub tool_version: &'a str,
    pub config_source: Option<&'a str>,
    pub disabled_rules: &'a [String],
    pub coverage: Coverage,
    pub summary: Vec<RuleSummary>,
    pub collection_errors: &'a [CollectionError],
    /// Serialized one record at a time: a million findings never exist twice in memory.
    pub findings: Findings<'a>,
    /// Per bucket: `read` / `write` each `full`, `partial`, `none` or `unknown`, with the trails
    /// that provide it and, for partial coverage, the filter that narrowed it.
    pub data_events: &'a [orgaudit_rules::data_events::BucketCoverage],
    /// Who can do what, where: one row per user, account and permission set (groups expanded).
    pub access_matrix: &'a [orgaudit_rules::sso::AccessRow],
    pub scp_chains: &'a [orgaudit_rules::scp::AccountChain],
    pub drift: Option<&'a orgaudit_drift::Drift>,
}

#[derive(Debug, Serialize)]
pub struct RuleSummary {
    pub rule_id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub suppressed: usize,
}

#[derive(Debug, Serialize)]
pub struct FindingRecord<'a> {
    pub rule_id: &'a str,
    pub title: &'static str,
    pub service: Option<orgaudit_rules::Service>,
    pub severity: Severity,
    pub status: Status,
    pub account_id: Option<&'a str>,
    pub account_name: Option<&'a str>,
    pub ou_path: Option<&'a str>,
    pub region: Option<&'a str>,
    pub resource: &'a str,
    pub resource_name: Option<&'a str>,
    pub observed: &'a str,
    pub expected: &'a str,
    pub evidence: &'a [String],
    /// `seed file: 「section」`.
    pub sources: std::sync::Arc<Vec<String>>,
    pub controls: &'static [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<&'a orgaudit_model::Suppression>,
}

pub fn document(input: &ReportInput) -> FindingsDocument<'_> {
    FindingsDocument {
        format: FORMAT,
        version: VERSION,
        lang: input.lang.code(),
        organization_id: &input.organization_id,
        generated_at: &input.generated_at,
        tool_version: &input.tool_version,
        config_source: input.config_source.as_deref(),
        disabled_rules: &input.disabled_rules,
        coverage: input.coverage,
        summary: counts_by_rule(&input.catalogue, &input.findings)
            .into_iter()
            .map(|(e, c)| RuleSummary {
                rule_id: e.meta.id,
                title: e.meta.title.get(input.lang.code()),
                severity: e.severity,
                pass: c.pass,
                fail: c.fail,
                unknown: c.unknown,
                suppressed: c.suppressed,
            })
            .collect(),
        collection_errors: &input.errors,
        data_events: &input.data_events,
        access_matrix: &input.access_matrix,
        scp_chains: &input.scp_chains,
        drift: input.drift.drift(),
        findings: Findings(input),
    }
}

/// The findings of a report, serialized lazily as [`FindingRecord`]s.
pub struct Findings<'a>(&'a ReportInput);

impl std::fmt::Debug for Findings<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} findings", self.0.findings.len())
    }
}

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let input = self.0;
        let sources = crate::SourceCache::new(&input.catalogue);
        serializer.collect_seq(input.findings.iter().map(|f| {
            let meta = input.catalogue.meta(&f.rule_id);
            let label = f
                .account_id
                .as_deref()
                .and_then(|id| input.accounts.get(id));
            FindingRecord {
                rule_id: &f.rule_id,
                title: input.title(&f.rule_id),
                service: meta.map(|m| m.service),
                severity: f.severity,
                status: f.status,
                account_id: f.account_id.as_deref(),
                account_name: label.map(|l| l.name.as_str()),
                ou_path: label.and_then(|l| l.ou_path.as_deref()),
                region: f.region.as_deref(),
                resource: &f.resource,
                resource_name: f.resource_name.as_deref(),
                observed: &f.observed,
                expected: &f.expected,
                evidence: &f.evidence,
                sources: sources.list(&f.rule_id),
                controls: meta.map(|m| m.controls).unwrap_or(&[]),
                suppressed: f.suppressed.as_ref(),
            }
        }))
    }
}

/// Above this many findings the JSON files are written compact (no indentation): at a million
/// findings indentation alone costs hundreds of megabytes.
pub const PRETTY_LIMIT: usize = 10_000;

/// Write `findings.json`.
pub fn write(input: &ReportInput, out: impl std::io::Write) -> std::io::Result<()> {
    let doc = document(input);
    if input.findings.len() <= PRETTY_LIMIT {
        serde_json::to_writer_pretty(out, &doc)
    } else {
        serde_json::to_writer(out, &doc)
    }
    .map_err(std::io::Error::other)
}

pub fn render(input: &ReportInput) -> String {
    let mut out = Vec::new();
    match write(input, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}
