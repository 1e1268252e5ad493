//! Regions end to end: the demo organization in moto, behind the AWS behaviour relay answering
//! account:ListRegions as the Account Management API Reference documents it ("ListRegions":
//! `AccountId` only from the management account, never its own; trusted access required).
//! Without `--regions` every account is audited in every region enabled for it.

mod common;
use common::*;
use orgaudit_testkit::aws_behaviour::AwsBehaviour;
use orgaudit_testkit::{faults, MotoServer};
use serde_json::Value;
use std::path::Path;

fn audit(url: &str, out: &Path, extra: &[&str]) -> (Value, Value) {
    let mut cmd = against_emulator();
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--fail-on",
        "none",
        "--max-attempts",
        "1",
        "--sso-region",
        "us-east-1",
        "--endpoint-url",
        url,
        "--out",
    ])
    .arg(out)
    .args(extra);
    let run = cmd.output().unwrap();
    assert!(
        matches!(run.status.code(), Some(0) | Some(3)),
        "{}",
        describe(&run)
    );
    let dir = latest_run(out);
    let snapshot: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("snapshot.json")).unwrap()).unwrap();
    (snapshot, findings(&dir))
}

fn relay(moto: &MotoServer, behaviour: AwsBehaviour) -> faults::ThrottlingRelay {
    faults::aws_relay(moto.port, behaviour).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_enabled_region_of_each_account_is_audited_and_unreadable_regions_are_unknown() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let id = |name: &str| manifest["accounts"][name].as_str().unwrap().to_string();
    let (management, prod) = (id("management"), id("prod-app"));

    // 1. Every enabled region: prod-app has opted into me-south-1.
    let mut behaviour = AwsBehaviour {
        management: Some(management.clone()),
        ..Default::default()
    };
    behaviour
        .opted_in
        .insert(prod.clone(), vec!["me-south-1".into()]);
    let r = relay(&moto, behaviour);
    let (snapshot, doc) = audit(&r.url(), &tempdir("regions-all"), &[]);
    let errors = snapshot["errors"].as_array().unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let regions = snapshot["regions"].as_object().unwrap();
    assert_eq!(regions.len(), 8, "{regions:?}");
    for (account, r) in regions {
        let audited = r["audited"].as_array().unwrap();
        let expected = if *account == prod { 18 } else { 17 };
        assert_eq!(audited.len(), expected, "{account}: {audited:?}");
        assert_eq!(r["enabled"]["ok"], r["audited"], "{account}");
    }
    assert!(snapshot["meta"]["requested_regions"].is_null());
    assert_eq!(snapshot["meta"]["regions"].as_array().unwrap().len(), 18);
    // One ListRegions per account: the management account asks for each member with
    // AccountId and for itself without.
    assert_eq!(snapshot["meta"]["api_calls"]["Account.ListRegions"], 8);
    let ct1 = |doc: &Value, account: &str, region: Option<&str>| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| {
                f["rule_id"] == "CT.1"
                    && f["account_id"] == account
                    && f["region"].as_str() == region
            })
            .count()
    };
    assert_eq!(ct1(&doc, &prod, Some("me-south-1")), 1);
    assert_eq!(ct1(&doc, &management, Some("me-south-1")), 0);
    assert_eq!(ct1(&doc, &management, Some("ap-northeast-1")), 1);

    // 2. Trusted access for Account Management off: each member reads its own regions.
    let r = relay(
        &moto,
        AwsBehaviour {
            management: Some(management.clone()),
            no_account_trusted_access: true,
            ..Default::default()
        },
    );
    let (snapshot, _) = audit(
        &r.url(),
        &tempdir("regions-no-trust"),
        &["--regions", "us-east-1,me-south-1"],
    );
    let errors = snapshot["errors"].as_array().unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    // 1 for the management account, 2 for each of the 7 members (refused, then its own).
    assert_eq!(snapshot["meta"]["api_calls"]["Account.ListRegions"], 15);
    for (account, r) in snapshot["regions"].as_object().unwrap() {
        assert_eq!(r["audited"], serde_json::json!(["us-east-1"]), "{account}");
    }
    assert_eq!(
        snapshot["meta"]["regions"],
        serde_json::json!(["us-east-1"])
    );

    // 3. ListRegions refused everywhere: the error is kept, the regions enabled by default
    // are audited, and what cannot be known is unknown.
    let r = relay(
        &moto,
        AwsBehaviour {
            management: Some(management.clone()),
            list_regions_denied: true,
            ..Default::default()
        },
    );
    let (snapshot, doc) = audit(&r.url(), &tempdir("regions-denied"), &[]);
    let errors = snapshot["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 8, "{errors:?}");
    assert!(errors.iter().all(|e| e["operation"] == "ListRegions"));
    for (account, r) in snapshot["regions"].as_object().unwrap() {
        assert_eq!(r["audited"].as_array().unwrap().len(), 17, "{account}");
        assert_eq!(r["enabled"]["error"]["code"], "AccessDeniedException");
    }
    let all = doc["findings"].as_array().unwrap();
    let cov1: Vec<&Value> = all.iter().filter(|f| f["rule_id"] == "COV.1").collect();
    assert_eq!(cov1.len(), 8);
    assert!(cov1.iter().all(|f| f["status"] == "unknown"), "{cov1:?}");
    // prod-app's own multi-region trail logs management events: its opt-in regions are
    // covered whatever they are. The management account's is not (the organization trail
    // records data events only): unknown, never pass.
    let account_wide = |account: &str| {
        all.iter()
            .find(|f| f["rule_id"] == "CT.1" && f["account_id"] == account && f["region"].is_null())
            .unwrap_or_else(|| panic!("no account-wide CT.1 for {account}"))
    };
    assert_eq!(account_wide(&prod)["status"], "pass");
    assert_eq!(account_wide(&management)["status"], "unknown");
}

