use crate::meta::seeds::S000;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "ORG.7",
    service: Service::Organizations,
    title: Text {
        en: "Pitfall: no SCP statement tries to restrict service-linked roles",
        ja: "落とし穴: サービスにリンクされたロールを制限しようとする SCP ステートメントがない",
    },
    severity: Severity::Low,
    rationale: Text {
        en: "SCPs never affect service-linked roles. A statement that names them (aws-service-role/ in a resource, principal or condition) has no effect and gives a false sense of control.",
        ja: "SCP はサービスにリンクされたロールには影響しない。それを対象にしたステートメント (リソース・プリンシパル・条件に aws-service-role/ を含むもの) は効果がなく、制御できているという誤解を生む。",
    },
    remediation: Text {
        en: "Remove the statement, and protect what it meant to protect by other means (IAM permissions of the people who could misuse the service, or the service's own settings).",
        ja: "そのステートメントを削除し、守りたかったものは別の手段 (サービスを悪用し得る利用者の IAM 権限やサービス自体の設定) で保護する。",
    },
    sources: &[Source { seed: S000, section: "AWS OrganizationsのSCP の落とし穴" }],
    doc: Text {
        en: "One finding per customer-managed SCP, attached or not (AWS managed policies such as FullAWSAccess are not judged). It fails when any statement, Allow or Deny, holds aws-service-role/ (in any letter case) in its Resource or NotResource, its Principal or NotPrincipal, or a condition value; actions are not inspected. It passes otherwise, and is unknown when the policy could not be read or parsed; when the SCPs could not be listed, one unknown finding is given for the organization.",
        ja: "カスタマー管理の SCP ごとに、アタッチの有無にかかわらず 1 件の検出結果を出す (FullAWSAccess などの AWS 管理ポリシーは判定しない)。Allow・Deny を問わず、いずれかのステートメントの Resource・NotResource、Principal・NotPrincipal、または条件値に aws-service-role/ (大文字小文字は区別しない) が含まれていれば不合格とし、アクションは調べない。それ以外は合格とし、ポリシーを読めない・解析できない場合は不明とする。SCP の一覧を取得できなかった場合は、組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Scps],
    messages: Text {
        en: "
org-7-scps-not-listed = the SCPs could not be listed: { $error }
org-7-expected = no statement that names service-linked roles
org-7-not-evaluated = { $reason }
org-7-none = no statement names service-linked roles
org-7-found = { $count } statement(s) target service-linked roles, which SCPs never affect
",
        ja: "
org-7-scps-not-listed = SCP の一覧を取得できなかった: { $error }
org-7-expected = サービスにリンクされたロールを対象にしたステートメントがないこと
org-7-not-evaluated = ポリシーを評価できなかった: { $reason }
org-7-none = サービスにリンクされたロールを対象にしたステートメントはない
org-7-found = サービスにリンクされたロールを対象にしたステートメントが { $count } 件ある (SCP はこれらのロールに影響しない)
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Org7, META);

const MARKER: &str = "aws-service-role/";

impl Rule for Org7 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let policies = match super::customer_scps(
            ctx,
            &META,
            msg!("org-7-scps-not-listed"),
            msg!("org-7-expected"),
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
                let mut f = META.finding(Status::Unknown, p.arn.clone());
                f.account_id = mgmt.clone();
                f.resource_name = Some(p.name.clone());
                f.expect(msg!("org-7-expected"));
                match ctx.scp.document(&p.id) {
                    Err(why) => f.observe(msg!("org-7-not-evaluated", reason = why)),
                    Ok(doc) => {
                        let hits: Vec<String> = doc
                            .statements
                            .iter()
                            .filter(|s| {
                                s.all_strings()
                                    .iter()
                                    .any(|v| v.to_ascii_lowercase().contains(MARKER))
                            })
                            .map(|s| format!("statement {} ({}) names {MARKER}…", s.label(), s.effect))
                            .collect();
                        if hits.is_empty() {
                            f.status = Status::Pass;
                            f.observe(msg!("org-7-none"));
                        } else {
                            f.status = Status::Fail;
                            f.observe(msg!("org-7-found", count = hits.len()));
                            f.evidence = hits;
                        }
                    }
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::org::testorg;

    #[test]
    fn flags_the_pitfall_only() {
        let s = testorg::snapshot();
        let findings = Org7.evaluate(&Context::new(&s));
        let by = |name: &str| {
            findings
                .iter()
                .find(|f| f.resource_name.as_deref() == Some(name))
                .unwrap()
        };
        assert_eq!(by("slr-pitfall").status, Status::Fail);
        assert!(by("slr-pitfall").evidence[0].contains("ProtectSLR"));
        assert_eq!(by("guardrails").status, Status::Pass);
        assert!(findings
            .iter()
            .all(|f| f.resource_name.as_deref() != Some("FullAWSAccess")));
    }

    crate::findings_snapshot!(Org7, crate::org::testorg::snapshot());
}
