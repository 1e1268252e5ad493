use crate::meta::seeds::S000;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

/// AWS quota: maximum size of a service control policy document, in characters.
pub const SCP_SIZE_LIMIT: usize = 5_120;
/// Warn from 90 % of the quota.
pub const SCP_SIZE_WARN: usize = SCP_SIZE_LIMIT * 9 / 10;

static META: RuleMeta = RuleMeta {
    id: "ORG.9",
    service: Service::Organizations,
    title: Text {
        en: "Hygiene: every SCP is attached somewhere and stays below 90 % of the size limit",
        ja: "衛生: すべての SCP がどこかにアタッチされ、サイズ上限の 90 % 未満である",
    },
    severity: Severity::Low,
    rationale: Text {
        en: "An SCP attached to no target protects nothing (often a guardrail detached by mistake). An SCP near the 5,120-character quota cannot take the next statement when it is urgently needed.",
        ja: "どこにもアタッチされていない SCP は何も保護しない (誤ってデタッチされたガードレールであることが多い)。5,120 文字の上限に近い SCP には、緊急時に次のステートメントを追加できない。",
    },
    remediation: Text {
        en: "Attach the policy where it belongs or delete it; split large policies, remove whitespace and merge statements that share an effect.",
        ja: "ポリシーを本来の対象にアタッチするか削除する。大きなポリシーは分割し、空白を除き、同じ効果のステートメントをまとめる。",
    },
    sources: &[Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" }],
    doc: Text {
        en: "One finding per customer-managed SCP (AWS managed policies are not judged). It fails when the policy is attached to no target (root, OU or account), or when its document, as read, is longer than 4,608 characters (90 % of the 5,120-character quota); both problems are reported together. It is unknown when the targets or the document could not be read and no problem was found in what could be, and passes otherwise; when the SCPs could not be listed, one unknown finding is given for the organization.",
        ja: "カスタマー管理の SCP ごとに 1 件の検出結果を出す (AWS 管理ポリシーは判定しない)。どこ (ルート・OU・アカウント) にもアタッチされていない場合、または読み取ったポリシードキュメントが 4,608 文字 (上限 5,120 文字の 90 %) を超える場合は不合格とし、両方の問題をまとめて報告する。問題が見つからず、アタッチ先または文書を読めなかった場合は不明、それ以外は合格とする。SCP の一覧を取得できなかった場合は、組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Scps],
    messages: Text {
        en: "
org-9-scps-not-listed = the SCPs could not be listed: { $error }
org-9-expected = attached to a target; at most { $max } characters
org-9-fine = attached; size within limits
org-9-unattached = attached to no target
org-9-unattached-large = attached to no target; { $chars } characters, { $percent }% of the { $limit }-character limit
org-9-unattached-unread = attached to no target; content not read: { $error }
org-9-large = { $chars } characters, { $percent }% of the { $limit }-character limit
org-9-unread = content not read: { $error }
org-9-unlisted = targets not listed: { $error }
org-9-large-unlisted = { $chars } characters, { $percent }% of the { $limit }-character limit; targets not listed: { $error }
org-9-unlisted-unread = targets not listed: { $targets_error }; content not read: { $content_error }
",
        ja: "
org-9-scps-not-listed = SCP の一覧を取得できなかった: { $error }
org-9-expected = ルート・OU・アカウントのいずれかにアタッチされ、ポリシーが { $max } 文字以下であること
org-9-fine = アタッチされており、サイズも上限内である
org-9-unattached = どこにもアタッチされていない
org-9-unattached-large = どこにもアタッチされていない。ポリシーが { $chars } 文字で、上限 { $limit } 文字の { $percent }% に達している
org-9-unattached-unread = どこにもアタッチされていない。ポリシーの内容を読み取れなかった: { $error }
org-9-large = ポリシーが { $chars } 文字で、上限 { $limit } 文字の { $percent }% に達している
org-9-unread = ポリシーの内容を読み取れなかった: { $error }
org-9-unlisted = アタッチ先の一覧を取得できなかった: { $error }
org-9-large-unlisted = ポリシーが { $chars } 文字で、上限 { $limit } 文字の { $percent }% に達している。アタッチ先の一覧を取得できなかった: { $error }
org-9-unlisted-unread = アタッチ先の一覧を取得できなかった: { $targets_error }。ポリシーの内容を読み取れなかった: { $content_error }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org9, META);

/// Where an SCP is attached.
enum Targets {
    Somewhere,
    Nowhere,
    /// The targets could not be listed (the error's summary).
    NotListed(String),
}

/// An SCP's document, by size.
enum Content {
    Fine,
    /// Longer than [`SCP_SIZE_WARN`]: its length in characters.
    Large(usize),
    /// The document could not be read (the error's summary).
    NotRead(String),
}

impl Rule for Org9 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let policies = match super::customer_scps(
            ctx,
            &META,
            msg!("org-9-scps-not-listed"),
            msg!("org-9-expected", max = SCP_SIZE_WARN),
        ) {
            Ok(p) => p,
            Err(f) => return vec![f],
        };
        let mgmt = ctx
            .snapshot
            .organization
            .management_account_id()
            .map(str::to_string);
        policies
            .into_iter()
            .map(|p| {
                // Where the policy is attached: somewhere, nowhere, or not known.
                let targets = match p.targets.as_result() {
                    Ok(t) if t.is_empty() => Targets::Nowhere,
                    Ok(_) => Targets::Somewhere,
                    Err(e) => Targets::NotListed(e.summary()),
                };
                // Its size: fine, too large (characters), or not known.
                let content = match p.content.as_result() {
                    Ok(text) => {
                        let n = text.chars().count();
                        if n > SCP_SIZE_WARN {
                            Content::Large(n)
                        } else {
                            Content::Fine
                        }
                    }
                    Err(e) => Content::NotRead(e.summary()),
                };
                let problem =
                    matches!(targets, Targets::Nowhere) || matches!(content, Content::Large(_));
                let unknown = matches!(targets, Targets::NotListed(_))
                    || matches!(content, Content::NotRead(_));
                let status = if problem {
                    Status::Fail
                } else if unknown {
                    Status::Unknown
                } else {
                    Status::Pass
                };
                let percent = |n: usize| n * 100 / SCP_SIZE_LIMIT;
                // Problems first, then what could not be read.
                let observed = match (targets, content) {
                    (Targets::Somewhere, Content::Fine) => msg!("org-9-fine"),
                    (Targets::Nowhere, Content::Fine) => msg!("org-9-unattached"),
                    (Targets::Nowhere, Content::Large(n)) => msg!(
                        "org-9-unattached-large",
                        chars = n,
                        percent = percent(n),
                        limit = SCP_SIZE_LIMIT
                    ),
                    (Targets::Nowhere, Content::NotRead(e)) => {
                        msg!("org-9-unattached-unread", error = e)
                    }
                    (Targets::Somewhere, Content::Large(n)) => msg!(
                        "org-9-large",
                        chars = n,
                        percent = percent(n),
                        limit = SCP_SIZE_LIMIT
                    ),
                    (Targets::Somewhere, Content::NotRead(e)) => msg!("org-9-unread", error = e),
                    (Targets::NotListed(e), Content::Fine) => msg!("org-9-unlisted", error = e),
                    (Targets::NotListed(e), Content::Large(n)) => msg!(
                        "org-9-large-unlisted",
                        chars = n,
                        percent = percent(n),
                        limit = SCP_SIZE_LIMIT,
                        error = e
                    ),
                    (Targets::NotListed(t), Content::NotRead(c)) => msg!(
                        "org-9-unlisted-unread",
                        targets_error = t,
                        content_error = c
                    ),
                };
                let mut f = META.finding(status, p.arn.clone());
                f.account_id = mgmt.clone();
                f.resource_name = Some(p.name.clone());
                f.expect(msg!("org-9-expected", max = SCP_SIZE_WARN));
                f.observe(observed);
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;
    use orgaudit_model::Fetched;

    #[test]
    fn unattached_and_oversized() {
        let mut s = testorg::snapshot();
        if let Fetched::Ok(ps) = &mut s.organization.policies {
            let big = format!(
                r#"{{"Statement":[{{"Effect":"Deny","Action":"s3:*","Resource":"*","Sid":"{}"}}]}}"#,
                "x".repeat(4700)
            );
            ps[1].content = Fetched::Ok(big);
        }
        let findings = Org9.evaluate(&Context::new(&s));
        let by = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name.as_deref() == Some(name))
                .unwrap()
        };
        assert_eq!(by("unused").status, Status::Fail);
        assert_eq!(by("unused").observed, "attached to no target");
        assert_eq!(by("guardrails").status, Status::Fail);
        assert!(by("guardrails")
            .observed
            .contains("% of the 5120-character limit"));
        assert_eq!(by("slr-pitfall").status, Status::Pass);
    }

    crate::findings_snapshot!(Org9, crate::org::testorg::snapshot());
}
