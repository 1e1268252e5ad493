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
    assert_eq!(lines("access-matrix.csv"), 17);
    assert_eq!(lines("data-events.csv"), 13);
    assert!(std::fs::read_to_string(dir.join("findings.csv"))
        .unwrap()
        .starts_with("\u{feff}practice_id,title,severity,status,"));

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

/// Run the demo into a fresh folder with extra arguments; the run folder and the process output.
fn demo_run(tag: &str, extra: &[&str]) -> (std::path::PathBuf, std::process::Output) {
    let out = tempdir(tag);
    let run = demo_audit(&out, extra);
    assert!(
        matches!(run.status.code(), Some(0) | Some(1)),
        "{}",
        describe(&run)
    );
    (latest_run(&out), run)
}

/// The header and the first rows of a CSV, with the number of rows.
fn csv_sample(text: &str) -> String {
    let bom = text.starts_with('\u{feff}');
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    format!(
        "{} data rows, byte order mark: {bom}\n{}\n",
        lines.len().saturating_sub(1),
        lines.iter().take(6).copied().collect::<Vec<_>>().join("\n")
    )
}

/// findings.json with every list cut to its first three records (their counts kept).
fn json_sample(text: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let mut counts = serde_json::Map::new();
    if let Some(top) = doc.as_object_mut() {
        for (key, value) in top.iter_mut() {
            if let Some(list) = value.as_array_mut() {
                counts.insert(key.clone(), list.len().into());
                list.truncate(3);
            }
        }
        top.insert("sample_counts".into(), counts.into());
    }
    serde_json::to_string_pretty(&doc).unwrap()
}

/// findings.sarif with the first three rule descriptors and results (their counts kept).
fn sarif_sample(text: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let run = &mut doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array_mut().unwrap();
    let rule_count = rules.len();
    rules.truncate(3);
    let results = run["results"].as_array_mut().unwrap();
    let result_count = results.len();
    results.truncate(3);
    run["sample_counts"] = serde_json::json!({"rules": rule_count, "results": result_count});
    serde_json::to_string_pretty(&doc).unwrap()
}

/// The first `n` records of a JSON array file (OCSF, ASFF), with their count; OCSF's epoch
/// times (the replay's collection time) normalised.
fn array_sample(text: &str, n: usize) -> String {
    let mut all: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
    let count = all.len();
    all.truncate(n);
    for e in &mut all {
        for key in ["time"] {
            if e.get(key).is_some() {
                e[key] = "[collected-at]".into();
            }
        }
        if let Some(info) = e.get_mut("finding_info") {
            info["first_seen_time"] = "[collected-at]".into();
            info["last_seen_time"] = "[collected-at]".into();
        }
    }
    format!(
        "{count} records\n{}",
        serde_json::to_string_pretty(&all).unwrap()
    )
}

/// The replay's collection time changes on every run: it is the only thing normalised.
fn stable(dir: &std::path::Path, file: &str) -> String {
    let doc = findings(dir);
    let time = doc["generated_at"].as_str().unwrap().to_string();
    std::fs::read_to_string(dir.join(file))
        .unwrap()
        .replace(&time, "[collected-at]")
}

#[test]
fn demo_report_formats_are_stable() {
    let (dir, _) = demo_run(
        "formats",
        &[
            "--output-formats",
            "html,json,csv,sarif,ocsf,asff,compliance",
        ],
    );
    // Each rule's verdicts are snapshot in its own file (crates/rules); here only what the
    // formats add: their shape, on a sample of records.
    insta::assert_snapshot!(
        "demo_findings_csv",
        csv_sample(&stable(&dir, "findings.csv"))
    );
    insta::assert_snapshot!(
        "demo_findings_json",
        json_sample(&stable(&dir, "findings.json"))
    );
    insta::assert_snapshot!(
        "demo_findings_sarif",
        sarif_sample(&stable(&dir, "findings.sarif"))
    );
    insta::assert_snapshot!(
        "demo_findings_ocsf",
        array_sample(&stable(&dir, "findings.ocsf.json"), 2)
    );
    insta::assert_snapshot!(
        "demo_findings_asff",
        array_sample(&stable(&dir, "findings.asff.json"), 2)
    );
    insta::assert_snapshot!(
        "demo_compliance_cis_v5",
        csv_sample(&stable(&dir, "compliance-cis-aws-v5.0.0.csv"))
    );
    let sarif: serde_json::Value = serde_json::from_str(&stable(&dir, "findings.sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let doc = findings(&dir);
    let not_passing = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "pass")
        .count();
    assert_eq!(
        results.len(),
        not_passing,
        "one result per finding that does not pass"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("Content-Security-Policy"));
    // Nothing is fetched: no attribute, style or import points at the network (URLs may
    // appear as escaped text, e.g. an ACL grantee's group URI).
    for fetch in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "src='http",
        "href='http",
    ] {
        assert!(!html.contains(fetch), "network reference {fetch:?}");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("drift.csv")).unwrap(),
        "\u{feff}change,subject,account_id,account_name,region,resource,resource_name,setting,old,new\r\n",
        "a first run has nothing to compare with"
    );
}

