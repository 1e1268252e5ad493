use super::{bucket_finding, need, per_bucket};
use crate::meta::seeds::{S001, S003};
use crate::{
    msg, Context, ParamDefault, ParamKind, ParamSpec, Reads, Rule, RuleMeta, Say, Service,
    Source, Text,
};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.3",
    service: Service::S3,
    title: Text {
        en: "Default encryption is configured (SSE-KMS where KMS is required)",
        ja: "デフォルトの暗号化が設定されている (KMS が求められる場合は SSE-KMS)",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "Protecting data at rest is a design principle of the security pillar. Default encryption makes every new object encrypted; SSE-KMS adds key policies and a CloudTrail record of every key use. The strict profile requires KMS.",
        ja: "保管中のデータの保護はセキュリティの設計原則である。デフォルトの暗号化により新しいオブジェクトはすべて暗号化される。SSE-KMS はキーポリシーと、キー使用ごとの CloudTrail 記録を加える。strict プロファイルでは KMS を必須とする。",
    },
    remediation: Text {
        en: "Configure default encryption: `aws s3api put-bucket-encryption` with SSEAlgorithm aws:kms (and a customer managed key, BucketKeyEnabled true); re-encrypt existing objects with `aws s3 cp --sse` in place.",
        ja: "デフォルトの暗号化を設定する: `aws s3api put-bucket-encryption` で SSEAlgorithm aws:kms (カスタマー管理キー、BucketKeyEnabled true)。既存オブジェクトは `aws s3 cp --sse` で同じパスにコピーして暗号化する。",
    },
    sources: &[
        Source { seed: S001, section: "S3のデータ暗号化" },
        Source { seed: S003, section: "AWSCLIでS3全体を暗号化する" },
    ],
    doc: Text {
        en: "One finding per bucket, from its default encryption configuration. With require_kms false (the default) it passes when any default encryption rule is set (SSE-S3 AES256, SSE-KMS aws:kms or DSSE-KMS aws:kms:dsse); with require_kms true (the strict profile) only aws:kms or aws:kms:dsse passes. It fails when no rule is configured or the required algorithm is missing; the KMS key and the bucket key setting are shown as evidence. It is unknown when the configuration could not be read; an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果をデフォルトの暗号化の設定から出す。require_kms が false (既定) なら、デフォルトの暗号化のルール (SSE-S3 の AES256、SSE-KMS の aws:kms、DSSE-KMS の aws:kms:dsse) がいずれか設定されていれば合格とし、require_kms が true (strict プロファイル) なら aws:kms または aws:kms:dsse だけを合格とする。ルールがない場合や必要なアルゴリズムがない場合は不合格とし、KMS キーとバケットキーの設定は証拠として示す。設定を読めなかった場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    params: &[ParamSpec {
        name: "require_kms",
        kind: ParamKind::Bool,
        default: ParamDefault::Bool(false),
        strict: Some(ParamDefault::Bool(true)),
        doc: Text {
            en: "Default encryption must use SSE-KMS or DSSE-KMS; SSE-S3 alone fails (true in the strict profile).",
            ja: "デフォルトの暗号化に SSE-KMS または DSSE-KMS を必須とし、SSE-S3 のみは不合格とする (strict プロファイルでは true)。",
        },
    }],
    reads: &[Reads::BucketEncryption],
    messages: Text {
        en: "
s3-3-expected-kms = default encryption with SSE-KMS or DSSE-KMS
s3-3-expected = default encryption (SSE-S3, SSE-KMS or DSSE-KMS)
s3-3-none = no default encryption
s3-3-algorithms = default encryption { $algorithms }
",
        ja: "
s3-3-expected-kms = SSE-KMS または DSSE-KMS によるデフォルトの暗号化が設定されていること
s3-3-expected = デフォルトの暗号化 (SSE-S3、SSE-KMS または DSSE-KMS) が設定されていること
s3-3-none = デフォルトの暗号化が設定されていない
s3-3-algorithms = デフォルトの暗号化: { $algorithms }
",
    },
};

crate::declare_rule!(S3_3, META, params { require_kms: bool });

impl Rule for S3_3 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let kms_required = S3_3::require_kms(ctx);
        per_bucket(ctx, &META, |b, _| {
            let expected = if kms_required {
                msg!("s3-3-expected-kms")
            } else {
                msg!("s3-3-expected")
            };
            let rules = match need(&META, b, &b.encryption, expected.clone()) {
                Ok(r) => r,
                Err(f) => return Some(f),
            };
            let algorithms: Vec<&str> = rules
                .iter()
                .flatten()
                .map(|r| r.algorithm.as_str())
                .collect();
            let kms = algorithms.iter().any(|a| a.starts_with("aws:kms"));
            let status = match (algorithms.is_empty(), kms, kms_required) {
                (true, _, _) => Status::Fail,
                (false, false, true) => Status::Fail,
                _ => Status::Pass,
            };
            let mut f = bucket_finding(&META, status, b);
            f.expect(expected);
            f.observe(if algorithms.is_empty() {
                msg!("s3-3-none")
            } else {
                msg!("s3-3-algorithms", algorithms = algorithms.join(", "))
            });
            for r in rules.iter().flatten() {
                if let Some(k) = &r.kms_key_id {
                    f.evidence.push(format!("KMS key {k}"));
                }
                if let Some(bk) = r.bucket_key_enabled {
                    f.evidence.push(format!(
                        "bucket key {}",
                        if bk { "enabled" } else { "disabled" }
                    ));
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

    use orgaudit_model::s3::EncryptionRule;
    use orgaudit_model::Fetched;

    #[test]
    fn sse_s3_passes_by_default_and_fails_strict() {
        let mut sse_s3 = good("sse-s3");
        sse_s3.encryption = Fetched::Ok(Some(vec![EncryptionRule {
            algorithm: "AES256".into(),
            kms_key_id: None,
            bucket_key_enabled: None,
        }]));
        let mut none = good("none");
        none.encryption = Fetched::Ok(None);
        let s = snapshot(vec![good("kms"), sse_s3, none]);
        let fs = S3_3.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "kms").status, Status::Pass);
        assert_eq!(finding(&fs, "sse-s3").status, Status::Pass);
        assert_eq!(finding(&fs, "none").observed, "no default encryption");
        let strict = crate::Catalogue::strict();
        let fs = S3_3.evaluate(&Context::with_catalogue(&s, &strict));
        assert_eq!(finding(&fs, "sse-s3").status, Status::Fail);
        assert_eq!(finding(&fs, "kms").status, Status::Pass);
    }

    crate::findings_snapshot!(S3_3, crate::s3::testdata::sample());
}
