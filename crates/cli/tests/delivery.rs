//! `--upload s3://bucket/prefix` against the emulator: the finished run folder lands in the
//! bucket, every object server-side encrypted, `run.json` recorded with the target; a failed
//! delivery is loud (exit 2) and leaves the local run complete.

mod common;
use common::*;
use orgaudit_testkit::{emulator_env, faults, MotoServer};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn audit(endpoint: &str, out: &Path, extra: &[&str]) -> Output {
    let mut cmd = orgaudit();
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--fail-on",
        "none",
        "--max-attempts",
        "1",
        "--endpoint-url",
        endpoint,
        "--out",
    ])
    .arg(out)
    .args(extra);
    for (k, v) in emulator_env() {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// key -> (server-side encryption, KMS key id, content type, size) of every object under `prefix`.
fn objects(moto: &MotoServer, bucket: &str, prefix: &str) -> Value {
    let code = format!(
        r#"
import boto3, json, os
s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"])
out = {{}}
for page in s3.get_paginator("list_objects_v2").paginate(Bucket="{bucket}", Prefix="{prefix}"):
    for o in page.get("Contents", []):
        h = s3.head_object(Bucket="{bucket}", Key=o["Key"])
        out[o["Key"]] = [h.get("ServerSideEncryption"), h.get("SSEKMSKeyId"), h["ContentType"], h["ContentLength"]]
print(json.dumps(out))
"#
    );
    serde_json::from_str(&moto.python(&code).unwrap_or_else(|e| panic!("{e}"))).unwrap()
}

#[test]
fn upload_delivers_the_finished_run_encrypted() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    // Through the AWS behaviour relay: the documented AWS answers moto lacks.
    let relay = faults::start(moto.port, 0).unwrap();
    let manifest = moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    moto.python(
        r#"
import boto3, os
boto3.client("s3", endpoint_url=os.environ["ENDPOINT"]).create_bucket(Bucket="orgaudit-reports")
"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let org = manifest["organization_id"].as_str().unwrap();

    let out = tempdir("upload");
    let run = audit(
        &relay.url(),
        &out,
        &["--upload", "s3://orgaudit-reports/nightly/"],
    );
    // Complete: the relay answers what moto does not implement.
    assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
    let dir = latest_run(&out).canonicalize().unwrap();
    let name = dir.file_name().unwrap().to_str().unwrap().to_string();
    let prefix = format!("nightly/{org}/{name}/");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains(&format!("to s3://orgaudit-reports/{prefix}")),
        "{stdout}"
    );

    let local: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert!(local.contains(&"report.html".to_string()) && local.contains(&"run.json".to_string()));
    let remote = objects(&moto, "orgaudit-reports", &prefix);
    let remote = remote.as_object().unwrap();
    let mut keys: Vec<String> = remote
        .keys()
        .map(|k| k[prefix.len()..].to_string())
        .collect();
    keys.sort();
    assert_eq!(keys, local, "every file of the run folder, nothing else");
    for (key, meta) in remote {
        assert_eq!(meta[0], "AES256", "{key} is encrypted with SSE-S3");
        let size = std::fs::metadata(dir.join(&key[prefix.len()..]))
            .unwrap()
            .len();
        assert_eq!(meta[3].as_u64(), Some(size), "{key}: the whole file");
    }
    assert_eq!(
        remote[&format!("{prefix}report.html")][2],
        "text/html; charset=utf-8"
    );
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    assert_eq!(record["upload"], "s3://orgaudit-reports/nightly/");

    // SSE-KMS with a named key.
    let out_kms = tempdir("upload-kms");
    let run = audit(
        &relay.url(),
        &out_kms,
        &[
            "--upload",
            "s3://orgaudit-reports/kms",
            "--upload-kms-key",
            "alias/orgaudit-reports",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
    let remote = objects(&moto, "orgaudit-reports", "kms/");
    let remote = remote.as_object().unwrap();
    assert!(!remote.is_empty());
    for (key, meta) in remote {
        assert_eq!(meta[0], "aws:kms", "{key}");
        assert!(
            meta[1]
                .as_str()
                .unwrap_or("")
                .contains("alias/orgaudit-reports"),
            "{key}: {meta}"
        );
    }

    // A delivery that fails is loud, and the local run is complete all the same.
    let out_fail = tempdir("upload-fail");
    let run = audit(
        &relay.url(),
        &out_fail,
        &["--upload", "s3://no-such-reports-bucket/x"],
    );
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("NoSuchBucket"), "{stderr}");
    assert!(
        stderr.contains("the local run folder is complete"),
        "{stderr}"
    );
    let failed = latest_run(&out_fail);
    assert!(failed.join("run.json").is_file() && failed.join("report.html").is_file());
}

#[test]
fn upload_is_refused_before_any_call_when_it_cannot_work() {
    let out = tempdir("upload-bad");
    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--demo",
            "--upload",
            "s3://Bad_Bucket/x",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("not a valid S3 bucket name"));
    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--demo",
            "--upload",
            "s3://orgaudit-reports/x",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("cannot --upload"),
        "{}",
        describe(&run)
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing written"
    );
}

