//! The IAM permissions orgaudit needs, derived from the read-only guard's allow-list: the
//! policies in `deploy/iam/` and the CloudFormation (StackSet) template in
//! `deploy/cloudformation/` are generated from here (`cargo xtask docs`), and a test keeps the
//! committed files and [`ALLOWED_OPERATIONS`] (with each operation's IAM action, [`crate::ops`])
//! in step.

use crate::guard::ALLOWED_OPERATIONS;
use serde_json::{json, Value};

/// The role the StackSet deploys in every member account (pass it with `--role-name`).
pub const DEFAULT_AUDIT_ROLE: &str = "OrgAuditReadOnly";

/// Where a policy is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The principal that runs orgaudit in the management (or delegated administrator)
    /// account: Organizations, Identity Center, assuming the member role, and the management
    /// account's own S3 and CloudTrail, which it reads with its own credentials.
    Management,
    /// The audit role in every member account: S3 and CloudTrail reads, its own regions, and
    /// Identity Center reads (used only in Identity Center's delegated administrator account,
    /// where orgaudit reads the organization's instance when the caller cannot), and the
    /// documents of the customer-managed policies permission sets reference (iam:GetPolicy,
    /// iam:GetPolicyVersion).
    Member,
}

fn in_scope(service: &str, scope: Scope) -> bool {
    match scope {
        // account:ListRegions too: a member reads its own regions when the management account
        // cannot (trusted access for Account Management not enabled).
        Scope::Member => matches!(
            service,
            "S3" | "S3 Control" | "CloudTrail" | "Account" | "SSO Admin" | "identitystore" | "IAM"
        ),
        Scope::Management => true,
    }
}

