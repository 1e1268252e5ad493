use crate::meta::seeds::S003;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{AccountAccess, Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "COV.1",
    service: Service::Collection,
    title: Text {
        en: "Every account of the organization could be audited",
        ja: "組織のすべてのアカウントを監査できた",
    },
    severity: Severity::High,
    rationale: Text {
        en: "An account orgaudit cannot enter (the audit role is missing, its trust or external id does not match, an SCP blocks it) is an account nobody checks. Its settings are unknown, not compliant.",
        ja: "orgaudit が入れないアカウント (監査ロールがない、信頼ポリシーや外部 ID が一致しない、SCP に阻まれる) は誰も確認していないアカウントである。その設定は準拠ではなく不明である。",
    },
    remediation: Text {
        en: "Deploy the audit role to the account (the StackSet in deploy/) with a trust policy for the auditing principal, or pass the right --role-name / --external-id.",
        ja: "監査ロールをアカウントにデプロイし (deploy/ の StackSet)、監査元プリンシパルを信頼させる。または正しい --role-name / --external-id を指定する。",
    },
    sources: &[Source { seed: S003, section: "AWSの設計におけるベストプラクティス" }],
    doc: Text {
        en: "One finding per account of the organization's account list. It passes when the audit role could be assumed (for the caller's own account, when its own credentials were used), and also when the account was deliberately not entered because its status is not ACTIVE (a suspended account), with that reason. The evidence names the regions audited in the account and those asked for with --regions that are not enabled for it (account:ListRegions). It is unknown when the role could not be assumed, when every enabled region was to be audited but the account's enabled regions could not be read (it was audited in the regions enabled by default only), with the error (AccessDenied, a trust policy or external id that does not match, an SCP), and a single unknown finding is given for the organization when its account list could not be read; this rule never fails.",
        ja: "組織のアカウント一覧のアカウントごとに 1 件の検出結果を出す。監査ロールを引き受けられた場合 (呼び出し元自身のアカウントでは自身の認証情報で読めた場合) は合格とし、状態が ACTIVE でない (停止中など) ため意図して入らなかったアカウントも、その理由を添えて合格とする。根拠には、アカウントで監査したリージョンと、--regions で指定したがアカウントで有効でないリージョン (account:ListRegions) を示す。有効なすべてのリージョンを監査する指定でアカウントの有効なリージョンを読めなかった場合 (デフォルトで有効なリージョンだけを監査した) は不明とする。ロールを引き受けられなかった場合は、そのエラー (AccessDenied、信頼ポリシーや外部 ID の不一致、SCP による拒否など) を添えて不明とし、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件だけ出す。この規則が不合格を出すことはない。",
    },
    reads: &[Reads::AccountAccess],
    messages: Text {
        en: "
cov-1-expected = the audit role can be assumed
cov-1-read-as = read as { $via }
cov-1-unreachable = not reachable: { $code }: { $message }
cov-1-skipped = not audited: { $reason }
cov-1-read-as-default-regions = read as { $via }, but its enabled regions could not be read ({ $code }: { $message }): audited in the regions enabled by default only
cov-1-skipped-default-regions = not audited: { $reason }, but its enabled regions could not be read ({ $code }: { $message }): audited in the regions enabled by default only
",
        ja: "
cov-1-expected = 監査ロールを引き受けられること
cov-1-read-as = { $via } として読み取った
cov-1-unreachable = アクセスできなかった: { $code }: { $message }
cov-1-skipped = 監査しなかった: { $reason }
cov-1-read-as-default-regions = { $via } として読み取ったが、有効なリージョンの一覧を取得できなかった ({ $code }: { $message }): デフォルトで有効なリージョンだけを監査した
cov-1-skipped-default-regions = 監査しなかった: { $reason }。また、有効なリージョンの一覧を取得できなかった ({ $code }: { $message }): デフォルトで有効なリージョンだけを監査した
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Cov1, META);

impl Rule for Cov1 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let org = &ctx.snapshot.organization;
        let mut out: Vec<Finding> = ctx
            .snapshot
            .account_access
            .iter()
            .map(|(id, access)| {
                let account = org.account(id);
                let resource = account
                    .map(|a| a.arn.clone())
                    .unwrap_or_else(|| ctx.snapshot.account_root_arn(id));
                let (status, observed, evidence) = match access {
                    AccountAccess::Reachable { via } => {
                        (Status::Pass, msg!("cov-1-read-as", via = via), vec![])
                    }
                    AccountAccess::Unreachable { error } => (
                        Status::Unknown,
                        msg!(
                            "cov-1-unreachable",
                            code = &error.code,
                            message = &error.message
                        ),
                        vec![error.summary()],
                    ),
                    AccountAccess::Skipped { reason } => {
                        (Status::Pass, msg!("cov-1-skipped", reason = reason), vec![])
                    }
                };
                let mut f = META.finding(status, resource);
                f.account_id = Some(id.clone());
                f.resource_name = account.map(|a| a.name.clone());
                f.expect(msg!("cov-1-expected"));
                f.observe(observed);
                f.evidence = evidence;
                if let Some(r) = ctx.snapshot.regions.get(id) {
                    if let Some(e) = regions(ctx, r, &mut f) {
                        // Read (or deliberately not entered), but its enabled regions are
                        // not known: not audited in every one of them.
                        let partial = match access {
                            AccountAccess::Reachable { via } => Some(msg!(
                                "cov-1-read-as-default-regions",
                                via = via,
                                code = &e.code,
                                message = &e.message
                            )),
                            AccountAccess::Skipped { reason } => Some(msg!(
                                "cov-1-skipped-default-regions",
                                reason = reason,
                                code = &e.code,
                                message = &e.message
                            )),
                            AccountAccess::Unreachable { .. } => None,
                        };
                        if let Some(observed) = partial {
                            f.status = Status::Unknown;
                            f.observe(observed);
                        }
                    }
                }
                f
            })
            .collect();
        out.extend(crate::scope::unlisted_accounts(ctx, &META));
        out
    }
}

