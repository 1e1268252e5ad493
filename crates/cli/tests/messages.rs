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
