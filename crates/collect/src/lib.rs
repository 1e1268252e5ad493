//! Collectors: the only orgaudit code that reads AWS. They turn API answers into the
//! [`Snapshot`], and every read that fails into a [`CollectionError`] kept in the snapshot,
//! never into a silent gap.
//!
//! Concurrency: fan-outs use `buffered(n)`, so with `concurrency = 1` every request is issued
//! in a fixed order. Replayed traffic (the SDK's dvr replayer answers requests in recorded
//! order) relies on that.

mod cloudtrail;
mod organizations;
mod s3;
pub mod sso;
mod util;

use futures::StreamExt;
use orgaudit_aws::{Access, ErrorInfo};
use orgaudit_model::{AccountAccess, CollectionError, Fetched, RunMeta, Snapshot, SCHEMA_VERSION};
use std::collections::BTreeMap;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub use util::collection_error;

#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Requests in flight at once per fan-out (accounts, policies, OUs).
    pub concurrency: usize,
    /// Regions to audit; empty means the home region only.
    pub regions: Vec<String>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions {
            concurrency: 8,
            regions: Vec::new(),
        }
    }
}

/// Progress callbacks, so the binary can draw a bar without collectors knowing terminals.
pub trait Progress: Send + Sync {
    fn phase(&self, _name: &str, _total: Option<u64>) {}
    fn step(&self) {}
    fn finish(&self) {}
}

/// No progress output.
pub struct Quiet;
impl Progress for Quiet {}

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error(
        "the organization could not be described (organizations:DescribeOrganization failed with {}: {}). \
         `orgaudit audit --org` needs credentials of the management account or of a delegated \
         administrator for AWS Organizations.",
        .0.code, .0.message
    )]
    NoOrganization(ErrorInfo),
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Collect the whole snapshot.
pub async fn collect(
    access: &Access,
    opts: &CollectOptions,
    progress: &dyn Progress,
) -> Result<Snapshot, CollectError> {
    let started_at = now();
    let concurrency = if access.is_replay() {
        1
    } else {
        opts.concurrency.max(1)
    };
    let mut errors = Vec::new();

    progress.phase("organizations", None);
    let management = access.caller_session();
    let organization = organizations::collect(&management, concurrency, &mut errors).await;
    if let Fetched::Error(e) = &organization.info {
        return Err(CollectError::NoOrganization(ErrorInfo {
            code: e.code.clone(),
            message: e.message.clone(),
        }));
    }

    progress.phase("identity center", None);
    let limiter = if access.is_replay() {
        sso::RateLimiter::unlimited()
    } else {
        sso::RateLimiter::per_second(sso::SSO_RATE)
    };
    let sso = Some(sso::collect(&management, access.region(), &limiter, &mut errors).await);

    let mut account_access = BTreeMap::new();
    let mut s3 = Vec::new();
    let mut trails = Vec::new();
    let home_region = access.region().to_string();
    let regions = if opts.regions.is_empty() {
        vec![home_region.clone()]
    } else {
        opts.regions.clone()
    };
    if let Fetched::Ok(accounts) = &organization.accounts {
        progress.phase("accounts", Some(accounts.len() as u64));
        let home_region = home_region.as_str();
        let regions = regions.as_slice();
        let results: Vec<_> = futures::stream::iter(accounts.iter())
            .map(|account| async move {
                let mut errors = Vec::new();
                let (state, s3, trails) = if account.status != "ACTIVE" {
                    let reason = format!("account status is {}", account.status);
                    (AccountAccess::Skipped { reason }, None, None)
                } else {
                    match access.assume(&account.id).await {
                        Ok(session) => {
                            let s3 =
                                s3::collect(&session, home_region, concurrency, &mut errors).await;
                            let trails = cloudtrail::collect(&session, regions, &mut errors).await;
                            (
                                AccountAccess::Reachable { via: session.via },
                                Some(s3),
                                Some(trails),
                            )
                        }
                        Err(info) => {
                            let error = CollectionError {
                                account_id: Some(account.id.clone()),
                                region: None,
                                service: "STS".into(),
                                operation: "AssumeRole".into(),
                                code: info.code,
                                message: info.message,
                                subject: Some(access.role_arn(&account.id)),
                            };
                            tracing::warn!("{}", error.summary());
                            errors.push(error.clone());
                            (AccountAccess::Unreachable { error }, None, None)
                        }
                    }
                };
                progress.step();
                (account.id.clone(), state, s3, trails, errors)
            })
            .buffered(concurrency)
            .collect()
            .await;
        for (id, state, account_s3, account_trails, account_errors) in results {
            errors.extend(account_errors);
            s3.extend(account_s3);
            trails.extend(account_trails);
            account_access.insert(id, state);
        }
        s3.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        trails.sort_by(|a: &orgaudit_model::cloudtrail::CloudTrailAccount, b| {
            a.account_id.cmp(&b.account_id)
        });
    }
    progress.finish();

    Ok(Snapshot {
        schema_version: SCHEMA_VERSION,
        meta: RunMeta {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            started_at,
            finished_at: now(),
            caller_account_id: access.caller_account().to_string(),
            caller_arn: access.caller_arn().to_string(),
            home_region: access.region().to_string(),
            regions,
            mode: access.mode().to_string(),
            api_calls: access.counter().operations(),
            retries: access.counter().retries(),
        },
        organization,
        account_access,
        s3,
        cloudtrail: trails,
        sso,
        errors,
    })
}
