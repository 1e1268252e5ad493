//! `findings.sarif`: SARIF 2.1.0 for code-scanning dashboards, shaped for GitHub code
//! scanning (GitHub Docs, "SARIF support for code scanning") and valid for any other consumer
//! (Azure DevOps, DefectDojo…).
//!
//! - one run; `tool.driver.rules` is the whole catalogue (title, rationale, remediation,
//!   sources in the report's language; `security-severity` for GitHub's severity buckets;
//!   `helpUri` to the practice's section of `docs/RULES.md`, and `help.markdown` with the same
//!   link, which GitHub shows instead of `help.text`);
//! - one result per open failure (`kind: fail`), per unknown (`kind: review`, level `note`:
//!   the data was not read) and per suppressed failure (with an `accepted` external
//!   suppression carrying the exception's reason, SARIF 2.1.0 §3.35; GitHub does not document
//!   suppressions and shows such a result as an alert). Passes are not results;
//! - cloud resources have no file: each result has a logical location (the ARN) and, as
//!   physical location, a readable relative pseudo-path
//!   `aws/<account-name>/<region>/<service>/<resource-name>` (GitHub: "a relative path from the
//!   root of the GitHub repository") with `region.startLine` 1, which GitHub needs to show a
//!   result; each segment keeps letters, digits, `.`, `_` and `-` only, so a hostile name can
//!   never climb out of it. The path is for people; identity is in `partialFingerprints`:
//!   `primaryLocationLineHash` ("Code scanning only uses the primaryLocationLineHash") and
//!   `orgauditFinding/v1`, both from the finding id (practice, account, region, resource), so
//!   an alert keeps its identity across runs and renames;
//! - at most 25,000 results (GitHub rejects a run with more), worst first; what is left out is
//!   said in a tool notification and stays in `findings.json`;
//! - `automationDetails.id` is `orgaudit/<organization>/`: GitHub's category, which takes
//!   precedence over the upload action's `category` input;
//! - collection errors are `toolExecutionNotifications`; `executionSuccessful` is false when
//!   any read failed.

use crate::{at_most, ReportInput};
use orgaudit_model::{Finding, Severity, Status};
use serde::Serialize;
use serde_json::{json, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub maps this to critical (≥ 9.0), high (≥ 7.0), medium (≥ 4.0), low.
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "0.0",
    }
}

/// GitHub rejects a run with more results than this ("Results per run: 25,000").
pub const MAX_RESULTS: usize = 25_000;

/// GitHub's limit on rule descriptions ("Limited to 1024 characters").
const MAX_DESCRIPTION: usize = 1024;

/// Where the practices' pages are published (`docs/RULES.md` of the repository).
pub const RULES_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/RULES.md");

/// One readable path segment: letters, digits, `.`, `_` and `-` kept, anything else `_`;
/// never empty, never `.` or `..`, at most 100 characters. A hostile name cannot add a
/// segment, climb out of the path or carry markup.
fn path_segment(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if out.is_empty() || out.chars().all(|c| c == '.') {
        out.insert(0, '_');
    }
    out
}

/// The practice's section of `docs/RULES.md`, by GitHub's heading anchor (`## S3.6` →
/// `#s36`: lower case, punctuation dropped).
pub fn help_uri(rule_id: &str) -> String {
    let anchor: String = rule_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("{RULES_URL}#{anchor}")
}

/// The path segment of a practice area.
fn service_segment(s: orgaudit_rules::Service) -> String {
    s.label().to_ascii_lowercase().replace(' ', "-")
}

/// The results a SARIF file carries: every finding that is not a pass, worst first, at most
/// [`MAX_RESULTS`]; and how many were left out.
fn selected(input: &ReportInput) -> (Vec<&Finding>, usize) {
    let mut all: Vec<&Finding> = input
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .collect();
    if all.len() <= MAX_RESULTS {
        return (all, 0);
    }
    all.sort_by_key(|f| crate::rank(f));
    let left = all.len() - MAX_RESULTS;
    all.truncate(MAX_RESULTS);
    (all, left)
}

