//! AWS Organizations: the organization, roots, OU tree, accounts and SCPs.
//!
//! Calls: DescribeOrganization, ListRoots, ListOrganizationalUnitsForParent and
//! ListAccountsForParent per parent, ListAccounts, ListPolicies for SCPs and for RCPs, then
//! DescribePolicy and ListTargetsForPolicy per policy. All paginated.

use crate::util::collection_error;
use aws_sdk_organizations::types::{PolicyType, PolicyTypeSummary};
use futures::StreamExt;
use orgaudit_aws::Session;
use orgaudit_model::*;
use std::collections::HashMap;

const SVC: &str = "Organizations";

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
    let acct = session.account_id.as_str();
    let err = crate::util::record;

    let info = match client.describe_organization().send().await {
        Ok(out) => match out.organization() {
            Some(o) => Fetched::Ok(OrgInfo {
                id: o.id().unwrap_or_default().to_string(),
                arn: o.arn().unwrap_or_default().to_string(),
                feature_set: o
                    .feature_set()
                    .map(|f| f.as_str().to_string())
                    .unwrap_or_default(),
                management_account_id: o.master_account_id().unwrap_or_default().to_string(),
                management_account_email: o.master_account_email().map(str::to_string),
            }),
            None => Fetched::Error(err(
                CollectionError {
                    account_id: Some(acct.to_string()),
                    region: None,
                    service: SVC.into(),
                    operation: "DescribeOrganization".into(),
                    code: "EmptyResponse".into(),
                    message: "the response held no organization".into(),
                    subject: None,
                },
                errors,
            )),
        },
        Err(e) => Fetched::Error(err(
            collection_error(&e, acct, None, SVC, "DescribeOrganization", None),
            errors,
        )),
    };
    if info.ok().is_none() {
        // Nothing else can be read meaningfully; the caller turns this into a fatal error.
        let e = info
            .error()
            .cloned()
            .unwrap_or_else(|| unreachable_error(acct));
        return OrgSnapshot {
            info,
            roots: Fetched::Error(e.clone()),
            organizational_units: vec![],
            tree_errors: vec![],
            accounts: Fetched::Error(e.clone()),
            policies: Fetched::Error(e.clone()),
            rcps: Fetched::Error(e),
        };
    }

    if scope == Scope::AccountsOnly {
        let elsewhere = CollectionError {
            account_id: Some(acct.to_string()),
            region: None,
            service: SVC.into(),
            operation: "ListRoots".into(),
            code: "OtherShard".into(),
            message:
                "organization-wide data is collected by shard 0 and joined by `orgaudit merge`"
                    .into(),
            subject: None,
        };
        return OrgSnapshot {
            info,
            roots: Fetched::Error(elsewhere.clone()),
            organizational_units: vec![],
            tree_errors: vec![],
            accounts: list_accounts(&client, acct, &HashMap::new(), errors).await,
            policies: Fetched::Error(elsewhere.clone()),
            rcps: Fetched::Error(elsewhere),
        };
    }

    let roots = match client
        .list_roots()
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Fetched::Ok(
            pages
                .iter()
                .flat_map(|p| p.roots())
                .map(|r| Root {
                    id: r.id().unwrap_or_default().to_string(),
                    arn: r.arn().unwrap_or_default().to_string(),
                    name: r.name().unwrap_or_default().to_string(),
                    policy_types: r.policy_types().iter().map(policy_type).collect(),
                })
                .collect::<Vec<_>>(),
        ),
        Err(e) => Fetched::Error(err(
            collection_error(&e, acct, None, SVC, "ListRoots", None),
            errors,
        )),
    };

    // Walk the tree breadth-first, one level at a time.
    let mut organizational_units = Vec::new();
    let mut tree_errors = Vec::new();
    let mut parent_of: HashMap<String, String> = HashMap::new();
    let mut frontier: Vec<String> = roots
        .ok()
        .map(|r| r.iter().map(|r| r.id.clone()).collect())
        .unwrap_or_default();
    while !frontier.is_empty() {
        let level: Vec<_> = futures::stream::iter(std::mem::take(&mut frontier))
            .map(|parent| {
                let client = client.clone();
                async move {
                    let ous = client
                        .list_organizational_units_for_parent()
                        .parent_id(&parent)
                        .into_paginator()
                        .send()
                        .try_collect()
                        .await
                        .map(|pages| {
                            pages
                                .iter()
                                .flat_map(|p| p.organizational_units().to_vec())
                                .collect::<Vec<_>>()
                        })
                        .map_err(|e| {
                            collection_error(
                                &e,
                                acct,
                                None,
                                SVC,
                                "ListOrganizationalUnitsForParent",
                                Some(&parent),
                            )
                        });
                    let accounts = client
                        .list_accounts_for_parent()
                        .parent_id(&parent)
                        .into_paginator()
                        .send()
                        .try_collect()
                        .await
                        .map(|pages| {
                            pages
                                .iter()
                                .flat_map(|p| p.accounts().to_vec())
                                .collect::<Vec<_>>()
                        })
                        .map_err(|e| {
                            collection_error(
                                &e,
                                acct,
                                None,
                                SVC,
                                "ListAccountsForParent",
                                Some(&parent),
                            )
                        });
                    (parent, ous, accounts)
                }
            })
            .buffered(concurrency)
            .collect()
            .await;
        for (parent, ous, accounts) in level {
            match ous {
                Ok(ous) => {
                    for ou in ous {
                        let id = ou.id().unwrap_or_default().to_string();
                        frontier.push(id.clone());
                        organizational_units.push(OrganizationalUnit {
                            id,
                            arn: ou.arn().unwrap_or_default().to_string(),
                            name: ou.name().unwrap_or_default().to_string(),
                            parent_id: parent.clone(),
                        });
                    }
                }
                Err(e) => tree_errors.push(err(e, errors)),
            }
            match accounts {
                Ok(accounts) => {
                    for a in accounts {
                        parent_of.insert(a.id().unwrap_or_default().to_string(), parent.clone());
                    }
                }
                Err(e) => tree_errors.push(err(e, errors)),
            }
        }
    }

    let accounts = list_accounts(&client, acct, &parent_of, errors).await;

    // SCPs, then RCPs (AWS Organizations User Guide, "Resource control policies").
    let policies = list_policies(
        &client,
        acct,
        PolicyType::ServiceControlPolicy,
        concurrency,
        errors,
    )
    .await;
    let rcps = list_policies(
        &client,
        acct,
        PolicyType::ResourceControlPolicy,
        concurrency,
        errors,
    )
    .await;

    OrgSnapshot {
        info,
        roots,
        organizational_units,
        tree_errors,
        accounts,
        policies,
        rcps,
    }
}

