//! AWS Organizations: the organization, roots, OU tree, accounts, SCPs and RCPs.
//!
//! Calls: DescribeOrganization, ListRoots, ListOrganizationalUnitsForParent and
//! ListAccountsForParent per parent, ListAccounts, ListPolicies for SCPs and for RCPs, then
//! DescribePolicy and ListTargetsForPolicy per policy. All paginated. One function per call;
//! [`collect`] only puts them in order.

use crate::util::{each, keep, need_owned, record, At, Missing};
use aws_sdk_organizations::types::{PolicyType, PolicyTypeSummary};
use aws_sdk_organizations::Client;
use futures::StreamExt;
use orgaudit_aws::ops::organizations as op;
use orgaudit_aws::Session;
use orgaudit_model::*;
use std::collections::HashMap;

/// How much of the organization a collection reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Everything: the organization, the OU tree, accounts and SCPs.
    Full,
    /// The organization and the account list only: a shard other than 0, which needs the list
    /// to find its slice while shard 0 reads the organization-wide data.
    AccountsOnly,
}

pub(crate) async fn collect(
    session: &Session,
    scope: Scope,
    concurrency: usize,
    errors: &mut Vec<CollectionError>,
) -> OrgSnapshot {
    let client = session.organizations();
    let at = At::global(&session.account_id);

    let info = describe_organization(&client, at).await;
    keep(&info, errors);
    if let Fetched::Error(e) = &info {
        // Nothing else can be read meaningfully; the caller turns this into a fatal error.
        let e = e.clone();
        return OrgSnapshot {
            info,
            roots: Fetched::Error(e.clone()),
            organizational_units: vec![],
            tree_errors: vec![],
            accounts: Fetched::Error(e.clone()),
            policies: Fetched::Error(e.clone()),
            rcps: Fetched::Error(e.clone()),
            service_access: Fetched::Error(e),
            delegated_administrators: Default::default(),
        };
    }

    if scope == Scope::AccountsOnly {
        let elsewhere = at.fault(
            op::LIST_ROOTS,
            None,
            "OtherShard",
            "organization-wide data is collected by shard 0 and joined by `orgaudit merge`",
        );
        let accounts = list_accounts(&client, at, &HashMap::new()).await;
        keep(&accounts, errors);
        return OrgSnapshot {
            info,
            roots: Fetched::Error(elsewhere.clone()),
            organizational_units: vec![],
            tree_errors: vec![],
            accounts,
            policies: Fetched::Error(elsewhere.clone()),
            rcps: Fetched::Error(elsewhere.clone()),
            service_access: Fetched::Error(elsewhere),
            delegated_administrators: Default::default(),
        };
    }

    let roots = list_roots(&client, at).await;
    keep(&roots, errors);
    let tree = walk_tree(&client, at, &roots, concurrency).await;
    for e in &tree.errors {
        record(e.clone(), errors);
    }
    let accounts = list_accounts(&client, at, &tree.parent_of).await;
    keep(&accounts, errors);

    // SCPs, then RCPs (AWS Organizations User Guide, "Resource control policies").
    let policies = policies_of_type(
        &client,
        at,
        PolicyType::ServiceControlPolicy,
        concurrency,
        errors,
    )
    .await;
    let rcps = policies_of_type(
        &client,
        at,
        PolicyType::ResourceControlPolicy,
        concurrency,
        errors,
    )
    .await;

    let service_access = service_access(&client, at).await;
    keep(&service_access, errors);
    let mut delegated_administrators = std::collections::BTreeMap::new();
    for principal in DELEGATED_SERVICES {
        let admins = delegated_admins(&client, at, principal).await;
        keep(&admins, errors);
        delegated_administrators.insert(principal.to_string(), admins);
    }

    OrgSnapshot {
        info,
        roots,
        organizational_units: tree.units,
        tree_errors: tree.errors,
        accounts,
        policies,
        rcps,
        service_access,
        delegated_administrators,
    }
}

/// The services whose delegated administrator orgaudit may read from: Identity Center
/// (IAM Identity Center User Guide, "Delegated administration").
pub const DELEGATED_SERVICES: &[&str] = &["sso.amazonaws.com"];

/// ListDelegatedAdministrators for one service principal, all pages: the accounts' ids
/// (Organizations API Reference, "ListDelegatedAdministrators": `ServicePrincipal` narrows the
/// list to the administrators of that service).
async fn delegated_admins(client: &Client, at: At<'_>, principal: &str) -> Fetched<Vec<String>> {
    let result = client
        .list_delegated_administrators()
        .service_principal(principal)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(
        op::LIST_DELEGATED_ADMINISTRATORS,
        Some(principal),
        result,
        |pages| {
            each(
                pages.iter().flat_map(|p| p.delegated_administrators()),
                |d| need_owned(d.id(), "DelegatedAdministrator.Id"),
            )
        },
    )
}

