//! IAM Identity Center, read with the caller's session in the home region: instances, then per
//! permission set DescribePermissionSet, the inline policy, AWS managed and customer-managed
//! references, the permissions boundary and the accounts whose provisioning is outdated; the
//! identity store's users, groups and memberships; and assignments per principal
//! (ListAccountAssignmentsForPrincipal: one paginated call per user or group, whatever the
//! number of accounts).
//!
//! The Identity Center APIs share a low request rate: the session's clients are paced
//! (`orgaudit_aws::pace`) instead of leaning on throttling retries.

use crate::util::{each, keep, need_owned, record, At};
use aws_sdk_identitystore::Client as Store;
use aws_sdk_ssoadmin::types::{PrincipalType, ProvisioningStatus};
use aws_sdk_ssoadmin::Client as Admin;
use orgaudit_aws::ops::{identitystore as ids_op, sso_admin as op};
use orgaudit_aws::Session;
use orgaudit_model::sso::*;
use orgaudit_model::{CollectionError, Fetched};
use std::collections::BTreeMap;

/// The clients and the place every Identity Center read shares.
struct Reader<'a> {
    admin: Admin,
    store: Store,
    at: At<'a>,
}

/// Find the instance: ListInstances in each of `regions` in turn, and read Identity Center in
/// the first that has one. An instance lives in one region (IAM Identity Center User Guide,
/// "IAM Identity Center Region availability"); asked anywhere else, ListInstances answers an
/// empty list. A failure in one region is kept and the search goes on; only when no region
/// answered is the listing an error.
pub(crate) async fn collect(
    session: &Session,
    regions: &[String],
    errors: &mut Vec<CollectionError>,
) -> SsoSnapshot {
    let mut found = None;
    let mut first_error = None;
    let mut answered = false;
    for region in regions {
        let r = reader(session, region);
        match list_instances(&r).await {
            Fetched::Ok(list) if !list.is_empty() => {
                found = Some((region.as_str(), list));
                break;
            }
            Fetched::Ok(_) => answered = true,
            Fetched::Error(e) => {
                first_error.get_or_insert_with(|| e.clone());
                record(e, errors);
            }
        }
    }
    let (region, instances) = match (found, first_error) {
        (Some((region, list)), _) => (Some(region), Fetched::Ok(list)),
        (None, Some(e)) if !answered => (None, Fetched::Error(e)),
        // Asked, answered, and no instance anywhere searched.
        (None, _) => (None, Fetched::Ok(Vec::new())),
    };
    let home = region
        .or(regions.first().map(String::as_str))
        .unwrap_or("us-east-1");
    let r = reader(session, home);
    let mut snapshot = SsoSnapshot {
        region: region.map(str::to_string),
        searched: regions.to_vec(),
        read_from: Some(session.account_id.clone()),
        instances: instances.clone(),
        permission_sets: Vec::new(),
        permission_set_errors: Vec::new(),
        assignments: Vec::new(),
        assignment_errors: Vec::new(),
        users: Fetched::Ok(Vec::new()),
        groups: Fetched::Ok(Vec::new()),
        memberships: Fetched::Ok(Vec::new()),
        managed_documents: BTreeMap::new(),
        customer_documents: BTreeMap::new(),
    };
    let instances = match instances {
        Fetched::Ok(instances) => instances,
        Fetched::Error(e) => {
            snapshot.users = Fetched::Error(e.clone());
            snapshot.groups = Fetched::Error(e.clone());
            snapshot.memberships = Fetched::Error(e);
            return snapshot;
        }
    };

    for instance in &instances {
        let inst = instance.arn.as_str();
        match list_permission_sets(&r, inst).await {
            Fetched::Ok(sets) => {
                for set_arn in sets {
                    let ps = permission_set(&r, inst, &set_arn).await;
                    if let Some(e) = &ps.describe_error {
                        record(e.clone(), errors);
                    }
                    keep(&ps.inline_policy, errors);
                    keep(&ps.managed_policies, errors);
                    keep(&ps.customer_managed, errors);
                    keep(&ps.boundary, errors);
                    keep(&ps.outdated_accounts, errors);
                    snapshot.permission_sets.push(ps);
                }
            }
            Fetched::Error(e) => snapshot.permission_set_errors.push(record(e, errors)),
        }

        // The identity store: users, groups, memberships.
        let store = instance.identity_store_id.as_str();
        let users = list_users(&r, store).await;
        keep(&users, errors);
        let groups = list_groups(&r, store).await;
        keep(&groups, errors);
        let mut memberships = Fetched::Ok(Vec::new());
        for g in groups.ok().into_iter().flatten() {
            match (group_memberships(&r, store, &g.id).await, &mut memberships) {
                (Fetched::Ok(found), Fetched::Ok(all)) => all.extend(found),
                (Fetched::Error(e), _) => memberships = Fetched::Error(record(e, errors)),
                (Fetched::Ok(_), Fetched::Error(_)) => {}
            }
        }

        // Assignments, per principal.
        let principals = users
            .ok()
            .into_iter()
            .flatten()
            .map(|u| (PrincipalType::User, u.id.as_str()))
            .chain(
                groups
                    .ok()
                    .into_iter()
                    .flatten()
                    .map(|g| (PrincipalType::Group, g.id.as_str())),
            );
        for (kind, id) in principals {
            match assignments_for_principal(&r, inst, kind, id).await {
                Fetched::Ok(found) => snapshot.assignments.extend(found),
                Fetched::Error(e) => snapshot.assignment_errors.push(record(e, errors)),
            }
        }
        snapshot.users = users;
        snapshot.groups = groups;
        snapshot.memberships = memberships;
    }
    snapshot
}

