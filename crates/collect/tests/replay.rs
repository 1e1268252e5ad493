//! The collectors against recorded traffic of the demo organization (tests/fixtures/demo/),
//! replayed by the SDK's own dvr replayer: as recorded, and with faults injected into the
//! recorded responses.

use orgaudit_aws::{Access, AccessOptions, Transport};
use orgaudit_collect::{collect, CollectOptions, Quiet};
use orgaudit_model::{AccountAccess, Fetched, Snapshot, Status};
use orgaudit_testkit::{demo_traffic, traffic};
use serde_json::Value;

async fn replay(traffic: String) -> Snapshot {
    let access = Access::connect(AccessOptions {
        transport: Transport::Replay(traffic),
        ..AccessOptions::default()
    })
    .await
    .expect("replay connects");
    let opts = CollectOptions {
        regions: orgaudit_testkit::DEMO_REGIONS
            .iter()
            .map(|r| r.to_string())
            .collect(),
        ..CollectOptions::default()
    };
    collect(&access, &opts, &Quiet).await.expect("collects")
}

fn account_id(s: &Snapshot, name: &str) -> String {
    s.organization
        .accounts
        .ok()
        .unwrap()
        .iter()
        .find(|a| a.name == name)
        .unwrap()
        .id
        .clone()
}

#[tokio::test]
async fn the_recorded_organization_is_collected_exactly() {
    let s = replay(demo_traffic()).await;
    let org = &s.organization;
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(org.info.ok().unwrap().feature_set, "ALL");
    let accounts = org.accounts.ok().unwrap();
    let mut names: Vec<_> = accounts.iter().map(|a| a.name.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "audit",
            "dev-app",
            "legacy",
            "log-archive",
            "master",
            "prod-app",
            "prod-data",
            "sandbox"
        ]
    );
    let paths: Vec<_> = ["prod-app", "dev-app", "log-archive", "legacy", "sandbox"]
        .iter()
        .map(|n| org.ou_path(&account_id(&s, n)).unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "Root/Workloads/Prod",
            "Root/Workloads/Dev",
            "Root/Security",
            "Root",
            "Root/Sandbox"
        ]
    );
    let policies = org.policies.ok().unwrap();
    assert_eq!(policies.len(), 10, "FullAWSAccess and the nine demo SCPs");
    let rcps = org.rcps.ok().unwrap();
    assert_eq!(rcps.len(), 3, "RCPFullAWSAccess and the two demo RCPs");
    assert!(rcps.iter().any(|p| p.is_full_aws_access() && p.aws_managed));
    let dev_ou = org
        .organizational_units
        .iter()
        .find(|o| o.name == "Dev")
        .unwrap();
    let full = policies.iter().find(|p| p.is_full_aws_access()).unwrap();
    assert!(
        !full.targets.ok().unwrap().contains(&dev_ou.id),
        "FullAWSAccess was detached from Dev"
    );
    assert_eq!(s.coverage().reachable, 8);
    assert_eq!(s.meta.mode, "replay");
    assert_eq!(
        s.meta.api_calls.get("Organizations.DescribePolicy"),
        Some(&13)
    );
    assert_eq!(s.meta.api_calls.get("STS.AssumeRole"), Some(&7));
    // The organization section is stable data: pin it whole.
    let org_json = serde_json::to_string_pretty(&s.organization).unwrap();
    insta::assert_snapshot!("demo_organization", org_json);
}

