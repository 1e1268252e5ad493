//! Organizations, service control policies and resource control policies: ORG.1–ORG.10.

use crate::scp::Verdict;
use crate::{Context, RuleMeta};
use orgaudit_model::{Account, Finding, Status};

crate::register! {
    org1_all_features::Org1,
    org2_scp_enabled::Org2,
    org3_custom_scp::Org3,
    org4_deny_leave::Org4,
    org5_protect_cloudtrail::Org5,
    org6_protect_account_pab::Org6,
    org7_service_linked_roles::Org7,
    org8_management_account_scps::Org8,
    org9_scp_hygiene::Org9,
    org10_data_perimeter::Org10,
}

/// The guardrails ORG.4–ORG.6 check, as (rule id, actions that must be denied).
pub fn guardrails() -> [(&'static str, &'static [&'static str]); 3] {
    [
        ("ORG.4", org4_deny_leave::ACTIONS),
        ("ORG.5", org5_protect_cloudtrail::ACTIONS),
        ("ORG.6", org6_protect_account_pab::ACTIONS),
    ]
}

/// The organization's ARN, or a stand-in when it could not be described.
pub(crate) fn org_resource(ctx: &Context<'_>) -> String {
    ctx.snapshot
        .organization
        .info
        .ok()
        .map(|i| i.arn.clone())
        .unwrap_or_else(|| "organization".to_string())
}

/// Member accounts (every account but the management account), or one `unknown` finding
/// explaining why they cannot be listed.
pub(crate) fn members<'a>(ctx: &Context<'a>, meta: &RuleMeta) -> Result<Vec<&'a Account>, Finding> {
    let org = &ctx.snapshot.organization;
    match org.accounts.as_result() {
        Ok(accounts) => {
            let mgmt = org.management_account_id();
            Ok(accounts
                .iter()
                .filter(|a| Some(a.id.as_str()) != mgmt)
                .collect())
        }
        Err(e) => {
            let mut f = meta.finding(Status::Unknown, org_resource(ctx));
            f.observed = format!("accounts could not be listed: {}", e.summary());
            f.expected = "every member account evaluated".into();
            Err(f)
        }
    }
}

/// The organization's customer-managed SCPs (AWS managed ones such as FullAWSAccess are not
/// judged), or one `unknown` finding explaining why they cannot be listed.
pub(crate) fn customer_scps<'a>(
    ctx: &Context<'a>,
    meta: &RuleMeta,
) -> Result<Vec<&'a orgaudit_model::Policy>, Finding> {
    ctx.snapshot
        .organization
        .policies
        .as_result()
        .map(|ps| ps.iter().filter(|p| !p.aws_managed).collect())
        .map_err(|e| {
            let mut f = meta.finding(Status::Unknown, org_resource(ctx));
            f.observed = format!("the SCPs could not be listed: {}", e.summary());
            f
        })
}

/// A finding about one account.
pub(crate) fn account_finding(meta: &RuleMeta, status: Status, account: &Account) -> Finding {
    let mut f = meta.finding(status, account.arn.clone());
    f.account_id = Some(account.id.clone());
    f.resource_name = Some(account.name.clone());
    f
}

/// ORG.4–ORG.6: are these actions blocked by effective SCPs in every member account?
pub(crate) fn guardrail(ctx: &Context<'_>, meta: &RuleMeta, actions: &[&str]) -> Vec<Finding> {
    let accounts = match members(ctx, meta) {
        Ok(a) => a,
        Err(f) => return vec![f],
    };
    accounts
        .into_iter()
        .map(|account| {
            let explanations: Vec<_> = actions
                .iter()
                .map(|a| ctx.scp.explain(&account.id, a))
                .collect();
            let any_open = explanations
                .iter()
                .any(|e| matches!(e.verdict, Verdict::Allowed { .. } | Verdict::NotInEffect(_)));
            let any_unknown = explanations
                .iter()
                .any(|e| matches!(e.verdict, Verdict::Unknown(_)));
            let status = if any_open {
                Status::Fail
            } else if any_unknown {
                Status::Unknown
            } else {
                Status::Pass
            };
            let mut f = account_finding(meta, status, account);
            f.expected = format!("denied by SCPs: {}", actions.join(", ")).into();
            // Actions with the same verdict read once: "a, b: denied at … statement S".
            let mut grouped: Vec<(Vec<&str>, String)> = Vec::new();
            for e in &explanations {
                let verdict = e.verdict.to_string();
                match grouped.iter_mut().find(|(_, v)| *v == verdict) {
                    Some((actions, _)) => actions.push(&e.action),
                    None => grouped.push((vec![&e.action], verdict)),
                }
            }
            f.observed = grouped
                .iter()
                .map(|(actions, verdict)| format!("{}: {verdict}", actions.join(", ")))
                .collect::<Vec<_>>()
                .join("; ");
            f.evidence = explanations
                .iter()
                .filter(|e| !matches!(e.verdict, Verdict::Denied { .. }))
                .flat_map(|e| e.evidence())
                .collect();
            f
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testorg;

#[cfg(test)]
mod chain_tests {
    use crate::scp::account_chains;

    #[test]
    fn chains_show_levels_policies_and_guardrail_verdicts() {
        let s = super::testorg::snapshot();
        let chains = account_chains(&s, &super::guardrails());
        assert_eq!(chains.len(), 4);
        let prod = chains
            .iter()
            .find(|c| c.account_id == "111111111111")
            .unwrap();
        let kinds: Vec<_> = prod.levels.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, ["root", "OU", "account"]);
        assert!(prod.levels[1].policies.contains(&"guardrails".to_string()));
        let leave = prod
            .guardrails
            .iter()
            .find(|g| g.action == "organizations:LeaveOrganization")
            .unwrap();
        assert_eq!(leave.rule_id, "ORG.4");
        assert!(leave.blocked, "{leave:?}");
        assert_eq!(leave.explanation.len(), 3, "one line per level");
        let orphan = chains
            .iter()
            .find(|c| c.account_id == "333333333333")
            .unwrap();
        assert!(orphan.levels.is_empty());
        assert!(orphan.note.as_deref().unwrap_or("").contains("not known"));
        assert!(orphan.guardrails.iter().all(|g| !g.blocked));
    }
}
