use super::exposure::exposure;
use super::{access_points, bucket_finding, pab_in_force, per_bucket};
use crate::meta::seeds::S003;
use crate::rcp::{identity_perimeter, Perimeter};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Message, Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.6",
    service: Service::S3,
    title: Text {
        en: "Neither the bucket policy nor the bucket ACL makes the bucket public",
        ja: "バケットポリシーもバケット ACL もバケットを公開していない",
    },
    severity: Severity::Critical,
    rationale: Text {
        en: "In the sense of the S3 User Guide (\"The meaning of 'public'\"), a grant to everyone (\"Principal\": \"*\", {\"AWS\": \"*\"}, a wildcard or web-identity principal, NotPrincipal with Allow) is public unless a condition pins a documented key (source IP no broader than /8, VPC, VPC endpoint, organization, source ARN or account, principal) to fixed values without wildcards; an ACL grant to AllUsers or AuthenticatedUsers is public unless IgnorePublicAcls is in force. Either opens the bucket to the internet; it is critical when Block Public Access does not stop it. An RCP that confines access to the organization is a mitigation, not a fix: Block Public Access still matters.",
        ja: "S3 ユーザーガイド (「パブリック」の意味) に従い、全員への許可 (\"Principal\": \"*\"、{\"AWS\": \"*\"}、ワイルドカードや Web ID のプリンシパル、Allow での NotPrincipal) は、文書化されたキー (/8 より広くない送信元 IP、VPC、VPC エンドポイント、組織、送信元 ARN やアカウント、プリンシパル) をワイルドカードのない固定値に限定する条件がない限りパブリックである。AllUsers または AuthenticatedUsers への ACL の付与は、IgnorePublicAcls が有効でない限りパブリックである。いずれもバケットをインターネットに公開し、ブロックパブリックアクセスが止めていない場合は重大である。組織内にアクセスを限定する RCP は緩和策であり修正ではない。ブロックパブリックアクセスは引き続き重要である。",
    },
    remediation: Text {
        en: "Remove the public statement or pin it with aws:SourceVpce / aws:PrincipalOrgID / aws:SourceArn to fixed values; remove AllUsers/AuthenticatedUsers ACL grants and disable ACLs (Object Ownership BucketOwnerEnforced); turn on Block Public Access; serve public content through CloudFront with OAC (or OAI) instead of a public bucket.",
        ja: "公開ステートメントを削除するか、aws:SourceVpce・aws:PrincipalOrgID・aws:SourceArn を固定値に限定する。AllUsers/AuthenticatedUsers への ACL の付与を削除して ACL を無効化 (オブジェクト所有者 BucketOwnerEnforced) し、ブロックパブリックアクセスを有効にする。公開コンテンツは公開バケットではなく CloudFront と OAC (または OAI) で配信する。",
    },
    sources: &[
        Source { seed: S003, section: "バケットポリシーを設定する" },
        Source { seed: crate::meta::seeds::S002, section: "パブリックアクセスブロック" },
    ],
    doc: Text {
        en: "One finding per bucket. The bucket policy is public when an Allow statement grants to everyone and no condition confines it as the rationale describes (S3 User Guide, \"The meaning of 'public'\"), or when AWS's policy status says IsPublic=true, even for a policy orgaudit cannot analyse; the ACL is public when it grants to AllUsers or AuthenticatedUsers, unless ACLs are disabled (BucketOwnerEnforced) or IgnorePublicAcls is in force at the bucket or account level. An access point in front of the bucket (its own account's, or another account's naming it) makes it public too when the access point policy is public in the same sense, the access point is not VPC-only, and the bucket policy allows an anonymous request made through it (S3 User Guide, \"Configuring IAM policies for using access points\": both policies must allow, and a bucket can delegate to access points with s3:DataAccessPointAccount); RestrictPublicBuckets of the access point, the bucket or either account neutralises it. A public policy or ACL fails at critical, or at high when only the policy is public and RestrictPublicBuckets is in force; an RCP that denies principals outside the organization is noted as a mitigation and does not change the status. It passes when nothing is public, and is unknown when nothing public was found but the policy or the ACL could not be read or analysed, or the access points of the bucket's account and region could not be listed or one's policy read, or when the ACL grants to everyone and whether IgnorePublicAcls is in force is unknown. An account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バケットごとに 1 件の検出結果を出す。バケットポリシーは、Allow ステートメントが全員に許可し、根拠に記した条件 (S3 ユーザーガイドの「パブリック」の意味) で限定されていない場合、または AWS のポリシーステータスが IsPublic=true の場合 (orgaudit が解析できないポリシーでも) にパブリックとし、ACL は、無効 (BucketOwnerEnforced) でなく、バケットまたはアカウントで IgnorePublicAcls が有効でない場合に、AllUsers または AuthenticatedUsers への付与があればパブリックとする。バケットの前にあるアクセスポイント (同じアカウントのもの、またはこのバケットを指す他アカウントのもの) も、アクセスポイントポリシーが同じ意味でパブリックで、VPC 限定でなく、バケットポリシーがそのアクセスポイント経由の匿名リクエストを許可する場合 (S3 ユーザーガイド「アクセスポイントを使用するための IAM ポリシーの設定」: 両方のポリシーの許可が必要で、バケットは s3:DataAccessPointAccount でアクセスポイントに委任できる) はバケットをパブリックにする。アクセスポイント・バケット・いずれかのアカウントの RestrictPublicBuckets はこれを無効化する。パブリックなポリシーや ACL は重大度 critical で不合格とし、パブリックなのがポリシーだけで RestrictPublicBuckets が有効なら high とする。組織外のプリンシパルを拒否する RCP は緩和策として記すだけで、状態は変えない。パブリックなものがなければ合格とし、パブリックなものは見つからないがポリシーや ACL を読めない・解析できない場合、バケットのアカウントとリージョンのアクセスポイントの一覧を取得できない場合やその一つのポリシーを読めない場合や、ACL が全員に付与していて IgnorePublicAcls が有効か分からない場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[
        Reads::BucketPolicy,
        Reads::BucketOwnership,
        Reads::BucketAcl,
        Reads::AccessPoints,
    ],
    messages: Text {
        en: r#"
s3-6-expected = no grant to everyone in the bucket policy or ACL that a fixed condition or Block Public Access does not stop
s3-6-not-public = no grant to everyone that is not confined
s3-6-unknown = { $reasons }
s3-6-public = public: { $public }{ $block ->
    [neutralised] ; RestrictPublicBuckets currently neutralises it
    [bucket-unread] ; whether Block Public Access stops it is unknown (bucket setting not read: { $error })
    [account-unread] ; whether Block Public Access stops it is unknown (account setting not read: { $error })
   *[open] ; Block Public Access does not stop it
}{ $mitigated ->
    [yes] ; mitigated: RCPs deny principals outside the organization ({ $verdict }), Block Public Access still matters
   *[no] {""}
}
"#,
        ja: r#"
s3-6-expected = バケットポリシーにも ACL にも、固定値の条件でもブロックパブリックアクセスでも止められない全員への許可がないこと
s3-6-not-public = 全員への許可はないか、あってもすべて条件で限定されている
s3-6-unknown = { $reasons }
s3-6-public = パブリック: { $public }{ $block ->
    [neutralised] 。現在は RestrictPublicBuckets により無効化されている
    [bucket-unread] 。ブロックパブリックアクセスで止められるかは不明 (バケットの設定を読み取れなかった: { $error })
    [account-unread] 。ブロックパブリックアクセスで止められるかは不明 (アカウントの設定を読み取れなかった: { $error })
   *[open] 。ブロックパブリックアクセスで止められていない
}{ $mitigated ->
    [yes] 。緩和されている: RCP が組織外のプリンシパルを拒否している ({ $verdict })。ただし、ブロックパブリックアクセスは引き続き必要である
   *[no] {""}
}
"#,
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_6, META);

