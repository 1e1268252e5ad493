//! `findings.json`: a versioned output format with its own types, so the internal structs can
//! change without breaking consumers. Format `orgaudit.findings`, version 1:
//!
//! ```text
//! { "format": "orgaudit.findings", "version": 1, "lang", "organization_id", "generated_at",
//!   "tool_version", "config_source", "disabled_rules": [rule_id], "selection": [flag],
//!   "coverage": {total, reachable, unreachable, skipped},
//!   "summary": [{rule_id, title, severity, pass, fail, unknown, suppressed}],
//!   "collection_errors": [{account_id, region, service, operation, code, message, subject}],
//!   "access_matrix": [{user, via, account_id, permission_set, class, notes}],
//!   "data_events": [{account_id, bucket, region, read, read_detail, write, write_detail}],
//!   "findings": [{id, rule_id, title, service, severity, status, account_id, account_name,
//!                 ou_path, region, resource, resource_name, observed, expected, evidence,
//!                 sources, controls, first_seen, last_seen,
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
//! The JSON Schema of this format (draft 2020-12) is generated from these types into
//! `docs/findings.schema.json` (`orgaudit schema`, `cargo xtask docs`); the tests check it is
//! current and validate real output against it with an independent validator.
//! JSON escaping makes every string inert for JSON consumers; no field is ever interpreted.

use crate::{counts_by_rule, ReportInput};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub const FORMAT: &str = "orgaudit.findings";
pub const VERSION: u32 = 1;

/// The whole `findings.json` document. Every type below belongs to the format, not to the
/// crates that compute the values: an internal struct can change without changing a byte here.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "orgaudit findings, version 1")]
pub struct FindingsDocument<'a> {
    /// Always `orgaudit.findings`.
    #[schemars(extend("const" = "orgaudit.findings"))]
    pub format: &'static str,
    /// Always 1 for this schema; a breaking change bumps it.
    #[schemars(extend("const" = 1))]
    pub version: u32,
    /// The language of titles.
    #[schemars(extend("enum" = ["en", "ja"]))]
    pub lang: &'static str,
    pub organization_id: &'a str,
    /// RFC 3339 end of the collection the findings were evaluated on.
    pub generated_at: &'a str,
    pub tool_version: &'a str,
    /// The practices file used, if any.
    pub config_source: Option<&'a str>,
    /// Practices not run (turned off by the practices file or not selected by the flags).
    pub disabled_rules: &'a [String],
    /// The selection flags of the run (`--checks S3.*`, `--status fail`…): the findings hold
    /// only what they select. Empty: everything.
    pub selection: &'a [String],
    pub coverage: CoverageRecord,
    /// Per practice: the configured severity and the counts of its findings.
    pub summary: Vec<RuleSummary>,
    /// Every read that failed; the findings that needed it are `unknown`.
    pub collection_errors: Vec<ErrorRecord<'a>>,
    /// Serialized one record at a time: a million findings never exist twice in memory.
    pub findings: Findings<'a>,
    /// Per bucket: S3 data-event coverage for reads and writes, with the trails that provide
    /// it and, for partial coverage, the filter that narrowed it.
    pub data_events: Vec<DataEventRow<'a>>,
    /// Who can do what, where: one row per user, account and permission set (groups expanded).
    pub access_matrix: Vec<AccessCell<'a>>,
    /// Per account: the SCP chain and the verdict of each guardrail.
    pub scp_chains: Vec<ScpChain<'a>>,
    /// The comparison with the previous run, when one was made.
    pub drift: Option<DriftRecord<'a>>,
}

#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl From<orgaudit_model::Severity> for Severity {
    fn from(s: orgaudit_model::Severity) -> Self {
        use orgaudit_model::Severity as S;
        match s {
            S::Info => Severity::Info,
            S::Low => Severity::Low,
            S::Medium => Severity::Medium,
            S::High => Severity::High,
            S::Critical => Severity::Critical,
        }
    }
}

/// `unknown`: the data the practice needs could not be read. Never a pass.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Unknown,
}

