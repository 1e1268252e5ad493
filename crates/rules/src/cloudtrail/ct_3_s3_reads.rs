use super::ct_2_s3_writes::{judge, Said};
use crate::data_events::Direction;
use crate::meta::seeds::S002;
use crate::{
    msg, Context, ParamDefault, ParamKind, ParamSpec, Reads, Rule, RuleMeta, Say, Service,
    Source, Text,
};
use orgaudit_model::{Finding, Message, Severity};

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
    doc: Text {
        en: "One finding per bucket, decided as CT.2 decides writes but for the S3 object-level read events (readOnly true: GetObject, HeadObject, ListObjects, SelectObjectContent…): every logging trail that covers the bucket's account and region (the account's own trails that are multi-region or homed there, and the management account's organization trails; CloudTrail Lake event data stores count alike, named \"event data store …\", recording only while their status is ENABLED) is combined, and it passes only when every read event is recorded for every object of the bucket (full), and fails when the coverage is partial or none. It is unknown when the bucket's region could not be read, or when coverage is not full and a covering trail's status or selectors, or the trails of the account or of the management account in that region, could not be read; an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read. When required_buckets is set, the findings of buckets whose name matches none of its patterns are reported at info, their status unchanged, while the findings about an account or the organization keep the rule's severity (a required bucket may be among the buckets not read); left empty (the default), every finding keeps the rule's severity.",
        ja: "バケットごとに 1 件の検出結果を出し、CT.2 が書き込みについて行うのと同じ方法で、S3 オブジェクトレベルの読み取りイベント (readOnly が true のもの: GetObject、HeadObject、ListObjects、SelectObjectContent など) を判定する。バケットのアカウントとリージョンを対象とするログ記録中の証跡 (アカウント自身の証跡のうちマルチリージョンのものとそのリージョンをホームとするもの、および管理アカウントの組織の証跡。CloudTrail Lake のイベントデータストアも「event data store …」の名で同様に扱い、状態が ENABLED の間だけ記録するものとする) をすべて合わせ、すべての読み取りイベントがバケットのすべてのオブジェクトについて記録される (full) 場合だけ合格とし、partial または none なら不合格とする。バケットのリージョンを読めなかった場合、または full でなく、対象となる証跡の状態やセレクタ、あるいはそのリージョンのアカウントまたは管理アカウントの証跡一覧を読めなかった場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。required_buckets を指定すると、どのパターンにも名前が一致しないバケットの検出結果は状態を変えずに info として報告するが、アカウントや組織についての検出結果は (読めなかったバケットの中に必須のものがあり得るため) 規則の重大度のままとする。空 (既定) ならすべての検出結果が規則の重大度のままである。",
    },
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
    messages: Text {
        en: "
ct-3-expected = object-level read events recorded for the whole bucket
ct-3-expected-not-required = object-level read events recorded for the whole bucket (not required for this bucket: info)
ct-3-region-unknown = the bucket's region is unknown
ct-3-not-known = read: not known ({ $reasons })
ct-3-level = read: { $level }
ct-3-partial = read: partial ({ $reasons })
",
        ja: "
ct-3-expected = バケット全体でオブジェクトレベルの読み取りイベントが記録されていること
ct-3-expected-not-required = バケット全体でオブジェクトレベルの読み取りイベントが記録されていること (このバケットでは必須でないため info)
ct-3-region-unknown = バケットのリージョンが不明
ct-3-not-known = 読み取りイベント: 不明 ({ $reasons })
ct-3-level = 読み取りイベント: { $level ->
        [full] すべて記録 (full)
        [none] 記録なし (none)
       *[other] { $level }
    }
ct-3-partial = 読み取りイベント: 一部のみ記録 (partial: { $reasons })
",
    },
};

fn say_ct3(said: Said) -> Message {
    match said {
        Said::Expected => msg!("ct-3-expected"),
        Said::RegionUnknown => msg!("ct-3-region-unknown"),
        Said::NotKnown(reasons) => msg!("ct-3-not-known", reasons = reasons),
        Said::Level(level) => msg!("ct-3-level", level = level),
        Said::Partial(reasons) => msg!("ct-3-partial", reasons = reasons),
    }
}

crate::declare_rule!(
    Ct3,
    META,
    params {
        required_buckets: patterns
    }
);

impl Rule for Ct3 {
    /// With `required_buckets` configured, buckets outside the list are reported at `info`:
    /// still visible, no longer a finding to act on. Findings about an account whose buckets
    /// could not be read keep their severity: a required bucket may be among them.
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let required = Ct3::required_buckets(ctx);
        let mut fs = judge(ctx, &META, Direction::Read, say_ct3);
        if !required.is_empty() {
            for f in fs.iter_mut().filter(|f| f.resource.contains(":s3:::")) {
                let name = f.resource_name.as_deref().unwrap_or_default();
                if !required
                    .iter()
                    .any(|p| orgaudit_policy::wildcard_match(p, name, false))
                {
                    f.set_severity(Severity::Info);
                    // Every bucket finding of `judge` expects `ct-3-expected`.
                    f.expect(msg!("ct-3-expected-not-required"));
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

    /// An account whose buckets could not be read may hold a required bucket: its unknown
    /// finding keeps the rule's severity.
    #[test]
    fn unread_accounts_are_not_lowered_to_info() {
        let mut s = snapshot();
        s.account_access.insert(
            "999999999999".into(),
            orgaudit_model::AccountAccess::Unreachable {
                error: orgaudit_model::CollectionError {
                    account_id: Some("999999999999".into()),
                    region: None,
                    service: "STS".into(),
                    operation: "AssumeRole".into(),
                    code: "AccessDenied".into(),
                    message: "denied".into(),
                    subject: None,
                },
            },
        );
        let mut only_data = crate::Settings::default();
        only_data.set_param(
            "CT.3",
            "required_buckets",
            crate::ParamValue::Patterns(vec!["dat*".into()]),
        );
        let cat = crate::Catalogue::build(only_data).unwrap();
        let fs = Ct3.evaluate(&Context::with_catalogue(&s, &cat));
        let unread = fs
            .iter()
            .find(|f| f.account_id.as_deref() == Some("999999999999"))
            .expect("an unknown finding for the account");
        assert_eq!(
            (unread.status, unread.severity),
            (Status::Unknown, Severity::Medium)
        );
    }

    crate::findings_snapshot!(Ct3, crate::cloudtrail::testdata::snapshot());
}