impl Rule for S3_6 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, account| {
            let mut f = bucket_finding(&META, Status::Pass, b);
            f.expect(msg!("s3-6-expected"));
            let x = exposure(b, account);
            let ap = access_points::exposure(ctx.snapshot, b, account);
            f.evidence.extend(x.evidence.iter().cloned());
            f.evidence.extend(ap.evidence.iter().cloned());
            // The reasons of `exposure` (shared with CT.7) and of the access points are
            // messages too, listed in the reader's language.
            let public: Vec<Message> = x.public.iter().chain(&ap.public).cloned().collect();
            let unknown: Vec<Message> = x.unknown.iter().chain(&ap.unknown).cloned().collect();
            if public.is_empty() {
                if unknown.is_empty() {
                    f.observe(msg!("s3-6-not-public"));
                } else {
                    f.status = Status::Unknown;
                    f.observe(msg!("s3-6-unknown", reasons = unknown));
                }
                return Some(f);
            }
            f.status = Status::Fail;
            // Block Public Access: RestrictPublicBuckets neutralises a public policy, the
            // bucket's or an access point's.
            let bucket_public = !x.public.is_empty();
            let ap_in_force = ap.public.len() > ap.neutralised;
            let (block, error) = if (!bucket_public || x.neutralised()) && !ap_in_force {
                f.set_severity(Severity::High);
                ("neutralised", String::new())
            } else if bucket_public && !x.neutralised() {
                // The same answer as `x.pab`, saying whose setting could not be read.
                match pab_in_force(b, account) {
                    Ok(_) => ("open", String::new()),
                    Err(u) if u.level == "bucket" => ("bucket-unread", u.error),
                    Err(u) => ("account-unread", u.error),
                }
            } else {
                ("open", String::new())
            };
            // An RCP that keeps principals outside the organization out is a mitigation.
            let verdict = match identity_perimeter(&ctx.rcp, &b.account_id, Some(&b.name)) {
                Perimeter::Enforced(ex) => Some(ex.verdict.message()),
                _ => None,
            };
            let mitigated = if verdict.is_some() { "yes" } else { "no" };
            f.observe(msg!(
                "s3-6-public",
                public = public,
                block = block,
                error = error,
                mitigated = mitigated,
                verdict = verdict.into_iter().collect::<Vec<_>>(),
            ));
            if !unknown.is_empty() {
                let unknown: Vec<String> = unknown.iter().map(crate::messages::english).collect();
                f.evidence
                    .push(format!("also unknown: {}", unknown.join("; ")));
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

    /// An access point in front of `bucket` with `policy`, internet-facing, no Block Public
    /// Access of its own.
    fn access_point(bucket: &str, policy: Option<&str>) -> orgaudit_model::s3::AccessPoint {
        orgaudit_model::s3::AccessPoint {
            name: "shared".into(),
            arn: format!("arn:aws:s3:us-east-1:{ACCOUNT}:accesspoint/shared"),
            account_id: ACCOUNT.into(),
            region: "us-east-1".into(),
            bucket: bucket.into(),
            bucket_account_id: Some(ACCOUNT.into()),
            network_origin: Some("Internet".into()),
            public_access_block: Fetched::Ok(None),
            policy: Fetched::Ok(policy.map(str::to_string)),
        }
    }

    const AP_PUBLIC: &str = r#"{"Statement":[{"Sid":"Anyone","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:us-east-1:111111111111:accesspoint/shared/object/*"}]}"#;

    /// S3 User Guide, "Configuring IAM policies for using access points": the bucket policy
    /// delegating access control to the account's access points.
    fn delegating(bucket: &str) -> String {
        format!(
            r#"{{"Statement":[{{"Sid":"Delegate","Effect":"Allow","Principal":{{"AWS":"*"}},"Action":"*","Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],"Condition":{{"StringEquals":{{"s3:DataAccessPointAccount":"{ACCOUNT}"}}}}}}]}}"#
        )
    }

    fn with_access_points(
        buckets: Vec<orgaudit_model::s3::Bucket>,
        aps: Vec<orgaudit_model::s3::AccessPoint>,
    ) -> orgaudit_model::Snapshot {
        let mut s = snapshot(buckets);
        s.s3[0]
            .access_points
            .insert("us-east-1".into(), Fetched::Ok(aps));
        s
    }

    #[test]
    fn a_public_access_point_policy_makes_a_delegating_bucket_public() {
        let mut shared = good("shared-data");
        shared.policy = Fetched::Ok(Some(delegating("shared-data")));
        shared.public_access_block = Fetched::Ok(None);
        let s = with_access_points(
            vec![shared],
            vec![access_point("shared-data", Some(AP_PUBLIC))],
        );
        let f = S3_6.evaluate(&Context::new(&s));
        let f = f.iter().find(|f| f.resource_name.as_deref() == Some("shared-data")).unwrap();
        assert_eq!((f.status, f.severity), (Status::Fail, Severity::Critical), "{}", f.observed);
        assert!(f.observed.contains("through access point shared"), "{}", f.observed);
    }

    #[test]
    fn a_public_access_point_needs_the_bucket_policy_to_let_it_through() {
        let mut plain = good("plain");
        plain.policy = Fetched::Ok(None);
        let s = with_access_points(vec![plain], vec![access_point("plain", Some(AP_PUBLIC))]);
        let f = S3_6.evaluate(&Context::new(&s));
        let f = f.iter().find(|f| f.resource_name.as_deref() == Some("plain")).unwrap();
        assert_eq!(f.status, Status::Pass, "{}", f.observed);
        assert!(f.evidence.iter().any(|e| e.contains("does not allow anonymous requests through it")));
    }

    #[test]
    fn vpc_only_and_restricted_access_points() {
        let mut a = good("vpc-only");
        a.policy = Fetched::Ok(Some(delegating("vpc-only")));
        let mut b = good("restricted");
        b.policy = Fetched::Ok(Some(delegating("restricted")));
        let mut vpc = access_point("vpc-only", Some(AP_PUBLIC));
        vpc.network_origin = Some("VPC".into());
        let mut restricted = access_point("restricted", Some(AP_PUBLIC));
        restricted.public_access_block = Fetched::Ok(Some(orgaudit_model::s3::PublicAccessBlock {
            restrict_public_buckets: true,
            ..Default::default()
        }));
        let s = with_access_points(vec![a, b], vec![vpc, restricted]);
        let fs = S3_6.evaluate(&Context::new(&s));
        let by = |n: &str| fs.iter().find(|f| f.resource_name.as_deref() == Some(n)).unwrap();
        assert_eq!(by("vpc-only").status, Status::Pass, "{}", by("vpc-only").observed);
        assert_eq!(
            (by("restricted").status, by("restricted").severity),
            (Status::Fail, Severity::High),
            "{}",
            by("restricted").observed
        );
    }

    #[test]
    fn access_points_not_listed_in_the_bucket_region_are_unknown() {
        let mut s = snapshot(vec![good("quiet")]);
        s.s3[0]
            .access_points
            .insert("us-east-1".into(), Fetched::Error(denied("ListAccessPoints")));
        let fs = S3_6.evaluate(&Context::new(&s));
        let f = fs.iter().find(|f| f.resource_name.as_deref() == Some("quiet")).unwrap();
        assert_eq!(f.status, Status::Unknown, "{}", f.observed);
        assert!(f.observed.contains("access points"), "{}", f.observed);
    }


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
        assert!(finding(&fs, "nopolicy")
            .evidence
            .iter()
            .any(|e| e == "no bucket policy"));
        assert_eq!(finding(&fs, "disagree").status, Status::Fail);
        assert_eq!(finding(&fs, "broken").status, Status::Unknown);
    }

