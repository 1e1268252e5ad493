//! Amazon S3: S3.1–S3.9, over every bucket of every reachable account.

pub(crate) mod access_points;
pub(crate) mod exposure;

#[cfg(test)]
pub(crate) mod testdata;

use crate::{msg, Context, RuleMeta, Say};
use orgaudit_model::s3::{Bucket, PublicAccessBlock, S3Account};
use orgaudit_model::Message;
use orgaudit_model::{AccountAccess, Fetched, Finding, Status};

crate::register! {
    s3_1_versioning::S3_1,
    s3_2_noncurrent_lifecycle::S3_2,
    s3_3_encryption::S3_3,
    s3_4_access_logging::S3_4,
    s3_5_block_public_access::S3_5,
    s3_6_public_policy::S3_6,
    s3_7_tls_only::S3_7,
    s3_8_acls_disabled::S3_8,
    s3_9_no_website::S3_9,
}

/// A finding about one bucket.
pub(crate) fn bucket_finding(meta: &RuleMeta, status: Status, bucket: &Bucket) -> Finding {
    let mut f = meta.finding(status, bucket.arn.clone());
    f.account_id = Some(bucket.account_id.clone());
    f.region = bucket.region.ok().cloned();
    f.resource_name = Some(bucket.name.clone());
    f
}

/// The value of a setting, or an `unknown` finding saying why it is missing.
pub(crate) fn need<'b, T>(
    meta: &RuleMeta,
    bucket: &Bucket,
    setting: &'b Fetched<T>,
    expected: Message,
) -> Result<&'b T, Finding> {
    setting.as_result().map_err(|e| {
        let mut f = bucket_finding(meta, Status::Unknown, bucket);
        f.expect(expected);
        f.observe(msg!("not-read", error = e.summary()));
        f
    })
}

/// Apply `judge` to every bucket. Accounts that could not be entered, and accounts whose
/// buckets could not be listed, give one `unknown` finding each: their buckets are unknown.
pub(crate) fn per_bucket(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    mut judge: impl FnMut(&Bucket, &S3Account) -> Option<Finding>,
) -> Vec<Finding> {
    let mut out = crate::scope::unseen(ctx, meta, "buckets");
    for account in &ctx.snapshot.s3 {
        match account.buckets.as_result() {
            Ok(buckets) => out.extend(buckets.iter().filter_map(|b| judge(b, account))),
            Err(e) => {
                let mut f = meta.finding(
                    Status::Unknown,
                    ctx.snapshot.account_root_arn(&account.account_id),
                );
                f.account_id = Some(account.account_id.clone());
                f.resource_name = ctx
                    .snapshot
                    .organization
                    .account(&account.account_id)
                    .map(|a| a.name.clone());
                f.observe(msg!("buckets-not-listed", error = e.summary()));
                f.expect(msg!("every-bucket-evaluated"));
                out.push(f);
            }
        }
    }
    out
}

/// Accounts whose buckets orgaudit did not see (not reachable, not audited, or buckets not
/// listed): a bucket not found in the snapshot may live there.
pub(crate) fn unread_accounts<'a>(ctx: &Context<'a>) -> Vec<&'a str> {
    ctx.snapshot
        .account_access
        .iter()
        .filter(|(_, a)| {
            matches!(
                a,
                AccountAccess::Unreachable { .. } | AccountAccess::Skipped { .. }
            )
        })
        .map(|(id, _)| id.as_str())
        .chain(
            ctx.snapshot
                .s3
                .iter()
                .filter(|a| a.buckets.error().is_some())
                .map(|a| a.account_id.as_str()),
        )
        .collect()
}

/// Effective Block Public Access of a bucket: bucket OR account setting, per flag.
/// `Err` names what could not be read when the answer depends on it.
pub(crate) fn effective_pab(
    bucket: &Bucket,
    account: &S3Account,
) -> Result<PublicAccessBlock, String> {
    pab_in_force(bucket, account).map_err(|u| format!("{} setting not read: {}", u.level, u.error))
}

/// A Block Public Access setting that could not be read while the answer depends on it.
#[derive(Debug, Clone)]
pub(crate) struct PabUnread {
    /// Whose setting: `bucket` or `account`.
    pub level: &'static str,
    /// Why it could not be read (the error summary).
    pub error: String,
}

/// [`effective_pab`], saying in `Err` whose setting could not be read and why (for the rules
/// that phrase it in a message).
pub(crate) fn pab_in_force(
    bucket: &Bucket,
    account: &S3Account,
) -> Result<PublicAccessBlock, PabUnread> {
    let none = PublicAccessBlock::default();
    match (
        bucket.public_access_block.as_result(),
        account.public_access_block.as_result(),
    ) {
        (Ok(b), Ok(a)) => Ok(b.unwrap_or(none).or(&a.unwrap_or(none))),
        (Ok(Some(b)), Err(_)) if b.all() => Ok(*b),
        (Err(_), Ok(Some(a))) if a.all() => Ok(*a),
        (Err(e), _) => Err(PabUnread {
            level: "bucket",
            error: e.summary(),
        }),
        (_, Err(e)) => Err(PabUnread {
            level: "account",
            error: e.summary(),
        }),
    }
}

pub(crate) fn describe_pab(p: &Option<PublicAccessBlock>) -> String {
    match p {
        None => "not configured".into(),
        Some(p) => PublicAccessBlock::FLAGS
            .iter()
            .zip(p.flags())
            .map(|(name, on)| format!("{name}={on}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
