use super::*;
use crate::meta::seeds::S004;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "SSO.3",
    service: Service::Sso,
    title: Text { en: "Least privilege: no policy of the permission set allows service-wide wildcards on every resource", ja: "最小権限: 権限セットのどのポリシーも全リソースにサービス全体のワイルドカードを許可していない" },
    severity: Severity::Medium,
    rationale: Text {
        en: "s3:*, kms:*, iam:* or * on Resource * (or a NotAction that reaches them) grants every present and future action of the service, including the destructive ones, whether it comes from an inline, customer-managed or AWS managed policy; least privilege names the actions and resources needed. It is reported whatever the set's class.",
        ja: "Resource * に対する s3:*・kms:*・iam:*・* (またはそれらに及ぶ NotAction) は、インライン・カスタマー管理・AWS 管理のいずれのポリシーによるものでも、破壊的な操作を含めそのサービスの現在と将来のすべての操作を許可する。最小権限では必要な操作とリソースを明示する。権限セットの分類にかかわらず報告する。",
    },
    remediation: Text {
        en: "Replace `service:*` with the actions the job needs, scoped to the resources it works on.",
        ja: "`service:*` を業務に必要な操作に置き換え、対象リソースに絞る。",
    },
    sources: &[Source { seed: S004, section: "Chatbotと時間限定IAMポリシーを使用した本番接続運用を考える" }, Source { seed: crate::meta::seeds::S003, section: "AWSの設計におけるベストプラクティス" }],
    doc: Text {
        en: "One finding per permission set, assigned or not. Its inline, customer-managed and AWS managed policies are read as SSO.2 reads them, the customer-managed ones as read in every account the set is assigned to (for a set assigned nowhere they cannot be read, and what they allow is unknown), the administrator policies SSO.2 knows by name not searched for wildcards and evaluated under its permissions boundary at the snapshot's time: it fails when some service has every action allowed on every resource, through service:*, * or a NotAction, trying iam, s3, kms, every service an Allow statement names, and every service at once. It passes when no such wildcard is found, every policy was read and every question decided. It is unknown, whatever was found, when the set cannot be classified (as for SSO.2: a policy not read or parsed while what could be read is not admin-equivalent, a boundary whose document is not known, too many requests to decide); and, when no wildcard was found, also when the set is admin-equivalent from what was read but some policy was not read, or when whether some service is allowed whole was too large a question to decide. One unknown finding is given per Identity Center instance whose permission sets could not be listed, and a single unknown finding when Identity Center was not collected or could not be read, or the snapshot's time is unknown.",
        ja: "権限セットごとに、割り当ての有無にかかわらず 1 件の検出結果を出す。インラインポリシー、カスタマー管理ポリシー、AWS 管理ポリシーを SSO.2 と同じように読み (カスタマー管理ポリシーは権限セットが割り当てられたすべてのアカウントで読み、どこにも割り当てられていなければ読めないため、それらが許可する内容は不明とする。SSO.2 が名前で判断する管理者ポリシーはワイルドカードを調べない)、アクセス許可の境界のもとでスナップショットの時刻に評価して、あるサービスのすべての操作がすべてのリソースに許可されていれば (service:*、*、NotAction のいずれによるものでも) 不合格とし、iam・s3・kms、Allow ステートメントが指定するすべてのサービス、およびすべてのサービスをまとめたものについて試す。そうしたワイルドカードが見つからず、すべてのポリシーを読めて、すべての問いを判定できた場合に合格とする。SSO.2 と同じく分類できない場合 (ポリシーを読めない・解析できず読めた範囲で管理者相当でない、境界の文書が分からない、リクエストの組み合わせが多すぎる) は見つかったものにかかわらず不明とし、ワイルドカードが見つからない場合も、読めた範囲で管理者相当だが読めなかったポリシーがあるとき や、あるサービス全体が許可されているかの問いが大きすぎて判定できないときは不明とする。権限セットの一覧を取得できなかった Identity Center インスタンスごとに不明の検出結果を 1 件出し、Identity Center を収集しなかった場合や読めなかった場合、スナップショットの時刻が不明な場合は不明の検出結果を 1 件だけ出す。",
    },
    reads: &[Reads::IdentityCenter],
    messages: super::sso_messages!(
        "sso-3-",
        en: "
sso-3-expected = no service:* on Resource *
sso-3-unclassified = { $why }
sso-3-wildcards = service-wide wildcards on every resource: { $services }
sso-3-wildcards-notaction = service-wide wildcards on every resource: { $before }every service but those a NotAction leaves out{ $after }
sso-3-unread = no service-wide wildcard in the policies read, but { $unread }
sso-3-by-name = no service-wide wildcard in the policies read; AWS managed { $policies } known by name only (its document was not read)
sso-3-undecided = too many combinations of request values to decide whether { $services } is allowed on every resource
sso-3-none = no service-wide wildcard
",
        ja: "
sso-3-expected = Resource * に対する service:* がないこと
sso-3-unclassified = 権限セットを分類できなかった: { $why }
sso-3-wildcards = すべてのリソースに対するサービス全体のワイルドカード: { $services }
sso-3-wildcards-notaction = すべてのリソースに対するサービス全体のワイルドカード: { $before }NotAction が除外するもの以外のすべてのサービス{ $after }
sso-3-unread = 読み取れたポリシーにはサービス全体のワイルドカードがないが、読み取れなかったものがある: { $unread }
sso-3-by-name = 読み取れたポリシーにはサービス全体のワイルドカードがないが、AWS 管理ポリシー { $policies } は名前でしか判断していない (ポリシードキュメントを読み取れなかった)
sso-3-undecided = リクエスト値の組み合わせが多すぎて、{ $services } がすべてのリソースに許可されているか判定できない
sso-3-none = サービス全体のワイルドカードはない
",
    ),
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso3, META);

