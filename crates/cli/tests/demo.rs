//! `orgaudit audit --org --demo`: the bundled recorded organization through the real
//! collectors, rules and renderers, with no AWS account and nothing sent anywhere.

mod common;
use common::*;

#[test]
fn demo_audit_writes_a_run_folder_and_exits_on_high_failures() {
    let out = tempdir("demo");
    let run = orgaudit()
        .args(["audit", "--org", "--demo", "--no-progress", "--out"])
        .arg(&out)
        // An unreachable endpoint and no credentials: the demo must not need either.
        .env("AWS_ENDPOINT_URL", "http://192.0.2.1:9")
        .env_remove("AWS_ACCESS_KEY_ID")
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "ORG.5 fails at high: {}",
        describe(&run)
    );
    let dir = latest_run(&out);
    assert!(dir.join("snapshot.json").is_file());
    let doc = findings(&dir);
    assert_demo_findings(&doc);
    assert_one_critical(&doc);

    // The CSV exports: a header and one CRLF-terminated line per record.
    let lines = |f: &str| {
        std::fs::read_to_string(dir.join(f))
            .unwrap()
            .matches("\r\n")
            .count()
    };
    assert_eq!(
        lines("findings.csv"),
        doc["findings"].as_array().unwrap().len() + 1
    );
    assert_eq!(lines("access-matrix.csv"), 13);
    assert_eq!(lines("data-events.csv"), 12);
    assert!(std::fs::read_to_string(dir.join("findings.csv"))
        .unwrap()
        .starts_with("practice_id,title,severity,status,"));

    let stdout = String::from_utf8(run.stdout).unwrap();
    let summary: String = stdout
        .lines()
        .filter(|l| !l.starts_with("Reports: "))
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("demo_terminal_summary", summary);
    assert!(stdout.contains(&format!("Reports: {}", out.display())));
}

#[test]
fn fail_on_threshold_and_none() {
    let out = tempdir("demo-failon");
    let code = |level: &str| {
        orgaudit()
            .args([
                "audit",
                "--org",
                "--demo",
                "--no-progress",
                "--fail-on",
                level,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(
        code("critical"),
        Some(1),
        "the public dev bucket is critical"
    );
    assert_eq!(code("low"), Some(1));
    assert_eq!(code("none"), Some(0));
}

#[test]
fn strict_profile_requires_kms() {
    let out = tempdir("demo-strict");
    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--demo",
            "--no-progress",
            "--strict",
            "--fail-on",
            "none",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
    let doc = findings(&latest_run(&out));
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "S3.3" && f["resource_name"] == "orgaudit-demo-access-logs")
        .unwrap();
    assert_eq!(f["status"], "fail", "SSE-S3 alone fails the strict profile");
}

#[test]
fn usage_errors_exit_2() {
    let run = orgaudit().args(["audit", "--demo"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--org"));
    let run = orgaudit()
        .args(["audit", "--org", "--fail-on", "bad"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn rule_docs_are_generated_from_metadata() {
    let run = orgaudit().args(["rules", "--markdown"]).output().unwrap();
    assert!(run.status.success());
    let generated = String::from_utf8(run.stdout).unwrap();
    let path = orgaudit_testkit::workspace_root().join("docs/RULES.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/RULES.md is stale: run `cargo xtask docs` and commit it"
    );
}
