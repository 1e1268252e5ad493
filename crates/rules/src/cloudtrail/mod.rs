//! AWS CloudTrail: CT.1–CT.9.

#[cfg(test)]
pub(crate) mod testdata;

use crate::{msg, Context, RuleMeta, Say};
use orgaudit_model::cloudtrail::Trail;
use orgaudit_model::{AccountAccess, Finding, Message, Status};

crate::register! {
    ct_1_management_events::Ct1,
    ct_2_s3_writes::Ct2,
    ct_3_s3_reads::Ct3,
    ct_4_lambda::Ct4,
    ct_5_validation::Ct5,
    ct_6_kms::Ct6,
    ct_7_trail_bucket::Ct7,
    ct_8_delivering::Ct8,
    ct_9_cloudwatch::Ct9,
}

pub(crate) fn trail_finding(meta: &RuleMeta, status: Status, t: &Trail) -> Finding {
    let mut f = meta.finding(status, t.arn.clone());
    f.account_id = Some(t.account_id.clone());
    f.region = Some(t.home_region.clone());
    f.resource_name = Some(t.name.clone());
    f
}

/// Apply `judge` to every trail read; one `unknown` per account and region whose trails could
/// not be listed, observed as `not_listed` says it (the rule's own message, given the error).
pub(crate) fn per_trail(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    not_listed: impl Fn(String) -> Message,
    mut judge: impl FnMut(&Trail) -> Finding,
) -> Vec<Finding> {
    let mut out = crate::scope::unseen(ctx, meta, "trails");
    for acct in &ctx.snapshot.cloudtrail {
        for r in &acct.regions {
            match r.trails.as_result() {
                Ok(ts) => out.extend(ts.iter().map(&mut judge)),
                Err(e) => {
                    let mut f = meta.finding(
                        Status::Unknown,
                        format!(
                            "arn:{}:cloudtrail:{}:{}:trail/*",
                            ctx.snapshot.partition(),
                            r.region,
                            acct.account_id
                        ),
                    );
                    f.account_id = Some(acct.account_id.clone());
                    f.region = Some(r.region.clone());
                    f.observe(not_listed(e.summary()));
                    f.expect(msg!("every-what-evaluated", what = "trails"));
                    out.push(f);
                }
            }
        }
    }
    out
}

/// Every account × region audited in it (its enabled regions, or those asked for among
/// them); unreachable accounts included.
pub(crate) fn account_regions<'a>(ctx: &Context<'a>) -> Vec<(&'a str, String, &'a AccountAccess)> {
    let mut out = Vec::new();
    for (id, access) in &ctx.snapshot.account_access {
        for region in ctx.snapshot.audited_regions(id) {
            out.push((id.as_str(), region.clone(), access));
        }
    }
    out
}

/// Accounts audited in every enabled region (no `--regions`) whose enabled regions could not
/// be read: their opt-in regions, if any are enabled, were not audited. With the error.
pub(crate) fn regions_unknown<'a>(
    ctx: &Context<'a>,
) -> Vec<(&'a str, &'a orgaudit_model::CollectionError)> {
    if !ctx.snapshot.meta.requested_regions.is_empty() {
        return Vec::new();
    }
    ctx.snapshot
        .regions
        .iter()
        .filter(|(id, _)| {
            !matches!(
                ctx.snapshot.account_access.get(*id),
                Some(AccountAccess::Skipped { .. })
            )
        })
        .filter_map(|(id, r)| r.enabled.error().map(|e| (id.as_str(), e)))
        .collect()
}

pub(crate) fn account_finding(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    status: Status,
    account: &str,
    region: &str,
) -> Finding {
    let org = &ctx.snapshot.organization;
    let mut f = meta.finding(
        status,
        org.account(account)
            .map(|a| a.arn.clone())
            .unwrap_or_else(|| ctx.snapshot.account_root_arn(account)),
    );
    f.account_id = Some(account.to_string());
    f.region = Some(region.to_string());
    f.resource_name = org.account(account).map(|a| a.name.clone());
    f
}
