use crate::meta::seeds::S000;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "ORG.8",
    service: Service::Organizations,
    title: Text {
        en: "Pitfall: no SCP is attached directly to the management account",
        ja: "落とし穴: 管理アカウントに直接アタッチされた SCP がない",
    },
    severity: Severity::Low,
    rationale: Text {
        en: "SCPs never apply to the management account. A policy attached there restricts nothing and suggests a protection that does not exist.",
        ja: "SCP は管理アカウントには適用されない。そこにアタッチしたポリシーは何も制限せず、存在しない保護があるかのように見せてしまう。",
    },
    remediation: Text {
        en: "Detach the policy from the management account; protect the management account with IAM (few users, MFA, no workloads) instead.",
        ja: "管理アカウントからポリシーをデタッチし、管理アカウントは IAM (最小限の利用者、MFA、ワークロードを置かない) で保護する。",
    },
    sources: &[Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" }],
    doc: Text {
        en: "One finding for the management account. It fails when any SCP other than FullAWSAccess is attached directly to the management account itself; policies attached at the root or at the OUs above it are not counted. It passes when there is none, and is unknown when the management account is not known (the organization could not be described) or the targets of some SCP could not be listed.",
        ja: "管理アカウントについて 1 件の検出結果を出す。FullAWSAccess 以外の SCP が管理アカウント自体に直接アタッチされていれば不合格とし、ルートや上位の OU にアタッチされたポリシーは数えない。直接アタッチされたものがなければ合格とし、管理アカウントが分からない (組織の情報を取得できなかった) 場合や、いずれかの SCP のアタッチ先の一覧を取得できなかった場合は不明とする。",
    },
    reads: &[Reads::Organization, Reads::Scps],
    messages: Text {
        en: "
org-8-expected = no SCP attached directly (other than FullAWSAccess)
org-8-management-unknown = the management account is not known (the organization could not be described)
org-8-targets-unknown = { $reason }
org-8-none = no SCP attached directly
org-8-attached = attached without effect: { $policies }
",
        ja: "
org-8-expected = 管理アカウントに直接アタッチされた SCP (FullAWSAccess 以外) がないこと
org-8-management-unknown = 管理アカウントが不明 (組織の情報を取得できなかった)
org-8-targets-unknown = SCP のアタッチ先が不明: { $reason }
org-8-none = 直接アタッチされた SCP はない
org-8-attached = 直接アタッチされているが、管理アカウントには効果がない: { $policies }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org8, META);

impl Rule for Org8 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let org = &ctx.snapshot.organization;
        let Some(mgmt) = org.management_account_id() else {
            let mut f = META.finding(Status::Unknown, super::org_resource(ctx));
            f.observe(msg!("org-8-management-unknown"));
            f.expect(msg!("org-8-expected"));
            return vec![f];
        };
        let resource = org
            .account(mgmt)
            .map(|a| a.arn.clone())
            .unwrap_or_else(|| ctx.snapshot.account_root_arn(mgmt));
        let mut f = META.finding(Status::Unknown, resource);
        f.account_id = Some(mgmt.to_string());
        f.resource_name = org.account(mgmt).map(|a| a.name.clone());
        f.expect(msg!("org-8-expected"));
        match ctx.scp.attached_to(mgmt) {
            Err(why) => f.observe(msg!("org-8-targets-unknown", reason = why)),
            Ok(policies) => {
                let direct: Vec<String> = policies
                    .iter()
                    .filter(|p| !p.is_full_aws_access())
                    .map(|p| format!("{} ({})", p.name, p.id))
                    .collect();
                if direct.is_empty() {
                    f.status = Status::Pass;
                    f.observe(msg!("org-8-none"));
                } else {
                    f.status = Status::Fail;
                    f.observe(msg!("org-8-attached", policies = direct.join(", ")));
                }
            }
        }
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;
    use orgaudit_model::Fetched;

    #[test]
    fn flags_direct_attachment() {
        let mut s = testorg::snapshot();
        let f = &Org8.evaluate(&Context::new(&s))[0];
        assert_eq!(f.status, Status::Fail);
        assert!(f.observed.contains("mgmt-direct"), "{}", f.observed);
        if let Fetched::Ok(ps) = &mut s.organization.policies {
            ps.retain(|p| p.id != "p-mgmt");
        }
        assert_eq!(Org8.evaluate(&Context::new(&s))[0].status, Status::Pass);
    }

    crate::findings_snapshot!(Org8, crate::org::testorg::snapshot());
}
