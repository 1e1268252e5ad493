//! What a per-account rule could not look into, as `unknown` findings: every account when the
//! organization's accounts could not be listed, and each account that could not be entered.
//! A rule that judges accounts, buckets or trails adds these, so that what was not seen is
//! said, never silently missing from the results.

use crate::{msg, Context, RuleMeta, Say};
use orgaudit_model::{AccountAccess, Finding, Status};

/// One `unknown` finding when the account list itself could not be read: no per-account
/// finding can then be complete.
pub(crate) fn unlisted_accounts(ctx: &Context<'_>, meta: &RuleMeta) -> Option<Finding> {
    let org = &ctx.snapshot.organization;
    let e = org.accounts.error()?;
    let mut f = meta.finding(
        Status::Unknown,
        org.info
            .ok()
            .map(|i| i.arn.clone())
            .unwrap_or_else(|| "organization".into()),
    );
    f.observe(msg!(
        "organization-accounts-not-listed",
        error = e.summary()
    ));
    f.expect(msg!("every-account-evaluated"));
    Some(f)
}

/// One `unknown` finding per account that could not be entered; `what` says what is unknown
/// ("buckets", "trails").
pub(crate) fn unreachable_accounts(ctx: &Context<'_>, meta: &RuleMeta, what: &str) -> Vec<Finding> {
    let org = &ctx.snapshot.organization;
    ctx.snapshot
        .account_access
        .iter()
        .filter_map(|(id, access)| match access {
            AccountAccess::Unreachable { error } => {
                let mut f = meta.finding(
                    Status::Unknown,
                    org.account(id)
                        .map(|a| a.arn.clone())
                        .unwrap_or_else(|| ctx.snapshot.account_root_arn(id)),
                );
                f.account_id = Some(id.clone());
                f.resource_name = org.account(id).map(|a| a.name.clone());
                f.observe(msg!(
                    "account-not-read",
                    what = what,
                    error = error.summary()
                ));
                f.expect(msg!("every-what-evaluated", what = what));
                Some(f)
            }
            _ => None,
        })
        .collect()
}

/// Both: the unknowns of a rule over every account's `what`.
pub(crate) fn unseen(ctx: &Context<'_>, meta: &RuleMeta, what: &str) -> Vec<Finding> {
    unlisted_accounts(ctx, meta)
        .into_iter()
        .chain(unreachable_accounts(ctx, meta, what))
        .collect()
}

#[cfg(test)]
mod tests {
    /// ARNs orgaudit writes follow the organization's partition (from the caller's ARN).
    #[test]
    fn unknown_accounts_are_named_in_the_partition_of_the_organization() {
        let mut s = crate::org::testorg::snapshot();
        s.meta.caller_arn = "arn:aws-us-gov:iam::000000000000:user/auditor".into();
        s.account_access.insert(
            "999999999999".into(),
            orgaudit_model::AccountAccess::Unreachable {
                error: crate::s3::testdata::denied("AssumeRole"),
            },
        );
        let meta = crate::Catalogue::defaults()
            .meta("S3.1")
            .expect("S3.1 is in the catalogue");
        let fs = super::unreachable_accounts(&crate::Context::new(&s), meta, "buckets");
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].resource, "arn:aws-us-gov:iam::999999999999:root");
    }
}
