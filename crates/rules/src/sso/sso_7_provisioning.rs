use super::*;
use crate::meta::seeds::S004;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "SSO.7",
    service: Service::Sso,
    title: Text { en: "Provisioning drift: every assigned account has the latest version of its permission set", ja: "プロビジョニングのずれ: 割り当て先のすべてのアカウントに権限セットの最新版が反映されている" },
    severity: Severity::Low,
    rationale: Text {
        en: "A change to a permission set only takes effect where it is re-provisioned; elsewhere the old permissions stay, whatever the set now says.",
        ja: "権限セットの変更は再プロビジョニングしたアカウントでしか有効にならない。それ以外では、権限セットの現在の内容にかかわらず古い権限が残る。",
    },
    remediation: Text {
        en: "Re-provision the permission set to the listed accounts (`aws sso-admin provision-permission-set --target-type ALL_PROVISIONED_ACCOUNTS`).",
        ja: "一覧のアカウントに権限セットを再プロビジョニングする (`aws sso-admin provision-permission-set --target-type ALL_PROVISIONED_ACCOUNTS`)。",
    },
    sources: &[Source { seed: S004, section: "Azure AD と AWS SSOの連携" }],
    doc: Text {
        en: "One finding per permission set, from the accounts where its latest version is not provisioned (ListAccountsForProvisionedPermissionSet with ProvisioningStatus LATEST_PERMISSION_SET_NOT_PROVISIONED). It passes when there is no such account and fails when there is, naming the accounts. It is unknown when that list could not be read; one unknown finding is given per Identity Center instance whose permission sets could not be listed, and a single unknown finding when Identity Center was not collected or could not be read.",
        ja: "権限セットごとに、最新版がプロビジョニングされていないアカウントの一覧 (ProvisioningStatus を LATEST_PERMISSION_SET_NOT_PROVISIONED とした ListAccountsForProvisionedPermissionSet) から 1 件の検出結果を出す。該当するアカウントがなければ合格、あればそのアカウントを示して不合格とする。一覧を読めなかった場合は不明とし、権限セットの一覧を取得できなかった Identity Center インスタンスごとに不明の検出結果を 1 件出し、Identity Center を収集しなかった場合や読めなかった場合は不明の検出結果を 1 件だけ出す。",
    },
    reads: &[Reads::IdentityCenter],
    messages: super::sso_messages!(
        "sso-7-",
        en: "
sso-7-expected = latest version provisioned everywhere it is assigned
sso-7-up-to-date = up to date
sso-7-outdated = latest version not provisioned in { $accounts }
",
        ja: "
sso-7-expected = 割り当て先のすべてのアカウントに最新版がプロビジョニングされていること
sso-7-up-to-date = 最新版がプロビジョニングされている
sso-7-outdated = { $accounts } に最新版がプロビジョニングされていない
",
    ),
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso7, META);

impl Rule for Sso7 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_set(ctx, &META, |_, ps| {
            let mut f = set_finding(&META, Status::Unknown, ps, None);
            f.expect(msg!("sso-7-expected"));
            match ps.outdated_accounts.as_result() {
                Err(e) => f.observe(msg!("not-read", error = e.summary())),
                Ok(accts) if accts.is_empty() => {
                    f.status = Status::Pass;
                    f.observe(msg!("sso-7-up-to-date"));
                }
                Ok(accts) => {
                    f.status = Status::Fail;
                    f.observe(msg!("sso-7-outdated", accounts = accts.join(", ")));
                }
            }
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outdated_accounts_fail() {
        let s = testdata::snapshot();
        let fs = Sso7.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(
            by("ReadOnly").observed,
            "latest version not provisioned in 111111111111"
        );
        assert_eq!(by("Admin").status, Status::Pass);
    }

    crate::findings_snapshot!(Sso7, crate::sso::testdata::snapshot());
}
