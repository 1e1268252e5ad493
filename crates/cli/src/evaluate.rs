//! From a snapshot to a [`ReportInput`]: settings, evaluation, drift against an earlier run.
//! Shared by `audit` and `diff`.

use anyhow::{bail, Context as _};
use orgaudit_model::{AccountAccess, Finding, Snapshot, SCHEMA_VERSION};
use orgaudit_report::{AccountLabel, DriftSection, Lang, ReportInput};
use orgaudit_rules::Settings;
use std::path::{Path, PathBuf};

/// Where the settings come from: `--config`, else `./orgaudit.toml` when present; `--strict`
/// is the base the file applies to. Read before any AWS call.
pub fn settings(config: Option<&Path>, strict: bool) -> anyhow::Result<(Settings, Option<String>)> {
    let base = if strict {
        Settings::strict()
    } else {
        Settings::default()
    };
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => Some(PathBuf::from("orgaudit.toml")).filter(|p| p.is_file()),
    };
    match path {
        None => Ok((base, None)),
        Some(p) => {
            let settings = orgaudit_config::load(&p, base)?;
            tracing::info!(config = %p.display(), "practices file loaded");
            Ok((settings, Some(p.display().to_string())))
        }
    }
}

/// A snapshot from a run folder (its `snapshot.json`) or a snapshot file.
pub fn load_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let file = if path.is_dir() {
        path.join("snapshot.json")
    } else {
        path.to_path_buf()
    };
    let bytes = std::fs::read(&file)
        .with_context(|| format!("cannot read the snapshot {}", file.display()))?;
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not JSON", file.display()))?;
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(SCHEMA_VERSION)) {
        bail!(
            "{} has snapshot schema version {}, this orgaudit reads version {SCHEMA_VERSION}",
            file.display(),
            version.map_or("(none)".to_string(), |v| v.to_string())
        );
    }
    serde_json::from_value(value)
        .with_context(|| format!("{} is not an orgaudit snapshot", file.display()))
}

/// How a report is presented.
pub struct Presentation {
    pub lang: Lang,
    pub config_source: Option<String>,
}

pub fn report_input(
    snapshot: &Snapshot,
    findings: Vec<Finding>,
    settings: &Settings,
    presentation: &Presentation,
    drift: DriftSection,
) -> ReportInput {
    let org = &snapshot.organization;
    let accounts = org
        .accounts
        .ok()
        .map(|accts| {
            accts
                .iter()
                .map(|a| {
                    (
                        a.id.clone(),
                        AccountLabel {
                            name: a.name.clone(),
                            ou_path: org.ou_path(&a.id),
                        },
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let unreachable = snapshot
        .account_access
        .iter()
        .filter_map(|(id, a)| match a {
            AccountAccess::Unreachable { error } => Some((id.clone(), error.clone())),
            _ => None,
        })
        .collect();
    ReportInput {
        organization_id: org
            .info
            .ok()
            .map(|i| i.id.clone())
            .unwrap_or_else(|| "unknown-organization".into()),
        generated_at: snapshot.meta.finished_at.clone(),
        tool_version: snapshot.meta.tool_version.clone(),
        coverage: snapshot.coverage(),
        unreachable,
        errors: snapshot.errors.clone(),
        accounts,
        findings,
        data_events: orgaudit_rules::data_events::matrix(snapshot),
        access_matrix: orgaudit_rules::sso::access_matrix(snapshot),
        scp_chains: orgaudit_rules::scp::account_chains(snapshot),
        drift,
        lang: presentation.lang,
        config_source: presentation.config_source.clone(),
        disabled_rules: settings
            .disabled_rules()
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// Drift of `new` against `old`, both evaluated with the same settings.
pub fn drift(
    old: &Snapshot,
    new: &Snapshot,
    new_findings: &[Finding],
    settings: &Settings,
) -> anyhow::Result<orgaudit_drift::Drift> {
    let old_findings = orgaudit_rules::evaluate_with(old, settings.clone());
    Ok(orgaudit_drift::diff(old, &old_findings, new, new_findings)?)
}