/// A typo in --regions is refused before anything is read, with the closest region name; a
/// region of another partition is named as such (AWS General Reference, "AWS Regions").
#[test]
fn a_typo_in_regions_is_refused_with_the_closest_name() {
    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--demo",
            "--regions",
            "us-east-1,eu-wset-1",
            "--out",
        ])
        .arg(tempdir("regions-typo"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("eu-wset-1"), "{err}");
    assert!(err.contains("did you mean eu-west-1"), "{err}");

    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--demo",
            "--regions",
            "ap-northeast-1",
            "--out",
        ])
        .arg(tempdir("regions-demo"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    assert!(String::from_utf8_lossy(&run.stderr).contains("recorded in us-east-1 and eu-west-1"));
}

/// Identity Center administered from a delegated administrator (IAM Identity Center User
/// Guide, "Delegated administration"; Organizations API Reference,
/// "ListDelegatedAdministrators"): the management account still reads it itself; with
/// `--sso-role` orgaudit assumes that role in the administrator's account and reads the same
/// instance there.
#[test]
fn identity_center_is_read_where_it_is_administered() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let id = |name: &str| manifest["accounts"][name].as_str().unwrap().to_string();
    let (management, admin) = (id("management"), id("audit"));
    let behaviour = || AwsBehaviour {
        management: Some(management.clone()),
        sso_delegated_admin: Some(admin.clone()),
        ..Default::default()
    };
    let sso1 = |doc: &Value| -> Value {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == "SSO.1")
            .cloned()
            .expect("SSO.1")
    };

    // 1. The management account reads Identity Center itself; the administrator is known.
    let r = relay(&moto, behaviour());
    let (snapshot, doc) = audit(
        &r.url(),
        &tempdir("sso-management"),
        &["--regions", "us-east-1"],
    );
    let errors = snapshot["errors"].as_array().unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        snapshot["organization"]["delegated_administrators"]["sso.amazonaws.com"]["ok"],
        serde_json::json!([admin])
    );
    assert_eq!(snapshot["sso"]["read_from"], management.as_str());
    assert_eq!(sso1(&doc)["status"], "pass");
    let assignments = snapshot["sso"]["assignments"].as_array().unwrap().len();
    assert!(assignments > 0);

    // 2. --sso-role: the role is assumed in the administrator's account, whose regions are
    // read, and the organization's instance is read from there.
    let r = relay(&moto, behaviour());
    let (snapshot, doc) = audit(
        &r.url(),
        &tempdir("sso-delegated"),
        &[
            "--regions",
            "us-east-1",
            "--sso-role",
            "OrganizationAccountAccessRole",
        ],
    );
    let errors = snapshot["errors"].as_array().unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(snapshot["sso"]["read_from"], admin.as_str());
    assert_eq!(sso1(&doc)["status"], "pass", "{}", sso1(&doc));
    assert_eq!(
        snapshot["sso"]["assignments"].as_array().unwrap().len(),
        assignments
    );

    // 3. --sso-role without a delegated administrator: said, and the caller reads.
    let r = relay(
        &moto,
        AwsBehaviour {
            management: Some(management.clone()),
            ..Default::default()
        },
    );
    let (snapshot, doc) = audit(
        &r.url(),
        &tempdir("sso-no-admin"),
        &["--regions", "us-east-1", "--sso-role", "IdentityAuditor"],
    );
    let errors = snapshot["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["code"], "NoDelegatedAdministrator");
    assert_eq!(snapshot["sso"]["read_from"], management.as_str());
    assert_eq!(sso1(&doc)["status"], "pass");
}

