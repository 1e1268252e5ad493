//! Project tasks. Light on purpose: it drives cargo and the `orgaudit` binary, so that
//! `cargo xtask audit --org` runs exactly the code path of `orgaudit audit --org`.
//!
//!   cargo xtask audit [ARGS…]   orgaudit audit ARGS (e.g. `--org --demo`)
//!   cargo xtask test [ARGS…]    set up the moto venv, check Chromium, run every test of the workspace
//!   cargo xtask bench [ARGS…]   measure: live audit of a seeded emulator, or --offline (see bench.rs)
//!   cargo xtask fuzz [SECONDS]  the long oracle run, then every cargo-fuzz target for SECONDS each (default 60)
//!   cargo xtask setup           only the moto venv (.venv, or $ORGAUDIT_VENV)
//!   cargo xtask record-demo     re-record tests/fixtures/demo/ against a fresh emulator
//!   cargo xtask docs            regenerate docs/RULES.md (rules' metadata) and deploy/ (IAM, StackSet)

mod bench;

use orgaudit_testkit as testkit;
use std::path::Path;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    let result = match task.as_str() {
        "audit" => orgaudit(
            &std::iter::once("audit")
                .chain(rest.iter().map(String::as_str))
                .collect::<Vec<_>>(),
        ),
        "test" => test(&rest),
        "bench" => bench::run(&rest),
        // Internal: the offline bench's snapshot, written by a process of its own.
        "synthetic-snapshot" => bench::write_synthetic(&rest),
        "fuzz" => fuzz(&rest),
        "setup" => testkit::ensure_venv().map(|_| ()),
        "record-demo" => record_demo(),
        "record-realistic" => record_realistic(),
        "docs" => docs(),
        _ => Err(format!(
            "usage: cargo xtask <audit|test|bench|fuzz|setup|record-demo|record-realistic|docs> [ARGS…] (got {task:?})"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(testkit::workspace_root());
    c
}

/// Run the orgaudit binary, passing its exit code through.
fn orgaudit(args: &[&str]) -> Result<(), String> {
    let s = cargo()
        .args(["run", "--quiet", "--package", "orgaudit", "--"])
        .args(args)
        .status()
        .map_err(|e| e.to_string())?;
    match s.code() {
        Some(0) => Ok(()),
        Some(code) => std::process::exit(code),
        None => Err(format!("orgaudit ended by a signal: {s}")),
    }
}

fn test(extra: &[String]) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    let venv = testkit::ensure_venv()?;
    // The differential tests run an independent IAM simulator (npm).
    testkit::ensure_oracle()?;
    // findings.sarif is validated by the SARIF SDK's multitool (npm).
    testkit::ensure_sarif_multitool()?;
    // The HTML report is tested in a real browser: its absence is a failure, not a skip.
    testkit::browser::chromium()?;
    // So is the systemd recipe's verifier.
    std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .map_err(|e| format!("systemd-analyze is required (apt-get install systemd): {e}"))?;
    let mut child = cargo()
        // The fuzz targets need cargo-fuzz (`cargo xtask fuzz`); everything else is tested.
        .args([
            "test",
            "--workspace",
            "--exclude",
            "orgaudit-fuzz",
            "--locked",
        ])
        .args(extra)
        .env("ORGAUDIT_VENV", venv)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not run cargo test: {e}"))?;
    // Echo cargo's output and add up its per-binary results for one closing line.
    let (mut passed, mut failed, mut ignored) = (0u64, 0u64, 0u64);
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                for part in rest.split(['.', ';']).map(str::trim) {
                    let mut words = part.split_whitespace();
                    if let (Some(n), Some(what)) = (
                        words.next().and_then(|n| n.parse::<u64>().ok()),
                        words.next(),
                    ) {
                        match what {
                            "passed" => passed += n,
                            "failed" => failed += n,
                            "ignored" => ignored += n,
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    let s = child.wait().map_err(|e| e.to_string())?;
    println!();
    if ignored > 0 {
        println!("tests: {passed} passed, {failed} failed, {ignored} skipped");
    } else {
        println!("tests: {passed} passed, {failed} failed");
    }
    if s.success() && passed > 0 {
        Ok(())
    } else if passed == 0 {
        Err("no test ran".into())
    } else {
        Err(format!("cargo test exited with {s}"))
    }
}

/// The cargo-fuzz targets, in `fuzz/fuzz_targets/`.
const FUZZ_TARGETS: &[&str] = &[
    "policy_parser",
    "scp_evaluator",
    "bucket_policy",
    "permission_classifier",
    "event_selectors",
];

/// Run every fuzz target for a while. cargo-fuzz needs nightly-only sanitizer flags; on the
/// stable toolchain `RUSTC_BOOTSTRAP=1` allows them (for this build only).
fn fuzz(args: &[String]) -> Result<(), String> {
    let seconds: u64 = match args.first() {
        Some(s) => s
            .parse()
            .map_err(|_| format!("fuzz takes seconds, not {s:?}"))?,
        None => 60,
    };
    let root = testkit::workspace_root();
    // The long differential run against the IAM oracle: 1,000 cases per fuzzing second.
    testkit::ensure_oracle()?;
    let cases = (seconds * 1000).max(2000);
    eprintln!("fuzz: {cases} oracle cases");
    let status = cargo()
        .args([
            "test",
            "--release",
            "-p",
            "orgaudit-policy",
            "--test",
            "oracle",
        ])
        .env("ORGAUDIT_ORACLE_CASES", cases.to_string())
        .env(
            "ORGAUDIT_ORACLE_SEED",
            std::env::var("ORGAUDIT_ORACLE_SEED").unwrap_or_else(|_| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs().to_string())
                    .unwrap_or_else(|_| "1".into())
            }),
        )
        .status()
        .map_err(|e| format!("cargo test: {e}"))?;
    if !status.success() {
        return Err("the differential run against the IAM oracle found disagreements".into());
    }
    // Guardrail verdicts (witnesses and sampled requests) against the oracle: 50 chains a second.
    let status = cargo()
        .args([
            "test",
            "--release",
            "-p",
            "orgaudit-rules",
            "--test",
            "guardrails_oracle",
        ])
        .env(
            "ORGAUDIT_ORACLE_CHAINS",
            (seconds * 50).max(300).to_string(),
        )
        .env(
            "ORGAUDIT_ORACLE_SEED",
            std::env::var("ORGAUDIT_ORACLE_SEED").unwrap_or_else(|_| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| (d.as_secs() / 7).to_string())
                    .unwrap_or_else(|_| "7".into())
            }),
        )
        .status()
        .map_err(|e| format!("cargo test: {e}"))?;
    if !status.success() {
        return Err("guardrail verdicts disagree with the IAM oracle".into());
    }
    for target in FUZZ_TARGETS {
        let corpus = root.join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|e| e.to_string())?;
        eprintln!("fuzz: {target} for {seconds} s");
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&root)
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", target])
            .arg(&corpus)
            .arg(root.join("fuzz/seeds").join(target))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .status()
            .map_err(|e| format!("cargo fuzz: {e} (install it with `cargo install cargo-fuzz`)"))?;
        if !status.success() {
            return Err(format!(
                "{target}: the fuzzer stopped with {status} (see fuzz/artifacts/{target}/)"
            ));
        }
    }
    Ok(())
}

