// Hand-written oracle cases with the answer AWS's documentation gives for each.
//
//   node examples.mjs > examples.jsonl      # the cases as oracle input
//   node --test                             # oracle.test.mjs checks every answer
//
// Each case carries, besides the oracle's own fields (which it reads) and fields it ignores:
//   "aws":    the decision AWS documents for the request,
//   "sim":    what the simulator answers, only where it differs from "aws" (a known deviation),
//   "why":    the documentation the expectation rests on.

const V = '2012-10-17';
const doc = (...Statement) => ({ Version: V, Statement });

export const FULL_AWS_ACCESS = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
export const RCP_FULL_AWS_ACCESS = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });

const DENY_STOP_LOGGING = doc({
  Sid: 'DenyStopLogging',
  Effect: 'Deny',
  Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'],
  Resource: '*'
});
const ALLOW_S3_ONLY = doc({ Sid: 'S3Only', Effect: 'Allow', Action: 's3:*', Resource: '*' });
const DENY_UNLESS_ADMIN = doc({
  Sid: 'ProtectTrail',
  Effect: 'Deny',
  Action: 'cloudtrail:StopLogging',
  Resource: '*',
  Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } }
});
const ALLOW_ONE_BUCKET = doc({
  Sid: 'OneBucket',
  Effect: 'Allow',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::only-this', 'arn:aws:s3:::only-this/*']
});
const DENY_NOT_RESOURCE = doc({
  Sid: 'OnlyApprovedBucket',
  Effect: 'Deny',
  Action: 's3:*',
  NotResource: ['arn:aws:s3:::approved', 'arn:aws:s3:::approved/*']
});
const DENY_REGION_IFEXISTS = doc({
  Sid: 'RegionLock',
  Effect: 'Deny',
  Action: '*',
  Resource: '*',
  Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': ['us-east-1'] } }
});
const DENY_REGION_PLAIN = doc({
  Sid: 'RegionLockPlain',
  Effect: 'Deny',
  Action: '*',
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } }
});
const ALLOW_MFA_IFEXISTS = doc({
  Sid: 'MfaIfExists',
  Effect: 'Allow',
  Action: 's3:*',
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }
});
const ALLOW_ORG_PLAIN = doc({
  Sid: 'OrgOnly',
  Effect: 'Allow',
  Action: 's3:*',
  Resource: '*',
  Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }
});
const DENY_GETOBJECT_MIXED_CASE = doc({ Sid: 'MixedCase', Effect: 'Deny', Action: 'S3:GETOBJECT', Resource: '*' });
const RCP_SECURE_TRANSPORT = doc({
  Sid: 'EnforceTLS',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: '*',
  Condition: { Bool: { 'aws:SecureTransport': 'false' } }
});
const RCP_DENY_EC2 = doc({ Sid: 'DenyEc2', Effect: 'Deny', Principal: '*', Action: 'ec2:*', Resource: '*' });
const IDENTITY_ALLOW_ALL = doc({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' });
const IDENTITY_DENY_IAM = doc({ Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' });
const BOUNDARY_S3 = doc({ Sid: 'BoundaryS3', Effect: 'Allow', Action: 's3:*', Resource: '*' });
const SCP_DENY_ALL = doc({ Sid: 'DenyAll', Effect: 'Deny', Action: '*', Resource: '*' });
const SCP_WITH_PRINCIPAL = doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' });

const ROLE = 'arn:aws:iam::111111111111:role/r';
const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail';
const CT_CHAIN = [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, DENY_STOP_LOGGING], [FULL_AWS_ACCESS]];

export const cases = [
  // 1. SCP chain: root FullAWSAccess, OU denies cloudtrail:StopLogging.
  {
    id: 'scp-deny-stoplogging', kind: 'scp', principal: ROLE, action: 'cloudtrail:StopLogging', resource: TRAIL,
    scps: CT_CHAIN, aws: 'ExplicitlyDenied', why: 'an explicit Deny in any SCP of the chain wins'
  },
  {
    id: 'scp-allow-describetrails', kind: 'scp', principal: ROLE, action: 'cloudtrail:DescribeTrails', resource: '*',
    scps: CT_CHAIN, aws: 'Allowed', why: 'every level allows it (FullAWSAccess) and nothing denies it'
  },
  {
    id: 'scp-describetrails-on-trail-arn', kind: 'scp', principal: ROLE, action: 'cloudtrail:DescribeTrails',
    resource: TRAIL, scps: CT_CHAIN, aws: 'Allowed',
    why: 'DescribeTrails has no resource-level permissions; the oracle requests it on * (see notes)'
  },
  // 2. A level with no Allow for the action: implicit deny.
  {
    id: 'scp-level-without-allow', kind: 'scp', principal: ROLE, action: 'ec2:DescribeInstances', resource: '*',
    scps: [[FULL_AWS_ACCESS], [ALLOW_S3_ONLY], [FULL_AWS_ACCESS]], aws: 'ImplicitlyDenied',
    why: 'an action must be allowed at every level: root, each OU, the account'
  },
  {
    id: 'scp-level-allows-s3', kind: 'scp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    scps: [[FULL_AWS_ACCESS], [ALLOW_S3_ONLY], [FULL_AWS_ACCESS]], aws: 'Allowed', why: 's3:* is allowed at every level'
  },
  {
    id: 'scp-level-with-no-policy', kind: 'scp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    scps: [[FULL_AWS_ACCESS], []], aws: 'ImplicitlyDenied',
    why: 'no SCP at a level means nothing is allowed there (AWS itself never lets a level have none)'
  },
  // 3. Deny with ArnNotLike aws:PrincipalArn exempting an Admin role.
  {
    id: 'scp-arnnotlike-other-principal', kind: 'scp', principal: ROLE, action: 'cloudtrail:StopLogging', resource: TRAIL,
    scps: [[FULL_AWS_ACCESS, DENY_UNLESS_ADMIN]], aws: 'ExplicitlyDenied', why: 'role/r does not match role/Admin'
  },
  {
    id: 'scp-arnnotlike-admin', kind: 'scp', principal: ADMIN, action: 'cloudtrail:StopLogging', resource: TRAIL,
    scps: [[FULL_AWS_ACCESS, DENY_UNLESS_ADMIN]], aws: 'Allowed',
    why: 'aws:PrincipalArn (filled by autoContext) matches the exemption'
  },
  {
    id: 'scp-arnnotlike-admin-session', kind: 'scp',
    principal: 'arn:aws:sts::111111111111:assumed-role/Admin/alice', action: 'cloudtrail:StopLogging', resource: TRAIL,
    scps: [[FULL_AWS_ACCESS, DENY_UNLESS_ADMIN]], aws: 'Allowed',
    why: 'for a role session aws:PrincipalArn is the role ARN, not the session ARN'
  },
  {
    id: 'scp-arnnotlike-admin-key-missing', kind: 'scp', principal: ADMIN, autoContext: false,
    action: 'cloudtrail:StopLogging', resource: TRAIL, scps: [[FULL_AWS_ACCESS, DENY_UNLESS_ADMIN]],
    aws: 'ExplicitlyDenied',
    why: 'with no aws:PrincipalArn in the context a negated operator (ArnNotLike) evaluates to true'
  },
  // 4. Allow limited to one bucket.
  {
    id: 'scp-allow-one-bucket-match', kind: 'scp', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::only-this/k', scps: [[FULL_AWS_ACCESS], [ALLOW_ONE_BUCKET]], aws: 'Allowed',
    why: 'the OU level allows s3:* on only-this/*'
  },
  {
    id: 'scp-allow-one-bucket-other', kind: 'scp', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::other/k', scps: [[FULL_AWS_ACCESS], [ALLOW_ONE_BUCKET]], aws: 'ImplicitlyDenied',
    why: 'the OU level has no Allow covering other/k'
  },
  // 5. NotResource in a Deny.
  {
    id: 'scp-notresource-approved', kind: 'scp', principal: ROLE, action: 's3:PutObject',
    resource: 'arn:aws:s3:::approved/k', scps: [[FULL_AWS_ACCESS, DENY_NOT_RESOURCE]], aws: 'Allowed',
    why: 'NotResource excludes approved/*, so the Deny does not apply'
  },
  {
    id: 'scp-notresource-other', kind: 'scp', principal: ROLE, action: 's3:PutObject',
    resource: 'arn:aws:s3:::elsewhere/k', scps: [[FULL_AWS_ACCESS, DENY_NOT_RESOURCE]], aws: 'ExplicitlyDenied',
    why: 'every resource but approved is denied'
  },
  // 6. IfExists operators and missing keys.
  {
    id: 'scp-notequals-ifexists-key-missing', kind: 'scp', principal: ROLE, action: 'ec2:DescribeInstances',
    scps: [[FULL_AWS_ACCESS, DENY_REGION_IFEXISTS]], aws: 'ExplicitlyDenied',
    why: '...IfExists is true when the key is absent, so the Deny applies'
  },
  {
    id: 'scp-notequals-ifexists-us-east-1', kind: 'scp', principal: ROLE, action: 'ec2:DescribeInstances',
    context: { 'aws:RequestedRegion': 'us-east-1' }, scps: [[FULL_AWS_ACCESS, DENY_REGION_IFEXISTS]], aws: 'Allowed',
    why: 'the region equals the allowed one, the condition is false'
  },
  {
    id: 'scp-notequals-ifexists-eu-west-1', kind: 'scp', principal: ROLE, action: 'ec2:DescribeInstances',
    context: { 'aws:RequestedRegion': 'eu-west-1' }, scps: [[FULL_AWS_ACCESS, DENY_REGION_IFEXISTS]],
    aws: 'ExplicitlyDenied', why: 'another region: the condition is true'
  },
  {
    id: 'scp-notequals-plain-key-missing', kind: 'scp', principal: ROLE, action: 'ec2:DescribeInstances',
    scps: [[FULL_AWS_ACCESS, DENY_REGION_PLAIN]], aws: 'ExplicitlyDenied',
    why: 'a negated operator without IfExists is also true when the key is absent'
  },
  {
    id: 'identity-bool-ifexists-key-missing', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k', identityPolicies: [ALLOW_MFA_IFEXISTS], aws: 'Allowed',
    why: 'BoolIfExists with the key absent is true, so the Allow applies'
  },
  {
    id: 'identity-bool-ifexists-false', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k', context: { 'aws:MultiFactorAuthPresent': false },
    identityPolicies: [ALLOW_MFA_IFEXISTS], aws: 'ImplicitlyDenied', why: 'key present and false: no Allow'
  },
  {
    id: 'identity-stringequals-key-missing', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k', identityPolicies: [ALLOW_ORG_PLAIN], aws: 'ImplicitlyDenied',
    why: 'a plain (non-negated) operator is false when the key is absent'
  },
  {
    id: 'identity-stringequals-org-match', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k', context: { 'aws:PrincipalOrgID': 'o-abc123' }, identityPolicies: [ALLOW_ORG_PLAIN],
    aws: 'Allowed', why: 'the key is present and equal'
  },
  // 7. Action names are case-insensitive.
  {
    id: 'scp-action-case-request', kind: 'scp', principal: ROLE, action: 'S3:getobject', resource: 'arn:aws:s3:::b/k',
    scps: [[FULL_AWS_ACCESS, DENY_GETOBJECT_MIXED_CASE]], aws: 'ExplicitlyDenied',
    why: 'S3:getobject and S3:GETOBJECT both name s3:GetObject'
  },
  {
    id: 'identity-action-case', kind: 'identity', principal: ROLE, action: 'S3:getobject', resource: 'arn:aws:s3:::b/k',
    identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GETOBJECT', Resource: '*' })], aws: 'Allowed',
    why: 'action matching ignores case'
  },
  // 8. RCP chain with RCPFullAWSAccess and a Deny on aws:SecureTransport false for s3:*.
  {
    id: 'rcp-tls-false', kind: 'rcp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    context: { 'aws:SecureTransport': false }, rcps: [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS, RCP_SECURE_TRANSPORT]],
    aws: 'ExplicitlyDenied', why: 'plain HTTP to S3 is denied by the RCP'
  },
  {
    id: 'rcp-tls-true', kind: 'rcp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    context: { 'aws:SecureTransport': 'true' }, rcps: [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS, RCP_SECURE_TRANSPORT]],
    aws: 'Allowed', why: 'TLS: the condition is false'
  },
  {
    id: 'rcp-tls-key-missing', kind: 'rcp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    rcps: [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS, RCP_SECURE_TRANSPORT]], aws: 'Allowed',
    why: 'Bool (no IfExists) is false when the key is absent, so the Deny does not apply'
  },
  {
    id: 'rcp-tls-other-service', kind: 'rcp', principal: ROLE, action: 'sqs:SendMessage',
    resource: 'arn:aws:sqs:us-east-1:111111111111:q', context: { 'aws:SecureTransport': 'false' },
    rcps: [[RCP_FULL_AWS_ACCESS], [RCP_FULL_AWS_ACCESS, RCP_SECURE_TRANSPORT]], aws: 'Allowed',
    why: 'the Deny names s3:* only'
  },
  {
    id: 'rcp-level-without-explicit-full-access', kind: 'rcp', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k', rcps: [[], [RCP_SECURE_TRANSPORT]], aws: 'Allowed',
    why: 'RCPFullAWSAccess is attached to every root, OU and account and cannot be detached'
  },
  {
    id: 'rcp-unsupported-service', kind: 'rcp', principal: ROLE, action: 'ec2:TerminateInstances',
    resource: 'arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0', rcps: [[RCP_FULL_AWS_ACCESS, RCP_DENY_EC2]],
    aws: 'Allowed', sim: 'ExplicitlyDenied',
    why: 'RCPs apply only to the services AWS lists (S3, STS, KMS, SQS, Secrets Manager, ...); EC2 is not one'
  },
  // 9. Identity policies: Allow * and Deny iam:*.
  {
    id: 'identity-allow-all-s3', kind: 'identity', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    identityPolicies: [IDENTITY_ALLOW_ALL, IDENTITY_DENY_IAM], aws: 'Allowed', why: 'allowed, not denied'
  },
  {
    id: 'identity-deny-iam', kind: 'identity', principal: ROLE, action: 'iam:CreateUser',
    resource: 'arn:aws:iam::111111111111:user/mallory', identityPolicies: [IDENTITY_ALLOW_ALL, IDENTITY_DENY_IAM],
    aws: 'ExplicitlyDenied', why: 'explicit Deny beats the Allow'
  },
  {
    id: 'identity-deny-iam-case', kind: 'identity', principal: ROLE, action: 'IAM:createuser',
    resource: 'arn:aws:iam::111111111111:user/mallory', identityPolicies: [IDENTITY_ALLOW_ALL, IDENTITY_DENY_IAM],
    aws: 'ExplicitlyDenied', why: 'action names are case-insensitive'
  },
  {
    id: 'identity-no-policy', kind: 'identity', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    aws: 'ImplicitlyDenied', why: 'nothing allows it'
  },
  // 10. Full evaluation: SCP, boundary, resource policy, cross account.
  {
    id: 'full-scp-blocks-identity-allow', kind: 'identity', principal: ROLE, action: 'cloudtrail:StopLogging',
    resource: TRAIL, identityPolicies: [IDENTITY_ALLOW_ALL], scps: CT_CHAIN, aws: 'ExplicitlyDenied',
    why: 'an SCP Deny overrides an identity Allow'
  },
  {
    id: 'full-boundary-caps', kind: 'identity', principal: ROLE, action: 'ec2:DescribeInstances',
    identityPolicies: [IDENTITY_ALLOW_ALL], permissionBoundary: BOUNDARY_S3, aws: 'ImplicitlyDenied',
    why: 'the boundary does not allow ec2'
  },
  {
    id: 'full-boundary-allows', kind: 'identity', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    identityPolicies: [IDENTITY_ALLOW_ALL], permissionBoundary: BOUNDARY_S3, aws: 'Allowed',
    why: 'identity and boundary both allow'
  },
  {
    id: 'full-cross-account-bucket-policy', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::theirs/k', resourceAccount: '222222222222', identityPolicies: [IDENTITY_ALLOW_ALL],
    resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::theirs/*' }),
    aws: 'Allowed', why: 'cross account needs both the identity Allow and the resource-policy Allow'
  },
  {
    id: 'full-cross-account-no-bucket-policy', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::theirs/k', resourceAccount: '222222222222', identityPolicies: [IDENTITY_ALLOW_ALL],
    aws: 'ImplicitlyDenied', why: 'cross account without a resource-policy Allow'
  },
  {
    id: 'full-rcp-blocks-cross-account', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::theirs/k', resourceAccount: '222222222222', identityPolicies: [IDENTITY_ALLOW_ALL],
    context: { 'aws:SecureTransport': 'false' },
    resourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::theirs/*' }),
    rcps: [[RCP_SECURE_TRANSPORT]], aws: 'ExplicitlyDenied', why: 'the resource account\'s RCP denies plain HTTP'
  },
  {
    id: 'full-getcalleridentity-scp-deny', kind: 'identity', principal: ROLE, action: 'sts:GetCallerIdentity',
    scps: [[FULL_AWS_ACCESS, SCP_DENY_ALL]], aws: 'Allowed',
    why: 'GetCallerIdentity needs no permission and works even under an explicit Deny'
  },
  {
    id: 'full-service-principal-scp', kind: 'identity', principal: 'cloudtrail.amazonaws.com',
    resourceAccount: '111111111111', action: 's3:PutObject', resource: 'arn:aws:s3:::logs/AWSLogs/k',
    resourcePolicy: doc({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' }),
    scps: [[FULL_AWS_ACCESS, SCP_DENY_ALL]], aws: 'Allowed', sim: 'ExplicitlyDenied',
    why: 'SCPs restrict IAM users and roles of member accounts, not AWS service principals'
  },
  {
    id: 'full-s3-resource-tag-without-abac', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k', context: { 'aws:ResourceTag/env': 'prod' },
    identityPolicies: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } })],
    aws: 'ImplicitlyDenied', why: 'S3 sends aws:ResourceTag only for buckets with ABAC enabled (the key is dropped)'
  },
  {
    id: 'full-s3-resource-tag-with-abac', kind: 'identity', principal: ROLE, action: 's3:GetObject',
    resource: 'arn:aws:s3:::b/k', context: { 'aws:ResourceTag/env': 'prod' }, s3: { bucketAbacEnabled: true },
    identityPolicies: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } })],
    aws: 'Allowed', why: 'with bucket ABAC on, the tag is in the request context'
  },
  // 11. Errors: reported per case, never fatal.
  {
    id: 'error-star-colon-star', kind: 'identity', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    identityPolicies: [doc({ Effect: 'Allow', Action: '*:*', Resource: '*' })], aws: 'Error',
    why: 'the simulator\'s validator rejects "*:*" (service names are letters, digits and hyphens)'
  },
  {
    id: 'error-scp-getcalleridentity', kind: 'scp', principal: ROLE, action: 'sts:GetCallerIdentity',
    scps: [[FULL_AWS_ACCESS, SCP_DENY_ALL]], aws: 'Error',
    why: 'the simulator allows GetCallerIdentity before evaluating SCPs, so there is no chain verdict'
  },
  {
    id: 'error-rcp-action-star', kind: 'rcp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    rcps: [[doc({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' })]], aws: 'Error',
    why: 'a customer RCP may not use Action "*" alone'
  },
  {
    id: 'error-unknown-action', kind: 'scp', principal: ROLE, action: 'cloudtrail:StopLoggingNow', resource: TRAIL,
    scps: CT_CHAIN, aws: 'Error', why: 'not an action in the simulator\'s IAM data'
  },
  {
    id: 'error-wrong-resource-type', kind: 'scp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket',
    scps: CT_CHAIN, aws: 'Error', why: 's3:GetObject acts on objects, not buckets'
  },
  {
    id: 'error-principal-in-scp', kind: 'scp', principal: ROLE, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k',
    scps: [[SCP_WITH_PRINCIPAL]], aws: 'Error', why: 'SCPs have no Principal element'
  },
  {
    id: 'error-wildcard-resource-scp', kind: 'scp', principal: ROLE, action: 's3:GetObject', resource: '*',
    scps: CT_CHAIN, aws: 'Error', why: 'kind scp needs a concrete ARN for a resource-level action'
  }
];

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  for (const c of cases) process.stdout.write(JSON.stringify(c) + '\n');
}
