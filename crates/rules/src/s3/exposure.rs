//! Whether a bucket is public, in the sense of the S3 User Guide ("The meaning of 'public'"):
//! its policy (a grant to everyone not confined by a fixed condition, or AWS's own policy
//! status) and its ACL (AllUsers / AuthenticatedUsers grants, unless ACLs are disabled or
//! IgnorePublicAcls is in force). Shared by S3.6 and CT.7 (the trail's bucket), so both give
//! the same answer for the same bucket.

use super::effective_pab;
use crate::bucket_policy::public_grants;
use crate::msg;
use orgaudit_model::s3::{Bucket, PublicAccessBlock, S3Account};
use orgaudit_model::{Fetched, Message};

/// What makes a bucket public, what could not be read, and the evidence.
#[derive(Debug, Clone)]
pub(crate) struct Exposure {
    /// Each way the bucket is public (messages of `crates/rules/locales`, `exposure-…`).
    pub public: Vec<Message>,
    /// What could not be read or decided.
    pub unknown: Vec<Message>,
    pub evidence: Vec<String>,
    /// The policy makes it public (RestrictPublicBuckets neutralises this part).
    pub by_policy: bool,
    /// The ACL makes it public (IgnorePublicAcls was not in force).
    pub by_acl: bool,
    /// The effective Block Public Access, or why it is not known.
    pub pab: Result<PublicAccessBlock, String>,
}

impl Exposure {
    /// Public now: a public ACL, or a public policy that RestrictPublicBuckets does not
    /// neutralise (S3 User Guide, "Blocking public access to your Amazon S3 storage":
    /// RestrictPublicBuckets limits a public policy's bucket to AWS service principals and
    /// authorized users of the owner's account).
    pub fn in_force(&self) -> bool {
        self.by_acl || (self.by_policy && !self.neutralised())
    }

    /// The public policy is neutralised by RestrictPublicBuckets.
    pub fn neutralised(&self) -> bool {
        self.by_policy && !self.by_acl && self.pab.as_ref().is_ok_and(|p| p.restrict_public_buckets)
    }
}

pub(crate) fn exposure(b: &Bucket, account: &S3Account) -> Exposure {
    let mut x = Exposure {
        public: Vec::new(),
        unknown: Vec::new(),
        evidence: Vec::new(),
        by_policy: false,
        by_acl: false,
        pab: effective_pab(b, account),
    };

    // The bucket policy.
    let aws_says_public = b.policy_is_public.ok().copied().flatten();
    match &b.policy {
        Fetched::Error(e) => x
            .unknown
            .push(msg!("exposure-policy-not-read", error = e.summary())),
        Fetched::Ok(None) => x.evidence.push("no bucket policy".into()),
        Fetched::Ok(Some(text)) => match public_grants(text) {
            Err(e) => {
                if aws_says_public == Some(true) {
                    x.by_policy = true;
                    x.public.push(msg!(
                        "exposure-aws-public-unanalysed",
                        error = e.to_string()
                    ));
                } else {
                    x.unknown
                        .push(msg!("exposure-policy-unanalysable", error = e.to_string()));
                }
            }
            Ok(grants) => {
                for g in &grants {
                    let mut line = format!(
                        "statement {} allows {} to everyone ({})",
                        g.statement, g.actions, g.principal
                    );
                    if g.restricted_by.is_empty() {
                        line.push_str(": public");
                    } else {
                        line.push_str(&format!(", confined by {}", g.restricted_by.join("; ")));
                    }
                    for n in &g.not_confining {
                        line.push_str(&format!("; {n}"));
                    }
                    x.evidence.push(line);
                }
                let open: Vec<&str> = grants
                    .iter()
                    .filter(|g| g.restricted_by.is_empty())
                    .map(|g| g.statement.as_str())
                    .collect();
                if !open.is_empty() {
                    x.by_policy = true;
                    x.public.push(msg!(
                        "exposure-policy-grants",
                        statements = open.join(", "),
                        disputed = if aws_says_public == Some(false) {
                            "yes"
                        } else {
                            "no"
                        },
                    ));
                } else if aws_says_public == Some(true) {
                    x.by_policy = true;
                    x.public.push(msg!("exposure-aws-public"));
                }
            }
        },
    }
    if let Some(p) = aws_says_public {
        x.evidence.push(format!("AWS policy status: IsPublic={p}"));
    }

    // The ACL (S3 User Guide, "The meaning of 'public'", "ACLs"): disabled with
    // BucketOwnerEnforced; a public grant counts unless IgnorePublicAcls is in force.
    match (&b.ownership, &b.acl) {
        (Fetched::Ok(Some(o)), _) if o == "BucketOwnerEnforced" => {
            x.evidence
                .push("ACLs are disabled (BucketOwnerEnforced)".into());
        }
        (_, None) => x.unknown.push(msg!("exposure-acl-not-collected")),
        (_, Some(Fetched::Error(e))) => x
            .unknown
            .push(msg!("exposure-acl-not-read", error = e.summary())),
        (_, Some(Fetched::Ok(acl))) => {
            let grants: Vec<Message> = acl
                .grants
                .iter()
                .filter(|g| g.is_public())
                .map(|g| {
                    msg!(
                        "acl-grant",
                        permission = &g.permission,
                        grantee = g.uri.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            let english = |g: &[Message]| {
                g.iter()
                    .map(crate::messages::english)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !grants.is_empty() {
                match &x.pab {
                    Ok(p) if p.ignore_public_acls => x.evidence.push(format!(
                        "the ACL grants {}, ignored: IgnorePublicAcls is in force",
                        english(&grants)
                    )),
                    Ok(_) => {
                        x.by_acl = true;
                        x.public
                            .push(msg!("exposure-acl-grants", grants = grants.clone()));
                    }
                    Err(why) => x.unknown.push(msg!(
                        "exposure-acl-ignore-unknown",
                        grants = grants.clone(),
                        why = why.as_str(),
                    )),
                }
            }
        }
    }
    x
}