/// Record the traffic of an audit of the realistic organization (tests/moto/realistic.py,
/// without its bulk buckets) behind the AWS behaviour relay with every switch it needs, into
/// tests/fixtures/realistic/organization.json, with the seed manifest next to the traffic.
fn record_realistic() -> Result<(), String> {
    testkit::ensure_venv()?;
    let moto = testkit::MotoServer::start()?;
    let manifest = moto.seed_realistic("aws", 0)?;
    let relay = testkit::faults::aws_relay(
        moto.port,
        testkit::aws_behaviour::AwsBehaviour::realistic(&manifest),
    )?;
    let dir = testkit::workspace_root().join("tests/fixtures/realistic");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let fixture = dir.join("organization.json");
    let out = testkit::workspace_root().join("target/record-realistic");
    record(
        &relay.url(),
        &fixture,
        &out,
        &[
            "--region",
            "us-east-1",
            "--sso-role",
            "OrganizationAccountAccessRole",
        ],
        "Recorded against moto through the AWS behaviour relay (AwsBehaviour::realistic) by \
         `cargo xtask record-realistic`: tests/moto/realistic.py's organization, read from the \
         management account with --sso-role. `manifest` is the seed's.",
        Some(manifest),
    )
}

/// Record an audit of the organization behind `endpoint` into `fixture` (one attempt per call,
/// concurrency 1, so that a replay answers in the recorded order; it must complete: exit 0),
/// then annotate the fixture with where it comes from (and the seed's manifest).
fn record(
    endpoint: &str,
    fixture: &std::path::Path,
    out: &std::path::Path,
    extra: &[&str],
    docs: &str,
    manifest: Option<serde_json::Value>,
) -> Result<(), String> {
    let mut cmd = cargo();
    cmd.args([
        "run",
        "--quiet",
        "--package",
        "orgaudit",
        "--",
        "audit",
        "--org",
    ])
    .args(["--no-progress", "--concurrency", "1", "--fail-on", "none"])
    .args(["--max-attempts", "1"])
    .args(extra)
    .args(["--endpoint-url", endpoint, "--record"])
    .arg(fixture)
    .arg("--out")
    .arg(out);
    for (k, v) in testkit::emulator_env() {
        cmd.env(k, v);
    }
    // Complete (exit 0): any collection error means the recording is not the organization.
    let s = cmd.status().map_err(|e| e.to_string())?;
    if s.code() != Some(0) {
        return Err(format!("recording run exited with {s}"));
    }
    let text = std::fs::read_to_string(fixture).map_err(|e| e.to_string())?;
    let mut traffic: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    traffic["docs"] = serde_json::Value::String(docs.to_string());
    if let Some(m) = manifest {
        traffic["manifest"] = m;
    }
    std::fs::write(
        fixture,
        serde_json::to_string_pretty(&traffic).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    eprintln!("recorded {}", fixture.display());
    Ok(())
}

fn record_demo() -> Result<(), String> {
    testkit::ensure_venv()?;
    let moto = testkit::MotoServer::start()?;
    let manifest = moto.seed_demo()?;
    eprintln!("seeded: {manifest}");
    // Recorded through the AWS behaviour relay: it answers, as the API references document,
    // the calls moto does not implement (account:ListRegions, the permissions boundary of a
    // permission set, CloudTrail Lake).
    let relay = testkit::faults::start(moto.port, 0)?;
    let fixture = testkit::workspace_root().join("tests/fixtures/demo/organization.json");
    let out = testkit::workspace_root().join("target/record-demo");
    let regions = testkit::DEMO_REGIONS.join(",");
    record(
        &relay.url(),
        &fixture,
        &out,
        // The role the emulator's accounts have (`orgaudit audit --demo` replays with it).
        &[
            "--role-name",
            "OrganizationAccountAccessRole",
            "--regions",
            &regions,
        ],
        "Recorded against moto through the AWS behaviour relay by `cargo xtask record-demo`. \
         The answers to account:ListRegions and GetPermissionsBoundaryForPermissionSet come from \
         the relay (crates/testkit/src/aws_behaviour.rs), written from the API references, \
         because the emulator does not implement those calls.",
        None,
    )
}

fn docs() -> Result<(), String> {
    let out = cargo()
        .args([
            "run",
            "--quiet",
            "--package",
            "orgaudit",
            "--",
            "rules",
            "--markdown",
        ])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let path = Path::new("docs/RULES.md");
    let full = testkit::workspace_root().join(path);
    std::fs::create_dir_all(full.parent().unwrap_or(Path::new("."))).map_err(|e| e.to_string())?;
    std::fs::write(&full, out.stdout).map_err(|e| e.to_string())?;
    eprintln!("wrote {}", path.display());
    // The IAM policies and the StackSet template, from the read-only guard's allow-list.
    for (scope, file) in [
        ("management", "deploy/iam/management-reader.json"),
        ("member", "deploy/iam/member-audit-role.json"),
        (
            "cloudformation",
            "deploy/cloudformation/member-audit-role.json",
        ),
        ("scheduled-task", "deploy/ecs/scheduled-audit.json"),
        ("security-hub", "deploy/iam/security-hub-runner.json"),
        (
            "security-hub-role",
            "deploy/iam/security-hub-import-role.json",
        ),
    ] {
        let out = cargo()
            .args([
                "run",
                "--quiet",
                "--package",
                "orgaudit",
                "--",
                "iam",
                "--scope",
                scope,
            ])
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
        let full = testkit::workspace_root().join(file);
        std::fs::create_dir_all(full.parent().unwrap_or(Path::new(".")))
            .map_err(|e| e.to_string())?;
        std::fs::write(&full, out.stdout).map_err(|e| e.to_string())?;
        eprintln!("wrote {file}");
    }
    // The JSON Schema of findings.json, from its types.
    let out = cargo()
        .args(["run", "--quiet", "--package", "orgaudit", "--", "schema"])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    std::fs::write(
        testkit::workspace_root().join("docs/findings.schema.json"),
        out.stdout,
    )
    .map_err(|e| e.to_string())?;
    eprintln!("wrote docs/findings.schema.json");
    Ok(())
}
