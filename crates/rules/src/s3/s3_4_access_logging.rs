use super::{bucket_finding, need, per_bucket};
use crate::meta::seeds::S003;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.4",
    service: Service::S3,
    title: Text {
        en: "Server access logging is enabled, to another bucket of the organization",
        ja: "サーバーアクセスログが組織内の別のバケットに記録されている",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "Access logs record every request to the bucket (best effort). They belong in a separate bucket: a bucket logging into itself produces logs about its own logs, and a target outside the organization is not under its control.",
        ja: "アクセスログはバケットへのすべてのリクエストを (ベストエフォートで) 記録する。ログは別のバケットに保存する: 自分自身に記録するバケットは自分のログについてのログを生み続け、組織外の保存先は組織の管理下にない。",
    },
    remediation: Text {
        en: "Enable server access logging to a dedicated log bucket (for example in the log-archive account) that grants the logging service write access.",
        ja: "ログ配信サービスに書き込みを許可した専用のログバケット (例: ログアーカイブアカウント) へのサーバーアクセスログを有効にする。",
    },
    sources: &[
        Source { seed: S003, section: "S3へのアクセスログを記録する" },
        Source { seed: S003, section: "AWSの設計におけるベストプラクティス" },
    ],
    doc: Text {
        en: "One finding per bucket, from its server access logging configuration. It passes when the target is another bucket found among the buckets orgaudit read in the organization's accounts, whatever the prefix. It fails when logging is disabled, when the bucket logs into itself, or when every account's buckets were read and the target is not among them. It is unknown when the logging configuration could not be read, or when the target was not found while some accounts' buckets could not be read (it may be there); an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果をサーバーアクセスログの設定から出す。ログの保存先が、orgaudit が組織のアカウントで読んだバケットの中にある別のバケットであれば、プレフィックスにかかわらず合格とする。ログが無効の場合、自分自身に記録している場合、すべてのアカウントのバケットを読めたうえで保存先がその中にない場合は不合格とする。ログ設定を読めなかった場合や、保存先が見つからず、バケットを読めなかったアカウントがある (そこにある可能性がある) 場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketLogging],
    messages: Text {
        en: "
s3-4-expected = access logging to another bucket of the organization
s3-4-disabled = access logging disabled
s3-4-itself = logs into itself (prefix { $prefix })
s3-4-logs-to = logs to { $target } in account { $account }
s3-4-outside = logs to { $target }, which is not a bucket of the organization
s3-4-not-found = logs to { $target }, not found among the buckets read; accounts not read: { $accounts }
",
        ja: "
s3-4-expected = 組織内の別のバケットにサーバーアクセスログを記録していること
s3-4-disabled = サーバーアクセスログが無効
s3-4-itself = バケット自身にログを記録している (プレフィックス { $prefix })
s3-4-logs-to = アカウント { $account } の { $target } にログを記録している
s3-4-outside = { $target } にログを記録しているが、組織のバケットではない
s3-4-not-found = { $target } にログを記録しているが、読み取れたバケットの中に見つからない。読み取れなかったアカウント: { $accounts }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_4, META);

impl Rule for S3_4 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        // Every bucket of the organization that orgaudit saw, and whether it saw all of them.
        // Indexed by name: an organization has up to hundreds of thousands of buckets.
        let known: std::collections::HashMap<&str, &str> = ctx
            .snapshot
            .s3
            .iter()
            .flat_map(|a| {
                a.buckets
                    .ok()
                    .into_iter()
                    .flatten()
                    .map(move |b| (b.name.as_str(), a.account_id.as_str()))
            })
            .collect();
        let blind = crate::s3::unread_accounts(ctx);
        per_bucket(ctx, &META, |b, _| {
            let logging = match need(&META, b, &b.logging, msg!("s3-4-expected")) {
                Ok(l) => l,
                Err(f) => return Some(f),
            };
            let (status, observed) = match logging {
                None => (Status::Fail, msg!("s3-4-disabled")),
                Some(l) if l.target_bucket == b.name => (
                    Status::Fail,
                    msg!("s3-4-itself", prefix = format!("{:?}", l.target_prefix)),
                ),
                Some(l) => match known.get(l.target_bucket.as_str()) {
                    Some(acct) => (
                        Status::Pass,
                        msg!("s3-4-logs-to", target = &l.target_bucket, account = *acct),
                    ),
                    None if blind.is_empty() => (
                        Status::Fail,
                        msg!("s3-4-outside", target = &l.target_bucket),
                    ),
                    None => (
                        Status::Unknown,
                        msg!(
                            "s3-4-not-found",
                            target = &l.target_bucket,
                            accounts = blind.join(", "),
                        ),
                    ),
                },
            };
            let mut f = bucket_finding(&META, status, b);
            f.expect(msg!("s3-4-expected"));
            f.observe(observed);
            Some(f)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::testdata::*;
    use orgaudit_model::s3::Logging;
    use orgaudit_model::Fetched;

    #[test]
    fn target_is_resolved_across_the_organization() {
        let mut itself = good("itself");
        itself.logging = Fetched::Ok(Some(Logging {
            target_bucket: "itself".into(),
            target_prefix: "".into(),
        }));
        let mut outside = good("outside");
        outside.logging = Fetched::Ok(Some(Logging {
            target_bucket: "somebody-elses-bucket".into(),
            target_prefix: "".into(),
        }));
        let mut off = good("off");
        off.logging = Fetched::Ok(None);
        let s = snapshot(vec![good("ok"), itself, outside, off]);
        let fs = S3_4.evaluate(&Context::new(&s));
        assert!(finding(&fs, "ok")
            .observed
            .contains("logs to logs in account 111111111111"));
        assert!(finding(&fs, "itself")
            .observed
            .starts_with("logs into itself"));
        assert_eq!(finding(&fs, "outside").status, Status::Fail);
        assert!(finding(&fs, "outside")
            .observed
            .contains("not a bucket of the organization"));
        assert_eq!(finding(&fs, "off").status, Status::Fail);
    }

    #[test]
    fn unknown_when_an_account_was_not_read() {
        let mut outside = good("outside");
        outside.logging = Fetched::Ok(Some(Logging {
            target_bucket: "elsewhere".into(),
            target_prefix: "".into(),
        }));
        let mut s = snapshot(vec![outside]);
        s.account_access.insert(
            "222222222222".into(),
            orgaudit_model::AccountAccess::Unreachable {
                error: denied("AssumeRole"),
            },
        );
        let fs = S3_4.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "outside").status, Status::Unknown);
        assert_eq!(
            finding(&fs, "sandbox").status,
            Status::Unknown,
            "the unreachable account itself"
        );
    }

    crate::findings_snapshot!(S3_4, crate::s3::testdata::sample());
}
