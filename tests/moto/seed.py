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
"""

import argparse
import json
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


def main():
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

    org_id = org.describe_organization()["Organization"]["Id"]
    json.dump({"organization_id": org_id, "management": mgmt, "accounts": accounts, "ous": ous}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