#[tokio::test]
async fn access_denied_on_one_account_is_unknown_and_the_run_completes() {
    let mut t: Value = serde_json::from_str(&demo_traffic()).unwrap();
    let clean = replay(demo_traffic()).await;
    let legacy = account_id(&clean, "legacy");
    let role = format!("RoleArn=arn%3Aaws%3Aiam%3A%3A{legacy}%3A");
    let key = traffic::assumed_key(&t, &role).expect("legacy's recorded AssumeRole");
    // What legacy's session read is never asked for once the role cannot be assumed.
    assert!(traffic::drop_exchanges(&mut t, &format!("Credential={key}/")) > 0);
    let changed = traffic::replace_response(
        &mut t,
        &role,
        403,
        "text/xml",
        &traffic::sts_error(
            "AccessDenied",
            "User is not authorized to perform: sts:AssumeRole",
        ),
    );
    assert_eq!(changed, 1);
    let s = replay(t.to_string()).await;

    match &s.account_access[&legacy] {
        AccountAccess::Unreachable { error } => {
            assert_eq!(error.code, "AccessDenied");
            assert!(error
                .subject
                .as_deref()
                .unwrap()
                .ends_with(":role/OrganizationAccountAccessRole"));
        }
        other => panic!("expected unreachable, got {other:?}"),
    }
    assert_eq!(s.coverage().reachable, 7);
    assert_eq!(s.errors.len(), 1, "{:#?}", s.errors);

    let findings = orgaudit_rules::evaluate(&s);
    let cov: Vec<_> = findings.iter().filter(|f| f.rule_id == "COV.1").collect();
    assert_eq!(cov.len(), 8);
    for f in cov {
        let want = if f.account_id.as_deref() == Some(legacy.as_str()) {
            Status::Unknown
        } else {
            Status::Pass
        };
        assert_eq!(f.status, want, "{f:?}");
    }
    // The organization-wide rules are all still there.
    let clean_findings = orgaudit_rules::evaluate(&clean);
    let org = |fs: &[orgaudit_model::Finding]| {
        fs.iter().filter(|f| f.rule_id.starts_with("ORG.")).count()
    };
    assert_eq!(org(&findings), org(&clean_findings));
    // Its buckets are unknown, one finding per S3 practice, never a pass.
    let s3_legacy: Vec<_> = findings
        .iter()
        .filter(|f| {
            f.rule_id.starts_with("S3.") && f.account_id.as_deref() == Some(legacy.as_str())
        })
        .collect();
    assert_eq!(s3_legacy.len(), 9);
    assert!(s3_legacy
        .iter()
        .all(|f| f.status == Status::Unknown && f.observed.contains("AccessDenied")));
}

#[tokio::test]
async fn unreadable_policy_targets_make_chain_rules_unknown_not_pass() {
    let mut t: Value = serde_json::from_str(&demo_traffic()).unwrap();
    let changed = traffic::replace_response(
        &mut t,
        "\"PolicyId\":\"p-FullAWSAccess\"",
        400,
        "application/x-amz-json-1.1",
        &traffic::json_error(
            "AccessDeniedException",
            "You don't have permissions to access this resource.",
        ),
    );
    assert!(
        changed >= 1,
        "DescribePolicy and ListTargetsForPolicy of FullAWSAccess"
    );
    let s = replay(t.to_string()).await;
    let full = s
        .organization
        .policies
        .ok()
        .unwrap()
        .iter()
        .find(|p| p.id == "p-FullAWSAccess")
        .unwrap()
        .clone();
    assert!(
        matches!(full.targets, Fetched::Error(ref e) if e.code == "AccessDeniedException"),
        "{:?}",
        full
    );

    let findings = orgaudit_rules::evaluate(&s);
    for rule in ["ORG.3", "ORG.4", "ORG.5", "ORG.6"] {
        let fs: Vec<_> = findings.iter().filter(|f| f.rule_id == rule).collect();
        assert_eq!(fs.len(), 7, "{rule}");
        for f in fs {
            assert_ne!(
                f.status,
                Status::Pass,
                "{rule} passed without knowing the attachments: {f:?}"
            );
            if f.status == Status::Unknown {
                assert!(f.observed.contains("p-FullAWSAccess"), "{}", f.observed);
            }
        }
    }
    assert!(!s.errors.is_empty());
}