impl From<orgaudit_model::Status> for Status {
    fn from(s: orgaudit_model::Status) -> Self {
        use orgaudit_model::Status as S;
        match s {
            S::Pass => Status::Pass,
            S::Fail => Status::Fail,
            S::Unknown => Status::Unknown,
        }
    }
}

/// The practice area of a rule.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Collection,
    Organizations,
    Sso,
    S3,
    CloudTrail,
    Configuration,
}

impl From<orgaudit_rules::Service> for Service {
    fn from(s: orgaudit_rules::Service) -> Self {
        use orgaudit_rules::Service as S;
        match s {
            S::Collection => Service::Collection,
            S::Organizations => Service::Organizations,
            S::Sso => Service::Sso,
            S::S3 => Service::S3,
            S::CloudTrail => Service::CloudTrail,
            S::Configuration => Service::Configuration,
        }
    }
}

/// How many accounts were audited.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct CoverageRecord {
    pub total: usize,
    pub reachable: usize,
    pub unreachable: usize,
    /// Not audited on purpose (suspended accounts, another shard's).
    pub skipped: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RuleSummary {
    pub rule_id: &'static str,
    pub title: &'static str,
    /// The configured severity (a rule may compute another per finding).
    pub severity: Severity,
    pub pass: usize,
    /// Open failures (suppressed ones are counted apart).
    pub fail: usize,
    pub unknown: usize,
    pub suppressed: usize,
}

/// A read that failed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorRecord<'a> {
    pub account_id: Option<&'a str>,
    pub region: Option<&'a str>,
    /// The SDK's service name, e.g. `Organizations`, `S3 Control`.
    pub service: &'a str,
    pub operation: &'a str,
    /// The AWS error code, or the failure class (`TimeoutError`, `IncompleteResponse`…).
    pub code: &'a str,
    pub message: &'a str,
    /// What the read was about, when it was about one thing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<&'a str>,
}

impl<'a> From<&'a orgaudit_model::CollectionError> for ErrorRecord<'a> {
    fn from(e: &'a orgaudit_model::CollectionError) -> Self {
        ErrorRecord {
            account_id: e.account_id.as_deref(),
            region: e.region.as_deref(),
            service: &e.service,
            operation: &e.operation,
            code: &e.code,
            message: &e.message,
            subject: e.subject.as_deref(),
        }
    }
}

/// One practice on one resource.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingRecord<'a> {
    /// Stable across runs and formats: 32 hex digits of SHA-256 over practice, account, region
    /// and resource (names are not part of it).
    #[schemars(regex(pattern = r"^[0-9a-f]{32}$"))]
    pub id: String,
    pub rule_id: &'a str,
    pub title: &'static str,
    pub service: Option<Service>,
    pub severity: Severity,
    /// A suppressed failure stays `fail` and carries `suppressed`.
    pub status: Status,
    pub account_id: Option<&'a str>,
    pub account_name: Option<&'a str>,
    /// `Root / OU / …` down to the account.
    pub ou_path: Option<&'a str>,
    pub region: Option<&'a str>,
    /// The resource's ARN (or orgaudit's name for it where it has none).
    pub resource: &'a str,
    pub resource_name: Option<&'a str>,
    /// What is there.
    pub observed: &'a str,
    /// What the practice expects.
    pub expected: &'a str,
    /// `observed` as the rule's Fluent message (id and arguments, the ids of the rule's
    /// `messages` and of `crates/rules/locales`), for rendering it in another language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_message: Option<MessageRecord<'a>>,
    /// `expected` as the rule's Fluent message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_message: Option<MessageRecord<'a>>,
    pub evidence: &'a [String],
    /// `seed file: 「section」`.
    pub sources: std::sync::Arc<Vec<String>>,
    /// The compliance controls this practice maps to (CIS AWS Foundations Benchmark v3.0.0 and
    /// v5.0.0, AWS Foundational Security Best Practices), as `<framework>/<control>`.
    pub controls: &'a [String],
    /// RFC 3339 time of the first run that saw this finding with its present status (carried
    /// from the previous run in the same reports folder).
    pub first_seen: &'a str,
    /// RFC 3339 time of this run.
    pub last_seen: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<SuppressionRecord<'a>>,
}

