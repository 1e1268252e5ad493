//! What the demo organization (tests/moto/seed.py) must produce, checked both on the replayed
//! fixture and end to end against a live emulator. Accounts and policies are named, never
//! numbered: the emulator draws new ids on every run.

#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn orgaudit() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_orgaudit"));
    for k in [
        "AWS_PROFILE",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_DEFAULT_REGION",
    ] {
        c.env_remove(k);
    }
    c
}

/// `orgaudit` with the emulator's environment (fake credentials, no shared files, no
/// instance metadata): for runs against moto on loopback.
pub fn against_emulator() -> Command {
    let mut cmd = orgaudit();
    for (k, v) in orgaudit_testkit::emulator_env() {
        cmd.env(k, v);
    }
    cmd
}

pub fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("orgaudit-{tag}-{}-{}", std::process::id(), nanos()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

/// The single run folder under `out` (through the `latest` link).
pub fn latest_run(out: &Path) -> PathBuf {
    let orgs: Vec<_> = std::fs::read_dir(out).unwrap().flatten().collect();
    assert_eq!(
        orgs.len(),
        1,
        "one organization folder in {}",
        out.display()
    );
    let latest = orgs[0].path().join("latest");
    assert!(latest.is_symlink(), "latest is a link");
    latest
}

pub fn findings(run: &Path) -> Value {
    let text = std::fs::read_to_string(run.join("findings.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "orgaudit.findings");
    assert_eq!(v["version"], 1);
    v
}

/// A JSON file of a run (snapshot.json, run.json…).
pub fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// findings.json as results: the emulator stamps a trail's "last delivery" with the time of the
/// call, which differs between two collections of the same organization, and each run has its
/// own first-seen and last-seen times.
pub fn results(run: &Path) -> Value {
    let mut doc = findings(run);
    for f in doc["findings"].as_array_mut().unwrap() {
        if let Some(ev) = f["evidence"].as_array_mut() {
            ev.retain(|e| !e.as_str().unwrap_or("").starts_with("last delivery"));
        }
        if let Some(f) = f.as_object_mut() {
            f.remove("first_seen");
            f.remove("last_seen");
        }
    }
    doc
}

pub fn describe(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// (rule, resource name, status, text the observed value must contain)
pub const EXPECTED: &[(&str, &str, &str, &str)] = &[
    ("ORG.2", "Root", "pass", "ENABLED"),
    ("ORG.3", "legacy", "fail", "only FullAWSAccess"),
    ("ORG.3", "prod-app", "pass", "guardrail SCP"),
    ("ORG.3", "sandbox", "pass", "guardrail SCP"),
    ("ORG.4", "log-archive", "pass", "denied at OU Security"),
    ("ORG.4", "prod-app", "pass", "denied at OU Workloads"),
    ("ORG.4", "sandbox", "fail", "allowed"),
    ("ORG.4", "legacy", "fail", "allowed"),
    (
        "ORG.5",
        "prod-app",
        "pass",
        "except for principals with aws:PrincipalArn matching arn:aws:iam::*:role/BreakGlass",
    ),
    // An explicit deny wins over the allow-list's implicit one ("Policy evaluation logic").
    ("ORG.5", "dev-app", "pass", "denied at OU Workloads"),
    (
        "ORG.5",
        "log-archive",
        "fail",
        "denied only on arn:aws:cloudtrail:*:*:trail/org-trail",
    ),
    (
        "ORG.5",
        "sandbox",
        "fail",
        "denied only when StringNotEquals aws:RequestedRegion",
    ),
    ("ORG.5", "legacy", "fail", "allowed"),
    ("ORG.6", "prod-data", "pass", "denied at OU Prod"),
    ("ORG.6", "audit", "pass", "denied at OU Security"),
    ("ORG.6", "dev-app", "fail", "allowed"),
    (
        "ORG.7",
        "protect-service-linked-roles",
        "fail",
        "service-linked roles",
    ),
    ("ORG.7", "deny-leave-org", "pass", ""),
    ("ORG.8", "master", "fail", "mgmt-direct"),
    ("ORG.9", "unused-legacy", "fail", "attached to no target"),
    (
        "ORG.9",
        "region-lock",
        "fail",
        "% of the 5120-character limit",
    ),
    ("ORG.9", "deny-leave-org", "pass", ""),
    ("ORG.10", "prod-app", "pass", "denied at OU Workloads"),
    ("ORG.10", "log-archive", "fail", "s3:ListBucket"),
    ("ORG.10", "legacy", "fail", "allowed"),
    ("COV.1", "legacy", "pass", "read as arn:aws:iam::"),
    (
        "S3.1",
        "orgaudit-demo-prod-data",
        "pass",
        "Versioning Enabled",
    ),
    (
        "S3.1",
        "orgaudit-demo-prod-website",
        "fail",
        "Versioning Suspended",
    ),
    (
        "S3.1",
        "orgaudit-demo-legacy-archive",
        "fail",
        "never enabled",
    ),
    (
        "S3.2",
        "orgaudit-demo-trail-logs",
        "pass",
        "keep-3-generations",
    ),
    (
        "S3.2",
        "orgaudit-demo-access-logs",
        "fail",
        "no lifecycle configuration",
    ),
    (
        "S3.2",
        "orgaudit-demo-sandbox-eu",
        "fail",
        "no enabled rule",
    ),
    ("S3.3", "orgaudit-demo-prod-data", "pass", "aws:kms"),
    ("S3.3", "orgaudit-demo-access-logs", "pass", "AES256"),
    (
        "S3.3",
        "orgaudit-demo-dev-scratch",
        "fail",
        "no default encryption",
    ),
    (
        "S3.4",
        "orgaudit-demo-prod-data",
        "pass",
        "logs to orgaudit-demo-prod-logs",
    ),
    (
        "S3.4",
        "orgaudit-demo-dev-scratch",
        "fail",
        "logs into itself",
    ),
    (
        "S3.4",
        "orgaudit-demo-legacy-archive",
        "fail",
        "access logging disabled",
    ),
    (
        "S3.5",
        "orgaudit-demo-prod-data",
        "pass",
        "all four settings in force",
    ),
    (
        "S3.5",
        "orgaudit-demo-dev-public",
        "fail",
        "not in force: BlockPublicAcls",
    ),
    (
        "S3.6",
        "orgaudit-demo-dev-public",
        "fail",
        "Block Public Access does not stop it",
    ),
    (
        "S3.6",
        "orgaudit-demo-prod-website",
        "fail",
        "RestrictPublicBuckets currently neutralises it",
    ),
    (
        "S3.6",
        "orgaudit-demo-dev-scratch",
        "fail",
        "the ACL grants READ to http://acs.amazonaws.com/groups/global/AllUsers",
    ),
    (
        "S3.6",
        "orgaudit-demo-dev-public",
        "fail",
        "mitigated: RCPs deny principals outside the organization",
    ),
    (
        "S3.6",
        "orgaudit-demo-legacy-archive",
        "pass",
        "no grant to everyone",
    ),
    ("S3.7", "orgaudit-demo-prod-data", "pass", "TLS enforced"),
    (
        "S3.7",
        "orgaudit-demo-sandbox-eu",
        "fail",
        "neither the bucket policy nor an RCP",
    ),
    (
        "S3.7",
        "orgaudit-demo-dev-scratch",
        "pass",
        "TLS enforced by RCP: denied at OU Workloads",
    ),
    (
        "S3.7",
        "orgaudit-demo-legacy-archive",
        "fail",
        "no bucket policy",
    ),
    (
        "S3.8",
        "orgaudit-demo-prod-data",
        "pass",
        "BucketOwnerEnforced",
    ),
    ("S3.8", "orgaudit-demo-prod-website", "fail", "ObjectWriter"),
    (
        "S3.9",
        "orgaudit-demo-prod-website",
        "fail",
        "website hosting on",
    ),
    (
        "S3.9",
        "orgaudit-demo-prod-data",
        "pass",
        "website hosting off",
    ),
    ("CT.1", "prod-app", "pass", "covered by prod-audit"),
    (
        "CT.1",
        "legacy",
        "fail",
        "no covering trail is multi-region, logging and recording read and write management events",
    ),
    ("CT.2", "orgaudit-demo-prod-data", "pass", "write: full"),
    ("CT.2", "orgaudit-demo-dev-scratch", "fail", "write: none"),
    (
        "CT.2",
        "orgaudit-demo-sandbox-eu",
        "fail",
        "arn:aws:s3:::orgaudit-demo-sandbox-eu/tmp/",
    ),
    ("CT.3", "orgaudit-demo-prod-data", "pass", "read: full"),
    (
        "CT.3",
        "orgaudit-demo-prod-logs",
        "fail",
        "read: partial (prefix \"reports/\" only",
    ),
    ("CT.3", "orgaudit-demo-legacy-archive", "fail", "read: none"),
    ("CT.4", "prod-app", "pass", "Lambda data events: full"),
    ("CT.4", "legacy", "fail", "Lambda data events: none"),
    ("CT.5", "org-data-trail", "pass", "validation enabled"),
    ("CT.5", "prod-audit", "fail", "validation disabled"),
    ("CT.6", "org-data-trail", "pass", "SSE-KMS"),
    ("CT.6", "sandbox-eu-trail", "fail", "no KMS key"),
    (
        "CT.7",
        "org-data-trail",
        "pass",
        "not public, logged, versioned",
    ),
    ("CT.7", "dev-trail", "fail", "versioning never enabled"),
    ("CT.8", "org-data-trail", "pass", "logging"),
    ("CT.8", "dev-trail", "fail", "not logging"),
    (
        "CT.9",
        "org-data-trail",
        "pass",
        "delivers to arn:aws:logs:",
    ),
    ("CT.9", "prod-audit", "fail", "no CloudWatch Logs log group"),
    (
        "S3.6",
        "orgaudit-demo-dev-shared",
        "fail",
        "through access point dev-shared-public",
    ),
    ("SSO.1", "", "pass", "8 permission set(s), 10 assignment(s)"),
    (
        "SSO.2",
        "BreakGlass-2027",
        "fail",
        "admin-equivalent until 2027-01-31T00:00:00Z",
    ),
    (
        "SSO.2",
        "Incident-2025",
        "fail",
        "expired 2025-06-30T00:00:00Z",
    ),
    ("SSO.2", "AdministratorAccess", "fail", "admin-equivalent"),
    ("SSO.2", "PowerUser", "pass", "privileged"),
    ("SSO.3", "DataOps", "fail", "s3:*"),
    ("SSO.3", "AdministratorAccess", "fail", "*, iam:*"),
    ("SSO.3", "ReadOnly", "pass", "no service-wide wildcard"),
    ("SSO.4", "BreakGlass-2027", "fail", "assigned to user alice"),
    ("SSO.4", "PowerUser", "pass", "assigned to a group"),
    ("SSO.5", "AdministratorAccess", "fail", "session PT8H"),
    ("SSO.5", "PowerUser", "pass", "session PT1H"),
    (
        "SSO.6",
        "master",
        "fail",
        "admin-equivalent: AdministratorAccess",
    ),
    ("SSO.7", "AdministratorAccess", "pass", "up to date"),
    ("SSO.8", "Unused", "fail", "assigned to no account"),
    ("SSO.8", "AdministratorAccess", "pass", "2 assignment(s)"),
];

/// Check every expectation, and that every ORG, S3 and CT rule both passes and fails somewhere
/// (but ORG.1: only a consolidated-billing organization can fail it; SSO.1 and SSO.6 judge one
/// resource each; SSO.7 cannot fail in the emulator, which records provisioning against the
/// caller's account: the replay tests cover it with responses written from the API reference).
pub fn assert_demo_findings(doc: &Value) {
    let findings = doc["findings"].as_array().unwrap();
    let mut problems = Vec::new();
    for (rule, name, status, observed) in EXPECTED {
        let hit = findings.iter().find(|f| {
            f["rule_id"] == *rule
                && (f["resource_name"] == *name
                    || (name.is_empty() && f["resource_name"].is_null()))
        });
        match hit {
            None => problems.push(format!("{rule} {name}: no finding")),
            Some(f) => {
                if f["status"] != *status {
                    problems.push(format!(
                        "{rule} {name}: {} instead of {status}: {}",
                        f["status"], f["observed"]
                    ));
                }
                if !f["observed"].as_str().unwrap_or("").contains(observed) {
                    problems.push(format!(
                        "{rule} {name}: observed {} lacks {observed:?}",
                        f["observed"]
                    ));
                }
            }
        }
    }
    for rule in [
        "ORG.2", "ORG.3", "ORG.4", "ORG.5", "ORG.6", "ORG.7", "ORG.8", "ORG.9", "ORG.10", "S3.1",
        "S3.2", "S3.3", "S3.4", "S3.5", "S3.6", "S3.7", "S3.8", "S3.9", "CT.1", "CT.2", "CT.3",
        "CT.4", "CT.5", "CT.6", "CT.7", "CT.8", "CT.9", "SSO.2", "SSO.3", "SSO.4", "SSO.5",
        "SSO.8",
    ] {
        for status in ["pass", "fail"] {
            if rule == "ORG.8" && status == "pass" {
                continue; // one management account, and it carries mgmt-direct
            }
            if rule == "ORG.2" && status == "fail" {
                continue;
            }
            if !findings
                .iter()
                .any(|f| f["rule_id"] == rule && f["status"] == status)
            {
                problems.push(format!("{rule} never {status}s"));
            }
        }
    }
    // PlatformOps' customer-managed policy is resolved per account (IAM Identity Center User
    // Guide, "Customer managed policies"): iam:* in prod-data, ec2:Describe* in dev-app.
    for (account, status, observed) in [
        ("prod-data", "fail", "admin-equivalent"),
        ("dev-app", "pass", "ordinary"),
    ] {
        let hit = findings.iter().find(|f| {
            f["rule_id"] == "SSO.2"
                && f["resource_name"] == "PlatformOps"
                && f["account_name"] == account
        });
        match hit {
            Some(f) if f["status"] == status && f["observed"] == observed => {}
            other => problems.push(format!("SSO.2 PlatformOps in {account}: {other:?}")),
        }
    }
    let unknown: Vec<_> = findings
        .iter()
        .filter(|f| f["status"] == "unknown")
        .collect();
    if !unknown.is_empty() {
        problems.push(format!("unexpected unknown findings: {unknown:?}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(doc["coverage"]["reachable"], 8);

    // The data-event coverage matrix: full, partial and none all appear, per bucket.
    let matrix = doc["data_events"].as_array().unwrap();
    assert_eq!(matrix.len(), 12);
    let row = |b: &str| {
        matrix
            .iter()
            .find(|r| r["bucket"] == b)
            .unwrap_or_else(|| panic!("no row for {b}"))
    };
    assert_eq!(
        (
            row("orgaudit-demo-prod-data")["read"].as_str(),
            row("orgaudit-demo-prod-data")["write"].as_str()
        ),
        (Some("full"), Some("full"))
    );
    assert_eq!(row("orgaudit-demo-prod-logs")["read"], "partial");
    assert_eq!(row("orgaudit-demo-dev-scratch")["write"], "none");
    assert!(row("orgaudit-demo-prod-data")["read_detail"][0]
        .as_str()
        .unwrap()
        .starts_with("prod-audit: full"));

    // The access matrix: groups expanded to users.
    let access = doc["access_matrix"].as_array().unwrap();
    assert_eq!(access.len(), 16);
    // One class per account × set: PlatformOps' customer-managed policy differs per account.
    for (account, class) in [("prod-data", "admin-equivalent"), ("dev-app", "ordinary")] {
        let id = findings
            .iter()
            .find(|f| f["account_name"] == account)
            .map(|f| f["account_id"].clone())
            .unwrap_or_default();
        let rows: Vec<_> = access
            .iter()
            .filter(|r| r["permission_set"] == "PlatformOps" && r["account_id"] == id)
            .collect();
        assert!(!rows.is_empty(), "no PlatformOps rows in {account}");
        assert!(rows.iter().all(|r| r["class"] == class), "{rows:?}");
    }
    assert!(access.iter().any(|r| r["user"] == "bob"
        && r["via"] == "group platform-admins"
        && r["class"] == "admin-equivalent"));
    assert!(access.iter().any(|r| r["user"] == "alice"
        && r["via"] == "direct"
        && r["permission_set"] == "BreakGlass-2027"));
}

/// The critical public buckets (by policy, by ACL and through an access point, Block Public
/// Access off): the only critical findings of the demo.
pub fn assert_one_critical(doc: &Value) {
    let mut critical: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "fail" && f["severity"] == "critical")
        .map(|f| f["resource_name"].as_str().unwrap_or("").to_string())
        .collect();
    critical.sort();
    assert_eq!(
        critical,
        [
            "orgaudit-demo-dev-public",
            "orgaudit-demo-dev-scratch",
            "orgaudit-demo-dev-shared"
        ]
    );
}

/// `orgaudit audit --org --demo --no-progress --fail-on none EXTRA… --out OUT`: the replayed
/// demo, no AWS account, no network.
pub fn demo_audit(out: &Path, extra: &[&str]) -> Output {
    orgaudit()
        .args([
            "audit",
            "--org",
            "--demo",
            "--no-progress",
            "--fail-on",
            "none",
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}
