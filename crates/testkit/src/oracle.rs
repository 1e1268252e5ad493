//! The independent IAM simulator used as a test oracle (`tests/oracle/oracle.mjs`, backed by
//! `@cloud-copilot/iam-simulate` from npm): one process, JSON Lines in, one answer per case out.
//! Installed by [`crate::ensure_oracle`]; its absence is a failure, never a skip.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

/// Decide every case (the format of `tests/oracle/README.md`); answers in input order.
pub fn run(cases: &[Value]) -> Result<Vec<Value>, String> {
    let dir = crate::workspace_root().join("tests/oracle");
    if !dir
        .join("node_modules/@cloud-copilot/iam-simulate")
        .is_dir()
    {
        return Err(format!(
            "the IAM oracle is not installed: run `npm ci` in {} (`cargo xtask test` does)",
            dir.display()
        ));
    }
    let mut child = Command::new("node")
        .arg("oracle.mjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("node is required for the IAM oracle: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input: String = cases.iter().map(|c| format!("{c}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut answers = Vec::with_capacity(cases.len());
    for line in out.lines() {
        let line = line.map_err(|e| format!("reading the oracle: {e}"))?;
        answers
            .push(serde_json::from_str(&line).map_err(|e| format!("oracle answer {line:?}: {e}"))?);
    }
    writer
        .join()
        .map_err(|_| "the oracle writer panicked".to_string())?
        .map_err(|e| format!("writing to the oracle: {e}"))?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the oracle exited with {status}"));
    }
    if answers.len() != cases.len() {
        return Err(format!(
            "{} answers for {} cases",
            answers.len(),
            cases.len()
        ));
    }
    Ok(answers)
}
