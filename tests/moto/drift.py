"""Change the seeded demo organization the way drift happens in real life, for the drift test:

- versioning of orgaudit-demo-prod-data (prod-data) goes from Enabled to Suspended;
- the SCP deny-leave-org is detached from the Workloads OU;
- the DataOps permission set gains the AWS managed AdministratorAccess policy;
- the organization trail org-data-trail stops logging.

Usage: drift.py --endpoint http://127.0.0.1:PORT  (reads seed.py's manifest on stdin)
"""
import argparse
import json
import sys
from urllib.parse import urlparse

import boto3

from seed import member_session, pin_to_loopback


def main():
    pin_to_loopback()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint", required=True)
    args = ap.parse_args()
    if urlparse(args.endpoint).hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit(f"refusing to change {args.endpoint}: the emulator must be on loopback")
    manifest = json.load(sys.stdin)
    mgmt = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                 region_name="us-east-1")

    s3 = member_session(args.endpoint, manifest["accounts"]["prod-data"]).client("s3", endpoint_url=args.endpoint)
    s3.put_bucket_versioning(Bucket="orgaudit-demo-prod-data", VersioningConfiguration={"Status": "Suspended"})

    org = mgmt.client("organizations", endpoint_url=args.endpoint)
    policy = next(p["Id"] for p in org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
                  if p["Name"] == "deny-leave-org")
    org.detach_policy(PolicyId=policy, TargetId=manifest["ous"]["Workloads"])

    sso = mgmt.client("sso-admin", endpoint_url=args.endpoint)
    inst = sso.list_instances()["Instances"][0]["InstanceArn"]
    for arn in sso.list_permission_sets(InstanceArn=inst)["PermissionSets"]:
        name = sso.describe_permission_set(InstanceArn=inst, PermissionSetArn=arn)["PermissionSet"]["Name"]
        if name == "DataOps":
            sso.attach_managed_policy_to_permission_set(
                InstanceArn=inst, PermissionSetArn=arn, ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")

    mgmt.client("cloudtrail", endpoint_url=args.endpoint).stop_logging(Name="org-data-trail")
    print(json.dumps({"changed": 4}))


if __name__ == "__main__":
    main()