/// A Fluent message: its id and its arguments by name.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MessageRecord<'a> {
    pub id: &'a str,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<&'a str, ArgRecord<'a>>,
}

/// A message argument: a number, a text (data: names, ARNs, AWS values), or messages of
/// their own, listed.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ArgRecord<'a> {
    Number(i64),
    Text(&'a str),
    List(Vec<MessageRecord<'a>>),
}

impl<'a> MessageRecord<'a> {
    fn of(m: &'a orgaudit_model::Message) -> MessageRecord<'a> {
        MessageRecord {
            id: &m.id,
            args: m
                .args
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        orgaudit_model::Arg::Number(n) => ArgRecord::Number(*n),
                        orgaudit_model::Arg::Text(t) => ArgRecord::Text(t),
                        orgaudit_model::Arg::List(l) => {
                            ArgRecord::List(l.iter().map(MessageRecord::of).collect())
                        }
                    };
                    (k.as_ref(), v)
                })
                .collect(),
        }
    }
}

/// The accepted-risk exception that covers a failure.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SuppressionRecord<'a> {
    /// The exception's resource pattern, as written in the configuration.
    pub pattern: &'a str,
    pub reason: &'a str,
    /// Last day (UTC, `YYYY-MM-DD`) it applies.
    pub expires: &'a str,
}

/// Data-event coverage of one direction.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CoverageLevel {
    Full,
    Partial,
    None,
    Unknown,
}

impl CoverageLevel {
    fn of(level: &str) -> Self {
        match level {
            "full" => CoverageLevel::Full,
            "partial" => CoverageLevel::Partial,
            "none" => CoverageLevel::None,
            // The matrix says `unknown` for anything it could not decide.
            _ => CoverageLevel::Unknown,
        }
    }
}

/// One bucket of the S3 data-event coverage matrix.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DataEventRow<'a> {
    pub account_id: &'a str,
    pub bucket: &'a str,
    pub region: Option<&'a str>,
    pub read: CoverageLevel,
    /// The trails that provide it; for `partial`, what narrowed it; for `unknown`, why.
    pub read_detail: &'a [String],
    pub write: CoverageLevel,
    pub write_detail: &'a [String],
}

/// One cell of the access matrix.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AccessCell<'a> {
    pub user: &'a str,
    /// `direct` or `group <name>`.
    pub via: &'a str,
    pub account_id: &'a str,
    pub permission_set: &'a str,
    /// `admin-equivalent`, `privileged`, `service-wide wildcard`, `ordinary` or `unknown`.
    pub class: &'a str,
    /// Time bounds and MFA or network mitigations.
    pub notes: &'a [String],
}

/// One account's SCP chain and guardrail verdicts.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScpChain<'a> {
    pub account_id: &'a str,
    /// Root → OUs → account. Empty when the chain is unknown or does not apply.
    pub levels: Vec<ChainLevel<'a>>,
    pub guardrails: Vec<Guardrail<'a>>,
    /// Why `levels` is empty, when it is.
    pub note: Option<&'a str>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ChainLevel<'a> {
    /// `root`, `OU` or `account`.
    pub kind: &'a str,
    pub id: &'a str,
    pub name: &'a str,
    /// Names of the SCPs attached at this level.
    pub policies: &'a [String],
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Guardrail<'a> {
    pub rule_id: &'a str,
    pub action: &'a str,
    pub blocked: bool,
    pub verdict: &'a str,
    /// One line per level: what allows and what denies the action there.
    pub explanation: &'a [String],
}

/// The comparison with an earlier run of the same organization.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DriftRecord<'a> {
    pub old: RunRecord<'a>,
    pub new: RunRecord<'a>,
    pub settings: Vec<SettingChange<'a>>,
    pub findings: FindingDrift<'a>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct RunRecord<'a> {
    pub organization_id: &'a str,
    /// RFC 3339 end of that run's collection.
    pub finished_at: &'a str,
}

