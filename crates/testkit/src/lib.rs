//! Test support shared by the end-to-end tests and `xtask`: the project-local Python venv
//! holding moto, a moto server on 127.0.0.1 with a free port (killed on drop), and the seed
//! script of `tests/moto/seed.py`.
//!
//! Nothing here skips: a missing venv or a server that does not come up is an error that
//! says how to fix it.

mod emulator;
mod venv;

pub mod aws_behaviour;
pub mod browser;
pub mod faults;
pub mod oracle;
pub mod synthetic;
pub mod traffic;

pub use emulator::{emulator_env, free_port, MotoServer};
pub use venv::{
    ensure_oracle, ensure_sarif_multitool, ensure_venv, venv_bin, venv_dir, workspace_root,
    MOTO_REQUIREMENT, PYTHON_REQUIREMENTS,
};

/// The regions the demo organization is recorded with (and must be replayed with).
pub const DEMO_REGIONS: &[&str] = &["us-east-1", "eu-west-1"];

/// The recorded demo organization.
pub fn demo_traffic() -> String {
    let path = workspace_root().join("tests/fixtures/demo/organization.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
