#!/usr/bin/env python3
"""Seed moto with a realistic organization: things kept where real AWS organizations keep them.

Used by crates/cli/tests/realistic.rs and `cargo xtask record-realistic`, always behind the AWS
behaviour relay (crates/testkit/src/aws_behaviour.rs), which reproduces what moto lacks:
Identity Center in one region, its delegated administrator, organization trails listed in
members, the event data store, account:ListRegions. Talks only to a loopback endpoint. Prints a
JSON manifest: {"organization_id", "management", "accounts": {name: id}, "ous": {name: id},
"partition", "regions": {...}}.

Root                      FullAWSAccess
|-- management            the organization trail, homed in the trail region (not the caller's)
|-- OU Security           guardrails
|   |-- identity          Identity Center's delegated administrator (instance in the SSO region)
|   `-- log-archive       the organization trail's bucket, in the trail region
`-- OU Workloads          guardrails
    |-- OU Prod
    |   `-- prod          an event data store recording every S3 data event of its account;
    |                     buckets in three regions (two in aws-us-gov)
    `-- OU Dev
        `-- dev           a customer-managed policy granting admin here only; a bucket public
                          through an access point; --bulk N buckets nobody configured

Partitions: --partition aws (home us-east-1, trail eu-west-1, Identity Center ap-northeast-1,
buckets also in eu-west-1 and ap-northeast-1) or aws-us-gov (home us-gov-west-1, trail
us-gov-east-1, Identity Center us-gov-west-1, buckets in both GovCloud regions).
"""

import argparse
import json
import sys
from urllib.parse import urlparse

import boto3

from seed import pin_to_loopback

PARTITIONS = {
    "aws": {"home": "us-east-1", "trail": "eu-west-1", "sso": "ap-northeast-1",
            "buckets": ["us-east-1", "eu-west-1", "ap-northeast-1"]},
    "aws-us-gov": {"home": "us-gov-west-1", "trail": "us-gov-east-1", "sso": "us-gov-west-1",
                   "buckets": ["us-gov-west-1", "us-gov-east-1"]},
}


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


class Org:
    def __init__(self, endpoint, partition):
        self.endpoint = endpoint
        self.p = partition
        self.r = PARTITIONS[partition]
        self.accounts = {}

    def session(self, account=None):
        base = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                     region_name=self.r["home"])
        if account is None or account == self.accounts.get("management"):
            return base
        c = base.client("sts", endpoint_url=self.endpoint).assume_role(
            RoleArn=f"arn:{self.p}:iam::{account}:role/OrganizationAccountAccessRole",
            RoleSessionName="orgaudit-seed")["Credentials"]
        return boto3.session.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                     aws_session_token=c["SessionToken"], region_name=self.r["home"])

    def client(self, name, service, region=None):
        return self.session(self.accounts[name]).client(service, endpoint_url=self.endpoint,
                                                         region_name=region or self.r["home"])

    def s3_arn(self, *parts):
        return f"arn:{self.p}:s3:::{'/'.join(parts)}"

    def tls_only(self, name):
        return {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [self.s3_arn(name), self.s3_arn(name, "*")],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}}

    def bucket(self, account, name, region, versioning=True, kms=False, policy=(), pab=True, lifecycle=True):
        s3 = self.client(account, "s3", region)
        if region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
        if versioning:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        rule = {"SSEAlgorithm": "AES256"}
        if kms:
            rule = {"SSEAlgorithm": "aws:kms",
                    "KMSMasterKeyID": f"arn:{self.p}:kms:{region}:{self.accounts[account]}:key/realistic"}
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": rule, "BucketKeyEnabled": True}]})
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps(doc(self.tls_only(name), *policy)))
        # Block Public Access is on for new buckets (S3 User Guide, "Blocking public access to
        # your Amazon S3 storage"): a bucket without it is one whose owner turned it off.
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            k: pab for k in ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]})
        s3.put_bucket_ownership_controls(Bucket=name, OwnershipControls={
            "Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
        if lifecycle:
            s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [{
                "ID": "keep-3", "Status": "Enabled", "Filter": {"Prefix": ""},
                "NoncurrentVersionExpiration": {"NoncurrentDays": 30, "NewerNoncurrentVersions": 3}}]})
        return s3