/// A setting that changed between the runs.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SettingChange<'a> {
    /// `bucket`, `trail`, `scp`, `ou`, `root`, `account`, `permission set`, `assignment`…
    pub kind: &'a str,
    pub resource: &'a str,
    pub name: &'a str,
    pub account_id: Option<&'a str>,
    pub region: Option<&'a str>,
    pub setting: &'a str,
    /// Absent: the resource did not exist in that run.
    pub old: Option<&'a str>,
    pub new: Option<&'a str>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingDrift<'a> {
    pub new: Vec<FindingChange<'a>>,
    pub resolved: Vec<FindingChange<'a>>,
    pub changed: Vec<FindingChange<'a>>,
    pub unchanged: usize,
}

/// A finding whose status differs between the runs.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingChange<'a> {
    pub rule_id: &'a str,
    pub severity: Severity,
    pub account_id: Option<&'a str>,
    pub region: Option<&'a str>,
    pub resource: &'a str,
    pub resource_name: Option<&'a str>,
    /// `fail`, `fail (suppressed)`, `pass`, `unknown`, or `absent`.
    pub old: &'a str,
    pub new: &'a str,
    /// The newer observation (the older one when the finding is gone).
    pub observed: &'a str,
}

fn finding_change(c: &orgaudit_drift::FindingChange) -> FindingChange<'_> {
    FindingChange {
        rule_id: &c.rule_id,
        severity: c.severity.into(),
        account_id: c.account_id.as_deref(),
        region: c.region.as_deref(),
        resource: &c.resource,
        resource_name: c.resource_name.as_deref(),
        old: &c.old,
        new: &c.new,
        observed: &c.observed,
    }
}

fn run(r: &orgaudit_drift::RunRef) -> RunRecord<'_> {
    RunRecord {
        organization_id: &r.organization_id,
        finished_at: &r.finished_at,
    }
}

fn drift_record(d: &orgaudit_drift::Drift) -> DriftRecord<'_> {
    DriftRecord {
        old: run(&d.old),
        new: run(&d.new),
        settings: d
            .settings
            .iter()
            .map(|s| SettingChange {
                kind: s.kind,
                resource: &s.resource,
                name: &s.name,
                account_id: s.account_id.as_deref(),
                region: s.region.as_deref(),
                setting: &s.setting,
                old: s.old.as_deref(),
                new: s.new.as_deref(),
            })
            .collect(),
        findings: FindingDrift {
            new: d.findings.new.iter().map(finding_change).collect(),
            resolved: d.findings.resolved.iter().map(finding_change).collect(),
            changed: d.findings.changed.iter().map(finding_change).collect(),
            unchanged: d.findings.unchanged,
        },
    }
}

pub fn document(input: &ReportInput) -> FindingsDocument<'_> {
    let c = input.coverage;
    FindingsDocument {
        format: FORMAT,
        version: VERSION,
        lang: input.lang.code(),
        organization_id: &input.organization_id,
        generated_at: &input.generated_at,
        tool_version: &input.tool_version,
        config_source: input.config_source.as_deref(),
        disabled_rules: &input.disabled_rules,
        selection: &input.selection,
        coverage: CoverageRecord {
            total: c.total,
            reachable: c.reachable,
            unreachable: c.unreachable,
            skipped: c.skipped,
        },
        summary: counts_by_rule(&input.catalogue, &input.findings)
            .into_iter()
            .map(|(e, c)| RuleSummary {
                rule_id: e.meta.id,
                title: e.meta.title.get(input.lang.code()),
                severity: e.severity.into(),
                pass: c.pass,
                fail: c.fail,
                unknown: c.unknown,
                suppressed: c.suppressed,
            })
            .collect(),
        collection_errors: input.errors.iter().map(ErrorRecord::from).collect(),
        data_events: input
            .data_events
            .iter()
            .map(|b| DataEventRow {
                account_id: &b.account_id,
                bucket: &b.bucket,
                region: b.region.as_deref(),
                read: CoverageLevel::of(&b.read),
                read_detail: &b.read_detail,
                write: CoverageLevel::of(&b.write),
                write_detail: &b.write_detail,
            })
            .collect(),
        access_matrix: input
            .access_matrix
            .iter()
            .map(|r| AccessCell {
                user: &r.user,
                via: &r.via,
                account_id: &r.account_id,
                permission_set: &r.permission_set,
                class: &r.class,
                notes: &r.notes,
            })
            .collect(),
        scp_chains: input
            .scp_chains
            .iter()
            .map(|a| ScpChain {
                account_id: &a.account_id,
                levels: a
                    .levels
                    .iter()
                    .map(|l| ChainLevel {
                        kind: l.kind,
                        id: &l.id,
                        name: &l.name,
                        policies: &l.policies,
                    })
                    .collect(),
                guardrails: a
                    .guardrails
                    .iter()
                    .map(|g| Guardrail {
                        rule_id: g.rule_id,
                        action: &g.action,
                        blocked: g.blocked,
                        verdict: &g.verdict,
                        explanation: &g.explanation,
                    })
                    .collect(),
                note: a.note.as_deref(),
            })
            .collect(),
        drift: input.drift.drift().map(drift_record),
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

impl JsonSchema for Findings<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Findings".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Vec<FindingRecord<'static>>>::json_schema(generator)
    }
}

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let input = self.0;
        let sources = crate::SourceCache::new(&input.catalogue);
        serializer.collect_seq(input.findings.iter().map(|f| record(input, &sources, f)))
    }
}

