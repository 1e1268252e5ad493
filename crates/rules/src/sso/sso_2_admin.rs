use super::*;
use crate::meta::seeds::{S001, S004};
use crate::{
    msg, Context, ParamDefault, ParamKind, ParamSpec, Reads, Rule, RuleMeta, Say, Service, Source,
    Text,
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
    doc: Text {
        en: "One finding per account and assigned permission set (each pair once, whatever the number of principals). The set is classified by evaluating requests, at the snapshot's time and under its permissions boundary (left out, with a note, when the boundary could not be read), against its inline policy, its customer-managed policies as read in that account (IAM GetPolicy and GetPolicyVersion with the account's session: Identity Center resolves them by name and path in each account, so the same set can differ per account) and its AWS managed policies as read once per run (when one could not be read: AdministratorAccess, PowerUserAccess, IAMFullAccess and AmazonS3FullAccess from the published documents orgaudit carries, with a note; ReadOnlyAccess, ViewOnlyAccess and SecurityAudit as allowing Get, List and Describe only; SystemAdministrator, NetworkAdministrator, DatabaseAdministrator, AdministratorAccess-Amplify and AWSOrganizationsFullAccess as privileged by name; any other as not read): it is admin-equivalent when a privilege-escalation path (changing IAM principals, their policies, trust or credentials; iam:PassRole to a service that runs code) is open on resources other than its own. It fails when the set is admin-equivalent, at medium while a time-bound grant (DateLessThan aws:CurrentTime) is in force and at low once it has expired; it passes for any other class, and for a set whose name matches allowed_admin_permission_sets, saying so. It is unknown when the assignment's permission set was not read or the boundary's document is not known (a customer-managed boundary not read in that account, or an AWS managed one neither read nor carried by orgaudit), and also, unless what could be read is admin-equivalent, when a policy was not read or could not be parsed or the requests are too many to decide. One unknown finding is given per principal whose assignments could not be listed, and a single unknown finding when Identity Center was not collected or could not be read, or the snapshot's time is unknown.",
        ja: "アカウントと割り当てられた権限セットの組ごとに、プリンシパルの数にかかわらず 1 件の検出結果を出す。権限セットは、インラインポリシー、そのアカウントで読んだカスタマー管理ポリシー (そのアカウントのセッションで IAM の GetPolicy と GetPolicyVersion を呼ぶ。Identity Center は名前とパスでアカウントごとに解決するため、同じ権限セットでもアカウントによって内容が異なりうる)、実行ごとに 1 回読んだ AWS 管理ポリシー (読めなかった場合、AdministratorAccess・PowerUserAccess・IAMFullAccess・AmazonS3FullAccess は orgaudit が持つ公開文書を注記付きで使い、ReadOnlyAccess・ViewOnlyAccess・SecurityAudit は Get・List・Describe だけを許可するものとして扱い、SystemAdministrator・NetworkAdministrator・DatabaseAdministrator・AdministratorAccess-Amplify・AWSOrganizationsFullAccess は名前で特権とみなし、それ以外は読めなかったものとする) に対し、スナップショットの時刻とアクセス許可の境界 (境界を読めなかった場合は、その旨を記して境界なしで評価する) のもとでリクエストを評価して分類し、自分以外のリソースに対する権限昇格の経路 (IAM プリンシパルやそのポリシー・信頼関係・認証情報の作成や変更、コードを実行するサービスへの iam:PassRole) が開いていれば管理者相当とする。管理者相当なら不合格とし (時間限定の付与 (DateLessThan aws:CurrentTime) が有効な間は medium、期限切れなら low)、それ以外の分類と、名前が allowed_admin_permission_sets に一致する権限セットは (その旨を示して) 合格とする。割り当ての権限セットを読めなかった場合や、境界の文書が分からない場合 (そのアカウントで読めなかったカスタマー管理の境界、または読めず orgaudit も文書を持たない AWS 管理ポリシーの境界) は不明とし、ポリシーを読めない・解析できない場合やリクエストの組み合わせが多すぎて判定できない場合も、読めた範囲で管理者相当でない限り不明とする。割り当ての一覧を取得できなかったプリンシパルごとに不明の検出結果を 1 件出し、Identity Center を収集しなかった場合や読めなかった場合、スナップショットの時刻が不明な場合は不明の検出結果を 1 件だけ出す。",
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
    messages: super::sso_messages!(
        "sso-2-",
        en: "
sso-2-expected = not admin-equivalent
sso-2-unclassified = { $why }
sso-2-allowed = admin-equivalent, allowed by configuration (pattern `{ $pattern }`)
sso-2-expired = admin-equivalent grant expired { $until }: clean it up
sso-2-until = admin-equivalent until { $until }
sso-2-admin = admin-equivalent
sso-2-privileged = privileged
sso-2-service-wildcard = service-wide wildcard
sso-2-ordinary = ordinary
",
        ja: "
sso-2-expected = 管理者相当でないこと
sso-2-unclassified = 権限セットを分類できなかった: { $why }
sso-2-allowed = 管理者相当だが、設定で認められている (パターン `{ $pattern }`)
sso-2-expired = 管理者相当の付与が { $until } に期限切れになっている: 削除が必要
sso-2-until = { $until } まで管理者相当
sso-2-admin = 管理者相当
sso-2-privileged = 特権
sso-2-service-wildcard = サービス全体のワイルドカード
sso-2-ordinary = 通常
",
    ),
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
            f.expect(msg!("sso-2-expected"));
            let (class, notes) = classify_set(s, ps, now, Some(&a.account_id), probe_place(ctx.snapshot));
            f.evidence = notes;
            match class {
                Err(why) => {
                    f.status = Status::Unknown;
                    f.observe(msg!("sso-2-unclassified", why = why));
                }
                Ok(c) => {
                    f.evidence.extend(c.reasons.clone());
                    f.evidence
                        .extend(c.mitigations.iter().map(|m| format!("mitigation: {m}")));
                    let allowed = Sso2::allowed_admin_permission_sets(ctx)
                        .iter()
                        .find(|p| orgaudit_policy::wildcard_match(p, &ps.name, false));
                    if let (Class::AdminEquivalent, Some(pattern)) = (c.class, allowed) {
                        f.observe(msg!("sso-2-allowed", pattern = pattern));
                    } else if c.class == Class::AdminEquivalent {
                        f.status = Status::Fail;
                        match &c.time_bound {
                            Some(t) if t.expired => {
                                f.set_severity(Severity::Low);
                                f.observe(msg!("sso-2-expired", until = &t.until));
                            }
                            Some(t) => {
                                f.set_severity(Severity::Medium);
                                f.observe(msg!("sso-2-until", until = &t.until));
                            }
                            None => f.observe(msg!("sso-2-admin")),
                        }
                    } else {
                        f.observe(match c.class {
                            Class::AdminEquivalent => msg!("sso-2-admin"),
                            Class::Privileged => msg!("sso-2-privileged"),
                            Class::ServiceWildcard => msg!("sso-2-service-wildcard"),
                            Class::Ordinary => msg!("sso-2-ordinary"),
                        });
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

    /// IAM Identity Center User Guide, "Customer managed policies": a set's customer-managed
    /// reference is resolved by name and path in each account it is provisioned to, so the same
    /// set can be admin-equivalent in one account and ordinary in another.
    #[test]
    fn customer_managed_policies_are_judged_per_account() {
        use orgaudit_model::sso::Assignment;
        use orgaudit_model::Fetched;
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        let mut ops = sso.permission_sets[1].clone();
        ops.name = "Ops".into();
        ops.arn = "arn:aws:sso:::instance/ssoins-test/ps-ops".into();
        ops.managed_policies = Fetched::Ok(vec![]);
        ops.customer_managed = Fetched::Ok(vec!["/platform/Ops".into()]);
        sso.permission_sets.push(ops.clone());
        for account in ["111111111111", "222222222222", "333333333333"] {
            sso.assignments.push(Assignment {
                account_id: account.into(),
                permission_set_arn: ops.arn.clone(),
                principal_type: "GROUP".into(),
                principal_id: "g-devs".into(),
            });
        }
        let admin = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*"],"Resource":"*"}]}"#;
        let read = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:Describe*"],"Resource":"*"}]}"#;
        let doc = |t: &str| {
            [("/platform/Ops".to_string(), Fetched::Ok(t.to_string()))]
                .into_iter()
                .collect()
        };
        sso.customer_documents
            .insert("111111111111".into(), doc(admin));
        sso.customer_documents.insert("222222222222".into(), doc(read));
        sso.customer_documents.insert(
            "333333333333".into(),
            [(
                "/platform/Ops".to_string(),
                Fetched::Error(testdata::failure("GetPolicy", "/platform/Ops")),
            )]
            .into_iter()
            .collect(),
        );
        let fs = Sso2.evaluate(&Context::new(&s));
        let ops_in = |account: &str| {
            fs.iter()
                .find(|f| f.resource == ops.arn && f.account_id.as_deref() == Some(account))
                .unwrap_or_else(|| panic!("no finding for Ops in {account}"))
        };
        assert_eq!(ops_in("111111111111").status, Status::Fail);
        assert_eq!(ops_in("222222222222").status, Status::Pass);
        let unread = ops_in("333333333333");
        assert_eq!(unread.status, Status::Unknown, "{}", unread.observed);
        assert!(unread.observed.contains("/platform/Ops"), "{}", unread.observed);

        // Per set (SSO.3), every assigned account's copy counts.
        let f3 = crate::sso::sso_3_wildcards::Sso3.evaluate(&Context::new(&s));
        let ops3 = f3.iter().find(|f| f.resource == ops.arn).unwrap();
        assert_eq!(ops3.status, Status::Fail, "{}", ops3.observed);
        assert!(ops3.observed.contains("iam:*"), "{}", ops3.observed);
    }

    /// An AWS managed policy is judged from the document the run read, not from its name.
    #[test]
    fn aws_managed_policies_are_judged_from_their_documents() {
        use orgaudit_model::Fetched;
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        // ReadOnly attaches ReadOnlyAccess; say its document now grants iam:PassRole too.
        sso.managed_documents.insert(
            "arn:aws:iam::aws:policy/ReadOnlyAccess".into(),
            Fetched::Ok(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*"],"Resource":"*"}]}"#
                    .into(),
            ),
        );
        // AdministratorAccess could not be read: orgaudit's copy of the published document is
        // used, and a note says so.
        sso.managed_documents.insert(
            "arn:aws:iam::aws:policy/AdministratorAccess".into(),
            Fetched::Error(testdata::failure("GetPolicy", "AdministratorAccess")),
        );
        let fs = Sso2.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(by("ReadOnly").status, Status::Fail);
        assert_eq!(by("Admin").status, Status::Fail);
        assert!(
            by("Admin").evidence.iter().any(|e| e.contains("orgaudit's copy")),
            "{:?}",
            by("Admin").evidence
        );
    }

    /// IAM User Guide, "IAM ARNs": an aws-us-gov organization's policies name `arn:aws-us-gov:`
    /// resources, and its requests are made there: the classifier probes in the snapshot's
    /// partition, so such a grant of iam:* is admin-equivalent, not "ordinary".
    #[test]
    fn sets_are_classified_in_the_organizations_partition() {
        use orgaudit_model::Fetched;
        let mut s = testdata::snapshot();
        let sso = s.sso.as_mut().unwrap();
        let gov = sso.permission_sets.iter_mut().find(|p| p.name == "ReadOnly").unwrap();
        gov.managed_policies = Fetched::Ok(vec![]);
        gov.inline_policy = Fetched::Ok(Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws-us-gov:iam::*:*"}]}"#.into(),
        ));
        let status = |s: &orgaudit_model::Snapshot| {
            Sso2.evaluate(&Context::new(s))
                .into_iter()
                .find(|f| f.resource_name.as_deref() == Some("ReadOnly"))
                .unwrap()
                .status
        };
        s.meta.caller_arn = "arn:aws-us-gov:iam::000000000000:role/Audit".into();
        assert_eq!(status(&s), Status::Fail);
        // The same text in the aws partition names no resource of the organization.
        s.meta.caller_arn = "arn:aws:iam::000000000000:role/Audit".into();
        assert_eq!(status(&s), Status::Pass);
    }

    crate::findings_snapshot!(Sso2, crate::sso::testdata::snapshot());
}
