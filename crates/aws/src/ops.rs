//! Every AWS operation orgaudit calls, as typed constants: the SDK's naming (what the guards
//! check, and what a [`CollectionError`](../../orgaudit_model/struct.CollectionError.html)
//! records) and the IAM action that authorises it, as the Service Authorization Reference
//! lists it. The read-only guard's allow-list is [`READ`], the generated IAM policies are
//! derived from it, and the collectors name the operation they report on with the same
//! constant: the three cannot disagree.

/// One AWS API operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Op {
    /// The SDK's service name (`Metadata::service()`), e.g. `S3 Control`.
    pub service: &'static str,
    /// The operation name (`Metadata::name()`), e.g. `GetPublicAccessBlock`.
    pub name: &'static str,
    /// The IAM action it needs; `None` for the one call IAM does not authorise
    /// (sts:GetCallerIdentity: "No permissions are required", STS API reference).
    pub action: Option<&'static str>,
}

impl Op {
    const fn new(service: &'static str, name: &'static str, action: &'static str) -> Op {
        Op {
            service,
            name,
            action: Some(action),
        }
    }

    /// Whether an SDK operation (service, name) is this one. Services compare without case
    /// (the SDK's metadata and its docs spell them differently); operations exactly.
    pub fn is(&self, service: &str, name: &str) -> bool {
        self.service.eq_ignore_ascii_case(service) && self.name == name
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.service, self.name)
    }
}

/// AWS Security Token Service.
pub mod sts {
    use super::Op;
    const S: &str = "STS";
    pub const GET_CALLER_IDENTITY: Op = Op {
        service: S,
        name: "GetCallerIdentity",
        action: None,
    };
    pub const ASSUME_ROLE: Op = Op::new(S, "AssumeRole", "sts:AssumeRole");
}

/// AWS Organizations (actions: "Actions defined by AWS Organizations").
pub mod organizations {
    use super::Op;
    const S: &str = "Organizations";
    pub const DESCRIBE_ORGANIZATION: Op = Op::new(
        S,
        "DescribeOrganization",
        "organizations:DescribeOrganization",
    );
    pub const LIST_ROOTS: Op = Op::new(S, "ListRoots", "organizations:ListRoots");
    pub const LIST_ORGANIZATIONAL_UNITS_FOR_PARENT: Op = Op::new(
        S,
        "ListOrganizationalUnitsForParent",
        "organizations:ListOrganizationalUnitsForParent",
    );
    pub const LIST_ACCOUNTS_FOR_PARENT: Op = Op::new(
        S,
        "ListAccountsForParent",
        "organizations:ListAccountsForParent",
    );
    pub const LIST_ACCOUNTS: Op = Op::new(S, "ListAccounts", "organizations:ListAccounts");
    pub const LIST_POLICIES: Op = Op::new(S, "ListPolicies", "organizations:ListPolicies");
    pub const DESCRIBE_POLICY: Op = Op::new(S, "DescribePolicy", "organizations:DescribePolicy");
    pub const LIST_TARGETS_FOR_POLICY: Op = Op::new(
        S,
        "ListTargetsForPolicy",
        "organizations:ListTargetsForPolicy",
    );
    pub const LIST_AWS_SERVICE_ACCESS_FOR_ORGANIZATION: Op = Op::new(
        S,
        "ListAWSServiceAccessForOrganization",
        "organizations:ListAWSServiceAccessForOrganization",
    );
    pub const LIST_DELEGATED_ADMINISTRATORS: Op = Op::new(
        S,
        "ListDelegatedAdministrators",
        "organizations:ListDelegatedAdministrators",
    );
}

/// AWS Identity and Access Management ("Actions defined by AWS Identity and Access
/// Management (IAM)"): the documents of the managed policies permission sets name.
pub mod iam {
    use super::Op;
    const S: &str = "IAM";
    pub const GET_POLICY: Op = Op::new(S, "GetPolicy", "iam:GetPolicy");
    pub const GET_POLICY_VERSION: Op = Op::new(S, "GetPolicyVersion", "iam:GetPolicyVersion");
}

