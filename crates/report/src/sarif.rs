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
    let catalogue: Vec<&'static orgaudit_rules::RuleMeta> = orgaudit_rules::catalogue()
        .into_iter()
        .map(|r| r.meta())
        .collect();
    let rules: Vec<Value> = catalogue
        .iter()
        .map(|m| {
            let sources = crate::sources(m.id);
            json!({
                "id": m.id,
                "name": m.id.replace('.', ""),
                "shortDescription": {"text": m.title.get(lang)},
                "fullDescription": {"text": m.rationale.get(lang)},
                "help": {
                    "text": format!("{}\n\n{}", m.remediation.get(lang), sources.join("\n")),
                },
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {
                    "tags": ["security", "aws", m.service.label().to_string().to_lowercase()],
                    "security-severity": security_severity(m.severity),
                    "precision": "high",
                    "controls": m.controls,
                },
            })
        })
        .collect();
    let results: Vec<Value> = input
        .findings
        .iter()
        .filter(|f| f.status != Status::Pass)
        .map(|f| {
            let index = catalogue.iter().position(|m| m.id == f.rule_id);
            let account = f.account_id.as_deref().unwrap_or("organization");
            let region = f.region.as_deref().unwrap_or("global");
            let name = f.resource_name.as_deref().unwrap_or(&f.resource);
            let mut r = json!({
                "ruleId": f.rule_id,
                "level": if f.status == Status::Unknown { "note" } else { level(f.severity) },
                "kind": if f.status == Status::Unknown { "review" } else { "fail" },
                "message": {"text": format!(
                    "{}: {} — observed: {}; expected: {}",
                    f.rule_id, name, f.observed, f.expected
                )},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {
                        "uri": format!("aws/{}/{}/{}", uri_segment(account), uri_segment(region), uri_segment(&f.resource)),
                    }},
                    "logicalLocations": [{"fullyQualifiedName": f.resource, "kind": "resource"}],
                }],
                "partialFingerprints": {"orgauditFinding/v1": fingerprint(f)},
                "properties": {
                    "severity": f.severity,
                    "status": f.status,
                    "accountId": f.account_id,
                    "accountName": f.account_id.as_deref().and_then(|id| input.account_name(id)),
                    "region": f.region,
                    "resourceName": f.resource_name,
                    "evidence": f.evidence,
                },
            });
            if let Some(i) = index {
                r["ruleIndex"] = json!(i);
            }
            if let Some(s) = &f.suppressed {
                r["suppressions"] = json!([{
                    "kind": "external",
                    "status": "accepted",
                    "justification": format!("{} (until {}; pattern {})", s.reason, s.expires, s.pattern),
                }]);
            }
            r
        })
        .collect();
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

pub fn render(input: &ReportInput) -> String {
    serde_json::to_string_pretty(&document(input))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
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
