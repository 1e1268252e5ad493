use super::*;
use crate::meta::seeds::{S001, S004};
use crate::{
    Context, ParamDefault, ParamKind, ParamSpec, Reads, Rule, RuleMeta, Service, Source, Text,
};
use orgaudit_model::{Finding, Severity, Status};

use crate::permissions::Class;

static META: RuleMeta = RuleMeta {
    id: "SSO.2",
    service: Service::Sso,
    title: Text { en: "Least privilege: no assigned permission set is admin-equivalent", ja: "最小権限: 割り当てられた権限セットが管理者相当でない" },
    severity: Severity::High,
    rationale: Text {
        en: "Least privilege: production permission sets should grant what the job needs, not AdministratorAccess or Action * on Resource *. A time-bound grant (DateLessThan aws:CurrentTime) is medium until it ends; an expired one is clean-up.",
        ja: "最小権限の原則: 本番の権限セットは業務に必要な権限だけを与え、AdministratorAccess や Resource * への Action * を与えない。時間限定の付与 (DateLessThan aws:CurrentTime) は期限まで中、期限切れは削除対象 (低) とする。",
    },
    remediation: Text {
        en: "Replace the set with a least-privilege one; for emergencies use a time-bound break-glass grant with MFA, and remove expired grants.",
        ja: "最小権限の権限セットに置き換える。緊急時は MFA 付きの時間限定ブレークグラスを使い、期限切れの付与は削除する。",
    },
    sources: &[Source { seed: S004, section: "Chatbotと時間限定IAMポリシーを使用した本番接続運用を考える" }, Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" }, Source { seed: S004, section: "Azure AD と AWS SSOの連携" }],
    controls: &[],
    doc: Text {
        en: "One finding per account and assigned permission set (each pair once, whatever the number of principals). The set is classified by evaluating requests, at the snapshot's time and under its permissions boundary (left out, with a note, when the boundary could not be read), against its inline policy and its AWS managed policies (AdministratorAccess, PowerUserAccess, IAMFullAccess and AmazonS3FullAccess from documents orgaudit carries; ReadOnlyAccess, ViewOnlyAccess and SecurityAudit as allowing Get, List and Describe only; SystemAdministrator, NetworkAdministrator, DatabaseAdministrator, AdministratorAccess-Amplify and AWSOrganizationsFullAccess as privileged by name; any other AWS managed policy as not read): it is admin-equivalent when a privilege-escalation path (changing IAM principals, their policies, trust or credentials; iam:PassRole to a service that runs code) is open on resources other than its own. It fails when the set is admin-equivalent, at medium while a time-bound grant (DateLessThan aws:CurrentTime) is in force and at low once it has expired; it passes for any other class, and for a set whose name matches allowed_admin_permission_sets, saying so. It is unknown when the assignment's permission set was not read or the boundary's document is not known (a customer-managed boundary, or an AWS managed one orgaudit does not carry), and also, unless what could be read is admin-equivalent, when a policy was not read or could not be parsed (customer-managed policy documents are never collected) or the requests are too many to decide. One unknown finding is given per principal whose assignments could not be listed, and a single unknown finding when Identity Center was not collected or could not be read, or the snapshot's time is unknown.",
        ja: "アカウントと割り当てられた権限セットの組ごとに、プリンシパルの数にかかわらず 1 件の検出結果を出す。権限セットは、インラインポリシーと AWS 管理ポリシー (AdministratorAccess・PowerUserAccess・IAMFullAccess・AmazonS3FullAccess は orgaudit が持つ文書で、ReadOnlyAccess・ViewOnlyAccess・SecurityAudit は Get・List・Describe だけを許可するものとして扱い、SystemAdministrator・NetworkAdministrator・DatabaseAdministrator・AdministratorAccess-Amplify・AWSOrganizationsFullAccess は名前で特権とみなし、それ以外の AWS 管理ポリシーは読めなかったものとする) に対し、スナップショットの時刻とアクセス許可の境界 (境界を読めなかった場合は、その旨を記して境界なしで評価する) のもとでリクエストを評価して分類し、自分以外のリソースに対する権限昇格の経路 (IAM プリンシパルやそのポリシー・信頼関係・認証情報の作成や変更、コードを実行するサービスへの iam:PassRole) が開いていれば管理者相当とする。管理者相当なら不合格とし (時間限定の付与 (DateLessThan aws:CurrentTime) が有効な間は medium、期限切れなら low)、それ以外の分類と、名前が allowed_admin_permission_sets に一致する権限セットは (その旨を示して) 合格とする。割り当ての権限セットを読めなかった場合や、境界の文書が分からない場合 (カスタマー管理の境界、または orgaudit が文書を持たない AWS 管理ポリシーの境界) は不明とし、ポリシーを読めない・解析できない場合 (カスタマー管理ポリシーの文書は収集しない) やリクエストの組み合わせが多すぎて判定できない場合も、読めた範囲で管理者相当でない限り不明とする。割り当てを一覧できなかったプリンシパルごとに不明の検出結果を 1 件出し、Identity Center を収集しなかった場合や読めなかった場合、スナップショットの時刻が不明な場合は不明の検出結果を 1 件だけ出す。",
    },
    params: &[ParamSpec {
        name: "allowed_admin_permission_sets",
        kind: ParamKind::Patterns,
        default: ParamDefault::Patterns(&[]),
        strict: None,
        doc: Text {
            en: "Permission sets (name patterns) allowed to be admin-equivalent, such as a break-glass set: their findings pass and say why.",
            ja: "管理者相当であることを認める権限セット (名前のパターン。ブレークグラス用など)。その検出結果は合格とし、理由を示す。",
        },
    }],
    reads: &[Reads::IdentityCenter],
};

crate::declare_rule!(
    Sso2,
    META,
    params {
        allowed_admin_permission_sets: patterns
    }
);

impl Rule for Sso2 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let s = match sso(ctx, &META) {
            Ok(s) => s,
            Err(f) => return vec![f],
        };
        let now = match now(ctx, &META) {
            Ok(t) => t,
            Err(f) => return vec![f],
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for a in &s.assignments {
            if !seen.insert((a.account_id.clone(), a.permission_set_arn.clone())) {
                continue;
            }
            let Some(ps) = set_of(s, a) else {
                out.push(unseen_set(&META, a));
                continue;
            };
            let mut f = set_finding(&META, Status::Pass, ps, Some(&a.account_id));
            f.expected = "not admin-equivalent".into();
            let (class, notes) = classify_set(ps, now);
            f.evidence = notes;
            match class {
                Err(why) => {
                    f.status = Status::Unknown;
                    f.observed = why;
                }
                Ok(c) => {
                    f.evidence.extend(c.reasons.clone());
                    f.evidence
                        .extend(c.mitigations.iter().map(|m| format!("mitigation: {m}")));
                    let allowed = Sso2::allowed_admin_permission_sets(ctx)
                        .iter()
                        .find(|p| orgaudit_policy::wildcard_match(p, &ps.name, false));
                    if let (Class::AdminEquivalent, Some(pattern)) = (c.class, allowed) {
                        f.observed = format!(
                            "admin-equivalent, allowed by configuration (pattern `{pattern}`)"
                        );
                    } else if c.class == Class::AdminEquivalent {
                        f.status = Status::Fail;
                        match &c.time_bound {
                            Some(t) if t.expired => {
                                f.set_severity(Severity::Low);
                                f.observed = format!(
                                    "admin-equivalent grant expired {}: clean it up",
                                    t.until
                                );
                            }
                            Some(t) => {
                                f.set_severity(Severity::Medium);
                                f.observed = format!("admin-equivalent until {}", t.until);
                            }
                            None => f.observed = "admin-equivalent".into(),
                        }
                    } else {
                        f.observed = c.class.as_str().to_string();
                    }
                }
            }
            out.push(f);
        }
        out.extend(unlisted_assignments(&META, s));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_break_glass_sets_may_be_admin() {
        let s = testdata::snapshot();
        let mut settings = crate::Settings::default();
        settings.set_param(
            "SSO.2",
            "allowed_admin_permission_sets",
            crate::ParamValue::Patterns(vec!["Adm?n".into()]),
        );
        let cat = crate::Catalogue::build(settings).unwrap();
        let fs = Sso2.evaluate(&Context::with_catalogue(&s, &cat));
        let admin = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some("Admin"))
            .unwrap();
        assert_eq!(admin.status, Status::Pass);
        assert!(
            admin.observed.contains("allowed by configuration"),
            "{admin:?}"
        );
    }

    #[test]
    fn admin_time_bound_expired_and_ordinary() {
        let s = testdata::snapshot();
        let fs = Sso2.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(
            (by("Admin").status, by("Admin").severity),
            (Status::Fail, Severity::High)
        );
        assert_eq!(
            (by("BreakGlass").status, by("BreakGlass").severity),
            (Status::Fail, Severity::Medium)
        );
        assert!(by("BreakGlass").evidence.iter().any(|e| e.contains("MFA")));
        assert_eq!(
            (by("Expired").status, by("Expired").severity),
            (Status::Fail, Severity::Low)
        );
        assert_eq!(by("ReadOnly").status, Status::Pass);
    }

    #[test]
    fn assignments_not_fully_read_are_unknown_never_pass() {
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        let admin = sso.permission_sets.remove(0);
        sso.assignment_errors.push(testdata::failure(
            "ListAccountAssignmentsForPrincipal",
            "g-ops",
        ));
        let fs = Sso2.evaluate(&Context::new(&s));
        let unseen: Vec<_> = fs.iter().filter(|f| f.resource == admin.arn).collect();
        assert_eq!(
            unseen.len(),
            2,
            "one per account the unread set is assigned in"
        );
        assert!(unseen.iter().all(|f| f.status == Status::Unknown));
        assert!(fs
            .iter()
            .any(|f| f.status == Status::Unknown && f.observed.contains("g-ops")));
    }

    crate::findings_snapshot!(Sso2, crate::sso::testdata::snapshot());
}
