//! Buckets for the S3 rule tests: `good()` satisfies every practice; tests break one thing.

use crate::org::testorg;
use orgaudit_model::s3::*;
use orgaudit_model::{AccountAccess, CollectionError, Fetched, Snapshot};

pub const ACCOUNT: &str = "111111111111";

pub fn denied(op: &str) -> CollectionError {
    CollectionError {
        account_id: Some(ACCOUNT.into()),
        region: Some("us-east-1".into()),
        service: "S3".into(),
        operation: op.into(),
        code: "AccessDenied".into(),
        message: "Access Denied".into(),
        subject: None,
    }
}

pub fn tls_policy(name: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"TlsOnly","Effect":"Deny","Principal":"*","Action":"s3:*",
        "Resource":["arn:aws:s3:::{name}","arn:aws:s3:::{name}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
    )
}

pub fn good(name: &str) -> Bucket {
    Bucket {
        name: name.into(),
        arn: format!("arn:aws:s3:::{name}"),
        account_id: ACCOUNT.into(),
        region: Fetched::Ok("us-east-1".into()),
        versioning: Fetched::Ok(Versioning {
            status: Some("Enabled".into()),
            mfa_delete: None,
        }),
        encryption: Fetched::Ok(Some(vec![EncryptionRule {
            algorithm: "aws:kms".into(),
            kms_key_id: Some("arn:aws:kms:us-east-1:111111111111:key/k".into()),
            bucket_key_enabled: Some(true),
        }])),
        logging: Fetched::Ok(Some(Logging {
            target_bucket: "logs".into(),
            target_prefix: format!("{name}/"),
        })),
        public_access_block: Fetched::Ok(Some(PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            block_public_policy: true,
            restrict_public_buckets: true,
        })),
        policy: Fetched::Ok(Some(tls_policy(name))),
        policy_is_public: Fetched::Ok(Some(false)),
        ownership: Fetched::Ok(Some("BucketOwnerEnforced".into())),
        acl: None,
        lifecycle: Some(Fetched::Ok(Some(vec![LifecycleRule {
            id: Some("keep-3".into()),
            status: "Enabled".into(),
            noncurrent_expiration_days: Some(30),
            newer_noncurrent_versions: Some(3),
            filter: None,
        }]))),
        website: Fetched::Ok(None),
    }
}

/// The ORG test organization plus one S3 account holding `buckets` and a `logs` bucket.
pub fn snapshot(buckets: Vec<Bucket>) -> Snapshot {
    let mut s = testorg::snapshot();
    let mut all = buckets;
    all.push(good("logs"));
    s.account_access.insert(
        ACCOUNT.into(),
        AccountAccess::Reachable { via: "role".into() },
    );
    s.s3 = vec![S3Account {
        account_id: ACCOUNT.into(),
        public_access_block: Fetched::Ok(None),
        buckets: Fetched::Ok(all),
        access_points: Default::default(),
    }];
    s
}

/// The sample every S3 rule's snapshot test runs on: a bucket that follows every practice, one
/// that follows none (never versioned, no encryption, logging, Block Public Access or policy,
/// ACLs enabled with a public grant, website hosting), one open to everyone by its policy, and
/// one whose every setting was denied.
pub fn sample() -> Snapshot {
    let mut bare = good("bare");
    bare.versioning = Fetched::Ok(Versioning {
        status: None,
        mfa_delete: None,
    });
    bare.encryption = Fetched::Ok(None);
    bare.logging = Fetched::Ok(None);
    bare.public_access_block = Fetched::Ok(None);
    bare.policy = Fetched::Ok(None);
    bare.policy_is_public = Fetched::Ok(None);
    bare.ownership = Fetched::Ok(Some("ObjectWriter".into()));
    bare.acl = Some(Fetched::Ok(Acl {
        owner_id: Some("owner".into()),
        grants: vec![AclGrant {
            grantee_type: "Group".into(),
            uri: Some("http://acs.amazonaws.com/groups/global/AllUsers".into()),
            id: None,
            permission: "READ".into(),
        }],
    }));
    bare.lifecycle = None;
    bare.website = Fetched::Ok(Some(Website {
        index_document: Some("index.html".into()),
        redirect_all_to: None,
    }));
    let mut public = good("public");
    public.public_access_block = Fetched::Ok(Some(PublicAccessBlock::default()));
    public.policy = Fetched::Ok(Some(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"Everyone","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::public/*"}]}"#.into(),
    ));
    public.policy_is_public = Fetched::Ok(Some(true));
    let mut denied_all = good("denied");
    for r in crate::Reads::BUCKET {
        make_unreadable(&mut denied_all, *r);
    }
    denied_all.region = Fetched::Ok("us-east-1".into());
    snapshot(vec![good("good"), bare, public, denied_all])
}

/// The single finding of `rule` for the bucket `name`.
pub fn finding(findings: &[orgaudit_model::Finding], name: &str) -> orgaudit_model::Finding {
    findings
        .iter()
        .find(|f| f.resource_name.as_deref() == Some(name))
        .cloned()
        .unwrap_or_else(|| panic!("no finding for {name} in {findings:#?}"))
}

/// Make one bucket setting unreadable (AccessDenied), and relevant: an unreadable ACL comes
/// with ACLs enabled (ObjectWriter), since with BucketOwnerEnforced no rule needs it.
pub fn make_unreadable(b: &mut Bucket, r: crate::Reads) {
    use crate::Reads::*;
    match r {
        BucketRegion => b.region = Fetched::Error(denied("GetBucketLocation")),
        BucketVersioning => b.versioning = Fetched::Error(denied("GetBucketVersioning")),
        BucketEncryption => b.encryption = Fetched::Error(denied("GetBucketEncryption")),
        BucketLogging => b.logging = Fetched::Error(denied("GetBucketLogging")),
        BucketPublicAccessBlock => {
            b.public_access_block = Fetched::Error(denied("GetPublicAccessBlock"))
        }
        BucketPolicy => b.policy = Fetched::Error(denied("GetBucketPolicy")),
        BucketPolicyStatus => b.policy_is_public = Fetched::Error(denied("GetBucketPolicyStatus")),
        BucketOwnership => b.ownership = Fetched::Error(denied("GetBucketOwnershipControls")),
        BucketAcl => {
            b.ownership = Fetched::Ok(Some("ObjectWriter".into()));
            b.acl = Some(Fetched::Error(denied("GetBucketAcl")));
        }
        BucketLifecycle => {
            b.lifecycle = Some(Fetched::Error(denied("GetBucketLifecycleConfiguration")))
        }
        BucketWebsite => b.website = Fetched::Error(denied("GetBucketWebsite")),
        _ => {}
    }
}
