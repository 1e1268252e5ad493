//! What each action orgaudit reasons about acts on: its resource types and their ARN formats,
//! from the Service Authorization Reference ("Actions, resources, and condition keys for …",
//! the "Resource types (*required)" column of "Actions defined by …" and the ARN column of
//! "Resource types defined by …"). An action with no resource type acts on `*`: a statement
//! naming a specific ARN never matches it ("you must specify all resources (`*`) in the
//! `Resource` element").
//!
//! Only the actions orgaudit asks about are listed; [`templates`] answers `None` for others,
//! and callers then fall back to every pattern the policies name plus `*` (which can only find
//! more allowed requests, never fewer: a fail rather than a false pass).

/// ARN formats by resource type (placeholders as the reference writes them).
pub mod arn {
    /// CloudTrail `trail`.
    pub const TRAIL: &str = "arn:${Partition}:cloudtrail:${Region}:${Account}:trail/${TrailName}";
    /// Amazon S3 `bucket`.
    pub const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    /// Amazon S3 `object`.
    pub const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    /// Amazon S3 `accesspoint`.
    pub const ACCESS_POINT: &str =
        "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}";
    /// IAM `user`.
    pub const USER: &str = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
    /// IAM `role`.
    pub const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    /// IAM `group`.
    pub const GROUP: &str = "arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}";
    /// IAM `policy`.
    pub const POLICY: &str = "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}";
    /// Amazon EC2 `instance`.
    pub const INSTANCE: &str = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";
    /// AWS Lambda `function`.
    pub const FUNCTION: &str =
        "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
    /// AWS CloudFormation `stack`.
    pub const STACK: &str =
        "arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}";
    /// AWS Glue `devendpoint`.
    pub const DEV_ENDPOINT: &str =
        "arn:${Partition}:glue:${Region}:${Account}:devEndpoint/${DevEndpointName}";
    /// Amazon ECS `task-definition`.
    pub const TASK_DEFINITION: &str = "arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}";
    /// AWS CodeBuild `project`.
    pub const PROJECT: &str =
        "arn:${Partition}:codebuild:${Region}:${Account}:project/${ProjectName}";
    /// Amazon SageMaker `notebook-instance`.
    pub const NOTEBOOK: &str =
        "arn:${Partition}:sagemaker:${Region}:${Account}:notebook-instance/${NotebookInstanceName}";
}

use arn::*;

/// (action, resource types it acts on). An empty list: no resource-level permissions (`*`).
const ACTIONS: &[(&str, &[&str])] = &[
    // AWS Organizations: LeaveOrganization has no resource type.
    ("organizations:LeaveOrganization", &[]),
    // AWS CloudTrail: the four trail-changing actions act on `trail` only.
    ("cloudtrail:StopLogging", &[TRAIL]),
    ("cloudtrail:DeleteTrail", &[TRAIL]),
    ("cloudtrail:UpdateTrail", &[TRAIL]),
    ("cloudtrail:PutEventSelectors", &[TRAIL]),
    // Amazon S3: account-level Block Public Access has no resource type.
    ("s3:PutAccountPublicAccessBlock", &[]),
    ("s3:GetObject", &[OBJECT]),
    ("s3:PutObject", &[OBJECT]),
    ("s3:DeleteObject", &[OBJECT]),
    ("s3:ListBucket", &[BUCKET]),
    ("s3:GetBucketPolicy", &[BUCKET]),
    ("s3:PutBucketPolicy", &[BUCKET]),
    // IAM (privilege escalation).
    ("iam:CreateUser", &[USER]),
    ("iam:AttachUserPolicy", &[USER]),
    ("iam:PutUserPolicy", &[USER]),
    ("iam:CreateAccessKey", &[USER]),
    ("iam:CreateLoginProfile", &[USER]),
    ("iam:UpdateLoginProfile", &[USER]),
    ("iam:AddUserToGroup", &[GROUP]),
    ("iam:AttachGroupPolicy", &[GROUP]),
    ("iam:PutGroupPolicy", &[GROUP]),
    ("iam:CreateRole", &[ROLE]),
    ("iam:AttachRolePolicy", &[ROLE]),
    ("iam:PutRolePolicy", &[ROLE]),
    ("iam:UpdateAssumeRolePolicy", &[ROLE]),
    ("iam:DeleteRolePermissionsBoundary", &[ROLE]),
    ("iam:PutRolePermissionsBoundary", &[ROLE]),
    ("iam:PassRole", &[ROLE]),
    ("iam:CreatePolicyVersion", &[POLICY]),
    ("iam:SetDefaultPolicyVersion", &[POLICY]),
    ("sts:AssumeRole", &[ROLE]),
    // Compute services that run code with a passed role.
    ("ec2:RunInstances", &[INSTANCE]),
    ("lambda:CreateFunction", &[FUNCTION]),
    ("lambda:InvokeFunction", &[FUNCTION]),
    ("cloudformation:CreateStack", &[STACK]),
    ("glue:CreateDevEndpoint", &[DEV_ENDPOINT]),
    ("ecs:RegisterTaskDefinition", &[]),
    ("ecs:RunTask", &[TASK_DEFINITION]),
    ("codebuild:CreateProject", &[PROJECT]),
    ("codebuild:StartBuild", &[PROJECT]),
    ("sagemaker:CreateNotebookInstance", &[NOTEBOOK]),
    ("datapipeline:CreatePipeline", &[]),
];

/// The ARN formats of the resource types `action` acts on: `Some(&[])` when it has no
/// resource-level permissions, `None` when orgaudit does not know the action.
pub fn templates(action: &str) -> Option<&'static [&'static str]> {
    ACTIONS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(action))
        .map(|(_, t)| *t)
}

/// An ARN of a resource type: `${Partition}`, `${Region}`, `${Account}` filled in, every
/// other placeholder (the resource's own name) set to `name`.
pub fn instantiate(
    template: &str,
    partition: &str,
    region: &str,
    account: &str,
    name: &str,
) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').unwrap_or(after.len());
        out.push_str(match &after[..end] {
            "Partition" => partition,
            "Region" => region,
            "Account" => account,
            _ => name,
        });
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A glob that every ARN of the type matches (placeholders → `*`).
pub fn template_glob(template: &str) -> String {
    instantiate(template, "*", "*", "*", "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_instances() {
        assert_eq!(templates("CloudTrail:StopLogging"), Some(&[TRAIL][..]));
        assert_eq!(templates("organizations:LeaveOrganization"), Some(&[][..]));
        assert_eq!(templates("ec2:DescribeInstances"), None);
        assert_eq!(
            instantiate(
                TRAIL,
                "aws-us-gov",
                "us-gov-west-1",
                "111122223333",
                "probe"
            ),
            "arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/probe"
        );
        assert_eq!(template_glob(OBJECT), "arn:*:s3:::*/*");
    }
}