#[tokio::test]
async fn malformed_policy_text_is_unknown_naming_the_policy() {
    let mut t: Value = serde_json::from_str(&demo_traffic()).unwrap();
    let clean = replay(demo_traffic()).await;
    let slr = clean
        .organization
        .policies
        .ok()
        .unwrap()
        .iter()
        .find(|p| p.name == "protect-service-linked-roles")
        .unwrap()
        .id
        .clone();
    // Keep the rest of the DescribePolicy answer, break the policy document inside it.
    let exchange = traffic::exchanges_matching(&t, &format!("\"PolicyId\":\"{slr}\""))[0];
    for e in t["events"].as_array_mut().unwrap() {
        if e["connection_id"].as_u64() == Some(exchange)
            && e.pointer("/action/Data/direction").and_then(Value::as_str) == Some("Response")
        {
            let body = e["action"]["Data"]["data"]["Utf8"]
                .as_str()
                .unwrap()
                .to_string();
            if body.contains("\"Content\"") {
                let mut v: Value = serde_json::from_str(&body).unwrap();
                v["Policy"]["Content"] =
                    Value::String("{\"Statement\": [{\"Effect\": \"Deny\", ".into());
                e["action"]["Data"]["data"]["Utf8"] = Value::String(v.to_string());
            }
        }
        if e["connection_id"].as_u64() == Some(exchange) {
            if let Some(ok) = e.pointer_mut("/action/Response/response/Ok") {
                ok["headers"]
                    .as_object_mut()
                    .unwrap()
                    .remove("content-length");
            }
        }
    }
    let s = replay(t.to_string()).await;
    let findings = orgaudit_rules::evaluate(&s);
    let f = findings
        .iter()
        .find(|f| {
            f.rule_id == "ORG.7"
                && f.resource_name.as_deref() == Some("protect-service-linked-roles")
        })
        .unwrap();
    assert_eq!(f.status, Status::Unknown);
    assert!(
        f.observed.contains("protect-service-linked-roles")
            && f.observed.contains("not valid JSON"),
        "{}",
        f.observed
    );
    // The sandbox chain holds the broken policy: its guardrail verdicts cannot be known.
    let sandbox = account_id(&s, "sandbox");
    let f = findings
        .iter()
        .find(|f| f.rule_id == "ORG.4" && f.account_id.as_deref() == Some(sandbox.as_str()))
        .unwrap();
    assert_eq!(f.status, Status::Unknown, "{f:?}");
}

fn bucket<'a>(s: &'a Snapshot, name: &str) -> &'a orgaudit_model::s3::Bucket {
    s.s3.iter()
        .flat_map(|a| a.buckets.ok().unwrap().iter())
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("no bucket {name}"))
}

#[tokio::test]
async fn s3_not_configured_answers_are_data_and_regions_are_kept() {
    let s = replay(demo_traffic()).await;
    let bare = bucket(&s, "orgaudit-demo-legacy-archive");
    assert_eq!(bare.versioning, Fetched::Ok(Default::default()));
    assert_eq!(
        bare.encryption,
        Fetched::Ok(None),
        "ServerSideEncryptionConfigurationNotFoundError"
    );
    assert_eq!(bare.policy, Fetched::Ok(None), "NoSuchBucketPolicy");
    assert_eq!(
        bare.policy_is_public,
        Fetched::Ok(None),
        "not asked without a policy"
    );
    assert_eq!(
        bare.public_access_block,
        Fetched::Ok(None),
        "NoSuchPublicAccessBlockConfiguration"
    );
    assert_eq!(
        bare.ownership,
        Fetched::Ok(None),
        "OwnershipControlsNotFoundError"
    );
    assert_eq!(
        bare.lifecycle, None,
        "never versioned: the lifecycle is not asked"
    );
    assert_eq!(
        bare.website,
        Fetched::Ok(None),
        "NoSuchWebsiteConfiguration"
    );
    assert_eq!(bare.logging, Fetched::Ok(None));
    assert_eq!(
        bucket(&s, "orgaudit-demo-sandbox-eu").region,
        Fetched::Ok("eu-west-1".into())
    );
    let site = bucket(&s, "orgaudit-demo-prod-website");
    assert_eq!(
        site.versioning.ok().unwrap().status.as_deref(),
        Some("Suspended")
    );
    assert_eq!(site.policy_is_public, Fetched::Ok(Some(true)));
    assert!(site.website.ok().unwrap().is_some());
    let prod =
        s.s3.iter()
            .find(|a| a.account_id == account_id(&s, "prod-app"))
            .unwrap();
    assert!(
        prod.public_access_block.ok().unwrap().unwrap().all(),
        "account-level block of prod-app"
    );
    assert_eq!(
        s.s3.len(),
        8,
        "every reachable account, management included"
    );
}

