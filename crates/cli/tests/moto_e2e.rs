//! End to end against a real AWS emulator: moto server on 127.0.0.1 (project venv), seeded with
//! the demo organization by tests/moto/seed.py, audited by the real `orgaudit` binary.
//! A missing emulator fails the test; it is never skipped.

mod common;
use common::*;
use orgaudit_testkit::{emulator_env, faults, MotoServer};

#[test]
fn audit_of_the_emulated_organization() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    // Through the AWS behaviour relay: the documented AWS answers moto lacks.
    let relay = faults::start(moto.port, 0).unwrap();
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let out = tempdir("moto");
    let mut cmd = orgaudit();
    // One attempt: nothing reaches moto's unimplemented calls (the relay answers them).
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--max-attempts",
        "1",
        "--regions",
        "us-east-1,eu-west-1",
        "--endpoint-url",
        &relay.url(),
        "--out",
    ])
    .arg(&out);
    for (k, v) in emulator_env() {
        cmd.env(k, v);
    }
    let run = cmd.output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", describe(&run));

    let dir = latest_run(&out);
    let org_dir = dir.parent().unwrap();
    assert_eq!(
        org_dir.file_name().unwrap().to_str(),
        manifest["organization_id"].as_str()
    );
    let doc = findings(&dir);
    assert_demo_findings(&doc);
    assert_one_critical(&doc);

    // Accounts are named by the seed and identified by the emulator's ids.
    let legacy = manifest["accounts"]["legacy"].as_str().unwrap();
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "ORG.4" && f["account_id"] == legacy)
        .unwrap();
    assert_eq!(f["account_name"], "legacy");
    assert_eq!(f["ou_path"], "Root");

    let snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("snapshot.json")).unwrap()).unwrap();
    assert_eq!(snapshot["schema_version"], 1);
    assert_eq!(snapshot["meta"]["mode"], "live");
    assert_eq!(snapshot["meta"]["api_calls"]["STS.AssumeRole"], 7);
    assert_eq!(snapshot["meta"]["retries"], 0);
    // Nothing failed: the relay answers what moto does not implement.
    let errors = snapshot["errors"].as_array().unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    // Each account's enabled regions were read (account:ListRegions), once per account, and
    // the regions asked for are audited where enabled.
    let listed = snapshot["regions"].as_object().unwrap();
    assert!(listed.len() >= 7, "{listed:?}");
    assert_eq!(
        snapshot["meta"]["api_calls"]["Account.ListRegions"],
        listed.len() as u64
    );
    assert_eq!(
        snapshot["meta"]["requested_regions"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
    for (id, r) in listed {
        assert_eq!(r["enabled"]["ok"].as_array().unwrap().len(), 17, "{id}");
        assert_eq!(
            r["audited"],
            serde_json::json!(["us-east-1", "eu-west-1"]),
            "{id}"
        );
    }
    // Each setting read once per bucket: at most 8 calls, plus GetBucketPolicyStatus where a
    // policy is open to everyone; regions come from listings, never GetBucketLocation.
    let calls = snapshot["meta"]["api_calls"].as_object().unwrap();
    let buckets: usize = snapshot["s3"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["buckets"]["ok"].as_array().unwrap().len())
        .sum();
    let count = |op: &str| calls.get(op).and_then(|v| v.as_u64()).unwrap_or(0);
    let per_bucket: u64 = calls
        .iter()
        .filter(|(k, _)| k.starts_with("S3.") && *k != "S3.ListBuckets")
        .map(|(_, v)| v.as_u64().unwrap())
        .sum();
    assert_eq!(buckets, 12);
    assert_eq!(count("S3.GetBucketLocation"), 0, "{calls:?}");
    // GetBucketPolicyStatus only for policies naming a wildcard principal, GetBucketAcl only
    // where ACLs are not disabled (moto's new buckets have no ownership controls; AWS's have
    // BucketOwnerEnforced since 2023).
    assert!(count("S3.GetBucketAcl") <= buckets as u64);
    assert!(
        per_bucket - count("S3.GetBucketPolicyStatus") - count("S3.GetBucketAcl")
            <= 8 * buckets as u64,
        "{per_bucket} S3 calls for {buckets} buckets"
    );
    for (op, n) in calls.iter().filter(|(k, _)| k.starts_with("S3.Get")) {
        assert!(
            n.as_u64().unwrap() <= buckets as u64,
            "{op} read more than once per bucket"
        );
    }
}

/// Two runs with real changes in between: the second run's drift section, and `orgaudit diff`.
#[test]
fn a_second_run_moves_latest_keeps_the_first_and_reports_drift() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    // Through the AWS behaviour relay: the documented AWS answers moto lacks.
    let relay = faults::start(moto.port, 0).unwrap();
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let out = tempdir("moto-twice");
    let mut runs = Vec::new();
    for i in 0..2 {
        if i == 1 {
            moto.drift_demo(&manifest).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut cmd = orgaudit();
        cmd.args([
            "audit",
            "--org",
            "--no-progress",
            "--max-attempts",
            "1",
            "--fail-on",
            "none",
            "--endpoint-url",
            &relay.url(),
            "--out",
        ])
        .arg(&out);
        for (k, v) in emulator_env() {
            cmd.env(k, v);
        }
        let run = cmd.output().unwrap();
        // Complete (0): the relay answers the calls moto does not implement.
        assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
        runs.push(std::fs::canonicalize(latest_run(&out)).unwrap());
    }
    assert_ne!(runs[0], runs[1]);
    assert!(
        runs[0].join("findings.json").is_file(),
        "the first run is kept"
    );
    let org_dir = runs[1].parent().unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(org_dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    assert_drift_between_runs(&runs);
}

fn assert_drift_between_runs(runs: &[std::path::PathBuf]) {
    let doc = findings(&runs[1]);
    let drift = &doc["drift"];
    assert!(
        drift.is_object(),
        "the second run compares itself with the first"
    );
    let settings = drift["settings"].as_array().unwrap();
    let change = |kind: &str, name: &str, setting: &str| {
        settings
            .iter()
            .find(|c| c["kind"] == kind && c["name"] == name && c["setting"] == setting)
            .unwrap_or_else(|| panic!("{kind} {name} {setting} not in {settings:#?}"))
    };
    let v = change("bucket", "orgaudit-demo-prod-data", "versioning");
    assert_eq!(
        (v["old"].as_str(), v["new"].as_str()),
        (Some("Enabled"), Some("Suspended"))
    );
    let scp = change("ou", "Workloads", "SCPs attached");
    assert!(scp["old"].as_str().unwrap().contains("deny-leave-org"));
    assert!(!scp["new"].as_str().unwrap().contains("deny-leave-org"));
    let ps = change("permission set", "DataOps", "AWS managed policies");
    assert_eq!(ps["new"], "AdministratorAccess");
    let trail = change("trail", "org-data-trail", "logging");
    assert_eq!(
        (trail["old"].as_str(), trail["new"].as_str()),
        (Some("on"), Some("off"))
    );
    assert_eq!(settings.len(), 4, "nothing else changed: {settings:#?}");
    let new: Vec<&str> = drift["findings"]["new"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    for rule in ["S3.1", "ORG.4", "SSO.2", "CT.8"] {
        assert!(
            new.contains(&rule),
            "{rule} should be a new failure: {new:?}"
        );
    }
    assert!(std::fs::read_to_string(runs[1].join("drift.csv"))
        .unwrap()
        .contains("setting,bucket,"));

    // The same comparison on demand, from the two run folders.
    let html = runs[1].parent().unwrap().join("drift-report.html");
    let csv = runs[1].parent().unwrap().join("drift-only.csv");
    let diff = orgaudit()
        .arg("diff")
        .args([&runs[0], &runs[1]])
        .arg("--html")
        .arg(&html)
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(
        diff.status.code(),
        Some(1),
        "changes: exit 1. {}",
        describe(&diff)
    );
    let text = String::from_utf8(diff.stdout).unwrap();
    assert!(
        text.contains("Suspended") && text.contains("org-data-trail"),
        "{text}"
    );
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("orgaudit-demo-prod-data"));
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap(),
        std::fs::read_to_string(runs[1].join("drift.csv")).unwrap()
    );
    let same = orgaudit()
        .arg("diff")
        .args([&runs[1], &runs[1]])
        .output()
        .unwrap();
    assert_eq!(
        same.status.code(),
        Some(0),
        "no change: exit 0. {}",
        describe(&same)
    );
}

/// A multi-Region trail homed outside the audited regions still covers them: DescribeTrails
/// returns its shadow copy (CloudTrail API Reference, "DescribeTrails": includeShadowTrails
/// defaults to true), and its status and selectors are read by ARN in its home region. Audited
/// in eu-west-1 only, prod-app's `prod-audit` trail (homed in us-east-1) covers it for CT.1,
/// and is judged once by the per-trail practices.
#[test]
fn a_trail_homed_in_another_region_is_found_and_read_once() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    // Through the AWS behaviour relay: the documented AWS answers moto lacks.
    let relay = faults::start(moto.port, 0).unwrap();
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let prod = manifest["accounts"]["prod-app"]
        .as_str()
        .unwrap()
        .to_string();
    let out = tempdir("moto-shadow");
    let mut cmd = orgaudit();
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--fail-on",
        "none",
        "--max-attempts",
        "1",
        "--regions",
        "eu-west-1",
        "--endpoint-url",
        &relay.url(),
        "--out",
    ])
    .arg(&out);
    for (k, v) in emulator_env() {
        cmd.env(k, v);
    }
    let run = cmd.output().unwrap();
    assert!(
        matches!(run.status.code(), Some(0) | Some(3)),
        "{}",
        describe(&run)
    );
    let dir = latest_run(&out);
    let snapshot: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("snapshot.json")).unwrap()).unwrap();
    let prod_trails: Vec<&serde_json::Value> = snapshot["cloudtrail"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["account_id"] == prod.as_str())
        .flat_map(|a| a["regions"].as_array().unwrap())
        .flat_map(|r| r["trails"]["ok"].as_array().unwrap())
        .collect();
    assert_eq!(prod_trails.len(), 1, "{prod_trails:?}");
    assert_eq!(prod_trails[0]["name"], "prod-audit");
    assert_eq!(prod_trails[0]["home_region"], "us-east-1");
    assert_eq!(prod_trails[0]["status"]["ok"]["is_logging"], true);

    let doc = findings(&dir);
    let all = doc["findings"].as_array().unwrap();
    let ct1 = all
        .iter()
        .find(|f| f["rule_id"] == "CT.1" && f["account_id"] == prod.as_str())
        .unwrap();
    assert_eq!(ct1["region"], "eu-west-1");
    assert_eq!(ct1["status"], "pass", "{ct1}");
    let ct8: Vec<_> = all
        .iter()
        .filter(|f| f["rule_id"] == "CT.8" && f["resource_name"] == "prod-audit")
        .collect();
    assert_eq!(ct8.len(), 1, "judged once: {ct8:?}");
}
