use super::{bucket_finding, per_bucket};
use crate::bucket_policy::tls_for;
use crate::meta::seeds::S001;
use crate::rcp::{secure_transport, Perimeter};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::Fetched;
use orgaudit_model::{Finding, Message, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.7",
    service: Service::S3,
    title: Text {
        en: "Requests without TLS are denied, by the bucket policy or by an RCP",
        ja: "TLS なしのリクエストが、バケットポリシーまたは RCP によって拒否されている",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "Protecting data in transit is a design principle of the security pillar. S3 answers plain HTTP unless a policy denies requests where aws:SecureTransport is false, for the bucket and its objects, whoever makes them: the bucket policy, or a resource control policy in force for the bucket's account.",
        ja: "転送中のデータの保護はセキュリティの設計原則である。バケットとオブジェクトの両方について、誰からのものであれ aws:SecureTransport が false のリクエストをポリシー (バケットポリシー、またはバケットのアカウントに適用される RCP) が拒否しない限り、S3 は平文の HTTP にも応答する。",
    },
    remediation: Text {
        en: "Add a statement: Effect Deny, Principal \"*\", Action \"s3:*\", Resource [bucket ARN, bucket ARN/*], Condition {\"Bool\": {\"aws:SecureTransport\": \"false\"}}.",
        ja: "次のステートメントを追加する: Effect Deny、Principal \"*\"、Action \"s3:*\"、Resource [バケット ARN, バケット ARN/*]、Condition {\"Bool\": {\"aws:SecureTransport\": \"false\"}}。",
    },
    sources: &[Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" }],
    doc: Text {
        en: "One finding per bucket. It passes when the bucket policy explicitly denies every request made without TLS (aws:SecureTransport false) by an anonymous caller, a role of the bucket's account and a role of another account, for bucket actions on the bucket ARN and object actions on an object ARN (an action only s3:* covers included): the usual Deny of s3:* with Bool aws:SecureTransport false is recognised as such, anything else is decided by evaluating those requests. Failing that, it passes when the account's RCPs deny S3 requests without TLS from every kind of caller (as in ORG.10; never for a bucket of the management account, to whose resources RCPs do not apply). It fails when neither does, naming a request that is not denied or whether the policy covers only the bucket or only its objects. It is unknown when the bucket policy does not settle it and the RCP answer is unknown, or when no RCP enforces TLS and the policy could not be read or analysed or has too many combinations of request values to decide; an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果を出す。バケットポリシーが、匿名の呼び出し元・バケットのアカウントのロール・他のアカウントのロールによる TLS なし (aws:SecureTransport が false) のリクエストを、バケット ARN へのバケット操作とオブジェクト ARN へのオブジェクト操作 (s3:* だけが含むアクションを含む) のすべてについて明示的に拒否していれば合格とし、s3:* に対して Bool aws:SecureTransport false を条件とする定型の Deny はそのまま認め、それ以外はそうしたリクエストを評価して判定する。バケットポリシーで拒否されない場合は、アカウントの RCP があらゆる呼び出し元からの TLS なしの S3 リクエストを拒否していれば合格とする (ORG.10 と同じ判定。RCP が適用されない管理アカウントのバケットでは合格にならない)。どちらも拒否していなければ、拒否されないリクエストの例や、ポリシーがバケットとオブジェクトの一方しか対象にしていないことを示して不合格とする。バケットポリシーで決まらず RCP の判定が不明な場合や、RCP が TLS を強制しておらず、ポリシーを読めない・解析できない、またはリクエストの値の組み合わせが多すぎて判定できない場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketPolicy, Reads::Rcps],
    messages: Text {
        en: "
s3-7-expected = requests without TLS (aws:SecureTransport false) denied on the bucket and its objects, by the bucket policy or an RCP
s3-7-policy-not-read = the bucket policy was not read: { $error }
s3-7-policy-not-analysed = the bucket policy could not be analysed: { $error }
s3-7-undecided = whether the bucket policy denies every request without TLS is not decided: { $reason }
s3-7-by-statements = TLS enforced by statement(s) { $statements }
s3-7-by-rcp = TLS enforced by RCP: { $verdict }
s3-7-rcp-unknown = not enforced by the bucket policy; whether an RCP enforces it is unknown: { $reason }
s3-7-no-policy = no bucket policy and no RCP denies requests without TLS: plain HTTP requests are allowed
s3-7-not-enforced = neither the bucket policy nor an RCP denies every request without TLS
",
        ja: "
s3-7-expected = TLS なしのリクエスト (aws:SecureTransport が false) が、バケットとそのオブジェクトの両方について、バケットポリシーまたは RCP によって拒否されていること
s3-7-policy-not-read = バケットポリシーを読み取れなかった: { $error }
s3-7-policy-not-analysed = バケットポリシーを解析できなかった: { $error }
s3-7-undecided = バケットポリシーが TLS なしのすべてのリクエストを拒否するかを判定できなかった: { $reason }
s3-7-by-statements = ステートメント { $statements } により TLS が強制されている
s3-7-by-rcp = RCP により TLS が強制されている: { $verdict }
s3-7-rcp-unknown = バケットポリシーでは強制されておらず、RCP が強制しているかは不明: { $reason }
s3-7-no-policy = バケットポリシーがなく、TLS なしのリクエストを拒否する RCP もない: 平文の HTTP リクエストが許可される
s3-7-not-enforced = バケットポリシーも RCP も TLS なしのすべてのリクエストを拒否していない
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_7, META);

impl Rule for S3_7 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, _| {
            let mut f = bucket_finding(&META, Status::Fail, b);
            f.expect(msg!("s3-7-expected"));
            // The bucket policy's verdict: Ok(Some(statements)) enforced, Ok(None) not, Err unknown.
            let by_policy: Result<Option<Vec<String>>, Message> = match &b.policy {
                Fetched::Error(e) => Err(msg!("s3-7-policy-not-read", error = e.summary())),
                Fetched::Ok(None) => {
                    f.evidence.push("no bucket policy".into());
                    Ok(None)
                }
                Fetched::Ok(Some(text)) => match tls_for(text, &b.arn, &b.account_id) {
                    Err(e) => Err(msg!("s3-7-policy-not-analysed", error = e.to_string())),
                    Ok(a) if a.tls_enforced() => Ok(Some(a.tls_statements)),
                    Ok(a) if a.tls_undecided.is_some() => Err(msg!(
                        "s3-7-undecided",
                        reason = a.tls_undecided.unwrap_or_default(),
                    )),
                    Ok(a) => {
                        f.evidence.push(match (a.tls_bucket, a.tls_objects) {
                            (true, false) => "the bucket policy denies requests without TLS on the bucket ARN only, not on its objects".into(),
                            (false, true) => "the bucket policy denies requests without TLS on the objects only, not on the bucket ARN".into(),
                            _ => "no statement of the bucket policy denies every request without TLS".into(),
                        });
                        if let Some(gap) = a.tls_gap {
                            f.evidence.push(format!("for example {gap}"));
                        }
                        Ok(None)
                    }
                },
            };
            if let Ok(Some(statements)) = &by_policy {
                f.status = Status::Pass;
                f.observe(msg!("s3-7-by-statements", statements = statements.join(", ")));
                return Some(f);
            }
            // Not by the bucket policy: an RCP in force for the account may enforce it.
            let by_rcp = secure_transport(&ctx.rcp, &b.account_id, Some(&b.name));
            match &by_rcp {
                Perimeter::Enforced(ex) => {
                    f.status = Status::Pass;
                    f.observe(msg!("s3-7-by-rcp", verdict = vec![ex.verdict.message()]));
                    f.evidence.extend(ex.evidence());
                }
                Perimeter::Unknown(why) => {
                    f.status = Status::Unknown;
                    f.observe(msg!("s3-7-rcp-unknown", reason = why));
                }
                Perimeter::Open(_) | Perimeter::NotApplicable(_) => {
                    f.evidence.push(format!("RCPs: {}", by_rcp.describe()));
                    match by_policy {
                        Err(why) => {
                            f.status = Status::Unknown;
                            f.observe(why);
                        }
                        Ok(_) => {
                            f.observe(match &b.policy {
                                Fetched::Ok(None) => msg!("s3-7-no-policy"),
                                _ => msg!("s3-7-not-enforced"),
                            });
                        }
                    }
                }
            }
            Some(f)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::testdata::*;
    use orgaudit_model::Fetched;

    #[test]
    fn tls_statements() {
        let mut none = good("none");
        none.policy = Fetched::Ok(None);
        let mut objects_only = good("objects-only");
        objects_only.policy = Fetched::Ok(Some(
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::objects-only/*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}"#.into(),
        ));
        let s = snapshot(vec![good("ok"), none, objects_only]);
        let fs = S3_7.evaluate(&Context::new(&s));
        assert_eq!(
            finding(&fs, "ok").observed,
            "TLS enforced by statement(s) TlsOnly"
        );
        assert_eq!(finding(&fs, "none").status, Status::Fail);
        assert!(finding(&fs, "objects-only")
            .evidence
            .iter()
            .any(|e| e.contains("objects only")));
    }

    /// PRACTICES.md S3.7: an RCP in force for the bucket's account that denies requests
    /// without TLS satisfies the practice ("the finding names which"); RCPs never apply to
    /// the management account's buckets (AWS Organizations User Guide, "RCP evaluation").
    #[test]
    fn an_rcp_enforcing_tls_satisfies_the_practice() {
        let mut none = good("none");
        none.policy = Fetched::Ok(None);
        let mut mgmt = good("mgmt-bucket");
        mgmt.policy = Fetched::Ok(None);
        mgmt.account_id = crate::org::testorg::MGMT.into();
        let mut s = snapshot(vec![none]);
        s.s3.push(orgaudit_model::s3::S3Account {
            account_id: crate::org::testorg::MGMT.into(),
            public_access_block: Fetched::Ok(None),
            buckets: Fetched::Ok(vec![mgmt]),
            access_points: Default::default(),
        });
        let s = crate::org::testorg::with_rcps(
            s,
            &[("perimeter", crate::org::testorg::PERIMETER, &["r-root"])],
        );
        let fs = S3_7.evaluate(&Context::new(&s));
        let none = finding(&fs, "none");
        assert_eq!(none.status, Status::Pass, "{none:?}");
        assert!(
            none.observed.contains("RCP") && none.observed.contains("perimeter"),
            "{}",
            none.observed
        );
        let mgmt = finding(&fs, "mgmt-bucket");
        assert_eq!(mgmt.status, Status::Fail, "{mgmt:?}");
    }

    /// A policy whose TLS denial depends on more request values than the search can try is
    /// undecided: unknown, not fail (and never pass).
    #[test]
    fn an_undecidable_policy_is_unknown() {
        let keys: Vec<String> = (0..8)
            .map(|k| {
                let values: Vec<String> = (0..8).map(|v| format!("\"v{v}\"")).collect();
                format!("\"aws:RequestTag/k{k}\":[{}]", values.join(","))
            })
            .collect();
        let policy = format!(
            r#"{{"Statement":[{{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::wide","arn:aws:s3:::wide/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}},"StringNotEquals":{{{}}}}}}}]}}"#,
            keys.join(",")
        );
        let mut wide = good("wide");
        wide.policy = Fetched::Ok(Some(policy));
        let s = snapshot(vec![wide]);
        let fs = S3_7.evaluate(&Context::new(&s));
        let f = finding(&fs, "wide");
        assert_eq!(f.status, Status::Unknown, "{}", f.observed);
        assert!(f.observed.contains("too many"), "{}", f.observed);
    }

    crate::findings_snapshot!(S3_7, crate::s3::testdata::sample());
}
