#!/usr/bin/env python3
"""Seed the moto emulator with orgaudit's demo organization.

Used by the end-to-end tests and by `cargo xtask record-demo` (which records the traffic of an
audit of this organization into tests/fixtures/demo/). It talks only to the endpoint it is
given, which must be on loopback. Prints a JSON manifest on stdout:
    {"organization_id": ..., "management": ..., "accounts": {name: id}, "ous": {name: id}}

The organization (8 accounts) makes every ORG practice pass somewhere and fail somewhere
(ORG.1 and ORG.2 can only fail in an organization without SCPs, which the unit tests cover):

Root                      FullAWSAccess
|-- management            mgmt-direct (ORG.8: no effect on the management account)
|-- legacy                nothing but FullAWSAccess (ORG.3..6 fail)
|-- OU Security           deny-leave-org, keep-account-pab, protect-org-trail-only (ORG.5 partial)
|   |-- log-archive
|   `-- audit
|-- OU Workloads          deny-leave-org, protect-cloudtrail (deny except BreakGlass)
|   |-- OU Prod           keep-account-pab
|   |   |-- prod-app
|   |   `-- prod-data
|   `-- OU Dev            dev-allow-list instead of FullAWSAccess (implicit denies; s3:* open)
|       `-- dev-app
`-- OU Sandbox            protect-service-linked-roles (ORG.7), region-lock (ORG.9: near the size limit)
    `-- sandbox
unused-legacy is attached nowhere (ORG.9).

Resource control policies (ORG.10, S3.6 mitigation, S3.7 by RCP): the RCP type is enabled;
data-perimeter (deny S3 without TLS, deny principals outside the organization, AWS service
principals excepted) is attached to OU Workloads; OU Security has tls-objects-only, whose TLS
statement covers objects but not buckets; the other accounts have RCPFullAWSAccess only.

S3 buckets (every S3 practice passes and fails somewhere; see seed_s3 for the details):
log-archive  orgaudit-demo-access-logs   log target; versioned without lifecycle, SSE-S3, not logged
             orgaudit-demo-trail-logs    compliant: versioned + lifecycle, SSE-KMS, logged, TLS only
prod-app     orgaudit-demo-prod-data     compliant; Block Public Access from the account level only
             orgaudit-demo-prod-logs     its log target
             orgaudit-demo-prod-website  website, public policy (neutralised by the account's
                                         RestrictPublicBuckets), versioning suspended, ACLs on
dev-app      orgaudit-demo-dev-scratch   nothing configured, logs into itself, grant limited by IP,
                                         public-read ACL (S3.6 by ACL)
             orgaudit-demo-dev-public    public policy with no Block Public Access (critical)
             orgaudit-demo-dev-shared    delegates to its access points; dev-shared-public has a public
                                         policy (public through it), dev-shared-vpc is VPC-only
sandbox      orgaudit-demo-sandbox-eu    eu-west-1; lifecycle rule disabled; TLS on objects only
legacy       orgaudit-demo-legacy-archive  nothing configured at all: every "not configured" answer
management   orgaudit-demo-org-trail, orgaudit-demo-mgmt-logs (the organization trail's bucket and its log target)

Identity Center (see seed_identity_center): a group-assigned AdministratorAccess (also in the
management account), user assignments, a time-bound break-glass grant, an expired one, a
service-wide wildcard, a 12-hour session, an unused permission set, and PlatformOps, whose
customer-managed policy /orgaudit/PlatformOps grants iam:* in prod-data and only ec2:Describe*
in dev-app.

CloudTrail (see seed_cloudtrail): an organization data-event trail without management events,
prod-app's own multi-region trail (management events, reads of two buckets, Lambda), a stopped
trail in dev-app with an eventName filter, and a single-region trail homed in eu-west-1 in sandbox.
"""

import argparse
import json
import socket
import sys
from urllib.parse import urlparse

import boto3

CT_ACTIONS = [
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
]

