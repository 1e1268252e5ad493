//! A synthetic organization snapshot of any size, for the offline benchmark and scale tests:
//! accounts spread over four OUs with SCPs, buckets with varied settings (some failing each S3
//! practice), an organization trail with data-event selectors, permission sets and assignments.
//! Built as JSON and parsed into the model, so it always has the model's current shape.

// Every-nth patterns read best as modulo arithmetic here.
#![allow(clippy::manual_is_multiple_of)]

use orgaudit_model::Snapshot;
use serde_json::{json, Value};

const OUS: [&str; 4] = ["Security", "Prod", "Dev", "Sandbox"];

fn account_id(i: usize) -> String {
    format!("{:012}", 100_000_000_000u64 + i as u64)
}

fn bucket(account: &str, a: usize, b: usize) -> Value {
    let name = format!("bench-{a:04}-{b:03}");
    let tls = json!({"Version": "2012-10-17", "Statement": [{"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*",
        "Action": "s3:*", "Resource": [format!("arn:aws:s3:::{name}"), format!("arn:aws:s3:::{name}/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
    let pab = json!({"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true,
        "restrict_public_buckets": true});
    json!({
        "name": name, "arn": format!("arn:aws:s3:::{name}"), "account_id": account,
        "region": {"ok": if b % 10 == 9 { "eu-west-1" } else { "us-east-1" }},
        "versioning": {"ok": {"status": if b % 3 != 0 { Some("Enabled") } else { None }, "mfa_delete": null}},
        "encryption": {"ok": [{"algorithm": if b % 2 == 1 { "aws:kms" } else { "AES256" }, "kms_key_id": null, "bucket_key_enabled": true}]},
        "logging": {"ok": if b % 4 == 0 { json!({"target_bucket": format!("bench-{a:04}-000"), "target_prefix": "logs/"}) } else { Value::Null }},
        "public_access_block": {"ok": if b % 4 != 1 { pab } else { Value::Null }},
        "policy": {"ok": if b % 2 == 0 { Value::String(tls.to_string()) } else { Value::Null }},
        "policy_is_public": {"ok": if b % 2 == 0 { json!(false) } else { Value::Null }},
        "ownership": {"ok": if b % 5 != 0 { Some("BucketOwnerEnforced") } else { None }},
        // As the collector reads it: the ACL only where ACLs are enabled (the owner's grant).
        "acl": if b % 5 != 0 { Value::Null } else {
            json!({"ok": {"owner_id": "synthetic-owner", "grants": [{"grantee_type": "CanonicalUser",
                "uri": null, "id": "synthetic-owner", "permission": "FULL_CONTROL"}]}})
        },
        "lifecycle": {"ok": if b % 3 == 1 { json!([{"id": "keep-3", "status": "Enabled",
            "noncurrent_expiration_days": 30, "newer_noncurrent_versions": 3}]) } else { Value::Null }},
        "website": {"ok": if b == 7 { json!({"index_document": "index.html", "redirect_all_to": null}) } else { Value::Null }},
    })
}

/// `accounts` accounts (the first is the management account) with `buckets` buckets each.
pub fn snapshot(accounts: usize, buckets: usize) -> Snapshot {
    let mgmt = account_id(0);
    let org = "o-synthetic01";
    let ou_id = |i: usize| format!("ou-syn-{i}");
    let scp = |name: &str, doc: Value, targets: Vec<String>| {
        json!({"id": format!("p-{name}"), "arn": format!("arn:aws:organizations::{mgmt}:policy/{org}/service_control_policy/p-{name}"),
            "name": name, "description": null, "aws_managed": false,
            "content": {"ok": doc.to_string()}, "targets": {"ok": targets}})
    };
    let full = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]});
    let mut all_targets: Vec<String> = vec!["r-syn".into()];
    all_targets.extend((0..OUS.len()).map(ou_id));
    all_targets.extend((0..accounts).map(account_id));
    let policies = vec![
        json!({"id": "p-FullAWSAccess", "arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
            "name": "FullAWSAccess", "description": null, "aws_managed": true,
            "content": {"ok": full.to_string()}, "targets": {"ok": all_targets}}),
        scp(
            "deny-leave",
            json!({"Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}),
            vec!["r-syn".into()],
        ),
        scp(
            "protect-cloudtrail",
            json!({"Statement": [{"Effect": "Deny", "Resource": "*", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]}]}),
            vec![ou_id(1), ou_id(2)],
        ),
    ];
    let account_list: Vec<Value> = (0..accounts)
        .map(|i| {
            let id = account_id(i);
            json!({"id": id, "arn": format!("arn:aws:organizations::{mgmt}:account/{org}/{id}"),
                "name": format!("bench-{i:04}"), "email": format!("bench-{i}@example.com"), "status": "ACTIVE",
                "parent_id": if i == 0 { "r-syn".to_string() } else { ou_id(i % OUS.len()) }})
        })
        .collect();
    let s3: Vec<Value> = (0..accounts)
        .map(|a| {
            let id = account_id(a);
            json!({"account_id": id, "public_access_block": {"ok": null},
                "buckets": {"ok": (0..buckets).map(|b| bucket(&id, a, b)).collect::<Vec<_>>()}})
        })
        .collect();
    let org_trail = json!({"name": "org-trail", "arn": format!("arn:aws:cloudtrail:us-east-1:{mgmt}:trail/org-trail"),
        "account_id": mgmt, "home_region": "us-east-1", "multi_region": true, "organization": true,
        "s3_bucket": "bench-0000-000", "s3_prefix": null, "kms_key_id": "arn:aws:kms:us-east-1:1:key/x",
        "log_file_validation": true, "cloudwatch_log_group": null,
        "status": {"ok": {"is_logging": true, "latest_delivery_error": null, "latest_delivery_time": null}},
        "selectors": {"ok": {"basic": [], "advanced": [
            {"name": "mgmt", "fields": [{"field": "eventCategory", "equals": ["Management"]}]},
            {"name": "writes", "fields": [{"field": "eventCategory", "equals": ["Data"]},
                {"field": "resources.type", "equals": ["AWS::S3::Object"]}, {"field": "readOnly", "equals": ["false"]}]}]}}});
    let cloudtrail: Vec<Value> = (0..accounts)
        .map(|a| {
            let trails = if a == 0 { vec![org_trail.clone()] } else { vec![] };
            json!({"account_id": account_id(a), "regions": [
                {"region": "us-east-1", "trails": {"ok": trails}}, {"region": "eu-west-1", "trails": {"ok": []}}]})
        })
        .collect();
    let sets: Vec<Value> = [("Admin", "AdministratorAccess", "PT1H"), ("ReadOnly", "ReadOnlyAccess", "PT8H"), ("PowerUser", "PowerUserAccess", "PT2H")]
        .iter()
        .map(|(name, managed, duration)| json!({"arn": format!("arn:aws:sso:::permissionSet/ssoins-syn/ps-{name}"),
            "instance_arn": "arn:aws:sso:::instance/ssoins-syn", "name": name, "description": null,
            "session_duration": duration, "inline_policy": {"ok": null},
            "managed_policies": {"ok": [format!("arn:aws:iam::aws:policy/{managed}")]},
            "customer_managed": {"ok": []}, "boundary": {"ok": null}, "outdated_accounts": {"ok": []}}))
        .collect();
    let assignments: Vec<Value> = (0..accounts)
        .flat_map(|a| {
            [("ReadOnly", "g-dev"), (if a % 2 == 0 { "Admin" } else { "PowerUser" }, "g-admin")]
                .map(|(set, group)| json!({"account_id": account_id(a),
                    "permission_set_arn": format!("arn:aws:sso:::permissionSet/ssoins-syn/ps-{set}"),
                    "principal_type": "GROUP", "principal_id": group}))
        })
        .collect();
    let access: serde_json::Map<String, Value> = (0..accounts)
        .map(|a| {
            (
                account_id(a),
                json!({"state": "reachable", "via": "synthetic"}),
            )
        })
        .collect();
    let value = json!({
        "schema_version": orgaudit_model::SCHEMA_VERSION,
        "meta": {"tool_version": "synthetic", "started_at": "2026-11-01T00:00:00Z", "finished_at": "2026-11-01T00:10:00Z",
            "caller_account_id": mgmt, "caller_arn": format!("arn:aws:iam::{mgmt}:user/bench"), "home_region": "us-east-1",
            "regions": ["us-east-1", "eu-west-1"], "mode": "synthetic"},
        "organization": {
            "info": {"ok": {"id": org, "arn": format!("arn:aws:organizations::{mgmt}:organization/{org}"), "feature_set": "ALL",
                "management_account_id": mgmt, "management_account_email": null}},
            "roots": {"ok": [{"id": "r-syn", "arn": "arn:root", "name": "Root",
                "policy_types": [{"policy_type": "SERVICE_CONTROL_POLICY", "status": "ENABLED"}]}]},
            "organizational_units": (0..OUS.len()).map(|i| json!({"id": ou_id(i), "arn": format!("arn:ou-{i}"), "name": OUS[i], "parent_id": "r-syn"})).collect::<Vec<_>>(),
            "accounts": {"ok": account_list},
            "policies": {"ok": policies}
        },
        "account_access": access,
        "s3": s3,
        "cloudtrail": cloudtrail,
        "sso": {"instances": {"ok": [{"arn": "arn:aws:sso:::instance/ssoins-syn", "identity_store_id": "d-syn", "owner_account_id": mgmt}]},
            "permission_sets": sets, "assignments": assignments,
            "users": {"ok": [{"id": "u-1", "user_name": "alice", "display_name": null}, {"id": "u-2", "user_name": "bob", "display_name": null}]},
            "groups": {"ok": [{"id": "g-dev", "display_name": "developers"}, {"id": "g-admin", "display_name": "admins"}]},
            "memberships": {"ok": [{"group_id": "g-dev", "user_id": "u-1"}, {"group_id": "g-admin", "user_id": "u-2"}]}},
        "errors": []
    });
    serde_json::from_value(value)
        .unwrap_or_else(|e| panic!("the synthetic snapshot no longer fits the model: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_synthetic_organization_fits_the_model() {
        let s = super::snapshot(5, 12);
        assert_eq!(
            s.s3.iter()
                .map(|a| a.buckets.ok().unwrap().len())
                .sum::<usize>(),
            60
        );
        assert_eq!(s.coverage().reachable, 5);
    }
}
