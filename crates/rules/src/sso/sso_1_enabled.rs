use super::*;
use crate::meta::seeds::S004;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
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
    doc: Text {
        en: "One finding for Identity Center. The instance is searched with ListInstances in --sso-region, else in the home region and then the other audited regions. It passes when an instance is found (the finding names it and counts the permission sets and assignments read). When none is found it fails only if the organization gives sso.amazonaws.com no trusted access (Identity Center is not enabled); otherwise the instance may live in a region not searched and the finding is unknown, as it is when Identity Center was not collected or its instances could not be listed. The other Identity Center practices are unknown too when no instance was found.",
        ja: "IAM Identity Center について 1 件の検出結果を出す。インスタンスは --sso-region で指定したリージョン、指定がなければホームリージョン、次に他の監査対象リージョンの順に ListInstances で探す。見つかれば合格とする (検出結果はそのインスタンスを示し、読み取った権限セットと割り当ての数を添える)。見つからない場合、組織が sso.amazonaws.com に信頼されたアクセスを与えていなければ (Identity Center が有効でない) 不合格とし、そうでなければ探していないリージョンにある可能性があるため不明とする。Identity Center を収集しなかった場合やインスタンスの一覧を取得できなかった場合も不明とする。インスタンスが見つからない場合は他の Identity Center の規則も不明とする。",
    },
    reads: &[Reads::IdentityCenter],
    messages: super::sso_messages!(
        "sso-1-",
        en: "
sso-1-instance = an Identity Center instance
sso-1-found = { $instances } instance(s), { $sets } permission set(s), { $assignments } assignment(s)
sso-1-not-enabled = Identity Center is not enabled for the organization: { $principal } has no trusted access, and no Identity Center instance was found
sso-1-not-enabled-in = Identity Center is not enabled for the organization: { $principal } has no trusted access, and no Identity Center instance was found in { $regions } (an instance lives in one region: name it with --sso-region)
",
        ja: "
sso-1-instance = IAM Identity Center のインスタンスがあること
sso-1-found = インスタンス { $instances } 個、権限セット { $sets } 個、アカウントの割り当て { $assignments } 件
sso-1-not-enabled = 組織で Identity Center が有効になっていない: { $principal } に信頼されたアクセスがなく、Identity Center インスタンスも見つからなかった
sso-1-not-enabled-in = 組織で Identity Center が有効になっていない: { $principal } に信頼されたアクセスがなく、{ $regions } で Identity Center インスタンスも見つからなかった (インスタンスは 1 つのリージョンにしか存在しない。--sso-region でそのリージョンを指定すること)
",
    ),
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso1, META);

/// Identity Center's service principal (AWS Organizations User Guide, "AWS services that you
/// can use with AWS Organizations").
const SSO_PRINCIPAL: &str = "sso.amazonaws.com";

impl Rule for Sso1 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let s = match sso_read(ctx, &META) {
            Ok(s) => s,
            Err(f) => return vec![f],
        };
        let instances = s.instances.ok().cloned().unwrap_or_default();
        let Some(first) = instances.first() else {
            // Not found where it was searched. Definitely absent only when the organization
            // gives Identity Center no trusted access: enabling it enables that access for
            // `sso.amazonaws.com` (AWS Organizations User Guide, "IAM Identity Center and AWS
            // Organizations").
            let mut f = META.finding(Status::Unknown, "identity-center");
            f.expect(msg!("sso-1-instance"));
            f.observe(not_found(&META, s));
            match ctx.snapshot.organization.service_access.as_result() {
                Ok(principals) if !principals.iter().any(|p| p == SSO_PRINCIPAL) => {
                    f.status = Status::Fail;
                    f.observe(if s.searched.is_empty() {
                        msg!("sso-1-not-enabled", principal = SSO_PRINCIPAL)
                    } else {
                        msg!(
                            "sso-1-not-enabled-in",
                            principal = SSO_PRINCIPAL,
                            regions = s.searched.join(", ")
                        )
                    });
                }
                Ok(_) => f.evidence.push(format!(
                    "{SSO_PRINCIPAL} has trusted access to the organization: an instance exists somewhere"
                )),
                Err(e) => f
                    .evidence
                    .push(format!("trusted services not read: {}", e.summary())),
            }
            return vec![f];
        };
        let mut f = META.finding(Status::Pass, first.arn.clone());
        f.account_id = first.owner_account_id.clone();
        f.expect(msg!("sso-1-instance"));
        f.observe(msg!(
            "sso-1-found",
            instances = instances.len(),
            sets = s.permission_sets.len(),
            assignments = s.assignments.len()
        ));
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

    /// An instance lives in one region: none found where orgaudit looked is unknown, unless
    /// the organization gives Identity Center no trusted access (then it is not enabled).
    #[test]
    fn no_instance_found_is_unknown_unless_the_service_is_not_enabled() {
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        sso.instances = orgaudit_model::Fetched::Ok(vec![]);
        sso.region = None;
        sso.searched = vec!["us-east-1".into(), "eu-west-1".into()];
        let f = &Sso1.evaluate(&Context::new(&s))[0];
        assert_eq!(f.status, Status::Unknown, "{}", f.observed);
        assert!(f.observed.contains("--sso-region"), "{}", f.observed);
        crate::messages::check(f).unwrap();

        s.organization.service_access = orgaudit_model::Fetched::Ok(vec![
            "cloudtrail.amazonaws.com".into(),
        ]);
        let f = &Sso1.evaluate(&Context::new(&s))[0];
        assert_eq!(f.status, Status::Fail, "{}", f.observed);
        assert!(f.observed.contains("--sso-region"), "{}", f.observed);
        crate::messages::check(f).unwrap();
        assert!(crate::messages::render("ja", f.observed_msg.as_ref().unwrap())
            .unwrap()
            .contains("有効になっていない"));
    }

    crate::findings_snapshot!(Sso1, crate::sso::testdata::snapshot());
}
