//! The opt-in Security Hub import (`--security-hub`): the run's `findings.asff.json` sent with
//! BatchImportFindings, through a client of its own whose guard ([`ImportGuard`]) allows that
//! one operation, like the report uploader's.
//!
//! What AWS documents and this module follows (Security Hub API Reference,
//! "BatchImportFindings"):
//! - with the default product ARN (`arn:<partition>:securityhub:<region>:<account>:product/
//!   <account>/default`, which `findings.asff.json` uses) "the identifier of the account that
//!   you are calling BatchImportFindings from needs to be the same as the AwsAccountId
//!   attribute for the finding": findings are grouped by account ([`by_account`]) and each
//!   group is sent with that account's credentials;
//! - a request holds at most 100 findings ("Findings: Array Members: Maximum number of 100
//!   items", [`BATCH`]), and the call is in the region its product ARN names;
//! - the answer counts successes and failures; each failed finding comes back with its id, an
//!   error code and a message (`FailedFindings`, "ImportFindingsError"), which are kept and
//!   reported, never dropped.
//!
//! The JSON of `findings.asff.json` is mapped field by field onto the SDK's types
//! ([`to_sdk`]); the end-to-end test reads the findings back from the emulator and compares
//! them with the file, so a field the mapping forgot would show.

use crate::guard::ImportGuard;
use crate::{error_info, ErrorInfo, Session};
use aws_config::retry::RetryConfig;
use aws_config::Region;
use aws_sdk_securityhub::types::{
    AwsSecurityFinding, Compliance, ComplianceStatus, FindingProviderFields,
    FindingProviderSeverity, Partition, Recommendation, RecordState, Remediation, Resource,
    Severity, SeverityLabel, Workflow, WorkflowStatus,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// BatchImportFindings takes at most this many findings per request.
pub const BATCH: usize = 100;

/// The findings of one account, in the region of their product ARN.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountFindings {
    pub account_id: String,
    pub region: String,
    pub findings: Vec<Value>,
}

/// Group ASFF findings by (`AwsAccountId`, product ARN region), in account order. A finding
/// without those fields cannot be imported anywhere: it is returned apart, with the reason.
pub fn by_account(findings: Vec<Value>) -> (Vec<AccountFindings>, Vec<(String, String)>) {
    let mut groups: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    let mut invalid = Vec::new();
    for f in findings {
        let id = f["Id"].as_str().unwrap_or("(no Id)").to_string();
        let account = f["AwsAccountId"].as_str().map(str::to_string);
        // arn:<partition>:securityhub:<region>:<account>:product/<account>/default
        let region = f["ProductArn"]
            .as_str()
            .and_then(|arn| arn.split(':').nth(3))
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        match (account, region) {
            (Some(a), Some(r)) => groups.entry((a, r)).or_default().push(f),
            _ => invalid.push((id, "no AwsAccountId or no region in its ProductArn".into())),
        }
    }
    let groups = groups
        .into_iter()
        .map(|((account_id, region), findings)| AccountFindings {
            account_id,
            region,
            findings,
        })
        .collect();
    (groups, invalid)
}

/// What one account's import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub imported: usize,
    /// Findings Security Hub refused: (finding id, error code, message).
    pub failed: Vec<(String, String, String)>,
    /// A call that failed as a whole (no Security Hub, access denied…), and how many findings
    /// it left unsent.
    pub error: Option<(ErrorInfo, usize)>,
}

impl ImportOutcome {
    pub fn not_imported(&self) -> usize {
        self.failed.len() + self.error.as_ref().map_or(0, |(_, n)| *n)
    }
}

/// The importer's own client for one account's session, in `region`: ImportGuard only.
/// Public for the guard's tests; the product imports with [`import`].
#[doc(hidden)]
pub fn client(session: &Session, region: &str) -> aws_sdk_securityhub::Client {
    let conf = aws_sdk_securityhub::config::Builder::from(session.sdk_config())
        .region(Region::new(region.to_string()))
        // LimitExceededException (HTTP 429) is a throttling error the standard retry backs
        // off from; the API allows 10 requests a second with bursts of 30.
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .interceptor(ImportGuard)
        .build();
    aws_sdk_securityhub::Client::from_conf(conf)
}

