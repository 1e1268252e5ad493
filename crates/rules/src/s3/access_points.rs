//! Whether a bucket is public through an access point in front of it.
//!
//! S3 User Guide, "Configuring IAM policies for using access points": a request through an
//! access point must be allowed by the access point policy **and** by the bucket policy; a
//! bucket owner can delegate access control to the access points of an account with a bucket
//! policy statement to everyone conditioned on `s3:DataAccessPointAccount` (or
//! `s3:DataAccessPointArn`). "Blocking public access to your Amazon S3 storage": a request
//! through an access point is checked against the Block Public Access of the access point, of
//! the bucket and of the account. An access point whose network origin is `VPC` accepts
//! requests only from that VPC.
//!
//! So an access point makes the bucket public when its policy is public in the sense of
//! "The meaning of 'public'" (the same analysis as bucket policies, with the access-point
//! reading of the `s3:DataAccessPoint*` keys), it is reachable from the internet, and the
//! bucket policy allows an anonymous request made through it.

use crate::bucket_policy::{grants, PolicyKind};
use crate::msg;
use orgaudit_model::s3::{AccessPoint, Bucket, S3Account};
use orgaudit_model::{Fetched, Message, Snapshot};
use orgaudit_policy::{decide, Caller, Context, Decision, PolicyDocument, Request};

/// What the access points in front of a bucket expose.
#[derive(Debug, Default)]
pub(crate) struct ApExposure {
    /// Each access point through which the bucket is public, and how (messages of
    /// `crates/rules/locales`, `access-point…`).
    pub public: Vec<Message>,
    /// Of those, the ones Block Public Access (RestrictPublicBuckets) neutralises.
    pub neutralised: usize,
    pub unknown: Vec<Message>,
    pub evidence: Vec<String>,
}

/// The access points serving `b` (its own account's, and other accounts' that name it), read
/// against the bucket policy.
pub(crate) fn exposure(snapshot: &Snapshot, b: &Bucket, owner: &S3Account) -> ApExposure {
    let mut x = ApExposure::default();
    // An access point is created in the bucket's region (S3 User Guide, "Creating access
    // points": "in the same Region as the bucket").
    let region = b.region.ok().map(String::as_str);
    if let Some((region, Fetched::Error(e))) =
        region.and_then(|r| owner.access_points.get(r).map(|l| (r, l)))
    {
        x.unknown.push(msg!(
            "access-points-not-listed",
            account = &owner.account_id,
            region = region,
            error = e.summary(),
        ));
    }
    // Each access point once, by ARN, wherever it was listed.
    let mut seen = std::collections::HashSet::new();
    for account in &snapshot.s3 {
        for ap in account
            .access_points
            .values()
            .filter_map(|l| l.ok())
            .flatten()
            .filter(|ap| {
                ap.bucket == b.name
                    && ap.bucket_account_id.as_deref().unwrap_or(&ap.account_id) == b.account_id
            })
        {
            if !seen.insert(ap.arn.as_str()) {
                continue;
            }
            judge(ap, account, b, owner, &mut x);
        }
    }
    x
}

