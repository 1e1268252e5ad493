use crate::meta::seeds::S002;
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity};

pub const ACTIONS: &[&str] = &["s3:PutAccountPublicAccessBlock"];

static META: RuleMeta = RuleMeta {
    id: "ORG.6",
    service: Service::Organizations,
    title: Text {
        en: "Guardrail: member accounts cannot change the account-level S3 Block Public Access",
        ja: "ガードレール: メンバーアカウントがアカウントレベルの S3 パブリックアクセスブロックを変更できない",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "The account-level public access block stops any bucket of the account from being made public. Effective SCPs should deny s3:PutAccountPublicAccessBlock so that nobody in the account can switch it off.",
        ja: "アカウントレベルのパブリックアクセスブロックは、アカウント内のどのバケットも公開されないようにする。アカウント内の誰も無効化できないよう、有効な SCP で s3:PutAccountPublicAccessBlock を拒否すべきである。",
    },
    remediation: Text {
        en: "Attach at the root an SCP statement denying s3:PutAccountPublicAccessBlock on \"*\".",
        ja: "ルートに s3:PutAccountPublicAccessBlock を \"*\" に対して拒否するステートメントを持つ SCP をアタッチする。",
    },
    sources: &[Source {
        seed: S002,
        section: "Q. S3作成時に『パブリックアクセスをすべてブロック』をチェックオフしたが、アクションから公開を選択しないと公開されない、という動きだが、これはACLを設定しなくてもパブリックアクセスならOKとする場合の設定でしょうか?",
    }],
    controls: &[],
    doc: Text { en: "", ja: "" },
    reads: &[Reads::Organization, Reads::Scps],
    ..RuleMeta::BASE
};

crate::declare_rule!(Org6, META);

impl Rule for Org6 {
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
}
