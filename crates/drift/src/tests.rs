use super::*;
use orgaudit_model::Severity;
use serde_json::json;

/// A small organization: one OU with a guardrail SCP, one bucket, one trail, one permission set.
fn base() -> serde_json::Value {
    let bucket = json!({
        "name": "data", "arn": "arn:aws:s3:::data", "account_id": "111111111111",
        "region": {"ok": "us-east-1"},
        "versioning": {"ok": {"status": "Enabled", "mfa_delete": null}},
        "encryption": {"ok": [{"algorithm": "aws:kms", "kms_key_id": null, "bucket_key_enabled": true}]},
        "logging": {"ok": null}, "public_access_block": {"ok": null},
        "policy": {"ok": "{\"Statement\": []}"}, "policy_is_public": {"ok": false},
        "ownership": {"ok": "BucketOwnerEnforced"}, "lifecycle": {"ok": null}, "website": {"ok": null}
    });
    json!({
        "schema_version": 1,
        "meta": {"tool_version": "t", "started_at": "2026-11-01T00:00:00Z", "finished_at": "2026-11-01T00:01:00Z",
                 "caller_account_id": "000000000000", "caller_arn": "arn", "home_region": "us-east-1",
                 "regions": ["us-east-1"], "mode": "replay"},
        "organization": {
            "info": {"ok": {"id": "o-test", "arn": "arn:aws:organizations::000000000000:organization/o-test",
                             "feature_set": "ALL", "management_account_id": "000000000000", "management_account_email": null}},
            "roots": {"ok": [{"id": "r-1", "arn": "arn:root", "name": "Root",
                               "policy_types": [{"policy_type": "SERVICE_CONTROL_POLICY", "status": "ENABLED"}]}]},
            "organizational_units": [{"id": "ou-1", "arn": "arn:ou-1", "name": "Workloads", "parent_id": "r-1"}],
            "accounts": {"ok": [{"id": "111111111111", "arn": "arn:acct", "name": "prod", "email": "p@x",
                                  "status": "ACTIVE", "parent_id": "ou-1"}]},
            "policies": {"ok": [{"id": "p-1", "arn": "arn:p-1", "name": "deny-leave", "description": null,
                                  "aws_managed": false, "content": {"ok": "{\"Statement\":[]}"},
                                  "targets": {"ok": ["ou-1"]}}]}
        },
        "s3": [{"account_id": "111111111111", "public_access_block": {"ok": null}, "buckets": {"ok": [bucket]}}],
        "cloudtrail": [{"account_id": "111111111111", "regions": [{"region": "us-east-1", "trails": {"ok": [{
            "name": "main", "arn": "arn:trail", "account_id": "111111111111", "home_region": "us-east-1",
            "multi_region": true, "organization": false, "s3_bucket": "logs", "kms_key_id": null,
            "log_file_validation": true, "cloudwatch_log_group": null,
            "status": {"ok": {"is_logging": true, "latest_delivery_error": null}},
            "selectors": {"ok": {"basic": [], "advanced": []}}}]}}]}],
        "sso": {"instances": {"ok": []}, "permission_sets": [{
            "arn": "arn:ps-1", "instance_arn": "arn:ins", "name": "Dev", "description": null,
            "session_duration": "PT1H", "inline_policy": {"ok": null},
            "managed_policies": {"ok": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]},
            "customer_managed": {"ok": []}, "boundary": {"ok": null}, "outdated_accounts": {"ok": []}}],
            "assignments": [], "users": {"ok": []}, "groups": {"ok": []}, "memberships": {"ok": []}}
    })
}

fn snapshot(v: serde_json::Value) -> Snapshot {
    serde_json::from_value(v).unwrap_or_else(|e| panic!("fixture: {e}"))
}

fn finding(rule: &str, resource: &str, status: Status) -> Finding {
    Finding {
        rule_id: rule.to_string().into(),
        status,
        severity: Severity::High,
        account_id: Some("111111111111".into()),
        region: None,
        resource: resource.into(),
        resource_name: None,
        observed: String::new(),
        expected: String::new().into(),
        observed_msg: None,
        expected_msg: None,
        evidence: vec![],
        suppressed: None,
        severity_computed: false,
    }
}

