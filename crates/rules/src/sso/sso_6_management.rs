use super::*;
use crate::meta::seeds::S004;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

use crate::permissions::Class;

static META: RuleMeta = RuleMeta {
    id: "SSO.6",
    service: Service::Sso,
    title: Text { en: "The management account carries as few assignments as possible, and no admin-equivalent one", ja: "管理アカウントへの割り当ては最小限で、管理者相当の割り当てがない" },
    severity: Severity::Medium,
    rationale: Text {
        en: "The management account is not restricted by SCPs and controls the whole organization: whoever gets in there can undo every guardrail.",
        ja: "管理アカウントは SCP の制限を受けず組織全体を制御する。そこに入れる者はすべてのガードレールを取り消せる。",
    },
    remediation: Text {
        en: "Remove assignments from the management account; keep only a small, MFA-protected, time-bound break-glass path.",
        ja: "管理アカウントからの割り当てを削除し、MFA 付き・時間限定のブレークグラスだけを最小限に残す。",
    },
    sources: &[Source { seed: S004, section: "Azure AD と AWS SSOの連携" }],
    doc: Text {
        en: "One finding for the management account, over every account assignment made to it. It fails when there is any, even a single break-glass assignment or one whose permission set was not read; the severity is raised to high when one of the assigned permission sets is admin-equivalent as SSO.2 classifies it (an expired time-bound grant excepted), and a set that was not read or whose class cannot be decided leaves it at medium. It passes when no assignment is found and the assignments of every principal could be listed, and is unknown when none is found but the assignments of some principals could not be listed. It is also unknown when Identity Center was not collected or could not be read, when the management account is not known (the organization could not be described), or when the snapshot's time is unknown.",
        ja: "管理アカウントについて、そこへのすべての割り当てを見て 1 件の検出結果を出す。割り当てが 1 件でもあれば (ブレークグラス用の 1 件だけでも、権限セットを読めなかった割り当てでも) 不合格とし、割り当てられた権限セットのいずれかが SSO.2 と同じ分類で管理者相当 (期限切れの時間限定の付与を除く) なら重大度を high に上げ、読めなかった権限セットや分類を決められない権限セットでは重大度は medium のままである。割り当てが見つからず、すべてのプリンシパルの割り当ての一覧を取得できた場合は合格とし、見つからないが割り当ての一覧を取得できなかったプリンシパルがある場合は不明とする。Identity Center を収集しなかった場合や読めなかった場合、管理アカウントが分からない (組織の情報を取得できなかった) 場合、スナップショットの時刻が不明な場合も不明とする。",
    },
    reads: &[Reads::IdentityCenter, Reads::Organization],
    messages: super::sso_messages!(
        "sso-6-",
        en: "
sso-6-expected = no assignment (at most a break-glass path), none admin-equivalent
sso-6-no-management = the management account is not known
sso-6-admin = { $count } assignment(s), admin-equivalent: { $sets }
sso-6-assigned = { $count } assignment(s)
sso-6-assigned-undecided = { $count } assignment(s); whether { $sets } is admin-equivalent is unknown
sso-6-unlisted = no assignment among those listed; { $count } list(s) of principals or assignments could not be read
sso-6-none = no assignment
",
        ja: "
sso-6-expected = 割り当てがなく (あってもブレークグラス用のみ)、管理者相当のものがないこと
sso-6-no-management = 管理アカウントが不明
sso-6-admin = アカウントの割り当て { $count } 件、管理者相当: { $sets }
sso-6-assigned = アカウントの割り当て { $count } 件
sso-6-assigned-undecided = アカウントの割り当て { $count } 件。{ $sets } が管理者相当かどうかは不明
sso-6-unlisted = 一覧を取得できた範囲では割り当てはないが、プリンシパルまたは割り当ての一覧 { $count } 件を読み取れなかった
sso-6-none = 割り当てなし
",
    ),
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso6, META);

