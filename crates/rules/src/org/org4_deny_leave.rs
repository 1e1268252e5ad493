use crate::meta::seeds::{S000, S001};
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{Finding, Severity};

pub const ACTIONS: &[&str] = &["organizations:LeaveOrganization"];

static META: RuleMeta = RuleMeta {
    id: "ORG.4",
    service: Service::Organizations,
    title: Text {
        en: "Guardrail: member accounts cannot leave the organization",
        ja: "ガードレール: メンバーアカウントが組織から離脱できない",
    },
    severity: Severity::Medium,
    rationale: Text {
        en: "An account that leaves the organization drops every SCP, the organization trail and central access at once. Effective SCPs should deny organizations:LeaveOrganization.",
        ja: "組織から離脱したアカウントは、SCP・組織の証跡・一元的なアクセス管理をすべて一度に失う。有効な SCP で organizations:LeaveOrganization を拒否すべきである。",
    },
    remediation: Text {
        en: "Attach at the root an SCP statement: {\"Effect\": \"Deny\", \"Action\": \"organizations:LeaveOrganization\", \"Resource\": \"*\"}.",
        ja: "ルートに次のステートメントを持つ SCP をアタッチする: {\"Effect\": \"Deny\", \"Action\": \"organizations:LeaveOrganization\", \"Resource\": \"*\"}。",
    },
    sources: &[
        Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" },
        Source { seed: S001, section: "AWS Organizations" },
    ],
    controls: &[],
    doc: Text { en: "", ja: "" },
    reads: &[Reads::Organization, Reads::Scps],
    ..RuleMeta::BASE
};

crate::declare_rule!(Org4, META);

impl Rule for Org4 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        super::guardrail(ctx, &META, ACTIONS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;
    use orgaudit_model::Status;

    #[test]
    fn per_account_verdicts() {
        let s = testorg::snapshot();
        let findings = Org4.evaluate(&Context::new(&s));
        let by = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name.as_deref() == Some(name))
                .unwrap()
        };
        assert_eq!(by("prod").status, Status::Pass);
        assert!(by("prod")
            .observed
            .contains("denied at OU Workloads (ou-work) by guardrails"));
        assert_eq!(by("sandbox").status, Status::Fail);
        assert!(by("sandbox")
            .evidence
            .iter()
            .any(|e| e.contains("OU Sandbox")));
        assert_eq!(by("orphan").status, Status::Unknown);
        assert_eq!(findings.len(), 3, "the management account is exempt");
    }
}
