use super::*;
use crate::meta::seeds::S004;
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "SSO.1",
    service: Service::Sso,
    title: Text { en: "Identity Center is enabled and permission sets are managed centrally", ja: "IAM Identity Center が有効で、権限セットが一元管理されている" },
    severity: Severity::Info,
    rationale: Text {
        en: "Identity Center lives in the management account and applies permission sets to many accounts from one place, instead of IAM users in every account.",
        ja: "IAM Identity Center は管理アカウントに置かれ、各アカウントの IAM ユーザーの代わりに、権限セットを一か所から多数のアカウントへ適用する。",
    },
    remediation: Text {
        en: "Enable IAM Identity Center in the management account (or delegate its administration) and connect the identity source.",
        ja: "管理アカウントで IAM Identity Center を有効化し (または管理を委任し)、ID ソースを接続する。",
    },
    sources: &[Source { seed: S004, section: "Azure AD と AWS SSOの連携" }],
    controls: &[],
    doc: Text {
        en: "One finding for Identity Center. It passes when at least one Identity Center instance is listed (the finding names the first and counts the permission sets and assignments read), and fails when the listing succeeds but returns no instance. It is unknown when Identity Center was not collected or its instances could not be listed.",
        ja: "IAM Identity Center について 1 件の検出結果を出す。インスタンスが 1 つ以上一覧されれば合格とし (検出結果は最初のインスタンスを示し、読み取った権限セットと割り当ての数を添える)、一覧には成功したがインスタンスがない場合は不合格とする。Identity Center を収集しなかった場合や、インスタンスを一覧できなかった場合は不明とする。",
    },
    reads: &[Reads::IdentityCenter],
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso1, META);

impl Rule for Sso1 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let s = match sso(ctx, &META) {
            Ok(s) => s,
            Err(f) => return vec![f],
        };
        let instances = s.instances.ok().cloned().unwrap_or_default();
        let Some(first) = instances.first() else {
            let mut f = META.finding(Status::Fail, "identity-center");
            f.expected = "an Identity Center instance".into();
            f.observed = "no Identity Center instance".into();
            return vec![f];
        };
        let mut f = META.finding(Status::Pass, first.arn.clone());
        f.account_id = first.owner_account_id.clone();
        f.expected = "an Identity Center instance".into();
        f.observed = format!(
            "{} instance(s), {} permission set(s), {} assignment(s)",
            instances.len(),
            s.permission_sets.len(),
            s.assignments.len()
        );
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_present() {
        let s = testdata::snapshot();
        let f = &Sso1.evaluate(&Context::new(&s))[0];
        assert_eq!(f.status, Status::Pass);
        assert!(f.observed.contains("permission set"));
    }

    crate::findings_snapshot!(Sso1, crate::sso::testdata::snapshot());
}