GLOBAL_SERVICES = [
    "a4b", "access-analyzer", "account", "acm", "aws-marketplace", "aws-marketplace-management",
    "aws-portal", "budgets", "ce", "chime", "cloudfront", "config", "cur", "directconnect",
    "ec2:DescribeRegions", "ec2:DescribeTransitGateways", "ec2:DescribeVpnGateways", "fms",
    "globalaccelerator", "health", "iam", "importexport", "kms", "mobileanalytics",
    "networkmanager", "organizations", "pricing", "route53", "route53domains", "route53-recovery-cluster",
    "route53-recovery-control-config", "route53-recovery-readiness", "s3:CreateMultiRegionAccessPoint",
    "s3:DeleteMultiRegionAccessPoint", "s3:DescribeMultiRegionAccessPointOperation",
    "s3:GetAccountPublicAccessBlock", "s3:GetBucketLocation", "s3:GetBucketPolicyStatus",
    "s3:GetBucketPublicAccessBlock", "s3:GetMultiRegionAccessPoint", "s3:GetMultiRegionAccessPointPolicy",
    "s3:GetMultiRegionAccessPointPolicyStatus", "s3:GetStorageLensConfiguration",
    "s3:GetStorageLensDashboard", "s3:ListAllMyBuckets", "s3:ListMultiRegionAccessPoints",
    "s3:ListStorageLensConfigurations", "s3:PutAccountPublicAccessBlock",
    "s3:PutMultiRegionAccessPointPolicy", "savingsplans", "shield", "sso", "sts", "support",
    "supportapp", "supportplans", "sustainability", "tag", "trustedadvisor", "waf", "waf-regional",
    "wafv2", "wellarchitected", "servicequotas", "resource-explorer-2", "notifications",
    "notifications-contacts", "billing", "payments", "tax", "invoicing", "freetier", "consolidatedbilling",
]


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def policies():
    """name -> (document text, description)."""
    region_lock = doc(
        {
            "Sid": "DenyOutsideApprovedRegions",
            "Effect": "Deny",
            "NotAction": [s if ":" in s else f"{s}:*" for s in GLOBAL_SERVICES],
            "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["ap-northeast-1", "us-east-1"]}},
        }
    )
    # Indented the way people paste policies: AWS counts the whitespace against the quota.
    region_lock_text = json.dumps(region_lock, indent=9)
    assert 4608 < len(region_lock_text) < 5120, len(region_lock_text)
    compact = lambda d: json.dumps(d, indent=2)
    return {
        "deny-leave-org": (
            compact(doc({"Sid": "DenyLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"})),
            "Member accounts stay in the organization",
        ),
        "protect-cloudtrail": (
            compact(
                doc(
                    {
                        "Sid": "ProtectCloudTrail",
                        "Effect": "Deny",
                        "Action": CT_ACTIONS,
                        "Resource": "*",
                        "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}},
                    }
                )
            ),
            "Nobody but the break-glass role touches CloudTrail",
        ),
        "protect-org-trail-only": (
            compact(
                doc(
                    {
                        "Sid": "ProtectOrgTrail",
                        "Effect": "Deny",
                        "Action": CT_ACTIONS,
                        "Resource": "arn:aws:cloudtrail:*:*:trail/org-trail",
                    }
                )
            ),
            "Protects the organization trail only",
        ),
        "keep-account-pab": (
            compact(doc({"Sid": "KeepPab", "Effect": "Deny", "Action": "s3:PutAccountPublicAccessBlock", "Resource": "*"})),
            "The account-level S3 public access block stays on",
        ),
        "dev-allow-list": (
            compact(
                doc(
                    {
                        "Sid": "DevServices",
                        "Effect": "Allow",
                        "Action": ["s3:*", "ec2:*", "logs:*", "lambda:*", "cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:LookupEvents"],
                        "Resource": "*",
                    }
                )
            ),
            "Allow-list for development accounts",
        ),
        "protect-service-linked-roles": (
            compact(
                doc(
                    {
                        "Sid": "ProtectSLR",
                        "Effect": "Deny",
                        "Action": ["iam:DeleteRole", "iam:DeleteServiceLinkedRole"],
                        "Resource": "arn:aws:iam::*:role/aws-service-role/*",
                    }
                )
            ),
            "Tries to protect service-linked roles (which SCPs never affect)",
        ),
        "region-lock": (region_lock_text, "Approved regions only"),
        "mgmt-direct": (
            compact(doc({"Sid": "NoEffectHere", "Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"})),
            "Attached to the management account, where SCPs do not apply",
        ),
        "unused-legacy": (
            compact(doc({"Sid": "Old", "Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"})),
            "Left over, attached nowhere",
        ),
    }


