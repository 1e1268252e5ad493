//! IAM Identity Center, read with the caller's session in the home region: instances, then per
//! permission set DescribePermissionSet, the inline policy, AWS managed and customer-managed
//! references, the permissions boundary and the accounts whose provisioning is outdated; the
//! identity store's users, groups and memberships; and assignments per principal
//! (ListAccountAssignmentsForPrincipal: one paginated call per user or group, whatever the
//! number of accounts).
//!
//! The Identity Center APIs share a low request rate: a [`RateLimiter`] keeps the collector
//! under it instead of leaning on throttling retries.

use crate::util::collection_error;
use aws_sdk_ssoadmin::types::{PrincipalType, ProvisioningStatus};
use orgaudit_aws::Session;
use orgaudit_model::sso::*;
use orgaudit_model::{CollectionError, Fetched};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

const SVC: &str = "SSO Admin";
const IDS: &str = "identitystore";

/// Requests per second the Identity Center APIs are kept under.
pub const SSO_RATE: u32 = 18;

/// Spaces requests evenly: at most one per `interval`.
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<Instant>,
}

impl RateLimiter {
    pub fn per_second(rate: u32) -> Self {
        RateLimiter {
            interval: Duration::from_secs(1) / rate.max(1),
            next: Mutex::new(Instant::now()),
        }
    }

    pub fn unlimited() -> Self {
        RateLimiter {
            interval: Duration::ZERO,
            next: Mutex::new(Instant::now()),
        }
    }