fn judge(
    ap: &AccessPoint,
    ap_account: &S3Account,
    b: &Bucket,
    owner: &S3Account,
    x: &mut ApExposure,
) {
    let name = format!("access point {} ({})", ap.name, ap.account_id);
    if ap.network_origin.as_deref() == Some("VPC") {
        x.evidence
            .push(format!("{name} accepts requests from its VPC only"));
        return;
    }
    let text = match &ap.policy {
        Fetched::Ok(None) => return,
        Fetched::Ok(Some(t)) => t,
        Fetched::Error(e) => {
            x.unknown.push(msg!(
                "access-point-policy-not-read",
                point = &ap.name,
                account = &ap.account_id,
                error = e.summary()
            ));
            return;
        }
    };
    let doc = match PolicyDocument::parse(text) {
        Ok(d) => d,
        Err(e) => {
            x.unknown.push(msg!(
                "access-point-policy-invalid",
                point = &ap.name,
                account = &ap.account_id,
                error = e.to_string()
            ));
            return;
        }
    };
    let open: Vec<Message> = grants(&doc, PolicyKind::AccessPoint)
        .into_iter()
        .filter(|g| g.restricted_by.is_empty())
        .map(|g| {
            msg!(
                "access-point-grant",
                sid = g.statement,
                actions = g.actions,
                principal = g.principal
            )
        })
        .collect();
    if open.is_empty() {
        return;
    }
    // The bucket policy must allow the request too.
    let delegated = match &b.policy {
        Fetched::Error(e) => {
            x.unknown.push(msg!(
                "access-point-bucket-policy-not-read",
                point = &ap.name,
                account = &ap.account_id,
                error = e.summary()
            ));
            return;
        }
        Fetched::Ok(None) => false,
        Fetched::Ok(Some(text)) => match PolicyDocument::parse(text) {
            Ok(bucket_doc) => through(ap, b)
                .iter()
                .any(|r| decide([&bucket_doc], r) == Decision::Allow),
            Err(e) => {
                x.unknown.push(msg!(
                    "access-point-bucket-policy-invalid",
                    point = &ap.name,
                    account = &ap.account_id,
                    error = e.to_string()
                ));
                return;
            }
        },
    };
    if !delegated {
        x.evidence.push(format!(
            "{name} has a public policy ({}), but the bucket policy does not allow anonymous requests through it",
            open.iter()
                .map(crate::messages::english)
                .collect::<Vec<_>>()
                .join("; ")
        ));
        return;
    }
    // Block Public Access of the access point, the bucket and the account.
    let levels = [
        ("the access point", ap.public_access_block.as_result()),
        ("the bucket", b.public_access_block.as_result()),
        ("the account", ap_account.public_access_block.as_result()),
        (
            "the bucket owner's account",
            owner.public_access_block.as_result(),
        ),
    ];
    let restricted = levels
        .iter()
        .find(|(_, p)| matches!(p, Ok(Some(p)) if p.restrict_public_buckets))
        .map(|(level, _)| *level);
    let unread: Vec<String> = levels
        .iter()
        .filter_map(|(level, p)| {
            p.as_ref()
                .err()
                .map(|e| format!("{level}: {}", e.summary()))
        })
        .collect();
    x.public.push(msg!(
        "access-point-public",
        point = &ap.name,
        account = &ap.account_id,
        grants = open
    ));
    match restricted {
        Some(level) => {
            x.neutralised += 1;
            x.evidence.push(format!(
                "RestrictPublicBuckets of {level} neutralises {name}"
            ));
        }
        None if !unread.is_empty() => x.unknown.push(msg!(
            "access-point-block-unknown",
            point = &ap.name,
            account = &ap.account_id,
            unread = unread.join("; ")
        )),
        None => {}
    }
}

/// Anonymous requests through the access point: reading and writing an object, listing the
/// bucket, with the keys S3 sets for access-point requests ("Condition keys for Amazon S3":
/// `s3:DataAccessPointArn`, `s3:DataAccessPointAccount`, `s3:AccessPointNetworkOrigin`).
fn through(ap: &AccessPoint, b: &Bucket) -> Vec<Request> {
    let mut context = Context::default();
    context.set_one("s3:DataAccessPointArn", ap.arn.clone());
    context.set_one("s3:DataAccessPointAccount", ap.account_id.clone());
    context.set_one("s3:AccessPointNetworkOrigin", "Internet");
    context.set_one("aws:SecureTransport", "true");
    [
        ("s3:GetObject", format!("{}/orgaudit-probe", b.arn)),
        ("s3:PutObject", format!("{}/orgaudit-probe", b.arn)),
        ("s3:ListBucket", b.arn.clone()),
    ]
    .into_iter()
    .map(|(action, resource)| Request {
        caller: Caller::Anonymous,
        action: action.into(),
        resource,
        context: context.clone(),
    })
    .collect()
}
