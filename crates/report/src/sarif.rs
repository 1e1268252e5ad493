//! `findings.sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure
//! DevOps, DefectDojo…).
//!
//! - one run; `tool.driver.rules` is the whole catalogue (title, rationale, remediation,
//!   sources in the report's language, `security-severity` for GitHub's severity buckets);
//! - one result per open failure (`kind: fail`), per unknown (`kind: review`, level `note`:
//!   the data was not read) and per suppressed failure (with an `accepted` external
//!   suppression carrying the exception's reason). Passes are not results;
//! - cloud resources have no file: each result has a logical location (the ARN) and a
//!   stable pseudo-path `aws/<account>/<region>/<resource>` as physical location, which
//!   dashboards need to group and deduplicate; `partialFingerprints` is a hash of practice,
//!   account, region and resource, so a finding keeps its identity across runs;
//! - collection errors are `toolExecutionNotifications`; `executionSuccessful` is false when
//!   any read failed.

use crate::ReportInput;
use orgaudit_model::{Finding, Severity, Status};
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

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

/// Percent-encode everything but unreserved characters (`/` included), so an attacker-chosen
/// name is one path segment and can never climb out of the pseudo-path.
fn uri_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn fingerprint(f: &Finding) -> String {
    let key = format!(
        "{}|{}|{}|{}",
        f.rule_id,
        f.account_id.as_deref().unwrap_or("-"),
        f.region.as_deref().unwrap_or("-"),
        f.resource
    );
    Sha256::digest(key.as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
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
                "shortDescription": {"text": m.title.get(lang)},
                "fullDescription": {"text": m.rationale.get(lang)},
                "help": {
                    "text": format!("{}\n\n{}", m.remediation.get(lang), sources.join("\n")),
                },
                "defaultConfiguration": {"level": level(severity)},
                "properties": {
                    "tags": ["security", "aws", m.service.label().to_string().to_lowercase()],
                    "security-severity": security_severity(severity),
                    "precision": "high",
                    "controls": m.controls,
                },
            })
        })
        .collect();
    let results: Vec<Value> = if input.findings.len() <= crate::json::PRETTY_LIMIT {
        input
            .findings
            .iter()
            .filter(|f| f.status != Status::Pass)
            .filter_map(|f| serde_json::to_value(result(input, &catalogue, f)).ok())
            .collect()
    } else {
        Vec::new() // streamed by `write`
    };
    let notifications: Vec<Value> = input
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
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "orgaudit",
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
    #[serde(rename = "orgauditFinding/v1")]
    v1: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Properties<'a> {
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
    let account = f.account_id.as_deref().unwrap_or("organization");
    let region = f.region.as_deref().unwrap_or("global");
    let name = f.resource_name.as_deref().unwrap_or(&f.resource);
    let unknown = f.status == Status::Unknown;
    ResultOut {
        rule_id: &f.rule_id,
        rule_index: catalogue.iter().position(|m| m.id == f.rule_id),
        level: if unknown { "note" } else { level(f.severity) },
        kind: if unknown { "review" } else { "fail" },
        message: Text {
            text: format!(
                "{}: {} — observed: {}; expected: {}",
                f.rule_id, name, f.observed, f.expected
            ),
        },
        locations: [Location {
            physical_location: Physical {
                artifact_location: Artifact {
                    uri: format!(
                        "aws/{}/{}/{}",
                        uri_segment(account),
                        uri_segment(region),
                        uri_segment(&f.resource)
                    ),
                },
            },
            logical_locations: [Logical {
                fully_qualified_name: &f.resource,
                kind: "resource",
            }],
        }],
        partial_fingerprints: Fingerprints { v1: fingerprint(f) },
        properties: Properties {
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
    for f in input.findings.iter().filter(|f| f.status != Status::Pass) {
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
    let mut out = Vec::new();
    match write(input, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_inside_the_pseudo_path() {
        assert_eq!(
            uri_segment("arn:aws:s3:::a/b"),
            "arn%3Aaws%3As3%3A%3A%3Aa%2Fb"
        );
        assert_eq!(uri_segment("../x?y#z"), "..%2Fx%3Fy%23z");
        assert!(!uri_segment("<script>\u{202e}").contains(['<', '>']));
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(security_severity(Severity::High), "8.0");
    }
}
