//! Organizations, service control policies and resource control policies: ORG.1–ORG.10.

use crate::scp::Verdict;
use crate::{Context, RuleMeta, Say};
use orgaudit_model::{Account, Finding, Message, Status};

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
/// explaining why they cannot be listed: observed `not_listed` (a message of the rule, to
/// which this adds the argument `error`), expected `expected`.
pub(crate) fn members<'a>(
    ctx: &Context<'a>,
    meta: &RuleMeta,
    not_listed: Message,
    expected: Message,
) -> Result<Vec<&'a Account>, Finding> {
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
            f.observe(not_listed.arg("error", e.summary()));
            f.expect(expected);
            Err(f)
        }
    }
}

/// The organization's customer-managed SCPs (AWS managed ones such as FullAWSAccess are not
/// judged), or one `unknown` finding explaining why they cannot be listed: observed
/// `not_listed` (a message of the rule, to which this adds the argument `error`), expected
/// `expected`.
pub(crate) fn customer_scps<'a>(
    ctx: &Context<'a>,
    meta: &RuleMeta,
    not_listed: Message,
    expected: Message,
) -> Result<Vec<&'a orgaudit_model::Policy>, Finding> {
    ctx.snapshot
        .organization
        .policies
        .as_result()
        .map(|ps| ps.iter().filter(|p| !p.aws_managed).collect())
        .map_err(|e| {
            let mut f = meta.finding(Status::Unknown, org_resource(ctx));
            f.observe(not_listed.arg("error", e.summary()));
            f.expect(expected);
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

/// The messages of a guardrail rule (ORG.4–ORG.6), with ids of that rule; [`guardrail`]
/// adds their arguments.
pub(crate) struct GuardrailMessages {
    /// Observed when the accounts could not be listed; gets `error`.
    pub accounts_not_listed: Message,
    /// Expected when the accounts could not be listed.
    pub every_member_evaluated: Message,
    /// Expected of each account; gets `actions` (the actions, joined).
    pub denied: Message,
    /// Observed of each account; gets `outcome` (`blocked`, `open` or `unknown`) and
    /// `verdicts` (each group of actions with its verdict, as the SCP evaluator words it).
    pub verdicts: Message,
}

/// ORG.4–ORG.6: are these actions blocked by effective SCPs in every member account?
pub(crate) fn guardrail(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    actions: &[&str],
    messages: GuardrailMessages,
) -> Vec<Finding> {
    let GuardrailMessages {
        accounts_not_listed,
        every_member_evaluated,
        denied,
        verdicts,
    } = messages;
    let accounts = match members(ctx, meta, accounts_not_listed, every_member_evaluated) {
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
            let outcome = match status {
                Status::Pass => "blocked",
                Status::Fail => "open",
                Status::Unknown => "unknown",
            };
            let mut f = account_finding(meta, status, account);
            f.expect(denied.clone().arg("actions", actions.join(", ")));
            // Actions with the same verdict read once: "a, b: denied at … statement S".
            let mut grouped: Vec<(Vec<&str>, &Verdict)> = Vec::new();
            for e in &explanations {
                match grouped.iter_mut().find(|(_, v)| **v == e.verdict) {
                    Some((actions, _)) => actions.push(&e.action),
                    None => grouped.push((vec![&e.action], &e.verdict)),
                }
            }
            let observed: Vec<Message> = grouped
                .iter()
                .map(|(actions, verdict)| {
                    crate::msg!(
                        "guardrail-group",
                        actions = actions.join(", "),
                        verdict = vec![verdict.message()]
                    )
                })
                .collect();
            f.observe(
                verdicts
                    .clone()
                    .arg("outcome", outcome)
                    .arg("verdicts", observed),
            );
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
