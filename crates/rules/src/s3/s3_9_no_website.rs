use super::{bucket_finding, need, per_bucket};
use crate::meta::seeds::S001;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.9",
    service: Service::S3,
    title: Text {
        en: "Static website hosting is off (serve through CloudFront with HTTPS and OAC/OAI)",
        ja: "静的ウェブサイトホスティングが無効である (CloudFront の HTTPS と OAC/OAI で配信する)",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "The S3 website endpoint speaks HTTP only and needs a public bucket. CloudFront serves the same content over HTTPS, and OAC/OAI keeps the bucket private, reachable only through the distribution.",
        ja: "S3 の静的ウェブサイトホスティングのエンドポイントは HTTP のみで、公開バケットを必要とする。CloudFront なら同じコンテンツを HTTPS で配信でき、OAC/OAI によりバケットを非公開のまま配信経由でのみアクセスさせられる。",
    },
    remediation: Text {
        en: "Create a CloudFront distribution with the bucket as a REST origin and Origin Access Control, then `aws s3api delete-bucket-website --bucket <b>` and remove public grants.",
        ja: "バケットを REST オリジンとし Origin Access Control を設定した CloudFront ディストリビューションを作成し、`aws s3api delete-bucket-website --bucket <b>` を実行して公開設定を削除する。",
    },
    sources: &[
        Source { seed: S001, section: "静的なファイル群をWebコンテンツとして公開したい(通信を暗号化して)" },
        Source { seed: S001, section: "CloudFrontのOAIとは" },
    ],
    doc: Text {
        en: "One finding per bucket, from GetBucketWebsite. It passes when the bucket has no website configuration and fails when it has one, whether it serves an index document or redirects every request to another host. It is unknown when the website configuration could not be read; an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果を GetBucketWebsite の結果から出す。ウェブサイト設定がなければ合格、あれば (インデックスドキュメントを返すものでも、すべてのリクエストを別のホストへリダイレクトするものでも) 不合格とする。ウェブサイト設定を読めなかった場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketWebsite],
    messages: Text {
        en: "
s3-9-expected = no static website hosting
s3-9-off = website hosting off
s3-9-redirect = website hosting on, redirecting every request to { $host } over HTTP
s3-9-index = website hosting on (index document { $index }), HTTP only
s3-9-on = website hosting on, HTTP only
",
        ja: "
s3-9-expected = 静的ウェブサイトホスティングが無効であること
s3-9-off = 静的ウェブサイトホスティングが無効
s3-9-redirect = 静的ウェブサイトホスティングが有効で、すべてのリクエストを HTTP で { $host } にリダイレクトしている
s3-9-index = 静的ウェブサイトホスティングが有効 (インデックスドキュメント { $index })、HTTP のみ
s3-9-on = 静的ウェブサイトホスティングが有効、HTTP のみ
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_9, META);

impl Rule for S3_9 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, _| {
            let website = match need(&META, b, &b.website, msg!("s3-9-expected")) {
                Ok(w) => w,
                Err(f) => return Some(f),
            };
            let mut f = bucket_finding(
                &META,
                if website.is_some() {
                    Status::Fail
                } else {
                    Status::Pass
                },
                b,
            );
            f.expect(msg!("s3-9-expected"));
            f.observe(match website {
                None => msg!("s3-9-off"),
                Some(w) => match (&w.index_document, &w.redirect_all_to) {
                    (_, Some(host)) => msg!("s3-9-redirect", host = host),
                    (Some(index), _) => msg!("s3-9-index", index = index),
                    _ => msg!("s3-9-on"),
                },
            });
            Some(f)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::testdata::*;
    use orgaudit_model::s3::Website;
    use orgaudit_model::Fetched;

    #[test]
    fn website_on_fails() {
        let mut site = good("site");
        site.website = Fetched::Ok(Some(Website {
            index_document: Some("index.html".into()),
            redirect_all_to: None,
        }));
        let s = snapshot(vec![good("ok"), site]);
        let fs = S3_9.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "ok").status, Status::Pass);
        assert!(finding(&fs, "site").observed.contains("index.html"));
    }

    crate::findings_snapshot!(S3_9, crate::s3::testdata::sample());
}
