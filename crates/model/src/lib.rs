//! The orgaudit data model: what collectors write, what rules read, what reports render.
//!
//! Everything here is plain serde data. No IO, no AWS types: a snapshot written by one
//! version of orgaudit can be read back, diffed and re-evaluated without AWS access.
//!
//! Two shapes carry the "nothing silent" invariant:
//! - [`Fetched<T>`]: a piece of data that was either read, or could not be read (with the error).
//!   Rules that need a `Fetched::Error` value must say `unknown`, never `pass`.
//! - [`CollectionError`]: account, region, service, operation, error code and message of every
//!   read that failed, kept in [`Snapshot::errors`] for the coverage summary.

pub mod cloudtrail;
mod finding;
mod org;
pub mod s3;
mod shard;
pub mod sso;

pub use finding::{Arg, Finding, Message, Severity, Status, Suppression};
pub use org::*;
pub use shard::{Shard, ShardRun, MAX_SHARDS};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Bumped whenever a change to the snapshot shape would make an older reader misread it.
pub const SCHEMA_VERSION: u32 = 1;

/// One collection run over an organization.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    pub schema_version: u32,
    pub meta: RunMeta,
    pub organization: OrgSnapshot,
    /// Per member account: could orgaudit get in (assume the audit role)?
    #[serde(default)]
    pub account_access: BTreeMap<String, AccountAccess>,
    /// S3, per reachable account (sorted by account id).
    #[serde(default)]
    pub s3: Vec<s3::S3Account>,
    /// CloudTrail, per reachable account (sorted by account id), per audited region.
    #[serde(default)]
    pub cloudtrail: Vec<cloudtrail::CloudTrailAccount>,
    /// IAM Identity Center, read in the caller's (management or delegated-admin) account.
    #[serde(default)]
    pub sso: Option<sso::SsoSnapshot>,
    /// Per account orgaudit entered or tried to: the regions enabled for it and those audited.
    /// Absent in snapshots older than region discovery: every account was audited in
    /// `meta.regions` then.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub regions: BTreeMap<String, AccountRegions>,
    /// Every read that failed, in the order it happened.
    #[serde(default)]
    pub errors: Vec<CollectionError>,
}

/// The regions of one account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccountRegions {
    /// The regions enabled for the account (`ENABLED` or `ENABLED_BY_DEFAULT`, Account
    /// Management API Reference "ListRegions"), sorted; the error when they could not be read.
    pub enabled: Fetched<Vec<String>>,
    /// The regions audited in the account: the enabled ones (those asked for with `--regions`
    /// among them), or, when the enabled ones are unknown, those asked for or else the regions
    /// enabled by default in the partition.
    pub audited: Vec<String>,
}

impl AccountRegions {
    /// Regions asked for with `--regions` that are not enabled for the account (not audited).
    pub fn not_enabled<'a>(&self, requested: &'a [String]) -> Vec<&'a str> {
        match &self.enabled {
            Fetched::Ok(enabled) => requested
                .iter()
                .filter(|r| !enabled.contains(r))
                .map(String::as_str)
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl Snapshot {
    /// The partition the organization lives in (`aws`, `aws-cn`, `aws-us-gov`), from the
    /// caller's ARN (IAM User Guide, "IAM ARNs": `arn:partition:service:…`); `aws` when unknown.
    pub fn partition(&self) -> &str {
        self.meta
            .caller_arn
            .strip_prefix("arn:")
            .and_then(|r| r.split(':').next())
            .filter(|p| p.starts_with("aws"))
            .unwrap_or("aws")
    }

    /// The ARN orgaudit names an account by when it has no better one (`arn:…:iam::ID:root`,
    /// the account principal's ARN).
    pub fn account_root_arn(&self, account_id: &str) -> String {
        format!("arn:{}:iam::{account_id}:root", self.partition())
    }

    /// The regions audited in `account`: its own list, or `meta.regions` for a snapshot taken
    /// before region discovery (or an account without an entry).
    pub fn audited_regions(&self, account: &str) -> &[String] {
        self.regions
            .get(account)
            .map(|r| r.audited.as_slice())
            .unwrap_or(&self.meta.regions)
    }

    /// Accounts that could be read, out of all accounts known to the organization.
    pub fn coverage(&self) -> Coverage {
        let mut c = Coverage::default();
        for access in self.account_access.values() {
            c.total += 1;
            match access {
                AccountAccess::Reachable { .. } => c.reachable += 1,
                AccountAccess::Unreachable { .. } => c.unreachable += 1,
                AccountAccess::Skipped { .. } => c.skipped += 1,
            }
        }
        c
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub total: usize,
    pub reachable: usize,
    pub unreachable: usize,
    pub skipped: usize,
}

/// How and when a snapshot was taken.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RunMeta {
    pub tool_version: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub finished_at: String,
    /// The account whose credentials ran the audit (the management or delegated-admin account).
    pub caller_account_id: String,
    pub caller_arn: String,
    pub home_region: String,
    /// Every region audited in at least one account (each account's own list is in
    /// [`Snapshot::regions`]).
    pub regions: Vec<String>,
    /// The regions asked for with `--regions`; empty: every region enabled for each account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requested_regions: Vec<String>,
    /// `live`, `replay` (recorded traffic) or `record`.
    pub mode: String,
    /// API operations executed, keyed `Service.Operation`.
    #[serde(default)]
    pub api_calls: BTreeMap<String, u64>,
    /// HTTP attempts beyond the first, summed over all operations (throttling, 5xx, timeouts).
    #[serde(default)]
    pub retries: u64,
    /// Wall time of each collection phase in milliseconds (`organizations`, `identity_center`,
    /// `accounts`, `total`), and the time spent in each per-account collector summed over
    /// accounts (`accounts.s3 (sum)`…): those overlap, as accounts are read concurrently.
    #[serde(default)]
    pub phases: BTreeMap<String, u64>,
    /// Set on a partial snapshot (`orgaudit collect --shard`): the slice of accounts it holds.
    /// Partial snapshots are joined by `orgaudit merge`; nothing evaluates one on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<Shard>,
    /// Set on a merged snapshot: the shard runs it was joined from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<ShardRun>,
}

/// A value that was either read from AWS or could not be.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Fetched<T> {
    Ok(T),
    Error(CollectionError),
}

