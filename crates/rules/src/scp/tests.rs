//! Table-driven tests of the SCP evaluator.
//!
//! The base organization: root `r-root` → OU `ou-a` (Workloads) → OU `ou-b` (Prod) → account
//! `111111111111`; the management account `000000000000` sits under the root. FullAWSAccess is
//! attached at every level, as AWS does when SCPs are enabled. Each case adds policies, can
//! detach FullAWSAccess from some levels, and says what verdict one action must get.

use super::*;
use orgaudit_model::*;

const MEMBER: &str = "111111111111";
const MGMT: &str = "000000000000";
const FULL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Denied,
    DeniedExcept,
    NotAllowed,
    Allowed,
    AllowedLimited,
    Exempt,
    NotInEffect,
    Unknown,
}

fn kind(v: &Verdict) -> Want {
    match v {
        Verdict::Denied { .. } => Want::Denied,
        Verdict::DeniedExcept { .. } => Want::DeniedExcept,
        Verdict::NotAllowed { .. } => Want::NotAllowed,
        Verdict::Allowed { limits, .. } if limits.is_empty() => Want::Allowed,
        Verdict::Allowed { .. } => Want::AllowedLimited,
        Verdict::Exempt => Want::Exempt,
        Verdict::NotInEffect(_) => Want::NotInEffect,
        Verdict::Unknown(_) => Want::Unknown,
    }
}

fn err(op: &str) -> CollectionError {
    CollectionError {
        account_id: Some(MGMT.into()),
        region: None,
        service: "Organizations".into(),
        operation: op.into(),
        code: "AccessDeniedException".into(),
        message: "denied".into(),
        subject: None,
    }
}