/// One finding as the format writes it (in `findings.json` and, one per line, `findings.jsonl`).
fn record<'a>(
    input: &'a ReportInput,
    sources: &crate::SourceCache<'_>,
    f: &'a orgaudit_model::Finding,
) -> FindingRecord<'a> {
    let meta = input.catalogue.meta(&f.rule_id);
    let label = f
        .account_id
        .as_deref()
        .and_then(|id| input.accounts.get(id));
    FindingRecord {
        id: crate::identity::finding_id(f),
        rule_id: &f.rule_id,
        title: input.title(&f.rule_id),
        service: meta.map(|m| m.service.into()),
        severity: f.severity.into(),
        status: f.status.into(),
        account_id: f.account_id.as_deref(),
        account_name: label.map(|l| l.name.as_str()),
        ou_path: label.and_then(|l| l.ou_path.as_deref()),
        region: f.region.as_deref(),
        resource: &f.resource,
        resource_name: f.resource_name.as_deref(),
        observed: &f.observed,
        expected: &f.expected,
        observed_message: f.observed_msg.as_deref().map(MessageRecord::of),
        expected_message: f.expected_msg.as_deref().map(MessageRecord::of),
        evidence: &f.evidence,
        sources: sources.list(&f.rule_id),
        controls: input.catalogue.controls(&f.rule_id),
        first_seen: input.first_seen(f),
        last_seen: &input.generated_at,
        suppressed: f.suppressed.as_ref().map(|s| SuppressionRecord {
            pattern: &s.pattern,
            reason: &s.reason,
            expires: &s.expires,
        }),
    }
}

/// Write `findings.jsonl`: one finding per line, each a `findings.json` finding record, for
/// log pipelines and `jq -c` (JSON Lines: UTF-8, one JSON value per line, `\n` ends).
pub fn write_jsonl(input: &ReportInput, mut out: impl std::io::Write) -> std::io::Result<()> {
    let sources = crate::SourceCache::new(&input.catalogue);
    for f in &input.findings {
        serde_json::to_writer(&mut out, &record(input, &sources, f))
            .map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The JSON Schema of `findings.json` (draft 2020-12), as published in
/// `docs/findings.schema.json` (`cargo xtask docs` writes it; a test keeps it current).
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(FindingsDocument<'static>))
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }))
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
    crate::render_with(input, |i, out| write(i, out))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_published_schema_is_generated_from_the_types() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs/findings.schema.json");
        // Compared as values: key order depends on serde_json's features in each build.
        let committed: serde_json::Value = std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        assert!(
            committed == super::schema(),
            "docs/findings.schema.json is stale: run `cargo xtask docs` and commit it"
        );
    }
}
