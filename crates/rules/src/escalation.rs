//! Privilege escalation in IAM, as data: the permissions with which a principal can give
//! itself (or a principal it controls) more permissions than it has. A permission set that
//! holds every permission of one of these, on resources other than its own, is
//! admin-equivalent (PRACTICES.md, "Admin-equivalent": "a privilege-escalation combination
//! (creating or changing IAM principals, their policies, trust or credentials; `iam:PassRole`
//! with a service that runs code)").
//!
//! Sources:
//! - [IAM-PASSROLE] IAM User Guide, "Grant a user permissions to pass a role to an AWS service"
//!   (<https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html>): passing a
//!   role lets the service act with the role's permissions.
//! - [RHINO] Rhino Security Labs, "AWS IAM Privilege Escalation – Methods and Mitigation"
//!   (<https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/>), the
//!   numbered methods.
//! - [IAM-BOUNDARY] IAM User Guide, "Permissions boundaries for IAM entities": changing or
//!   deleting a boundary lifts it.

/// One escalation path.
#[derive(Debug, Clone, Copy)]
pub struct Escalation {
    /// Every action needed.
    pub actions: &'static [&'static str],
    /// For `iam:PassRole` paths: the service the role is passed to (`iam:PassedToService`).
    pub passed_to: Option<&'static str>,
    pub why: &'static str,
    pub source: &'static str,
}

const fn esc(
    actions: &'static [&'static str],
    why: &'static str,
    source: &'static str,
) -> Escalation {
    Escalation {
        actions,
        passed_to: None,
        why,
        source,
    }
}

const fn pass(
    actions: &'static [&'static str],
    service: &'static str,
    why: &'static str,
    source: &'static str,
) -> Escalation {
    Escalation {
        actions,
        passed_to: Some(service),
        why,
        source,
    }
}

pub const ESCALATIONS: &[Escalation] = &[
    esc(
        &["iam:CreatePolicyVersion"],
        "add a new default version to a policy attached to oneself",
        "RHINO 1",
    ),
    esc(
        &["iam:SetDefaultPolicyVersion"],
        "switch a policy to an older, broader version",
        "RHINO 2",
    ),
    esc(
        &["iam:CreateAccessKey"],
        "create access keys for another user",
        "RHINO 4",
    ),
    esc(
        &["iam:CreateLoginProfile"],
        "set a console password for another user",
        "RHINO 5",
    ),
    esc(
        &["iam:UpdateLoginProfile"],
        "reset another user's console password",
        "RHINO 6",
    ),
    esc(
        &["iam:AttachUserPolicy"],
        "attach AdministratorAccess to a user",
        "RHINO 7",
    ),
    esc(
        &["iam:AttachGroupPolicy"],
        "attach AdministratorAccess to a group",
        "RHINO 8",
    ),
    esc(
        &["iam:AttachRolePolicy"],
        "attach AdministratorAccess to a role",
        "RHINO 9",
    ),
    esc(
        &["iam:PutUserPolicy"],
        "write an inline *:* policy on a user",
        "RHINO 10",
    ),
    esc(
        &["iam:PutGroupPolicy"],
        "write an inline *:* policy on a group",
        "RHINO 11",
    ),
    esc(
        &["iam:PutRolePolicy"],
        "write an inline *:* policy on a role",
        "RHINO 12",
    ),
    esc(
        &["iam:AddUserToGroup"],
        "join an administrators group",
        "RHINO 13",
    ),
    esc(
        &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
        "make a privileged role trust oneself and assume it",
        "RHINO 14",
    ),
    esc(
        &["iam:CreateRole", "iam:AttachRolePolicy"],
        "create a role with AdministratorAccess",
        "RHINO 9",
    ),
    pass(
        &["iam:PassRole", "ec2:RunInstances"],
        "ec2.amazonaws.com",
        "launch an instance with a privileged role and read its credentials",
        "RHINO 3; IAM-PASSROLE",
    ),
    pass(
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        "lambda.amazonaws.com",
        "run a function with a privileged role",
        "RHINO 15; IAM-PASSROLE",
    ),
    pass(
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        "glue.amazonaws.com",
        "open a Glue development endpoint with a privileged role",
        "RHINO 19; IAM-PASSROLE",
    ),
    pass(
        &["iam:PassRole", "cloudformation:CreateStack"],
        "cloudformation.amazonaws.com",
        "create a stack that acts with a privileged role",
        "RHINO 21; IAM-PASSROLE",
    ),
    pass(
        &["iam:PassRole", "datapipeline:CreatePipeline"],
        "datapipeline.amazonaws.com",
        "run a pipeline with a privileged role",
        "RHINO 22; IAM-PASSROLE",
    ),
    pass(
        &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        "ecs-tasks.amazonaws.com",
        "run a container task with a privileged role",
        "IAM-PASSROLE",
    ),
    pass(
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        "codebuild.amazonaws.com",
        "run a build with a privileged role",
        "IAM-PASSROLE",
    ),
    pass(
        &["iam:PassRole", "sagemaker:CreateNotebookInstance"],
        "sagemaker.amazonaws.com",
        "open a notebook with a privileged role",
        "RHINO part 2; IAM-PASSROLE",
    ),
    esc(
        &["iam:DeleteRolePermissionsBoundary"],
        "lift the permissions boundary of a role",
        "IAM-BOUNDARY",
    ),
    esc(
        &["iam:PutRolePermissionsBoundary"],
        "replace the permissions boundary of a role",
        "IAM-BOUNDARY",
    ),
];
