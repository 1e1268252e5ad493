//! Collectors: the only orgaudit code that reads AWS. They turn API answers into the
//! [`Snapshot`], and every read that fails into a [`CollectionError`] kept in the snapshot,
//! never into a silent gap.
//!
//! Concurrency: fan-outs use `buffered(n)`, so with `concurrency = 1` every request is issued
//! in a fixed order. Replayed traffic (the SDK's dvr replayer answers requests in recorded
//! order) relies on that.

mod cloudtrail;
mod iam;
mod organizations;
mod regions;
mod s3;
pub mod selection;
pub mod sso;
mod util;

use futures::StreamExt;
use orgaudit_aws::{Access, ErrorInfo};
use orgaudit_model::{
    AccountAccess, AccountRegions, CollectionError, Fetched, RunMeta, Shard, Snapshot,
    SCHEMA_VERSION,
};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Width of each fan-out (accounts, buckets, policies, OUs). The HTTP requests in flight
    /// over the whole run are bounded by the access layer's budget
    /// (`AccessOptions::max_in_flight`), which the binary sets to the same number.
    pub concurrency: usize,
    /// Regions to audit (`--regions`), each where it is enabled for the account; empty means
    /// every region enabled for each account (account:ListRegions).
    pub regions: Vec<String>,
    /// Collect only this slice of the accounts (a partial snapshot for `orgaudit merge`).
    /// Shard 0 also reads the organization-wide data: OU tree, SCPs, Identity Center.
    pub shard: Option<Shard>,
    /// The region of the Identity Center instance (`--sso-region`); without it the instance
    /// is searched in the home region, then in the other audited regions.
    pub sso_region: Option<String>,
    /// The role to assume in Identity Center's delegated administrator account to read
    /// Identity Center there (`--sso-role`).
    pub sso_role: Option<String>,
    /// The accounts to audit (`--accounts`, `--excluded-accounts`, `--ous`); the others are
    /// skipped, with the reason.
    pub selection: selection::AccountSelection,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions {
            concurrency: 8,
            regions: Vec::new(),
            shard: None,
            sso_region: None,
            sso_role: None,
            selection: Default::default(),
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
         administrator for AWS Organizations, with the policy `orgaudit iam --scope management` \
         prints attached.",
        .0.code, .0.message
    )]
    NoOrganization(ErrorInfo),
    /// An account selector names nothing in the organization.
    #[error("{0}")]
    Selection(String),
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
    let started = Instant::now();
    let concurrency = if access.is_replay() {
        1
    } else {
        opts.concurrency.max(1)
    };
    let mut errors = Vec::new();

    // A shard other than 0 reads only the account list (to find its slice); shard 0 and an
    // unsharded run read the organization-wide data too.
    let org_wide = opts.shard.is_none_or(|s| s.is_first());
    progress.phase("organizations", None);
    let management = access.caller_session();
    let scope = if org_wide {
        organizations::Scope::Full
    } else {
        organizations::Scope::AccountsOnly
    };
    let organization = organizations::collect(&management, scope, concurrency, &mut errors).await;
    if let Fetched::Error(e) = &organization.info {
        return Err(CollectError::NoOrganization(ErrorInfo {
            code: e.code.clone(),
            message: e.message.clone(),
        }));
    }

    opts.selection
        .check(&organization)
        .map_err(CollectError::Selection)?;
    let organizations_time = started.elapsed();

    // Identity Center (paced) and the member accounts run side by side, so the pacing costs
    // no wall time. Replay and recording answer by request order, so there (and at
    // concurrency 1) they run one after the other.
    // The management account's own regions first: Identity Center is searched in them.
    let partition = access.partition().to_string();
    let management_regions = regions::account_regions(
        &management,
        None,
        access.caller_account(),
        &opts.regions,
        &partition,
        &mut errors,
    )
    .await;
    let sso_phase = async {
        if !org_wide {
            return (None, Vec::new(), Duration::ZERO);
        }
        progress.phase("identity center", None);
        let t = Instant::now();
        let mut sso_errors = Vec::new();
        let sso = identity_center(
            access,
            &organization,
            opts,
            &management_regions,
            &mut sso_errors,
        )
        .await;
        (Some(sso), sso_errors, t.elapsed())
    };

    let home_region = access.region().to_string();
    let accounts_phase = accounts_phase(
        access,
        &organization,
        &home_region,
        opts,
        &management_regions,
        concurrency,
        progress,
    );
    let ((sso, sso_errors, sso_time), mut accounts) = if concurrency > 1 && !access.is_replay() {
        futures::future::join(sso_phase, accounts_phase).await
    } else {
        let sso = sso_phase.await;
        (sso, accounts_phase.await)
    };
    errors.extend(sso_errors);
    errors.extend(std::mem::take(&mut accounts.errors));
    let mut sso = sso;
    if let Some(s) = sso.as_mut() {
        progress.phase("policy documents", None);
        policy_documents(access, s, &accounts, concurrency, &mut errors).await;
    }
    progress.finish();
    let mut audited: Vec<String> = accounts
        .regions
        .values()
        .flat_map(|r| r.audited.iter().cloned())
        .collect();
    audited.sort();
    audited.dedup();

    Ok(Snapshot {
        schema_version: SCHEMA_VERSION,
        meta: RunMeta {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            started_at,
            finished_at: now(),
            caller_account_id: access.caller_account().to_string(),
            caller_arn: access.caller_arn().to_string(),
            home_region: access.region().to_string(),
            regions: audited,
            requested_regions: opts.regions.clone(),
            mode: access.mode().to_string(),
            api_calls: access.counter().operations(),
            retries: access.counter().retries(),
            phases: [
                ("organizations", organizations_time),
                ("identity_center", sso_time),
                ("accounts", accounts.wall),
                ("accounts.assume_role (sum)", accounts.busy[0]),
                ("accounts.s3 (sum)", accounts.busy[1]),
                ("accounts.cloudtrail (sum)", accounts.busy[2]),
                ("total", started.elapsed()),
            ]
            .into_iter()
            .map(|(k, d)| (k.to_string(), d.as_millis() as u64))
            .collect(),
            shard: opts.shard,
            merged_from: Vec::new(),
        },
        organization,
        account_access: accounts.access,
        s3: accounts.s3,
        cloudtrail: accounts.trails,
        sso,
        regions: accounts.regions,
        errors,
    })
}

