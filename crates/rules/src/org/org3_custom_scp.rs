use super::{account_finding, members};
use crate::meta::seeds::{S000, S001};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "ORG.3",
    service: Service::Organizations,
    title: Text {
        en: "Every member account is governed by an SCP other than FullAWSAccess",
        ja: "すべてのメンバーアカウントに FullAWSAccess 以外の SCP が適用されている",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "FullAWSAccess only permits; an account whose whole chain (root, OUs, account) carries nothing else has no organization guardrail at all.",
        ja: "FullAWSAccess は許可するだけである。ルート・OU・アカウントのどの階層にも他の SCP がないアカウントには、組織のガードレールがまったくない。",
    },
    remediation: Text {
        en: "Attach guardrail SCPs (deny leaving the organization, protect CloudTrail and the public access block…) at the root or at the OUs above the account.",
        ja: "ルートまたはアカウント上位の OU に、ガードレールとなる SCP (組織からの離脱禁止、CloudTrail 保護、ブロックパブリックアクセス保護など) をアタッチする。",
    },
    sources: &[
        Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" },
        Source { seed: S001, section: "AWS Organizations" },
    ],
    doc: Text {
        en: "One finding per member account (every account but the management account). It fails at once when SCPs are not in effect (the feature set is not ALL, or the SCP type is not enabled on a root), and is unknown at once when that cannot be told (the organization could not be described or its roots could not be listed), since an attached SCP guards nothing unless SCPs are in effect. Otherwise it walks the account's chain, root, then each OU down the path, then the account: it passes when at least one policy attached at any level is not FullAWSAccess and fails when FullAWSAccess is all there is. Only attachments are counted, not what the policies say (ORG.4 to ORG.6 judge that). It is unknown when the account's OU path or the SCPs' targets could not be read; when the accounts could not be listed, one unknown finding is given for the organization.",
        ja: "メンバーアカウント (管理アカウント以外のすべてのアカウント) ごとに 1 件の検出結果を出す。SCP が有効でない (機能セットが ALL でない、またはルートで SCP タイプが有効でない) 場合はただちに不合格とし、それが判断できない (組織の情報を取得できない、またはルートの一覧を取得できない) 場合は、SCP が有効でなければアタッチされた SCP は何も守らないため、ただちに不明とする。それ以外では、ルート、パス上の各 OU、アカウントの順に階層をたどり、いずれかの階層に FullAWSAccess 以外のポリシーがアタッチされていれば合格、FullAWSAccess しかなければ不合格とする。数えるのはアタッチの有無だけで、ポリシーの内容は見ない (内容は ORG.4〜ORG.6 が判定する)。アカウントの OU パスや SCP のアタッチ先を読めなかった場合は不明とし、アカウントの一覧を取得できなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Organization, Reads::Scps],
    messages: Text {
        en: "
org-3-accounts-not-listed = accounts could not be listed: { $error }
org-3-every-member-evaluated = every member account evaluated
org-3-expected = at least one SCP other than FullAWSAccess in the chain
org-3-not-in-effect = no SCP is in effect: { $reason }
org-3-effect-unknown = whether SCPs are in effect is unknown: { $reason }
org-3-chain-unknown = { $reason }
org-3-only-full = only FullAWSAccess in the chain
org-3-guardrails = { $count } guardrail SCP(s)
",
        ja: "
org-3-accounts-not-listed = アカウントの一覧を取得できなかった: { $error }
org-3-every-member-evaluated = すべてのメンバーアカウントを評価できること
org-3-expected = ルート・OU・アカウントのいずれかの階層に FullAWSAccess 以外の SCP が 1 つ以上あること
org-3-not-in-effect = SCP が有効になっていない: { $reason }
org-3-effect-unknown = SCP が有効かどうかは不明: { $reason }
org-3-chain-unknown = SCP の階層が不明: { $reason }
org-3-only-full = 階層には FullAWSAccess しかない
org-3-guardrails = ガードレールとなる SCP が { $count } 個ある
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org3, META);

impl Rule for Org3 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let accounts = match members(
            ctx,
            &META,
            msg!("org-3-accounts-not-listed"),
            msg!("org-3-every-member-evaluated"),
        ) {
            Ok(a) => a,
            Err(f) => return vec![f],
        };
        let not_in_effect = ctx.scp.not_in_effect();
        accounts
            .into_iter()
            .map(|account| {
                let mut f = account_finding(&META, Status::Unknown, account);
                f.expect(msg!("org-3-expected"));
                match not_in_effect {
                    Ok(Some(why)) => {
                        f.status = Status::Fail;
                        f.observe(msg!("org-3-not-in-effect", reason = why));
                        return f;
                    }
                    // An attached SCP guards nothing unless SCPs are in effect.
                    Err(why) => {
                        f.observe(msg!("org-3-effect-unknown", reason = why));
                        return f;
                    }
                    Ok(None) => {}
                }
                match ctx.scp.chain_policies(&account.id) {
                    Err(why) => f.observe(msg!("org-3-chain-unknown", reason = why)),
                    Ok(chain) => {
                        let custom: Vec<String> = chain
                            .iter()
                            .flat_map(|(level, ps)| {
                                ps.iter().filter(|p| !p.is_full_aws_access()).map(move |p| {
                                    format!("{} at {} {}", p.name, level.name, level.id)
                                })
                            })
                            .collect();
                        if custom.is_empty() {
                            f.status = Status::Fail;
                            f.observe(msg!("org-3-only-full"));
                        } else {
                            f.status = Status::Pass;
                            f.observe(msg!("org-3-guardrails", count = custom.len()));
                            f.evidence = custom;
                        }
                    }
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;

    #[test]
    fn custom_scp_anywhere_in_the_chain_counts() {
        let mut s = testorg::snapshot();
        let findings = Org3.evaluate(&Context::new(&s));
        let by = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name.as_deref() == Some(name))
                .unwrap()
        };
        assert_eq!(by("prod").status, Status::Pass);
        assert!(by("prod").evidence.iter().any(|e| e.contains("guardrails")));
        // The sandbox only has the (useless but custom) slr-pitfall SCP: detach it.
        assert_eq!(by("sandbox").status, Status::Pass);
        if let orgaudit_model::Fetched::Ok(ps) = &mut s.organization.policies {
            ps.retain(|p| p.id != "p-slr");
        }
        let findings = Org3.evaluate(&Context::new(&s));
        let by = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name.as_deref() == Some(name))
                .unwrap()
        };
        assert_eq!(by("sandbox").status, Status::Fail);
        assert_eq!(by("sandbox").observed, "only FullAWSAccess in the chain");
        assert_eq!(by("orphan").status, Status::Unknown);
        assert!(findings
            .iter()
            .all(|f| f.resource_name.as_deref() != Some("management")));
    }

    /// With the roots unreadable, whether the SCP policy type is enabled is unknown: an
    /// attached SCP may guard nothing, so no account passes.
    #[test]
    fn unknown_whether_scps_are_in_effect_passes_nobody() {
        let mut s = testorg::snapshot();
        s.organization.roots = orgaudit_model::Fetched::Error(orgaudit_model::CollectionError {
            account_id: Some("000000000000".into()),
            region: None,
            service: "Organizations".into(),
            operation: "ListRoots".into(),
            code: "AccessDeniedException".into(),
            message: "denied".into(),
            subject: None,
        });
        let findings = Org3.evaluate(&Context::new(&s));
        assert!(!findings.is_empty());
        assert!(
            findings.iter().all(|f| f.status == Status::Unknown),
            "{findings:?}"
        );
    }

    crate::findings_snapshot!(Org3, crate::org::testorg::snapshot());
}