/// AWS Account Management ("Actions defined by AWS Account Management").
pub mod account {
    use super::Op;
    const S: &str = "Account";
    /// The regions of an account and their opt-in status (Account Management API
    /// Reference, "ListRegions"); with `AccountId` from the management account for members.
    pub const LIST_REGIONS: Op = Op::new(S, "ListRegions", "account:ListRegions");
}

/// Amazon S3 (bucket operations). Several operations are authorised by an action of another
/// name ("Actions defined by Amazon S3": ListBuckets → s3:ListAllMyBuckets, and so on).
pub mod s3 {
    use super::Op;
    const S: &str = "S3";
    pub const LIST_BUCKETS: Op = Op::new(S, "ListBuckets", "s3:ListAllMyBuckets");
    pub const GET_BUCKET_LOCATION: Op = Op::new(S, "GetBucketLocation", "s3:GetBucketLocation");
    pub const GET_BUCKET_VERSIONING: Op =
        Op::new(S, "GetBucketVersioning", "s3:GetBucketVersioning");
    pub const GET_BUCKET_ENCRYPTION: Op =
        Op::new(S, "GetBucketEncryption", "s3:GetEncryptionConfiguration");
    pub const GET_BUCKET_LOGGING: Op = Op::new(S, "GetBucketLogging", "s3:GetBucketLogging");
    pub const GET_PUBLIC_ACCESS_BLOCK: Op =
        Op::new(S, "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock");
    pub const GET_BUCKET_POLICY: Op = Op::new(S, "GetBucketPolicy", "s3:GetBucketPolicy");
    pub const GET_BUCKET_POLICY_STATUS: Op =
        Op::new(S, "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus");
    pub const GET_BUCKET_OWNERSHIP_CONTROLS: Op = Op::new(
        S,
        "GetBucketOwnershipControls",
        "s3:GetBucketOwnershipControls",
    );
    pub const GET_BUCKET_ACL: Op = Op::new(S, "GetBucketAcl", "s3:GetBucketAcl");
    pub const GET_BUCKET_LIFECYCLE_CONFIGURATION: Op = Op::new(
        S,
        "GetBucketLifecycleConfiguration",
        "s3:GetLifecycleConfiguration",
    );
    pub const GET_BUCKET_WEBSITE: Op = Op::new(S, "GetBucketWebsite", "s3:GetBucketWebsite");
    /// The report uploader's only operation (behind [`crate::UploadGuard`]).
    pub const PUT_OBJECT: Op = Op::new(S, "PutObject", "s3:PutObject");
}

/// Amazon S3 Control (account-level settings).
pub mod s3control {
    use super::Op;
    const S: &str = "S3 Control";
    pub const GET_PUBLIC_ACCESS_BLOCK: Op =
        Op::new(S, "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock");
    pub const LIST_ACCESS_POINTS: Op = Op::new(S, "ListAccessPoints", "s3:ListAccessPoints");
    pub const GET_ACCESS_POINT: Op = Op::new(S, "GetAccessPoint", "s3:GetAccessPoint");
    pub const GET_ACCESS_POINT_POLICY: Op =
        Op::new(S, "GetAccessPointPolicy", "s3:GetAccessPointPolicy");
}

/// AWS CloudTrail.
pub mod cloudtrail {
    use super::Op;
    const S: &str = "CloudTrail";
    pub const DESCRIBE_TRAILS: Op = Op::new(S, "DescribeTrails", "cloudtrail:DescribeTrails");
    pub const GET_TRAIL_STATUS: Op = Op::new(S, "GetTrailStatus", "cloudtrail:GetTrailStatus");
    pub const GET_EVENT_SELECTORS: Op =
        Op::new(S, "GetEventSelectors", "cloudtrail:GetEventSelectors");
    /// CloudTrail Lake: the account's event data stores in a region (ARN and name only).
    pub const LIST_EVENT_DATA_STORES: Op =
        Op::new(S, "ListEventDataStores", "cloudtrail:ListEventDataStores");
    /// CloudTrail Lake: one store's status, flags and advanced selectors.
    pub const GET_EVENT_DATA_STORE: Op =
        Op::new(S, "GetEventDataStore", "cloudtrail:GetEventDataStore");
}