/// Buckets as AWS creates them since 2023 (S3 User Guide, "Setting default server-side
/// encryption behavior": SSE-S3 for every bucket; "Controlling ownership of objects":
/// BucketOwnerEnforced by default; "Blocking public access to your Amazon S3 storage": Block
/// Public Access on since April 2023): a bucket nobody configured is encrypted, has ACLs
/// disabled and blocks public access, so S3.3, S3.5 and S3.8 pass for it and its ACL is never
/// asked for.
#[test]
fn buckets_nobody_configured_have_the_defaults_aws_gives_them() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let management = manifest["accounts"]["management"]
        .as_str()
        .unwrap()
        .to_string();
    let verdict = |doc: &Value, rule: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule_id"] == rule && f["resource_name"] == "orgaudit-demo-legacy-archive")
            .map(|f| (f["status"].clone(), f["observed"].clone()))
            .unwrap_or_else(|| panic!("no {rule} finding for the legacy bucket"))
    };
    let run = |defaults: bool, name: &str| {
        let r = relay(
            &moto,
            AwsBehaviour {
                management: Some(management.clone()),
                new_bucket_defaults: defaults,
                ..Default::default()
            },
        );
        audit(&r.url(), &tempdir(name), &["--regions", "us-east-1"])
    };
    // moto: nothing configured.
    let (_, doc) = run(false, "defaults-moto");
    assert_eq!(verdict(&doc, "S3.3").0, "fail");
    assert_eq!(verdict(&doc, "S3.8").0, "fail");
    assert_eq!(verdict(&doc, "S3.5").0, "fail");
    // AWS: SSE-S3 and BucketOwnerEnforced.
    let (snapshot, doc) = run(true, "defaults-aws");
    let (status, observed) = verdict(&doc, "S3.3");
    assert_eq!(status, "pass", "{observed}");
    assert!(observed.as_str().unwrap().contains("AES256"), "{observed}");
    assert_eq!(verdict(&doc, "S3.8").0, "pass");
    assert_eq!(verdict(&doc, "S3.5").0, "pass");
    assert!(snapshot["errors"].as_array().unwrap().is_empty());
}

/// CloudTrail User Guide, "Creating a trail for an organization": member accounts see the
/// organization trail (DescribeTrails lists it as a shadow trail of the management account).
/// orgaudit reads it once, with its owner, and credits it to members by ARN: the findings are
/// those of a run where members do not list it, and no member reads its status.
#[test]
fn organization_trails_listed_in_members_are_read_once() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let management = manifest["accounts"]["management"]
        .as_str()
        .unwrap()
        .to_string();
    let run = |listed: bool, name: &str| {
        let r = relay(
            &moto,
            AwsBehaviour {
                management: Some(management.clone()),
                org_trails_in_members: listed,
                ..Default::default()
            },
        );
        let (snapshot, doc) = audit(
            &r.url(),
            &tempdir(name),
            &["--regions", "us-east-1,eu-west-1"],
        );
        // Requests the relay sent to moto itself.
        let behind = r.behind.load(std::sync::atomic::Ordering::SeqCst);
        (snapshot, doc, behind)
    };
    let verdicts = |doc: &Value| -> std::collections::BTreeMap<String, String> {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    format!(
                        "{} {} {} {}",
                        f["rule_id"], f["account_id"], f["region"], f["resource"]
                    ),
                    format!("{} {}", f["status"], f["observed"]),
                )
            })
            .collect()
    };
    let (alone, doc_alone, behind_alone) = run(false, "org-trail-owner-only");
    let (listed, doc_listed, behind) = run(true, "org-trail-in-members");
    // 7 members × 2 regions, each DescribeTrails answered with the organization's trails (two
    // requests to moto each; the rest are ListBuckets' bucket regions, in both runs).
    assert_eq!(behind - behind_alone, 28);
    assert!(
        listed["errors"].as_array().unwrap().is_empty(),
        "{}",
        listed["errors"]
    );
    let calls = |s: &Value, op: &str| s["meta"]["api_calls"][op].clone();
    for op in ["CloudTrail.GetTrailStatus", "CloudTrail.GetEventSelectors"] {
        assert_eq!(calls(&alone, op), calls(&listed, op), "{op}");
    }
    assert_eq!(verdicts(&doc_alone), verdicts(&doc_listed));
}
