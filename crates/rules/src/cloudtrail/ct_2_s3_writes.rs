use crate::data_events::{Direction, Level, Target};
use crate::meta::seeds::S002;
use crate::s3::{bucket_finding, per_bucket};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Message, Severity, Status};

pub(crate) static META: RuleMeta = RuleMeta {
    id: "CT.2",
    service: Service::CloudTrail,
    title: Text {
        en: "S3 object-level write events are recorded for every bucket",
        ja: "すべてのバケットで S3 オブジェクトレベルの書き込みイベントが記録されている",
    },
    severity: Severity::High,
    rationale: Text {
        en: "Management events do not show who put, overwrote or deleted an object. Only S3 data events do, and only for the buckets and prefixes the trail's selectors cover.",
        ja: "管理イベントでは、誰がオブジェクトを書き込み・上書き・削除したかは分からない。それを示すのは S3 のデータイベントだけであり、証跡のセレクタが対象とするバケットとプレフィックスに限られる。",
    },
    remediation: Text {
        en: "Add to the organization trail an advanced event selector: eventCategory Equals Data, resources.type Equals AWS::S3::Object, readOnly Equals false (no resources.ARN filter, or one that covers the bucket).",
        ja: "組織の証跡に高度なイベントセレクタを追加する: eventCategory Equals Data、resources.type Equals AWS::S3::Object、readOnly Equals false (resources.ARN で絞らない、またはバケットを含める)。",
    },
    sources: &[Source { seed: S002, section: "Q. CloudTrailはすべてのAPIログを記録できるとのことですが、記録される内容はどの程度まで確認できますでしょうか。" }],
    doc: Text {
        en: "One finding per bucket, in the bucket's region: every logging trail that covers the bucket's account and region (the account's own trails that are multi-region or homed there, and the management account's organization trails; CloudTrail Lake event data stores count alike, named \"event data store …\", recording only while their status is ENABLED) is combined, and their basic and advanced data-event selectors are read exactly (CloudTrail User Guide, \"Logging data events\"). It passes when each S3 object-level write event (readOnly false: PutObject, DeleteObject, CopyObject, the multipart upload calls…) is recorded for every object ARN of the bucket (full), and fails when some events or some objects are left out (partial: a resources.ARN prefix, an eventName or userIdentity.arn filter…) or nothing is recorded. It is unknown when the bucket's region could not be read, or when coverage is not full and a covering trail's status or selectors, or the trails of the account or of the management account in that region, could not be read; an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに、バケットのリージョンで 1 件の検出結果を出す。バケットのアカウントとリージョンを対象とするログ記録中の証跡 (アカウント自身の証跡のうちマルチリージョンのものとそのリージョンをホームとするもの、および管理アカウントの組織の証跡。CloudTrail Lake のイベントデータストアも「event data store …」の名で同様に扱い、状態が ENABLED の間だけ記録するものとする) をすべて合わせ、その基本・高度なデータイベントセレクタを CloudTrail ユーザーガイドの「Logging data events」のとおり厳密に解釈する。S3 オブジェクトレベルの書き込みイベント (readOnly が false のもの: PutObject、DeleteObject、CopyObject、マルチパートアップロードの呼び出しなど) のそれぞれがバケットのすべてのオブジェクト ARN について記録されれば (full) 合格とし、一部のイベントやオブジェクトが漏れる場合 (partial: resources.ARN のプレフィックス、eventName や userIdentity.arn のフィルタなど) や何も記録されない場合は不合格とする。バケットのリージョンを読めなかった場合、または full でなく、対象となる証跡の状態やセレクタ、あるいはそのリージョンのアカウントまたは管理アカウントの証跡一覧を読めなかった場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketRegion, Reads::Trails, Reads::TrailStatus, Reads::TrailSelectors],
    messages: Text {
        en: "
ct-2-expected = object-level write events recorded for the whole bucket
ct-2-region-unknown = the bucket's region is unknown
ct-2-not-known = write: not known ({ $reasons })
ct-2-level = write: { $level }
ct-2-partial = write: partial ({ $reasons })
",
        ja: "
ct-2-expected = バケット全体でオブジェクトレベルの書き込みイベントが記録されていること
ct-2-region-unknown = バケットのリージョンが不明
ct-2-not-known = 書き込みイベント: 不明 ({ $reasons })
ct-2-level = 書き込みイベント: { $level ->
        [full] すべて記録 (full)
        [none] 記録なし (none)
       *[other] { $level }
    }
ct-2-partial = 書き込みイベント: 一部のみ記録 (partial: { $reasons })
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct2, META);

/// What [`judge`] says, each rule in its own messages (`say`).
pub(crate) enum Said {
    Expected,
    RegionUnknown,
    /// Coverage not known, with why (`; `-joined, from the coverage engine).
    NotKnown(String),
    /// `full` or `none`.
    Level(&'static str),
    /// Partial, with what is left out (`; `-joined, from the coverage engine).
    Partial(String),
}

fn say_ct2(said: Said) -> Message {
    match said {
        Said::Expected => msg!("ct-2-expected"),
        Said::RegionUnknown => msg!("ct-2-region-unknown"),
        Said::NotKnown(reasons) => msg!("ct-2-not-known", reasons = reasons),
        Said::Level(level) => msg!("ct-2-level", level = level),
        Said::Partial(reasons) => msg!("ct-2-partial", reasons = reasons),
    }
}

/// Shared by CT.2 (writes) and CT.3 (reads).
pub(crate) fn judge(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    dir: Direction,
    say: fn(Said) -> Message,
) -> Vec<Finding> {
    per_bucket(ctx, meta, |b, _| {
        let mut f = bucket_finding(meta, Status::Unknown, b);
        f.expect(say(Said::Expected));
        let Some(region) = b.region.ok() else {
            f.observe(say(Said::RegionUnknown));
            return Some(f);
        };
        let cov = ctx.events.coverage(
            &b.account_id,
            region,
            Target::S3Objects { bucket: &b.name },
            dir,
        );
        f.evidence = cov.providers.clone();
        match cov.known_level() {
            None => f.observe(say(Said::NotKnown(cov.unknown.join("; ")))),
            Some(level) => {
                f.status = if *level == Level::Full {
                    Status::Pass
                } else {
                    Status::Fail
                };
                f.observe(say(match level {
                    Level::Partial(why) => Said::Partial(why.join("; ")),
                    other => Said::Level(other.as_str()),
                }));
            }
        }
        Some(f)
    })
}

impl Rule for Ct2 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        judge(ctx, &META, Direction::Write, say_ct2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;

    #[test]
    fn full_partial_none() {
        let s = snapshot();
        let fs = Ct2.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(by("logs").status, Status::Pass, "{:?}", by("logs"));
        assert!(by("logs").evidence[0].starts_with("org: full"));
        assert_eq!(by("data").status, Status::Fail);
        assert!(
            by("data").observed.contains("partial")
                && by("data")
                    .observed
                    .contains("NotStartsWith arn:aws:s3:::data/tmp/"),
            "{}",
            by("data").observed
        );
        assert_eq!(by("scratch").observed, "write: none");
    }

    /// CloudTrail API Reference, "AdvancedFieldSelector": an event data store's data-event
    /// selectors are read like a trail's, and the store is named in the evidence.
    #[test]
    fn an_event_data_store_records_writes_named_as_such() {
        let mut s = snapshot();
        add_lake(
            &mut s,
            lake(
                "s3-lake",
                MEMBER,
                "ENABLED",
                false,
                vec![vec![
                    ("eventCategory", &["Data"]),
                    ("resources.type", &["AWS::S3::Object"]),
                    ("readOnly", &["false"]),
                ]],
            ),
        );
        let fs = Ct2.evaluate(&Context::new(&s));
        let scratch = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some("scratch"))
            .unwrap();
        assert_eq!(scratch.status, Status::Pass, "{scratch:?}");
        assert!(
            scratch.evidence.iter().any(|e| e == "event data store s3-lake: full"),
            "{:?}",
            scratch.evidence
        );
    }

    crate::findings_snapshot!(Ct2, crate::cloudtrail::testdata::snapshot());
}
