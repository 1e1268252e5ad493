//! How a run ends: exit codes, and the few process-level helpers every command shares
//! (the async runtime, the terminal width). A leaf module: it depends on no other module of
//! the binary.

use orgaudit_model::Severity;
use orgaudit_report::ReportInput;
use std::io::IsTerminal;

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    Fatal = 2,
    Partial = 3,
}

/// Run a future to completion on a multi-threaded runtime (collection, upload).
pub fn block_on<F: std::future::Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("could not start the async runtime: {e}"))?;
    Ok(runtime.block_on(future))
}

/// Width for terminal tables: `$COLUMNS`; else on a terminal comfy-table measures it itself
/// (`None`); elsewhere (logs, CI) a width that stays readable in a log viewer.
pub fn table_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or(if std::io::stdout().is_terminal() {
            None
        } else {
            Some(160)
        })
}

pub fn exit_code(input: &ReportInput, fail_on: Option<Severity>) -> Exit {
    if let Some(threshold) = fail_on {
        if orgaudit_report::fails_at(&input.findings, threshold) {
            return Exit::Findings;
        }
    }
    if !input.errors.is_empty() {
        Exit::Partial
    } else {
        Exit::Clean
    }
}