/// Read Identity Center from the account that administers it.
///
/// The management account can always administer Identity Center; a delegated administrator
/// can too (IAM Identity Center User Guide, "Delegated administration"), and Organizations
/// names it (ListDelegatedAdministrators for `sso.amazonaws.com`). With `--sso-role` the role
/// is assumed in the delegated administrator's account; without it the caller reads Identity
/// Center when it is the management account or the delegated administrator, and otherwise
/// the audit role is assumed in the delegated administrator's account. The instance is then
/// searched in that account's enabled regions (or `--sso-region`).
async fn identity_center(
    access: &Access,
    organization: &orgaudit_model::OrgSnapshot,
    opts: &CollectOptions,
    management_regions: &AccountRegions,
    errors: &mut Vec<CollectionError>,
) -> orgaudit_model::sso::SsoSnapshot {
    let caller = access.caller_account();
    let management = organization
        .info
        .ok()
        .map(|i| i.management_account_id.as_str());
    let delegated: Option<&str> = match organization.delegated_administrators.get(SSO_PRINCIPAL) {
        Some(Fetched::Ok(ids)) => ids.first().map(String::as_str),
        _ => None,
    };
    let target = match (&opts.sso_role, delegated) {
        (Some(role), Some(account)) => Some((account.to_string(), role.clone())),
        (Some(role), None) => {
            // Nowhere else to go: the caller reads, and the run says why.
            errors.push(util::At::global(caller).fault(
                orgaudit_aws::ops::organizations::LIST_DELEGATED_ADMINISTRATORS,
                Some(SSO_PRINCIPAL),
                "NoDelegatedAdministrator",
                format!(
                    "--sso-role {role}: Organizations names no delegated administrator for \
                     {SSO_PRINCIPAL} (or could not be asked); Identity Center is read with the \
                     caller's session"
                ),
            ));
            None
        }
        (None, Some(account)) if Some(caller) != management && account != caller => {
            Some((account.to_string(), access.role_name().to_string()))
        }
        _ => None,
    };
    let sso_regions = |own: &AccountRegions| -> Vec<String> {
        match &opts.sso_region {
            Some(r) => vec![r.clone()],
            None => std::iter::once(access.region().to_string())
                .chain(own.audited.iter().cloned())
                .fold(Vec::new(), |mut v, r| {
                    if !v.contains(&r) {
                        v.push(r);
                    }
                    v
                }),
        }
    };
    let Some((account, role)) = target else {
        return sso::collect(
            &access.caller_session(),
            &sso_regions(management_regions),
            errors,
        )
        .await;
    };
    match access.assume_role(&account, &role).await {
        Ok(session) => {
            let own = regions::account_regions(
                &access.caller_session(),
                Some(&session),
                &account,
                &opts.regions,
                access.partition(),
                errors,
            )
            .await;
            sso::collect(&session, &sso_regions(&own), errors).await
        }
        Err(e) => {
            let e = util::At::global(&account).fault(
                orgaudit_aws::ops::sts::ASSUME_ROLE,
                None,
                &e.code,
                format!(
                    "Identity Center's delegated administrator {account} could not be entered \
                     as {role}: {}",
                    e.message
                ),
            );
            errors.push(e.clone());
            sso::unreachable(&account, sso_regions(management_regions), e)
        }
    }
}