/// Every finding Security Hub holds in each account of the emulated organization, read back
/// with that account's credentials: account id -> findings.
fn security_hub_findings(moto: &MotoServer) -> Value {
    let code = r#"
import boto3, json, os
ep = os.environ["ENDPOINT"]
org = boto3.client("organizations", endpoint_url=ep, region_name="us-east-1")
me = boto3.client("sts", endpoint_url=ep, region_name="us-east-1").get_caller_identity()["Account"]
out = {}
for page in org.get_paginator("list_accounts").paginate():
    for a in page["Accounts"]:
        if a["Id"] == me:
            kw = {}
        else:
            c = boto3.client("sts", endpoint_url=ep, region_name="us-east-1").assume_role(
                RoleArn=f"arn:aws:iam::{a['Id']}:role/OrganizationAccountAccessRole",
                RoleSessionName="check")["Credentials"]
            kw = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
        hub = boto3.client("securityhub", endpoint_url=ep, region_name="us-east-1", **kw)
        found = []
        for p in hub.get_paginator("get_findings").paginate():
            found.extend(p["Findings"])
        out[a["Id"]] = found
print(json.dumps(out))
"#;
    serde_json::from_str(&moto.python(code).unwrap_or_else(|e| panic!("{e}"))).unwrap()
}

/// `--security-hub`: with the default product ARN, BatchImportFindings must be called from the
/// finding's own account (Security Hub API Reference, "BatchImportFindings"). Each account's
/// Security Hub ends up with exactly its own findings, and each one as findings.asff.json has
/// it (the mapping onto the SDK's types loses nothing). Without an import role only the
/// caller's account can be imported, and the run says so and fails.
#[test]
fn security_hub_import_puts_each_accounts_findings_in_that_account() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    let relay = faults::start(moto.port, 0).unwrap();
    moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));

    // No import role: the caller's own findings only, and a loud exit.
    let out = tempdir("securityhub-norole");
    let run = audit(&relay.url(), &out, &["--security-hub"]);
    assert_eq!(run.status.code(), Some(2), "{}", describe(&run));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("pass --security-hub-role"), "{stderr}");
    assert!(
        stderr.contains("the local run folder is complete"),
        "{stderr}"
    );
    let held = security_hub_findings(&moto);
    let non_empty: Vec<&String> = held
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| !v.as_array().unwrap().is_empty())
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        non_empty.len(),
        1,
        "only the caller's account: {non_empty:?}"
    );

    // With the role: every account, each with its own findings, exactly as written.
    let out = tempdir("securityhub");
    let run = audit(
        &relay.url(),
        &out,
        &[
            "--security-hub",
            "--security-hub-role",
            "OrganizationAccountAccessRole",
            "--output-formats",
            "json",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", describe(&run));
    let dir = latest_run(&out);
    let written: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("findings.asff.json"))
            .expect("--security-hub writes the file it imports"),
    )
    .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains(&format!(
            "{} of {} findings imported",
            written.len(),
            written.len()
        )),
        "{stdout}"
    );
    let held = security_hub_findings(&moto);
    let mut accounts_with_findings = 0;
    for (account, found) in held.as_object().unwrap() {
        let expected: Vec<&Value> = written
            .iter()
            .filter(|f| f["AwsAccountId"] == *account)
            .collect();
        let found = found.as_array().unwrap();
        assert_eq!(found.len(), expected.len(), "account {account}");
        if !found.is_empty() {
            accounts_with_findings += 1;
        }
        for f in expected {
            let there = found
                .iter()
                .find(|g| g["Id"] == f["Id"])
                .unwrap_or_else(|| panic!("{} not in {account}", f["Id"]));
            assert_eq!(there, f, "imported as written");
        }
    }
    assert!(accounts_with_findings >= 3, "{accounts_with_findings}");
}
