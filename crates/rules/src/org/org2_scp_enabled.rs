use crate::meta::seeds::S000;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "ORG.2",
    service: Service::Organizations,
    title: Text {
        en: "The SCP policy type is enabled on the root",
        ja: "ルートで SCP ポリシータイプが有効になっている",
    },
    severity: Severity::High,
    rationale: Text {
        en: "Until the SERVICE_CONTROL_POLICY type is enabled on the root, attached SCPs are not evaluated and member accounts have no organization-wide guardrail.",
        ja: "ルートで SERVICE_CONTROL_POLICY タイプを有効にするまで、アタッチした SCP は評価されず、メンバーアカウントに組織全体のガードレールが効かない。",
    },
    remediation: Text {
        en: "Enable the policy type: `aws organizations enable-policy-type --root-id <root> --policy-type SERVICE_CONTROL_POLICY`.",
        ja: "ポリシータイプを有効化する: `aws organizations enable-policy-type --root-id <root> --policy-type SERVICE_CONTROL_POLICY`。",
    },
    sources: &[Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" }],
    doc: Text {
        en: "One finding per root of the organization. It passes when the root lists the SERVICE_CONTROL_POLICY policy type with status ENABLED, and fails when the type is not listed or is in another state (PENDING_ENABLE, PENDING_DISABLE). When the roots could not be listed, a single unknown finding is given for the organization.",
        ja: "組織のルートごとに 1 件の検出結果を出す。ルートのポリシータイプに SERVICE_CONTROL_POLICY が状態 ENABLED で含まれていれば合格、含まれていないか別の状態 (PENDING_ENABLE、PENDING_DISABLE) なら不合格とする。ルートの一覧を取得できなかった場合は、組織について不明の検出結果を 1 件だけ出す。",
    },
    reads: &[Reads::Organization],
    messages: Text {
        en: "
org-2-enabled = SERVICE_CONTROL_POLICY ENABLED
org-2-status = SERVICE_CONTROL_POLICY { $status }
org-2-not-enabled = SERVICE_CONTROL_POLICY not enabled
org-2-roots-not-listed = the roots could not be listed: { $error }
",
        ja: "
org-2-enabled = SERVICE_CONTROL_POLICY が ENABLED であること
org-2-status = SERVICE_CONTROL_POLICY の状態が { $status }
org-2-not-enabled = SERVICE_CONTROL_POLICY が有効になっていない
org-2-roots-not-listed = ルートの一覧を取得できなかった: { $error }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org2, META);

impl Rule for Org2 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mgmt = ctx
            .snapshot
            .organization
            .management_account_id()
            .map(str::to_string);
        match ctx.snapshot.organization.roots.as_result() {
            Ok(roots) => roots
                .iter()
                .map(|root| {
                    let status = if root.scp_enabled() {
                        Status::Pass
                    } else {
                        Status::Fail
                    };
                    let mut f = META.finding(status, root.arn.clone());
                    f.account_id = mgmt.clone();
                    f.resource_name = Some(root.name.clone());
                    f.expect(msg!("org-2-enabled"));
                    f.observe(match root.scp_status() {
                        Some(s) => msg!("org-2-status", status = s),
                        None => msg!("org-2-not-enabled"),
                    });
                    f
                })
                .collect(),
            Err(e) => {
                let mut f = META.finding(Status::Unknown, super::org_resource(ctx));
                f.account_id = mgmt;
                f.expect(msg!("org-2-enabled"));
                f.observe(msg!("org-2-roots-not-listed", error = e.summary()));
                vec![f]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;
    use orgaudit_model::Fetched;

    #[test]
    fn each_root_is_judged() {
        let mut s = testorg::snapshot();
        assert_eq!(Org2.evaluate(&Context::new(&s))[0].status, Status::Pass);
        if let Fetched::Ok(roots) = &mut s.organization.roots {
            roots[0].policy_types[0].status = "PENDING_ENABLE".into();
        }
        let f = &Org2.evaluate(&Context::new(&s))[0];
        assert_eq!(f.status, Status::Fail);
        assert!(f.observed.contains("PENDING_ENABLE"));
        s.organization.roots = Fetched::Error(testorg::denied("ListRoots"));
        assert_eq!(Org2.evaluate(&Context::new(&s))[0].status, Status::Unknown);
    }

    crate::findings_snapshot!(Org2, crate::org::testorg::snapshot());
}
