//! A realistic organization end to end (tests/moto/realistic.py), behind the AWS behaviour relay
//! with every switch a real organization needs, and its recorded traffic replayed.
//!
//! What real AWS does and moto does not, each from its document:
//! - Identity Center lives in ap-northeast-1 only and is administered from a delegated
//!   administrator (IAM Identity Center User Guide, "IAM Identity Center Region availability",
//!   "Delegated administration"; Organizations API Reference, "ListDelegatedAdministrators");
//! - the organization trail is homed in eu-west-1 and members list it (CloudTrail User Guide,
//!   "Creating a trail for an organization");
//! - one account of OU Prod records its S3 data events in a CloudTrail Lake event data store
//!   (CloudTrail API Reference, "ListEventDataStores", "GetEventDataStore");
//! - buckets nobody configured have SSE-S3 and BucketOwnerEnforced (S3 User Guide);
//! - more than 1,000 buckets in one account come in pages (S3 API Reference, "ListBuckets");
//! - a customer-managed policy of one name grants admin in one member and reads in another
//!   (IAM Identity Center User Guide, "Customer managed policies");
//! - an access point with a public policy makes its bucket public (S3 User Guide, "Blocking
//!   public access": "The meaning of 'public'");
//! - the same organization in aws-us-gov (AWS General Reference, "Amazon Resource Names").
//!
//! Every finding is asserted: the verdicts, with account ids and the emulator's random ids
//! replaced by names, are snapshots under `snapshots/`.

mod common;
use common::*;
use orgaudit_testkit::aws_behaviour::AwsBehaviour;
use orgaudit_testkit::{faults, workspace_root, MotoServer};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const BULK_PREFIX: &str = "realistic-dev-bulk-";

/// Audit the organization behind `relay`: every enabled region, Identity Center read from its
/// delegated administrator.
fn audit(manifest: &Value, url: &str, out: &Path) -> (Value, Value) {
    let home = manifest["regions"]["home"].as_str().unwrap();
    let mut cmd = against_emulator();
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--fail-on",
        "none",
        "--max-attempts",
        "1",
        "--region",
        home,
        "--sso-role",
        "OrganizationAccountAccessRole",
        "--endpoint-url",
        url,
        "--concurrency",
        "16",
        "--out",
    ])
    .arg(out)
    .env("AWS_REGION", home);
    let run = cmd.output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
    let dir = latest_run(out);
    (json(&dir.join("snapshot.json")), findings(&dir))
}

