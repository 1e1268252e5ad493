//! IAM Identity Center: instances, permission sets (with everything attached), account
//! assignments, and the identity store's users, groups and memberships.

use crate::{CollectionError, Fetched};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SsoSnapshot {
    /// The instances found, in `region`: the first of `searched` that has one.
    pub instances: Fetched<Vec<SsoInstance>>,
    /// Where the instances were found (and the rest of Identity Center read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The regions asked for instances, in order (`--sso-region`, else the home region, then
    /// the other audited regions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub searched: Vec<String>,
    /// The account whose session read Identity Center: the caller's, or Identity Center's
    /// delegated administrator (`--sso-role`, or the audit role there when the caller can
    /// not administer Identity Center).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_from: Option<String>,
    pub permission_sets: Vec<PermissionSet>,
    /// ListPermissionSets failures: the instance's sets are then not all known, and every
    /// rule over permission sets says `unknown` for what it cannot see.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permission_set_errors: Vec<CollectionError>,
    pub assignments: Vec<Assignment>,
    /// Principals whose assignments could not be listed (their assignments are unknown).
    #[serde(default)]
    pub assignment_errors: Vec<CollectionError>,
    pub users: Fetched<Vec<User>>,
    pub groups: Fetched<Vec<Group>>,
    pub memberships: Fetched<Vec<Membership>>,
    /// The default version's document of each AWS managed policy the permission sets attach
    /// or use as boundary, by ARN, read once per run (IAM GetPolicy, GetPolicyVersion).
    /// Empty in snapshots written before orgaudit read them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub managed_documents: BTreeMap<String, Fetched<String>>,
    /// The documents of the customer-managed policies (and boundaries) the permission sets
    /// reference, by account and `path + name`: Identity Center resolves a reference in each
    /// account the set is provisioned to, so the same name can say different things per
    /// account (IAM Identity Center User Guide, "Customer managed policies").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub customer_documents: BTreeMap<String, BTreeMap<String, Fetched<String>>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SsoInstance {
    pub arn: String,
    pub identity_store_id: String,
    pub owner_account_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PermissionSet {
    pub arn: String,
    pub instance_arn: String,
    pub name: String,
    pub description: Option<String>,
    /// ISO 8601 duration, e.g. `PT8H`.
    pub session_duration: Option<String>,
    /// DescribePermissionSet failed: the name (then the ARN's last part), description and
    /// session duration are not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub describe_error: Option<CollectionError>,
    pub inline_policy: Fetched<Option<String>>,
    /// AWS managed policy ARNs.
    pub managed_policies: Fetched<Vec<String>>,
    /// Customer-managed policy references, `path + name`.
    pub customer_managed: Fetched<Vec<String>>,
    pub boundary: Fetched<Option<BoundaryRef>>,
    /// Accounts where the latest version is not provisioned.
    pub outdated_accounts: Fetched<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BoundaryRef {
    pub managed_policy_arn: Option<String>,
    /// `path + name` of a customer-managed policy used as boundary.
    pub customer_managed: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Assignment {
    pub account_id: String,
    pub permission_set_arn: String,
    /// `USER` or `GROUP`.
    pub principal_type: String,
    pub principal_id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub user_name: String,
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub display_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Membership {
    pub group_id: String,
    pub user_id: String,
}

impl SsoSnapshot {
    /// Session duration in seconds, from the ISO 8601 duration (`PT1H30M`, `PT12H`…).
    pub fn duration_seconds(iso: &str) -> Option<u64> {
        let rest = iso.strip_prefix("PT")?;
        let (mut total, mut num) = (0u64, String::new());
        for c in rest.chars() {
            if c.is_ascii_digit() {
                num.push(c);
            } else {
                let n: u64 = num.parse().ok()?;
                num.clear();
                let unit = match c {
                    'H' => 3600,
                    'M' => 60,
                    'S' => 1,
                    _ => return None,
                };
                // A duration too large for 64 bits is not a duration (no wrap, no panic).
                total = total.checked_add(n.checked_mul(unit)?)?;
            }
        }
        num.is_empty().then_some(total)
    }
}

#[cfg(test)]
mod tests {
    use super::SsoSnapshot;

    #[test]
    fn durations() {
        assert_eq!(SsoSnapshot::duration_seconds("PT1H"), Some(3600));
        assert_eq!(SsoSnapshot::duration_seconds("PT1H30M"), Some(5400));
        assert_eq!(SsoSnapshot::duration_seconds("PT12H"), Some(43200));
        assert_eq!(SsoSnapshot::duration_seconds("P1D"), None);
        assert_eq!(SsoSnapshot::duration_seconds("PT5"), None);
        assert_eq!(SsoSnapshot::duration_seconds("PT9999999999999999H"), None);
        assert_eq!(
            SsoSnapshot::duration_seconds("PT99999999999999999999S"),
            None
        );
    }
}
