use super::{bucket_finding, effective_pab, need, per_bucket};
use crate::bucket_policy::analyse;
use crate::meta::seeds::S003;
use crate::{Context, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

pub struct S3_6;

static META: RuleMeta = RuleMeta {
    id: "S3.6",
    service: Service::S3,
    title: Text {
        en: "The bucket policy does not make the bucket public",
        ja: "バケットポリシーがバケットを公開していない",
    },
    severity: Severity::Critical,
    rationale: Text {
        en: "A statement that allows \"Principal\": \"*\" without a condition that really restricts the caller (source IP, VPC endpoint, organization, source ARN or account) opens the bucket to the whole internet. It is critical when Block Public Access does not stop it (RestrictPublicBuckets off).",
        ja: "呼び出し元を実際に制限する条件 (送信元 IP、VPC エンドポイント、組織、送信元 ARN やアカウント) なしに \"Principal\": \"*\" を許可するステートメントは、バケットをインターネット全体に公開する。パブリックアクセスブロック (RestrictPublicBuckets) が止めていない場合は重大である。",
    },
    remediation: Text {
        en: "Remove the public statement or restrict it with aws:SourceVpce / aws:PrincipalOrgID / aws:SourceArn; serve public content through CloudFront with OAC (or OAI) instead of a public bucket.",
        ja: "公開ステートメントを削除するか aws:SourceVpce・aws:PrincipalOrgID・aws:SourceArn で制限する。公開コンテンツは公開バケットではなく CloudFront と OAC (または OAI) で配信する。",
    },
    sources: &[Source { seed: S003, section: "バケットポリシーを設定する" }],
    controls: &["FSBP S3.2", "FSBP S3.3"],
};

impl Rule for S3_6 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, account| {
            let expected = "no statement grants access to everyone without a restricting condition";
            let policy = match need(&META, b, &b.policy, expected) {
                Ok(p) => p,
                Err(f) => return Some(f),
            };
            let mut f = bucket_finding(&META, Status::Pass, b);
            f.expected = expected.into();
            let Some(text) = policy else {
                f.observed = "no bucket policy".into();
                return Some(f);
            };
            let aws_says_public = b.policy_is_public.ok().copied().flatten();
            let analysis = match analyse(text, &b.arn) {
                Ok(a) => a,
                Err(e) => {
                    f.status = if aws_says_public == Some(true) {
                        Status::Fail
                    } else {
                        Status::Unknown
                    };
                    f.observed = format!("the bucket policy could not be analysed: {e}");
                    if aws_says_public == Some(true) {
                        f.observed.push_str("; AWS reports it public");
                    }
                    return Some(f);
                }
            };
            for g in &analysis.grants {
                if g.restricted_by.is_empty() {
                    f.evidence.push(format!(
                        "statement {} allows {} to everyone",
                        g.statement, g.actions
                    ));
                } else {
                    f.evidence.push(format!(
                        "statement {} allows {} to everyone, restricted by {}",
                        g.statement,
                        g.actions,
                        g.restricted_by.join("; ")
                    ));
                }
            }
            if let Some(p) = aws_says_public {
                f.evidence.push(format!("AWS policy status: IsPublic={p}"));
            }
            let public = analysis.public_grants();
            if public.is_empty() && aws_says_public != Some(true) {
                f.observed = if analysis.grants.is_empty() {
                    "no statement grants access to everyone".into()
                } else {
                    "grants to everyone are restricted by conditions".into()
                };
                return Some(f);
            }
            f.status = Status::Fail;
            f.observed = if public.is_empty() {
                "AWS reports the policy public, though no statement was found public by orgaudit's analysis".into()
            } else {
                let names: Vec<&str> = public.iter().map(|g| g.statement.as_str()).collect();
                let mut s = format!(
                    "public: statement(s) {} grant to everyone",
                    names.join(", ")
                );
                if aws_says_public == Some(false) {
                    s.push_str("; AWS's policy status disagrees (IsPublic=false)");
                }
                s
            };
            match effective_pab(b, account) {
                Ok(p) if p.restrict_public_buckets => {
                    f.severity = Severity::High;
                    f.observed
                        .push_str("; RestrictPublicBuckets currently neutralises it");
                }
                Ok(_) => f
                    .observed
                    .push_str("; Block Public Access does not stop it"),
                Err(why) => f.observed.push_str(&format!(
                    "; whether Block Public Access stops it is unknown ({why})"
                )),
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

    const PUBLIC: &str = r#"{"Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::web/*"}]}"#;

    #[test]
    fn public_policy_severity_depends_on_block_public_access() {
        let mut open = good("open");
        open.policy = Fetched::Ok(Some(PUBLIC.into()));
        open.policy_is_public = Fetched::Ok(Some(true));
        open.public_access_block = Fetched::Ok(None);
        let mut blocked = good("blocked");
        blocked.policy = Fetched::Ok(Some(PUBLIC.into()));
        let mut restricted = good("restricted");
        restricted.policy = Fetched::Ok(Some(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}"#.into(),
        ));
        let mut nopolicy = good("nopolicy");
        nopolicy.policy = Fetched::Ok(None);
        let mut disagree = good("disagree");
        disagree.policy_is_public = Fetched::Ok(Some(true));
        let mut broken = good("broken");
        broken.policy = Fetched::Ok(Some("{".into()));
        let s = snapshot(vec![open, blocked, restricted, nopolicy, disagree, broken]);
        let fs = S3_6.evaluate(&Context::new(&s));
        let open = finding(&fs, "open");
        assert_eq!(
            (open.status, open.severity),
            (Status::Fail, Severity::Critical)
        );
        assert!(open.observed.contains("PublicRead") && open.observed.contains("does not stop it"));
        let blocked = finding(&fs, "blocked");
        assert_eq!(
            (blocked.status, blocked.severity),
            (Status::Fail, Severity::High)
        );
        assert!(blocked.observed.contains("IsPublic=false"));
        assert_eq!(finding(&fs, "restricted").status, Status::Pass);
        assert_eq!(finding(&fs, "nopolicy").observed, "no bucket policy");
        assert_eq!(finding(&fs, "disagree").status, Status::Fail);
        assert_eq!(finding(&fs, "broken").status, Status::Unknown);
    }
}
