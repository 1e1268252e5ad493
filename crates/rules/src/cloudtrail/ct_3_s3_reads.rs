use super::ct_2_s3_writes::judge;
use crate::data_events::Direction;
use crate::meta::seeds::S002;
use crate::{
    Context, ParamDefault, ParamKind, ParamSpec, Reads, Rule, RuleMeta, Service, Source, Text,
};
use orgaudit_model::{Finding, Severity};

static META: RuleMeta = RuleMeta {
    id: "CT.3",
    service: Service::CloudTrail,
    title: Text {
        en: "S3 object-level read events are recorded for every bucket",
        ja: "すべてのバケットで S3 オブジェクトレベルの読み取りイベントが記録されている",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "Who read which object is the first question after a leak. Read data events answer it; they cost more than writes, so they are medium by default.",
        ja: "情報漏えいの後にまず問われるのは、誰がどのオブジェクトを読んだかである。読み取りのデータイベントがそれに答える。書き込みより費用がかかるため既定の重大度は中とする。",
    },
    remediation: Text {
        en: "Add an advanced event selector with eventCategory Equals Data, resources.type Equals AWS::S3::Object, readOnly Equals true, scoped with resources.ARN StartsWith to the buckets that hold sensitive data if cost matters.",
        ja: "eventCategory Equals Data、resources.type Equals AWS::S3::Object、readOnly Equals true の高度なイベントセレクタを追加する。費用が問題なら resources.ARN StartsWith で機密データのバケットに絞る。",
    },
    sources: &[Source { seed: S002, section: "Q. CloudTrailはすべてのAPIログを記録できるとのことですが、記録される内容はどの程度まで確認できますでしょうか。" }],
    controls: &["FSBP S3.23"],
    doc: Text { en: "", ja: "" },
    params: &[ParamSpec {
        name: "required_buckets",
        kind: ParamKind::Patterns,
        default: ParamDefault::Patterns(&[]),
        strict: None,
        doc: Text {
            en: "Buckets (name patterns) that must have read data events. Empty: every bucket, at the rule's severity; otherwise the others are reported at info.",
            ja: "読み取りデータイベントが必須のバケット (名前のパターン)。空の場合はすべてのバケットを規則の重要度で扱い、指定した場合はそれ以外を info として報告する。",
        },
    }],
    reads: &[Reads::BucketRegion, Reads::Trails, Reads::TrailStatus, Reads::TrailSelectors],
};

crate::declare_rule!(
    Ct3,
    META,
    params {
        required_buckets: patterns
    }
);

impl Rule for Ct3 {
    /// With `ct_read_required_buckets` configured, buckets outside the list are reported at
    /// `info`: still visible, no longer a finding to act on.
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let required = Ct3::required_buckets(ctx);
        let mut fs = judge(ctx, &META, Direction::Read);
        if !required.is_empty() {
            for f in &mut fs {
                let name = f.resource_name.as_deref().unwrap_or_default();
                if !required
                    .iter()
                    .any(|p| orgaudit_policy::wildcard_match(p, name, false))
                {
                    f.set_severity(Severity::Info);
                    f.expected.push_str(" (not required for this bucket: info)");
                }
            }
        }
        fs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;
    use orgaudit_model::Status;

    #[test]
    fn reads_from_the_account_trail() {
        let s = snapshot();
        let fs = Ct3.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(by("data").status, Status::Pass, "{:?}", by("data"));
        assert_eq!(by("logs").status, Status::Fail);
        assert_eq!(by("logs").severity, Severity::Medium);

        let mut only_data = crate::Settings::default();
        only_data.set_param(
            "CT.3",
            "required_buckets",
            crate::ParamValue::Patterns(vec!["dat*".into()]),
        );
        let cat = crate::Catalogue::build(only_data).unwrap();
        let fs = Ct3.evaluate(&Context::with_catalogue(&s, &cat));
        let logs = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some("logs"))
            .unwrap();
        assert_eq!((logs.status, logs.severity), (Status::Fail, Severity::Info));
    }
}