/// Every policy of one type with its content (DescribePolicy) and targets
/// (ListTargetsForPolicy): ListPolicies with the type as filter (Organizations API Reference,
/// "ListPolicies").
async fn list_policies(
    client: &aws_sdk_organizations::Client,
    acct: &str,
    policy_type: PolicyType,
    concurrency: usize,
    errors: &mut Vec<CollectionError>,
) -> Fetched<Vec<Policy>> {
    let err = crate::util::record;
    match client
        .list_policies()
        .filter(policy_type.clone())
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Err(e) => Fetched::Error(err(
            collection_error(
                &e,
                acct,
                None,
                SVC,
                "ListPolicies",
                Some(policy_type.as_str()),
            ),
            errors,
        )),
        Ok(pages) => {
            let summaries: Vec<_> = pages.iter().flat_map(|p| p.policies().to_vec()).collect();
            let detailed: Vec<Policy> = futures::stream::iter(summaries)
                .map(|s| {
                    let client = client.clone();
                    async move {
                        let id = s.id().unwrap_or_default().to_string();
                        let content = match client.describe_policy().policy_id(&id).send().await {
                            Ok(out) => match out.policy().and_then(|p| p.content()) {
                                Some(c) => Fetched::Ok(c.to_string()),
                                None => Fetched::Error(CollectionError {
                                    account_id: Some(acct.to_string()),
                                    region: None,
                                    service: SVC.into(),
                                    operation: "DescribePolicy".into(),
                                    code: "EmptyResponse".into(),
                                    message: "the response held no policy content".into(),
                                    subject: Some(id.clone()),
                                }),
                            },
                            Err(e) => Fetched::Error(collection_error(
                                &e,
                                acct,
                                None,
                                SVC,
                                "DescribePolicy",
                                Some(&id),
                            )),
                        };
                        let targets = match client
                            .list_targets_for_policy()
                            .policy_id(&id)
                            .into_paginator()
                            .send()
                            .try_collect()
                            .await
                        {
                            Ok(pages) => Fetched::Ok(
                                pages
                                    .iter()
                                    .flat_map(|p| p.targets())
                                    .map(|t| t.target_id().unwrap_or_default().to_string())
                                    .collect(),
                            ),
                            Err(e) => Fetched::Error(collection_error(
                                &e,
                                acct,
                                None,
                                SVC,
                                "ListTargetsForPolicy",
                                Some(&id),
                            )),
                        };
                        Policy {
                            arn: s.arn().unwrap_or_default().to_string(),
                            name: s.name().unwrap_or_default().to_string(),
                            description: s
                                .description()
                                .filter(|d| !d.is_empty())
                                .map(str::to_string),
                            aws_managed: s.aws_managed(),
                            content,
                            targets,
                            id,
                        }
                    }
                })
                .buffered(concurrency)
                .collect()
                .await;
            for p in &detailed {
                for e in [p.content.error(), p.targets.error()].into_iter().flatten() {
                    err(e.clone(), errors);
                }
            }
            Fetched::Ok(detailed)
        }
    }
}

/// Every account of the organization, each with the parent found walking the tree.
async fn list_accounts(
    client: &aws_sdk_organizations::Client,
    acct: &str,
    parent_of: &HashMap<String, String>,
    errors: &mut Vec<CollectionError>,
) -> Fetched<Vec<Account>> {
    let err = crate::util::record;
    match client
        .list_accounts()
        .into_paginator()
        .send()
        .try_collect()
        .await
    {
        Ok(pages) => Fetched::Ok(
            pages
                .iter()
                .flat_map(|p| p.accounts())
                .map(|a| {
                    let id = a.id().unwrap_or_default().to_string();
                    #[allow(deprecated)]
                    let status = a
                        .status()
                        .map(|s| s.as_str().to_string())
                        .or_else(|| a.state().map(|s| s.as_str().to_string()))
                        .unwrap_or_else(|| "UNKNOWN".into());
                    Account {
                        parent_id: parent_of.get(&id).cloned(),
                        arn: a.arn().unwrap_or_default().to_string(),
                        name: a.name().unwrap_or_default().to_string(),
                        email: a.email().unwrap_or_default().to_string(),
                        status,
                        id,
                    }
                })
                .collect::<Vec<_>>(),
        ),
        Err(e) => Fetched::Error(err(
            collection_error(&e, acct, None, SVC, "ListAccounts", None),
            errors,
        )),
    }
}

fn unreachable_error(acct: &str) -> CollectionError {
    CollectionError {
        account_id: Some(acct.to_string()),
        region: None,
        service: SVC.into(),
        operation: "DescribeOrganization".into(),
        code: "Unavailable".into(),
        message: "the organization could not be described".into(),
        subject: None,
    }
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
