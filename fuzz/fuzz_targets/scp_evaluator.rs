//! The SCP chain evaluator with an arbitrary policy attached at the OU: never panics, and an
//! action the guardrail denies stays denied whatever else is attached.
#![no_main]
use libfuzzer_sys::fuzz_target;
use orgaudit_model::OrgSnapshot;

const DENY_LEAVE: &str = r#"{"Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;

fn org(extra: &str) -> OrgSnapshot {
    let full = r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let policy = |id: &str, content: &str, targets: &[&str]| {
        serde_json::json!({"id": id, "arn": format!("arn:{id}"), "name": id, "description": null,
            "aws_managed": false, "content": {"ok": content}, "targets": {"ok": targets}})
    };
    serde_json::from_value(serde_json::json!({
        "info": {"ok": {"id": "o-f", "arn": "arn:o", "feature_set": "ALL", "management_account_id": "000000000000",
                        "management_account_email": null}},
        "roots": {"ok": [{"id": "r-1", "arn": "arn:r", "name": "Root",
                          "policy_types": [{"policy_type": "SERVICE_CONTROL_POLICY", "status": "ENABLED"}]}]},
        "organizational_units": [{"id": "ou-1", "arn": "arn:ou", "name": "Workloads", "parent_id": "r-1"}],
        "accounts": {"ok": [{"id": "111111111111", "arn": "arn:a", "name": "a", "email": "a@x", "status": "ACTIVE",
                             "parent_id": "ou-1"}]},
        "policies": {"ok": [
            policy("p-FullAWSAccess", full, &["r-1", "ou-1", "111111111111"]),
            policy("p-guard", DENY_LEAVE, &["r-1"]),
            policy("p-fuzz", extra, &["ou-1"]),
        ]}
    }))
    .expect("fixed organization")
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let org = org(text);
    let model = orgaudit_rules::scp::ScpModel::new(&org);
    for action in [
        "*",
        "s3:GetObject",
        "iam:CreateUser",
        "cloudtrail:StopLogging",
        "organizations:LeaveOrganization",
    ] {
        let ex = model.explain("111111111111", action);
        let _ = ex.evidence();
        let _ = ex.verdict.to_string();
        if action == "organizations:LeaveOrganization" {
            assert!(
                ex.verdict.is_blocked(),
                "the root guardrail must hold: {}",
                ex.verdict
            );
        }
    }
});