impl<T> Fetched<T> {
    pub fn ok(&self) -> Option<&T> {
        match self {
            Fetched::Ok(v) => Some(v),
            Fetched::Error(_) => None,
        }
    }

    pub fn ok_mut(&mut self) -> Option<&mut T> {
        match self {
            Fetched::Ok(v) => Some(v),
            Fetched::Error(_) => None,
        }
    }

    pub fn error(&self) -> Option<&CollectionError> {
        match self {
            Fetched::Ok(_) => None,
            Fetched::Error(e) => Some(e),
        }
    }

    /// The value, or the reason it is missing, as a `Result` for `?`-style rule code.
    pub fn as_result(&self) -> Result<&T, &CollectionError> {
        match self {
            Fetched::Ok(v) => Ok(v),
            Fetched::Error(e) => Err(e),
        }
    }
}

/// One failed read: enough context for a person to act on it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CollectionError {
    pub account_id: Option<String>,
    pub region: Option<String>,
    /// e.g. `Organizations`, `STS`.
    pub service: String,
    /// e.g. `ListTargetsForPolicy`.
    pub operation: String,
    /// The AWS error code (`AccessDeniedException`, `ThrottlingException`…) or the SDK's
    /// failure class (`TimeoutError`, `DispatchFailure`, `ResponseError`, `ReadOnlyGuard`).
    pub code: String,
    pub message: String,
    /// What the read was about, when it was about one thing (a policy id, an OU id…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl CollectionError {
    /// One line for summaries and `unknown` findings.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}:{} failed with {}",
            self.service, self.operation, self.code
        );
        if let Some(subject) = &self.subject {
            s.push_str(&format!(" for {subject}"));
        }
        if let Some(acct) = &self.account_id {
            s.push_str(&format!(" in account {acct}"));
        }
        if let Some(region) = &self.region {
            s.push_str(&format!(" ({region})"));
        }
        if !self.message.is_empty() {
            s.push_str(": ");
            s.push_str(&self.message);
        }
        s
    }
}

/// Whether orgaudit could read a member account with the audit role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum AccountAccess {
    /// Read with this role (or with the caller's own credentials for the caller's account).
    Reachable {
        via: String,
    },
    Unreachable {
        error: CollectionError,
    },
    /// Not attempted, e.g. a suspended account.
    Skipped {
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err() -> CollectionError {
        CollectionError {
            account_id: Some("111111111111".into()),
            region: None,
            service: "STS".into(),
            operation: "AssumeRole".into(),
            code: "AccessDenied".into(),
            message: "not authorized".into(),
            subject: Some("arn:aws:iam::111111111111:role/Audit".into()),
        }
    }

    #[test]
    fn fetched_round_trips_both_arms() {
        let ok: Fetched<Vec<u8>> = Fetched::Ok(vec![1, 2]);
        let bad: Fetched<Vec<u8>> = Fetched::Error(err());
        for v in [ok, bad] {
            let json = serde_json::to_string(&v).unwrap();
            let back: Fetched<Vec<u8>> = serde_json::from_str(&json).unwrap();
            assert_eq!(v, back);
        }
        let json = serde_json::to_value(Fetched::<u8>::Ok(7)).unwrap();
        assert_eq!(json, serde_json::json!({"ok": 7}));
    }

    #[test]
    fn error_summary_names_everything_a_person_needs() {
        let s = err().summary();
        for part in [
            "STS:AssumeRole",
            "AccessDenied",
            "111111111111",
            "role/Audit",
            "not authorized",
        ] {
            assert!(s.contains(part), "{s} lacks {part}");
        }
    }
}
