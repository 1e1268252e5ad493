//! `run.json`: what a run did, for schedulers and dashboards. A leaf module.

use crate::exit::Exit;
use orgaudit_model::Snapshot;
use orgaudit_report::ReportInput;

/// `run.json`: a small record of the run for schedulers and dashboards.
#[derive(Debug, serde::Serialize)]
pub struct RunRecord {
    pub format: &'static str,
    pub version: u32,
    pub tool_version: String,
    /// The command line, with secret values (the external id) replaced by `***`.
    pub arguments: Vec<String>,
    pub started_at: String,
    pub finished_at: String,
    pub organization_id: String,
    pub mode: String,
    pub regions: Vec<String>,
    pub accounts: orgaudit_model::Coverage,
    pub collection_errors: usize,
    pub api_calls: u64,
    pub retries: u64,
    pub findings: orgaudit_report::Counts,
    /// The severity-weighted score of the findings (see the report), for trends.
    pub weighted_score: Option<f64>,
    pub exit_status: u8,
    /// Milliseconds: the collection phases (from the snapshot), `evaluate`, `drift`, `render`.
    pub timings_ms: std::collections::BTreeMap<String, u64>,
    /// Shards a merged snapshot was joined from (0: collected in one piece).
    pub shards: usize,
    /// The selection flags (`--checks`, `--status`…), as given; empty: everything.
    pub selection: Vec<String>,
    /// The report files written (`--output-formats`).
    pub outputs: Vec<String>,
    /// `--upload` target the run folder is delivered to after this file is written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upload: Option<String>,
}

/// The command line as run, external id masked.
pub fn arguments() -> Vec<String> {
    let mut out = Vec::new();
    let mut mask_next = false;
    for a in std::env::args() {
        if mask_next {
            out.push("***".into());
            mask_next = false;
        } else if a == "--external-id" {
            mask_next = true;
            out.push(a);
        } else if a.starts_with("--external-id=") {
            out.push("--external-id=***".into());
        } else {
            out.push(a);
        }
    }
    out
}

impl RunRecord {
    pub fn new(snapshot: &Snapshot, input: &ReportInput, exit: Exit) -> Self {
        RunRecord {
            format: "orgaudit.run",
            version: 1,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            arguments: arguments(),
            started_at: snapshot.meta.started_at.clone(),
            finished_at: snapshot.meta.finished_at.clone(),
            organization_id: input.organization_id.clone(),
            mode: snapshot.meta.mode.clone(),
            regions: snapshot.meta.regions.clone(),
            accounts: snapshot.coverage(),
            collection_errors: snapshot.errors.len(),
            api_calls: snapshot.meta.api_calls.values().sum(),
            retries: snapshot.meta.retries,
            findings: orgaudit_report::Counts::of(&input.findings),
            weighted_score: orgaudit_report::weighted_score(&input.findings),
            exit_status: exit as u8,
            timings_ms: snapshot
                .meta
                .phases
                .iter()
                .map(|(k, v)| (format!("collect.{k}"), *v))
                .collect(),
            shards: snapshot.meta.merged_from.len(),
            selection: input.selection.clone(),
            outputs: Vec::new(),
            upload: None,
        }
    }
}
