//! Which accounts a run audits (`--accounts`, `--excluded-accounts`, `--ous`). An account left
//! out is `Skipped` with the reason: it is counted as not audited on purpose, never read and
//! never passed. A selector that names nothing in the organization is an error that says what
//! exists, before any account is read: a typo must not silently audit nothing.

use orgaudit_model::{LevelKind, OrgSnapshot};

/// The accounts to audit. Empty lists select every account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountSelection {
    /// Only these account ids.
    pub accounts: Vec<String>,
    /// Never these account ids.
    pub excluded: Vec<String>,
    /// Only accounts under these OUs (an OU id, `ou-…` or `r-…`, or a path of OU names such as
    /// `Root/Workloads/Prod` or `Workloads/Prod`), at any depth.
    pub ous: Vec<String>,
}

impl AccountSelection {
    pub fn is_all(&self) -> bool {
        self.accounts.is_empty() && self.excluded.is_empty() && self.ous.is_empty()
    }

    /// Does an OU selector name this account's OU or one above it?
    fn under(org: &OrgSnapshot, account: &str, selector: &str) -> bool {
        let Some(chain) = org.chain(account) else {
            return false;
        };
        let ous: Vec<_> = chain
            .iter()
            .filter(|l| l.kind != LevelKind::Account)
            .collect();
        if ous.iter().any(|l| l.id == selector) {
            return true;
        }
        let wanted: Vec<&str> = selector.trim_matches('/').split('/').collect();
        let names: Vec<&str> = ous.iter().map(|l| l.name.as_str()).collect();
        // With or without the root's name in front.
        names.starts_with(&wanted) || names.get(1..).is_some_and(|n| n.starts_with(&wanted))
    }

    /// Why an account is left out, or `None` when it is audited.
    pub fn excludes(&self, org: &OrgSnapshot, account: &str) -> Option<String> {
        if self.excluded.iter().any(|a| a == account) {
            return Some("excluded with --excluded-accounts".into());
        }
        if !self.accounts.is_empty() && !self.accounts.iter().any(|a| a == account) {
            return Some("not selected by --accounts".into());
        }
        if !self.ous.is_empty() && !self.ous.iter().any(|o| Self::under(org, account, o)) {
            return Some("not under the OUs selected by --ous".into());
        }
        None
    }

    /// Every selector must name something in the organization.
    pub fn check(&self, org: &OrgSnapshot) -> Result<(), String> {
        let Some(accounts) = org.accounts.ok() else {
            return Ok(()); // The account list itself is unknown: said elsewhere.
        };
        let known = |id: &str| accounts.iter().any(|a| a.id == id);
        for id in self.accounts.iter().chain(&self.excluded) {
            if !known(id) {
                return Err(format!(
                    "account {id} is not in the organization ({} accounts: {})",
                    accounts.len(),
                    accounts
                        .iter()
                        .take(10)
                        .map(|a| format!("{} {}", a.id, a.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        for ou in &self.ous {
            if !accounts.iter().any(|a| Self::under(org, &a.id, ou)) {
                let mut paths: Vec<String> =
                    accounts.iter().filter_map(|a| org.ou_path(&a.id)).collect();
                paths.sort();
                paths.dedup();
                return Err(format!(
                    "--ous {ou}: no account of the organization is under it (OU paths: {})",
                    paths.join(", ")
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orgaudit_model::Fetched;
    use orgaudit_model::{Account, OrgInfo, OrganizationalUnit, Root};

    fn org() -> OrgSnapshot {
        let account = |id: &str, name: &str, parent: &str| Account {
            id: id.into(),
            arn: format!("arn:aws:organizations::333333333333:account/o-1/{id}"),
            name: name.into(),
            email: format!("{name}@example.com"),
            status: "ACTIVE".into(),
            parent_id: Some(parent.into()),
        };
        let ou = |id: &str, name: &str, parent: &str| OrganizationalUnit {
            id: id.into(),
            arn: format!("arn:{id}"),
            name: name.into(),
            parent_id: parent.into(),
        };
        OrgSnapshot {
            info: Fetched::Ok(OrgInfo {
                id: "o-1".into(),
                arn: "arn:aws:organizations::333333333333:organization/o-1".into(),
                feature_set: "ALL".into(),
                management_account_id: "333333333333".into(),
                management_account_email: None,
            }),
            roots: Fetched::Ok(vec![Root {
                id: "r-1".into(),
                arn: "arn:root".into(),
                name: "Root".into(),
                policy_types: vec![],
            }]),
            organizational_units: vec![
                ou("ou-w", "Workloads", "r-1"),
                ou("ou-p", "Prod", "ou-w"),
                ou("ou-s", "Sandbox", "r-1"),
            ],
            tree_errors: vec![],
            accounts: Fetched::Ok(vec![
                account("111111111111", "prod-app", "ou-p"),
                account("222222222222", "sandbox", "ou-s"),
                account("333333333333", "management", "r-1"),
            ]),
            policies: Fetched::Ok(vec![]),
            rcps: Fetched::Ok(vec![]),
            service_access: Fetched::Ok(vec![]),
            delegated_administrators: Default::default(),
        }
    }

    #[test]
    fn ous_select_by_id_or_path_at_any_depth() {
        let o = org();
        let by = |ous: &[&str]| AccountSelection {
            ous: ous.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        };
        for sel in [
            by(&["ou-w"]),
            by(&["Workloads"]),
            by(&["Root/Workloads/Prod"]),
        ] {
            assert_eq!(sel.excludes(&o, "111111111111"), None, "{sel:?}");
            assert!(sel.excludes(&o, "222222222222").is_some(), "{sel:?}");
            assert!(sel.check(&o).is_ok());
        }
        // `Prod` alone is not a path from the root.
        assert!(by(&["Prod"])
            .check(&o)
            .unwrap_err()
            .contains("Root/Workloads/Prod"));
        assert_eq!(by(&["r-1"]).excludes(&o, "333333333333"), None);
    }

    #[test]
    fn accounts_and_exclusions_and_typos() {
        let o = org();
        let sel = AccountSelection {
            accounts: vec!["111111111111".into(), "222222222222".into()],
            excluded: vec!["222222222222".into()],
            ..Default::default()
        };
        assert_eq!(sel.excludes(&o, "111111111111"), None);
        assert!(sel
            .excludes(&o, "222222222222")
            .unwrap()
            .contains("--excluded"));
        assert!(sel
            .excludes(&o, "333333333333")
            .unwrap()
            .contains("--accounts"));
        let typo = AccountSelection {
            accounts: vec!["11111111111".into()],
            ..Default::default()
        };
        assert!(typo
            .check(&o)
            .unwrap_err()
            .contains("not in the organization"));
    }
}
