use super::{bucket_finding, need, per_bucket};
use crate::meta::seeds::S002;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.8",
    service: Service::S3,
    title: Text {
        en: "ACLs are disabled (Object Ownership is BucketOwnerEnforced)",
        ja: "ACL が無効である (オブジェクト所有者が BucketOwnerEnforced)",
    },
    severity: Severity::Low,
    rationale: Text {
        en: "With ACLs enabled, an object can be made public, or owned by another account, one ACL at a time, outside the bucket policy. BucketOwnerEnforced turns ACLs off: the bucket policy alone decides access.",
        ja: "ACL が有効だと、バケットポリシーの外で 1 つずつの ACL によってオブジェクトが公開されたり、他のアカウントの所有になったりし得る。BucketOwnerEnforced は ACL を無効にし、アクセスはバケットポリシーだけで決まる。",
    },
    remediation: Text {
        en: "`aws s3api put-bucket-ownership-controls --bucket <b> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]` after moving any ACL-based grant into the bucket policy.",
        ja: "ACL による許可をバケットポリシーへ移したうえで、`aws s3api put-bucket-ownership-controls --bucket <b> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]` を実行する。",
    },
    sources: &[Source { seed: S002, section: "Q. オブジェクトの上書きアップロードをした際に既存のACLを引き継ぐことは可能でしょうか?" }],
    doc: Text {
        en: "One finding per bucket, from its ownership controls. It passes when Object Ownership is BucketOwnerEnforced, and fails when it is BucketOwnerPreferred or ObjectWriter, or when the bucket has no ownership controls (ACLs then apply). It is unknown when the ownership controls could not be read; an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果をオブジェクト所有者の設定 (ownership controls) から出す。オブジェクト所有者が BucketOwnerEnforced なら合格、BucketOwnerPreferred または ObjectWriter の場合や、設定がない (ACL が有効になる) 場合は不合格とする。設定を読めなかった場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketOwnership],
    messages: Text {
        en: "
s3-8-expected = Object Ownership BucketOwnerEnforced
s3-8-ownership = Object Ownership { $ownership }
s3-8-none = no ownership controls: ACLs are in effect
",
        ja: "
s3-8-expected = オブジェクト所有者が BucketOwnerEnforced であること
s3-8-ownership = オブジェクト所有者が { $ownership }
s3-8-none = オブジェクト所有者の設定がない: ACL が有効になっている
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_8, META);

impl Rule for S3_8 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, _| {
            let ownership = match need(&META, b, &b.ownership, msg!("s3-8-expected")) {
                Ok(o) => o,
                Err(f) => return Some(f),
            };
            let ok = ownership.as_deref() == Some("BucketOwnerEnforced");
            let mut f = bucket_finding(&META, if ok { Status::Pass } else { Status::Fail }, b);
            f.expect(msg!("s3-8-expected"));
            f.observe(match ownership {
                Some(o) => msg!("s3-8-ownership", ownership = o),
                None => msg!("s3-8-none"),
            });
            Some(f)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::testdata::*;
    use orgaudit_model::Fetched;

    #[test]
    fn enforced_or_not() {
        let mut writer = good("writer");
        writer.ownership = Fetched::Ok(Some("ObjectWriter".into()));
        let mut unset = good("unset");
        unset.ownership = Fetched::Ok(None);
        let s = snapshot(vec![good("ok"), writer, unset]);
        let fs = S3_8.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "ok").status, Status::Pass);
        assert_eq!(
            finding(&fs, "writer").observed,
            "Object Ownership ObjectWriter"
        );
        assert_eq!(finding(&fs, "unset").status, Status::Fail);
    }

    crate::findings_snapshot!(S3_8, crate::s3::testdata::sample());
}
