//! `cargo xtask bench`: measure orgaudit, never assume.
//!
//!   cargo xtask bench [--accounts 20] [--buckets 25] [--concurrency 16] [--latency-ms L]
//!   cargo xtask bench --offline [--accounts 1000] [--buckets 100]
//!   cargo xtask bench --shards 3 [--latency-ms 10]   also: collect as 3 parallel shards, merge, report
//!
//! Live: a moto server (on loopback, or with `--latency-ms` inside a network namespace behind a
//! veth pair with `tc netem` delay) reached through the test relay on loopback (which also
//! answers the one operation moto lacks), seeded by tests/moto/bench_seed.py; the emulator's
//! own throughput is measured in the same run, through the same relay (GetBucketVersioning
//! from 8 threads), then the release `orgaudit audit` runs against it. Printed: wall time per phase, API calls by operation, calls per bucket, peak
//! RSS (wait4), the throughput, and the targets.
//!
//! Offline: a synthetic snapshot (no AWS, no emulator) evaluated and rendered in every format by
//! `orgaudit report`, with its wall time and peak RSS.

use orgaudit_testkit as testkit;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Options {
    accounts: usize,
    buckets: usize,
    concurrency: u16,
    latency_ms: u32,
    offline: bool,
    /// Also collect as this many shards side by side, merge and report (0: not).
    shards: u32,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        accounts: 0,
        buckets: 0,
        concurrency: 16,
        latency_ms: 0,
        offline: false,
        shards: 0,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> Result<u64, String> {
            it.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} takes a number"))
        };
        match a.as_str() {
            "--accounts" => o.accounts = value(a)? as usize,
            "--buckets" => o.buckets = value(a)? as usize,
            "--concurrency" => o.concurrency = value(a)? as u16,
            "--latency-ms" => o.latency_ms = value(a)? as u32,
            "--offline" => o.offline = true,
            "--shards" => o.shards = value(a)? as u32,
            other => return Err(format!("unknown bench option {other}")),
        }
    }
    if o.accounts == 0 {
        o.accounts = if o.offline { 1000 } else { 20 };
    }
    if o.buckets == 0 {
        o.buckets = if o.offline { 100 } else { 25 };
    }
    Ok(o)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let o = parse(args)?;
    eprintln!("bench: building the release binary");
    let status = crate::cargo()
        .args(["build", "--release", "--locked", "--package", "orgaudit"])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("release build failed".into());
    }
    let binary = testkit::workspace_root().join("target/release/orgaudit");
    if o.offline {
        offline(&o, &binary)
    } else {
        live(&o, &binary)
    }
}

