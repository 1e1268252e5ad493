use super::*;
use crate::meta::seeds::S004;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "SSO.8",
    service: Service::Sso,
    title: Text {
        en: "Hygiene: every permission set is assigned somewhere",
        ja: "衛生: すべての権限セットがどこかに割り当てられている",
    },
    severity: Severity::Low,
    rationale: Text {
        en: "An unused permission set is dead weight that someone may assign later without review.",
        ja: "使われていない権限セットは、後でレビューなしに割り当てられかねない不要物である。",
    },
    remediation: Text {
        en:
            "Delete the permission set, or document why it is kept (for example a break-glass set).",
        ja: "権限セットを削除するか、残す理由 (例: ブレークグラス用) を文書化する。",
    },
    sources: &[Source {
        seed: S004,
        section: "Azure AD と AWS SSOの連携",
    }],
    doc: Text {
        en: "One finding per permission set. It passes when at least one account assignment uses the set, and fails when none does and the assignments of every principal could be listed. It is unknown when no assignment was found but the assignments of some principals could not be listed; one unknown finding is given per Identity Center instance whose permission sets could not be listed, and a single unknown finding when Identity Center was not collected or could not be read.",
        ja: "権限セットごとに 1 件の検出結果を出す。その権限セットを使うアカウントの割り当てが 1 つでもあれば合格とし、1 つもなく、すべてのプリンシパルの割り当ての一覧を取得できた場合は不合格とする。割り当てが見つからないが、割り当ての一覧を取得できなかったプリンシパルがある場合は不明とし、権限セットの一覧を取得できなかった Identity Center インスタンスごとに不明の検出結果を 1 件出し、Identity Center を収集しなかった場合や読めなかった場合は不明の検出結果を 1 件だけ出す。",
    },
    reads: &[Reads::IdentityCenter],
    messages: super::sso_messages!(
        "sso-8-",
        en: "
sso-8-expected = assigned to at least one account
sso-8-assigned = { $count } assignment(s)
sso-8-unused = assigned to no account
sso-8-unlisted = no assignment found, but { $count } list(s) of principals or assignments could not be read
",
        ja: "
sso-8-expected = 1 つ以上のアカウントに割り当てられていること
sso-8-assigned = アカウントの割り当て { $count } 件
sso-8-unused = どのアカウントにも割り当てられていない
sso-8-unlisted = 割り当ては見つからなかったが、プリンシパルまたは割り当ての一覧 { $count } 件を読み取れなかった
",
    ),
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso8, META);

impl Rule for Sso8 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_set(ctx, &META, |s, ps| {
            let n = s
                .assignments
                .iter()
                .filter(|a| a.permission_set_arn == ps.arn)
                .count();
            let status = if n > 0 {
                Status::Pass
            } else if assignment_gaps(s).is_empty() {
                Status::Fail
            } else {
                Status::Unknown
            };
            let mut f = set_finding(&META, status, ps, None);
            f.expect(msg!("sso-8-expected"));
            f.observe(match status {
                Status::Pass => msg!("sso-8-assigned", count = n),
                Status::Fail => msg!("sso-8-unused"),
                Status::Unknown => msg!("sso-8-unlisted", count = assignment_gaps(s).len()),
            });
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_fails() {
        let s = testdata::snapshot();
        let fs = Sso8.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(by("Unused").status, Status::Fail);
        assert_eq!(by("Admin").status, Status::Pass);
    }

    crate::findings_snapshot!(Sso8, crate::sso::testdata::snapshot());
}
