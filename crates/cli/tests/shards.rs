//! Sharded collection end to end against the emulator: the demo organization collected as
//! three shards (`orgaudit collect --shard I/3`), joined (`orgaudit merge`) and reported
//! (`orgaudit report`) gives exactly the findings of an unsharded audit of the same
//! organization. Merge and report refuse what would silently lose accounts.

mod common;
use common::*;
use orgaudit_model::Shard;
use orgaudit_testkit::{emulator_env, faults, MotoServer};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Output;

fn run(args: &[&str], endpoint: &str) -> Output {
    let mut cmd = orgaudit();
    cmd.args(args);
    for (k, v) in emulator_env() {
        cmd.env(k, v);
    }
    cmd.env("AWS_ENDPOINT_URL", endpoint);
    cmd.output().unwrap()
}

const REGIONS: &str = "us-east-1,eu-west-1";

#[test]
fn three_shards_merged_give_the_unsharded_findings() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    // The relay answers moto's missing permissions-boundary call, so both runs are complete.
    let relay = faults::start(moto.port, 0).unwrap();
    let url = relay.url();
    let work = tempdir("shards");

    let whole_out = work.join("whole");
    let whole = {
        let mut args = vec!["audit", "--org", "--no-progress", "--fail-on", "none"];
        args.extend(["--regions", REGIONS, "--out", whole_out.to_str().unwrap()]);
        run(&args, &url)
    };
    assert_eq!(whole.status.code(), Some(0), "{}", describe(&whole));

    let mut parts: Vec<PathBuf> = Vec::new();
    for i in 0..3 {
        let shard = format!("{i}/3");
        let part = work.join(format!("part-{i}.json"));
        let out = run(
            &[
                "collect",
                "--org",
                "--no-progress",
                "--regions",
                REGIONS,
                "--shard",
                &shard,
                "--output",
                part.to_str().unwrap(),
            ],
            &url,
        );
        assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(&format!("Collected shard {shard}")),
            "{}",
            describe(&out)
        );
        parts.push(part);
    }

    // Each shard read exactly its accounts; organization-wide data only in shard 0.
    let accounts: Vec<String> = manifest["accounts"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for (i, part) in parts.iter().enumerate() {
        let doc = json(part);
        let shard = Shard::new(i as u32, 3).unwrap();
        assert_eq!(
            doc["meta"]["shard"],
            serde_json::json!({"index": i, "count": 3})
        );
        let mut got: Vec<String> = doc["account_access"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        got.sort();
        let mut want: Vec<String> = accounts.iter().filter(|a| shard.owns(a)).cloned().collect();
        want.sort();
        assert_eq!(got, want, "shard {shard}");
        let calls = doc["meta"]["api_calls"].as_object().unwrap();
        let reads_org_wide = calls.keys().any(|k| {
            k.starts_with("SSO Admin.")
                || k == "Organizations.ListPolicies"
                || k == "Organizations.ListRoots"
        });
        assert_eq!(reads_org_wide, i == 0, "shard {shard}: {calls:?}");
        assert_eq!(
            doc["sso"].is_null(),
            i != 0,
            "Identity Center in shard 0 only"
        );
    }

    // A partial snapshot is not a report.
    let alone = run(
        &[
            "report",
            parts[1].to_str().unwrap(),
            "--out",
            work.join("alone").to_str().unwrap(),
        ],
        &url,
    );
    assert_eq!(alone.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&alone.stderr).contains("orgaudit merge"),
        "{}",
        describe(&alone)
    );

    // A merge without every shard is refused, naming the missing one.
    let missing = run(
        &[
            "merge",
            parts[0].to_str().unwrap(),
            parts[2].to_str().unwrap(),
            "-o",
            work.join("no.json").to_str().unwrap(),
        ],
        &url,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("shard(s) 1 of 3 missing"),
        "{}",
        describe(&missing)
    );
    assert!(!work.join("no.json").exists());

    let merged = work.join("merged.json");
    let m = run(
        &[
            "merge",
            parts[2].to_str().unwrap(),
            parts[0].to_str().unwrap(),
            parts[1].to_str().unwrap(),
            "--output",
            merged.to_str().unwrap(),
        ],
        &url,
    );
    assert_eq!(m.status.code(), Some(0), "{}", describe(&m));
    let sharded_out = work.join("sharded");
    let report = run(
        &[
            "report",
            merged.to_str().unwrap(),
            "--fail-on",
            "none",
            "--out",
            sharded_out.to_str().unwrap(),
        ],
        &url,
    );
    assert_eq!(report.status.code(), Some(0), "{}", describe(&report));

    let (a, b) = (
        results(&latest_run(&whole_out)),
        results(&latest_run(&sharded_out)),
    );
    assert!(a["findings"].as_array().unwrap().len() > 50);
    assert_eq!(a["findings"], b["findings"], "the same findings");
    assert_eq!(a["summary"], b["summary"]);
    assert_eq!(a["access_matrix"], b["access_matrix"]);
    assert_eq!(a["data_events"], b["data_events"]);

    let (sa, sb) = (
        json(&latest_run(&whole_out).join("snapshot.json")),
        json(&latest_run(&sharded_out).join("snapshot.json")),
    );
    // The same reads, spread over three workers (plus two more DescribeOrganization and
    // ListAccounts, which the other shards need to find their slices).
    let calls = |s: &Value, op: &str| s["meta"]["api_calls"][op].as_u64().unwrap_or(0);
    // Shard 0 reads Identity Center, and the customer-managed policies of the permission sets
    // in each assigned account: those of other shards' accounts take one more AssumeRole each.
    let elsewhere = sb["sso"]["customer_documents"]
        .as_object()
        .map_or(0, |d| d.len() as u64);
    let assumed = (calls(&sa, "STS.AssumeRole"), calls(&sb, "STS.AssumeRole"));
    assert!(
        assumed.1 >= assumed.0 && assumed.1 <= assumed.0 + elsewhere,
        "{assumed:?}, {elsewhere} accounts with customer-managed policies"
    );
    for op in [
        "S3.ListBuckets",
        "CloudTrail.DescribeTrails",
        "SSO Admin.ListPermissionSets",
    ] {
        assert_eq!(calls(&sa, op), calls(&sb, op), "{op}");
    }
    assert_eq!(
        calls(&sb, "Organizations.ListAccounts"),
        calls(&sa, "Organizations.ListAccounts") + 2
    );
    assert_eq!(sb["meta"]["merged_from"].as_array().unwrap().len(), 3);
    let record = json(&latest_run(&sharded_out).join("run.json"));
    assert_eq!(record["shards"], 3);
}
