use super::{account_finding, members};
use crate::meta::seeds::S001;
use crate::rcp::{identity_perimeter, secure_transport, Perimeter};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "ORG.10",
    service: Service::Organizations,
    title: Text {
        en: "Data perimeter: RCPs deny S3 requests without TLS and from principals outside the organization",
        ja: "データ境界: RCP が TLS なしの S3 リクエストと組織外のプリンシパルからのリクエストを拒否している",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "Resource control policies cap what any principal can do with the member accounts' resources, whatever the bucket policies say. With the RCP type enabled, an RCP that denies requests where aws:SecureTransport is false protects data in transit everywhere, and one that denies principals outside the organization (aws:PrincipalOrgID, AWS service principals excepted) keeps a mistaken bucket policy from opening data to the world. RCPs never apply to the management account's resources.",
        ja: "リソースコントロールポリシー (RCP) は、バケットポリシーの内容にかかわらず、メンバーアカウントのリソースに対して誰が何をできるかに上限を設ける。RCP タイプを有効にし、aws:SecureTransport が false のリクエストを拒否する RCP で転送中のデータをどこでも保護し、組織外のプリンシパル (aws:PrincipalOrgID、AWS サービスプリンシパルは除く) を拒否する RCP で、誤ったバケットポリシーがデータを外部に公開するのを防ぐ。RCP は管理アカウントのリソースには適用されない。",
    },
    remediation: Text {
        en: "Enable the RESOURCE_CONTROL_POLICY type on the root and attach there an RCP with two Deny statements on s3:* (Principal \"*\", Resource \"*\"): one with {\"BoolIfExists\": {\"aws:SecureTransport\": \"false\"}}, one with {\"StringNotEqualsIfExists\": {\"aws:PrincipalOrgID\": \"<your org id>\"}, \"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"false\"}}.",
        ja: "ルートで RESOURCE_CONTROL_POLICY タイプを有効にし、s3:* (Principal \"*\"、Resource \"*\") に対する 2 つの Deny ステートメントを持つ RCP をアタッチする。1 つは {\"BoolIfExists\": {\"aws:SecureTransport\": \"false\"}}、もう 1 つは {\"StringNotEqualsIfExists\": {\"aws:PrincipalOrgID\": \"<組織 ID>\"}, \"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"false\"}} を条件とする。",
    },
    sources: &[
        Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" },
        Source { seed: S001, section: "AWS Organizations" },
    ],
    doc: Text {
        en: "One finding per member account (RCPs never apply to the management account's resources), or one unknown finding for the organization when the accounts could not be listed. It fails when RCPs are not in effect (the feature set is not ALL, or the RESOURCE_CONTROL_POLICY type is not enabled on a root), and is unknown when that cannot be told. Otherwise two questions are evaluated against the account's RCP chain, following \"RCP evaluation\": are S3 requests without TLS (aws:SecureTransport false) denied, whether made by a role of the account, of an account in another organization, of an account in no organization or by an anonymous caller; and are S3 requests with TLS from those outside callers denied. Each is tried on a bucket and on an object with s3:GetObject, s3:PutObject, s3:DeleteObject, s3:ListBucket and an action only s3:* covers. It passes when both are blocked (explicitly denied, denied except for described principals, or allowed by no RCP at some level), fails when a request of either is allowed, and is unknown otherwise (an RCP that could not be read or parsed, an unknown OU path or RCP targets, too many combinations).",
        ja: "メンバーアカウントごとに 1 件の検出結果を出し (RCP は管理アカウントのリソースには適用されない)、アカウントの一覧を取得できなかった場合は組織について不明の検出結果を 1 件出す。RCP が有効でない (機能セットが ALL でない、またはルートで RESOURCE_CONTROL_POLICY タイプが有効でない) 場合は不合格とし、それが判断できない場合は不明とする。それ以外では、ユーザーガイドの「RCP evaluation」に従い、アカウントの RCP の階層に対して 2 つの問いを評価する。TLS なし (aws:SecureTransport が false) の S3 リクエストが、アカウント内のロール、他の組織のアカウントのロール、どの組織にも属さないアカウントのロール、匿名の呼び出し元のいずれからでも拒否されるか、そして組織外のこれらの呼び出し元からの TLS ありの S3 リクエストが拒否されるかであり、それぞれバケットとオブジェクトに対して s3:GetObject・s3:PutObject・s3:DeleteObject・s3:ListBucket と s3:* だけが含むアクションで試す。両方とも阻まれれば (明示的な拒否、記述されたプリンシパルを除く拒否、またはある階層でどの RCP にも許可されない) 合格、どちらかで許可されるリクエストがあれば不合格、それ以外 (読めない・解析できない RCP、不明な OU パスや RCP のアタッチ先、多すぎる組み合わせ) は不明とする。",
    },
    reads: &[Reads::Organization, Reads::Rcps],
    messages: Text {
        en: "
org-10-accounts-not-listed = accounts could not be listed: { $error }
org-10-every-member-evaluated = every member account evaluated
org-10-expected = the RCP type is enabled and effective RCPs deny S3 requests without TLS and from principals outside the organization
org-10-not-in-effect = no data perimeter: { $reason }
org-10-effect-unknown = whether RCPs are in effect is unknown: { $reason }
org-10-perimeter = requests without TLS: { $tls }; principals outside the organization: { $outside }
",
        ja: "
org-10-accounts-not-listed = アカウントの一覧を取得できなかった: { $error }
org-10-every-member-evaluated = すべてのメンバーアカウントを評価できること
org-10-expected = RCP のポリシータイプが有効化されており、適用される RCP が TLS なしの S3 リクエストと組織外のプリンシパルからの S3 リクエストを拒否していること
org-10-not-in-effect = データ境界がない: { $reason }
org-10-effect-unknown = RCP が有効かどうかは不明: { $reason }
org-10-perimeter = TLS なしのリクエスト: { $tls }。組織外のプリンシパル: { $outside }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org10, META);

impl Rule for Org10 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let accounts = match members(
            ctx,
            &META,
            msg!("org-10-accounts-not-listed"),
            msg!("org-10-every-member-evaluated"),
        ) {
            Ok(a) => a,
            Err(f) => return vec![f],
        };
        let not_in_effect = ctx.rcp.not_in_effect();
        accounts
            .into_iter()
            .map(|account| {
                let mut f = account_finding(&META, Status::Unknown, account);
                f.expect(msg!("org-10-expected"));
                match not_in_effect {
                    Ok(Some(why)) => {
                        f.status = Status::Fail;
                        f.observe(msg!("org-10-not-in-effect", reason = why));
                        return f;
                    }
                    Err(why) => {
                        f.observe(msg!("org-10-effect-unknown", reason = why));
                        return f;
                    }
                    Ok(None) => {}
                }
                let tls = secure_transport(&ctx.rcp, &account.id, None);
                let outside = identity_perimeter(&ctx.rcp, &account.id, None);
                f.observe(msg!(
                    "org-10-perimeter",
                    tls = tls.describe(),
                    outside = outside.describe()
                ));
                for p in [&tls, &outside] {
                    if let Perimeter::Enforced(ex) | Perimeter::Open(ex) = p {
                        f.evidence.extend(ex.evidence());
                    }
                }
                f.status = match (&tls, &outside) {
                    (Perimeter::Enforced(_), Perimeter::Enforced(_)) => Status::Pass,
                    (Perimeter::Open(_) | Perimeter::NotApplicable(_), _)
                    | (_, Perimeter::Open(_) | Perimeter::NotApplicable(_)) => Status::Fail,
                    _ => Status::Unknown,
                };
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
