use crate::meta::seeds::{S000, S001};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "ORG.1",
    service: Service::Organizations,
    title: Text {
        en: "The organization has all features enabled",
        ja: "組織で「すべての機能」が有効になっている",
    },
    severity: Severity::High,
    rationale: Text {
        en: "Service control policies only work in an organization with all features enabled (FeatureSet ALL). With consolidated billing only, no guardrail of any SCP is in force.",
        ja: "SCP は「すべての機能」が有効な組織でのみ使用できる。一括請求 (コンソリデーティッドビリング) のみの組織では、どの SCP のガードレールも効かない。",
    },
    remediation: Text {
        en: "Enable all features from the management account (Organizations console → Settings, or `aws organizations enable-all-features`) and have every member account approve the request.",
        ja: "管理アカウントで「すべての機能」を有効化し (Organizations コンソールの設定、または `aws organizations enable-all-features`)、各メンバーアカウントで承認する。",
    },
    sources: &[
        Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" },
        Source { seed: S001, section: "AWS Organizations" },
    ],
    doc: Text {
        en: "One finding for the organization, from DescribeOrganization. It passes when the feature set is ALL and fails for any other value (CONSOLIDATED_BILLING). It is unknown when the organization could not be described.",
        ja: "組織について 1 件の検出結果を DescribeOrganization の結果から出す。機能セットが ALL なら合格、それ以外 (CONSOLIDATED_BILLING) なら不合格とする。組織の情報を取得できなかった場合は不明とする。",
    },
    reads: &[Reads::Organization],
    messages: Text {
        en: "
org-1-all = FeatureSet ALL
org-1-feature-set = FeatureSet { $feature_set }
org-1-not-described = the organization could not be described: { $error }
",
        ja: "
org-1-all = 機能セット (FeatureSet) が ALL であること
org-1-feature-set = 機能セット (FeatureSet) が { $feature_set }
org-1-not-described = 組織の情報を取得できなかった: { $error }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org1, META);

impl Rule for Org1 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mut f = match ctx.snapshot.organization.info.as_result() {
            Ok(info) => {
                let status = if info.feature_set == "ALL" {
                    Status::Pass
                } else {
                    Status::Fail
                };
                let mut f = META.finding(status, info.arn.clone());
                f.account_id = Some(info.management_account_id.clone());
                f.resource_name = Some(info.id.clone());
                f.observe(msg!("org-1-feature-set", feature_set = &info.feature_set));
                f
            }
            Err(e) => {
                let mut f = META.finding(Status::Unknown, "organization");
                f.observe(msg!("org-1-not-described", error = e.summary()));
                f
            }
        };
        f.expect(msg!("org-1-all"));
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;
    use orgaudit_model::Fetched;

    #[test]
    fn passes_fails_and_unknown() {
        let mut s = testorg::snapshot();
        assert_eq!(Org1.evaluate(&Context::new(&s))[0].status, Status::Pass);
        if let Fetched::Ok(info) = &mut s.organization.info {
            info.feature_set = "CONSOLIDATED_BILLING".into();
        }
        let f = &Org1.evaluate(&Context::new(&s))[0];
        assert_eq!(
            (f.status, f.observed.as_str()),
            (Status::Fail, "FeatureSet CONSOLIDATED_BILLING")
        );
        s.organization.info = Fetched::Error(testorg::denied("DescribeOrganization"));
        assert_eq!(Org1.evaluate(&Context::new(&s))[0].status, Status::Unknown);
    }

    crate::findings_snapshot!(Org1, crate::org::testorg::snapshot());
}