pub fn document(input: &ReportInput) -> Value {
    let lang = input.lang.code();
    let catalogue: Vec<&'static orgaudit_rules::RuleMeta> =
        input.catalogue.entries().iter().map(|e| e.meta).collect();
    let rules: Vec<Value> = catalogue
        .iter()
        .map(|m| {
            let sources = crate::sources(&input.catalogue, m.id);
            // The configured severity (the practices file may replace the default).
            let severity = input.catalogue.severity(m.id).unwrap_or(m.severity);
            json!({
                "id": m.id,
                "name": m.id.replace('.', ""),
                "shortDescription": {"text": at_most(m.title.get(lang), MAX_DESCRIPTION)},
                "fullDescription": {"text": at_most(m.rationale.get(lang), MAX_DESCRIPTION)},
                "helpUri": help_uri(m.id),
                "help": {
                    "text": format!("{}\n\n{}", m.remediation.get(lang), sources.join("\n")),
                    "markdown": format!(
                        "{}\n\n{}\n\n[{}]({})",
                        m.remediation.get(lang),
                        sources.iter().map(|s| format!("- {s}")).collect::<Vec<_>>().join("\n"),
                        m.id,
                        help_uri(m.id)
                    ),
                },
                "defaultConfiguration": {"level": level(severity)},
                "properties": {
                    "tags": ["security", "aws", m.service.label().to_string().to_lowercase()],
                    "security-severity": security_severity(severity),
                    "precision": "high",
                    "controls": input.catalogue.controls(m.id),
                },
            })
        })
        .collect();
    let (chosen, left_out) = selected(input);
    let results: Vec<Value> = if input.findings.len() <= crate::json::PRETTY_LIMIT {
        chosen
            .iter()
            .filter_map(|f| serde_json::to_value(result(input, &catalogue, f)).ok())
            .collect()
    } else {
        Vec::new() // streamed by `write`
    };
    let mut notifications: Vec<Value> = input
        .errors
        .iter()
        .map(|e| {
            json!({
                "level": "warning",
                "message": {"text": e.summary()},
                "descriptor": {"id": format!("{}.{}", e.service, e.operation)},
            })
        })
        .collect();
    if left_out > 0 {
        notifications.push(json!({
            "level": "note",
            "message": {"text": format!(
                "{left_out} result(s) beyond GitHub's {MAX_RESULTS} per run left out (the least \
                 severe); every finding is in findings.json"
            )},
            "descriptor": {"id": "orgaudit.results-limit"},
        }));
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "orgaudit",
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "version": input.tool_version,
                "semanticVersion": input.tool_version,
                "rules": rules,
            }},
            "automationDetails": {"id": format!("orgaudit/{}/", input.organization_id)},
            "language": lang,
            "invocations": [{
                "executionSuccessful": input.errors.is_empty(),
                "endTimeUtc": input.generated_at,
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

/// One SARIF result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    kind: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints,
    properties: Properties<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Suppression>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical,
    logical_locations: [Logical<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical {
    artifact_location: Artifact,
    region: Region,
}

/// The whole "file" is its first line: GitHub requires a region to show a result.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct Artifact {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Logical<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Fingerprints {
    /// GitHub's fingerprint, `<hash>:<occurrence>` as its upload action writes it.
    #[serde(rename = "primaryLocationLineHash")]
    primary: String,
    #[serde(rename = "orgauditFinding/v1")]
    v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties<'a> {
    finding_id: String,
    severity: Severity,
    status: Status,
    account_id: Option<&'a str>,
    account_name: Option<&'a str>,
    region: Option<&'a str>,
    resource_name: Option<&'a str>,
    evidence: &'a [String],
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

/// One SARIF result.
fn result<'a>(
    input: &'a ReportInput,
    catalogue: &[&'static orgaudit_rules::RuleMeta],
    f: &'a Finding,
) -> ResultOut<'a> {
    let account = f
        .account_id
        .as_deref()
        .map(|id| input.account_name(id).unwrap_or(id))
        .unwrap_or("organization");
    let region = f.region.as_deref().unwrap_or("global");
    let name = f.resource_name.as_deref().unwrap_or(&f.resource);
    let service = input
        .catalogue
        .meta(&f.rule_id)
        .map(|m| service_segment(m.service))
        .unwrap_or_else(|| "other".into());
    let unknown = f.status == Status::Unknown;
    let id = crate::identity::finding_id(f);
    ResultOut {
        rule_id: &f.rule_id,
        rule_index: catalogue.iter().position(|m| m.id == f.rule_id),
        level: if unknown { "note" } else { level(f.severity) },
        kind: if unknown { "review" } else { "fail" },
        message: Text {
            text: format!(
                "{} {}: {}. Observed: {}; expected: {}",
                f.rule_id,
                name,
                input.title(&f.rule_id),
                f.observed,
                f.expected
            ),
        },
        locations: [Location {
            physical_location: Physical {
                artifact_location: Artifact {
                    uri: format!(
                        "aws/{}/{}/{}/{}",
                        path_segment(account),
                        path_segment(region),
                        service,
                        path_segment(name)
                    ),
                },
                region: Region {
                    start_line: 1,
                    start_column: 1,
                    end_line: 1,
                    end_column: 2,
                },
            },
            logical_locations: [Logical {
                fully_qualified_name: &f.resource,
                kind: "resource",
            }],
        }],
        partial_fingerprints: Fingerprints {
            primary: format!("{}:1", &id[..16]),
            v1: id.clone(),
        },
        properties: Properties {
            finding_id: id,
            severity: f.severity,
            status: f.status,
            account_id: f.account_id.as_deref(),
            account_name: f
                .account_id
                .as_deref()
                .and_then(|id| input.account_name(id)),
            region: f.region.as_deref(),
            resource_name: f.resource_name.as_deref(),
            evidence: &f.evidence,
        },
        suppressions: f
            .suppressed
            .iter()
            .map(|s| Suppression {
                kind: "external",
                status: "accepted",
                justification: format!("{} (until {}; pattern {})", s.reason, s.expires, s.pattern),
            })
            .collect(),
    }
}

/// Write `findings.sarif`: indented up to [`crate::json::PRETTY_LIMIT`] findings; above, compact
/// and with the results streamed one at a time.
pub fn write(input: &ReportInput, mut out: impl std::io::Write) -> std::io::Result<()> {
    let doc = document(input);
    if input.findings.len() <= crate::json::PRETTY_LIMIT {
        return serde_json::to_writer_pretty(out, &doc).map_err(std::io::Error::other);
    }
    let text = serde_json::to_string(&doc).map_err(std::io::Error::other)?;
    let marker = "\"results\":[]";
    let at = text
        .rfind(marker)
        .ok_or_else(|| std::io::Error::other("results placeholder missing"))?;
    out.write_all(&text.as_bytes()[..at + marker.len() - 1])?;
    let catalogue: Vec<&'static orgaudit_rules::RuleMeta> =
        input.catalogue.entries().iter().map(|e| e.meta).collect();
    let mut first = true;
    for f in selected(input).0 {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        serde_json::to_writer(&mut out, &result(input, &catalogue, f))
            .map_err(std::io::Error::other)?;
    }
    out.write_all(&text.as_bytes()[at + marker.len() - 1..])
}

pub fn render(input: &ReportInput) -> String {
    crate::render_with(input, |i, out| write(i, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_inside_the_pseudo_path() {
        assert_eq!(path_segment("prod-app"), "prod-app");
        assert_eq!(path_segment("arn:aws:s3:::a/b"), "arn_aws_s3___a_b");
        assert_eq!(path_segment("../x?y#z"), ".._x_y_z");
        assert_eq!(path_segment(".."), "_..");
        assert_eq!(path_segment(""), "_");
        assert!(!path_segment("<script>\u{202e}").contains(['<', '>', '\u{202e}']));
        assert_eq!(path_segment(&"a".repeat(500)).len(), 100);
        assert_eq!(path_segment("本番"), "__");
    }

    #[test]
    fn help_uris_point_at_the_practice_heading() {
        assert!(help_uri("S3.6").ends_with("/docs/RULES.md#s36"));
        assert!(help_uri("ORG.10").ends_with("#org10"));
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(security_severity(Severity::High), "8.0");
    }
}
