use super::{bucket_finding, need, per_bucket};
use crate::meta::seeds::{S000, S002};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.1",
    service: Service::S3,
    title: Text { en: "Bucket versioning is enabled", ja: "バケットのバージョニングが有効になっている" },
    severity: Severity::Medium,
    rationale: Text {
        en: "Versioning keeps every version of every object, so an overwrite or a deletion (by mistake, by an application fault or by an attacker) can be undone. Suspended or never-enabled versioning keeps nothing.",
        ja: "バージョニングはすべてのオブジェクトのすべてのバージョンを保持するため、誤操作・アプリケーション障害・攻撃による上書きや削除から復旧できる。停止中または一度も有効化されていないバージョニングは何も保持しない。",
    },
    remediation: Text {
        en: "Enable versioning: `aws s3api put-bucket-versioning --bucket <b> --versioning-configuration Status=Enabled`, and add a lifecycle rule for noncurrent versions (S3.2).",
        ja: "バージョニングを有効化する: `aws s3api put-bucket-versioning --bucket <b> --versioning-configuration Status=Enabled`。あわせて非現行バージョンのライフサイクルルールを設定する (S3.2)。",
    },
    sources: &[
        Source { seed: S000, section: "s3のファイルのバージョニングを有効化した際の挙動" },
        Source { seed: S002, section: "Q. バージョニングを有効にしておくデメリットなどはありますか?" },
    ],
    doc: Text {
        en: "One finding per bucket, from GetBucketVersioning. It passes when the status is Enabled and fails when it is Suspended or versioning was never enabled (no status); the MFA delete setting is only shown as evidence. It is unknown when the versioning configuration could not be read; an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果を GetBucketVersioning の結果から出す。状態が Enabled なら合格、Suspended または一度も有効化されていない (状態なし) なら不合格とし、MFA Delete の設定は証拠として示すだけである。バージョニング設定を読めなかった場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketVersioning],
    messages: Text {
        en: "
s3-1-enabled = Versioning Enabled
s3-1-status = Versioning { $status }
s3-1-never = Versioning never enabled
s3-1-mfa-delete = MFA delete { $mfa }
",
        ja: "
s3-1-enabled = バージョニングが有効 (Enabled)
s3-1-status = バージョニングの状態が { $status }
s3-1-never = バージョニングが一度も有効化されていない
s3-1-mfa-delete = MFA 削除: { $mfa }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_1, META);

impl Rule for S3_1 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, _| {
            let v = match need(&META, b, &b.versioning, msg!("s3-1-enabled")) {
                Ok(v) => v,
                Err(f) => return Some(f),
            };
            let (status, observed) = match v.status.as_deref() {
                Some("Enabled") => (Status::Pass, msg!("s3-1-enabled")),
                Some(other) => (Status::Fail, msg!("s3-1-status", status = other)),
                None => (Status::Fail, msg!("s3-1-never")),
            };
            let mut f = bucket_finding(&META, status, b);
            f.expect(msg!("s3-1-enabled"));
            f.observe(observed);
            if let Some(mfa) = &v.mfa_delete {
                f.evidence.push(format!("MFA delete {mfa}"));
            }
            Some(f)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::testdata::*;
    use orgaudit_model::s3::Versioning;
    use orgaudit_model::Fetched;

    #[test]
    fn enabled_suspended_never_unknown() {
        let mut suspended = good("suspended");
        suspended.versioning = Fetched::Ok(Versioning {
            status: Some("Suspended".into()),
            mfa_delete: None,
        });
        let mut never = good("never");
        never.versioning = Fetched::Ok(Versioning::default());
        let mut unread = good("unread");
        unread.versioning = Fetched::Error(denied("GetBucketVersioning"));
        let s = snapshot(vec![good("ok"), suspended, never, unread]);
        let fs = S3_1.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "ok").status, Status::Pass);
        assert_eq!(finding(&fs, "suspended").observed, "Versioning Suspended");
        assert_eq!(finding(&fs, "never").status, Status::Fail);
        assert_eq!(finding(&fs, "unread").status, Status::Unknown);
        assert!(finding(&fs, "unread").observed.contains("AccessDenied"));
    }

    crate::findings_snapshot!(S3_1, crate::s3::testdata::sample());
}