/// Base organization plus `extra` policies `(name, content, targets)`, with FullAWSAccess
/// detached from the targets listed in `no_full`.
fn org(extra: &[(&str, &str, &[&str])], no_full: &[&str]) -> OrgSnapshot {
    let full_targets: Vec<String> = ["r-root", "ou-a", "ou-b", MEMBER, MGMT]
        .iter()
        .filter(|t| !no_full.contains(t))
        .map(|t| t.to_string())
        .collect();
    let mut policies = vec![Policy {
        id: FULL_AWS_ACCESS_ID.into(),
        arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess".into(),
        name: "FullAWSAccess".into(),
        description: None,
        aws_managed: true,
        content: Fetched::Ok(FULL.into()),
        targets: Fetched::Ok(full_targets),
    }];
    for (i, (name, content, targets)) in extra.iter().enumerate() {
        policies.push(Policy {
            id: format!("p-{i:08}"),
            arn: format!(
                "arn:aws:organizations::000000000000:policy/o-test/service_control_policy/p-{i:08}"
            ),
            name: name.to_string(),
            description: None,
            aws_managed: false,
            content: Fetched::Ok(content.to_string()),
            targets: Fetched::Ok(targets.iter().map(|t| t.to_string()).collect()),
        });
    }
    let ou = |id: &str, name: &str, parent: &str| OrganizationalUnit {
        id: id.into(),
        arn: format!("arn:aws:organizations::{MGMT}:ou/o-test/{id}"),
        name: name.into(),
        parent_id: parent.into(),
    };
    let acct = |id: &str, parent: &str| Account {
        id: id.into(),
        arn: format!("arn:aws:organizations::{MGMT}:account/o-test/{id}"),
        name: format!("acct-{id}"),
        email: format!("{id}@example.com"),
        status: "ACTIVE".into(),
        parent_id: Some(parent.into()),
    };
    OrgSnapshot {
        info: Fetched::Ok(OrgInfo {
            id: "o-test".into(),
            arn: format!("arn:aws:organizations::{MGMT}:organization/o-test"),
            feature_set: "ALL".into(),
            management_account_id: MGMT.into(),
            management_account_email: None,
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
        organizational_units: vec![
            ou("ou-a", "Workloads", "r-root"),
            ou("ou-b", "Prod", "ou-a"),
        ],
        tree_errors: vec![],
        accounts: Fetched::Ok(vec![acct(MGMT, "r-root"), acct(MEMBER, "ou-b")]),
        policies: Fetched::Ok(policies),
        rcps: Fetched::Ok(vec![]),
        service_access: Fetched::Ok(vec![]),
        delegated_administrators: Default::default(),
    }
}

fn deny(action: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Guard","Effect":"Deny","Action":"{action}","Resource":"*"}}]}}"#
    )
}

fn cond_deny(action: &str, condition: &str) -> String {
    format!(
        r#"{{"Statement":[{{"Sid":"Guard","Effect":"Deny","Action":"{action}","Resource":"*","Condition":{condition}}}]}}"#
    )
}

struct Case {
    name: &'static str,
    org: OrgSnapshot,
    account: &'static str,
    action: &'static str,
    want: Want,
}

fn case(name: &'static str, org: OrgSnapshot, action: &'static str, want: Want) -> Case {
    Case {
        name,
        org,
        account: MEMBER,
        action,
        want,
    }
}

fn cases() -> Vec<Case> {
    use Want::*;
    let d = |a: &str| deny(a);
    let mut malformed_targets = org(&[("guard", &d("s3:*"), &["r-root"])], &[]);
    if let Fetched::Ok(ps) = &mut malformed_targets.policies {
        ps[1].targets = Fetched::Error(err("ListTargetsForPolicy"));
    }
    let mut unreadable_content = org(&[("guard", &d("s3:*"), &["ou-a"])], &[]);
    if let Fetched::Ok(ps) = &mut unreadable_content.policies {
        ps[1].content = Fetched::Error(err("DescribePolicy"));
    }
    let mut orphan = org(&[], &[]);
    if let Fetched::Ok(accts) = &mut orphan.accounts {
        accts[1].parent_id = None;
    }
    orphan.tree_errors.push(err("ListAccountsForParent"));
    let mut scp_off = org(&[("guard", &d("s3:*"), &["r-root"])], &[]);
    if let Fetched::Ok(roots) = &mut scp_off.roots {
        roots[0].policy_types.clear();
    }
    let mut billing_only = org(&[], &[]);
    if let Fetched::Ok(info) = &mut billing_only.info {
        info.feature_set = "CONSOLIDATED_BILLING".into();
    }
    let mut policies_unlisted = org(&[], &[]);
    policies_unlisted.policies = Fetched::Error(err("ListPolicies"));

    vec![
        case(
            "FullAWSAccess everywhere allows",
            org(&[], &[]),
            "s3:GetObject",
            Allowed,
        ),
        case(
            "deny s3:* at root",
            org(&[("g", &d("s3:*"), &["r-root"])], &[]),
            "s3:GetObject",
            Denied,
        ),
        case(
            "s3:* does not reach s3control",
            org(&[("g", &d("s3:*"), &["r-root"])], &[]),
            "s3control:GetPublicAccessBlock",
            Allowed,
        ),
        case(
            "s3* reaches s3control",
            org(&[("g", &d("s3*"), &["r-root"])], &[]),
            "s3control:GetPublicAccessBlock",
            Denied,
        ),
        case(
            "prefix wildcard at OU",
            org(&[("g", &d("cloudtrail:Stop*"), &["ou-a"])], &[]),
            "cloudtrail:StopLogging",
            Denied,
        ),
        case(
            "prefix wildcard misses other actions",
            org(&[("g", &d("cloudtrail:Stop*"), &["ou-a"])], &[]),
            "cloudtrail:DeleteTrail",
            Allowed,
        ),
        case(
            "actions are case-insensitive",
            org(&[("g", &d("CloudTrail:stoplogging"), &["ou-b"])], &[]),
            "cloudtrail:StopLogging",
            Denied,
        ),
        case(
            "? matches one character",
            org(&[("g", &d("iam:?etRole"), &[MEMBER])], &[]),
            "iam:GetRole",
            Denied,
        ),
        case(
            "NotAction deny covers the rest",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*"}]}"#,
                    &["r-root"],
                )],
                &[],
            ),
            "s3:GetObject",
            Denied,
        ),
        case(
            "NotAction deny spares the listed",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*"}]}"#,
                    &["r-root"],
                )],
                &[],
            ),
            "iam:CreateUser",
            Allowed,
        ),
        case(
            "NotResource deny is partial",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::logs/*"}]}"#,
                    &["r-root"],
                )],
                &[],
            ),
            "s3:PutObject",
            AllowedLimited,
        ),
        case(
            "resource-scoped deny is partial",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"arn:aws:cloudtrail:*:*:trail/org"}]}"#,
                    &["ou-a"],
                )],
                &[],
            ),
            "cloudtrail:StopLogging",
            AllowedLimited,
        ),
        case(
            "Resource list holding * is full",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::x","*"]}]}"#,
                    &["ou-a"],
                )],
                &[],
            ),
            "s3:GetObject",
            Denied,
        ),
        case(
            "deny attached to the account itself",
            org(
                &[("g", &d("organizations:LeaveOrganization"), &[MEMBER])],
                &[],
            ),
            "organizations:LeaveOrganization",
            Denied,
        ),
        case(
            "deny at root and at account",
            org(&[("g", &d("ec2:*"), &["r-root", MEMBER])], &[]),
            "ec2:RunInstances",
            Denied,
        ),
        case(
            "OU without FullAWSAccess blocks implicitly",
            org(&[], &["ou-a"]),
            "s3:GetObject",
            NotAllowed,
        ),
        case(
            "allow-list at OU permits what it lists",
            org(
                &[(
                    "allow-s3",
                    r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
                    &["ou-a"],
                )],
                &["ou-a"],
            ),
            "s3:GetObject",
            Allowed,
        ),
        case(
            "allow-list at OU blocks what it does not list",
            org(
                &[(
                    "allow-s3",
                    r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
                    &["ou-a"],
                )],
                &["ou-a"],
            ),
            "ec2:RunInstances",
            NotAllowed,
        ),
        case(
            "narrower allow-list deeper down wins",
            org(
                &[(
                    "allow-get",
                    r#"{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#,
                    &["ou-b"],
                )],
                &["ou-b"],
            ),
            "s3:PutObject",
            NotAllowed,
        ),
        case(
            "account without FullAWSAccess blocks implicitly",
            org(&[], &[MEMBER]),
            "s3:GetObject",
            NotAllowed,
        ),
        case(
            "Allow NotAction leaves the excluded actions unallowed",
            org(
                &[(
                    "no-iam",
                    r#"{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
                    &["ou-b"],
                )],
                &["ou-b"],
            ),
            "iam:CreateUser",
            NotAllowed,
        ),
        Case {
            name: "management account is exempt",
            org: org(&[("g", &d("*"), &["r-root", MGMT])], &[]),
            account: MGMT,
            action: "s3:GetObject",
            want: Exempt,
        },
        case(
            "SCP type disabled on the root",
            scp_off,
            "s3:GetObject",
            NotInEffect,
        ),
        case(
            "consolidated billing only",
            billing_only,
            "s3:GetObject",
            NotInEffect,
        ),
        case(
            "deny except a principal ARN",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "cloudtrail:StopLogging",
                        r#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/BreakGlass"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "cloudtrail:StopLogging",
            DeniedExcept,
        ),
        case(
            "deny except a principal tag (IfExists)",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "s3:PutAccountPublicAccessBlock",
                        r#"{"StringNotEqualsIfExists":{"aws:PrincipalTag/team":"platform"}}"#,
                    ),
                    &["ou-a"],
                )],
                &[],
            ),
            "s3:PutAccountPublicAccessBlock",
            DeniedExcept,
        ),
        case(
            "deny except AWS services",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "organizations:LeaveOrganization",
                        r#"{"Bool":{"aws:PrincipalIsAWSService":"false"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "organizations:LeaveOrganization",
            DeniedExcept,
        ),
        case(
            "region condition only limits the deny",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "*",
                        r#"{"StringNotEquals":{"aws:RequestedRegion":["ap-northeast-1"]}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "cloudtrail:StopLogging",
            AllowedLimited,
        ),
        case(
            "positive principal condition only limits the deny",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "iam:*",
                        r#"{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Dev*"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "iam:CreateUser",
            AllowedLimited,
        ),
        case(
            "principal exemption plus region condition is limited",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "iam:*",
                        r#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"},"StringEquals":{"aws:RequestedRegion":"us-east-1"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "iam:CreateUser",
            AllowedLimited,
        ),
        case(
            "a deny aimed at service-linked roles only limits",
            org(
                &[(
                    "slr",
                    &cond_deny(
                        "iam:*",
                        r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/aws-service-role/*"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "iam:DeleteRole",
            AllowedLimited,
        ),
        case(
            "unconditional deny beats a conditional one elsewhere",
            org(
                &[
                    (
                        "c",
                        &cond_deny(
                            "s3:*",
                            r#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}"#,
                        ),
                        &["r-root"],
                    ),
                    ("g", &d("s3:*"), &[MEMBER]),
                ],
                &[],
            ),
            "s3:DeleteBucket",
            Denied,
        ),
        case(
            "single statement object, string fields, no Version",
            org(
                &[(
                    "g",
                    r#"{"Statement":{"Effect":"Deny","Action":"organizations:LeaveOrganization"}}"#,
                    &["ou-b"],
                )],
                &[],
            ),
            "organizations:LeaveOrganization",
            Denied,
        ),
        case(
            "a deny without Action matches nothing",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Resource":"*"}]}"#,
                    &["ou-b"],
                )],
                &[],
            ),
            "s3:GetObject",
            Allowed,
        ),
        case(
            "malformed policy in the chain is unknown",
            org(&[("broken", "{\"Statement\": [", &["ou-a"])], &[]),
            "s3:GetObject",
            Unknown,
        ),
        case(
            "malformed policy does not hide a full deny",
            org(
                &[
                    ("broken", "{oops", &["ou-a"]),
                    ("g", &d("s3:*"), &["r-root"]),
                ],
                &[],
            ),
            "s3:GetObject",
            Denied,
        ),
        case(
            "malformed policy outside the chain is irrelevant",
            org(&[("broken", "{oops", &[])], &[]),
            "s3:GetObject",
            Allowed,
        ),
        case(
            "statement with no Effect is unknown",
            org(
                &[(
                    "bad",
                    r#"{"Statement":[{"Action":"*","Resource":"*"}]}"#,
                    &[MEMBER],
                )],
                &[],
            ),
            "s3:GetObject",
            Unknown,
        ),
        // AWS Organizations User Guide, "SCP syntax" (full IAM language): an Allow limited to
        // some resources is not an Allow of the action everywhere, but it allows it there.
        case(
            "resource-scoped allow-list leaves the named trail open (SCP syntax: Resource in Allow)",
            org(
                &[(
                    "allow-one-trail",
                    r#"{"Statement":[{"Effect":"Allow","Action":"cloudtrail:*","Resource":"arn:aws:cloudtrail:*:*:trail/app"}]}"#,
                    &["ou-a"],
                )],
                &["ou-a"],
            ),
            "cloudtrail:StopLogging",
            Allowed,
        ),
        case(
            "conditional allow-list allows under its condition (SCP syntax: Condition in Allow)",
            org(
                &[(
                    "allow-eu",
                    r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#,
                    &["ou-b"],
                )],
                &["ou-b"],
            ),
            "cloudtrail:StopLogging",
            Allowed,
        ),
        case(
            "deny on every trail ARN is full: StopLogging acts only on trail (Service Authorization Reference)",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"arn:aws:cloudtrail:*:*:trail/*"}]}"#,
                    &["ou-a"],
                )],
                &[],
            ),
            "cloudtrail:StopLogging",
            Denied,
        ),
        case(
            "deny on every trail of other accounts leaves the member's trails open",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"arn:aws:cloudtrail:*:222222222222:trail/*"}]}"#,
                    &["ou-a"],
                )],
                &[],
            ),
            "cloudtrail:StopLogging",
            AllowedLimited,
        ),
        case(
            "NotResource deny denies everything it does not list",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"cloudtrail:DeleteTrail","NotResource":"arn:aws:cloudtrail:*:*:trail/sandbox-*"}]}"#,
                    &["ou-a"],
                )],
                &[],
            ),
            "cloudtrail:DeleteTrail",
            AllowedLimited,
        ),
        case(
            "NotResource naming another service's ARNs denies every trail",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"cloudtrail:DeleteTrail","NotResource":"arn:aws:s3:::*"}]}"#,
                    &["ou-a"],
                )],
                &[],
            ),
            "cloudtrail:DeleteTrail",
            Denied,
        ),
        case(
            "an action without resource types matches only Resource * (Service Authorization Reference)",
            org(
                &[(
                    "g",
                    r#"{"Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"arn:aws:organizations::*:account/*"}]}"#,
                    &["r-root"],
                )],
                &[],
            ),
            "organizations:LeaveOrganization",
            AllowedLimited,
        ),
        case(
            "an exemption matching every principal (ArnNotLike *) voids the guardrail",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "cloudtrail:StopLogging",
                        r#"{"ArnNotLike":{"aws:PrincipalArn":"*"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "cloudtrail:StopLogging",
            AllowedLimited,
        ),
        case(
            "an exemption of every role voids the guardrail",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "organizations:LeaveOrganization",
                        r#"{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "organizations:LeaveOrganization",
            AllowedLimited,
        ),
        case(
            "condition keys are case-insensitive (IAM User Guide, Condition element)",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "cloudtrail:StopLogging",
                        r#"{"ArnNotLike":{"AWS:PRINCIPALARN":"arn:aws:iam::*:role/BreakGlass"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "cloudtrail:StopLogging",
            DeniedExcept,
        ),
        case(
            "a deny unless MFA is only a limit (the caller can present MFA)",
            org(
                &[(
                    "g",
                    &cond_deny(
                        "s3:PutAccountPublicAccessBlock",
                        r#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#,
                    ),
                    &["r-root"],
                )],
                &[],
            ),
            "s3:PutAccountPublicAccessBlock",
            AllowedLimited,
        ),
        case("unknown OU path", orphan, "s3:GetObject", Unknown),
        case(
            "targets not listed",
            malformed_targets,
            "s3:GetObject",
            Unknown,
        ),
        case(
            "content not readable",
            unreadable_content,
            "ec2:RunInstances",
            Unknown,
        ),
        case(
            "policies not listed",
            policies_unlisted,
            "s3:GetObject",
            Unknown,
        ),
    ]
}

#[test]
fn scp_evaluation_table() {
    let cases = cases();
    assert!(cases.len() >= 30);
    let mut failures = Vec::new();
    for c in &cases {
        let model = ScpModel::new(&c.org);
        let ex = model.explain(c.account, c.action);
        if kind(&ex.verdict) != c.want {
            failures.push(format!(
                "{}: wanted {:?}, got {}",
                c.name, c.want, ex.verdict
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn explanation_names_level_policy_and_statement() {
    let o = org(
        &[(
            "deny-leave",
            &deny("organizations:LeaveOrganization"),
            &["ou-a"],
        )],
        &[],
    );
    let ex = ScpModel::new(&o).explain(MEMBER, "organizations:LeaveOrganization");
    let text = ex.verdict.to_string();
    assert!(text.contains("OU Workloads (ou-a)"), "{text}");
    assert!(
        text.contains("deny-leave") && text.contains("Guard"),
        "{text}"
    );
    let evidence = ex.evidence().join("\n");
    assert_eq!(ex.evidence().len(), 4, "{evidence}");
    assert!(
        evidence.contains(
            "root Root (r-root): organizations:LeaveOrganization allowed by FullAWSAccess"
        ),
        "{evidence}"
    );
}

#[test]
fn conditional_deny_says_whom_it_exempts() {
    let o = org(
        &[(
            "g",
            &cond_deny(
                "cloudtrail:*",
                r#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/BreakGlass"}}"#,
            ),
            &["r-root"],
        )],
        &[],
    );
    let text = ScpModel::new(&o)
        .explain(MEMBER, "cloudtrail:StopLogging")
        .verdict
        .to_string();
    assert!(
        text.contains(
            "except for principals with aws:PrincipalArn matching arn:aws:iam::*:role/BreakGlass"
        ),
        "{text}"
    );
}

#[test]
fn malformed_policy_is_named_in_the_reason() {
    let o = org(&[("broken-guard", "{\"Statement\": [", &["ou-a"])], &[]);
    let text = ScpModel::new(&o)
        .explain(MEMBER, "s3:GetObject")
        .verdict
        .to_string();
    assert!(
        text.contains("broken-guard") && text.contains("not valid JSON"),
        "{text}"
    );
}
