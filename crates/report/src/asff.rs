//! `findings.asff.json`: every finding in the AWS Security Finding Format, as Security Hub's
//! BatchImportFindings takes it (AWS Security Hub User Guide, "AWS Security Finding Format
//! (ASFF)", "Required top-level attributes in ASFF"; API Reference, "AwsSecurityFinding").
//! A JSON array; import it in batches of at most 100 (the BatchImportFindings limit).
//!
//! - every required attribute: `SchemaVersion` 2018-10-08, `Id` (the finding id, prefixed),
//!   `ProductArn`, `GeneratorId` (the practice), `AwsAccountId`, `Types`, `CreatedAt`
//!   (first seen), `UpdatedAt` (this run), `Severity.Label`, `Title` (≤ 256 characters),
//!   `Description` (≤ 1,024), `Resources` (`Type`, `Id`);
//! - `ProductArn` is the account's default product ("Using custom integrations with Security
//!   Hub": `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`), and
//!   `AwsAccountId` the finding's own account: BatchImportFindings with the default product
//!   must be called from that account, so each account imports its own findings. A finding
//!   about the organization (no account) belongs to the account that ran the audit;
//! - `Compliance.Status`: PASSED, FAILED, or NOT_AVAILABLE for `unknown` (never PASSED);
//!   `Compliance.RelatedRequirements` the mapped controls (≤ 32); `Workflow.Status` SUPPRESSED
//!   for a failure an accepted-risk exception covers, NEW otherwise;
//! - `Types` in the ASFF taxonomy ("Software and Configuration Checks/…").

use crate::{at_most, ReportInput};
use orgaudit_model::{Finding, Severity, Status};
use serde_json::{json, Value};

pub const SCHEMA_VERSION: &str = "2018-10-08";
/// BatchImportFindings takes at most this many findings per request.
pub const BATCH: usize = 100;

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFORMATIONAL",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

/// The ASFF resource type of a finding's resource, by its ARN (API Reference, "Resource":
/// `AwsS3Bucket`, `AwsCloudTrailTrail`, `AwsAccount`, else `Other`).
fn resource_type(arn: &str) -> &'static str {
    let service = arn.split(':').nth(2).unwrap_or_default();
    let rest = arn.split(':').nth(5).unwrap_or_default();
    match service {
        "s3" if !arn.contains('/') && arn.split(':').nth(3) == Some("") => "AwsS3Bucket",
        "cloudtrail" if rest.starts_with("trail/") => "AwsCloudTrailTrail",
        "organizations" if rest.starts_with("account/") => "AwsAccount",
        _ => "Other",
    }
}

/// One finding as an AwsSecurityFinding.
pub fn finding(input: &ReportInput, f: &Finding) -> Value {
    let meta = input.catalogue.meta(&f.rule_id);
    let lang = input.lang.code();
    let account = f
        .account_id
        .as_deref()
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(&input.caller_account_id);
    let region = f.region.as_deref().unwrap_or(&input.home_region);
    let partition = &input.partition;
    let controls = input.catalogue.controls(&f.rule_id);
    let mut types =
        vec!["Software and Configuration Checks/AWS Security Best Practices".to_string()];
    if controls.iter().any(|c| c.starts_with("cis-")) {
        types.push(
            "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
                .to_string(),
        );
    }
    let compliance = match f.status {
        Status::Pass => "PASSED",
        Status::Fail => "FAILED",
        Status::Unknown => "NOT_AVAILABLE",
    };
    let workflow = if f.status == Status::Fail && f.suppressed.is_some() {
        "SUPPRESSED"
    } else {
        "NEW"
    };
    let title = input.title(&f.rule_id);
    let name = f.resource_name.as_deref().unwrap_or(&f.resource);
    let severity = json!({"Label": label(f.severity), "Original": f.severity.as_str()});
    let mut product_fields = json!({
        "orgaudit/RuleId": f.rule_id,
        "orgaudit/Status": f.status.as_str(),
        "orgaudit/OrganizationId": input.organization_id,
    });
    if let Some(n) = f
        .account_id
        .as_deref()
        .and_then(|id| input.account_name(id))
    {
        product_fields["orgaudit/AccountName"] = json!(at_most(n, 256));
    }
    if let Some(s) = &f.suppressed {
        product_fields["orgaudit/Suppression"] =
            json!(at_most(&format!("until {}: {}", s.expires, s.reason), 1024));
    }
    json!({
        "SchemaVersion": SCHEMA_VERSION,
        "Id": format!("orgaudit/{}", crate::identity::finding_id(f)),
        "ProductArn": format!(
            "arn:{partition}:securityhub:{}:{account}:product/{account}/default",
            input.home_region
        ),
        "GeneratorId": format!("orgaudit/{}", f.rule_id),
        "AwsAccountId": account,
        "Types": types,
        "CreatedAt": input.first_seen(f),
        "UpdatedAt": input.generated_at,
        "Severity": severity,
        "Title": at_most(&format!("{} {}: {}", f.rule_id, name, title), 256),
        "Description": at_most(
            &format!("Observed: {}. Expected: {}.", f.observed, f.expected),
            1024
        ),
        "Remediation": {"Recommendation": {
            "Text": at_most(meta.map(|m| m.remediation.get(lang)).unwrap_or_default(), 512),
            "Url": crate::sarif::help_uri(&f.rule_id),
        }},
        "ProductFields": product_fields,
        "Resources": [{
            "Type": resource_type(&f.resource),
            "Id": at_most(&f.resource, 512),
            "Partition": crate::ocsf::partition_of(&f.resource, partition),
            "Region": region,
        }],
        "Compliance": {
            "Status": compliance,
            "RelatedRequirements": controls.iter().take(32).collect::<Vec<_>>(),
        },
        "Workflow": {"Status": workflow},
        "RecordState": "ACTIVE",
        "FindingProviderFields": {"Severity": severity, "Types": types},
    })
}

/// Write `findings.asff.json`: a JSON array of findings, streamed.
pub fn write(input: &ReportInput, out: impl std::io::Write) -> std::io::Result<()> {
    crate::write_array(input, out, finding)
}

pub fn render(input: &ReportInput) -> String {
    crate::render_with(input, |i, out| write(i, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_types_follow_the_arn() {
        assert_eq!(resource_type("arn:aws:s3:::bucket"), "AwsS3Bucket");
        assert_eq!(resource_type("arn:aws-us-gov:s3:::b"), "AwsS3Bucket");
        assert_eq!(
            resource_type("arn:aws:s3:us-east-1:111122223333:accesspoint/x"),
            "Other"
        );
        assert_eq!(
            resource_type("arn:aws:cloudtrail:eu-west-1:111122223333:trail/org"),
            "AwsCloudTrailTrail"
        );
        assert_eq!(
            resource_type("arn:aws:organizations::111122223333:account/o-a/222233334444"),
            "AwsAccount"
        );
        assert_eq!(resource_type("o-abc/r-1"), "Other");
    }
}
