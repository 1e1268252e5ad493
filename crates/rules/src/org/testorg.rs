//! A small organization for the ORG rule tests.
//!
//! Root (FullAWSAccess, SCP enabled)
//! ├── management 000000000000 (also carries `mgmt-direct`, which has no effect there)
//! ├── OU Workloads ou-work (guardrails: deny leave, CloudTrail tampering, account PAB changes)
//! │   └── prod 111111111111
//! ├── OU Sandbox ou-sand (`slr-pitfall`, a deny aimed at service-linked roles)
//! │   └── sandbox 222222222222
//! └── orphan 333333333333 (parent unknown: its part of the tree could not be read)
//!
//! `unused` is attached nowhere.

use orgaudit_model::*;

pub const MGMT: &str = "000000000000";

pub fn denied(operation: &str) -> CollectionError {
    CollectionError {
        account_id: Some(MGMT.into()),
        region: None,
        service: "Organizations".into(),
        operation: operation.into(),
        code: "AccessDeniedException".into(),
        message: "You don't have permissions to access this resource.".into(),
        subject: None,
    }
}

pub const GUARDRAILS: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "DenyLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
    {"Sid": "ProtectTrail", "Effect": "Deny",
     "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"],
     "Resource": "*",
     "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}}},
    {"Sid": "KeepPab", "Effect": "Deny", "Action": "s3:PutAccountPublicAccessBlock", "Resource": "*"}
  ]
}"#;

pub const SLR_PITFALL: &str = r#"{"Statement": [{"Sid": "ProtectSLR", "Effect": "Deny", "Action": "iam:DeleteRole",
  "Resource": "arn:aws:iam::*:role/aws-service-role/*"}]}"#;

pub fn policy(id: &str, name: &str, content: &str, targets: &[&str], aws_managed: bool) -> Policy {
    Policy {
        id: id.into(),
        arn: format!("arn:aws:organizations::{MGMT}:policy/o-test/service_control_policy/{id}"),
        name: name.into(),
        description: None,
        aws_managed,
        content: Fetched::Ok(content.into()),
        targets: Fetched::Ok(targets.iter().map(|t| t.to_string()).collect()),
    }
}

fn account(id: &str, name: &str, parent: Option<&str>) -> Account {
    Account {
        id: id.into(),
        arn: format!("arn:aws:organizations::{MGMT}:account/o-test/{id}"),
        name: name.into(),
        email: format!("{name}@example.com"),
        status: "ACTIVE".into(),
        parent_id: parent.map(Into::into),
    }
}

fn ou(id: &str, name: &str) -> OrganizationalUnit {
    OrganizationalUnit {
        id: id.into(),
        arn: format!("arn:aws:organizations::{MGMT}:ou/o-test/{id}"),
        name: name.into(),
        parent_id: "r-root".into(),
    }
}

pub fn snapshot() -> Snapshot {
    let full =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let everywhere = [
        "r-root",
        "ou-work",
        "ou-sand",
        MGMT,
        "111111111111",
        "222222222222",
        "333333333333",
    ];
    Snapshot {
        schema_version: SCHEMA_VERSION,
        meta: RunMeta {
            started_at: "2026-11-22T11:59:00Z".into(),
            finished_at: "2026-11-22T12:00:00Z".into(),
            ..RunMeta::default()
        },
        organization: OrgSnapshot {
            info: Fetched::Ok(OrgInfo {
                id: "o-test".into(),
                arn: format!("arn:aws:organizations::{MGMT}:organization/o-test"),
                feature_set: "ALL".into(),
                management_account_id: MGMT.into(),
                management_account_email: Some("mgmt@example.com".into()),
            }),
            roots: Fetched::Ok(vec![Root {
                id: "r-root".into(),
                arn: format!("arn:aws:organizations::{MGMT}:root/o-test/r-root"),
                name: "Root".into(),
                policy_types: vec![PolicyTypeStatus {
                    policy_type: "SERVICE_CONTROL_POLICY".into(),
                    status: "ENABLED".into(),
                }],
            }]),
            organizational_units: vec![ou("ou-work", "Workloads"), ou("ou-sand", "Sandbox")],
            tree_errors: vec![denied("ListAccountsForParent")],
            accounts: Fetched::Ok(vec![
                account(MGMT, "management", Some("r-root")),
                account("111111111111", "prod", Some("ou-work")),
                account("222222222222", "sandbox", Some("ou-sand")),
                account("333333333333", "orphan", None),
            ]),
            policies: Fetched::Ok(vec![
                policy(FULL_AWS_ACCESS_ID, "FullAWSAccess", full, &everywhere, true),
                policy(
                    "p-guardrails",
                    "guardrails",
                    GUARDRAILS,
                    &["ou-work"],
                    false,
                ),
                policy("p-slr", "slr-pitfall", SLR_PITFALL, &["ou-sand"], false),
                policy("p-mgmt", "mgmt-direct", GUARDRAILS, &[MGMT], false),
                policy("p-unused", "unused", GUARDRAILS, &[], false),
            ]),
            rcps: Fetched::Ok(vec![]),
            service_access: Fetched::Ok(vec!["sso.amazonaws.com".into()]),
            delegated_administrators: Default::default(),
        },
        account_access: Default::default(),
        s3: vec![],
        cloudtrail: vec![],
        sso: None,
        regions: Default::default(),
        errors: vec![],
    }
}

/// The RCP AWS attaches everywhere once the type is enabled ("RCPFullAWSAccess").
pub const RCP_FULL: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;

/// The data perimeter of the AWS guidance: deny S3 without TLS, deny principals outside the
/// organization (AWS service principals excepted).
pub const PERIMETER: &str = r#"{"Version":"2012-10-17","Statement":[
  {"Sid":"EnforceSecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
   "Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}},
  {"Sid":"EnforceOrgIdentities","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
   "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-test"},
                "BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}"#;

/// `s` with the RCP type enabled on the root, RCPFullAWSAccess everywhere, and `extra` RCPs
/// `(name, content, targets)`.
pub fn with_rcps(mut s: Snapshot, extra: &[(&str, &str, &[&str])]) -> Snapshot {
    if let Fetched::Ok(roots) = &mut s.organization.roots {
        roots[0].policy_types.push(PolicyTypeStatus {
            policy_type: "RESOURCE_CONTROL_POLICY".into(),
            status: "ENABLED".into(),
        });
    }
    let everywhere = [
        "r-root",
        "ou-work",
        "ou-sand",
        MGMT,
        "111111111111",
        "222222222222",
        "333333333333",
    ];
    let mut rcps = vec![policy(
        RCP_FULL_AWS_ACCESS_ID,
        "RCPFullAWSAccess",
        RCP_FULL,
        &everywhere,
        true,
    )];
    for (i, (name, content, targets)) in extra.iter().enumerate() {
        rcps.push(policy(&format!("p-rcp{i}"), name, content, targets, false));
    }
    s.organization.rcps = Fetched::Ok(rcps);
    s
}