#[test]
fn japanese_reports() {
    let (dir, run) = demo_run("ja", &["--lang", "ja"]);
    let doc = findings(&dir);
    assert_eq!(doc["lang"], "ja");
    let s3_1 = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "S3.1")
        .unwrap();
    assert_eq!(s3_1["title"], "バケットのバージョニングが有効になっている");
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"ja\">") && html.contains("検出結果"));
    assert!(html.contains("対処方法"), "remediation heading");
    // Times in the reader's zone, to the second: JST for Japanese.
    assert!(html.contains(" JST</dd>"), "the collection time in JST");
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(stdout.contains("収集範囲: 8/8"), "{stdout}");
    let csv = std::fs::read_to_string(dir.join("findings.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}practice_id,title,"),
        "column names stay fixed"
    );
    assert!(csv.contains("バケットのバージョニング"));
}

#[test]
fn practices_file_switches_overrides_and_exceptions() {
    let cfg_dir = tempdir("config");
    let cfg = cfg_dir.join("orgaudit.toml");
    std::fs::write(
        &cfg,
        r#"
[rules."S3.8"]
enabled = false

[rules."CT.4"]
severity = "info"

[[exceptions]]
rule = "S3.1"
resource = "orgaudit-demo-legacy-*"
reason = "Archive bucket, read-only since 2024 (SEC-42)"
expires = 2999-12-31

[[exceptions]]
rule = "S3.9"
resource = "*"
reason = "Old waiver"
expires = 2020-01-01
"#,
    )
    .unwrap();
    let (dir, _) = demo_run("config", &["--config", cfg.to_str().unwrap()]);
    let doc = findings(&dir);
    let all = doc["findings"].as_array().unwrap();
    assert_eq!(doc["disabled_rules"], serde_json::json!(["S3.8"]));
    assert!(all.iter().all(|f| f["rule_id"] != "S3.8"));
    assert!(all
        .iter()
        .filter(|f| f["rule_id"] == "CT.4")
        .all(|f| f["severity"] == "info"));
    let legacy = all
        .iter()
        .find(|f| f["rule_id"] == "S3.1" && f["resource_name"] == "orgaudit-demo-legacy-archive")
        .unwrap();
    assert_eq!(
        legacy["status"], "fail",
        "a suppressed finding keeps its status"
    );
    assert_eq!(
        legacy["suppressed"]["reason"],
        "Archive bucket, read-only since 2024 (SEC-42)"
    );
    let website = all
        .iter()
        .find(|f| f["rule_id"] == "S3.9" && f["status"] == "fail")
        .unwrap();
    assert!(
        website["suppressed"].is_null(),
        "an expired exception suppresses nothing"
    );
    let cfg1: Vec<_> = all.iter().filter(|f| f["rule_id"] == "CFG.1").collect();
    assert_eq!(cfg1.len(), 2);
    assert_eq!(cfg1[0]["status"], "pass");
    assert_eq!(cfg1[1]["status"], "fail");
    assert!(cfg1[1]["observed"]
        .as_str()
        .unwrap()
        .contains("expired on 2020-01-01"));
    let summary = doc["summary"].as_array().unwrap();
    let s3_1 = summary.iter().find(|s| s["rule_id"] == "S3.1").unwrap();
    assert_eq!(s3_1["suppressed"], 1);
    assert!(std::fs::read_to_string(dir.join("findings.csv"))
        .unwrap()
        .contains("until 2999-12-31: Archive bucket"));
}

#[test]
fn a_malformed_practices_file_stops_before_any_aws_call() {
    let cfg_dir = tempdir("bad-config");
    let cfg = cfg_dir.join("orgaudit.toml");
    std::fs::write(
        &cfg,
        "[rules.\"S3.1\"]\nenabled = true\n\n[rules.\"S3.77\"]\nenabled = false\n",
    )
    .unwrap();
    let out = cfg_dir.join("reports");
    // A live run towards an address that never answers: the file must stop it first.
    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--no-progress",
            "--endpoint-url",
            "http://192.0.2.1:9",
        ])
        .arg("--config")
        .arg(&cfg)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("orgaudit.toml:4:1: unknown rule `S3.77`"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn a_second_demo_run_compares_itself_and_diff_agrees() {
    let out = tempdir("demo-drift");
    let run = |lang: &str| {
        let r = demo_audit(&out, &["--lang", lang]);
        assert_eq!(r.status.code(), Some(0), "{}", describe(&r));
        std::fs::canonicalize(latest_run(&out)).unwrap()
    };
    let first = run("en");
    assert!(findings(&first)["drift"].is_null());
    let second = run("en");
    let drift = &findings(&second)["drift"];
    assert!(drift.is_object(), "compared with the first run");
    assert_eq!(
        drift["settings"].as_array().unwrap().len(),
        0,
        "same organization, same settings"
    );
    assert_eq!(drift["findings"]["new"].as_array().unwrap().len(), 0);
    assert!(drift["findings"]["unchanged"].as_u64().unwrap() > 200);
    // The trend reads the earlier run's run.json: a line from the second run on.
    let html = |dir: &std::path::Path| std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html(&first).contains("<polyline"));
    assert!(html(&second).contains("<polyline"));
    assert!(json(&second.join("run.json"))["weighted_score"].is_number());
    let diff = orgaudit()
        .arg("diff")
        .args([&first, &second.join("snapshot.json")])
        .output()
        .unwrap();
    assert_eq!(diff.status.code(), Some(0), "{}", describe(&diff));
    assert!(String::from_utf8_lossy(&diff.stdout).contains("Settings that changed (0)"));
    let bad = orgaudit()
        .arg("diff")
        .args([&first, &out])
        .output()
        .unwrap();
    assert_eq!(
        bad.status.code(),
        Some(2),
        "a folder without a snapshot is an error"
    );
}

