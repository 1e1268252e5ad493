//! AWS Organizations: the organization, its roots, OU tree, accounts and SCPs.

use crate::{CollectionError, Fetched};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The id AWS gives the managed policy attached everywhere when SCPs are enabled.
pub const FULL_AWS_ACCESS_ID: &str = "p-FullAWSAccess";

/// The id AWS gives the managed RCP attached everywhere when RCPs are enabled
/// (AWS Organizations User Guide, "RCPFullAWSAccess").
pub const RCP_FULL_AWS_ACCESS_ID: &str = "p-RCPFullAWSAccess";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OrgSnapshot {
    pub info: Fetched<OrgInfo>,
    pub roots: Fetched<Vec<Root>>,
    /// Every OU found walking the tree from the roots. Subtrees that could not be listed are
    /// in `tree_errors`; accounts under them have `parent_id: None`.
    pub organizational_units: Vec<OrganizationalUnit>,
    #[serde(default)]
    pub tree_errors: Vec<CollectionError>,
    pub accounts: Fetched<Vec<Account>>,
    /// Service control policies, with content and targets.
    pub policies: Fetched<Vec<Policy>>,
    /// Resource control policies, with content and targets (`RCPFullAWSAccess` included).
    /// Snapshots written before orgaudit read RCPs hold an error saying so.
    #[serde(default = "rcps_not_collected")]
    pub rcps: Fetched<Vec<Policy>>,
    /// Service principals with trusted access to the organization
    /// (ListAWSServiceAccessForOrganization), e.g. `sso.amazonaws.com`.
    #[serde(default = "service_access_not_collected")]
    pub service_access: Fetched<Vec<String>>,
    /// Delegated administrator accounts per service principal (ListDelegatedAdministrators
    /// with `ServicePrincipal`), for the services orgaudit reads from one: `sso.amazonaws.com`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub delegated_administrators: BTreeMap<String, Fetched<Vec<String>>>,
}

fn service_access_not_collected() -> Fetched<Vec<String>> {
    Fetched::Error(CollectionError {
        account_id: None,
        region: None,
        service: "Organizations".into(),
        operation: "ListAWSServiceAccessForOrganization".into(),
        code: "NotCollected".into(),
        message: "this snapshot was written by a version of orgaudit that did not read the organization's trusted services".into(),
        subject: None,
    })
}