    pub async fn wait(&self) {
        if self.interval.is_zero() {
            return;
        }
        let slot = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let slot = (*next).max(now);
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

pub(crate) async fn collect(
    session: &Session,
    region: &str,
    limiter: &RateLimiter,
    errors: &mut Vec<CollectionError>,
) -> SsoSnapshot {
    let acct = session.account_id.clone();
    let sso = session.ssoadmin(region);
    let ids = session.identitystore(region);
    let err = crate::util::record;

    limiter.wait().await;
    let instances = match sso
        .list_instances()
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Fetched::Ok(
            pages
                .iter()
                .flat_map(|p| p.instances())
                .map(|i| SsoInstance {
                    arn: i.instance_arn().unwrap_or_default().to_string(),
                    identity_store_id: i.identity_store_id().unwrap_or_default().to_string(),
                    owner_account_id: i.owner_account_id().map(str::to_string),
                })
                .collect::<Vec<_>>(),
        ),
        Err(e) => Fetched::Error(err(
            collection_error(&e, &acct, Some(region), SVC, "ListInstances", None),
            errors,
        )),
    };

    let mut snapshot = SsoSnapshot {
        instances: instances.clone(),
        permission_sets: Vec::new(),
        assignments: Vec::new(),
        assignment_errors: Vec::new(),
        users: Fetched::Ok(Vec::new()),
        groups: Fetched::Ok(Vec::new()),
        memberships: Fetched::Ok(Vec::new()),
    };
    let Fetched::Ok(instances) = instances else {
        let e = snapshot.instances.error().cloned();
        if let Some(e) = e {
            snapshot.users = Fetched::Error(e.clone());
            snapshot.groups = Fetched::Error(e.clone());
            snapshot.memberships = Fetched::Error(e);
        }
        return snapshot;
    };

    for instance in &instances {
        let inst = instance.arn.as_str();
        limiter.wait().await;
        let sets = match sso
            .list_permission_sets()
            .instance_arn(inst)
            .into_paginator()
            .send()
            .try_collect()
            .await
        {
            Ok(pages) => pages
                .iter()
                .flat_map(|p| p.permission_sets().to_vec())
                .collect::<Vec<_>>(),
            Err(e) => {
                err(
                    collection_error(
                        &e,
                        &acct,
                        Some(region),
                        SVC,
                        "ListPermissionSets",
                        Some(inst),
                    ),
                    errors,
                );
                Vec::new()
            }
        };
        for set_arn in sets {
            let ps = permission_set(&sso, &acct, region, inst, &set_arn, limiter).await;
            for e in [
                ps.inline_policy.error(),
                ps.managed_policies.error(),
                ps.customer_managed.error(),
                ps.boundary.error(),
                ps.outdated_accounts.error(),
            ]
            .into_iter()
            .flatten()
            {
                err(e.clone(), errors);
            }
            snapshot.permission_sets.push(ps);
        }

        // The identity store: users, groups, memberships.
        let store = instance.identity_store_id.as_str();
        limiter.wait().await;
        let users = match ids
            .list_users()
            .identity_store_id(store)
            .into_paginator()
            .send()
            .try_collect()
            .await
        {
            Ok(pages) => Fetched::Ok(
                pages
                    .iter()
                    .flat_map(|p| p.users())
                    .map(|u| User {
                        id: u.user_id().to_string(),
                        user_name: u.user_name().unwrap_or_default().to_string(),
                        display_name: u.display_name().map(str::to_string),
                    })
                    .collect::<Vec<_>>(),
            ),
            Err(e) => Fetched::Error(err(
                collection_error(&e, &acct, Some(region), IDS, "ListUsers", Some(store)),
                errors,
            )),
        };
        limiter.wait().await;
        let groups = match ids
            .list_groups()
            .identity_store_id(store)
            .into_paginator()
            .send()
            .try_collect()
            .await
        {
            Ok(pages) => Fetched::Ok(
                pages
                    .iter()
                    .flat_map(|p| p.groups())
                    .map(|g| Group {
                        id: g.group_id().to_string(),
                        display_name: g.display_name().unwrap_or_default().to_string(),
                    })
                    .collect::<Vec<_>>(),
            ),
            Err(e) => Fetched::Error(err(
                collection_error(&e, &acct, Some(region), IDS, "ListGroups", Some(store)),
                errors,
            )),
        };
        let mut memberships = Fetched::Ok(Vec::new());
        for g in groups.ok().into_iter().flatten() {
            limiter.wait().await;
            match ids
                .list_group_memberships()
                .identity_store_id(store)
                .group_id(&g.id)
                .into_paginator()
                .send()
                .try_collect()
                .await
            {
                Ok(pages) => {
                    if let Fetched::Ok(all) = &mut memberships {
                        all.extend(pages.iter().flat_map(|p| p.group_memberships()).filter_map(
                            |m| {
                                Some(Membership {
                                    group_id: m.group_id()?.to_string(),
                                    user_id: m.member_id()?.as_user_id().ok()?.to_string(),
                                })
                            },
                        ));
                    }
                }
                Err(e) => {
                    memberships = Fetched::Error(err(
                        collection_error(
                            &e,
                            &acct,
                            Some(region),
                            IDS,
                            "ListGroupMemberships",
                            Some(&g.id),
                        ),
                        errors,
                    ))
                }
            }
        }

        // Assignments, per principal.
        let principals: Vec<(PrincipalType, String)> = users
            .ok()
            .into_iter()
            .flatten()
            .map(|u| (PrincipalType::User, u.id.clone()))
            .chain(
                groups
                    .ok()
                    .into_iter()
                    .flatten()
                    .map(|g| (PrincipalType::Group, g.id.clone())),
            )
            .collect();
        for (kind, id) in principals {
            limiter.wait().await;
            let listed = sso
                .list_account_assignments_for_principal()
                .instance_arn(inst)
                .principal_id(&id)
                .principal_type(kind.clone())
                .into_paginator()
                .send()
                .try_collect()
                .await;
            match listed {
                Ok(pages) => snapshot.assignments.extend(
                    pages
                        .iter()
                        .flat_map(|p| p.account_assignments())
                        .map(|a| Assignment {
                            account_id: a.account_id().unwrap_or_default().to_string(),
                            permission_set_arn: a
                                .permission_set_arn()
                                .unwrap_or_default()
                                .to_string(),
                            principal_type: a
                                .principal_type()
                                .map(|t| t.as_str().to_string())
                                .unwrap_or_else(|| kind.as_str().to_string()),
                            principal_id: a.principal_id().unwrap_or(&id).to_string(),
                        }),
                ),
                Err(e) => {
                    let e = err(
                        collection_error(
                            &e,
                            &acct,
                            Some(region),
                            SVC,
                            "ListAccountAssignmentsForPrincipal",
                            Some(&id),
                        ),
                        errors,
                    );
                    snapshot.assignment_errors.push(e);
                }
            }
        }
        snapshot.users = users;
        snapshot.groups = groups;
        snapshot.memberships = memberships;
    }
    snapshot
}

async fn permission_set(
    sso: &aws_sdk_ssoadmin::Client,
    acct: &str,
    region: &str,
    inst: &str,
    arn: &str,
    limiter: &RateLimiter,
) -> PermissionSet {
    limiter.wait().await;
    let (name, description, session_duration) = match sso
        .describe_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .send()
        .await
    {
        Ok(out) => {
            let p = out.permission_set();
            (
                p.and_then(|p| p.name()).unwrap_or(arn).to_string(),
                p.and_then(|p| p.description()).map(str::to_string),
                p.and_then(|p| p.session_duration()).map(str::to_string),
            )
        }
        Err(_) => (
            arn.rsplit('/').next().unwrap_or(arn).to_string(),
            None,
            None,
        ),
    };
    limiter.wait().await;
    let inline_policy = match sso
        .get_inline_policy_for_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .send()
        .await
    {
        Ok(out) => Fetched::Ok(
            out.inline_policy()
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string),
        ),
        Err(err) => Fetched::Error(collection_error(
            &err,
            acct,
            Some(region),
            SVC,
            "GetInlinePolicyForPermissionSet",
            Some(arn),
        )),
    };
    limiter.wait().await;
    let managed_policies = match sso
        .list_managed_policies_in_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Fetched::Ok(
            pages
                .iter()
                .flat_map(|p| p.attached_managed_policies())
                .filter_map(|m| m.arn().or(m.name()).map(str::to_string))
                .collect(),
        ),
        Err(err) => Fetched::Error(collection_error(
            &err,
            acct,
            Some(region),
            SVC,
            "ListManagedPoliciesInPermissionSet",
            Some(arn),
        )),
    };
    limiter.wait().await;
    let customer_managed = match sso
        .list_customer_managed_policy_references_in_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Fetched::Ok(
            pages
                .iter()
                .flat_map(|p| p.customer_managed_policy_references())
                .map(|r| format!("{}{}", r.path().unwrap_or("/"), r.name()))
                .collect(),
        ),
        Err(err) => Fetched::Error(collection_error(
            &err,
            acct,
            Some(region),
            SVC,
            "ListCustomerManagedPolicyReferencesInPermissionSet",
            Some(arn),
        )),
    };
    limiter.wait().await;
    let boundary = match sso
        .get_permissions_boundary_for_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .send()
        .await
    {
        Ok(out) => Fetched::Ok(out.permissions_boundary().map(|b| {
            BoundaryRef {
                managed_policy_arn: b.managed_policy_arn().map(str::to_string),
                customer_managed: b
                    .customer_managed_policy_reference()
                    .map(|r| format!("{}{}", r.path().unwrap_or("/"), r.name())),
            }
        })),
        Err(err) => {
            // No boundary attached is answered with ResourceNotFoundException: that is data.
            let info = orgaudit_aws::error_info(&err);
            if info.code == "ResourceNotFoundException" {
                Fetched::Ok(None)
            } else {
                Fetched::Error(collection_error(
                    &err,
                    acct,
                    Some(region),
                    SVC,
                    "GetPermissionsBoundaryForPermissionSet",
                    Some(arn),
                ))
            }
        }
    };
    limiter.wait().await;
    let outdated_accounts = match sso
        .list_accounts_for_provisioned_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .provisioning_status(ProvisioningStatus::LatestPermissionSetNotProvisioned)
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Fetched::Ok(
            pages
                .iter()
                .flat_map(|p| p.account_ids().to_vec())
                .collect(),
        ),
        Err(err) => Fetched::Error(collection_error(
            &err,
            acct,
            Some(region),
            SVC,
            "ListAccountsForProvisionedPermissionSet",
            Some(arn),
        )),
    };
    PermissionSet {
        arn: arn.to_string(),
        instance_arn: inst.to_string(),
        name,
        description,
        session_duration,
        inline_policy,
        managed_policies,
        customer_managed,
        boundary,
        outdated_accounts,
    }
}