/// The documents of the policies the permission sets name: AWS managed ones once, with the
/// caller's session; customer-managed ones (and boundaries) in each account a set is assigned
/// to, with that account's session (`iam`).
async fn policy_documents(
    access: &Access,
    sso: &mut orgaudit_model::sso::SsoSnapshot,
    accounts: &Accounts,
    concurrency: usize,
    errors: &mut Vec<CollectionError>,
) {
    use std::collections::BTreeSet;
    let mut managed = BTreeSet::new();
    for ps in &sso.permission_sets {
        if let Fetched::Ok(m) = &ps.managed_policies {
            managed.extend(m.iter().filter(|a| a.starts_with("arn:")).cloned());
        }
        if let Fetched::Ok(Some(b)) = &ps.boundary {
            managed.extend(b.managed_policy_arn.iter().cloned());
        }
    }
    let caller = access.caller_session();
    sso.managed_documents = iam::documents(&caller, managed, concurrency, errors).await;

    // Which customer-managed names each account must resolve.
    let mut wanted: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in &sso.assignments {
        let Some(ps) = sso
            .permission_sets
            .iter()
            .find(|p| p.arn == a.permission_set_arn)
        else {
            continue;
        };
        let names = wanted.entry(a.account_id.clone()).or_default();
        if let Fetched::Ok(refs) = &ps.customer_managed {
            names.extend(refs.iter().cloned());
        }
        if let Fetched::Ok(Some(b)) = &ps.boundary {
            names.extend(b.customer_managed.iter().cloned());
        }
    }
    wanted.retain(|_, names| !names.is_empty());
    let partition = access.partition().to_string();
    for (account, names) in wanted {
        let session = match accounts.sessions.get(&account) {
            Some(s) => Ok(s.clone()),
            None => match accounts.access.get(&account) {
                Some(AccountAccess::Unreachable { error }) => Err(error.clone()),
                Some(AccountAccess::Skipped { reason }) => Err(util::At::global(&account).fault(
                    orgaudit_aws::ops::iam::GET_POLICY,
                    None,
                    "AccountSkipped",
                    reason.clone(),
                )),
                // Another shard's account, or one the fan-out did not reach.
                _ => access.assume(&account).await.map_err(|e| {
                    util::record(
                        util::At::global(&account).fault(
                            orgaudit_aws::ops::sts::ASSUME_ROLE,
                            Some(&access.role_arn(&account)),
                            &e.code,
                            e.message,
                        ),
                        errors,
                    )
                }),
            },
        };
        let docs = match session {
            Ok(session) => {
                let arns: BTreeSet<String> = names
                    .iter()
                    .map(|n| iam::customer_arn(&partition, &account, n))
                    .collect();
                let read = iam::documents(&session, arns, concurrency, errors).await;
                names
                    .iter()
                    .map(|n| {
                        let arn = iam::customer_arn(&partition, &account, n);
                        let doc = read.get(&arn).cloned().unwrap_or_else(|| {
                            Fetched::Error(util::At::global(&account).fault(
                                orgaudit_aws::ops::iam::GET_POLICY,
                                Some(&arn),
                                "NotRead",
                                "the policy was not read",
                            ))
                        });
                        (n.clone(), doc)
                    })
                    .collect()
            }
            Err(e) => names
                .iter()
                .map(|n| (n.clone(), Fetched::Error(e.clone())))
                .collect(),
        };
        sso.customer_documents.insert(account, docs);
    }
}

/// Identity Center's service principal (AWS Organizations User Guide, "AWS services that you
/// can use with AWS Organizations").
const SSO_PRINCIPAL: &str = "sso.amazonaws.com";

/// What the per-account fan-out produced, with its wall time and the time spent in each
/// collector summed over accounts (assume-role, S3, CloudTrail).
struct Accounts {
    access: BTreeMap<String, AccountAccess>,
    s3: Vec<orgaudit_model::s3::S3Account>,
    trails: Vec<orgaudit_model::cloudtrail::CloudTrailAccount>,
    regions: BTreeMap<String, AccountRegions>,
    /// The member sessions, kept for the policy documents read after Identity Center.
    sessions: BTreeMap<String, orgaudit_aws::Session>,
    errors: Vec<CollectionError>,
    wall: Duration,
    busy: [Duration; 3],
}