/// ListAWSServiceAccessForOrganization, all pages: the service principals with trusted access
/// (Organizations API Reference, "ListAWSServiceAccessForOrganization"). Identity Center needs
/// `sso.amazonaws.com` there to serve the organization.
async fn service_access(client: &Client, at: At<'_>) -> Fetched<Vec<String>> {
    let result = client
        .list_aws_service_access_for_organization()
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(
        op::LIST_AWS_SERVICE_ACCESS_FOR_ORGANIZATION,
        None,
        result,
        |pages| {
            each(
                pages.iter().flat_map(|p| p.enabled_service_principals()),
                |s| {
                    need_owned(
                        s.service_principal(),
                        "EnabledServicePrincipal.ServicePrincipal",
                    )
                },
            )
        },
    )
}

/// DescribeOrganization. Id, Arn, FeatureSet and MasterAccountId are part of every answer
/// (Organizations API Reference, "Organization"); without them the organization is not known.
async fn describe_organization(client: &Client, at: At<'_>) -> Fetched<OrgInfo> {
    let result = client.describe_organization().send().await;
    at.read(op::DESCRIBE_ORGANIZATION, None, result, |out| {
        let o = out.organization().ok_or(Missing("Organization"))?;
        Ok(OrgInfo {
            id: need_owned(o.id(), "Organization.Id")?,
            arn: need_owned(o.arn(), "Organization.Arn")?,
            feature_set: need_owned(
                o.feature_set().map(|f| f.as_str()),
                "Organization.FeatureSet",
            )?,
            management_account_id: need_owned(
                o.master_account_id(),
                "Organization.MasterAccountId",
            )?,
            management_account_email: o.master_account_email().map(str::to_string),
        })
    })
}

/// ListRoots, all pages.
async fn list_roots(client: &Client, at: At<'_>) -> Fetched<Vec<Root>> {
    let result = client
        .list_roots()
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(op::LIST_ROOTS, None, result, |pages| {
        each(pages.iter().flat_map(|p| p.roots()), |r| {
            Ok(Root {
                id: need_owned(r.id(), "Root.Id")?,
                arn: need_owned(r.arn(), "Root.Arn")?,
                name: r.name().unwrap_or_default().to_string(),
                policy_types: r.policy_types().iter().map(policy_type).collect(),
            })
        })
    })
}

/// The OU tree below the roots, and where each account sits in it.
struct Tree {
    units: Vec<OrganizationalUnit>,
    parent_of: HashMap<String, String>,
    errors: Vec<CollectionError>,
}

/// Walk the tree breadth-first, one level at a time: every parent's OUs and accounts.
async fn walk_tree(
    client: &Client,
    at: At<'_>,
    roots: &Fetched<Vec<Root>>,
    concurrency: usize,
) -> Tree {
    let mut tree = Tree {
        units: Vec::new(),
        parent_of: HashMap::new(),
        errors: Vec::new(),
    };
    let mut frontier: Vec<String> = roots
        .ok()
        .map(|r| r.iter().map(|r| r.id.clone()).collect())
        .unwrap_or_default();
    while !frontier.is_empty() {
        let level: Vec<_> = futures::stream::iter(std::mem::take(&mut frontier))
            .map(|parent| async move {
                let ous = units_for_parent(client, at, &parent).await;
                let accounts = accounts_for_parent(client, at, &parent).await;
                (parent, ous, accounts)
            })
            .buffered(concurrency)
            .collect()
            .await;
        for (parent, ous, accounts) in level {
            match ous {
                Fetched::Ok(ous) => {
                    frontier.extend(ous.iter().map(|ou| ou.id.clone()));
                    tree.units.extend(ous);
                }
                Fetched::Error(e) => tree.errors.push(e),
            }
            match accounts {
                Fetched::Ok(ids) => {
                    for id in ids {
                        tree.parent_of.insert(id, parent.clone());
                    }
                }
                Fetched::Error(e) => tree.errors.push(e),
            }
        }
    }
    tree
}

/// ListOrganizationalUnitsForParent, all pages.
async fn units_for_parent(
    client: &Client,
    at: At<'_>,
    parent: &str,
) -> Fetched<Vec<OrganizationalUnit>> {
    let result = client
        .list_organizational_units_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(
        op::LIST_ORGANIZATIONAL_UNITS_FOR_PARENT,
        Some(parent),
        result,
        |pages| {
            each(pages.iter().flat_map(|p| p.organizational_units()), |ou| {
                Ok(OrganizationalUnit {
                    id: need_owned(ou.id(), "OrganizationalUnit.Id")?,
                    arn: need_owned(ou.arn(), "OrganizationalUnit.Arn")?,
                    name: ou.name().unwrap_or_default().to_string(),
                    parent_id: parent.to_string(),
                })
            })
        },
    )
}