/// Identity Center could not be read: the account that administers it was not entered.
pub(crate) fn unreachable(account: &str, searched: Vec<String>, e: CollectionError) -> SsoSnapshot {
    SsoSnapshot {
        instances: Fetched::Error(e.clone()),
        region: None,
        searched,
        read_from: Some(account.to_string()),
        permission_sets: Vec::new(),
        permission_set_errors: Vec::new(),
        assignments: Vec::new(),
        assignment_errors: Vec::new(),
        users: Fetched::Error(e.clone()),
        groups: Fetched::Error(e.clone()),
        memberships: Fetched::Error(e),
        managed_documents: BTreeMap::new(),
        customer_documents: BTreeMap::new(),
    }
}

fn reader<'a>(session: &'a Session, region: &'a str) -> Reader<'a> {
    Reader {
        admin: session.ssoadmin(region),
        store: session.identitystore(region),
        at: At::region(&session.account_id, region),
    }
}

/// ListInstances, all pages.
async fn list_instances(r: &Reader<'_>) -> Fetched<Vec<SsoInstance>> {
    let result = r
        .admin
        .list_instances()
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(op::LIST_INSTANCES, None, result, |pages| {
        each(pages.iter().flat_map(|p| p.instances()), |i| {
            Ok(SsoInstance {
                arn: need_owned(i.instance_arn(), "InstanceMetadata.InstanceArn")?,
                identity_store_id: need_owned(
                    i.identity_store_id(),
                    "InstanceMetadata.IdentityStoreId",
                )?,
                owner_account_id: i.owner_account_id().map(str::to_string),
            })
        })
    })
}

/// ListPermissionSets of an instance, all pages: the sets' ARNs.
async fn list_permission_sets(r: &Reader<'_>, inst: &str) -> Fetched<Vec<String>> {
    let result = r
        .admin
        .list_permission_sets()
        .instance_arn(inst)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(op::LIST_PERMISSION_SETS, Some(inst), result, |pages| {
        Ok(pages
            .iter()
            .flat_map(|p| p.permission_sets().to_vec())
            .collect())
    })
}

/// ListUsers of an identity store, all pages.
async fn list_users(r: &Reader<'_>, store: &str) -> Fetched<Vec<User>> {
    let result = r
        .store
        .list_users()
        .identity_store_id(store)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(ids_op::LIST_USERS, Some(store), result, |pages| {
        Ok(pages
            .iter()
            .flat_map(|p| p.users())
            .map(|u| User {
                id: u.user_id().to_string(),
                user_name: u.user_name().unwrap_or_default().to_string(),
                display_name: u.display_name().map(str::to_string),
            })
            .collect())
    })
}

