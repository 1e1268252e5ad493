use crate::meta::seeds::S000;
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
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
        ja: "カスタマー管理の SCP ごとに 1 件の検出結果を出す (AWS 管理ポリシーは判定しない)。どこ (ルート・OU・アカウント) にもアタッチされていない場合、または読み取ったポリシー文書が 4,608 文字 (上限 5,120 文字の 90 %) を超える場合は不合格とし、両方の問題をまとめて報告する。問題が見つからず、アタッチ先または文書を読めなかった場合は不明、それ以外は合格とする。SCP を一覧できなかった場合は、組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Scps],
    ..RuleMeta::BASE
};

crate::declare_rule!(Org9, META);

impl Rule for Org9 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let policies = match super::customer_scps(ctx, &META) {
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
                let mut problems = Vec::new();
                let mut unknown = Vec::new();
                match p.targets.as_result() {
                    Ok(t) if t.is_empty() => problems.push("attached to no target".to_string()),
                    Ok(t) => {
                        let _ = t;
                    }
                    Err(e) => unknown.push(format!("targets not listed: {}", e.summary())),
                }
                match p.content.as_result() {
                    Ok(text) => {
                        let n = text.chars().count();
                        if n > SCP_SIZE_WARN {
                            problems.push(format!(
                                "{n} characters, {}% of the {SCP_SIZE_LIMIT}-character limit",
                                n * 100 / SCP_SIZE_LIMIT
                            ));
                        }
                    }
                    Err(e) => unknown.push(format!("content not read: {}", e.summary())),
                }
                let status = if !problems.is_empty() {
                    Status::Fail
                } else if !unknown.is_empty() {
                    Status::Unknown
                } else {
                    Status::Pass
                };
                let mut f = META.finding(status, p.arn.clone());
                f.account_id = mgmt.clone();
                f.resource_name = Some(p.name.clone());
                f.expected = format!("attached to a target; at most {SCP_SIZE_WARN} characters").into();
                f.observed = if problems.is_empty() && unknown.is_empty() {
                    "attached; size within limits".into()
                } else {
                    problems
                        .into_iter()
                        .chain(unknown)
                        .collect::<Vec<_>>()
                        .join("; ")
                };
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