def rcps():
    """name -> (document text, description, OU it is attached to)."""
    tls = {
        "Sid": "EnforceSecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
        "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
    }
    org_only = {
        "Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "ORG_ID"},
                      "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}},
    }
    objects_only = dict(tls, Sid="TlsForObjectsOnly", Resource="arn:aws:s3:::*/*")
    return {
        "data-perimeter": (json.dumps(doc(tls, org_only), indent=2), "S3 over TLS, from the organization only", "Workloads"),
        "tls-objects-only": (json.dumps(doc(objects_only), indent=2), "TLS for objects, not for buckets", "Security"),
    }


def member_session(endpoint, account):
    sts = boto3.client(
        "sts", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    c = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="orgaudit-seed"
    )["Credentials"]
    return boto3.session.Session(
        aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
        aws_session_token=c["SessionToken"], region_name="us-east-1",
    )


def tls_only(name, objects_only=False):
    resources = [f"arn:aws:s3:::{name}/*"] if objects_only else [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]
    return {
        "Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": resources,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def log_delivery(name):
    return {
        "Sid": "LogDelivery", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{name}/*",
    }


def bucket(s3, name, region="us-east-1", versioning=None, encryption=None, policy=None, logs_to=None,
           pab=True, ownership="BucketOwnerEnforced", lifecycle=None, website=False):
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    if versioning:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": versioning})
    if encryption:
        rule = {"SSEAlgorithm": encryption}
        if encryption == "aws:kms":
            rule["KMSMasterKeyID"] = "arn:aws:kms:us-east-1:111122223333:key/demo"
        s3.put_bucket_encryption(
            Bucket=name,
            ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": rule, "BucketKeyEnabled": True}]},
        )
    if policy:
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps(doc(*policy)))
    if logs_to:
        s3.put_bucket_logging(
            Bucket=name, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": logs_to, "TargetPrefix": f"{name}/"}}
        )
    if pab:
        s3.put_public_access_block(
            Bucket=name,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
            },
        )
    if ownership:
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]})
    if lifecycle:
        s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [lifecycle]})
    if website:
        s3.put_bucket_website(Bucket=name, WebsiteConfiguration={"IndexDocument": {"Suffix": "index.html"}})


KEEP_3 = {
    "ID": "keep-3-generations", "Status": "Enabled", "Filter": {"Prefix": ""},
    "NoncurrentVersionExpiration": {"NoncurrentDays": 30, "NewerNoncurrentVersions": 3},
}


def seed_s3(endpoint, accounts):
    client = lambda account, service, region="us-east-1": member_session(endpoint, account).client(
        service, endpoint_url=endpoint, region_name=region
    )

    s3 = client(accounts["log-archive"], "s3")
    bucket(s3, "orgaudit-demo-access-logs", versioning="Enabled", encryption="AES256",
           policy=[log_delivery("orgaudit-demo-access-logs"), tls_only("orgaudit-demo-access-logs")])
    bucket(s3, "orgaudit-demo-trail-logs", versioning="Enabled", encryption="aws:kms", lifecycle=KEEP_3,
           policy=[tls_only("orgaudit-demo-trail-logs")], logs_to="orgaudit-demo-access-logs")

    prod = accounts["prod-app"]
    s3 = client(prod, "s3")
    bucket(s3, "orgaudit-demo-prod-logs", versioning="Enabled", encryption="aws:kms", lifecycle=KEEP_3,
           policy=[log_delivery("orgaudit-demo-prod-logs"), tls_only("orgaudit-demo-prod-logs")])
    bucket(s3, "orgaudit-demo-prod-data", versioning="Enabled", encryption="aws:kms", lifecycle=KEEP_3,
           policy=[tls_only("orgaudit-demo-prod-data")], logs_to="orgaudit-demo-prod-logs", pab=False)
    bucket(s3, "orgaudit-demo-prod-website", versioning="Enabled", pab=False, ownership="ObjectWriter", website=True,
           policy=[{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                    "Resource": "arn:aws:s3:::orgaudit-demo-prod-website/*"}])
    s3.put_bucket_versioning(Bucket="orgaudit-demo-prod-website", VersioningConfiguration={"Status": "Suspended"})
    # Last: the account-level block (a public policy could not be put after it).
    client(prod, "s3control").put_public_access_block(
        AccountId=prod,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True,
        },
    )

    s3 = client(accounts["dev-app"], "s3")
    scratch = "orgaudit-demo-dev-scratch"
    bucket(s3, scratch, pab=False, ownership=None, logs_to=scratch, policy=[
        log_delivery(scratch),
        {"Sid": "OfficeRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:::{scratch}/*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
    ])
    # ACLs are on (no ownership controls): a canned public-read ACL makes it public (S3.6).
    s3.put_bucket_acl(Bucket=scratch, ACL="public-read")
    bucket(s3, "orgaudit-demo-dev-public", versioning="Enabled", encryption="AES256", lifecycle=KEEP_3, pab=False,
           policy=[{"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["s3:GetObject", "s3:ListBucket"],
                    "Resource": ["arn:aws:s3:::orgaudit-demo-dev-public", "arn:aws:s3:::orgaudit-demo-dev-public/*"]},
                   tls_only("orgaudit-demo-dev-public")])
    # Access points (S3 User Guide, "Configuring IAM policies for using access points"): the
    # bucket delegates access control to the account's access points, and one access point has
    # a public policy and no Block Public Access of its own: the bucket is public through it.
    shared = "orgaudit-demo-dev-shared"
    dev = accounts["dev-app"]
    bucket(s3, shared, versioning="Enabled", encryption="AES256", lifecycle=KEEP_3, pab=False, logs_to=scratch, policy=[
        {"Sid": "DelegateToAccessPoints", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*",
         "Resource": [f"arn:aws:s3:::{shared}", f"arn:aws:s3:::{shared}/*"],
         "Condition": {"StringEquals": {"s3:DataAccessPointAccount": dev}}},
        tls_only(shared)])
    control = client(dev, "s3control")
    control.create_access_point(
        AccountId=dev, Name="dev-shared-public", Bucket=shared,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False, "RestrictPublicBuckets": False,
        })
    control.put_access_point_policy(AccountId=dev, Name="dev-shared-public", Policy=json.dumps(doc(
        {"Sid": "AnyoneReads", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:aws:s3:us-east-1:{dev}:accesspoint/dev-shared-public/object/*"})))
    control.create_access_point(AccountId=dev, Name="dev-shared-vpc", Bucket=shared,
                                VpcConfiguration={"VpcId": "vpc-0123456789abcdef0"})

    s3 = client(accounts["sandbox"], "s3", "eu-west-1")
    eu = "orgaudit-demo-sandbox-eu"
    bucket(s3, eu, region="eu-west-1", versioning="Enabled", encryption="aws:kms",
           lifecycle=dict(KEEP_3, ID="disabled-rule", Status="Disabled"),
           policy=[tls_only(eu, objects_only=True)])

    s3 = client(accounts["legacy"], "s3")
    bucket(s3, "orgaudit-demo-legacy-archive", pab=False, ownership=None)


def pin_to_loopback():
    """s3control's endpoint rules put the account id in front of the host
    (`<account>.127.0.0.1`): resolve such names to loopback, and nothing else."""
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".127.0.0.1"):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    socket.getaddrinfo = resolve


def seed_cloudtrail(endpoint, accounts):
    def client(account, service, region="us-east-1"):
        if account == accounts["management"]:
            sess = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)
        else:
            sess = member_session(endpoint, account)
        return sess.client(service, endpoint_url=endpoint, region_name=region)

    mgmt = accounts["management"]
    s3 = client(mgmt, "s3")
    bucket(s3, "orgaudit-demo-mgmt-logs", versioning="Enabled", encryption="aws:kms", lifecycle=KEEP_3,
           policy=[log_delivery("orgaudit-demo-mgmt-logs"), tls_only("orgaudit-demo-mgmt-logs")])
    bucket(s3, "orgaudit-demo-org-trail", versioning="Enabled", encryption="aws:kms", lifecycle=KEEP_3,
           policy=[tls_only("orgaudit-demo-org-trail")], logs_to="orgaudit-demo-mgmt-logs")
    ct = client(mgmt, "cloudtrail")
    ct.create_trail(
        Name="org-data-trail", S3BucketName="orgaudit-demo-org-trail", IsMultiRegionTrail=True, IsOrganizationTrail=True,
        EnableLogFileValidation=True, KmsKeyId=f"arn:aws:kms:us-east-1:{mgmt}:key/org-trail",
        CloudWatchLogsLogGroupArn=f"arn:aws:logs:us-east-1:{mgmt}:log-group:org-trail:*",
        CloudWatchLogsRoleArn=f"arn:aws:iam::{mgmt}:role/CloudTrailToCloudWatch",
    )
    ct.put_event_selectors(TrailName="org-data-trail", AdvancedEventSelectors=[{
        "Name": "S3 writes, except scratch and sandbox tmp/",
        "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "readOnly", "Equals": ["false"]},
            {"Field": "resources.ARN", "NotStartsWith": [
                "arn:aws:s3:::orgaudit-demo-dev-scratch/", "arn:aws:s3:::orgaudit-demo-sandbox-eu/tmp/"]},
        ],
    }])
    ct.start_logging(Name="org-data-trail")

    ct = client(accounts["prod-app"], "cloudtrail")
    ct.create_trail(Name="prod-audit", S3BucketName="orgaudit-demo-prod-logs", IsMultiRegionTrail=True)
    ct.put_event_selectors(TrailName="prod-audit", EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []},
        {"ReadWriteType": "ReadOnly", "IncludeManagementEvents": False, "DataResources": [
            {"Type": "AWS::S3::Object", "Values": [
                "arn:aws:s3:::orgaudit-demo-prod-data/", "arn:aws:s3:::orgaudit-demo-prod-logs/reports/"]}]},
        {"ReadWriteType": "All", "IncludeManagementEvents": False, "DataResources": [
            {"Type": "AWS::Lambda::Function", "Values": ["arn:aws:lambda"]}]},
    ])
    ct.start_logging(Name="prod-audit")

    ct = client(accounts["dev-app"], "cloudtrail")
    ct.create_trail(Name="dev-trail", S3BucketName="orgaudit-demo-dev-scratch")
    ct.put_event_selectors(TrailName="dev-trail", AdvancedEventSelectors=[
        {"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
        {"Name": "GetObject only", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "eventName", "Equals": ["GetObject"]},
        ]},
    ])
    # Never started: a trail that records nothing (CT.8).

    ct = client(accounts["sandbox"], "cloudtrail", "eu-west-1")
    ct.create_trail(Name="sandbox-eu-trail", S3BucketName="orgaudit-demo-sandbox-eu")
    ct.start_logging(Name="sandbox-eu-trail")


def seed_identity_center(endpoint, accounts):
    """Users, groups and permission sets that make every SSO practice pass and fail somewhere."""
    sess = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    sso = sess.client("sso-admin", endpoint_url=endpoint)
    ids = sess.client("identitystore", endpoint_url=endpoint)
    instance = sso.list_instances()["Instances"][0]
    inst, store = instance["InstanceArn"], instance["IdentityStoreId"]

    def user(name):
        return ids.create_user(IdentityStoreId=store, UserName=name, DisplayName=name.title(),
                               Name={"GivenName": name.title(), "FamilyName": "Demo"})["UserId"]

    users = {n: user(n) for n in ["alice", "bob", "carol", "dave"]}
    groups = {n: ids.create_group(IdentityStoreId=store, DisplayName=n)["GroupId"] for n in ["platform-admins", "developers"]}
    for g, members in [("platform-admins", ["alice", "bob"]), ("developers", ["bob", "carol"])]:
        for m in members:
            ids.create_group_membership(IdentityStoreId=store, GroupId=groups[g], MemberId={"UserId": users[m]})

    def permission_set(name, duration, managed=(), inline=None):
        arn = sso.create_permission_set(InstanceArn=inst, Name=name, SessionDuration=duration,
                                        Description=f"orgaudit demo: {name}")["PermissionSet"]["PermissionSetArn"]
        for m in managed:
            sso.attach_managed_policy_to_permission_set(InstanceArn=inst, PermissionSetArn=arn, ManagedPolicyArn=m)
        if inline:
            sso.put_inline_policy_to_permission_set(InstanceArn=inst, PermissionSetArn=arn, InlinePolicy=json.dumps(inline))
        return arn

    admin = permission_set("AdministratorAccess", "PT8H", managed=["arn:aws:iam::aws:policy/AdministratorAccess"])
    read_only = permission_set("ReadOnly", "PT4H", managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    power = permission_set("PowerUser", "PT1H", managed=["arn:aws:iam::aws:policy/PowerUserAccess"])
    data_ops = permission_set("DataOps", "PT12H", inline=doc(
        {"Sid": "AllS3", "Effect": "Allow", "Action": ["s3:*", "kms:Decrypt"], "Resource": "*"}))
    break_glass = permission_set("BreakGlass-2027", "PT1H", inline=doc(
        {"Sid": "UntilJanuary", "Effect": "Allow", "Action": "*", "Resource": "*",
         "Condition": {"DateLessThan": {"aws:CurrentTime": "2027-01-31T00:00:00Z"},
                       "Bool": {"aws:MultiFactorAuthPresent": "true"}}}))
    expired = permission_set("Incident-2025", "PT1H", inline=doc(
        {"Sid": "Expired", "Effect": "Allow", "Action": "*", "Resource": "*",
         "Condition": {"DateLessThan": {"aws:CurrentTime": "2025-06-30T00:00:00Z"}}}))
    permission_set("Unused", "PT1H", managed=["arn:aws:iam::aws:policy/ReadOnlyAccess"])

    def assign(account, ps, kind, principal):
        sso.create_account_assignment(InstanceArn=inst, TargetId=accounts[account], TargetType="AWS_ACCOUNT",
                                      PermissionSetArn=ps, PrincipalType=kind, PrincipalId=principal)

    assign("prod-app", admin, "GROUP", groups["platform-admins"])
    assign("management", admin, "GROUP", groups["platform-admins"])
    assign("management", read_only, "GROUP", groups["developers"])
    assign("dev-app", power, "GROUP", groups["developers"])
    assign("dev-app", read_only, "USER", users["dave"])
    assign("prod-data", data_ops, "USER", users["carol"])
    assign("prod-app", break_glass, "USER", users["alice"])
    assign("legacy", expired, "USER", users["dave"])

    # A customer-managed policy is resolved by name and path in each account the set is
    # provisioned to (IAM Identity Center User Guide, "Customer managed policies"): the same
    # set is admin-equivalent in prod-data and read-only in dev-app.
    platform = permission_set("PlatformOps", "PT1H")
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=inst, PermissionSetArn=platform,
        CustomerManagedPolicyReference={"Name": "PlatformOps", "Path": "/orgaudit/"})
    for account, statement in [
        ("prod-data", {"Sid": "Identity", "Effect": "Allow", "Action": "iam:*", "Resource": "*"}),
        ("dev-app", {"Sid": "Look", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}),
    ]:
        iam = member_session(endpoint, accounts[account]).client("iam", endpoint_url=endpoint)
        iam.create_policy(PolicyName="PlatformOps", Path="/orgaudit/", PolicyDocument=json.dumps(doc(statement)))
    assign("prod-data", platform, "GROUP", groups["platform-admins"])
    assign("dev-app", platform, "GROUP", groups["developers"])


def main():
    pin_to_loopback()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint", required=True, help="moto server URL on loopback")
    args = ap.parse_args()
    host = urlparse(args.endpoint).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing to seed {args.endpoint}: the emulator must be on loopback")

    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    org = session.client("organizations", endpoint_url=args.endpoint)

    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    # A new moto organization lists no enabled policy type on its root (ORG.2 would fail).
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    mgmt = org.describe_organization()["Organization"]["MasterAccountId"]

    def ou(name, parent):
        return org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]

    ous = {"Security": ou("Security", root), "Workloads": ou("Workloads", root), "Sandbox": ou("Sandbox", root)}
    ous["Prod"] = ou("Prod", ous["Workloads"])
    ous["Dev"] = ou("Dev", ous["Workloads"])

    accounts = {"management": mgmt}
    for name, parent in [
        ("log-archive", "Security"),
        ("audit", "Security"),
        ("prod-app", "Prod"),
        ("prod-data", "Prod"),
        ("dev-app", "Dev"),
        ("sandbox", "Sandbox"),
        ("legacy", None),
    ]:
        status = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        accounts[name] = status["AccountId"]
        if parent:
            org.move_account(AccountId=status["AccountId"], SourceParentId=root, DestinationParentId=ous[parent])

    ids = {}
    for name, (content, description) in policies().items():
        created = org.create_policy(Content=content, Description=description, Name=name, Type="SERVICE_CONTROL_POLICY")
        ids[name] = created["Policy"]["PolicySummary"]["Id"]

    attach = lambda policy, target: org.attach_policy(PolicyId=ids[policy], TargetId=target)
    attach("deny-leave-org", ous["Security"])
    attach("deny-leave-org", ous["Workloads"])
    attach("keep-account-pab", ous["Security"])
    attach("protect-org-trail-only", ous["Security"])
    attach("protect-cloudtrail", ous["Workloads"])
    attach("keep-account-pab", ous["Prod"])
    attach("dev-allow-list", ous["Dev"])
    org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=ous["Dev"])
    attach("protect-service-linked-roles", ous["Sandbox"])
    attach("region-lock", ous["Sandbox"])
    attach("mgmt-direct", mgmt)

    # Resource control policies (AWS Organizations User Guide, "Resource control policies").
    org.enable_policy_type(RootId=root, PolicyType="RESOURCE_CONTROL_POLICY")
    org_id = org.describe_organization()["Organization"]["Id"]
    for name, (content, description, target) in rcps().items():
        content = content.replace("ORG_ID", org_id)
        created = org.create_policy(Content=content, Description=description, Name=name, Type="RESOURCE_CONTROL_POLICY")
        org.attach_policy(PolicyId=created["Policy"]["PolicySummary"]["Id"], TargetId=ous[target])

    seed_s3(args.endpoint, accounts)
    seed_cloudtrail(args.endpoint, accounts)
    seed_identity_center(args.endpoint, accounts)

    org_id = org.describe_organization()["Organization"]["Id"]
    json.dump({"organization_id": org_id, "management": mgmt, "accounts": accounts, "ous": ous}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
