//! The audit role's deployment artefacts: the CloudFormation (StackSet) template passes
//! cfn-lint (PyPI, in the project venv), and the CLI prints the same policies as `deploy/`.

mod common;
use common::*;

fn cfn_lint(template: &std::path::Path) -> std::process::Output {
    let bin = orgaudit_testkit::venv_bin("cfn-lint");
    assert!(
        bin.exists(),
        "{} is missing: run the tests with `cargo xtask test` (it installs cfn-lint)",
        bin.display()
    );
    std::process::Command::new(bin)
        .arg(template)
        .output()
        .unwrap()
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