/// ListGroups of an identity store, all pages.
async fn list_groups(r: &Reader<'_>, store: &str) -> Fetched<Vec<Group>> {
    let result = r
        .store
        .list_groups()
        .identity_store_id(store)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(ids_op::LIST_GROUPS, Some(store), result, |pages| {
        Ok(pages
            .iter()
            .flat_map(|p| p.groups())
            .map(|g| Group {
                id: g.group_id().to_string(),
                display_name: g.display_name().unwrap_or_default().to_string(),
            })
            .collect())
    })
}

/// ListGroupMemberships of one group, all pages. Members are users (Identity Store API
/// Reference, "MemberId": a union whose only member is `UserId`).
async fn group_memberships(r: &Reader<'_>, store: &str, group: &str) -> Fetched<Vec<Membership>> {
    let result = r
        .store
        .list_group_memberships()
        .identity_store_id(store)
        .group_id(group)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(
        ids_op::LIST_GROUP_MEMBERSHIPS,
        Some(group),
        result,
        |pages| {
            Ok(pages
                .iter()
                .flat_map(|p| p.group_memberships())
                .filter_map(|m| {
                    Some(Membership {
                        group_id: m.group_id().unwrap_or(group).to_string(),
                        user_id: m.member_id()?.as_user_id().ok()?.to_string(),
                    })
                })
                .collect())
        },
    )
}

/// ListAccountAssignmentsForPrincipal, all pages: one principal's assignments in every
/// account.
async fn assignments_for_principal(
    r: &Reader<'_>,
    inst: &str,
    kind: PrincipalType,
    id: &str,
) -> Fetched<Vec<Assignment>> {
    let result = r
        .admin
        .list_account_assignments_for_principal()
        .instance_arn(inst)
        .principal_id(id)
        .principal_type(kind.clone())
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(
        op::LIST_ACCOUNT_ASSIGNMENTS_FOR_PRINCIPAL,
        Some(id),
        result,
        |pages| {
            each(pages.iter().flat_map(|p| p.account_assignments()), |a| {
                Ok(Assignment {
                    account_id: need_owned(a.account_id(), "AccountAssignment.AccountId")?,
                    permission_set_arn: need_owned(
                        a.permission_set_arn(),
                        "AccountAssignment.PermissionSetArn",
                    )?,
                    principal_type: a
                        .principal_type()
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_else(|| kind.as_str().to_string()),
                    principal_id: a.principal_id().unwrap_or(id).to_string(),
                })
            })
        },
    )
}

/// One permission set: its description, policies, boundary and outdated accounts.
async fn permission_set(r: &Reader<'_>, inst: &str, arn: &str) -> PermissionSet {
    let described = describe_permission_set(r, inst, arn).await;
    let (name, description, session_duration, describe_error) = match described {
        Fetched::Ok(d) => (d.name, d.description, d.session_duration, None),
        Fetched::Error(e) => (
            arn.rsplit('/').next().unwrap_or(arn).to_string(),
            None,
            None,
            Some(e),
        ),
    };
    PermissionSet {
        arn: arn.to_string(),
        instance_arn: inst.to_string(),
        name,
        description,
        session_duration,
        describe_error,
        inline_policy: inline_policy(r, inst, arn).await,
        managed_policies: managed_policies(r, inst, arn).await,
        customer_managed: customer_managed(r, inst, arn).await,
        boundary: boundary(r, inst, arn).await,
        outdated_accounts: outdated_accounts(r, inst, arn).await,
    }
}

struct Described {
    name: String,
    description: Option<String>,
    session_duration: Option<String>,
}

/// DescribePermissionSet.
async fn describe_permission_set(r: &Reader<'_>, inst: &str, arn: &str) -> Fetched<Described> {
    let result = r
        .admin
        .describe_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .send()
        .await;
    r.at.read(op::DESCRIBE_PERMISSION_SET, Some(arn), result, |out| {
        let p = out
            .permission_set()
            .ok_or(crate::util::Missing("PermissionSet"))?;
        Ok(Described {
            name: need_owned(p.name(), "PermissionSet.Name")?,
            description: p.description().map(str::to_string),
            session_duration: p.session_duration().map(str::to_string),
        })
    })
}

