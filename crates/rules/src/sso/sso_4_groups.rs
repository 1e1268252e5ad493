use super::*;
use crate::meta::seeds::S004;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "SSO.4",
    service: Service::Sso,
    title: Text { en: "Assign groups, not individual users", ja: "ユーザー個人ではなくグループに割り当てる" },
    severity: Severity::Low,
    rationale: Text {
        en: "Assignments to groups follow people as they join, move and leave; assignments to single users are forgotten and accumulate.",
        ja: "グループへの割り当ては入社・異動・退職に追従するが、個人への割り当ては忘れられて蓄積する。グループ単位で割り当てたほうが良い。",
    },
    remediation: Text {
        en: "Create a group for the role, add the user, assign the group, and remove the user assignment.",
        ja: "役割ごとのグループを作成してユーザーを追加し、グループを割り当てて個人の割り当てを削除する。",
    },
    sources: &[Source { seed: S004, section: "Azure AD と AWS SSOの連携" }],
    doc: Text {
        en: "One finding per account assignment (account, permission set and principal). It passes when the principal is a group and fails when it is a user, naming the user, also when the assignment's permission set itself was not read. One unknown finding is given per principal whose assignments could not be listed, and a single unknown finding when Identity Center was not collected or could not be read.",
        ja: "アカウントの割り当て (アカウント・権限セット・プリンシパルの組) ごとに 1 件の検出結果を出す。プリンシパルがグループなら合格、ユーザーならそのユーザーを示して不合格とし、割り当ての権限セット自体を読めなかった場合も同じように判定する。割り当ての一覧を取得できなかったプリンシパルごとに不明の検出結果を 1 件出し、Identity Center を収集しなかった場合や読めなかった場合は不明の検出結果を 1 件だけ出す。",
    },
    reads: &[Reads::IdentityCenter],
    messages: super::sso_messages!(
        "sso-4-",
        en: "
sso-4-expected = assigned to a group
sso-4-group = assigned to a group
sso-4-user = assigned to user { $user }
",
        ja: "
sso-4-expected = グループに割り当てられていること
sso-4-group = グループに割り当てられている
sso-4-user = ユーザー { $user } に割り当てられている
",
    ),
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso4, META);

impl Rule for Sso4 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let s = match sso(ctx, &META) {
            Ok(s) => s,
            Err(f) => return vec![f],
        };
        let users = s.users.ok().cloned().unwrap_or_default();
        let mut out: Vec<Finding> = s
            .assignments
            .iter()
            .map(|a| {
                let group = a.principal_type == "GROUP";
                let status = if group { Status::Pass } else { Status::Fail };
                // Who is assigned is known even when the set itself was not read.
                let mut f = match set_of(s, a) {
                    Some(ps) => set_finding(&META, status, ps, Some(&a.account_id)),
                    None => {
                        let mut f = META.finding(status, a.permission_set_arn.clone());
                        f.account_id = Some(a.account_id.clone());
                        f
                    }
                };
                f.expect(msg!("sso-4-expected"));
                let who = users
                    .iter()
                    .find(|u| u.id == a.principal_id)
                    .map(|u| u.user_name.clone())
                    .unwrap_or_else(|| a.principal_id.clone());
                f.observe(if group {
                    msg!("sso-4-group")
                } else {
                    msg!("sso-4-user", user = who)
                });
                f
            })
            .collect();
        out.extend(unlisted_assignments(&META, s));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_assignments_fail() {
        let s = testdata::snapshot();
        let fs = Sso4.evaluate(&Context::new(&s));
        assert!(fs
            .iter()
            .any(|f| f.status == Status::Fail && f.observed == "assigned to user alice"));
        assert!(fs.iter().any(|f| f.status == Status::Pass));
    }

    crate::findings_snapshot!(Sso4, crate::sso::testdata::snapshot());
}