/// Import one account's findings with that account's session, [`BATCH`] at a time. Stops at
/// the first call that fails as a whole (the rest would fail the same way) and says how many
/// findings were left.
pub async fn import(session: &Session, group: &AccountFindings) -> ImportOutcome {
    let client = client(session, &group.region);
    let mut outcome = ImportOutcome::default();
    for (i, batch) in group.findings.chunks(BATCH).enumerate() {
        let mut sdk = Vec::with_capacity(batch.len());
        for f in batch {
            match to_sdk(f) {
                Ok(s) => sdk.push(s),
                Err(why) => outcome.failed.push((
                    f["Id"].as_str().unwrap_or("(no Id)").to_string(),
                    "NotMapped".into(),
                    why,
                )),
            }
        }
        if sdk.is_empty() {
            continue;
        }
        let sent = sdk.len();
        match client
            .batch_import_findings()
            .set_findings(Some(sdk))
            .send()
            .await
        {
            Ok(out) => {
                let failed = out.failed_findings();
                outcome.imported += sent.saturating_sub(failed.len());
                for e in failed {
                    outcome.failed.push((
                        e.id().unwrap_or_default().to_string(),
                        e.error_code().unwrap_or_default().to_string(),
                        e.error_message().unwrap_or_default().to_string(),
                    ));
                }
            }
            Err(e) => {
                // This request's findings and every later batch's.
                let later = group.findings.len().saturating_sub((i + 1) * BATCH);
                outcome.error = Some((error_info(&e), sent + later));
                break;
            }
        }
    }
    outcome
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn required(v: &Value, key: &str) -> Result<String, String> {
    text(v, key).ok_or_else(|| format!("the finding has no `{key}`"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn severity_label(v: &Value) -> Option<SeverityLabel> {
    v.get("Label")
        .and_then(Value::as_str)
        .map(SeverityLabel::from)
}

/// One AwsSecurityFinding of `findings.asff.json` as the SDK's type: the attributes orgaudit
/// writes (`orgaudit_report::asff`), each one.
pub fn to_sdk(f: &Value) -> Result<AwsSecurityFinding, String> {
    let mut b = AwsSecurityFinding::builder()
        .schema_version(required(f, "SchemaVersion")?)
        .id(required(f, "Id")?)
        .product_arn(required(f, "ProductArn")?)
        .generator_id(required(f, "GeneratorId")?)
        .aws_account_id(required(f, "AwsAccountId")?)
        .created_at(required(f, "CreatedAt")?)
        .updated_at(required(f, "UpdatedAt")?)
        .title(required(f, "Title")?)
        .description(required(f, "Description")?)
        .set_types(Some(strings(&f["Types"])));
    let severity = &f["Severity"];
    b = b.severity(
        Severity::builder()
            .set_label(severity_label(severity))
            .set_original(text(severity, "Original"))
            .build(),
    );
    if let Some(rec) = f.get("Remediation").and_then(|r| r.get("Recommendation")) {
        b = b.remediation(
            Remediation::builder()
                .recommendation(
                    Recommendation::builder()
                        .set_text(text(rec, "Text"))
                        .set_url(text(rec, "Url"))
                        .build(),
                )
                .build(),
        );
    }
    if let Some(fields) = f.get("ProductFields").and_then(Value::as_object) {
        for (k, v) in fields {
            if let Some(v) = v.as_str() {
                b = b.product_fields(k, v);
            }
        }
    }
    let resources = f["Resources"]
        .as_array()
        .filter(|r| !r.is_empty())
        .ok_or("the finding has no `Resources`")?;
    for r in resources {
        b = b.resources(
            Resource::builder()
                .r#type(required(r, "Type")?)
                .id(required(r, "Id")?)
                .set_partition(text(r, "Partition").map(|p| Partition::from(p.as_str())))
                .set_region(text(r, "Region"))
                .build(),
        );
    }
    if let Some(c) = f.get("Compliance") {
        b = b.compliance(
            Compliance::builder()
                .set_status(text(c, "Status").map(|s| ComplianceStatus::from(s.as_str())))
                .set_related_requirements(Some(strings(&c["RelatedRequirements"])))
                .build(),
        );
    }
    if let Some(w) = f.get("Workflow") {
        b = b.workflow(
            Workflow::builder()
                .set_status(text(w, "Status").map(|s| WorkflowStatus::from(s.as_str())))
                .build(),
        );
    }
    if let Some(s) = text(f, "RecordState") {
        b = b.record_state(RecordState::from(s.as_str()));
    }
    if let Some(p) = f.get("FindingProviderFields") {
        let s = &p["Severity"];
        b = b.finding_provider_fields(
            FindingProviderFields::builder()
                .severity(
                    FindingProviderSeverity::builder()
                        .set_label(severity_label(s))
                        .set_original(text(s, "Original"))
                        .build(),
                )
                .set_types(Some(strings(&p["Types"])))
                .build(),
        );
    }
    Ok(b.build())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn asff(id: &str, account: &str, region: &str) -> Value {
        json!({
            "SchemaVersion": "2018-10-08",
            "Id": id,
            "ProductArn": format!("arn:aws:securityhub:{region}:{account}:product/{account}/default"),
            "GeneratorId": "orgaudit/S3.1",
            "AwsAccountId": account,
            "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
            "CreatedAt": "2026-12-01T00:00:00Z",
            "UpdatedAt": "2026-12-07T00:00:00Z",
            "Severity": {"Label": "MEDIUM", "Original": "medium"},
            "Title": "S3.1 logs: Bucket versioning is enabled",
            "Description": "Observed: Versioning Suspended. Expected: Versioning Enabled.",
            "Remediation": {"Recommendation": {"Text": "Enable it", "Url": "https://example.invalid/#s3-1"}},
            "ProductFields": {"orgaudit/RuleId": "S3.1"},
            "Resources": [{"Type": "AwsS3Bucket", "Id": "arn:aws:s3:::logs", "Partition": "aws", "Region": region}],
            "Compliance": {"Status": "FAILED", "RelatedRequirements": ["aws-fsbp S3.14"]},
            "Workflow": {"Status": "NEW"},
            "RecordState": "ACTIVE",
            "FindingProviderFields": {"Severity": {"Label": "MEDIUM", "Original": "medium"}, "Types": ["Software and Configuration Checks/AWS Security Best Practices"]},
        })
    }

    /// BatchImportFindings with the default product ARN must be called from the finding's
    /// own account (API Reference): every group holds one account, in one region.
    #[test]
    fn findings_are_grouped_by_their_own_account_and_region() {
        let (groups, invalid) = by_account(vec![
            asff("a", "111122223333", "us-east-1"),
            asff("b", "444455556666", "us-east-1"),
            asff("c", "111122223333", "us-east-1"),
            asff("d", "111122223333", "eu-west-1"),
            json!({"Id": "e"}),
        ]);
        let shape: Vec<(&str, &str, usize)> = groups
            .iter()
            .map(|g| (g.account_id.as_str(), g.region.as_str(), g.findings.len()))
            .collect();
        assert_eq!(
            shape,
            [
                ("111122223333", "eu-west-1", 1),
                ("111122223333", "us-east-1", 2),
                ("444455556666", "us-east-1", 1)
            ]
        );
        for g in &groups {
            assert!(g
                .findings
                .iter()
                .all(|f| f["AwsAccountId"] == *g.account_id));
        }
        assert_eq!(invalid.len(), 1);
        assert_eq!(invalid[0].0, "e");
    }

    #[test]
    fn every_attribute_orgaudit_writes_is_mapped() {
        let f = to_sdk(&asff("x", "111122223333", "us-east-1")).unwrap();
        assert_eq!(f.id(), Some("x"));
        assert_eq!(f.aws_account_id(), Some("111122223333"));
        assert_eq!(
            f.severity().and_then(|s| s.label()),
            Some(&SeverityLabel::Medium)
        );
        assert_eq!(
            f.compliance().and_then(|c| c.status()),
            Some(&ComplianceStatus::Failed)
        );
        assert_eq!(
            f.compliance().unwrap().related_requirements(),
            ["aws-fsbp S3.14"]
        );
        assert_eq!(
            f.workflow().and_then(|w| w.status()),
            Some(&WorkflowStatus::New)
        );
        assert_eq!(f.resources()[0].partition(), Some(&Partition::Aws));
        assert_eq!(f.resources()[0].region(), Some("us-east-1"));
        assert_eq!(
            f.remediation()
                .and_then(|r| r.recommendation())
                .and_then(|r| r.url()),
            Some("https://example.invalid/#s3-1")
        );
        assert_eq!(
            f.product_fields()
                .and_then(|p| p.get("orgaudit/RuleId"))
                .map(String::as_str),
            Some("S3.1")
        );
        assert_eq!(f.record_state(), Some(&RecordState::Active));
        assert_eq!(
            f.finding_provider_fields()
                .and_then(|p| p.severity())
                .and_then(|s| s.original()),
            Some("medium")
        );
    }

    #[test]
    fn a_finding_without_resources_is_refused_before_sending() {
        let mut f = asff("x", "111122223333", "us-east-1");
        f["Resources"] = json!([]);
        assert!(to_sdk(&f).unwrap_err().contains("Resources"));
        f.as_object_mut().unwrap().remove("Title");
        assert!(to_sdk(&f).unwrap_err().contains("Title"));
    }
}