/// GetInlinePolicyForPermissionSet: an empty answer means no inline policy.
async fn inline_policy(r: &Reader<'_>, inst: &str, arn: &str) -> Fetched<Option<String>> {
    let result = r
        .admin
        .get_inline_policy_for_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .send()
        .await;
    r.at.read(
        op::GET_INLINE_POLICY_FOR_PERMISSION_SET,
        Some(arn),
        result,
        |out| {
            Ok(out
                .inline_policy()
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string))
        },
    )
}

/// ListManagedPoliciesInPermissionSet, all pages: the AWS managed policies' ARNs.
async fn managed_policies(r: &Reader<'_>, inst: &str, arn: &str) -> Fetched<Vec<String>> {
    let result = r
        .admin
        .list_managed_policies_in_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(
        op::LIST_MANAGED_POLICIES_IN_PERMISSION_SET,
        Some(arn),
        result,
        |pages| {
            each(
                pages.iter().flat_map(|p| p.attached_managed_policies()),
                |m| need_owned(m.arn().or(m.name()), "AttachedManagedPolicy.Arn"),
            )
        },
    )
}

/// ListCustomerManagedPolicyReferencesInPermissionSet, all pages: `path + name` of each.
async fn customer_managed(r: &Reader<'_>, inst: &str, arn: &str) -> Fetched<Vec<String>> {
    let result = r
        .admin
        .list_customer_managed_policy_references_in_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(
        op::LIST_CUSTOMER_MANAGED_POLICY_REFERENCES_IN_PERMISSION_SET,
        Some(arn),
        result,
        |pages| {
            Ok(pages
                .iter()
                .flat_map(|p| p.customer_managed_policy_references())
                .map(|r| format!("{}{}", r.path().unwrap_or("/"), r.name()))
                .collect())
        },
    )
}

/// GetPermissionsBoundaryForPermissionSet. A set without a boundary is answered with
/// ResourceNotFoundException (IAM Identity Center API Reference,
/// "GetPermissionsBoundaryForPermissionSet"): that is data, not a failure.
async fn boundary(r: &Reader<'_>, inst: &str, arn: &str) -> Fetched<Option<BoundaryRef>> {
    let result = r
        .admin
        .get_permissions_boundary_for_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .send()
        .await;
    let read = r.at.setting(
        op::GET_PERMISSIONS_BOUNDARY_FOR_PERMISSION_SET,
        Some(arn),
        result,
        &["ResourceNotFoundException"],
        |out| {
            Ok(out.permissions_boundary().map(|b| BoundaryRef {
                managed_policy_arn: b.managed_policy_arn().map(str::to_string),
                customer_managed: b
                    .customer_managed_policy_reference()
                    .map(|r| format!("{}{}", r.path().unwrap_or("/"), r.name())),
            }))
        },
    );
    match read {
        Fetched::Ok(v) => Fetched::Ok(v.flatten()),
        Fetched::Error(e) => Fetched::Error(e),
    }
}

/// ListAccountsForProvisionedPermissionSet with `LATEST_PERMISSION_SET_NOT_PROVISIONED`, all
/// pages: the accounts where the set's latest version is not in force.
async fn outdated_accounts(r: &Reader<'_>, inst: &str, arn: &str) -> Fetched<Vec<String>> {
    let result = r
        .admin
        .list_accounts_for_provisioned_permission_set()
        .instance_arn(inst)
        .permission_set_arn(arn)
        .provisioning_status(ProvisioningStatus::LatestPermissionSetNotProvisioned)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    r.at.read(
        op::LIST_ACCOUNTS_FOR_PROVISIONED_PERMISSION_SET,
        Some(arn),
        result,
        |pages| {
            Ok(pages
                .iter()
                .flat_map(|p| p.account_ids().to_vec())
                .collect())
        },
    )
}