def organization(o):
    org = o.session().client("organizations", endpoint_url=o.endpoint)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    o.accounts["management"] = org.describe_organization()["Organization"]["MasterAccountId"]
    ou = lambda name, parent: org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]
    ous = {"Security": ou("Security", root), "Workloads": ou("Workloads", root)}
    ous["Prod"] = ou("Prod", ous["Workloads"])
    ous["Dev"] = ou("Dev", ous["Workloads"])
    for name, parent in [("identity", "Security"), ("log-archive", "Security"), ("prod", "Prod"), ("dev", "Dev")]:
        acct = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]["AccountId"]
        o.accounts[name] = acct
        org.move_account(AccountId=acct, SourceParentId=root, DestinationParentId=ous[parent])
    guardrails = doc(
        {"Sid": "StayInTheOrganization", "Effect": "Deny", "Action": "organizations:LeaveOrganization",
         "Resource": "*"},
        {"Sid": "KeepTheTrail", "Effect": "Deny",
         "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail",
                    "cloudtrail:PutEventSelectors"], "Resource": "*"},
        {"Sid": "KeepPublicAccessBlocked", "Effect": "Deny", "Action": "s3:PutAccountPublicAccessBlock",
         "Resource": "*"},
    )
    policy = org.create_policy(Content=json.dumps(guardrails), Description="Baseline guardrails",
                               Name="guardrails", Type="SERVICE_CONTROL_POLICY")["Policy"]["PolicySummary"]["Id"]
    for target in ("Security", "Workloads"):
        org.attach_policy(PolicyId=policy, TargetId=ous[target])
    return org, ous


