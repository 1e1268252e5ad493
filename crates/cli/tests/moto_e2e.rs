//! End to end against a real AWS emulator: moto server on 127.0.0.1 (project venv), seeded with
//! the demo organization by tests/moto/seed.py, audited by the real `orgaudit` binary.
//! A missing emulator fails the test; it is never skipped.

mod common;
use common::*;
use orgaudit_testkit::{emulator_env, MotoServer};

#[test]
fn audit_of_the_emulated_organization() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let out = tempdir("moto");
    let mut cmd = orgaudit();
    // One attempt: moto answers its unimplemented GetPermissionsBoundaryForPermissionSet with 500s.
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--max-attempts",
        "1",
        "--regions",
        "us-east-1,eu-west-1",
        "--endpoint-url",
        &moto.url(),
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
    // The only collection errors are moto's unimplemented permissions-boundary call.
    let errors = snapshot["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 7, "{errors:?}");
    assert!(errors
        .iter()
        .all(|e| e["operation"] == "GetPermissionsBoundaryForPermissionSet"));
    // At most 10 S3 calls per bucket, each setting read once.
    let calls = snapshot["meta"]["api_calls"].as_object().unwrap();
    let buckets: usize = snapshot["s3"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["buckets"]["ok"].as_array().unwrap().len())
        .sum();
    let per_bucket: u64 = calls
        .iter()
        .filter(|(k, _)| k.starts_with("S3.") && *k != "S3.ListBuckets")
        .map(|(_, v)| v.as_u64().unwrap())
        .sum();
    assert_eq!(buckets, 11);
    assert!(
        per_bucket <= 10 * buckets as u64,
        "{per_bucket} S3 calls for {buckets} buckets"
    );
    for (op, n) in calls.iter().filter(|(k, _)| k.starts_with("S3.Get")) {
        assert!(
            n.as_u64().unwrap() <= buckets as u64,
            "{op} read more than once per bucket"
        );
    }
}

#[test]
fn a_second_run_moves_latest_and_keeps_the_first() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let out = tempdir("moto-twice");
    let mut runs = Vec::new();
    for _ in 0..2 {
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
            &moto.url(),
            "--out",
        ])
        .arg(&out);
        for (k, v) in emulator_env() {
            cmd.env(k, v);
        }
        let run = cmd.output().unwrap();
        // Partial (3): the emulator does not implement the permissions-boundary call.
        assert_eq!(run.status.code(), Some(3), "{}", describe(&run));
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
}