    fn acl(grants: &[(&str, &str)]) -> Option<Fetched<orgaudit_model::s3::Acl>> {
        Some(Fetched::Ok(orgaudit_model::s3::Acl {
            owner_id: Some("owner".into()),
            grants: grants
                .iter()
                .map(|(uri, perm)| orgaudit_model::s3::AclGrant {
                    grantee_type: "Group".into(),
                    uri: Some(uri.to_string()),
                    id: None,
                    permission: perm.to_string(),
                })
                .collect(),
        }))
    }

    const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
    const AUTHENTICATED: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    const LOG_DELIVERY: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

    /// S3 User Guide, "The meaning of 'public'", "ACLs": a grant to AllUsers or
    /// AuthenticatedUsers is public unless IgnorePublicAcls is in force; ACLs are disabled with
    /// BucketOwnerEnforced; LogDelivery is not public.
    #[test]
    fn acl_grants_to_all_users_are_public_unless_ignored() {
        let open_pab = Fetched::Ok(Some(orgaudit_model::s3::PublicAccessBlock::default()));
        let mut public = good("acl-public");
        public.ownership = Fetched::Ok(Some("ObjectWriter".into()));
        public.acl = acl(&[(ALL_USERS, "READ")]);
        public.public_access_block = open_pab.clone();
        let mut authenticated = good("acl-authenticated");
        authenticated.ownership = Fetched::Ok(Some("BucketOwnerPreferred".into()));
        authenticated.acl = acl(&[(AUTHENTICATED, "WRITE")]);
        authenticated.public_access_block = open_pab.clone();
        let mut ignored = good("acl-ignored");
        ignored.ownership = Fetched::Ok(Some("ObjectWriter".into()));
        ignored.acl = acl(&[(ALL_USERS, "READ")]);
        let mut logs = good("acl-log-delivery");
        logs.ownership = Fetched::Ok(Some("ObjectWriter".into()));
        logs.acl = acl(&[(LOG_DELIVERY, "WRITE")]);
        logs.public_access_block = open_pab.clone();
        let mut unread = good("acl-unread");
        unread.ownership = Fetched::Ok(None);
        unread.acl = None;
        let s = snapshot(vec![public, authenticated, ignored, logs, unread]);
        let mut s = s;
        for a in &mut s.s3 {
            a.public_access_block = Fetched::Ok(None);
        }
        let fs = S3_6.evaluate(&Context::new(&s));
        let p = finding(&fs, "acl-public");
        assert_eq!(
            (p.status, p.severity),
            (Status::Fail, Severity::Critical),
            "{p:?}"
        );
        assert!(
            p.observed
                .contains("READ to http://acs.amazonaws.com/groups/global/AllUsers"),
            "{}",
            p.observed
        );
        assert_eq!(finding(&fs, "acl-authenticated").status, Status::Fail);
        assert_eq!(finding(&fs, "acl-ignored").status, Status::Pass);
        assert!(finding(&fs, "acl-ignored")
            .evidence
            .iter()
            .any(|e| e.contains("IgnorePublicAcls")));
        assert_eq!(finding(&fs, "acl-log-delivery").status, Status::Pass);
        assert_eq!(finding(&fs, "acl-unread").status, Status::Unknown);
    }

