use crate::meta::seeds::S002;
use crate::{msg, Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity};

pub const ACTIONS: &[&str] = &["s3:PutAccountPublicAccessBlock"];

static META: RuleMeta = RuleMeta {
    id: "ORG.6",
    service: Service::Organizations,
    title: Text {
        en: "Guardrail: member accounts cannot change the account-level S3 Block Public Access",
        ja: "ガードレール: メンバーアカウントがアカウントレベルの S3 ブロックパブリックアクセスを変更できない",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "The account-level public access block stops any bucket of the account from being made public. Effective SCPs should deny s3:PutAccountPublicAccessBlock so that nobody in the account can switch it off.",
        ja: "アカウントレベルのブロックパブリックアクセスは、アカウント内のどのバケットも公開されないようにする。アカウント内の誰も無効化できないよう、有効な SCP で s3:PutAccountPublicAccessBlock を拒否すべきである。",
    },
    remediation: Text {
        en: "Attach at the root an SCP statement denying s3:PutAccountPublicAccessBlock on \"*\".",
        ja: "ルートに s3:PutAccountPublicAccessBlock を \"*\" に対して拒否するステートメントを持つ SCP をアタッチする。",
    },
    sources: &[Source {
        seed: S002,
        section: "Q. S3作成時に『パブリックアクセスをすべてブロック』をチェックオフしたが、アクションから公開を選択しないと公開されない、という動きだが、これはACLを設定しなくてもパブリックアクセスならOKとする場合の設定でしょうか?",
    }],
    doc: Text {
        en: "One finding per member account; the management account is not judged, since SCPs never apply to it. Following \"SCP evaluation\" (AWS Organizations User Guide), orgaudit evaluates the requests an ordinary role of the account could make for s3:PutAccountPublicAccessBlock against every level of the account's SCP chain (root, OUs, account), trying every resource type the action acts on and every resource pattern and condition value the chain names. It passes when every such request is blocked: explicitly denied, denied except for principals described by their own attributes (aws:PrincipalArn, aws:PrincipalTag/…), or allowed by no policy at some level. It fails when a request is allowed (shown as the witness) or when SCPs are not in effect. It is unknown when it is not known whether SCPs are in effect, when the OU path or the policies' targets are not known, or when there are too many combinations to decide, and also when a policy of the chain could not be read or parsed, unless the policies that could be read already explicitly deny every request; when the accounts could not be listed, one unknown finding is given for the organization.",
        ja: "メンバーアカウントごとに 1 件の検出結果を出す (SCP が適用されない管理アカウントは判定しない)。AWS Organizations ユーザーガイドの「SCP evaluation」に従い、アカウントの通常のロールが s3:PutAccountPublicAccessBlock について行い得るリクエストを、アカウントの SCP の全階層 (ルート・OU・アカウント) に対して評価し、アクションが対象とするすべてのリソースタイプと、階層内のポリシーが指定するすべてのリソースパターン・条件値を試す。そうしたリクエストがすべて阻まれる (明示的に拒否される、プリンシパル自身の属性 (aws:PrincipalArn、aws:PrincipalTag/…) で記述された例外を除いて拒否される、またはある階層でどのポリシーにも許可されない) 場合に合格とする。許可されるリクエストが 1 つでもある場合 (その例を示す) や、SCP が有効でない場合は不合格とする。SCP が有効かどうか分からない場合、OU パスやポリシーのアタッチ先が分からない場合、組み合わせが多すぎて判定できない場合は不明とし、階層内のポリシーを読めない・解析できない場合も、読めたポリシーですでにすべてのリクエストが明示的に拒否されていない限り不明とし、アカウントの一覧を取得できなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Organization, Reads::Scps],
    messages: Text {
        en: "
org-6-accounts-not-listed = accounts could not be listed: { $error }
org-6-every-member-evaluated = every member account evaluated
org-6-denied = denied by SCPs: { $actions }
org-6-verdicts = { $verdicts }
",
        ja: "
org-6-accounts-not-listed = アカウントの一覧を取得できなかった: { $error }
org-6-every-member-evaluated = すべてのメンバーアカウントを評価できること
org-6-denied = 有効な SCP で拒否されていること: { $actions }
org-6-verdicts = { $outcome ->
    [blocked] 有効な SCP で拒否されている
    [open] 有効な SCP で拒否されていない
   *[other] 有効な SCP で拒否されるか判定できない
} ({ $verdicts })
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org6, META);

impl Rule for Org6 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        super::guardrail(
            ctx,
            &META,
            ACTIONS,
            super::GuardrailMessages {
                accounts_not_listed: msg!("org-6-accounts-not-listed"),
                every_member_evaluated: msg!("org-6-every-member-evaluated"),
                denied: msg!("org-6-denied"),
                verdicts: msg!("org-6-verdicts"),
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
    fn guarded_and_unguarded_accounts() {
        let s = testorg::snapshot();
        let statuses: Vec<_> = Org6
            .evaluate(&Context::new(&s))
            .into_iter()
            .map(|f| (f.resource_name.unwrap(), f.status))
            .collect();
        assert!(statuses.contains(&("prod".into(), Status::Pass)));
        assert!(statuses.contains(&("sandbox".into(), Status::Fail)));
    }

    crate::findings_snapshot!(Org6, crate::org::testorg::snapshot());
}