/// IAM Identity Center administration (IAM prefix `sso`).
pub mod sso_admin {
    use super::Op;
    const S: &str = "SSO Admin";
    pub const LIST_INSTANCES: Op = Op::new(S, "ListInstances", "sso:ListInstances");
    pub const LIST_PERMISSION_SETS: Op = Op::new(S, "ListPermissionSets", "sso:ListPermissionSets");
    pub const DESCRIBE_PERMISSION_SET: Op =
        Op::new(S, "DescribePermissionSet", "sso:DescribePermissionSet");
    pub const GET_INLINE_POLICY_FOR_PERMISSION_SET: Op = Op::new(
        S,
        "GetInlinePolicyForPermissionSet",
        "sso:GetInlinePolicyForPermissionSet",
    );
    pub const LIST_MANAGED_POLICIES_IN_PERMISSION_SET: Op = Op::new(
        S,
        "ListManagedPoliciesInPermissionSet",
        "sso:ListManagedPoliciesInPermissionSet",
    );
    pub const LIST_CUSTOMER_MANAGED_POLICY_REFERENCES_IN_PERMISSION_SET: Op = Op::new(
        S,
        "ListCustomerManagedPolicyReferencesInPermissionSet",
        "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
    );
    pub const GET_PERMISSIONS_BOUNDARY_FOR_PERMISSION_SET: Op = Op::new(
        S,
        "GetPermissionsBoundaryForPermissionSet",
        "sso:GetPermissionsBoundaryForPermissionSet",
    );
    pub const LIST_ACCOUNTS_FOR_PROVISIONED_PERMISSION_SET: Op = Op::new(
        S,
        "ListAccountsForProvisionedPermissionSet",
        "sso:ListAccountsForProvisionedPermissionSet",
    );
    pub const LIST_ACCOUNT_ASSIGNMENTS_FOR_PRINCIPAL: Op = Op::new(
        S,
        "ListAccountAssignmentsForPrincipal",
        "sso:ListAccountAssignmentsForPrincipal",
    );
}

/// The Identity Center identity store.
pub mod identitystore {
    use super::Op;
    const S: &str = "identitystore";
    pub const LIST_USERS: Op = Op::new(S, "ListUsers", "identitystore:ListUsers");
    pub const LIST_GROUPS: Op = Op::new(S, "ListGroups", "identitystore:ListGroups");
    pub const LIST_GROUP_MEMBERSHIPS: Op = Op::new(
        S,
        "ListGroupMemberships",
        "identitystore:ListGroupMemberships",
    );
}