    /// A StringLike value with a wildcard is not a fixed value: public, critical without BPA;
    /// an RCP keeping principals outside the organization out is named as a mitigation.
    #[test]
    fn wildcard_condition_is_public_and_rcp_is_a_mitigation() {
        let mut b = good("vpc-star");
        b.policy = Fetched::Ok(Some(
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Vpc","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::vpc-star/*","Condition":{"StringLike":{"aws:SourceVpc":"vpc-*"}}}]}"#.into(),
        ));
        b.public_access_block = Fetched::Ok(None);
        let mut s = snapshot(vec![b]);
        for a in &mut s.s3 {
            a.public_access_block = Fetched::Ok(None);
        }
        let fs = S3_6.evaluate(&Context::new(&s));
        let f = finding(&fs, "vpc-star");
        assert_eq!(
            (f.status, f.severity),
            (Status::Fail, Severity::Critical),
            "{f:?}"
        );
        assert!(!f.observed.contains("mitigated"));
        let s = crate::org::testorg::with_rcps(
            s,
            &[("perimeter", crate::org::testorg::PERIMETER, &["r-root"])],
        );
        let fs = S3_6.evaluate(&Context::new(&s));
        let f = finding(&fs, "vpc-star");
        assert_eq!(f.status, Status::Fail);
        assert!(
            f.observed.contains("mitigated") && f.observed.contains("perimeter"),
            "{}",
            f.observed
        );
    }

    crate::findings_snapshot!(S3_6, crate::s3::testdata::sample());
}