def cloudtrail(o):
    trail_region = o.r["trail"]
    logs = "realistic-org-trail-logs"
    o.bucket("log-archive", logs, trail_region, kms=True, policy=[{
        "Sid": "CloudTrailWrites", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
        "Action": "s3:PutObject", "Resource": o.s3_arn(logs, "AWSLogs", "*")}])
    ct = o.client("management", "cloudtrail", trail_region)
    mgmt = o.accounts["management"]
    ct.create_trail(Name="org-trail", S3BucketName=logs, IsMultiRegionTrail=True, IsOrganizationTrail=True,
                    EnableLogFileValidation=True, KmsKeyId=f"arn:{o.p}:kms:{trail_region}:{mgmt}:key/org-trail",
                    CloudWatchLogsLogGroupArn=f"arn:{o.p}:logs:{trail_region}:{mgmt}:log-group:org-trail:*",
                    CloudWatchLogsRoleArn=f"arn:{o.p}:iam::{mgmt}:role/CloudTrailToCloudWatch")
    ct.put_event_selectors(TrailName="org-trail", EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": []}])
    ct.start_logging(Name="org-trail")


def s3(o, bulk):
    home, *others = o.r["buckets"]
    o.bucket("prod", "realistic-prod-data", home, kms=True)
    for i, region in enumerate(others):
        # The last region's bucket is kept without lifecycle and versioning: it fails S3.2.
        compliant = i < len(others) - 1
        o.bucket("prod", f"realistic-prod-{region}", region, versioning=compliant, lifecycle=compliant)

    dev = o.accounts["dev"]
    shared = "realistic-dev-shared"
    o.bucket("dev", shared, home, pab=False, policy=[{
        "Sid": "DelegateToAccessPoints", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*",
        "Resource": [o.s3_arn(shared), o.s3_arn(shared, "*")],
        "Condition": {"StringEquals": {"s3:DataAccessPointAccount": dev}}}])
    control = o.client("dev", "s3control", home)
    control.create_access_point(AccountId=dev, Name="partners", Bucket=shared, PublicAccessBlockConfiguration={
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": False,
        "RestrictPublicBuckets": False})
    control.put_access_point_policy(AccountId=dev, Name="partners", Policy=json.dumps(doc(
        {"Sid": "AnyoneReads", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": f"arn:{o.p}:s3:{home}:{dev}:accesspoint/partners/object/*"})))

    s3 = o.client("dev", "s3", home)
    for i in range(bulk):
        name = f"realistic-dev-bulk-{i:04d}"
        if home == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": home})


def identity_center(o):
    """The organization's instance lives in the SSO region; it is administered from `identity`."""
    sess = o.session()
    region = o.r["sso"]
    sso = sess.client("sso-admin", endpoint_url=o.endpoint, region_name=region)
    ids = sess.client("identitystore", endpoint_url=o.endpoint, region_name=region)
    instance = sso.list_instances()["Instances"][0]
    inst, store = instance["InstanceArn"], instance["IdentityStoreId"]
    users = {n: ids.create_user(IdentityStoreId=store, UserName=n, DisplayName=n.title(),
                                Name={"GivenName": n.title(), "FamilyName": "Example"})["UserId"]
             for n in ["hana", "kenji", "mei"]}
    groups = {n: ids.create_group(IdentityStoreId=store, DisplayName=n)["GroupId"] for n in ["cloud-admins", "engineers"]}
    for g, members in [("cloud-admins", ["hana"]), ("engineers", ["kenji", "mei"])]:
        for m in members:
            ids.create_group_membership(IdentityStoreId=store, GroupId=groups[g], MemberId={"UserId": users[m]})

    def permission_set(name, duration, managed=()):
        arn = sso.create_permission_set(InstanceArn=inst, Name=name, SessionDuration=duration)["PermissionSet"][
            "PermissionSetArn"]
        for m in managed:
            sso.attach_managed_policy_to_permission_set(InstanceArn=inst, PermissionSetArn=arn,
                                                        ManagedPolicyArn=f"arn:{o.p}:iam::aws:policy/{m}")
        return arn

    def assign(account, ps, kind, principal):
        sso.create_account_assignment(InstanceArn=inst, TargetId=o.accounts[account], TargetType="AWS_ACCOUNT",
                                      PermissionSetArn=ps, PrincipalType=kind, PrincipalId=principal)

    admin = permission_set("AdministratorAccess", "PT1H", ["AdministratorAccess"])
    read_only = permission_set("ReadOnly", "PT4H", ["ReadOnlyAccess"])
    assign("prod", admin, "GROUP", groups["cloud-admins"])
    assign("prod", read_only, "GROUP", groups["engineers"])
    assign("dev", read_only, "GROUP", groups["engineers"])

    # One set, one customer-managed policy name: admin in dev, read-only in prod (IAM Identity
    # Center User Guide, "Customer managed policies": resolved in each assigned account).
    developer = permission_set("Developer", "PT2H")
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=inst, PermissionSetArn=developer,
        CustomerManagedPolicyReference={"Name": "DeveloperAccess", "Path": "/platform/"})
    for account, statement in [
        ("dev", {"Sid": "Everything", "Effect": "Allow", "Action": "*", "Resource": "*"}),
        ("prod", {"Sid": "Look", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}),
    ]:
        o.client(account, "iam").create_policy(PolicyName="DeveloperAccess", Path="/platform/",
                                               PolicyDocument=json.dumps(doc(statement)))
        assign(account, developer, "GROUP", groups["engineers"])


def main():
    pin_to_loopback()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint", required=True, help="moto server URL on loopback")
    ap.add_argument("--partition", choices=sorted(PARTITIONS), default="aws")
    ap.add_argument("--bulk", type=int, default=0, help="buckets nobody configured, in dev")
    args = ap.parse_args()
    if urlparse(args.endpoint).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing to seed {args.endpoint}: the emulator must be on loopback")
    o = Org(args.endpoint, args.partition)
    org, ous = organization(o)
    cloudtrail(o)
    s3(o, args.bulk)
    identity_center(o)
    org_id = org.describe_organization()["Organization"]["Id"]
    json.dump({"organization_id": org_id, "management": o.accounts["management"], "accounts": o.accounts,
               "ous": ous, "partition": o.p, "regions": o.r}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
