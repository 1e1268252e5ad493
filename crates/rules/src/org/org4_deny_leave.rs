use crate::meta::seeds::{S000, S001};
use crate::{msg, Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity};

pub const ACTIONS: &[&str] = &["organizations:LeaveOrganization"];

static META: RuleMeta = RuleMeta {
    id: "ORG.4",
    service: Service::Organizations,
    title: Text {
        en: "Guardrail: member accounts cannot leave the organization",
        ja: "ガードレール: メンバーアカウントが組織から離脱できない",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "An account that leaves the organization drops every SCP, the organization trail and central access at once. Effective SCPs should deny organizations:LeaveOrganization.",
        ja: "組織から離脱したアカウントは、SCP・組織の証跡・一元的なアクセス管理をすべて一度に失う。有効な SCP で organizations:LeaveOrganization を拒否すべきである。",
    },
    remediation: Text {
        en: "Attach at the root an SCP statement: {\"Effect\": \"Deny\", \"Action\": \"organizations:LeaveOrganization\", \"Resource\": \"*\"}.",
        ja: "ルートに次のステートメントを持つ SCP をアタッチする: {\"Effect\": \"Deny\", \"Action\": \"organizations:LeaveOrganization\", \"Resource\": \"*\"}。",
    },
    sources: &[
        Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" },
        Source { seed: S001, section: "AWS Organizations" },
    ],
    doc: Text {
        en: "One finding per member account; the management account is not judged, since SCPs never apply to it. Following \"SCP evaluation\" (AWS Organizations User Guide), orgaudit evaluates the requests an ordinary role of the account could make for organizations:LeaveOrganization against every level of the account's SCP chain (root, OUs, account), trying every resource type the action acts on and every resource pattern and condition value the chain names. It passes when every such request is blocked: explicitly denied, denied except for principals described by their own attributes (aws:PrincipalArn, aws:PrincipalTag/…), or allowed by no policy at some level. It fails when a request is allowed (shown as the witness) or when SCPs are not in effect. It is unknown when it is not known whether SCPs are in effect, when the OU path or the policies' targets are not known, or when there are too many combinations to decide, and also when a policy of the chain could not be read or parsed, unless the policies that could be read already explicitly deny every request; when the accounts could not be listed, one unknown finding is given for the organization.",
        ja: "メンバーアカウントごとに 1 件の検出結果を出す (SCP が適用されない管理アカウントは判定しない)。AWS Organizations ユーザーガイドの「SCP evaluation」に従い、アカウントの通常のロールが organizations:LeaveOrganization について行い得るリクエストを、アカウントの SCP の全階層 (ルート・OU・アカウント) に対して評価し、アクションが対象とするすべてのリソースタイプと、階層内のポリシーが指定するすべてのリソースパターン・条件値を試す。そうしたリクエストがすべて阻まれる (明示的に拒否される、プリンシパル自身の属性 (aws:PrincipalArn、aws:PrincipalTag/…) で記述された例外を除いて拒否される、またはある階層でどのポリシーにも許可されない) 場合に合格とする。許可されるリクエストが 1 つでもある場合 (その例を示す) や、SCP が有効でない場合は不合格とする。SCP が有効かどうか分からない場合、OU パスやポリシーのアタッチ先が分からない場合、組み合わせが多すぎて判定できない場合は不明とし、階層内のポリシーを読めない・解析できない場合も、読めたポリシーですでにすべてのリクエストが明示的に拒否されていない限り不明とし、アカウントの一覧を取得できなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Organization, Reads::Scps],
    messages: Text {
        en: "
org-4-accounts-not-listed = accounts could not be listed: { $error }
org-4-every-member-evaluated = every member account evaluated
org-4-denied = denied by SCPs: { $actions }
org-4-verdicts = { $verdicts }
",
        ja: "
org-4-accounts-not-listed = アカウントの一覧を取得できなかった: { $error }
org-4-every-member-evaluated = すべてのメンバーアカウントを評価できること
org-4-denied = 有効な SCP で拒否されていること: { $actions }
org-4-verdicts = { $outcome ->
    [blocked] 有効な SCP で拒否されている
    [open] 有効な SCP で拒否されていない
   *[other] 有効な SCP で拒否されるか判定できない
} ({ $verdicts })
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org4, META);

impl Rule for Org4 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        super::guardrail(
            ctx,
            &META,
            ACTIONS,
            super::GuardrailMessages {
                accounts_not_listed: msg!("org-4-accounts-not-listed"),
                every_member_evaluated: msg!("org-4-every-member-evaluated"),
                denied: msg!("org-4-denied"),
                verdicts: msg!("org-4-verdicts"),
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
    fn per_account_verdicts() {
        let s = testorg::snapshot();
        let findings = Org4.evaluate(&Context::new(&s));
        let by = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name.as_deref() == Some(name))
                .unwrap()
        };
        assert_eq!(by("prod").status, Status::Pass);
        assert!(by("prod")
            .observed
            .contains("denied at OU Workloads (ou-work) by guardrails"));
        assert_eq!(
            crate::messages::render("ja", by("prod").observed_msg.as_ref().unwrap()),
            Some(
                "有効な SCP で拒否されている (organizations:LeaveOrganization: OU Workloads (ou-work) \
                 で guardrails (p-guardrails) のステートメント DenyLeave により拒否)"
                    .to_string()
            )
        );
        assert_eq!(by("sandbox").status, Status::Fail);
        assert!(by("sandbox")
            .evidence
            .iter()
            .any(|e| e.contains("OU Sandbox")));
        assert_eq!(by("orphan").status, Status::Unknown);
        assert_eq!(findings.len(), 3, "the management account is exempt");
    }

    crate::findings_snapshot!(Org4, crate::org::testorg::snapshot());
}