/// Which regions the account was audited in, and why others were not: asked for but not
/// enabled, or not known to be enabled (account:ListRegions failed while every enabled region
/// was to be audited, which makes a reachable account's audit incomplete: unknown). Returns
/// that error when it makes the finding, which passed so far, unknown (the caller says so).
fn regions<'r>(
    ctx: &Context<'_>,
    r: &'r orgaudit_model::AccountRegions,
    f: &mut Finding,
) -> Option<&'r orgaudit_model::CollectionError> {
    let requested = &ctx.snapshot.meta.requested_regions;
    f.evidence.push(format!("regions audited: {}", r.audited.join(", ")));
    let not_enabled = r.not_enabled(requested);
    if !not_enabled.is_empty() {
        f.evidence.push(format!(
            "not enabled for the account, so not audited: {}",
            not_enabled.join(", ")
        ));
    }
    let e = r.enabled.error()?;
    f.evidence.push(format!("enabled regions not read: {}", e.summary()));
    (requested.is_empty() && f.status == Status::Pass).then_some(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;
    use orgaudit_model::CollectionError;

    #[test]
    fn unreachable_is_unknown_with_the_error() {
        let mut s = testorg::snapshot();
        s.account_access.insert(
            "111111111111".into(),
            AccountAccess::Reachable {
                via: "arn:role".into(),
            },
        );
        s.account_access.insert(
            "222222222222".into(),
            AccountAccess::Unreachable {
                error: CollectionError {
                    account_id: Some("222222222222".into()),
                    region: None,
                    service: "STS".into(),
                    operation: "AssumeRole".into(),
                    code: "AccessDenied".into(),
                    message: "not authorized to perform sts:AssumeRole".into(),
                    subject: None,
                },
            },
        );
        let findings = Cov1.evaluate(&Context::new(&s));
        assert_eq!(findings[0].status, Status::Pass);
        assert_eq!(findings[1].status, Status::Unknown);
        assert!(findings[1].observed.contains("AccessDenied"));
        for f in &findings {
            crate::messages::check(f).unwrap();
        }
        assert_eq!(findings[1].resource_name.as_deref(), Some("sandbox"));
    }

    crate::findings_snapshot!(Cov1, crate::cloudtrail::testdata::snapshot());

    /// Account Management API Reference, "ListRegions": a reachable account whose enabled
    /// regions could not be read, audited in every enabled region, is not fully audited.
    #[test]
    fn unread_enabled_regions_make_a_reachable_account_unknown() {
        let mut s = testorg::snapshot();
        let id = "111111111111".to_string();
        s.account_access.insert(
            id.clone(),
            AccountAccess::Reachable { via: "role".into() },
        );
        let error = CollectionError {
            account_id: Some(id.clone()),
            region: None,
            service: "Account".into(),
            operation: "ListRegions".into(),
            code: "AccessDeniedException".into(),
            message: "denied".into(),
            subject: None,
        };
        s.regions.insert(
            id.clone(),
            orgaudit_model::AccountRegions {
                enabled: orgaudit_model::Fetched::Error(error),
                audited: vec!["us-east-1".into()],
            },
        );
        let get = |s: &orgaudit_model::Snapshot| {
            Cov1.evaluate(&Context::new(s))
                .into_iter()
                .find(|f| f.account_id.as_deref() == Some(id.as_str()))
                .unwrap()
        };
        let f = get(&s);
        assert_eq!(f.status, Status::Unknown, "{f:?}");
        assert!(f.observed.contains("enabled regions could not be read"), "{f:?}");
        assert!(f.observed.starts_with("read as role, but"), "{f:?}");
        crate::messages::check(&f).unwrap();
        // Regions asked for: they were audited; the account is read, with what is known.
        s.meta.requested_regions = vec!["us-east-1".into(), "me-south-1".into()];
        s.regions.get_mut(&id).unwrap().enabled =
            orgaudit_model::Fetched::Ok(vec!["us-east-1".into()]);
        let f = get(&s);
        assert_eq!(f.status, Status::Pass, "{f:?}");
        assert!(f
            .evidence
            .iter()
            .any(|e| e == "not enabled for the account, so not audited: me-south-1"));
    }
}
