//! Which regions each account is audited in.
//!
//! `account:ListRegions` (Account Management API Reference, "ListRegions") names every region
//! of the partition with its opt-in status. The management account asks it for a member with
//! `AccountId` (needs trusted access for Account Management); for itself it must leave
//! `AccountId` out ("The management account can't specify its own AccountId"). When the
//! management account cannot, the member's own session asks without `AccountId`. Only
//! `ENABLED` and `ENABLED_BY_DEFAULT` regions can be used by the account, so only those are
//! audited ("Enable or disable AWS Regions in your account"). When neither call answers, the
//! error is kept and the account is audited in the regions asked for, or else in the regions
//! enabled by default in the partition (which cannot be disabled); the rules then know opt-in
//! regions may be missing.

use crate::util::{record, At};
use aws_sdk_account::types::RegionOptStatus;
use orgaudit_aws::ops::account as op;
use orgaudit_aws::{regions, Session};
use orgaudit_model::{AccountRegions, CollectionError, Fetched};

/// The page size ListRegions accepts at most (API reference: MaxResults 1–50).
const PAGE: i32 = 50;

/// The enabled regions of `account_id`, read by the management session (with `AccountId` for
/// a member) and, failing that, by the member's own session.
async fn enabled(
    management: &Session,
    member: Option<&Session>,
    account_id: &str,
) -> Result<Vec<String>, CollectionError> {
    let at = At::global(account_id);
    let is_management = management.account_id == account_id;
    let first = list(management, (!is_management).then_some(account_id), at).await;
    let Err(first_error) = first else {
        return first;
    };
    match member.filter(|_| !is_management) {
        Some(own) => list(own, None, at).await.map_err(|mut e| {
            e.message = format!(
                "{} (asked by the management account with AccountId: {}: {})",
                e.message, first_error.code, first_error.message
            );
            e
        }),
        None => Err(first_error),
    }
}

/// One ListRegions, all pages, filtered to the usable regions.
async fn list(
    session: &Session,
    account_id: Option<&str>,
    at: At<'_>,
) -> Result<Vec<String>, CollectionError> {
    let result = session
        .account()
        .list_regions()
        .set_account_id(account_id.map(str::to_string))
        .region_opt_status_contains(RegionOptStatus::Enabled)
        .region_opt_status_contains(RegionOptStatus::EnabledByDefault)
        .max_results(PAGE)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    let read = at.read(op::LIST_REGIONS, None, result, |pages| {
        let mut out = Vec::new();
        for r in pages.iter().flat_map(|p| p.regions()) {
            let name = crate::util::need_owned(r.region_name(), "Region.RegionName")?;
            // Filtered by the request already; kept by status too, so that an answer that
            // ignores the filter cannot make a disabled region audited.
            if matches!(
                r.region_opt_status(),
                Some(RegionOptStatus::Enabled | RegionOptStatus::EnabledByDefault)
            ) {
                out.push(name);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    });
    match read {
        Fetched::Ok(v) => Ok(v),
        Fetched::Error(e) => Err(e),
    }
}

/// The regions of one account: enabled ones read, audited ones chosen. `requested` empty means
/// every enabled region.
pub(crate) async fn account_regions(
    management: &Session,
    member: Option<&Session>,
    account_id: &str,
    requested: &[String],
    partition: &str,
    errors: &mut Vec<CollectionError>,
) -> AccountRegions {
    let enabled = match enabled(management, member, account_id).await {
        Ok(v) => Fetched::Ok(v),
        Err(e) => Fetched::Error(record(e, errors)),
    };
    let audited = choose(&enabled, requested, partition);
    AccountRegions { enabled, audited }
}

/// The regions audited, from what is enabled and what was asked for.
fn choose(enabled: &Fetched<Vec<String>>, requested: &[String], partition: &str) -> Vec<String> {
    match (enabled, requested.is_empty()) {
        (Fetched::Ok(e), true) => e.clone(),
        (Fetched::Ok(e), false) => requested
            .iter()
            .filter(|r| e.contains(r))
            .cloned()
            .collect(),
        (_, false) => requested.to_vec(),
        (_, true) => regions::enabled_by_default(partition)
            .iter()
            .map(|r| r.to_string())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::choose;
    use orgaudit_model::{CollectionError, Fetched};

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_enabled_region_unless_narrowed() {
        let enabled = Fetched::Ok(v(&["ap-northeast-1", "us-east-1", "af-south-1"]));
        assert_eq!(
            choose(&enabled, &[], "aws"),
            v(&["ap-northeast-1", "us-east-1", "af-south-1"])
        );
        // A region asked for but not enabled is not audited (its calls would fail:
        // "Enable or disable AWS Regions in your account").
        assert_eq!(
            choose(&enabled, &v(&["us-east-1", "me-south-1"]), "aws"),
            v(&["us-east-1"])
        );
    }

    #[test]
    fn unknown_regions_fall_back_to_the_request_or_the_default_ones() {
        let unknown = Fetched::Error(CollectionError {
            account_id: None,
            region: None,
            service: "Account".into(),
            operation: "ListRegions".into(),
            code: "AccessDeniedException".into(),
            message: "no".into(),
            subject: None,
        });
        assert_eq!(
            choose(&unknown, &v(&["me-south-1"]), "aws"),
            v(&["me-south-1"])
        );
        assert_eq!(choose(&unknown, &[], "aws").len(), 17);
        assert_eq!(
            choose(&unknown, &[], "aws-us-gov"),
            v(&["us-gov-west-1", "us-gov-east-1"])
        );
    }
}