/// ListAccountsForParent, all pages: the ids of the accounts directly under `parent`.
async fn accounts_for_parent(client: &Client, at: At<'_>, parent: &str) -> Fetched<Vec<String>> {
    let result = client
        .list_accounts_for_parent()
        .parent_id(parent)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(
        op::LIST_ACCOUNTS_FOR_PARENT,
        Some(parent),
        result,
        |pages| {
            each(pages.iter().flat_map(|p| p.accounts()), |a| {
                need_owned(a.id(), "Account.Id")
            })
        },
    )
}

/// ListAccounts, all pages: every account of the organization, each with the parent found
/// walking the tree.
async fn list_accounts(
    client: &Client,
    at: At<'_>,
    parent_of: &HashMap<String, String>,
) -> Fetched<Vec<Account>> {
    let result = client
        .list_accounts()
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(op::LIST_ACCOUNTS, None, result, |pages| {
        each(pages.iter().flat_map(|p| p.accounts()), |a| {
            let id = need_owned(a.id(), "Account.Id")?;
            // `State` replaces the deprecated `Status` (Organizations API Reference,
            // "Account"); either says whether the account can be entered.
            #[allow(deprecated)]
            let status = a
                .status()
                .map(|s| s.as_str().to_string())
                .or_else(|| a.state().map(|s| s.as_str().to_string()))
                .unwrap_or_else(|| "UNKNOWN".into());
            Ok(Account {
                parent_id: parent_of.get(&id).cloned(),
                arn: need_owned(a.arn(), "Account.Arn")?,
                name: a.name().unwrap_or_default().to_string(),
                email: a.email().unwrap_or_default().to_string(),
                status,
                id,
            })
        })
    })
}

/// Every policy of one type with its content (DescribePolicy) and targets
/// (ListTargetsForPolicy): ListPolicies with the type as filter (Organizations API Reference,
/// "ListPolicies").
async fn policies_of_type(
    client: &Client,
    at: At<'_>,
    policy_type: PolicyType,
    concurrency: usize,
    errors: &mut Vec<CollectionError>,
) -> Fetched<Vec<Policy>> {
    let listed = match list_policies(client, at, &policy_type).await {
        Fetched::Ok(listed) => listed,
        Fetched::Error(e) => return Fetched::Error(record(e, errors)),
    };
    let detailed: Vec<Policy> = futures::stream::iter(listed)
        .map(|p| async move {
            let content = describe_policy(client, at, &p.id).await;
            let targets = targets_for_policy(client, at, &p.id).await;
            Policy {
                id: p.id,
                arn: p.arn,
                name: p.name,
                description: p.description,
                aws_managed: p.aws_managed,
                content,
                targets,
            }
        })
        .buffered(concurrency)
        .collect()
        .await;
    for p in &detailed {
        keep(&p.content, errors);
        keep(&p.targets, errors);
    }
    Fetched::Ok(detailed)
}

/// A policy as ListPolicies names it.
struct Listed {
    id: String,
    arn: String,
    name: String,
    description: Option<String>,
    aws_managed: bool,
}

/// ListPolicies of one type, all pages.
async fn list_policies(
    client: &Client,
    at: At<'_>,
    policy_type: &PolicyType,
) -> Fetched<Vec<Listed>> {
    let result = client
        .list_policies()
        .filter(policy_type.clone())
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(
        op::LIST_POLICIES,
        Some(policy_type.as_str()),
        result,
        |pages| {
            each(pages.iter().flat_map(|p| p.policies()), |s| {
                Ok(Listed {
                    id: need_owned(s.id(), "PolicySummary.Id")?,
                    arn: need_owned(s.arn(), "PolicySummary.Arn")?,
                    name: s.name().unwrap_or_default().to_string(),
                    description: s
                        .description()
                        .filter(|d| !d.is_empty())
                        .map(str::to_string),
                    aws_managed: s.aws_managed(),
                })
            })
        },
    )
}

/// DescribePolicy: the policy text.
async fn describe_policy(client: &Client, at: At<'_>, id: &str) -> Fetched<String> {
    let result = client.describe_policy().policy_id(id).send().await;
    at.read(op::DESCRIBE_POLICY, Some(id), result, |out| {
        need_owned(out.policy().and_then(|p| p.content()), "Policy.Content")
    })
}

/// ListTargetsForPolicy, all pages: the roots, OUs and accounts the policy is attached to.
async fn targets_for_policy(client: &Client, at: At<'_>, id: &str) -> Fetched<Vec<String>> {
    let result = client
        .list_targets_for_policy()
        .policy_id(id)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(op::LIST_TARGETS_FOR_POLICY, Some(id), result, |pages| {
        each(pages.iter().flat_map(|p| p.targets()), |t| {
            need_owned(t.target_id(), "PolicyTargetSummary.TargetId")
        })
    })
}

fn policy_type(p: &PolicyTypeSummary) -> PolicyTypeStatus {
    PolicyTypeStatus {
        policy_type: p
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        status: p
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
    }
}
