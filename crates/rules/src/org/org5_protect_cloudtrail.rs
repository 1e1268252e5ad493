use crate::meta::seeds::{S001, S002};
use crate::{msg, Context, Reads, Rule, RuleMeta, Service, Source, Text};
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
    doc: Text {
        en: "One finding per member account; the management account is not judged, since SCPs never apply to it. Following \"SCP evaluation\" (AWS Organizations User Guide), orgaudit evaluates the requests an ordinary role of the account could make for each of cloudtrail:StopLogging, cloudtrail:DeleteTrail, cloudtrail:UpdateTrail and cloudtrail:PutEventSelectors against every level of the account's SCP chain (root, OUs, account), trying every resource type the action acts on and every resource pattern and condition value the chain names. It passes when every such request, for all four actions, is blocked: explicitly denied, denied except for principals described by their own attributes (aws:PrincipalArn, aws:PrincipalTag/…), or allowed by no policy at some level. It fails when a request is allowed (shown as the witness) or when SCPs are not in effect. It is unknown when it is not known whether SCPs are in effect, when the OU path or the policies' targets are not known, or when there are too many combinations to decide, and also when a policy of the chain could not be read or parsed, unless the policies that could be read already explicitly deny every request; when the accounts could not be listed, one unknown finding is given for the organization.",
        ja: "メンバーアカウントごとに 1 件の検出結果を出す (SCP が適用されない管理アカウントは判定しない)。AWS Organizations ユーザーガイドの「SCP evaluation」に従い、アカウントの通常のロールが cloudtrail:StopLogging・cloudtrail:DeleteTrail・cloudtrail:UpdateTrail・cloudtrail:PutEventSelectors のそれぞれについて行い得るリクエストを、アカウントの SCP の全階層 (ルート・OU・アカウント) に対して評価し、アクションが対象とするすべてのリソースタイプと、階層内のポリシーが指定するすべてのリソースパターン・条件値を試す。4 つのアクションすべてについて、そうしたリクエストがすべて阻まれる (明示的に拒否される、プリンシパル自身の属性 (aws:PrincipalArn、aws:PrincipalTag/…) で記述された例外を除いて拒否される、またはある階層でどのポリシーにも許可されない) 場合に合格とする。許可されるリクエストが 1 つでもある場合 (その例を示す) や、SCP が有効でない場合は不合格とする。SCP が有効かどうか分からない場合、OU パスやポリシーのアタッチ先が分からない場合、組み合わせが多すぎて判定できない場合は不明とし、階層内のポリシーを読めない・解析できない場合も、読めたポリシーですでにすべてのリクエストが明示的に拒否されていない限り不明とし、アカウントの一覧を取得できなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Organization, Reads::Scps],
    messages: Text {
        en: "
org-5-accounts-not-listed = accounts could not be listed: { $error }
org-5-every-member-evaluated = every member account evaluated
org-5-denied = denied by SCPs: { $actions }
org-5-verdicts = { $verdicts }
",
        ja: "
org-5-accounts-not-listed = アカウントの一覧を取得できなかった: { $error }
org-5-every-member-evaluated = すべてのメンバーアカウントを評価できること
org-5-denied = 有効な SCP で拒否されていること: { $actions }
org-5-verdicts = { $outcome ->
    [blocked] 有効な SCP で拒否されている
    [open] 有効な SCP で拒否されていない
   *[other] 有効な SCP で拒否されるか判定できない
} ({ $verdicts })
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org5, META);

impl Rule for Org5 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        super::guardrail(
            ctx,
            &META,
            ACTIONS,
            super::GuardrailMessages {
                accounts_not_listed: msg!("org-5-accounts-not-listed"),
                every_member_evaluated: msg!("org-5-every-member-evaluated"),
                denied: msg!("org-5-denied"),
                verdicts: msg!("org-5-verdicts"),
            },
        )
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

    crate::findings_snapshot!(Org5, crate::org::testorg::snapshot());
}