/// The actions of a scope, sorted, without duplicates (sts:AssumeRole apart).
pub fn actions(scope: Scope) -> Vec<String> {
    let mut out = Vec::new();
    for op in ALLOWED_OPERATIONS {
        if !in_scope(op.service, scope) {
            continue;
        }
        if let Some(a) = op.action {
            if a != "sts:AssumeRole" {
                out.push(a.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The partitions an organization can live in (AWS General Reference, "Amazon Resource Names":
/// `aws`, `aws-cn`, `aws-us-gov`, and the isolated ones).
pub const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
];

/// The identity policy of a scope in a partition. The management policy may assume only
/// `role_name` in the organization's accounts.
pub fn policy_in(scope: Scope, role_name: &str, partition: &str) -> Value {
    let mut statements = vec![json!({
        "Sid": "OrgAuditRead",
        "Effect": "Allow",
        "Action": actions(scope),
        "Resource": "*"
    })];
    if scope == Scope::Management {
        statements.push(json!({
            "Sid": "AssumeTheAuditRole",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": format!("arn:{partition}:iam::*:role/{role_name}")
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The role `--security-hub-role` names in the generated Security Hub policies.
pub const DEFAULT_IMPORT_ROLE: &str = "OrgAuditSecurityHubImport";

/// The opt-in Security Hub import's permissions (`--security-hub`), apart from the read-only
/// ones: BatchImportFindings on the account's default product ("Actions defined by AWS Security
/// Hub": `securityhub:BatchImportFindings`, resource type `product`,
/// `arn:${Partition}:securityhub:${Region}:${Account}:product/${Company}/${ProductId}`; the
/// default product's company is the account id and its id `default`). `runner`: the principal
/// that runs orgaudit, which imports its own account's findings and assumes `role_name` in
/// the others; otherwise the policy of `role_name` itself in every member account.
pub fn security_hub_policy(runner: bool, role_name: &str, partition: &str) -> Value {
    let mut statements = vec![json!({
        "Sid": "OrgAuditImportFindings",
        "Effect": "Allow",
        "Action": crate::ops::IMPORT
            .iter()
            .filter_map(|op| op.action)
            .collect::<Vec<_>>(),
        "Resource": format!("arn:{partition}:securityhub:*:*:product/*/default")
    })];
    if runner {
        statements.push(json!({
            "Sid": "AssumeTheImportRole",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": format!("arn:{partition}:iam::*:role/{role_name}")
        }));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The identity policy of a scope in the commercial partition (`aws`), as `deploy/iam/` holds it.
pub fn policy(scope: Scope, role_name: &str) -> Value {
    policy_in(scope, role_name, "aws")
}

/// A CloudFormation template (StackSet-ready: no account-specific values) that creates the
/// member audit role: trusted only by the auditing principal, only with the external id, with
/// exactly the member policy.
pub fn member_role_template() -> Value {
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "orgaudit read-only audit role for member accounts (deploy with a service-managed StackSet to the whole organization). Generated by `cargo xtask docs` from the read-only guard's allow-list; do not edit by hand.",
        "Parameters": {
            "AuditPrincipalArn": {
                "Type": "String",
                "Description": "ARN of the role or user that runs orgaudit in the management (or delegated administrator) account",
                "AllowedPattern": "arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/.+"
            },
            "ExternalId": {
                "Type": "String",
                "NoEcho": true,
                "MinLength": 16,
                "Description": "External id orgaudit passes with --external-id"
            },
            "RoleName": {
                "Type": "String",
                "Default": DEFAULT_AUDIT_ROLE,
                "Description": "Name of the audit role (orgaudit --role-name)"
            }
        },
        "Resources": {
            "AuditRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "RoleName": {"Ref": "RoleName"},
                    "Description": "orgaudit: read-only audit of S3 and CloudTrail settings",
                    "MaxSessionDuration": 3600,
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"AWS": {"Ref": "AuditPrincipalArn"}},
                            "Action": "sts:AssumeRole",
                            "Condition": {"StringEquals": {"sts:ExternalId": {"Ref": "ExternalId"}}}
                        }]
                    },
                    "Policies": [{
                        "PolicyName": "orgaudit-read",
                        "PolicyDocument": policy(Scope::Member, DEFAULT_AUDIT_ROLE)
                    }]
                }
            }
        },
        "Outputs": {
            "AuditRoleArn": {"Value": {"Fn::GetAtt": ["AuditRole", "Arn"]}}
        }
    })
}

/// The command the scheduled ECS task runs (container arguments; the image's entrypoint is
/// `orgaudit`). CloudFormation values (`{"Ref": …}`, `{"Fn::Sub": …}`) fill the blanks.
fn scheduled_task_command() -> Value {
    json!([
        "audit", "--org", "--no-progress", "--log-format", "json",
        "--fail-on", "none",
        "--regions", {"Ref": "Regions"},
        "--role-name", {"Ref": "AuditRoleName"},
        "--out", "/tmp/reports",
        "--upload", {"Fn::Sub": "s3://${ReportsBucket}/${ReportsPrefix}"}
    ])
}

/// A CloudFormation template for unattended runs in the management (or delegated
/// administrator) account: an ECS Fargate task running the orgaudit image, started by an
/// EventBridge Scheduler schedule, delivering each run folder to S3 (`--upload`). The task
/// role holds exactly the management reader policy plus PutObject under the reports prefix.
pub fn scheduled_task_template() -> Value {
    let mut read = policy(Scope::Management, DEFAULT_AUDIT_ROLE);
    if let Some(statements) = read["Statement"].as_array_mut() {
        for st in statements {
            if st["Action"] == "sts:AssumeRole" {
                st["Resource"] =
                    json!({"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/${AuditRoleName}"});
            }
        }
    }
    let trust = |service: &str| {
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": service},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
            }]
        })
    };
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "orgaudit scheduled audit: EventBridge Scheduler starts an ECS Fargate task that audits the organization and uploads the reports to S3. Deploy in the management (or delegated administrator) account. Generated by `cargo xtask docs` from the read-only guard's allow-list; do not edit by hand.",
        "Parameters": {
            "ImageUri": {
                "Type": "String",
                "Description": "The orgaudit image (built from deploy/ecs/Dockerfile and pushed to ECR)"
            },
            "ReportsBucket": {
                "Type": "String",
                "AllowedPattern": "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
                "Description": "Bucket the run folders are delivered to (versioned, private, ideally with Object Lock)"
            },
            "ReportsPrefix": {
                "Type": "String",
                "Default": "orgaudit",
                "AllowedPattern": "[A-Za-z0-9!_.*'()/-]+",
                "Description": "Key prefix of the run folders: s3://<bucket>/<prefix>/<org-id>/<run>/"
            },
            "Regions": {
                "Type": "String",
                "Default": "us-east-1",
                "Description": "Regions to audit, comma-separated (orgaudit --regions)"
            },
            "AuditRoleName": {
                "Type": "String",
                "Default": DEFAULT_AUDIT_ROLE,
                "Description": "The member audit role (deploy/cloudformation/member-audit-role.json)"
            },
            "ExternalId": {
                "Type": "String",
                "NoEcho": true,
                "MinLength": 16,
                "Description": "External id of the member audit role's trust policy"
            },
            "ScheduleExpression": {
                "Type": "String",
                "Default": "cron(17 2 * * ? *)",
                "Description": "EventBridge Scheduler expression, in UTC"
            },
            "Subnets": {
                "Type": "List<AWS::EC2::Subnet::Id>",
                "Description": "Subnets for the task (with a route to the AWS APIs: NAT or VPC endpoints)"
            },
            "SecurityGroup": {
                "Type": "AWS::EC2::SecurityGroup::Id",
                "Description": "Security group for the task (outbound HTTPS only is enough)"
            },
            "AssignPublicIp": {
                "Type": "String",
                "Default": "DISABLED",
                "AllowedValues": ["ENABLED", "DISABLED"],
                "Description": "ENABLED only in a public subnet without NAT"
            }
        },
        "Resources": {
            "LogGroup": {
                "Type": "AWS::Logs::LogGroup",
                "Properties": {"RetentionInDays": 90}
            },
            "Cluster": {
                "Type": "AWS::ECS::Cluster",
                "Properties": {}
            },
            "ExecutionRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": trust("ecs-tasks.amazonaws.com"),
                    "ManagedPolicyArns": [{"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}]
                }
            },
            "TaskRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "Description": "orgaudit: read the organization, assume the member audit role, deliver reports",
                    "AssumeRolePolicyDocument": trust("ecs-tasks.amazonaws.com"),
                    "Policies": [
                        {"PolicyName": "orgaudit-read", "PolicyDocument": read},
                        {"PolicyName": "orgaudit-deliver", "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [{
                                "Sid": "PutReports",
                                "Effect": "Allow",
                                "Action": "s3:PutObject",
                                "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::${ReportsBucket}/${ReportsPrefix}/*"}
                            }]
                        }}
                    ]
                }
            },
            "TaskDefinition": {
                "Type": "AWS::ECS::TaskDefinition",
                "Properties": {
                    "RequiresCompatibilities": ["FARGATE"],
                    "NetworkMode": "awsvpc",
                    "Cpu": "1024",
                    "Memory": "2048",
                    "RuntimePlatform": {"OperatingSystemFamily": "LINUX", "CpuArchitecture": "X86_64"},
                    "ExecutionRoleArn": {"Fn::GetAtt": ["ExecutionRole", "Arn"]},
                    "TaskRoleArn": {"Fn::GetAtt": ["TaskRole", "Arn"]},
                    "ContainerDefinitions": [{
                        "Name": "orgaudit",
                        "Image": {"Ref": "ImageUri"},
                        "Essential": true,
                        "Command": scheduled_task_command(),
                        "Environment": [
                            {"Name": "ORGAUDIT_EXTERNAL_ID", "Value": {"Ref": "ExternalId"}}
                        ],
                        "LogConfiguration": {
                            "LogDriver": "awslogs",
                            "Options": {
                                "awslogs-group": {"Ref": "LogGroup"},
                                "awslogs-region": {"Ref": "AWS::Region"},
                                "awslogs-stream-prefix": "orgaudit"
                            }
                        }
                    }]
                }
            },
            "SchedulerRole": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": trust("scheduler.amazonaws.com"),
                    "Policies": [{
                        "PolicyName": "run-orgaudit-task",
                        "PolicyDocument": {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": "ecs:RunTask",
                                    "Resource": {"Ref": "TaskDefinition"},
                                    "Condition": {"ArnEquals": {"ecs:cluster": {"Fn::GetAtt": ["Cluster", "Arn"]}}}
                                },
                                {
                                    "Effect": "Allow",
                                    "Action": "iam:PassRole",
                                    "Resource": [
                                        {"Fn::GetAtt": ["ExecutionRole", "Arn"]},
                                        {"Fn::GetAtt": ["TaskRole", "Arn"]}
                                    ]
                                }
                            ]
                        }
                    }]
                }
            },
            "NightlyAudit": {
                "Type": "AWS::Scheduler::Schedule",
                "Properties": {
                    "Description": "Nightly orgaudit run",
                    "ScheduleExpression": {"Ref": "ScheduleExpression"},
                    "ScheduleExpressionTimezone": "UTC",
                    "FlexibleTimeWindow": {"Mode": "OFF"},
                    "Target": {
                        "Arn": {"Fn::GetAtt": ["Cluster", "Arn"]},
                        "RoleArn": {"Fn::GetAtt": ["SchedulerRole", "Arn"]},
                        "RetryPolicy": {"MaximumRetryAttempts": 0},
                        "EcsParameters": {
                            "TaskDefinitionArn": {"Ref": "TaskDefinition"},
                            "LaunchType": "FARGATE",
                            "TaskCount": 1,
                            "NetworkConfiguration": {
                                "AwsvpcConfiguration": {
                                    "Subnets": {"Ref": "Subnets"},
                                    "SecurityGroups": [{"Ref": "SecurityGroup"}],
                                    "AssignPublicIp": {"Ref": "AssignPublicIp"}
                                }
                            }
                        }
                    }
                }
            }
        },
        "Outputs": {
            "AuditPrincipalArn": {
                "Description": "The task role: give it as AuditPrincipalArn to the member audit role StackSet",
                "Value": {"Fn::GetAtt": ["TaskRole", "Arn"]}
            },
            "LogGroupName": {"Value": {"Ref": "LogGroup"}}
        }
    })
}

