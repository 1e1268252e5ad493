use super::{per_trail, trail_finding};
use crate::meta::seeds::S000;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "CT.6",
    service: Service::CloudTrail,
    title: Text { en: "Trail logs are encrypted with SSE-KMS", ja: "証跡のログが SSE-KMS で暗号化されている" },
    severity: Severity::Medium,
    rationale: Text {
        en: "KMS is integrated with CloudTrail: with SSE-KMS, reading the logs needs both S3 access and kms:Decrypt on a key whose policy you control, and every use of the key is itself logged.",
        ja: "KMS は CloudTrail と統合されている。SSE-KMS なら、ログを読むには S3 へのアクセスに加えて自ら管理するキーポリシーの kms:Decrypt が必要になり、キーの使用自体も記録される。",
    },
    remediation: Text {
        en: "Create a customer managed KMS key whose policy lets CloudTrail encrypt, then `aws cloudtrail update-trail --name <trail> --kms-key-id <key>`.",
        ja: "CloudTrail に暗号化を許可したカスタマー管理 KMS キーを作成し、`aws cloudtrail update-trail --name <trail> --kms-key-id <key>` を実行する。",
    },
    sources: &[
        Source { seed: S000, section: "AWS KMS と CloudHSM について整理する" },
    ],
    doc: Text {
        en: "One finding per trail, judged once in its home region (multi-region and organization trails included, shadow copies left out), whether or not it is logging. It passes when the trail names a KMS key (KmsKeyId) and fails when it names none, its log files then being encrypted with SSE-S3 only; the key itself (its policy, its rotation) is not examined. One unknown finding is given per account and region whose trails could not be listed, per account that could not be entered, and for the organization when its account list could not be read.",
        ja: "証跡ごとに、ホームリージョンで 1 回だけ 1 件の検出結果を出す (マルチリージョン証跡と組織の証跡を含み、シャドウ証跡は除く。ログ記録中かどうかは問わない)。証跡が KMS キー (KmsKeyId) を指定していれば合格、指定していなければ (ログファイルは SSE-S3 だけで暗号化される) 不合格とし、キー自体 (キーポリシーやローテーション) は調べない。証跡の一覧を取得できなかったアカウントとリージョンの組ごと、入れなかったアカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Trails],
    messages: Text {
        en: "
ct-6-expected = logs encrypted with SSE-KMS
ct-6-kms = SSE-KMS with { $key }
ct-6-no-key = no KMS key: SSE-S3 only
ct-6-trails-not-listed = the trails could not be listed: { $error }
",
        ja: "
ct-6-expected = ログが SSE-KMS で暗号化されていること
ct-6-kms = { $key } による SSE-KMS
ct-6-no-key = KMS キーの指定なし: SSE-S3 のみ
ct-6-trails-not-listed = 証跡の一覧を取得できなかった: { $error }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct6, META);

impl Rule for Ct6 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let not_listed = |e: String| msg!("ct-6-trails-not-listed", error = e);
        per_trail(ctx, &META, not_listed, |t| {
            let ok = t.kms_key_id.is_some();
            let mut f = trail_finding(&META, if ok { Status::Pass } else { Status::Fail }, t);
            f.expect(msg!("ct-6-expected"));
            f.observe(match &t.kms_key_id {
                Some(key) => msg!("ct-6-kms", key = key),
                None => msg!("ct-6-no-key"),
            });
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;

    #[test]
    fn org_trail_passes_account_trail_fails() {
        let s = snapshot();
        let fs = Ct6.evaluate(&Context::new(&s));
        let by = |n: &str| crate::s3::testdata::finding(&fs, n);
        assert_eq!(by("org").status, Status::Pass);
        assert_eq!(by("member-trail").status, Status::Fail);
        assert_eq!(by("member-trail").observed, "no KMS key: SSE-S3 only");
        assert!(
            fs.iter().any(|f| f.status == Status::Unknown),
            "unreadable region"
        );
    }

    crate::findings_snapshot!(Ct6, crate::cloudtrail::testdata::snapshot());
}
