use super::*;
use crate::meta::seeds::S004;
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "SSO.3",
    service: Service::Sso,
    title: Text { en: "Least privilege: no policy of the permission set allows service-wide wildcards on every resource", ja: "最小権限: 権限セットのどのポリシーも全リソースにサービス単位のワイルドカードを許可していない" },
    severity: Severity::Medium,
    rationale: Text {
        en: "s3:*, kms:*, iam:* or * on Resource * (or a NotAction that reaches them) grants every present and future action of the service, including the destructive ones, whether it comes from an inline, customer-managed or AWS managed policy; least privilege names the actions and resources needed. It is reported whatever the set's class.",
        ja: "Resource * に対する s3:*・kms:*・iam:*・* (またはそれらに及ぶ NotAction) は、インライン・カスタマー管理・AWS 管理のいずれのポリシーによるものでも、破壊的な操作を含めそのサービスの現在と将来のすべての操作を許可する。最小権限では必要な操作とリソースを明示する。権限セットの分類にかかわらず報告する。",
    },
    remediation: Text {
        en: "Replace `service:*` with the actions the job needs, scoped to the resources it works on.",
        ja: "`service:*` を業務に必要な操作に置き換え、対象リソースに絞る。",
    },
    sources: &[Source { seed: S004, section: "Chatbotと時間限定IAMポリシーを使用した本番接続運用を考える" }, Source { seed: crate::meta::seeds::S003, section: "AWSの設計におけるベストプラクティス" }],
    controls: &[],
    doc: Text { en: "", ja: "" },
    reads: &[Reads::IdentityCenter],
    ..RuleMeta::BASE
};

crate::declare_rule!(Sso3, META);

impl Rule for Sso3 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let now = match now(ctx, &META) {
            Ok(t) => t,
            Err(f) => return vec![f],
        };
        per_set(ctx, &META, |_, ps| {
            let mut f = set_finding(&META, Status::Pass, ps, None);
            f.expected = "no service:* on Resource *".into();
            // Every policy of the set, AWS managed ones included (PRACTICES.md SSO.3).
            match classify_set(ps, now).0 {
                Err(why) => {
                    f.status = Status::Unknown;
                    f.observed = why;
                }
                Ok(c) if !c.wildcard_services.is_empty() => {
                    f.status = Status::Fail;
                    f.evidence
                        .extend(c.reasons.iter().filter(|r| r.contains("allows")).cloned());
                    f.observed = format!(
                        "service-wide wildcards on every resource: {}",
                        c.wildcard_services
                            .iter()
                            .map(|s| match s.as_str() {
                                "*" if c.wildcard_services.iter().any(|w| w == "iam") =>
                                    "*".to_string(),
                                "*" => "every service but those a NotAction leaves out".to_string(),
                                s => format!("{s}:*"),
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                Ok(_) => f.observed = "no service-wide wildcard".into(),
            }
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_flagged() {
        let s = testdata::snapshot();
        let fs = Sso3.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(
            by("DataOps").observed,
            "service-wide wildcards on every resource: s3:*"
        );
        assert_eq!(by("ReadOnly").status, Status::Pass);
    }
}
