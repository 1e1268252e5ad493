use super::{per_trail, trail_finding};
use crate::meta::seeds::{S002, S003};
use crate::s3::exposure::exposure;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "CT.7",
    service: Service::CloudTrail,
    title: Text {
        en: "The trail's S3 bucket is not public, has access logging and versioning",
        ja: "証跡の S3 バケットが公開されておらず、アクセスログとバージョニングが有効である",
    },
    severity: Severity::High,
    rationale: Text {
        en: "The log bucket is the evidence. Public, it leaks every API call of the organization; without access logging nobody knows who read the logs; without versioning a deleted or overwritten log file is gone.",
        ja: "ログバケットは証拠そのものである。公開されていれば組織のすべての API 呼び出しが漏れ、アクセスログがなければ誰がログを読んだか分からず、バージョニングがなければ削除・上書きされたログファイルは失われる。",
    },
    remediation: Text {
        en: "On the trail's bucket (often in the log-archive account): remove public grants and enable Block Public Access, enable server access logging to another bucket, enable versioning (with a noncurrent-version lifecycle rule).",
        ja: "証跡のバケット (多くはログアーカイブアカウント) で、公開設定を削除してブロックパブリックアクセスを有効化し、別バケットへのサーバーアクセスログとバージョニング (非現行バージョンのライフサイクルルール付き) を有効にする。",
    },
    sources: &[
        Source { seed: S003, section: "S3へのアクセスログを記録する" },
        Source { seed: S002, section: "Q. バージョニングを有効にしておくデメリットなどはありますか?" },
    ],
    doc: Text {
        en: "One finding per trail (once, in its home region) about the S3 bucket it delivers to, looked up among the buckets orgaudit read in the organization's accounts. It fails when that bucket's versioning is not Enabled, when it has no server access logging (any target counts), or when it is public as S3.6 reads it: the bucket policy grants to everyone without a confining condition, or AWS's policy status says IsPublic=true, and RestrictPublicBuckets is not known to be in force (a policy it neutralises is only shown as evidence); or the ACL grants to AllUsers or AuthenticatedUsers while ACLs are not disabled (BucketOwnerEnforced) and IgnorePublicAcls is not in force. It passes when none of these holds, and is unknown when no problem was found but something could not be read or decided (the versioning, the logging, the policy or the ACL, or whether IgnorePublicAcls is in force for an ACL that grants to everyone), when the trail names no bucket, or when the bucket was not found (outside the organization, or in an account whose buckets could not be read). One unknown finding is given per account and region whose trails could not be listed, per account that could not be entered, and for the organization when its account list could not be read.",
        ja: "証跡ごとに (ホームリージョンで 1 回) 1 件の検出結果を出し、配信先の S3 バケットを orgaudit が組織のアカウントで読んだバケットの中から探して判定する。そのバケットのバージョニングが Enabled でない場合、サーバーアクセスログがない場合 (保存先は問わない)、または S3.6 と同じ解釈でパブリックである場合は不合格とする。パブリックとは、バケットポリシーが限定する条件なしに全員へ許可しているか AWS のポリシーステータスが IsPublic=true であり、RestrictPublicBuckets が有効と確認できない (それで無効化されているポリシーは証拠として示すだけ) 場合、または ACL が無効 (BucketOwnerEnforced) でなく IgnorePublicAcls も有効でないのに AllUsers か AuthenticatedUsers へ付与している場合である。いずれにも当たらなければ合格とし、問題は見つからないが読めない・判定できないもの (バージョニング、ログ、ポリシーや ACL、全員へ付与する ACL に対する IgnorePublicAcls の有無) がある場合、証跡がバケットを指定していない場合、バケットが見つからない場合 (組織外のバケット、またはバケットを読めなかったアカウントにある場合) は不明とする。証跡の一覧を取得できなかったアカウントとリージョンの組ごと、入れなかったアカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Trails, Reads::BucketPolicy, Reads::BucketLogging, Reads::BucketVersioning],
    messages: Text {
        en: r#"
ct-7-expected = trail bucket not public, access logging on, versioning Enabled
ct-7-no-bucket = the trail names no S3 bucket
ct-7-outside = bucket { $bucket } is not a bucket of the organization: it cannot be verified
ct-7-not-found = bucket { $bucket } not found; accounts not read: { $accounts }
ct-7-ok = { $bucket }: not public, logged, versioned
ct-7-issues = { $bucket }: { $versioning ->
        [none] {""}
        [never] versioning never enabled
       *[status] versioning { $status }
    }{ $logging ->
        [none] {""}
        [first] access logging disabled
       *[next] ; access logging disabled
    }{ $public ->
        [none] {""}
        [first] public: { $exposure }
       *[next] ; public: { $exposure }
    }{ $versioning_unread ->
        [none] {""}
        [first] not read: versioning: { $versioning_error }
       *[next] ; not read: versioning: { $versioning_error }
    }{ $logging_unread ->
        [none] {""}
        [first] not read: logging: { $logging_error }
       *[next] ; not read: logging: { $logging_error }
    }{ $pab_unknown ->
        [none] {""}
        [first] not read: { $exposure }, and whether Block Public Access stops it is unknown ({ $pab_error })
       *[next] ; not read: { $exposure }, and whether Block Public Access stops it is unknown ({ $pab_error })
    }{ $unread ->
        [none] {""}
        [first] not read: { $unread_text }
       *[next] ; not read: { $unread_text }
    }{ $unread_more ->
        [none] {""}
        [first] not read: { $unread_more_text }
       *[next] ; not read: { $unread_more_text }
    }
ct-7-trails-not-listed = the trails could not be listed: { $error }
"#,
        ja: r#"
ct-7-expected = 証跡のバケットがパブリックでなく、サーバーアクセスログが有効で、バージョニングが有効 (Enabled) であること
ct-7-no-bucket = 証跡が S3 バケットを指定していない
ct-7-outside = バケット { $bucket } は組織のバケットではないため確認できない
ct-7-not-found = バケット { $bucket } が見つからない。読み取れなかったアカウント: { $accounts }
ct-7-ok = { $bucket }: パブリックでなく、サーバーアクセスログとバージョニングが有効
ct-7-issues = { $bucket }: { $versioning ->
        [none] {""}
        [never] バージョニングが一度も有効化されていない
       *[status] バージョニングの状態が { $status }
    }{ $logging ->
        [none] {""}
        [first] サーバーアクセスログが無効
       *[next] 。サーバーアクセスログが無効
    }{ $public ->
        [none] {""}
        [first] パブリック: { $exposure }
       *[next] 。パブリック: { $exposure }
    }{ $versioning_unread ->
        [none] {""}
        [first] バージョニングの設定を読み取れなかった: { $versioning_error }
       *[next] 。バージョニングの設定を読み取れなかった: { $versioning_error }
    }{ $logging_unread ->
        [none] {""}
        [first] サーバーアクセスログの設定を読み取れなかった: { $logging_error }
       *[next] 。サーバーアクセスログの設定を読み取れなかった: { $logging_error }
    }{ $pab_unknown ->
        [none] {""}
        [first] 判定できなかった: { $exposure } (ブロックパブリックアクセスで止められるかは不明: { $pab_error })
       *[next] 。判定できなかった: { $exposure } (ブロックパブリックアクセスで止められるかは不明: { $pab_error })
    }{ $unread ->
        [none] {""}
        [first] 判定できなかった: { $unread_text }
       *[next] 。判定できなかった: { $unread_text }
    }{ $unread_more ->
        [none] {""}
        [first] 判定できなかった: { $unread_more_text }
       *[next] 。判定できなかった: { $unread_more_text }
    }
ct-7-trails-not-listed = 証跡の一覧を取得できなかった: { $error }
"#,
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct7, META);

impl Rule for Ct7 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let blind = crate::s3::unread_accounts(ctx);
        let not_listed = |e: String| msg!("ct-7-trails-not-listed", error = e);
        per_trail(ctx, &META, not_listed, |t| {
            let mut f = trail_finding(&META, Status::Unknown, t);
            f.expect(msg!("ct-7-expected"));
            let Some(name) = &t.s3_bucket else {
                f.observe(msg!("ct-7-no-bucket"));
                return f;
            };
            let found = ctx.snapshot.s3.iter().find_map(|a| {
                a.buckets
                    .ok()
                    .and_then(|bs| bs.iter().find(|b| &b.name == name))
                    .map(|b| (a, b))
            });
            let Some((account, b)) = found else {
                f.observe(if blind.is_empty() {
                    msg!("ct-7-outside", bucket = name)
                } else {
                    msg!("ct-7-not-found", bucket = name, accounts = blind.join(", "))
                });
                return f;
            };
            f.evidence
                .push(format!("bucket {name} in account {}", b.account_id));
            // The problems, then what could not be read or decided: the parts of
            // `ct-7-issues`, in that order.
            let mut versioning = "none";
            let mut status = String::new();
            let mut versioning_error = None;
            match b.versioning.as_result() {
                Ok(v) if v.status.as_deref() == Some("Enabled") => {}
                Ok(v) => match &v.status {
                    Some(other) => {
                        versioning = "status";
                        status = other.clone();
                    }
                    None => versioning = "never",
                },
                Err(e) => versioning_error = Some(e.code.clone()),
            }
            let mut logging_off = false;
            let mut logging_error = None;
            match b.logging.as_result() {
                Ok(Some(_)) => {}
                Ok(None) => logging_off = true,
                Err(e) => logging_error = Some(e.code.clone()),
            }
            // Public as S3.6 reads it: the policy (with AWS's status) and the ACL.
            let x = exposure(b, account);
            let exposed = x
                .public
                .iter()
                .map(crate::messages::english)
                .collect::<Vec<_>>()
                .join("; ");
            let mut public = false;
            let mut pab_error = None;
            if x.by_policy && !x.by_acl && x.pab.is_err() {
                // Whether RestrictPublicBuckets neutralises the public policy is not known.
                pab_error = Some(x.pab.as_ref().err().cloned().unwrap_or_default());
            } else if x.in_force() {
                public = true;
            } else if x.neutralised() {
                f.evidence.push(format!(
                    "{exposed}; RestrictPublicBuckets currently neutralises it"
                ));
            }
            // What exposure could not read or decide (at most the policy and the ACL; any
            // further ones share the last part).
            let unread = x.unknown.first().cloned();
            let unread_more = (x.unknown.len() > 1).then(|| {
                x.unknown[1..]
                    .iter()
                    .map(crate::messages::english)
                    .collect::<Vec<_>>()
                    .join("; not read: ")
            });
            let problems = versioning != "none" || logging_off || public;
            let unknown = versioning_error.is_some()
                || logging_error.is_some()
                || pab_error.is_some()
                || unread.is_some();
            f.status = if problems {
                Status::Fail
            } else if unknown {
                Status::Unknown
            } else {
                Status::Pass
            };
            if !problems && !unknown {
                f.observe(msg!("ct-7-ok", bucket = name));
                return f;
            }
            let mut issues = msg!(
                "ct-7-issues",
                bucket = name,
                versioning = versioning,
                status = status,
                exposure = x.public.clone(),
                versioning_error = versioning_error.as_deref().unwrap_or_default(),
                logging_error = logging_error.as_deref().unwrap_or_default(),
                pab_error = pab_error.as_deref().unwrap_or_default(),
                unread_text = unread.clone().into_iter().collect::<Vec<_>>(),
                unread_more_text = unread_more.as_deref().unwrap_or_default(),
            );
            // Each further part is absent ("none"), the first shown, or after another ("; ").
            let mut first = versioning == "none";
            for (part, present) in [
                ("logging", logging_off),
                ("public", public),
                ("versioning_unread", versioning_error.is_some()),
                ("logging_unread", logging_error.is_some()),
                ("pab_unknown", pab_error.is_some()),
                ("unread", unread.is_some()),
                ("unread_more", unread_more.is_some()),
            ] {
                let place = if !present {
                    "none"
                } else if first {
                    "first"
                } else {
                    "next"
                };
                first &= !present;
                issues = issues.arg(part, place);
            }
            f.observe(issues);
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;

    #[test]
    fn bucket_resolved_across_accounts() {
        let s = snapshot();
        let fs = Ct7.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(by("org").status, Status::Pass, "{:?}", by("org"));
        assert!(
            by("member-trail")
                .observed
                .contains("access logging disabled"),
            "{}",
            by("member-trail").observed
        );
        assert!(by("stopped")
            .observed
            .contains("not a bucket of the organization"));
    }

    /// A public ACL on the log bucket is public (S3 User Guide, "The meaning of 'public'"),
    /// as S3.6 reads it: the trail's bucket fails, and an ACL that was not read is unknown.
    #[test]
    fn the_log_bucket_acl_counts() {
        use orgaudit_model::s3::{Acl, AclGrant, PublicAccessBlock};
        use orgaudit_model::Fetched;
        let mut s = snapshot();
        let logs =
            s.s3.iter_mut()
                .flat_map(|a| a.buckets.ok_mut())
                .flatten()
                .find(|b| b.name == "logs")
                .expect("the org trail's bucket");
        logs.ownership = Fetched::Ok(Some("ObjectWriter".into()));
        logs.public_access_block = Fetched::Ok(Some(PublicAccessBlock::default()));
        logs.acl = Some(Fetched::Ok(Acl {
            owner_id: Some("owner".into()),
            grants: vec![AclGrant {
                grantee_type: "Group".into(),
                uri: Some("http://acs.amazonaws.com/groups/global/AllUsers".into()),
                id: None,
                permission: "READ".into(),
            }],
        }));
        let org = |s: &orgaudit_model::Snapshot| {
            Ct7.evaluate(&Context::new(s))
                .into_iter()
                .find(|f| f.resource_name.as_deref() == Some("org"))
                .unwrap()
        };
        let public = org(&s);
        assert_eq!(public.status, Status::Fail, "{}", public.observed);
        assert!(public.observed.contains("AllUsers"), "{}", public.observed);
        let ja = crate::messages::render("ja", public.observed_msg.as_ref().unwrap()).unwrap();
        assert!(ja.starts_with("logs: パブリック: "), "{ja}");

        for a in &mut s.s3 {
            for b in a.buckets.ok_mut().into_iter().flatten() {
                if b.name == "logs" {
                    b.acl = None;
                }
            }
        }
        assert_eq!(org(&s).status, Status::Unknown);
    }

    crate::findings_snapshot!(Ct7, crate::cloudtrail::testdata::snapshot());
}
