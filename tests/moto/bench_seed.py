"""Seed moto with a synthetic organization for `cargo xtask bench`: N accounts x B buckets.

- OUs Security, Workloads/Prod, Workloads/Dev and Sandbox; SCPs (deny-leave, protect-cloudtrail,
  region-lock) attached to them; accounts spread over the OUs;
- in every account B buckets with varied settings (versioning on 2 of 3, KMS or SSE-S3,
  TLS-only policies, Block Public Access, ownership, lifecycle, logging, one website bucket);
- an organization trail in the management account with advanced data-event selectors;
- Identity Center: 12 users, 3 groups, 5 permission sets, a group assignment per account and
  some user assignments.

Seeding runs on 8 threads. Prints a manifest (JSON) with the counts and the seeding time.
Usage: bench_seed.py --endpoint http://127.0.0.1:PORT --accounts 20 --buckets 25
"""
import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import boto3

from seed import KEEP_3, bucket, doc, member_session, pin_to_loopback, tls_only

OUS = ["Security", "Prod", "Dev", "Sandbox"]


def scps():
    return {
        "deny-leave": doc({"Sid": "NoLeave", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}),
        "protect-cloudtrail": doc({"Sid": "KeepTrails", "Effect": "Deny", "Resource": "*", "Action": [
            "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors"]}),
        "region-lock": doc({"Sid": "Regions", "Effect": "Deny", "NotAction": ["iam:*", "organizations:*", "sts:*"],
                            "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}}),
    }


def seed_buckets(endpoint, account, index, is_mgmt, count):
    if is_mgmt:
        sess = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    else:
        sess = member_session(endpoint, account)
    s3 = sess.client("s3", endpoint_url=endpoint)
    logs = f"bench-{index:04d}-logs"
    bucket(s3, logs, versioning="Enabled", encryption="aws:kms", lifecycle=KEEP_3, policy=[
        {"Sid": "LogDelivery", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{logs}/*"}, tls_only(logs)])
    for b in range(1, count):
        name = f"bench-{index:04d}-{b:03d}"
        bucket(
            s3, name,
            versioning="Enabled" if b % 3 else None,
            encryption="aws:kms" if b % 2 else "AES256",
            policy=[tls_only(name)] if b % 2 == 0 else None,
            logs_to=logs if b % 4 == 0 else None,
            pab=b % 4 != 1,
            ownership="BucketOwnerEnforced" if b % 5 else None,
            lifecycle=KEEP_3 if b % 3 == 1 else None,
            website=b == 7,
        )
    return count


def main():
    pin_to_loopback()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--accounts", type=int, default=20)
    ap.add_argument("--buckets", type=int, default=25)
    args = ap.parse_args()
    if urlparse(args.endpoint).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing to seed {args.endpoint}: the emulator must be on loopback")
    started = time.monotonic()
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
    org = session.client("organizations", endpoint_url=args.endpoint)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    mgmt = org.describe_organization()["Organization"]["MasterAccountId"]
    workloads = org.create_organizational_unit(ParentId=root, Name="Workloads")["OrganizationalUnit"]["Id"]
    ous = {}
    for name in OUS:
        parent = workloads if name in ("Prod", "Dev") else root
        ous[name] = org.create_organizational_unit(ParentId=parent, Name=name)["OrganizationalUnit"]["Id"]
    ids = {}
    for name, content in scps().items():
        ids[name] = org.create_policy(Content=json.dumps(content), Description=name, Name=name,
                                      Type="SERVICE_CONTROL_POLICY")["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=ids["deny-leave"], TargetId=root)
    org.attach_policy(PolicyId=ids["protect-cloudtrail"], TargetId=workloads)
    org.attach_policy(PolicyId=ids["region-lock"], TargetId=ous["Sandbox"])

    accounts = [mgmt]
    for i in range(1, args.accounts):
        status = org.create_account(Email=f"bench-{i}@example.com", AccountName=f"bench-{i:04d}")["CreateAccountStatus"]
        accounts.append(status["AccountId"])
        org.move_account(AccountId=status["AccountId"], SourceParentId=root, DestinationParentId=ous[OUS[i % len(OUS)]])

    with ThreadPoolExecutor(max_workers=8) as pool:
        buckets = sum(pool.map(lambda ia: seed_buckets(args.endpoint, ia[1], ia[0], ia[1] == mgmt, args.buckets),
                               enumerate(accounts)))

    s3 = session.client("s3", endpoint_url=args.endpoint)
    bucket(s3, "bench-org-trail", versioning="Enabled", encryption="aws:kms", lifecycle=KEEP_3,
           policy=[tls_only("bench-org-trail")], logs_to="bench-0000-logs")
    ct = session.client("cloudtrail", endpoint_url=args.endpoint)
    ct.create_trail(Name="org-trail", S3BucketName="bench-org-trail", IsMultiRegionTrail=True, IsOrganizationTrail=True,
                    EnableLogFileValidation=True, KmsKeyId=f"arn:aws:kms:us-east-1:{mgmt}:key/org-trail")
    ct.put_event_selectors(TrailName="org-trail", AdvancedEventSelectors=[
        {"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
        {"Name": "S3 writes", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "readOnly", "Equals": ["false"]}]},
        {"Name": "S3 reads of log buckets", "FieldSelectors": [
            {"Field": "eventCategory", "Equals": ["Data"]},
            {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
            {"Field": "readOnly", "Equals": ["true"]},
            {"Field": "resources.ARN", "EndsWith": ["-logs/"]}]},
    ])
    ct.start_logging(Name="org-trail")

    sso = session.client("sso-admin", endpoint_url=args.endpoint)
    ids_client = session.client("identitystore", endpoint_url=args.endpoint)
    inst = sso.list_instances()["Instances"][0]
    arn, store = inst["InstanceArn"], inst["IdentityStoreId"]
    users = [ids_client.create_user(IdentityStoreId=store, UserName=f"user{i}", DisplayName=f"User {i}",
                                    Name={"GivenName": "U", "FamilyName": str(i)})["UserId"] for i in range(12)]
    groups = [ids_client.create_group(IdentityStoreId=store, DisplayName=g)["GroupId"]
              for g in ("admins", "developers", "auditors")]
    for i, u in enumerate(users):
        ids_client.create_group_membership(IdentityStoreId=store, GroupId=groups[i % 3], MemberId={"UserId": u})
    sets = []
    for name, managed, duration in [("Admin", "AdministratorAccess", "PT1H"), ("PowerUser", "PowerUserAccess", "PT2H"),
                                    ("ReadOnly", "ReadOnlyAccess", "PT8H"), ("Billing", "AWSBillingReadOnlyAccess", "PT4H"),
                                    ("S3Ops", None, "PT4H")]:
        ps = sso.create_permission_set(InstanceArn=arn, Name=name, SessionDuration=duration)["PermissionSet"]["PermissionSetArn"]
        if managed:
            sso.attach_managed_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps,
                                                        ManagedPolicyArn=f"arn:aws:iam::aws:policy/{managed}")
        else:
            sso.put_inline_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=ps, InlinePolicy=json.dumps(
                doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})))
        sets.append(ps)
    assignments = 0
    for i, account in enumerate(accounts):
        for ps, principal, kind in [(sets[2], groups[1], "GROUP"), (sets[i % 2], groups[0], "GROUP")] + (
                [(sets[4], users[i % 12], "USER")] if i % 5 == 0 else []):
            sso.create_account_assignment(InstanceArn=arn, TargetId=account, TargetType="AWS_ACCOUNT",
                                          PermissionSetArn=ps, PrincipalType=kind, PrincipalId=principal)
            assignments += 1

    json.dump({
        "organization_id": org.describe_organization()["Organization"]["Id"],
        "accounts": len(accounts), "buckets": buckets + 1, "assignments": assignments,
        "seconds": round(time.monotonic() - started, 2),
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