impl Rule for Sso6 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let s = match sso(ctx, &META) {
            Ok(s) => s,
            Err(f) => return vec![f],
        };
        let Some(mgmt) = ctx.snapshot.organization.management_account_id() else {
            let mut f = META.finding(Status::Unknown, "management-account");
            f.observe(msg!("sso-6-no-management"));
            f.expect(msg!("sso-6-expected-unset"));
            return vec![f];
        };
        let now = match now(ctx, &META) {
            Ok(t) => t,
            Err(f) => return vec![f],
        };
        let mut f = META.finding(
            Status::Pass,
            ctx.snapshot
                .organization
                .account(mgmt)
                .map(|a| a.arn.clone())
                .unwrap_or_else(|| ctx.snapshot.account_root_arn(mgmt)),
        );
        f.account_id = Some(mgmt.to_string());
        f.resource_name = ctx
            .snapshot
            .organization
            .account(mgmt)
            .map(|a| a.name.clone());
        f.expect(msg!("sso-6-expected"));
        let here: Vec<_> = s
            .assignments
            .iter()
            .filter(|a| a.account_id == mgmt)
            .collect();
        let mut admin = Vec::new();
        let mut undecided = Vec::new();
        for a in &here {
            let Some(ps) = set_of(s, a) else {
                f.evidence.push(format!(
                    "{} {} → {} (not read: whether it is admin-equivalent is unknown)",
                    a.principal_type.to_lowercase(),
                    a.principal_id,
                    a.permission_set_arn
                ));
                undecided.push(a.permission_set_arn.clone());
                continue;
            };
            f.evidence.push(format!(
                "{} {} → {}",
                a.principal_type.to_lowercase(),
                a.principal_id,
                ps.name
            ));
            match classify_set(s, ps, now, Some(&a.account_id), probe_place(ctx.snapshot)).0 {
                Ok(c)
                    if c.class == Class::AdminEquivalent
                        && c.time_bound.as_ref().is_none_or(|t| !t.expired) =>
                {
                    admin.push(ps.name.clone())
                }
                Ok(_) => {}
                Err(why) => {
                    f.evidence.push(format!(
                        "{}: whether it is admin-equivalent is unknown: {why}",
                        ps.name
                    ));
                    undecided.push(ps.name.clone());
                }
            }
        }
        let unlisted = assignment_gaps(s);
        if !admin.is_empty() {
            f.status = Status::Fail;
            f.set_severity(Severity::High);
            f.observe(msg!(
                "sso-6-admin",
                count = here.len(),
                sets = admin.join(", ")
            ));
        } else if !here.is_empty() {
            f.status = Status::Fail;
            f.observe(if undecided.is_empty() {
                msg!("sso-6-assigned", count = here.len())
            } else {
                msg!(
                    "sso-6-assigned-undecided",
                    count = here.len(),
                    sets = undecided.join(", ")
                )
            });
        } else if !unlisted.is_empty() {
            // Some principals' assignments are not known: "no assignment" cannot be said.
            f.status = Status::Unknown;
            f.observe(msg!("sso-6-unlisted", count = unlisted.len()));
            f.evidence.extend(unlisted.iter().map(|e| e.summary()));
        } else {
            f.observe(msg!("sso-6-none"));
        }
        vec![f]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_in_management_is_high() {
        let s = testdata::snapshot();
        let f = &Sso6.evaluate(&Context::new(&s))[0];
        assert_eq!((f.status, f.severity), (Status::Fail, Severity::High));
        assert!(f.observed.contains("Admin"));
    }

    #[test]
    fn no_assignment_is_not_said_when_some_could_not_be_listed() {
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        sso.assignments.retain(|a| a.account_id != "000000000000");
        sso.assignment_errors.push(testdata::failure(
            "ListAccountAssignmentsForPrincipal",
            "u-carol",
        ));
        let fs = Sso6.evaluate(&Context::new(&s));
        assert_eq!(fs[0].status, Status::Unknown, "{}", fs[0].observed);
    }

    /// Without the user list, no user's assignments were asked: "no assignment" cannot be said.
    #[test]
    fn no_assignment_is_not_said_without_the_user_list() {
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        sso.assignments.retain(|a| a.account_id != "000000000000");
        sso.users = orgaudit_model::Fetched::Error(testdata::failure("ListUsers", "d-test"));
        let fs = Sso6.evaluate(&Context::new(&s));
        assert_eq!(fs[0].status, Status::Unknown, "{}", fs[0].observed);
    }

    /// No instance found (it may live in a region not searched) is not "no assignment".
    #[test]
    fn no_instance_found_is_not_no_assignment() {
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        sso.instances = orgaudit_model::Fetched::Ok(vec![]);
        sso.assignments.clear();
        let fs = Sso6.evaluate(&Context::new(&s));
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].status, Status::Unknown, "{}", fs[0].observed);
    }

    crate::findings_snapshot!(Sso6, crate::sso::testdata::snapshot());
}
