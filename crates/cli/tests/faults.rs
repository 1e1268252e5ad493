//! Faults against the real emulator: a throttling storm (every 4th request answered by a relay
//! with ThrottlingException, TooManyRequestsException, 429, SlowDown or 503, each in its
//! protocol's shape) must give exactly the results of a calm run, within bounded retries that
//! the run reports; an audit killed midway must leave the previous run and `latest` intact.

mod common;
use common::*;
use orgaudit_testkit::{emulator_env, faults, MotoServer};
use std::sync::atomic::Ordering;

fn audit(endpoint: &str, out: &std::path::Path, attempts: &str) -> std::process::Output {
    audit_with(endpoint, out, &["--max-attempts", attempts])
}

fn audit_with(endpoint: &str, out: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut cmd = orgaudit();
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--fail-on",
        "none",
        "--regions",
        "us-east-1,eu-west-1",
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

#[test]
fn a_throttling_storm_changes_nothing_but_the_retry_count() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));

    // Both runs go through the relay, which also answers moto's missing boundary call.
    let calm_relay = faults::start(moto.port, 0).unwrap();
    let calm_out = tempdir("calm");
    let calm = audit(&calm_relay.url(), &calm_out, "8");
    assert_eq!(calm.status.code(), Some(0), "complete: {}", describe(&calm));

    let relay = faults::start(moto.port, 4).unwrap();
    let storm_out = tempdir("storm");
    let storm = audit(&relay.url(), &storm_out, "8");
    assert_eq!(
        storm.status.code(),
        Some(0),
        "complete: {}",
        describe(&storm)
    );
    let injected = relay.injected.load(Ordering::SeqCst) as u64;
    assert!(injected >= 50, "a storm: {injected} throttled answers");

    let (calm_run, storm_run) = (latest_run(&calm_out), latest_run(&storm_out));
    let (a, b) = (results(&calm_run), results(&storm_run));
    assert_eq!(a["findings"], b["findings"], "the same results");
    assert_eq!(a["summary"], b["summary"]);
    let (sa, sb) = (
        json(&calm_run.join("snapshot.json")),
        json(&storm_run.join("snapshot.json")),
    );
    assert_eq!(sb["errors"], serde_json::json!([]), "no collection error");
    assert_eq!(
        sa["meta"]["api_calls"], sb["meta"]["api_calls"],
        "the same operations"
    );
    let (ra, rb) = (
        sa["meta"]["retries"].as_u64().unwrap(),
        sb["meta"]["retries"].as_u64().unwrap(),
    );
    // Every throttled answer costs exactly one retry.
    assert_eq!((ra, rb), (0, injected), "retries: calm {ra}, storm {rb}");
    let run: serde_json::Value = json(&storm_run.join("run.json"));
    assert_eq!(
        run["retries"].as_u64(),
        Some(rb),
        "run.json says how many retries"
    );
    let stdout = String::from_utf8_lossy(&storm.stdout);
    assert!(stdout.contains(&format!("{rb} retries")), "{stdout}");
}

/// `--concurrency N` bounds the requests in flight over the whole run: the account fan-out and
/// each account's bucket fan-out share one budget (the relay holds every request 20 ms, so a
/// run that let N² through would show it).
#[test]
fn concurrency_bounds_the_requests_in_flight_over_the_whole_run() {
    let moto = MotoServer::start().unwrap_or_else(|e| panic!("{e}"));
    moto.seed_demo().unwrap_or_else(|e| panic!("{e}"));
    let relay = faults::start_with(
        std::net::SocketAddr::from(([127, 0, 0, 1], moto.port)),
        0,
        std::time::Duration::from_millis(20),
    )
    .unwrap();
    let out = tempdir("budget");
    let run = audit_with(&relay.url(), &out, &["--concurrency", "3"]);
    assert_eq!(run.status.code(), Some(0), "complete: {}", describe(&run));
    let most = relay.most_in_flight.load(Ordering::SeqCst);
    assert!(most <= 3, "{most} requests in flight with --concurrency 3");
    assert!(most >= 2, "the budget is used: at most {most} at once");
}

#[test]
fn an_audit_killed_midway_leaves_the_previous_run_and_latest_intact() {
    let out = tempdir("killed");
    let first = demo_audit(&out, &[]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let latest = latest_run(&out);
    let before = std::fs::read_link(&latest).unwrap();
    let org_dir = latest.parent().unwrap().to_path_buf();

    // An endpoint that accepts connections and never answers: the audit hangs mid-collection.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let _hold = std::thread::spawn(move || {
        let mut held = Vec::new();
        for c in listener.incoming().flatten() {
            held.push(c);
        }
    });
    let mut cmd = orgaudit();
    cmd.args([
        "audit",
        "--org",
        "--no-progress",
        "--attempt-timeout",
        "60",
        "--endpoint-url",
    ])
    .arg(format!("http://127.0.0.1:{port}"))
    .arg("--out")
    .arg(&out);
    for (k, v) in emulator_env() {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "still collecting");
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(
        std::fs::read_link(&latest).unwrap(),
        before,
        "latest unchanged"
    );
    let entries: Vec<String> = std::fs::read_dir(&org_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        entries.len(),
        2,
        "the first run and latest, nothing else: {entries:?}"
    );
    assert!(org_dir.join(&before).join("report.html").is_file());
}