#[test]
fn identical_runs_have_no_drift() {
    let s = snapshot(base());
    let d = diff(&s, &[], &s, &[]).unwrap();
    assert!(d.settings.is_empty(), "{:#?}", d.settings);
}

#[test]
fn the_changes_people_ask_about_are_seen() {
    let old = snapshot(base());
    let mut v = base();
    let b = &mut v["s3"][0]["buckets"]["ok"][0];
    b["versioning"]["ok"]["status"] = json!("Suspended");
    v["organization"]["policies"]["ok"][0]["targets"]["ok"] = json!([]);
    v["cloudtrail"][0]["regions"][0]["trails"]["ok"][0]["status"]["ok"]["is_logging"] =
        json!(false);
    v["sso"]["permission_sets"][0]["managed_policies"]["ok"]
        .as_array_mut()
        .unwrap()
        .push(json!("arn:aws:iam::aws:policy/AdministratorAccess"));
    // Whitespace and key order in a policy are not drift.
    v["organization"]["policies"]["ok"][0]["content"]["ok"] = json!("{ \"Statement\" : [ ] }");
    let new = snapshot(v);
    let d = diff(&old, &[], &new, &[]).unwrap();
    let change = |setting: &str| {
        d.settings
            .iter()
            .find(|c| c.setting == setting)
            .unwrap_or_else(|| panic!("{setting} not in {:#?}", d.settings))
    };
    let v = change("versioning");
    assert_eq!(
        (v.old.as_deref(), v.new.as_deref()),
        (Some("Enabled"), Some("Suspended"))
    );
    assert_eq!(v.name, "data");
    let scp = d
        .settings
        .iter()
        .find(|c| c.kind == "ou" && c.setting == "SCPs attached")
        .unwrap();
    assert_eq!(
        (scp.old.as_deref(), scp.new.as_deref()),
        (Some("deny-leave"), Some("none"))
    );
    assert_eq!(change("logging").new.as_deref(), Some("off"));
    assert_eq!(
        change("AWS managed policies").new.as_deref(),
        Some("AdministratorAccess, ReadOnlyAccess")
    );
    assert!(
        d.settings.iter().all(|c| c.setting != "content"),
        "{:#?}",
        d.settings
    );
    assert_eq!(d.settings.len(), 4, "{:#?}", d.settings);
}

#[test]
fn added_and_removed_resources_are_one_row_each() {
    let old = snapshot(base());
    let mut v = base();
    let mut extra = v["s3"][0]["buckets"]["ok"][0].clone();
    extra["name"] = json!("new-bucket");
    extra["arn"] = json!("arn:aws:s3:::new-bucket");
    v["s3"][0]["buckets"]["ok"] = json!([extra]);
    let new = snapshot(v);
    let d = diff(&old, &[], &new, &[]).unwrap();
    let rows: Vec<_> = d
        .settings
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.setting.as_str(),
                c.old.is_some(),
                c.new.is_some(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("data", "exists", true, false),
            ("new-bucket", "exists", false, true)
        ]
    );
}

#[test]
fn unreadable_settings_are_drift_too() {
    let old = snapshot(base());
    let mut v = base();
    v["s3"][0]["buckets"]["ok"][0]["policy"] = json!({"error": {
        "account_id": "111111111111", "region": "us-east-1", "service": "S3",
        "operation": "GetBucketPolicy", "code": "AccessDenied", "message": "no"}});
    let d = diff(&old, &[], &snapshot(v), &[]).unwrap();
    assert_eq!(d.settings.len(), 1);
    assert_eq!(
        d.settings[0].new.as_deref(),
        Some("unreadable (AccessDenied)")
    );
}

