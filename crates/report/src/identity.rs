//! A finding's identity across runs and formats, and how long it has been what it is.
//!
//! - [`finding_id`]: 32 hex digits of SHA-256 over practice, account, region and resource, the
//!   same in `findings.json`, the CSV, SARIF (`partialFingerprints`), OCSF and ASFF, so a
//!   finding keeps its identity from one run to the next and from one tool to another. Names
//!   are not part of it: renaming an account does not make new findings.
//! - [`Seen`]: when each finding was first seen with the status it has now, carried from the
//!   previous run's `findings.json`. A finding whose status changed starts again at this run
//!   (a bucket that failed last week and fails again today after passing in between is "new
//!   since today"); `last_seen` is always this run.

use orgaudit_model::{Finding, Status};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The stable id of a finding (practice, account, region, resource).
pub fn finding_id(f: &Finding) -> String {
    hex(&digest(f))
}

fn digest(f: &Finding) -> [u8; 16] {
    digest_of(
        &f.rule_id,
        f.account_id.as_deref(),
        f.region.as_deref(),
        &f.resource,
    )
}

fn digest_of(rule: &str, account: Option<&str>, region: Option<&str>, resource: &str) -> [u8; 16] {
    let key = format!(
        "{}|{}|{}|{}",
        rule,
        account.unwrap_or("-"),
        region.unwrap_or("-"),
        resource
    );
    let full = Sha256::digest(key.as_bytes());
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn status_code(s: Status) -> u8 {
    match s {
        Status::Pass => 0,
        Status::Fail => 1,
        Status::Unknown => 2,
    }
}

/// First-seen times carried from a previous run: per finding, its status then and the time
/// it had been seen with that status since. Compact (a million findings share a handful of
/// distinct times).
#[derive(Debug, Clone, Default)]
pub struct Seen {
    times: Vec<String>,
    by_id: HashMap<[u8; 16], (u8, u32)>,
}

/// One finding of a previous `findings.json`, as much of it as [`Seen`] needs.
#[derive(Debug, serde::Deserialize)]
struct Previous {
    rule_id: String,
    status: Status,
    account_id: Option<String>,
    region: Option<String>,
    resource: String,
    /// Absent in files written before first-seen times existed.
    #[serde(default)]
    first_seen: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct PreviousDocument {
    generated_at: String,
    findings: Vec<Previous>,
}

impl Seen {
    /// Read the previous run's `findings.json`. A finding without `first_seen` (older files)
    /// was first seen at that run's `generated_at`.
    pub fn from_findings_json(text: &str) -> Result<Seen, serde_json::Error> {
        let doc: PreviousDocument = serde_json::from_str(text)?;
        let mut seen = Seen::default();
        let mut index: HashMap<String, u32> = HashMap::new();
        for p in doc.findings {
            let time = p.first_seen.unwrap_or_else(|| doc.generated_at.clone());
            let next = seen.times.len() as u32;
            let i = *index.entry(time.clone()).or_insert_with(|| {
                seen.times.push(time);
                next
            });
            let id = digest_of(
                &p.rule_id,
                p.account_id.as_deref(),
                p.region.as_deref(),
                &p.resource,
            );
            seen.by_id.insert(id, (status_code(p.status), i));
        }
        Ok(seen)
    }

    /// When `f` was first seen with its present status: the carried time when the previous
    /// run had it with the same status, else `now` (this run).
    pub fn first_seen<'a>(&'a self, f: &Finding, now: &'a str) -> &'a str {
        match self.by_id.get(&digest(f)) {
            Some((status, i)) if *status == status_code(f.status) => self
                .times
                .get(*i as usize)
                .map(String::as_str)
                .unwrap_or(now),
            _ => now,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orgaudit_model::Severity;
    use std::borrow::Cow;

    fn finding(rule: &'static str, resource: &str, status: Status) -> Finding {
        Finding {
            rule_id: Cow::Borrowed(rule),
            status,
            severity: Severity::High,
            account_id: Some("111122223333".into()),
            region: Some("us-east-1".into()),
            resource: resource.into(),
            resource_name: Some("renamed".into()),
            observed: String::new(),
            expected: Cow::Borrowed(""),
            observed_msg: None,
            expected_msg: None,
            evidence: Vec::new(),
            suppressed: None,
            severity_computed: false,
        }
    }

    #[test]
    fn the_id_is_practice_account_region_resource_and_nothing_else() {
        let a = finding("S3.1", "arn:aws:s3:::b", Status::Fail);
        let mut b = a.clone();
        b.resource_name = Some("another name".into());
        b.observed = "changed".into();
        b.status = Status::Pass;
        assert_eq!(finding_id(&a), finding_id(&b));
        assert_eq!(finding_id(&a).len(), 32);
        let mut c = a.clone();
        c.region = Some("eu-west-1".into());
        assert_ne!(finding_id(&a), finding_id(&c));
        // The separator cannot be forged by a resource name: the key has fixed fields.
        let d = finding("S3.1", "arn:aws:s3:::b|x", Status::Fail);
        assert_ne!(finding_id(&a), finding_id(&d));
    }

    #[test]
    fn first_seen_is_carried_while_the_status_stays() {
        let previous = r#"{"generated_at": "2026-11-01T00:00:00Z", "findings": [
            {"rule_id": "S3.1", "status": "fail", "account_id": "111122223333",
             "region": "us-east-1", "resource": "arn:aws:s3:::b",
             "first_seen": "2026-10-01T00:00:00Z"},
            {"rule_id": "S3.2", "status": "pass", "account_id": "111122223333",
             "region": "us-east-1", "resource": "arn:aws:s3:::b"}]}"#;
        let seen = Seen::from_findings_json(previous).unwrap();
        let now = "2026-12-01T00:00:00Z";
        let still = finding("S3.1", "arn:aws:s3:::b", Status::Fail);
        assert_eq!(seen.first_seen(&still, now), "2026-10-01T00:00:00Z");
        let older_file = finding("S3.2", "arn:aws:s3:::b", Status::Pass);
        assert_eq!(seen.first_seen(&older_file, now), "2026-11-01T00:00:00Z");
        let changed = finding("S3.2", "arn:aws:s3:::b", Status::Fail);
        assert_eq!(seen.first_seen(&changed, now), now);
        let new = finding("S3.3", "arn:aws:s3:::b", Status::Fail);
        assert_eq!(seen.first_seen(&new, now), now);
    }
}
