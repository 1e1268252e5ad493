use super::{bucket_finding, describe_pab, pab_in_force, per_bucket};
use crate::meta::seeds::S002;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::s3::PublicAccessBlock;
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.5",
    service: Service::S3,
    title: Text {
        en: "Block Public Access is in force (all four settings, bucket or account level)",
        ja: "ブロックパブリックアクセスが有効である (4 設定すべて、バケットまたはアカウントレベル)",
    },
    severity: Severity::High,
    rationale: Text {
        en: "Block Public Access blocks making the bucket public by ACL or policy. Each setting is in force when the bucket or the account sets it; all four are needed.",
        ja: "ブロックパブリックアクセスは ACL やポリシーでバケットを公開設定にすることをブロックする。各設定はバケットかアカウントのどちらかで有効なら効く。4 つすべてが必要である。",
    },
    remediation: Text {
        en: "Turn on all four settings at the account level (`aws s3control put-public-access-block`) and keep them with an SCP (ORG.6); for a bucket that must be public, serve it through CloudFront with OAC instead.",
        ja: "アカウントレベルで 4 設定すべてを有効化し (`aws s3control put-public-access-block`)、SCP で維持する (ORG.6)。公開が必要なバケットは代わりに CloudFront と OAC で配信する。",
    },
    sources: &[Source {
        seed: S002,
        section: "Q. S3作成時に『パブリックアクセスをすべてブロック』をチェックオフしたが、アクションから公開を選択しないと公開されない、という動きだが、これはACLを設定しなくてもパブリックアクセスならOKとする場合の設定でしょうか?",
    }],
    doc: Text {
        en: "One finding per bucket. Each of BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets counts when the bucket's or the account's public access block sets it; the bucket passes when all four count and fails otherwise, naming those that do not (the bucket's and the account's settings are shown as evidence). It is unknown when a setting it depends on could not be read: the bucket's or the account's configuration, unless the other one alone sets all four. An account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果を出す。BlockPublicAcls・IgnorePublicAcls・BlockPublicPolicy・RestrictPublicBuckets のそれぞれを、バケットまたはアカウントのブロックパブリックアクセスのどちらかで有効なら効いているものとし、4 つすべてが効いていれば合格、そうでなければ効いていない設定を挙げて不合格とする (バケットとアカウントの設定を証拠として示す)。判定に必要な設定 (バケットまたはアカウントの設定) を読めなかった場合は、もう一方だけで 4 つすべてが有効でない限り不明とする。入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketPublicAccessBlock, Reads::AccountPublicAccessBlock],
    messages: Text {
        en: "
s3-5-expected = BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets all true (bucket or account)
s3-5-bucket-not-read = bucket setting not read: { $error }
s3-5-account-not-read = account setting not read: { $error }
s3-5-all = all four settings in force
s3-5-off = not in force: { $settings }
",
        ja: "
s3-5-expected = BlockPublicAcls・IgnorePublicAcls・BlockPublicPolicy・RestrictPublicBuckets がすべて true であること (バケットまたはアカウント)
s3-5-bucket-not-read = バケットの設定を読み取れなかった: { $error }
s3-5-account-not-read = アカウントの設定を読み取れなかった: { $error }
s3-5-all = 4 つの設定すべてが有効
s3-5-off = 有効でない設定: { $settings }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_5, META);

impl Rule for S3_5 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, account| {
            let mut f = bucket_finding(&META, Status::Unknown, b);
            f.expect(msg!("s3-5-expected"));
            f.evidence = vec![
                format!(
                    "bucket: {}",
                    b.public_access_block
                        .ok()
                        .map(describe_pab)
                        .unwrap_or_else(|| "not read".into())
                ),
                format!(
                    "account: {}",
                    account
                        .public_access_block
                        .ok()
                        .map(describe_pab)
                        .unwrap_or_else(|| "not read".into())
                ),
            ];
            match pab_in_force(b, account) {
                Err(u) if u.level == "bucket" => {
                    f.observe(msg!("s3-5-bucket-not-read", error = u.error));
                }
                Err(u) => f.observe(msg!("s3-5-account-not-read", error = u.error)),
                Ok(p) if p.all() => {
                    f.status = Status::Pass;
                    f.observe(msg!("s3-5-all"));
                }
                Ok(p) => {
                    let off: Vec<&str> = PublicAccessBlock::FLAGS
                        .iter()
                        .zip(p.flags())
                        .filter(|(_, on)| !on)
                        .map(|(n, _)| *n)
                        .collect();
                    f.status = Status::Fail;
                    f.observe(msg!("s3-5-off", settings = off.join(", ")));
                }
            }
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
    fn bucket_or_account_per_flag() {
        let mut off = good("off");
        off.public_access_block = Fetched::Ok(None);
        let mut half = good("half");
        half.public_access_block = Fetched::Ok(Some(PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            ..Default::default()
        }));
        let mut unread = good("unread");
        unread.public_access_block = Fetched::Error(denied("GetPublicAccessBlock"));
        let mut s = snapshot(vec![good("on"), off, half, unread]);
        let fs = S3_5.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "on").status, Status::Pass);
        assert_eq!(finding(&fs, "off").status, Status::Fail);
        assert_eq!(
            finding(&fs, "half").observed,
            "not in force: BlockPublicPolicy, RestrictPublicBuckets"
        );
        assert_eq!(finding(&fs, "unread").status, Status::Unknown);

        // The account level completes the half-configured bucket and covers the others.
        s.s3[0].public_access_block = Fetched::Ok(Some(PublicAccessBlock {
            block_public_acls: false,
            ignore_public_acls: false,
            block_public_policy: true,
            restrict_public_buckets: true,
        }));
        let fs = S3_5.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "half").status, Status::Pass);
        assert_eq!(finding(&fs, "off").status, Status::Fail);
        s.s3[0].public_access_block = Fetched::Ok(Some(PublicAccessBlock {
            block_public_acls: true,
            ignore_public_acls: true,
            block_public_policy: true,
            restrict_public_buckets: true,
        }));
        let fs = S3_5.evaluate(&Context::new(&s));
        assert_eq!(finding(&fs, "off").status, Status::Pass);
        assert_eq!(
            finding(&fs, "unread").status,
            Status::Pass,
            "the account level settles it"
        );
    }

    crate::findings_snapshot!(S3_5, crate::s3::testdata::sample());
}