#[test]
fn findings_new_resolved_changed_unchanged() {
    let s = snapshot(base());
    let mut suppressed = finding("S3.5", "e", Status::Fail);
    suppressed.suppressed = Some(Box::new(orgaudit_model::Suppression {
        pattern: "e".into(),
        reason: "r".into(),
        expires: "2027-01-01".into(),
    }));
    let old = vec![
        finding("S3.1", "a", Status::Pass),
        finding("S3.2", "b", Status::Fail),
        finding("S3.3", "c", Status::Pass),
        finding("S3.4", "d", Status::Fail),
        finding("S3.5", "e", Status::Fail),
        finding("S3.6", "f", Status::Pass),
    ];
    let new = vec![
        finding("S3.1", "a", Status::Fail),    // new failure
        finding("S3.2", "b", Status::Pass),    // resolved
        finding("S3.3", "c", Status::Unknown), // changed
        suppressed,                            // fail → suppressed: resolved (accepted)
        finding("S3.6", "f", Status::Pass),    // unchanged
        finding("S3.7", "g", Status::Fail),    // new resource, failing: new
    ];
    let d = diff(&s, &old, &s, &new).unwrap().findings;
    let ids = |v: &[FindingChange]| v.iter().map(|c| c.rule_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&d.new), ["S3.1", "S3.7"]);
    assert_eq!(ids(&d.resolved).len(), 3, "{:#?}", d.resolved);
    assert!(d
        .resolved
        .iter()
        .any(|c| c.rule_id == "S3.4" && c.new == "absent"));
    assert!(d
        .resolved
        .iter()
        .any(|c| c.rule_id == "S3.5" && c.new == "fail (suppressed)"));
    assert_eq!(ids(&d.changed), ["S3.3"]);
    assert_eq!(d.unchanged, 1);
}

#[test]
fn different_organizations_are_refused() {
    let a = snapshot(base());
    let mut v = base();
    v["organization"]["info"]["ok"]["id"] = json!("o-other");
    let err = diff(&a, &[], &snapshot(v), &[]).unwrap_err();
    assert!(err.to_string().contains("different organizations"), "{err}");
}

/// A multi-region trail is kept in the first audited region that lists it (DescribeTrails
/// with shadow trails, CloudTrail API Reference), which need not be its home region: its
/// changes are drift all the same, reported once.
#[test]
fn a_trail_listed_outside_its_home_region_drifts_once() {
    let mut v = base();
    v["cloudtrail"][0]["regions"][0]["region"] = json!("ap-northeast-1");
    let copy = v["cloudtrail"][0]["regions"][0].clone();
    let mut second = copy.clone();
    second["region"] = json!("eu-west-1");
    v["cloudtrail"][0]["regions"] = json!([copy, second]);
    let old = snapshot(v.clone());
    for r in 0..2 {
        v["cloudtrail"][0]["regions"][r]["trails"]["ok"][0]["status"]["ok"]["is_logging"] =
            json!(false);
    }
    let new = snapshot(v);
    let d = diff(&old, &[], &new, &[]).unwrap();
    let logging: Vec<_> = d
        .settings
        .iter()
        .filter(|c| c.setting == "logging")
        .collect();
    assert_eq!(logging.len(), 1, "{:#?}", d.settings);
    assert_eq!(logging[0].new.as_deref(), Some("off"));
}

/// Account Management API Reference, "ListRegions": an opt-in region enabled between two runs
/// is drift of the account.
#[test]
fn a_newly_enabled_region_is_drift() {
    let mut v = base();
    v["regions"] =
        json!({"111111111111": {"enabled": {"ok": ["us-east-1"]}, "audited": ["us-east-1"]}});
    let old = snapshot(v.clone());
    v["regions"]["111111111111"]["enabled"]["ok"] = json!(["me-south-1", "us-east-1"]);
    let d = diff(&old, &[], &snapshot(v), &[]).unwrap();
    assert_eq!(d.settings.len(), 1, "{:#?}", d.settings);
    let c = &d.settings[0];
    assert_eq!(c.kind, "account");
    assert_eq!(c.setting, "enabled regions");
    assert_eq!(c.new.as_deref(), Some("me-south-1, us-east-1"));
    assert_eq!(c.name, "prod");
}
