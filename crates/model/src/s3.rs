//! Amazon S3: per account, the account-level Block Public Access and every bucket's settings.
//!
//! Every setting is a [`Fetched`]: `Ok(None)` is AWS's "not configured" answer
//! (`NoSuchBucketPolicy`, `ServerSideEncryptionConfigurationNotFoundError`, …), which is data;
//! `Error` is a read that failed, which makes the rules that need it say `unknown`.

use crate::Fetched;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct S3Account {
    pub account_id: String,
    /// s3control GetPublicAccessBlock for the account.
    pub public_access_block: Fetched<Option<PublicAccessBlock>>,
    pub buckets: Fetched<Vec<Bucket>>,
    /// The account's access points, per audited region (S3 Control ListAccessPoints lists
    /// those of one region). Empty in snapshots written before orgaudit read them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub access_points: BTreeMap<String, Fetched<Vec<AccessPoint>>>,
}

/// An S3 access point: a named network endpoint with its own policy and Block Public Access,
/// in front of one bucket (S3 User Guide, "Managing access to shared datasets with access
/// points").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessPoint {
    pub name: String,
    pub arn: String,
    /// The access point's own account.
    pub account_id: String,
    pub region: String,
    /// The bucket it serves.
    pub bucket: String,
    /// The bucket's owner, when the answer says (a cross-account access point).
    pub bucket_account_id: Option<String>,
    /// `Internet` or `VPC` (a VPC-only access point cannot be reached from the internet).
    pub network_origin: Option<String>,
    /// The access point's Block Public Access (GetAccessPoint).
    pub public_access_block: Fetched<Option<PublicAccessBlock>>,
    /// The access point policy (GetAccessPointPolicy); `Ok(None)`: none.
    pub policy: Fetched<Option<String>>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub const FLAGS: [&'static str; 4] = [
        "BlockPublicAcls",
        "IgnorePublicAcls",
        "BlockPublicPolicy",
        "RestrictPublicBuckets",
    ];

    pub fn flags(&self) -> [bool; 4] {
        [
            self.block_public_acls,
            self.ignore_public_acls,
            self.block_public_policy,
            self.restrict_public_buckets,
        ]
    }

    pub fn all(&self) -> bool {
        self.flags().iter().all(|f| *f)
    }

    /// Per flag, either setting in force (the effective configuration).
    pub fn or(&self, other: &PublicAccessBlock) -> PublicAccessBlock {
        PublicAccessBlock {
            block_public_acls: self.block_public_acls || other.block_public_acls,
            ignore_public_acls: self.ignore_public_acls || other.ignore_public_acls,
            block_public_policy: self.block_public_policy || other.block_public_policy,
            restrict_public_buckets: self.restrict_public_buckets || other.restrict_public_buckets,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    pub arn: String,
    pub account_id: String,
    /// Where the bucket lives (each bucket is read in its own region).
    pub region: Fetched<String>,
    pub versioning: Fetched<Versioning>,
    pub encryption: Fetched<Option<Vec<EncryptionRule>>>,
    pub logging: Fetched<Option<Logging>>,
    pub public_access_block: Fetched<Option<PublicAccessBlock>>,
    /// The bucket policy document as AWS returned it (may be invalid JSON).
    pub policy: Fetched<Option<String>>,
    /// GetBucketPolicyStatus `IsPublic`; `Ok(None)` when there is no policy (not asked).
    pub policy_is_public: Fetched<Option<bool>>,
    /// Object Ownership (`BucketOwnerEnforced`, `BucketOwnerPreferred`, `ObjectWriter`).
    pub ownership: Fetched<Option<String>>,
    /// The bucket ACL (GetBucketAcl); `None` when not asked: ACLs are disabled
    /// (`BucketOwnerEnforced`: "ACLs no longer affect permissions"), or the snapshot predates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acl: Option<Fetched<Acl>>,
    /// `None` when not asked: a bucket whose versioning was never enabled has no noncurrent
    /// versions, so no practice needs its lifecycle (one API call saved per such bucket).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Fetched<Option<Vec<LifecycleRule>>>>,
    pub website: Fetched<Option<Website>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Versioning {
    /// `Enabled`, `Suspended`, or `None` when versioning was never enabled.
    pub status: Option<String>,
    pub mfa_delete: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EncryptionRule {
    /// `AES256`, `aws:kms`, `aws:kms:dsse`.
    pub algorithm: String,
    pub kms_key_id: Option<String>,
    pub bucket_key_enabled: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Logging {
    pub target_bucket: String,
    pub target_prefix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LifecycleRule {
    pub id: Option<String>,
    /// `Enabled` or `Disabled`.
    pub status: String,
    pub noncurrent_expiration_days: Option<i32>,
    pub newer_noncurrent_versions: Option<i32>,
    /// Which objects the rule applies to, in words (key prefix, tags, object size); `None`
    /// when it applies to every object of the bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

/// A bucket ACL as GetBucketAcl returns it (the ACL S3 enforces).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Acl {
    pub owner_id: Option<String>,
    pub grants: Vec<AclGrant>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AclGrant {
    /// `CanonicalUser`, `Group` or `AmazonCustomerByEmail`.
    pub grantee_type: String,
    /// For groups: `http://acs.amazonaws.com/groups/global/AllUsers`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`, `FULL_CONTROL`.
    pub permission: String,
}

impl AclGrant {
    /// A grant to everyone (`AllUsers`) or to every AWS account (`AuthenticatedUsers`): public
    /// (S3 User Guide, "Blocking public access", "The meaning of 'public'", "ACLs").
    pub fn is_public(&self) -> bool {
        self.uri.as_deref().is_some_and(|u| {
            u.ends_with("/groups/global/AllUsers")
                || u.ends_with("/groups/global/AuthenticatedUsers")
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Website {
    pub index_document: Option<String>,
    pub redirect_all_to: Option<String>,
}
