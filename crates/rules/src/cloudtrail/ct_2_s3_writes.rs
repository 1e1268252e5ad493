use crate::data_events::{Direction, Level, Target};
use crate::meta::seeds::S002;
use crate::s3::{bucket_finding, per_bucket};
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

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
    controls: &["FSBP S3.22"],
    doc: Text { en: "", ja: "" },
    reads: &[Reads::BucketRegion, Reads::Trails, Reads::TrailStatus, Reads::TrailSelectors],
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct2, META);

/// Shared by CT.2 (writes) and CT.3 (reads).
pub(crate) fn judge(ctx: &Context<'_>, meta: &RuleMeta, dir: Direction) -> Vec<Finding> {
    let what = match dir {
        Direction::Read => "read",
        Direction::Write => "write",
    };
    per_bucket(ctx, meta, |b, _| {
        let mut f = bucket_finding(meta, Status::Unknown, b);
        f.expected = format!("object-level {what} events recorded for the whole bucket");
        let Some(region) = b.region.ok() else {
            f.observed = "the bucket's region is unknown".into();
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
            None => f.observed = format!("{what}: not known ({})", cov.unknown.join("; ")),
            Some(level) => {
                f.status = if *level == Level::Full {
                    Status::Pass
                } else {
                    Status::Fail
                };
                f.observed = format!("{what}: {level}");
            }
        }
        Some(f)
    })
}

impl Rule for Ct2 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        judge(ctx, &META, Direction::Write)
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
}
