//! What a person sees when orgaudit is piped or logged: a closed pipe ends the output quietly,
//! and logs that do not go to a terminal carry no escape codes.

mod common;
use common::*;
use std::process::Stdio;

/// `orgaudit rules | head`: the reader is gone before orgaudit writes. No panic, no exit 101,
/// nothing on standard error.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    for args in [&["rules"][..], &["rules", "--markdown"], &["schema"]] {
        let mut child = orgaudit()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

/// no-color.org: NO_COLOR, or a log that is not a terminal, means no ANSI escape codes.
#[test]
fn logs_off_a_terminal_carry_no_escape_codes() {
    let out = demo_audit(&tempdir("messages-logs"), &["-v"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("INFO"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err}");
}

/// A clean environment: no AWS variables, an empty home (no shared files), instance metadata
/// off so that no test waits on it.
fn bare() -> std::process::Command {
    let home = tempdir("messages-home");
    let mut cmd = orgaudit();
    cmd.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", &home)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// One sentence per cause, printed once, exit 2, and no SDK error chain (`-v` has the detail).
#[test]
fn why_the_caller_cannot_be_identified_is_one_sentence() {
    let out_dir = tempdir("messages-out");
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 3] = [
        (&[], &[], "no AWS credentials found"),
        (
            &["--profile", "nosuch"],
            &[],
            "the profile `nosuch` is not defined",
        ),
        (
            &[
                "--endpoint-url",
                "http://127.0.0.1:9",
                "--max-attempts",
                "1",
            ],
            &[("AWS_ACCESS_KEY_ID", "x"), ("AWS_SECRET_ACCESS_KEY", "y")],
            "could not reach http://127.0.0.1:9 (connection refused)",
        ),
    ];
    for (extra, env, expected) in cases {
        let mut cmd = bare();
        cmd.args(["audit", "--org", "--no-progress", "--out"])
            .arg(&out_dir)
            .args(extra);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(expected), "{extra:?}: {err}");
        assert_eq!(err.matches("error:").count(), 1, "printed once: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        for dump in ["DispatchFailure", "Attempted:", "ConnectorError", "hyper"] {
            assert!(!err.contains(dump), "{extra:?}: {err}");
        }
        if expected.starts_with("could not reach") {
            assert!(
                !err.contains("credentials"),
                "not a credentials problem: {err}"
            );
        }
    }
}

/// With an endpoint on loopback nothing is looked for off the machine: neither the region nor
/// the credentials at the instance metadata address (IMDS) or the ECS endpoint, even with no
/// region configured. The SDK logs every provider it tries at debug level.
#[test]
fn a_loopback_endpoint_keeps_every_lookup_on_the_machine() {
    let out = bare()
        .env_remove("AWS_EC2_METADATA_DISABLED")
        .env("AWS_ACCESS_KEY_ID", "x")
        .env("AWS_SECRET_ACCESS_KEY", "y")
        .args([
            "-vv",
            "audit",
            "--org",
            "--no-progress",
            "--max-attempts",
            "1",
        ])
        .args(["--endpoint-url", "http://127.0.0.1:9", "--out"])
        .arg(tempdir("messages-loopback"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("DEBUG"), "debug logs on: {err}");
    for off_machine in [
        "imds",
        "IMDS",
        "169.254.169.254",
        "EcsContainer",
        "169.254.170.2",
    ] {
        assert!(!err.contains(off_machine), "{off_machine}: {err}");
    }
    assert!(err.contains("could not reach http://127.0.0.1:9"), "{err}");
}

/// On a terminal the progress bar says how far the run is: accounts done of all, time left,
/// API calls, retries and errors so far. Run under a pseudo-terminal (`script`, util-linux).
#[test]
fn the_progress_bar_shows_accounts_time_left_and_calls() {
    let out = tempdir("messages-progress");
    let bin = env!("CARGO_BIN_EXE_orgaudit");
    let typescript = out.join("typescript");
    std::fs::create_dir_all(&out).unwrap();
    let command = format!(
        "{bin} audit --org --demo --fail-on none --out {}",
        out.display()
    );
    let run = std::process::Command::new("script")
        .args(["-qec", &command])
        .arg(&typescript)
        .stdout(Stdio::null())
        .status()
        .expect("`script` (util-linux) runs the audit under a pseudo-terminal");
    assert!(run.success());
    let seen = String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).into_owned();
    assert!(seen.contains("/8 ·"), "accounts done of all: {seen}");
    assert!(seen.contains("left"), "time left");
    assert!(
        seen.contains("API calls,") && seen.contains("retries,") && seen.contains("errors"),
        "calls, retries and errors so far"
    );
}
