//! The emulator: a moto server on 127.0.0.1 with a free port, killed on drop, and the
//! environment that points the SDK at it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::venv::{venv_bin, venv_dir, workspace_root, MOTO_REQUIREMENT};

/// A moto server on 127.0.0.1 (or inside a network namespace, for the benchmark), stopped when
/// dropped.
pub struct MotoServer {
    child: Child,
    pub port: u16,
    pub host: std::net::Ipv4Addr,
}

impl MotoServer {
    /// Start moto from the project venv on a free loopback port and wait until it answers.
    pub fn start() -> Result<Self, String> {
        Self::start_at(None, std::net::Ipv4Addr::LOCALHOST, free_port()?)
    }

    /// Start moto bound to `host:port`, inside the network namespace `netns` when given
    /// (`ip netns exec`), and wait until it answers.
    pub fn start_at(
        netns: Option<&str>,
        host: std::net::Ipv4Addr,
        port: u16,
    ) -> Result<Self, String> {
        let bin = venv_bin("moto_server");
        if !bin.exists() {
            return Err(format!(
                "{} is missing: run the test suite with `cargo xtask test` (it installs {MOTO_REQUIREMENT} into {})",
                bin.display(),
                venv_dir().display()
            ));
        }
        let mut cmd = match netns {
            Some(ns) => {
                let mut c = Command::new("ip");
                c.args(["netns", "exec", ns]).arg(&bin);
                c
            }
            None => Command::new(&bin),
        };
        // AWS managed policies exist in moto only when it loads them (NOTES.md); AWS has them
        // in every account (AWS Managed Policy Reference Guide).
        let child = cmd
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .args(["-H", &host.to_string(), "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", bin.display()))?;
        let server = MotoServer { child, port, host };
        server.wait_ready(Duration::from_secs(60))?;
        Ok(server)
    }

    pub fn url(&self) -> String {
        format!("http://{}:{}", self.host, self.port)
    }

    fn wait_ready(&self, limit: Duration) -> Result<(), String> {
        let addr = SocketAddr::from((self.host, self.port));
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
                let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                let req = format!(
                    "GET /moto-api/ HTTP/1.0\r\nHost: {}:{}\r\n\r\n",
                    self.host, self.port
                );
                if s.write_all(req.as_bytes()).is_ok() {
                    let mut buf = [0u8; 12];
                    if s.read(&mut buf).map(|n| n > 0).unwrap_or(false) {
                        return Ok(());
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "moto did not answer on {}:{} within {limit:?}",
            self.host, self.port
        ))
    }

    /// Seed the demo organization; returns the manifest (`organization_id`, `management`,
    /// `accounts` by name, `ous` by name).
    pub fn seed_demo(&self) -> Result<serde_json::Value, String> {
        let script = workspace_root().join("tests/moto/seed.py");
        let out = Command::new(venv_bin("python"))
            .arg(&script)
            .args(["--endpoint", &self.url()])
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("could not run {}: {e}", script.display()))?;
        if !out.status.success() {
            return Err(format!("{} failed with {}", script.display(), out.status));
        }
        serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("the seed manifest is not JSON: {e}"))
    }
}

impl MotoServer {
    /// Seed tests/moto/realistic.py: an organization that keeps things where real AWS
    /// organizations keep them (`partition` `aws` or `aws-us-gov`; `bulk` buckets nobody
    /// configured in `dev`). Returns its manifest (`accounts` by name, `regions`, `partition`).
    pub fn seed_realistic(
        &self,
        partition: &str,
        bulk: usize,
    ) -> Result<serde_json::Value, String> {
        let script = workspace_root().join("tests/moto/realistic.py");
        let out = Command::new(venv_bin("python"))
            .arg(&script)
            .args(["--endpoint", &self.url(), "--partition", partition])
            .args(["--bulk", &bulk.to_string()])
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("could not run {}: {e}", script.display()))?;
        if !out.status.success() {
            return Err(format!("{} failed with {}", script.display(), out.status));
        }
        serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("the seed manifest is not JSON: {e}"))
    }

    /// Run a Python snippet (boto3 available) against the emulator: `ENDPOINT` holds its URL
    /// and boto3 has the emulator's fake credentials. Returns what it printed.
    pub fn python(&self, code: &str) -> Result<String, String> {
        let mut cmd = Command::new(venv_bin("python"));
        cmd.args(["-c", code]).env("ENDPOINT", self.url());
        for (k, v) in emulator_env() {
            cmd.env(k, v);
        }
        let out = cmd
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("could not run the venv's python: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "python failed with {}: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Apply tests/moto/drift.py to an organization seeded by [`MotoServer::seed_demo`].
    pub fn drift_demo(&self, manifest: &serde_json::Value) -> Result<(), String> {
        let script = workspace_root().join("tests/moto/drift.py");
        let mut child = Command::new(venv_bin("python"))
            .arg(&script)
            .args(["--endpoint", &self.url()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("could not run {}: {e}", script.display()))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(manifest.to_string().as_bytes())
                .map_err(|e| e.to_string())?;
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{} failed with {status}", script.display()))
        }
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free loopback port: {e}"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Environment for running orgaudit against the emulator: fake credentials, fixed region,
/// no shared config files (nothing from the developer's real AWS setup leaks in).
pub fn emulator_env() -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_REGION", "us-east-1".into()),
        ("AWS_CONFIG_FILE", "/dev/null".into()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
    ]
}
