use super::{bucket_finding, need, per_bucket};
use crate::bucket_policy::analyse;
use crate::meta::seeds::S001;
use crate::{Context, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

pub struct S3_7;

static META: RuleMeta = RuleMeta {
    id: "S3.7",
    service: Service::S3,
    title: Text {
        en: "The bucket policy denies requests without TLS",
        ja: "バケットポリシーが TLS なしのリクエストを拒否している",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "Protecting data in transit is a design principle of the security pillar. S3 answers plain HTTP unless the bucket policy denies requests where aws:SecureTransport is false, for the bucket and its objects.",
        ja: "転送中のデータの保護はセキュリティの設計原則である。バケットポリシーでバケットとオブジェクトの両方について aws:SecureTransport が false のリクエストを拒否しない限り、S3 は平文の HTTP にも応答する。",
    },
    remediation: Text {
        en: "Add a statement: Effect Deny, Principal \"*\", Action \"s3:*\", Resource [bucket ARN, bucket ARN/*], Condition {\"Bool\": {\"aws:SecureTransport\": \"false\"}}.",
        ja: "次のステートメントを追加する: Effect Deny、Principal \"*\"、Action \"s3:*\"、Resource [バケット ARN, バケット ARN/*]、Condition {\"Bool\": {\"aws:SecureTransport\": \"false\"}}。",
    },
    sources: &[Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" }],
    controls: &["FSBP S3.5", "CIS AWS Foundations v3.0 2.1.1"],
};

impl Rule for S3_7 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, _| {
            let expected =
                "Deny when aws:SecureTransport is false, on the bucket and on its objects";
            let policy = match need(&META, b, &b.policy, expected) {
                Ok(p) => p,
                Err(f) => return Some(f),
            };
            let mut f = bucket_finding(&META, Status::Fail, b);
            f.expected = expected.into();
            let Some(text) = policy else {
                f.observed = "no bucket policy: plain HTTP requests are allowed".into();
                return Some(f);
            };
            match analyse(text, &b.arn) {
                Err(e) => {
                    f.status = Status::Unknown;
                    f.observed = format!("the bucket policy could not be analysed: {e}");
                }
                Ok(a) if a.tls_enforced() => {
                    f.status = Status::Pass;
                    f.observed = format!(
                        "TLS enforced by statement(s) {}",
                        a.tls_statements.join(", ")
                    );
                }
                Ok(a) => {
                    f.observed = match (a.tls_bucket, a.tls_objects) {
                        (true, false) => {
                            "TLS enforced on the bucket ARN only, not on its objects".into()
                        }
                        (false, true) => {
                            "TLS enforced on the objects only, not on the bucket ARN".into()
                        }
                        _ => "no statement denies requests without TLS".into(),
                    };
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
            .observed
            .contains("objects only"));
    }
}