#[tokio::test]
async fn access_denied_on_one_bucket_setting_is_unknown_for_the_rules_that_need_it() {
    let mut t: Value = serde_json::from_str(&demo_traffic()).unwrap();
    let changed = traffic::replace_response(
        &mut t,
        "/orgaudit-demo-prod-data/?encryption",
        403,
        "application/xml",
        &traffic::s3_error("AccessDenied", "Access Denied"),
    );
    assert_eq!(changed, 1);
    let s = replay(t.to_string()).await;
    let b = bucket(&s, "orgaudit-demo-prod-data");
    assert!(
        matches!(&b.encryption, Fetched::Error(e) if e.code == "AccessDenied" && e.operation == "GetBucketEncryption")
    );
    assert!(
        b.versioning.ok().is_some(),
        "the rest of the bucket is still read"
    );
    let findings = orgaudit_rules::evaluate(&s);
    let of = |rule: &str| {
        findings
            .iter()
            .find(|f| {
                f.rule_id == rule && f.resource_name.as_deref() == Some("orgaudit-demo-prod-data")
            })
            .unwrap()
            .status
    };
    assert_eq!(of("S3.3"), Status::Unknown);
    for rule in [
        "S3.1", "S3.2", "S3.4", "S3.5", "S3.6", "S3.7", "S3.8", "S3.9",
    ] {
        assert_eq!(of(rule), Status::Pass, "{rule}");
    }
}

/// Responses written from the IAM Identity Center API reference, for what the emulator lacks.
mod identity_center_api_reference {
    use super::*;

    fn set_arn(s: &Snapshot, name: &str) -> String {
        s.sso
            .as_ref()
            .unwrap()
            .permission_sets
            .iter()
            .find(|p| p.name == name)
            .unwrap()
            .arn
            .clone()
    }

    #[tokio::test]
    async fn outdated_provisioning_fails_sso7() {
        let clean = replay(demo_traffic()).await;
        let arn = set_arn(&clean, "ReadOnly");
        let prod = account_id(&clean, "prod-app");
        let mut t: Value = serde_json::from_str(&demo_traffic()).unwrap();
        // ListAccountsForProvisionedPermissionSet with ProvisioningStatus LATEST_PERMISSION_SET_NOT_PROVISIONED.
        let needle = format!("\"PermissionSetArn\":\"{arn}\",\"ProvisioningStatus\"");
        let body = serde_json::json!({ "AccountIds": [prod] }).to_string();
        let n =
            traffic::replace_response(&mut t, &needle, 200, "application/x-amz-json-1.1", &body);
        assert_eq!(n, 1);
        let s = replay(t.to_string()).await;
        let f = orgaudit_rules::evaluate(&s)
            .into_iter()
            .find(|f| f.rule_id == "SSO.7" && f.resource_name.as_deref() == Some("ReadOnly"))
            .unwrap();
        assert_eq!(f.status, Status::Fail);
        assert!(f.observed.contains(&prod), "{}", f.observed);
    }