/// Run a child to completion and return its exit code, wall time and peak RSS in KiB.
fn measure(cmd: &mut Command) -> Result<(i32, Duration, u64), String> {
    let start = Instant::now();
    let child = cmd.spawn().map_err(|e| format!("{cmd:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; status and usage are valid pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // Linux reports ru_maxrss in KiB.
    Ok((code, wall, usage.ru_maxrss as u64))
}

fn latest_run(out: &Path) -> Result<PathBuf, String> {
    let org = std::fs::read_dir(out)
        .map_err(|e| e.to_string())?
        .flatten()
        .find(|e| e.path().is_dir())
        .ok_or("no run folder was written")?;
    Ok(org.path().join("latest"))
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The network namespace with the emulator, a veth pair and netem delay; removed on drop.
/// `kernel_delay` is false when the kernel has no netem qdisc (some VM kernels): the relay then
/// holds each request and answer instead, and the bench says so.
struct Netns {
    kernel_delay: bool,
}

const NS: &str = "orgaudit-bench";
const HOST_IF: &str = "oab-host";
const NS_IF: &str = "oab-ns";
const NS_ADDR: Ipv4Addr = Ipv4Addr::new(10, 203, 0, 2);

fn sh(args: &[&str]) -> Result<(), String> {
    let out = Command::new(args[0])
        .args(&args[1..])
        .output()
        .map_err(|e| format!("{}: {e}", args.join(" ")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

impl Netns {
    fn create(latency_ms: u32) -> Result<Netns, String> {
        let _ = sh(&["ip", "netns", "del", NS]);
        let _ = sh(&["ip", "link", "del", HOST_IF]);
        let mut guard = Netns {
            kernel_delay: false,
        };
        let delay = format!("{latency_ms}ms");
        let exec = |rest: &[&str]| {
            let mut v = vec!["ip", "netns", "exec", NS];
            v.extend_from_slice(rest);
            sh(&v)
        };
        sh(&["ip", "netns", "add", NS])?;
        sh(&[
            "ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF,
        ])?;
        sh(&["ip", "link", "set", NS_IF, "netns", NS])?;
        sh(&["ip", "addr", "add", "10.203.0.1/24", "dev", HOST_IF])?;
        sh(&["ip", "link", "set", HOST_IF, "up"])?;
        exec(&["ip", "addr", "add", "10.203.0.2/24", "dev", NS_IF])?;
        exec(&["ip", "link", "set", NS_IF, "up"])?;
        exec(&["ip", "link", "set", "lo", "up"])?;
        // The delay on each side: every packet waits `latency_ms` in each direction.
        let netem = sh(&[
            "tc", "qdisc", "add", "dev", HOST_IF, "root", "netem", "delay", &delay,
        ])
        .and_then(|()| {
            exec(&[
                "tc", "qdisc", "add", "dev", NS_IF, "root", "netem", "delay", &delay,
            ])
        });
        match netem {
            Ok(()) => guard.kernel_delay = true,
            Err(e) => eprintln!(
                "bench: no kernel netem here ({e}); the relay holds each request and answer {latency_ms} ms instead"
            ),
        }
        Ok(guard)
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = sh(&["ip", "netns", "del", NS]);
        let _ = sh(&["ip", "link", "del", HOST_IF]);
    }
}

/// The emulator's own throughput: GetBucketVersioning (the commonest call of an audit) from 8
/// threads, unsigned (moto does not check signatures). moto closes the connection after every
/// answer, so each request opens its own connection, as the SDK's do against it.
fn emulator_throughput(port: u16, bucket: &str, requests: usize) -> Result<f64, String> {
    let threads = 8;
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let bucket = bucket.to_string();
            std::thread::spawn(move || -> Result<(), String> {
                for _ in 0..requests / threads {
                    let mut stream =
                        TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
                    stream.set_nodelay(true).map_err(|e| e.to_string())?;
                    stream
                        .set_read_timeout(Some(Duration::from_secs(30)))
                        .map_err(|e| e.to_string())?;
                    write!(
                        stream,
                        "GET /{bucket}?versioning HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                    )
                    .map_err(|e| e.to_string())?;
                    let mut answer = Vec::new();
                    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
                    if !answer.starts_with(b"HTTP/1.1 200") && !answer.starts_with(b"HTTP/1.0 200") {
                        return Err(format!(
                            "emulator answered {:?}",
                            String::from_utf8_lossy(&answer[..answer.len().min(80)])
                        ));
                    }
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().map_err(|_| "probe thread panicked")??;
    }
    Ok((requests / threads * threads) as f64 / start.elapsed().as_secs_f64())
}

fn live(o: &Options, binary: &Path) -> Result<(), String> {
    testkit::ensure_venv()?;
    let mut ns = None;
    let moto = if o.latency_ms > 0 {
        ns = Some(Netns::create(o.latency_ms)?);
        testkit::MotoServer::start_at(Some(NS), NS_ADDR, 5000)?
    } else {
        testkit::MotoServer::start()?
    };
    let user_space_delay = match &ns {
        Some(n) if !n.kernel_delay => Duration::from_millis(u64::from(o.latency_ms)),
        _ => Duration::ZERO,
    };
    // Everything goes through the test relay: it answers moto's unimplemented
    // GetPermissionsBoundaryForPermissionSet as the API reference does (the audit is then
    // complete, with no 500s retried), and it keeps the endpoint on loopback.
    let relay = testkit::faults::start_with(
        SocketAddr::from((moto.host, moto.port)),
        0,
        user_space_delay,
    )?;
    let endpoint_port = relay.port;
    let url = format!("http://127.0.0.1:{endpoint_port}");
    eprintln!(
        "bench: seeding {} accounts x {} buckets into moto at {} (latency {} ms each way)",
        o.accounts,
        o.buckets,
        moto.url(),
        o.latency_ms
    );
    let seed = Command::new(testkit::venv_bin("python"))
        .arg(testkit::workspace_root().join("tests/moto/bench_seed.py"))
        .args(["--endpoint", &url])
        .args(["--accounts", &o.accounts.to_string()])
        .args(["--buckets", &o.buckets.to_string()])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| e.to_string())?;
    if !seed.status.success() {
        return Err("seeding failed".into());
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&seed.stdout).map_err(|e| format!("seed manifest: {e}"))?;

    let throughput = emulator_throughput(endpoint_port, "bench-0000-001", 2000)?;

    let out = testkit::workspace_root().join("target/bench/reports");
    let _ = std::fs::remove_dir_all(&out);
    let mut cmd = Command::new(binary);
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--fail-on",
        "none",
        // Every region enabled for each account (the relay answers account:ListRegions as
        // AWS does: the 17 regions enabled by default), as a real run does.
        "--concurrency",
        &o.concurrency.to_string(),
        "--endpoint-url",
        &url,
        "--out",
    ])
    .arg(&out)
    .stdout(Stdio::null())
    .stderr(Stdio::inherit());
    for (k, v) in testkit::emulator_env() {
        cmd.env(k, v);
    }
    eprintln!("bench: auditing");
    let behind_before = relay.behind.load(std::sync::atomic::Ordering::SeqCst);
    let (code, wall, rss_kib) = measure(&mut cmd)?;
    // What the relay asked the emulator itself to answer as AWS does (ListBuckets reads each
    // bucket's location): load on the emulator during the audit, not API calls of orgaudit.
    let behind = relay.behind.load(std::sync::atomic::Ordering::SeqCst) - behind_before;
    let sharded = if o.shards > 0 {
        Some(sharded(o, binary, &url)?)
    } else {
        None
    };
    drop(moto);
    if !matches!(code, 0 | 1 | 3) {
        return Err(format!("the audit exited with {code}"));
    }
    let run = latest_run(&out)?;
    let record = read_json(&run.join("run.json"))?;
    let snapshot = read_json(&run.join("snapshot.json"))?;
    let calls = snapshot["meta"]["api_calls"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let total: u64 = calls.values().filter_map(|v| v.as_u64()).sum();
    let buckets: u64 = snapshot["s3"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["buckets"]["ok"].as_array().map(|b| b.len() as u64))
                .sum()
        })
        .unwrap_or(0);
    let s3_calls: u64 = calls
        .iter()
        .filter(|(k, _)| k.starts_with("S3."))
        .filter_map(|(_, v)| v.as_u64())
        .sum();
    let listings = calls
        .get("S3.ListBuckets")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    let ideal = (total + behind as u64) as f64 / throughput;

    println!(
        "## Live audit: {} accounts x {} buckets, latency {} ms each way, concurrency {}\n",
        o.accounts, o.buckets, o.latency_ms, o.concurrency
    );
    if o.latency_ms > 0 {
        println!(
            "Latency: {} ms each way, {}.\n",
            o.latency_ms,
            if user_space_delay.is_zero() {
                "tc netem on the veth pair"
            } else {
                "held by the relay (this kernel has no netem qdisc)"
            }
        );
    }
    println!(
        "Command: `cargo xtask bench --accounts {} --buckets {} --concurrency {}{}`\n",
        o.accounts,
        o.buckets,
        o.concurrency,
        if o.latency_ms > 0 {
            format!(" --latency-ms {}", o.latency_ms)
        } else {
            String::new()
        }
    );
    println!("| measure | value |\n|---|---|");
    println!(
        "| seeded | {} accounts, {} buckets, {} assignments in {} s |",
        manifest["accounts"], manifest["buckets"], manifest["assignments"], manifest["seconds"]
    );
    println!(
        "| audit wall time | {:.2} s (exit {code}) |",
        wall.as_secs_f64()
    );
    println!("| peak RSS | {:.1} MiB |", rss_kib as f64 / 1024.0);
    println!(
        "| API calls | {total} ({} retries) |",
        snapshot["meta"]["retries"]
    );
    println!(
        "| S3 calls per bucket | {:.2} (reads {:.2} + listings {:.2}) |",
        s3_calls as f64 / buckets.max(1) as f64,
        (s3_calls - listings) as f64 / buckets.max(1) as f64,
        listings as f64 / buckets.max(1) as f64
    );
    println!("| emulator throughput (same run) | {throughput:.0} calls/s |");
    println!(
        "| emulator requests the relay made itself (ListBuckets' bucket regions) | {behind} |"
    );
    println!(
        "| (calls + relay's requests) ÷ throughput | {ideal:.2} s → audit at {:.2}× of it |",
        wall.as_secs_f64() / ideal
    );
    println!("\nPhases (ms):\n");
    println!("| phase | ms |\n|---|---|");
    if let Some(t) = record["timings_ms"].as_object() {
        for (k, v) in t {
            println!("| {k} | {v} |");
        }
    }
    println!("\nAPI calls by operation:\n");
    println!("| operation | calls |\n|---|---|");
    for (k, v) in &calls {
        println!("| {k} | {v} |");
    }
    if let Some(sh) = &sharded {
        let findings = read_json(&run.join("findings.json"))?;
        let whole_findings = findings["findings"].as_array().map_or(0, Vec::len);
        println!(
            "\nSharded: `--shards {}` (the same organization collected as {} shards side by side, each with `--concurrency {}`, then merged and reported):\n",
            o.shards, o.shards, o.concurrency
        );
        println!("| step | wall | peak RSS |\n|---|---|---|");
        println!(
            "| collect, {} shards in parallel | {:.2} s (slowest shard; fastest {:.2} s) | {:.1} MiB (largest shard) |",
            o.shards,
            sh.collect.as_secs_f64(),
            sh.fastest.as_secs_f64(),
            sh.collect_rss as f64 / 1024.0
        );
        println!(
            "| merge | {:.2} s | {:.1} MiB |",
            sh.merge.as_secs_f64(),
            sh.merge_rss as f64 / 1024.0
        );
        println!(
            "| report | {:.2} s | {:.1} MiB |",
            sh.report.as_secs_f64(),
            sh.report_rss as f64 / 1024.0
        );
        println!(
            "| total | {:.2} s (unsharded audit: {:.2} s) | |",
            (sh.collect + sh.merge + sh.report).as_secs_f64(),
            wall.as_secs_f64()
        );
        println!(
            "\nFindings: sharded {}, unsharded {whole_findings}: {}",
            sh.findings,
            if sh.findings == whole_findings {
                "the same count"
            } else {
                "DIFFERENT"
            }
        );
    }
    println!("\nTargets: ≤ 8 S3 reads per bucket: {}; wall ≤ 1.5 × calls/throughput: {}; peak RSS ≤ 150 MiB: {}",
        verdict((s3_calls - listings) as f64 / buckets.max(1) as f64 <= 8.0),
        verdict(wall.as_secs_f64() <= 1.5 * ideal),
        verdict(rss_kib <= 150 * 1024));
    Ok(())
}

struct Sharded {
    collect: Duration,
    fastest: Duration,
    collect_rss: u64,
    merge: Duration,
    merge_rss: u64,
    report: Duration,
    report_rss: u64,
    findings: usize,
}

/// The same organization collected as `o.shards` shards side by side (one process each, as
/// separate workers would), merged and reported.
fn sharded(o: &Options, binary: &Path, url: &str) -> Result<Sharded, String> {
    let dir = testkit::workspace_root().join("target/bench/shards");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    eprintln!("bench: collecting as {} shards", o.shards);
    let started = Instant::now();
    let workers: Vec<_> = (0..o.shards)
        .map(|i| {
            let mut cmd = Command::new(binary);
            cmd.args(["collect", "--org", "--no-progress"])
                .args(["--concurrency", &o.concurrency.to_string()])
                .args(["--endpoint-url", url])
                .args(["--shard", &format!("{i}/{}", o.shards)])
                .arg("--output")
                .arg(dir.join(format!("shard-{i}.json")))
                .stdout(Stdio::null())
                .stderr(Stdio::inherit());
            for (k, v) in testkit::emulator_env() {
                cmd.env(k, v);
            }
            std::thread::spawn(move || measure(&mut cmd))
        })
        .collect();
    let mut fastest = Duration::MAX;
    let mut collect_rss = 0;
    for w in workers {
        let (code, wall, rss) = w.join().map_err(|_| "a shard thread panicked")??;
        if code != 0 {
            return Err(format!("a shard exited with {code}"));
        }
        fastest = fastest.min(wall);
        collect_rss = collect_rss.max(rss);
    }
    let collect = started.elapsed();
    let merged = dir.join("merged.json");
    let mut cmd = Command::new(binary);
    cmd.arg("merge");
    for i in 0..o.shards {
        cmd.arg(dir.join(format!("shard-{i}.json")));
    }
    cmd.arg("--output").arg(&merged).stdout(Stdio::null());
    let (code, merge, merge_rss) = measure(&mut cmd)?;
    if code != 0 {
        return Err(format!("merge exited with {code}"));
    }
    let out = dir.join("reports");
    let mut cmd = Command::new(binary);
    cmd.arg("report")
        .arg(&merged)
        .args(["--fail-on", "none", "--out"])
        .arg(&out)
        .stdout(Stdio::null());
    let (code, report, report_rss) = measure(&mut cmd)?;
    if !matches!(code, 0 | 3) {
        return Err(format!("report exited with {code}"));
    }
    let findings = read_json(&latest_run(&out)?.join("findings.json"))?["findings"]
        .as_array()
        .map_or(0, Vec::len);
    Ok(Sharded {
        collect,
        fastest,
        collect_rss,
        merge,
        merge_rss,
        report,
        report_rss,
        findings,
    })
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

/// `xtask synthetic-snapshot PATH ACCOUNTS BUCKETS`: write the offline bench's snapshot.
pub fn write_synthetic(args: &[String]) -> Result<(), String> {
    let [path, accounts, buckets] = args else {
        return Err("usage: cargo xtask synthetic-snapshot PATH ACCOUNTS BUCKETS".into());
    };
    let number = |s: &str| s.parse::<usize>().map_err(|e| format!("{s:?}: {e}"));
    let synthetic = testkit::synthetic::snapshot(number(accounts)?, number(buckets)?);
    let file = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
    serde_json::to_writer(std::io::BufWriter::new(file), &synthetic).map_err(|e| e.to_string())
}

fn offline(o: &Options, binary: &Path) -> Result<(), String> {
    let dir = testkit::workspace_root().join("target/bench/offline");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let snapshot = dir.join("snapshot.json");
    let t = Instant::now();
    // The snapshot is built by a process of its own. Linux records, at exec, the high-water
    // RSS of the memory a process was started from (getrusage(2): ru_maxrss), and a child
    // spawned with vfork shares its parent's: generated here, the snapshot's gigabytes would
    // be counted in orgaudit's peak RSS (2.5 GiB measured that way, 1.2 GiB on its own).
    let status = Command::new(std::env::current_exe().map_err(|e| e.to_string())?)
        .arg("synthetic-snapshot")
        .arg(&snapshot)
        .args([o.accounts.to_string(), o.buckets.to_string()])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!(
            "generating the synthetic snapshot failed: {status}"
        ));
    }
    let generated = t.elapsed();
    let out = dir.join("reports");
    let mut cmd = Command::new(binary);
    cmd.arg("report")
        .arg(&snapshot)
        .args(["--fail-on", "none", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    let (code, wall, rss_kib) = measure(&mut cmd)?;
    if !matches!(code, 0 | 1 | 3) {
        return Err(format!("orgaudit report exited with {code}"));
    }
    let run = latest_run(&out)?;
    let record = read_json(&run.join("run.json"))?;
    let sizes: Vec<(String, u64)> = std::fs::read_dir(&run)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().map(|m| m.len()).unwrap_or(0),
            )
        })
        .collect();
    println!(
        "## Offline: {} accounts x {} buckets (synthetic snapshot, generated in {:.1} s)\n",
        o.accounts,
        o.buckets,
        generated.as_secs_f64()
    );
    println!(
        "Command: `cargo xtask bench --offline --accounts {} --buckets {}`\n",
        o.accounts, o.buckets
    );
    println!("| measure | value |\n|---|---|");
    println!(
        "| `orgaudit report` wall time (load + evaluate + render all formats) | {:.2} s |",
        wall.as_secs_f64()
    );
    println!("| peak RSS | {:.0} MiB |", rss_kib as f64 / 1024.0);
    println!("| findings | {} |", record["findings"]);
    if let Some(t) = record["timings_ms"].as_object() {
        for (k, v) in t {
            println!("| {k} | {v} ms |");
        }
    }
    let mut sizes = sizes;
    sizes.sort();
    for (name, len) in sizes {
        println!("| {name} | {:.1} MiB |", len as f64 / 1048576.0);
    }
    let eval_render = record["timings_ms"]["evaluate"].as_u64().unwrap_or(0)
        + record["timings_ms"]["render"].as_u64().unwrap_or(0);
    println!(
        "\nTargets: evaluate + render ≤ 3 s: {} ({eval_render} ms); peak RSS ≤ 1 GiB: {}",
        verdict(eval_render <= 3000),
        verdict(rss_kib <= 1024 * 1024)
    );
    Ok(())
}