async fn accounts_phase(
    access: &Access,
    organization: &orgaudit_model::OrgSnapshot,
    home_region: &str,
    opts: &CollectOptions,
    management_regions: &AccountRegions,
    concurrency: usize,
    progress: &dyn Progress,
) -> Accounts {
    let t = Instant::now();
    let mut out = Accounts {
        access: BTreeMap::new(),
        s3: Vec::new(),
        trails: Vec::new(),
        regions: BTreeMap::new(),
        sessions: BTreeMap::new(),
        errors: Vec::new(),
        wall: Duration::ZERO,
        busy: [Duration::ZERO; 3],
    };
    let Fetched::Ok(accounts) = &organization.accounts else {
        return out;
    };
    let (requested, shard) = (&opts.regions, opts.shard);
    let mine: Vec<_> = accounts
        .iter()
        .filter(|a| shard.is_none_or(|s| s.owns(&a.id)))
        .collect();
    progress.phase("accounts", Some(mine.len() as u64));
    let management = access.caller_session();
    let partition = access.partition();
    let management = &management;
    let results: Vec<_> = futures::stream::iter(mine)
        .map(|account| async move {
            let mut errors = Vec::new();
            let mut busy = [Duration::ZERO; 3];
            let mut kept = None;
            let left_out = opts.selection.excludes(organization, &account.id);
            let (state, s3, trails, account_regions) = if account.status != "ACTIVE" {
                let reason = format!("account status is {}", account.status);
                (AccountAccess::Skipped { reason }, None, None, None)
            } else if let Some(reason) = left_out {
                (AccountAccess::Skipped { reason }, None, None, None)
            } else {
                let t = Instant::now();
                let assumed = access.assume(&account.id).await;
                busy[0] = t.elapsed();
                let own = if account.id == management.account_id {
                    Some(management_regions.clone())
                } else {
                    None
                };
                match assumed {
                    Ok(session) => {
                        let found = match own {
                            Some(r) => r,
                            None => {
                                regions::account_regions(
                                    management,
                                    Some(&session),
                                    &account.id,
                                    requested,
                                    partition,
                                    &mut errors,
                                )
                                .await
                            }
                        };
                        let regions = &found.audited;
                        let t = Instant::now();
                        let s3 =
                            s3::collect(&session, home_region, regions, concurrency, &mut errors)
                                .await;
                        busy[1] = t.elapsed();
                        let t = Instant::now();
                        let trails = cloudtrail::collect(&session, regions, &mut errors).await;
                        busy[2] = t.elapsed();
                        kept = Some(session.clone());
                        (
                            AccountAccess::Reachable { via: session.via },
                            Some(s3),
                            Some(trails),
                            Some(found),
                        )
                    }
                    Err(info) => {
                        let error = util::record(
                            util::At::global(&account.id).fault(
                                orgaudit_aws::ops::sts::ASSUME_ROLE,
                                Some(&access.role_arn(&account.id)),
                                &info.code,
                                info.message,
                            ),
                            &mut errors,
                        );
                        // Which regions it would have been audited in: the rules give an
                        // unknown finding for each.
                        let found = match own {
                            Some(r) => r,
                            None => {
                                regions::account_regions(
                                    management,
                                    None,
                                    &account.id,
                                    requested,
                                    partition,
                                    &mut errors,
                                )
                                .await
                            }
                        };
                        (
                            AccountAccess::Unreachable { error },
                            None,
                            None,
                            Some(found),
                        )
                    }
                }
            };
            progress.step();
            (
                account.id.clone(),
                state,
                s3,
                trails,
                account_regions,
                errors,
                busy,
                kept,
            )
        })
        .buffered(concurrency)
        .collect()
        .await;
    for (id, state, account_s3, account_trails, account_regions, account_errors, busy, kept) in
        results
    {
        out.errors.extend(account_errors);
        if let Some(session) = kept {
            out.sessions.insert(id.clone(), session);
        }
        if let Some(r) = account_regions {
            out.regions.insert(id.clone(), r);
        }
        out.s3.extend(account_s3);
        out.trails.extend(account_trails);
        out.access.insert(id, state);
        for (total, b) in out.busy.iter_mut().zip(busy) {
            *total += b;
        }
    }
    out.s3.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    out.trails.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    out.wall = t.elapsed();
    out
}

#[cfg(test)]
mod tests {
    /// Collectors name operations by the typed constants the guard's allow-list is made of
    /// (`orgaudit_aws::ops`), never by hand-written strings that could disagree with it.
    #[test]
    fn no_collector_spells_an_operation_by_hand() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.ends_with("util.rs") {
                continue; // the one place errors are made
            }
            let text = std::fs::read_to_string(&path).expect("source");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for needle in ["operation: \"", "service: \"", "CollectionError {"] {
                assert!(
                    !code.contains(needle),
                    "{} builds an error by hand ({needle})",
                    path.display()
                );
            }
        }
    }
}