/// The files under `deploy/` this module generates: (path, content).
pub fn deploy_files() -> Result<Vec<(&'static str, String)>, String> {
    let pretty = |v: Value| {
        serde_json::to_string_pretty(&v)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string())
    };
    Ok(vec![
        (
            "deploy/iam/management-reader.json",
            pretty(policy(Scope::Management, DEFAULT_AUDIT_ROLE))?,
        ),
        (
            "deploy/iam/member-audit-role.json",
            pretty(policy(Scope::Member, DEFAULT_AUDIT_ROLE))?,
        ),
        (
            "deploy/cloudformation/member-audit-role.json",
            pretty(member_role_template())?,
        ),
        (
            "deploy/iam/security-hub-runner.json",
            pretty(security_hub_policy(true, DEFAULT_IMPORT_ROLE, "aws"))?,
        ),
        (
            "deploy/iam/security-hub-import-role.json",
            pretty(security_hub_policy(false, DEFAULT_IMPORT_ROLE, "aws"))?,
        ),
        (
            "deploy/ecs/scheduled-audit.json",
            pretty(scheduled_task_template())?,
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowed_operation_is_authorised_by_a_read_action() {
        for op in ALLOWED_OPERATIONS {
            if let Some(a) = op.action {
                let verb = a.split(':').nth(1).unwrap_or_default();
                assert!(
                    ["Get", "List", "Describe"]
                        .iter()
                        .any(|p| verb.starts_with(p))
                        || a == "sts:AssumeRole",
                    "{a} is not a read action"
                );
            }
        }
    }

    #[test]
    fn the_security_hub_policies_grant_the_import_and_nothing_else() {
        let role = security_hub_policy(false, DEFAULT_IMPORT_ROLE, "aws");
        assert_eq!(role["Statement"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            role["Statement"][0]["Action"],
            json!(["securityhub:BatchImportFindings"])
        );
        let runner = security_hub_policy(true, "Importer", "aws-us-gov").to_string();
        assert!(
            runner.contains("arn:aws-us-gov:iam::*:role/Importer"),
            "{runner}"
        );
        assert!(runner.contains("arn:aws-us-gov:securityhub:*:*:product/*/default"));
        assert!(!runner.contains("arn:aws:"));
    }

    #[test]
    fn the_assume_role_grant_is_in_the_partition_asked_for() {
        let gov = policy_in(Scope::Management, "Audit", "aws-us-gov").to_string();
        assert!(gov.contains("arn:aws-us-gov:iam::*:role/Audit"), "{gov}");
        assert!(!gov.contains("arn:aws:"), "{gov}");
    }

    #[test]
    fn member_scope_is_what_a_member_account_holds() {
        let member = actions(Scope::Member);
        // S3, CloudTrail, its own regions, the customer-managed policies permission sets
        // reference, and Identity Center (read there when it is the delegated administrator).
        assert!(member.iter().all(|a| a.starts_with("s3:")
            || a.starts_with("cloudtrail:")
            || a.starts_with("sso:")
            || a.starts_with("identitystore:")
            || a == "account:ListRegions"
            || a == "iam:GetPolicy"
            || a == "iam:GetPolicyVersion"));
        assert!(member.contains(&"iam:GetPolicyVersion".to_string()));
        assert!(member.contains(&"s3:GetAccountPublicAccessBlock".to_string()));
        let management = actions(Scope::Management);
        assert!(member.iter().all(|a| management.contains(a)));
        assert!(management.contains(&"sso:ListAccountAssignmentsForPrincipal".to_string()));
    }

    #[test]
    fn the_committed_deploy_files_are_generated_from_the_allow_list() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for (path, content) in deploy_files().unwrap() {
            let committed = std::fs::read_to_string(root.join(path)).unwrap_or_default();
            assert!(
                committed == content,
                "{path} is stale: run `cargo xtask docs` and commit it"
            );
        }
    }
}