fn rcps_not_collected() -> Fetched<Vec<Policy>> {
    Fetched::Error(CollectionError {
        account_id: None,
        region: None,
        service: "Organizations".into(),
        operation: "ListPolicies".into(),
        code: "NotCollected".into(),
        message: "this snapshot was written by a version of orgaudit that did not read resource control policies".into(),
        subject: Some("RESOURCE_CONTROL_POLICY".into()),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrgInfo {
    pub id: String,
    pub arn: String,
    /// `ALL` or `CONSOLIDATED_BILLING`.
    pub feature_set: String,
    pub management_account_id: String,
    pub management_account_email: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Root {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub policy_types: Vec<PolicyTypeStatus>,
}

impl Root {
    /// Status of a policy type on this root (`ENABLED`, `PENDING_ENABLE`, …), if listed.
    pub fn policy_status(&self, policy_type: &str) -> Option<&str> {
        self.policy_types
            .iter()
            .find(|p| p.policy_type == policy_type)
            .map(|p| p.status.as_str())
    }

    /// Status of the SCP policy type on this root (`ENABLED`, `PENDING_ENABLE`, …), if listed.
    pub fn scp_status(&self) -> Option<&str> {
        self.policy_status("SERVICE_CONTROL_POLICY")
    }

    pub fn scp_enabled(&self) -> bool {
        self.scp_status() == Some("ENABLED")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PolicyTypeStatus {
    pub policy_type: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OrganizationalUnit {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// A root id or another OU id.
    pub parent_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub email: String,
    /// `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`.
    pub status: String,
    /// Root or OU directly above the account; `None` when its part of the tree could not be read.
    pub parent_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Policy {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    pub aws_managed: bool,
    /// The policy document exactly as AWS returned it (it may not be valid JSON).
    pub content: Fetched<String>,
    /// Root, OU and account ids the policy is attached to.
    pub targets: Fetched<Vec<String>>,
}

impl Policy {
    pub fn is_full_aws_access(&self) -> bool {
        self.id == FULL_AWS_ACCESS_ID
            || self.id == RCP_FULL_AWS_ACCESS_ID
            || (self.aws_managed
                && (self.name == "FullAWSAccess" || self.name == "RCPFullAWSAccess"))
    }
}

/// One level of an account's SCP chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelKind {
    Root,
    Ou,
    Account,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLevel {
    pub kind: LevelKind,
    pub id: String,
    pub name: String,
}

impl OrgSnapshot {
    pub fn management_account_id(&self) -> Option<&str> {
        self.info.ok().map(|i| i.management_account_id.as_str())
    }

    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.ok()?.iter().find(|a| a.id == id)
    }

    pub fn ou(&self, id: &str) -> Option<&OrganizationalUnit> {
        self.organizational_units.iter().find(|o| o.id == id)
    }

    /// The SCP chain of an account: root → each OU down the path → the account.
    /// `None` when the path cannot be established from what was collected.
    pub fn chain(&self, account_id: &str) -> Option<Vec<ChainLevel>> {
        let account = self.account(account_id)?;
        let roots = self.roots.ok()?;
        let mut levels = vec![ChainLevel {
            kind: LevelKind::Account,
            id: account.id.clone(),
            name: account.name.clone(),
        }];
        let mut parent = account.parent_id.clone()?;
        // Bounded walk: a malformed (cyclic) tree must not hang the run.
        for _ in 0..=self.organizational_units.len() {
            if let Some(root) = roots.iter().find(|r| r.id == parent) {
                levels.push(ChainLevel {
                    kind: LevelKind::Root,
                    id: root.id.clone(),
                    name: root.name.clone(),
                });
                levels.reverse();
                return Some(levels);
            }
            let ou = self.ou(&parent)?;
            levels.push(ChainLevel {
                kind: LevelKind::Ou,
                id: ou.id.clone(),
                name: ou.name.clone(),
            });
            parent = ou.parent_id.clone();
        }
        None
    }

    /// Human path of OU names for an account, e.g. `Root/Workloads/Prod`.
    pub fn ou_path(&self, account_id: &str) -> Option<String> {
        let chain = self.chain(account_id)?;
        Some(
            chain
                .iter()
                .filter(|l| l.kind != LevelKind::Account)
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgSnapshot {
        OrgSnapshot {
            info: Fetched::Ok(OrgInfo {
                id: "o-1".into(),
                arn: "arn:aws:organizations::1:organization/o-1".into(),
                feature_set: "ALL".into(),
                management_account_id: "000000000000".into(),
                management_account_email: None,
            }),
            roots: Fetched::Ok(vec![Root {
                id: "r-1".into(),
                arn: "arn:root".into(),
                name: "Root".into(),
                policy_types: vec![],
            }]),
            organizational_units: vec![
                OrganizationalUnit {
                    id: "ou-a".into(),
                    arn: "arn:ou-a".into(),
                    name: "Workloads".into(),
                    parent_id: "r-1".into(),
                },
                OrganizationalUnit {
                    id: "ou-b".into(),
                    arn: "arn:ou-b".into(),
                    name: "Prod".into(),
                    parent_id: "ou-a".into(),
                },
                // A cycle, as a hostile or corrupted snapshot could hold.
                OrganizationalUnit {
                    id: "ou-x".into(),
                    arn: "arn:ou-x".into(),
                    name: "X".into(),
                    parent_id: "ou-y".into(),
                },
                OrganizationalUnit {
                    id: "ou-y".into(),
                    arn: "arn:ou-y".into(),
                    name: "Y".into(),
                    parent_id: "ou-x".into(),
                },
            ],
            tree_errors: vec![],
            accounts: Fetched::Ok(vec![
                acct("111111111111", Some("ou-b")),
                acct("222222222222", None),
                acct("333333333333", Some("ou-x")),
            ]),
            policies: Fetched::Ok(vec![]),
            rcps: Fetched::Ok(vec![]),
            service_access: Fetched::Ok(vec!["sso.amazonaws.com".into()]),
            delegated_administrators: Default::default(),
        }
    }

    fn acct(id: &str, parent: Option<&str>) -> Account {
        Account {
            id: id.into(),
            arn: format!("arn:aws:organizations::0:account/o-1/{id}"),
            name: format!("acct-{id}"),
            email: "x@example.com".into(),
            status: "ACTIVE".into(),
            parent_id: parent.map(Into::into),
        }
    }

    #[test]
    fn chain_runs_root_to_account() {
        let chain = org().chain("111111111111").unwrap();
        let ids: Vec<_> = chain.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, ["r-1", "ou-a", "ou-b", "111111111111"]);
        assert_eq!(
            org().ou_path("111111111111").unwrap(),
            "Root/Workloads/Prod"
        );
    }

    #[test]
    fn unknown_parent_or_cycle_gives_no_chain() {
        assert!(org().chain("222222222222").is_none());
        assert!(org().chain("333333333333").is_none());
        assert!(org().chain("999999999999").is_none());
    }
}
