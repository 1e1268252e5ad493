use crate::meta::seeds::{S001, S002};
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity};

pub const ACTIONS: &[&str] = &[
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
];

static META: RuleMeta = RuleMeta {
    id: "ORG.5",
    service: Service::Organizations,
    title: Text {
        en: "Guardrail: member accounts cannot stop, delete or change CloudTrail",
        ja: "ガードレール: メンバーアカウントが CloudTrail を停止・削除・変更できない",
    },
    severity: Severity::High,
    rationale: Text {
        en: "Traceability is a design principle of the Well-Architected security pillar: whoever can stop or reconfigure the trail can act unrecorded. Effective SCPs should deny StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors.",
        ja: "トレーサビリティの実現は Well-Architected「セキュリティ」の設計原則である。証跡を停止・変更できる者は記録されずに操作できてしまう。有効な SCP で StopLogging・DeleteTrail・UpdateTrail・PutEventSelectors を拒否すべきである。",
    },
    remediation: Text {
        en: "Attach at the root an SCP that denies cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail and cloudtrail:PutEventSelectors on \"*\"; exempt only a break-glass role with an ArnNotLike aws:PrincipalArn condition if one is needed.",
        ja: "ルートに cloudtrail:StopLogging・DeleteTrail・UpdateTrail・PutEventSelectors を \"*\" に対して拒否する SCP をアタッチする。例外が必要なら aws:PrincipalArn の ArnNotLike 条件でブレークグラス用ロールだけを除外する。",
    },
    sources: &[
        Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" },
        Source { seed: S002, section: "Q. CloudTrailはすべてのAPIログを記録できるとのことですが、記録される内容はどの程度まで確認できますでしょうか。" },
    ],
    controls: &[],
    doc: Text { en: "", ja: "" },
    reads: &[Reads::Organization, Reads::Scps],
    ..RuleMeta::BASE
};

crate::declare_rule!(Org5, META);

impl Rule for Org5 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        super::guardrail(ctx, &META, ACTIONS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;
    use orgaudit_model::Status;

    #[test]
    fn conditional_deny_counts_and_says_so() {
        let s = testorg::snapshot();
        let findings = Org5.evaluate(&Context::new(&s));
        let prod = findings
            .iter()
            .find(|f| f.resource_name.as_deref() == Some("prod"))
            .unwrap();
        assert_eq!(prod.status, Status::Pass);
        assert!(prod.observed.contains("except for principals with aws:PrincipalArn matching arn:aws:iam::*:role/BreakGlass"), "{}", prod.observed);
        for a in ACTIONS {
            assert!(prod.observed.contains(a));
        }
    }
}
