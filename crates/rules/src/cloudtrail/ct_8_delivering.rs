use super::{per_trail, trail_finding};
use crate::meta::seeds::S002;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "CT.8",
    service: Service::CloudTrail,
    title: Text {
        en: "The trail is logging and its last delivery did not fail",
        ja: "証跡がログ記録中で、直近の配信が失敗していない",
    },
    severity: Severity::High,
    rationale: Text {
        en: "A stopped trail records nothing, and a trail whose deliveries fail (bucket policy, KMS key, bucket gone) loses what it records. Either silently breaks traceability.",
        ja: "停止した証跡は何も記録せず、配信が失敗している証跡 (バケットポリシー・KMS キー・バケットの削除) は記録したものを失う。どちらもトレーサビリティを黙って損なう。",
    },
    remediation: Text {
        en: "Start logging (`aws cloudtrail start-logging --name <trail>`) and fix the cause of LatestDeliveryError (bucket policy for cloudtrail.amazonaws.com, KMS key policy).",
        ja: "ログ記録を開始し (`aws cloudtrail start-logging --name <trail>`)、LatestDeliveryError の原因 (cloudtrail.amazonaws.com へのバケットポリシー、KMS キーポリシー) を修正する。",
    },
    sources: &[Source { seed: S002, section: "Q. 前にCloudTrailを設定していたら、S3の無料枠から超えそうになりました。" }],
    doc: Text {
        en: "One finding per trail, judged once in its home region (multi-region and organization trails included, shadow copies left out), from GetTrailStatus. It passes when IsLogging is true and there is no LatestDeliveryError, and fails when the trail is not logging or its last delivery to S3 failed (the error is shown, with the last delivery time). It is unknown when the status could not be read. One unknown finding is given per account and region whose trails could not be listed, per account that could not be entered, and for the organization when its account list could not be read.",
        ja: "証跡ごとに、ホームリージョンで 1 回だけ、GetTrailStatus の結果から 1 件の検出結果を出す (マルチリージョン証跡と組織の証跡を含み、シャドウ証跡は除く)。IsLogging が true で LatestDeliveryError がなければ合格、ログ記録が停止しているか直近の S3 への配信が失敗していれば (そのエラーと直近の配信時刻を示す) 不合格とする。状態を読めなかった場合は不明とする。証跡の一覧を取得できなかったアカウントとリージョンの組ごと、入れなかったアカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Trails, Reads::TrailStatus],
    messages: Text {
        en: "
ct-8-expected = logging, no delivery error
ct-8-status-not-read = status not read: { $error }
ct-8-logging = logging
ct-8-not-logging = not logging
ct-8-delivery-failed = last delivery failed: { $error }
ct-8-not-logging-delivery-failed = not logging; last delivery failed: { $error }
ct-8-trails-not-listed = the trails could not be listed: { $error }
",
        ja: "
ct-8-expected = ログ記録中で、配信エラーがないこと
ct-8-status-not-read = 状態を読み取れなかった: { $error }
ct-8-logging = ログ記録中
ct-8-not-logging = ログ記録が停止している
ct-8-delivery-failed = 直近の配信が失敗した: { $error }
ct-8-not-logging-delivery-failed = ログ記録が停止しており、直近の配信も失敗した: { $error }
ct-8-trails-not-listed = 証跡の一覧を取得できなかった: { $error }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct8, META);

impl Rule for Ct8 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let not_listed = |e: String| msg!("ct-8-trails-not-listed", error = e);
        per_trail(ctx, &META, not_listed, |t| {
            let mut f = trail_finding(&META, Status::Unknown, t);
            f.expect(msg!("ct-8-expected"));
            match t.status.as_result() {
                Err(e) => f.observe(msg!("ct-8-status-not-read", error = e.summary())),
                Ok(s) => {
                    let (status, observed) = match (s.is_logging, &s.latest_delivery_error) {
                        (true, None) => (Status::Pass, msg!("ct-8-logging")),
                        (false, None) => (Status::Fail, msg!("ct-8-not-logging")),
                        (true, Some(err)) => {
                            (Status::Fail, msg!("ct-8-delivery-failed", error = err))
                        }
                        (false, Some(err)) => (
                            Status::Fail,
                            msg!("ct-8-not-logging-delivery-failed", error = err),
                        ),
                    };
                    f.status = status;
                    f.observe(observed);
                    if let Some(at) = &s.latest_delivery_time {
                        f.evidence.push(format!("last delivery {at}"));
                    }
                }
            }
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;

    #[test]
    fn stopped_and_failing() {
        let s = snapshot();
        let fs = Ct8.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(by("org").status, Status::Pass);
        assert_eq!(
            by("stopped").observed,
            "not logging; last delivery failed: AccessDenied"
        );
    }

    crate::findings_snapshot!(Ct8, crate::cloudtrail::testdata::snapshot());
}