    #[tokio::test]
    async fn a_read_only_boundary_caps_an_admin_set() {
        let clean = replay(demo_traffic()).await;
        let arn = set_arn(&clean, "AdministratorAccess");
        let mut t: Value = serde_json::from_str(&demo_traffic()).unwrap();
        let ids: Vec<u64> =
            traffic::exchanges_matching(&t, "GetPermissionsBoundaryForPermissionSet")
                .into_iter()
                .filter(|id| traffic::exchanges_matching(&t, &arn).contains(id))
                .collect();
        assert_eq!(ids.len(), 1);
        let body = serde_json::json!({ "PermissionsBoundary": { "ManagedPolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess" } }).to_string();
        // Only that one exchange: the boundary call for this set.
        traffic::replace_response_of(&mut t, ids[0], 200, &body);
        let s = replay(t.to_string()).await;
        let findings = orgaudit_rules::evaluate(&s);
        let admin: Vec<_> = findings
            .iter()
            .filter(|f| {
                f.rule_id == "SSO.2" && f.resource_name.as_deref() == Some("AdministratorAccess")
            })
            .collect();
        assert!(!admin.is_empty());
        for f in admin {
            assert_eq!(f.status, Status::Pass, "{f:?}");
            assert!(
                f.evidence
                    .iter()
                    .any(|e| e.contains("capped at ordinary by boundary ReadOnlyAccess")),
                "{:?}",
                f.evidence
            );
        }
    }
}

/// Exchanges whose request contains every one of the needles.
fn exchanges(t: &Value, needles: &[&str]) -> Vec<u64> {
    let mut ids = traffic::exchanges_matching(t, needles[0]);
    for n in &needles[1..] {
        let other = traffic::exchanges_matching(t, n);
        ids.retain(|id| other.contains(id));
    }
    ids
}

#[tokio::test]
async fn a_region_not_enabled_and_an_unparseable_answer_are_unknown_with_the_reason() {
    let mut t: Value = serde_json::from_str(&demo_traffic()).unwrap();
    // An opt-in region that is not enabled answers with an invalid-token error.
    let eu = exchanges(&t, &["DescribeTrails", "eu-west-1/cloudtrail"]);
    assert!(!eu.is_empty());
    traffic::replace_response_of(
        &mut t,
        eu[0],
        400,
        &traffic::json_error(
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        ),
    );
    // A status answer the SDK cannot parse.
    let status = exchanges(&t, &["GetTrailStatus"]);
    assert!(!status.is_empty());
    traffic::replace_response_of(&mut t, status[0], 200, "{\"IsLogging\": tru");
    let s = replay(t.to_string()).await;

    let region_error = s
        .errors
        .iter()
        .find(|e| e.code == "UnrecognizedClientException")
        .expect("the region error is recorded");
    assert_eq!(region_error.region.as_deref(), Some("eu-west-1"));
    assert_eq!(region_error.operation, "DescribeTrails");
    let account = region_error.account_id.clone().unwrap();
    let parse_error = s
        .errors
        .iter()
        .find(|e| e.operation == "GetTrailStatus")
        .expect("the unparseable answer is recorded");
    assert!(!parse_error.message.is_empty());

    let findings = orgaudit_rules::evaluate(&s);
    let ct1 = findings
        .iter()
        .find(|f| {
            f.rule_id == "CT.1"
                && f.account_id.as_deref() == Some(account.as_str())
                && f.region.as_deref() == Some("eu-west-1")
        })
        .expect("CT.1 judges the account in that region");
    assert_eq!(ct1.status, Status::Unknown, "{ct1:?}");
    let said = format!("{} {:?}", ct1.observed, ct1.evidence);
    assert!(said.contains("UnrecognizedClientException"), "{said}");
    // The rest of the account is judged as usual.
    assert!(findings.iter().any(|f| f.rule_id == "S3.1"
        && f.account_id.as_deref() == Some(account.as_str())
        || f.rule_id == "COV.1"
            && f.account_id.as_deref() == Some(account.as_str())
            && f.status == Status::Pass));
    let ct8_unknown = findings
        .iter()
        .filter(|f| f.rule_id == "CT.8" && f.status == Status::Unknown)
        .count();
    assert!(
        ct8_unknown >= 1,
        "the trail whose status could not be parsed is unknown"
    );
}