/// Every operation the audit may call: the read-only guard's allow-list. Read operations
/// only, plus STS AssumeRole and GetCallerIdentity, which change nothing in the account.
pub const READ: &[Op] = &[
    sts::GET_CALLER_IDENTITY,
    sts::ASSUME_ROLE,
    organizations::DESCRIBE_ORGANIZATION,
    organizations::LIST_ROOTS,
    organizations::LIST_ORGANIZATIONAL_UNITS_FOR_PARENT,
    organizations::LIST_ACCOUNTS_FOR_PARENT,
    organizations::LIST_ACCOUNTS,
    organizations::LIST_POLICIES,
    organizations::DESCRIBE_POLICY,
    organizations::LIST_TARGETS_FOR_POLICY,
    organizations::LIST_AWS_SERVICE_ACCESS_FOR_ORGANIZATION,
    organizations::LIST_DELEGATED_ADMINISTRATORS,
    account::LIST_REGIONS,
    iam::GET_POLICY,
    iam::GET_POLICY_VERSION,
    s3::LIST_BUCKETS,
    s3::GET_BUCKET_LOCATION,
    s3::GET_BUCKET_VERSIONING,
    s3::GET_BUCKET_ENCRYPTION,
    s3::GET_BUCKET_LOGGING,
    s3::GET_PUBLIC_ACCESS_BLOCK,
    s3::GET_BUCKET_POLICY,
    s3::GET_BUCKET_POLICY_STATUS,
    s3::GET_BUCKET_OWNERSHIP_CONTROLS,
    s3::GET_BUCKET_ACL,
    s3::GET_BUCKET_LIFECYCLE_CONFIGURATION,
    s3::GET_BUCKET_WEBSITE,
    s3control::GET_PUBLIC_ACCESS_BLOCK,
    s3control::LIST_ACCESS_POINTS,
    s3control::GET_ACCESS_POINT,
    s3control::GET_ACCESS_POINT_POLICY,
    cloudtrail::DESCRIBE_TRAILS,
    cloudtrail::GET_TRAIL_STATUS,
    cloudtrail::GET_EVENT_SELECTORS,
    cloudtrail::LIST_EVENT_DATA_STORES,
    cloudtrail::GET_EVENT_DATA_STORE,
    sso_admin::LIST_INSTANCES,
    sso_admin::LIST_PERMISSION_SETS,
    sso_admin::DESCRIBE_PERMISSION_SET,
    sso_admin::GET_INLINE_POLICY_FOR_PERMISSION_SET,
    sso_admin::LIST_MANAGED_POLICIES_IN_PERMISSION_SET,
    sso_admin::LIST_CUSTOMER_MANAGED_POLICY_REFERENCES_IN_PERMISSION_SET,
    sso_admin::GET_PERMISSIONS_BOUNDARY_FOR_PERMISSION_SET,
    sso_admin::LIST_ACCOUNTS_FOR_PROVISIONED_PERMISSION_SET,
    sso_admin::LIST_ACCOUNT_ASSIGNMENTS_FOR_PRINCIPAL,
    identitystore::LIST_USERS,
    identitystore::LIST_GROUPS,
    identitystore::LIST_GROUP_MEMBERSHIPS,
];

/// The only operations the report uploader's client may call.
pub const UPLOAD: &[Op] = &[s3::PUT_OBJECT];

/// AWS Security Hub: the opt-in `--security-hub` import only.
pub mod securityhub {
    use super::Op;
    const S: &str = "SecurityHub";
    /// Security Hub API Reference, "BatchImportFindings"; Service Authorization Reference,
    /// "Actions defined by AWS Security Hub": `securityhub:BatchImportFindings` (Write, on the
    /// `product` resource).
    pub const BATCH_IMPORT_FINDINGS: Op =
        Op::new(S, "BatchImportFindings", "securityhub:BatchImportFindings");
}

/// The only operations the Security Hub importer's client may call.
pub const IMPORT: &[Op] = &[securityhub::BATCH_IMPORT_FINDINGS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_operation_is_listed_twice() {
        let mut seen = std::collections::BTreeSet::new();
        for op in READ {
            assert!(seen.insert((op.service, op.name)), "{op} twice");
        }
    }

    /// Service Authorization Reference: each service's actions carry its own prefix
    /// (Amazon S3 and S3 Control share `s3`; IAM Identity Center's is `sso`).
    #[test]
    fn actions_carry_their_service_prefix() {
        for op in READ.iter().chain(UPLOAD).chain(IMPORT) {
            let Some(action) = op.action else {
                assert_eq!(*op, sts::GET_CALLER_IDENTITY);
                continue;
            };
            let prefix = match op.service {
                "STS" => "sts",
                "Organizations" => "organizations",
                "Account" => "account",
                "IAM" => "iam",
                "S3" | "S3 Control" => "s3",
                "CloudTrail" => "cloudtrail",
                "SSO Admin" => "sso",
                "identitystore" => "identitystore",
                "SecurityHub" => "securityhub",
                other => panic!("{other} has no known IAM prefix"),
            };
            assert_eq!(action.split_once(':').map(|(p, _)| p), Some(prefix), "{op}");
            assert!(!action.contains(['*', '?']), "{op}: {action}");
        }
    }
}