#[test]
fn keep_prunes_the_oldest_runs() {
    let out = tempdir("demo-keep");
    let mut runs = Vec::new();
    for _ in 0..3 {
        let r = demo_audit(&out, &["--keep", "2"]);
        assert_eq!(r.status.code(), Some(0), "{}", describe(&r));
        runs.push(std::fs::canonicalize(latest_run(&out)).unwrap());
    }
    let org_dir = runs[2].parent().unwrap();
    let mut left: Vec<String> = std::fs::read_dir(org_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left.len(), 3, "two runs and latest: {left:?}");
    assert!(!runs[0].exists(), "the oldest run is gone");
    assert!(runs[1].exists() && runs[2].exists());
    let bad = demo_audit(&out, &["--keep", "0"]);
    assert_eq!(bad.status.code(), Some(2), "--keep 0 is refused");
}

/// The terminal summary at 80 columns, in English and in Japanese: no line wider than the
/// terminal (display columns, a CJK character counting two), no account id split across
/// lines, and in Japanese no line that begins with a closing mark, a comma or full stop, or
/// the prolonged sound mark (JIS X 4051 line-breaking rules).
#[test]
fn the_summary_reads_at_80_columns_in_both_languages() {
    use unicode_width::UnicodeWidthStr;
    for lang in ["en", "ja"] {
        let out = tempdir(&format!("demo-80-{lang}"));
        let run = orgaudit()
            .args([
                "audit",
                "--org",
                "--demo",
                "--no-progress",
                "--lang",
                lang,
                "--out",
            ])
            .arg(&out)
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1), "{}", describe(&run));
        let stdout = String::from_utf8(run.stdout).unwrap();
        let doc = findings(&latest_run(&out));
        for line in stdout
            .lines()
            .filter(|l| !l.contains(&out.display().to_string()))
        {
            assert!(
                line.width() <= 80,
                "{lang}: {} columns: {line}",
                line.width()
            );
            if lang == "ja" {
                let first = line.trim_start().chars().next().unwrap_or(' ');
                assert!(
                    !"」』）、。ー・".contains(first),
                    "a line begins with {first:?}: {line}"
                );
            }
        }
        let ids: std::collections::BTreeSet<&str> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["account_id"].as_str())
            .collect();
        let shown: Vec<&&str> = ids.iter().filter(|id| stdout.contains(**id)).collect();
        assert!(
            !shown.is_empty(),
            "{lang}: the worst findings name their accounts"
        );
        // An id that appears in part on a line appears whole there.
        for id in &ids {
            for line in stdout.lines() {
                let head = &id[..6];
                if line.contains(head) {
                    assert!(line.contains(*id), "{lang}: {id} split: {line}");
                }
            }
        }
        assert!(
            stdout.contains(if lang == "ja" {
                "レポート: "
            } else {
                "Reports: "
            }),
            "{stdout}"
        );
    }
}

/// Every finding of the demo organization (guardrails with conditions and limits, public
/// buckets, RCP mitigations, unknowns) has observed and expected texts that are messages,
/// rendered in English exactly as the finding says and in Japanese with every argument.
#[test]
fn every_demo_finding_reads_in_both_languages() {
    let out = tempdir("demo-messages");
    let run = orgaudit()
        .args(["audit", "--org", "--demo", "--no-progress", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", describe(&run));
    let text = std::fs::read_to_string(latest_run(&out).join("snapshot.json")).unwrap();
    let snapshot: orgaudit_model::Snapshot = serde_json::from_str(&text).unwrap();
    let findings = orgaudit_rules::evaluate(&snapshot);
    assert!(findings.len() > 100);
    let problems: Vec<String> = findings
        .iter()
        .filter_map(|f| orgaudit_rules::messages::check(f).err())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}