/// Names for the ids a run holds: accounts, OUs, the organization, Identity Center's instance,
/// identity store, permission sets, users and groups (moto makes them at random).
fn names(snapshot: &Value) -> Vec<(String, String)> {
    fn walk(v: &Value, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => {
                let name = ["name", "user_name", "display_name"]
                    .iter()
                    .find_map(|k| m.get(*k).and_then(Value::as_str));
                if let Some(name) = name {
                    for key in ["id", "arn"] {
                        if let Some(id) = m.get(key).and_then(Value::as_str) {
                            out.push((id.to_string(), format!("<{name}>")));
                        }
                    }
                }
                if let Some(store) = m.get("identity_store_id").and_then(Value::as_str) {
                    out.push((store.to_string(), "<identity-store>".into()));
                }
                if let (Some(arn), true) = (
                    m.get("arn").and_then(Value::as_str),
                    m.contains_key("identity_store_id"),
                ) {
                    out.push((arn.to_string(), "<instance>".into()));
                }
                m.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&snapshot["organization"], &mut out);
    walk(&snapshot["sso"], &mut out);
    if let Some(id) = snapshot["organization"]["info"]["ok"]["id"].as_str() {
        out.push((id.to_string(), "<org>".into()));
    }
    // Longest first: an ARN before the id inside it.
    out.sort_by_key(|(id, _)| std::cmp::Reverse(id.len()));
    out.dedup();
    out
}

/// Every finding as one line (rule, status, account, region, resource, observed), with ids
/// named; the bulk buckets, which must all have the same verdicts, as one line each with
/// their count.
fn verdicts(doc: &Value, snapshot: &Value) -> String {
    let names = names(snapshot);
    let scrub = |text: &str| {
        let mut t = text.to_string();
        for (id, name) in &names {
            if t.contains(id.as_str()) {
                t = t.replace(id.as_str(), name);
            }
        }
        t
    };
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    for f in doc["findings"].as_array().unwrap() {
        let resource = f["resource_name"].as_str().unwrap_or("-");
        let (resource, observed) = if resource.starts_with(BULK_PREFIX) {
            (
                format!("{BULK_PREFIX}*"),
                f["observed"]
                    .as_str()
                    .unwrap_or_default()
                    .replace(resource, &format!("{BULK_PREFIX}*")),
            )
        } else {
            (
                resource.to_string(),
                f["observed"].as_str().unwrap_or_default().to_string(),
            )
        };
        let line = format!(
            "{} {} {} {} {}: {}",
            f["rule_id"].as_str().unwrap(),
            f["status"].as_str().unwrap(),
            f["account_name"].as_str().unwrap_or("-"),
            f["region"].as_str().unwrap_or("-"),
            scrub(&resource),
            scrub(&observed),
        );
        *lines.entry(line).or_default() += 1;
    }
    lines
        .into_iter()
        .map(|(line, n)| {
            if n > 1 {
                format!("{line} (×{n})\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect()
}

fn finding<'a>(doc: &'a Value, rule: &str, resource: &str) -> Vec<&'a Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == rule && f["resource_name"] == resource)
        .collect()
}

/// The verdicts any run of the realistic organization must give, whatever the partition.
fn assert_found_where_aws_keeps_it(manifest: &Value, snapshot: &Value, doc: &Value) {
    let id = |name: &str| manifest["accounts"][name].as_str().unwrap().to_string();
    let errors = snapshot["errors"].as_array().unwrap();
    assert!(errors.is_empty(), "{errors:#?}");
    // Identity Center: found in its one region, read from its delegated administrator.
    assert_eq!(snapshot["sso"]["region"], manifest["regions"]["sso"]);
    assert_eq!(snapshot["sso"]["read_from"], id("identity").as_str());
    let sso1: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "SSO.1")
        .collect();
    assert!(sso1.iter().all(|f| f["status"] == "pass"), "{sso1:#?}");
    // The organization trail, homed elsewhere, covers every account in every region.
    let ct1: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "CT.1")
        .collect();
    assert!(!ct1.is_empty());
    assert!(ct1.iter().all(|f| f["status"] == "pass"), "{ct1:#?}");
    // The event data store records prod's S3 data events; nothing records dev's.
    for rule in ["CT.2", "CT.3"] {
        let prod = finding(doc, rule, "realistic-prod-data");
        assert_eq!(prod.len(), 1, "{rule}");
        assert_eq!(prod[0]["status"], "pass", "{rule}: {}", prod[0]);
        assert!(
            prod[0]["evidence"]
                .to_string()
                .contains("event data store prod-s3-data: full"),
            "{rule}: {}",
            prod[0]
        );
        let dev = finding(doc, rule, "realistic-dev-shared");
        assert_eq!(dev[0]["status"], "fail", "{rule}: {}", dev[0]);
    }
    // Public through the access point.
    let s36 = finding(doc, "S3.6", "realistic-dev-shared");
    assert_eq!(s36.len(), 1);
    assert_eq!(s36[0]["status"], "fail", "{}", s36[0]);
    assert!(s36[0]["observed"]
        .as_str()
        .unwrap()
        .contains("access point partners"));
    // Developer: admin through its customer-managed policy in dev only.
    let sso2: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule_id"] == "SSO.2" && f["resource_name"] == "Developer")
        .map(|f| {
            (
                f["account_name"].as_str().unwrap_or("-"),
                f["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(sso2, [("dev", "fail"), ("prod", "pass")], "{sso2:?}");
    // Buckets in every region they were made in.
    let regions: std::collections::BTreeSet<&str> = snapshot["s3"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["buckets"]["ok"].as_array().unwrap())
        .filter_map(|b| b["region"]["ok"].as_str())
        .collect();
    let made: std::collections::BTreeSet<&str> = manifest["regions"]["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .chain(std::iter::once(
            manifest["regions"]["trail"].as_str().unwrap(),
        ))
        .collect();
    assert_eq!(regions, made);
}

/// A realistic organization seeded into a fresh emulator, behind the relay with every switch it
/// needs. Both live as long as the returned values.
fn realistic(partition: &str, bulk: usize) -> (MotoServer, faults::ThrottlingRelay, Value) {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let manifest = moto
        .seed_realistic(partition, bulk)
        .unwrap_or_else(|e| panic!("{e}"));
    let relay = faults::aws_relay(moto.port, AwsBehaviour::realistic(&manifest))
        .unwrap_or_else(|e| panic!("{e}"));
    (moto, relay, manifest)
}

#[test]
fn a_realistic_organization_is_found_where_aws_keeps_it() {
    let (_moto, r, manifest) = realistic("aws", 1001);
    let (snapshot, doc) = audit(&manifest, &r.url(), &tempdir("realistic-aws"));
    assert_found_where_aws_keeps_it(&manifest, &snapshot, &doc);
    // 17 regions enabled by default in each of the 5 accounts (ListRegions).
    for (account, r) in snapshot["regions"].as_object().unwrap() {
        assert_eq!(r["audited"].as_array().unwrap().len(), 17, "{account}");
    }
    // 1,001 buckets nobody configured, read in two pages, every one with the same verdicts.
    let dev = manifest["accounts"]["dev"].as_str().unwrap();
    let bulk = snapshot["s3"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["account_id"] == dev)
        .unwrap()["buckets"]["ok"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["name"].as_str().unwrap().starts_with(BULK_PREFIX))
        .count();
    assert_eq!(bulk, 1001);
    let calls = &snapshot["meta"]["api_calls"];
    assert_eq!(calls["S3.ListBuckets"], 6, "{calls}");
    assert!(calls["S3.GetBucketLocation"].is_null(), "{calls}");
    // Identity Center searched at home (no instance there), then found in ap-northeast-1.
    assert_eq!(calls["SSO Admin.ListInstances"], 2, "{calls}");
    insta::assert_snapshot!("realistic-aws", verdicts(&doc, &snapshot));
}

#[test]
fn the_realistic_organization_in_aws_us_gov() {
    let (_moto, r, manifest) = realistic("aws-us-gov", 0);
    let (snapshot, doc) = audit(&manifest, &r.url(), &tempdir("realistic-gov"));
    assert_found_where_aws_keeps_it(&manifest, &snapshot, &doc);
    assert!(snapshot["meta"]["caller_arn"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws-us-gov:sts::"));
    for (account, r) in snapshot["regions"].as_object().unwrap() {
        assert_eq!(
            r["audited"],
            json!(["us-gov-east-1", "us-gov-west-1"]),
            "{account}"
        );
    }
    // No `arn:aws:` in anything the run wrote about this organization.
    let text = serde_json::to_string(&doc).unwrap();
    assert!(
        !text.contains("arn:aws:"),
        "an aws-partition ARN in the findings"
    );
    insta::assert_snapshot!("realistic-gov", verdicts(&doc, &snapshot));
}

/// The recorded traffic of the realistic organization (`cargo xtask record-realistic`),
/// replayed through the real collectors without the emulator: the same verdicts as a live run
/// of the same organization without its bulk buckets.
#[test]
fn the_recorded_realistic_organization_replays_to_the_same_verdicts() {
    let fixture = workspace_root().join("tests/fixtures/realistic/organization.json");
    let traffic = std::fs::read_to_string(&fixture).unwrap();
    let out = tempdir("realistic-replay");
    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--no-progress",
            "--fail-on",
            "none",
            "--replay",
        ])
        .arg(&fixture)
        .args(["--sso-role", "OrganizationAccountAccessRole", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
    let dir = latest_run(&out);
    let (snapshot, doc) = (json(&dir.join("snapshot.json")), findings(&dir));
    let manifest = serde_json::from_str::<Value>(&traffic).unwrap()["manifest"].clone();
    assert_found_where_aws_keeps_it(&manifest, &snapshot, &doc);
    // Differential: the live run's verdicts, without the bulk buckets it alone has.
    let live = std::fs::read_to_string(
        workspace_root().join("crates/cli/tests/snapshots/realistic__realistic-aws.snap"),
    )
    .unwrap();
    let live: String = live
        .splitn(3, "---\n")
        .nth(2)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.contains(BULK_PREFIX))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(verdicts(&doc, &snapshot), live);
}

/// `--ous` and `--excluded-accounts` narrow the collection itself: the accounts left out are
/// never read (no AssumeRole into them), are `skipped` with the reason, and have no finding.
#[test]
fn accounts_outside_the_selection_are_skipped_and_said() {
    let (_moto, r, manifest) = realistic("aws", 0);
    let id = |name: &str| manifest["accounts"][name].as_str().unwrap().to_string();
    let out = tempdir("realistic-selected");
    let mut cmd = against_emulator();
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--fail-on",
        "none",
        "--regions",
        "us-east-1",
        "--ous",
        "Workloads",
        "--excluded-accounts",
    ])
    .arg(id("dev"))
    .args(["--endpoint-url", &r.url(), "--out"])
    .arg(&out);
    let run = cmd.output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
    let dir = latest_run(&out);
    let snapshot = json(&dir.join("snapshot.json"));
    let access = &snapshot["account_access"];
    assert_eq!(access[id("prod")]["state"], "reachable", "{access}");
    assert!(access[id("dev")]["reason"]
        .as_str()
        .unwrap()
        .contains("--excluded-accounts"));
    for name in ["identity", "log-archive"] {
        assert_eq!(access[id(name)]["state"], "skipped", "{name}");
        assert!(access[id(name)]["reason"]
            .as_str()
            .unwrap()
            .contains("--ous"));
    }
    // Never assumed into: one AssumeRole (prod) and the management account's own.
    assert_eq!(snapshot["meta"]["api_calls"]["STS.AssumeRole"], 1);
    let doc = findings(&dir);
    let audited: BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["service"] == "s3" || f["service"] == "cloudtrail")
        .filter_map(|f| f["account_name"].as_str())
        .collect();
    assert!(
        audited.iter().all(|n| ["prod", "master"].contains(n)),
        "{audited:?}"
    );
    assert!(audited.contains("prod"));
}
