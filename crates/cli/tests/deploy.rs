//! The deployment artefacts pass their formats' linters, and each linter is shown to reject a
//! broken copy (so a pass means something): the CloudFormation templates (member role
//! StackSet, scheduled ECS task) with cfn-lint, the Dockerfile with hadolint, the GitHub
//! Actions workflows with actionlint (all from PyPI, in the project venv), the systemd units
//! with `systemd-analyze verify`. The CLI prints the same policies as `deploy/`.
//! (That the recipes' orgaudit command lines are accepted is tested in src/recipes_tests.rs.)

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A linter from the project venv; missing is a failure, never a skip.
fn venv_tool(name: &str) -> Command {
    let bin = orgaudit_testkit::venv_bin(name);
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `cargo xtask test` (it installs the linters)",
        bin.display()
    );
    Command::new(bin)
}

fn cfn_lint(template: &Path) -> Output {
    venv_tool("cfn-lint").arg(template).output().unwrap()
}

fn deploy(file: &str) -> PathBuf {
    orgaudit_testkit::workspace_root().join("deploy").join(file)
}

/// A copy of `file` with `from` replaced by `to`, in a fresh directory.
fn broken_copy(file: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(deploy(file)).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    let dir = tempdir("broken");
    let copy = dir.join(Path::new(file).file_name().unwrap());
    std::fs::write(&copy, text.replace(from, to)).unwrap();
    copy
}

#[test]
fn the_scheduled_task_template_passes_cfn_lint() {
    let run = cfn_lint(&deploy("ecs/scheduled-audit.json"));
    assert!(run.status.success(), "cfn-lint: {}", describe(&run));
    let broken = broken_copy(
        "ecs/scheduled-audit.json",
        "\"LaunchType\": \"FARGATE\"",
        "\"LaunchType\": \"FARGATTE\"",
    );
    assert!(!cfn_lint(&broken).status.success());
}

#[test]
fn the_dockerfile_passes_hadolint() {
    let run = venv_tool("hadolint")
        .arg(deploy("ecs/Dockerfile"))
        .output()
        .unwrap();
    assert!(run.status.success(), "hadolint: {}", describe(&run));
    let broken = broken_copy(
        "ecs/Dockerfile",
        "FROM rust:1.91-bookworm",
        "FROM rust:latest",
    );
    let run = venv_tool("hadolint").arg(&broken).output().unwrap();
    assert!(
        !run.status.success(),
        "hadolint must reject an unpinned base image"
    );
}

#[test]
fn the_workflows_pass_actionlint() {
    for wf in ["github/orgaudit-nightly.yml", "github/orgaudit-sharded.yml"] {
        let run = venv_tool("actionlint").arg(deploy(wf)).output().unwrap();
        assert!(run.status.success(), "actionlint {wf}: {}", describe(&run));
    }
    let broken = broken_copy(
        "github/orgaudit-sharded.yml",
        "${{ matrix.shard }}",
        "${{ matrix.shards }}",
    );
    let run = venv_tool("actionlint").arg(&broken).output().unwrap();
    assert!(
        !run.status.success(),
        "actionlint must reject an unknown matrix key"
    );
}

/// `systemd-analyze verify` on copies of the units pointing at this build's binary (it checks
/// that ExecStart is executable) and at an existing environment file. Any complaint fails.
fn verify_units(service: &Path, timer: &Path) -> Output {
    let dir = service.parent().unwrap();
    let env = dir.join("env");
    std::fs::write(&env, "ORGAUDIT_EXTERNAL_ID=example\n").unwrap();
    let text = std::fs::read_to_string(service)
        .unwrap()
        .replace("/usr/local/bin/orgaudit", env!("CARGO_BIN_EXE_orgaudit"))
        .replace("/etc/orgaudit/env", env.to_str().unwrap());
    let service_copy = dir.join("orgaudit.service");
    std::fs::write(&service_copy, text).unwrap();
    let timer_copy = dir.join("orgaudit.timer");
    if timer != timer_copy {
        std::fs::copy(timer, &timer_copy).unwrap();
    }
    Command::new("systemd-analyze")
        .arg("verify")
        .args([&service_copy, &timer_copy])
        .output()
        .unwrap_or_else(|e| panic!("systemd-analyze is required (apt-get install systemd): {e}"))
}

#[test]
fn the_systemd_units_pass_systemd_analyze() {
    let dir = tempdir("systemd");
    std::fs::copy(
        deploy("systemd/orgaudit.service"),
        dir.join("orgaudit.service"),
    )
    .unwrap();
    let run = verify_units(
        &dir.join("orgaudit.service"),
        &deploy("systemd/orgaudit.timer"),
    );
    assert!(
        run.status.success() && run.stderr.is_empty(),
        "systemd-analyze: {}",
        describe(&run)
    );
    let broken = broken_copy("systemd/orgaudit.timer", "02:17:00", "25:17:00");
    std::fs::copy(
        deploy("systemd/orgaudit.service"),
        broken.with_file_name("orgaudit.service"),
    )
    .unwrap();
    let run = verify_units(&broken.with_file_name("orgaudit.service"), &broken);
    assert!(!run.status.success(), "a bad calendar must be refused");
}

#[test]
fn the_member_role_template_passes_cfn_lint() {
    let template =
        orgaudit_testkit::workspace_root().join("deploy/cloudformation/member-audit-role.json");
    let run = cfn_lint(&template);
    assert!(run.status.success(), "cfn-lint: {}", describe(&run));

    // The linter really checks: a broken copy of the template fails.
    let mut broken: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&template).unwrap()).unwrap();
    broken["Resources"]["AuditRole"]["Properties"]["MaxSessionDuration"] = "forever".into();
    let dir = tempdir("cfn");
    let copy = dir.join("broken.json");
    std::fs::write(&copy, broken.to_string()).unwrap();
    assert!(
        !cfn_lint(&copy).status.success(),
        "cfn-lint must reject the broken copy"
    );
}

#[test]
fn the_cli_prints_the_committed_policies() {
    for (scope, file) in [
        ("management", "deploy/iam/management-reader.json"),
        ("member", "deploy/iam/member-audit-role.json"),
        (
            "cloudformation",
            "deploy/cloudformation/member-audit-role.json",
        ),
        ("scheduled-task", "deploy/ecs/scheduled-audit.json"),
    ] {
        let run = orgaudit().args(["iam", "--scope", scope]).output().unwrap();
        assert!(run.status.success(), "{}", describe(&run));
        let committed =
            std::fs::read_to_string(orgaudit_testkit::workspace_root().join(file)).unwrap();
        assert_eq!(String::from_utf8(run.stdout).unwrap(), committed, "{file}");
    }
    let custom = orgaudit()
        .args(["iam", "--scope", "management", "--role-name", "AuditRole"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&custom.stdout).contains("arn:aws:iam::*:role/AuditRole"));
}