impl Rule for Sso3 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let now = match now(ctx, &META) {
            Ok(t) => t,
            Err(f) => return vec![f],
        };
        per_set(ctx, &META, |s, ps| {
            let mut f = set_finding(&META, Status::Pass, ps, None);
            f.expect(msg!("sso-3-expected"));
            // Every policy of the set, AWS managed ones included (PRACTICES.md SSO.3).
            match classify_set(s, ps, now, None, probe_place(ctx.snapshot)).0 {
                Err(why) => {
                    f.status = Status::Unknown;
                    f.observe(msg!("sso-3-unclassified", why = why));
                }
                Ok(c) if !c.wildcard_services.is_empty() => {
                    f.status = Status::Fail;
                    f.evidence
                        .extend(c.reasons.iter().filter(|r| r.contains("allows")).cloned());
                    let named: Vec<String> = c
                        .wildcard_services
                        .iter()
                        .map(|s| match s.as_str() {
                            "*" => "*".to_string(),
                            s => format!("{s}:*"),
                        })
                        .collect();
                    // `*` without iam: every service but those a NotAction leaves out, which
                    // the message says in its place in the list.
                    let notaction = c
                        .wildcard_services
                        .iter()
                        .position(|w| w == "*")
                        .filter(|_| !c.wildcard_services.iter().any(|w| w == "iam"));
                    f.observe(match notaction {
                        Some(i) => msg!(
                            "sso-3-wildcards-notaction",
                            before = named[..i].iter().map(|s| format!("{s}, ")).collect::<String>(),
                            after = named[i + 1..].iter().map(|s| format!(", {s}")).collect::<String>()
                        ),
                        None => msg!("sso-3-wildcards", services = named.join(", ")),
                    });
                }
                // No wildcard found is a pass only if every policy was read and every
                // question decided (nothing silent).
                Ok(c) if !c.unread.is_empty() => {
                    f.status = Status::Unknown;
                    f.observe(msg!("sso-3-unread", unread = c.unread.join("; ")));
                }
                Ok(c) if !c.by_name.is_empty() => {
                    f.status = Status::Unknown;
                    f.observe(msg!("sso-3-by-name", policies = c.by_name.join(", ")));
                }
                Ok(c) if !c.wildcards_undecided.is_empty() => {
                    f.status = Status::Unknown;
                    f.observe(msg!(
                        "sso-3-undecided",
                        services = c
                            .wildcards_undecided
                            .iter()
                            .map(|s| format!("{s}:*"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                Ok(_) => f.observe(msg!("sso-3-none")),
            }
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_flagged() {
        let s = testdata::snapshot();
        let fs = Sso3.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(
            by("DataOps").observed,
            "service-wide wildcards on every resource: s3:*"
        );
        assert_eq!(
            crate::messages::render("ja", by("DataOps").observed_msg.as_ref().unwrap()).as_deref(),
            Some("すべてのリソースに対するサービス全体のワイルドカード: s3:*")
        );
        assert_eq!(by("ReadOnly").status, Status::Pass);
    }

    /// An escalation path makes the set admin-equivalent without any service-wide wildcard;
    /// an unread customer-managed policy might hold one: unknown, not pass.
    #[test]
    fn an_unread_policy_beside_an_admin_grant_is_unknown() {
        let mut s = testdata::snapshot();
        let ps = &mut s.sso.as_mut().unwrap().permission_sets[0];
        ps.managed_policies = orgaudit_model::Fetched::Ok(vec![]);
        ps.inline_policy = orgaudit_model::Fetched::Ok(Some(
            r#"{"Statement":[{"Effect":"Allow","Action":["iam:PutRolePolicy"],"Resource":"*"}]}"#
                .into(),
        ));
        ps.customer_managed = orgaudit_model::Fetched::Ok(vec!["/team/Ops".into()]);
        let name = ps.name.clone();
        let fs = Sso3.evaluate(&Context::new(&s));
        let f = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some(name.as_str()))
            .unwrap();
        assert_eq!(f.status, Status::Unknown, "{}", f.observed);
        assert!(f.observed.contains("/team/Ops"), "{}", f.observed);
    }

    #[test]
    fn an_unread_aws_managed_policy_is_unknown() {
        let mut s = testdata::snapshot();
        let ps = &mut s.sso.as_mut().unwrap().permission_sets[1];
        ps.managed_policies =
            orgaudit_model::Fetched::Ok(vec!["arn:aws:iam::aws:policy/AmazonEC2FullAccess".into()]);
        let name = ps.name.clone();
        let fs = Sso3.evaluate(&Context::new(&s));
        let f = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some(name.as_str()))
            .unwrap();
        assert_eq!(f.status, Status::Unknown, "{}", f.observed);
    }

    #[test]
    fn sets_that_could_not_be_listed_are_unknown() {
        let mut s = testdata::snapshot();
        s.sso
            .as_mut()
            .unwrap()
            .permission_set_errors
            .push(testdata::failure(
                "ListPermissionSets",
                "arn:aws:sso:::instance/ssoins-test",
            ));
        let fs = Sso3.evaluate(&Context::new(&s));
        assert!(fs
            .iter()
            .any(|f| f.status == Status::Unknown
                && f.resource == "arn:aws:sso:::instance/ssoins-test"));
    }

    /// AWSOrganizationsFullAccess is classed by name only: whether it holds a service-wide
    /// wildcard was not evaluated.
    #[test]
    fn a_policy_known_by_name_only_is_unknown() {
        let mut s = testdata::snapshot();
        let ps = &mut s.sso.as_mut().unwrap().permission_sets[1];
        ps.managed_policies = orgaudit_model::Fetched::Ok(vec![
            "arn:aws:iam::aws:policy/AWSOrganizationsFullAccess".into(),
        ]);
        let name = ps.name.clone();
        let fs = Sso3.evaluate(&Context::new(&s));
        let f = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some(name.as_str()))
            .unwrap();
        assert_eq!(f.status, Status::Unknown, "{}", f.observed);
    }

    /// `*` without iam (a NotAction) is said in words, in its place in the list, in English
    /// and in Japanese.
    #[test]
    fn every_service_but_a_notaction_is_said_in_words() {
        let mut s = testdata::snapshot();
        let ps = &mut s.sso.as_mut().unwrap().permission_sets[2];
        ps.inline_policy = orgaudit_model::Fetched::Ok(Some(
            r#"{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#.into(),
        ));
        let name = ps.name.clone();
        let fs = Sso3.evaluate(&Context::new(&s));
        let f = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some(name.as_str()))
            .unwrap();
        assert_eq!(f.status, Status::Fail, "{}", f.observed);
        assert!(
            f.observed
                .contains("every service but those a NotAction leaves out"),
            "{}",
            f.observed
        );
        crate::messages::check(f).unwrap();
    }

    crate::findings_snapshot!(Sso3, crate::sso::testdata::snapshot());
}
