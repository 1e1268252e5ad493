//! From a snapshot to a [`ReportInput`]: settings, evaluation, drift against an earlier run.
//! Shared by `audit` and `diff`.

use crate::run_record::RunRecord;
use anyhow::{bail, Context as _};
use orgaudit_model::{AccountAccess, Finding, Snapshot, SCHEMA_VERSION};
use orgaudit_report::{AccountLabel, DriftSection, Lang, ReportInput};
use orgaudit_rules::{Catalogue, Settings};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The effective catalogue: the defaults or `--strict`, then the practices file (`--config`,
/// else `./orgaudit.toml` when present). Built and validated before any AWS call.
/// Then the selection flags (`--checks`, `--excluded-checks`, `--services`) turn off what they
/// do not select: a practice runs when the file leaves it on and the flags select it.
pub fn catalogue(
    practices: &crate::args::PracticeArgs,
) -> anyhow::Result<(Arc<Catalogue>, Option<String>)> {
    let selection = &practices.selection;
    selection.check().map_err(anyhow::Error::msg)?;
    let (mut settings, source) = settings(practices.config.as_deref(), practices.strict)?;
    for rule in orgaudit_rules::registered() {
        let meta = rule.meta();
        if !selection.selects(meta) {
            settings
                .rules
                .entry(meta.id.to_string())
                .or_default()
                .enabled = Some(false);
        }
    }
    let catalogue = Catalogue::build(settings).context("the practices file")?;
    Ok((Arc::new(catalogue), source))
}

fn settings(config: Option<&Path>, strict: bool) -> anyhow::Result<(Settings, Option<String>)> {
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

/// A whole snapshot from a run folder (its `snapshot.json`) or a snapshot file. A shard's
/// partial snapshot is refused: evaluated alone, it would report the accounts of other shards
/// as missing and organization-wide data as unknown.
pub fn load_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let snapshot = load_any_snapshot(path)?;
    if let Some(shard) = snapshot.meta.shard {
        bail!(
            "{} is shard {shard} of a sharded collection, not a whole snapshot: join every \
             shard with `orgaudit merge` first, then report the merged snapshot",
            path.display()
        );
    }
    Ok(snapshot)
}

/// A snapshot, whole or partial (a shard's), from a run folder or a snapshot file.
pub fn load_any_snapshot(path: &Path) -> anyhow::Result<Snapshot> {
    let file = if path.is_dir() {
        path.join("snapshot.json")
    } else {
        path.to_path_buf()
    };
    let bytes = std::fs::read(&file)
        .with_context(|| format!("cannot read the snapshot {}", file.display()))?;
    // The version first, without building the document (a JSON tree of a large snapshot
    // would take several times its size in memory).
    #[derive(serde::Deserialize)]
    struct Version {
        schema_version: Option<u64>,
    }
    let version = serde_json::from_slice::<Version>(&bytes)
        .with_context(|| format!("{} is not JSON", file.display()))?
        .schema_version;
    if version != Some(u64::from(SCHEMA_VERSION)) {
        bail!(
            "{} has snapshot schema version {}, this orgaudit reads version {SCHEMA_VERSION}",
            file.display(),
            version.map_or("(none)".to_string(), |v| v.to_string())
        );
    }
    serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not an orgaudit snapshot", file.display()))
}

/// How a report is presented.
pub struct Presentation {
    pub lang: Lang,
    pub config_source: Option<String>,
    /// What the flags selected: the findings the outputs keep.
    pub selection: crate::args::SelectionArgs,
    /// The zone times are shown in.
    pub zone: orgaudit_report::Zone,
}

pub fn report_input(
    snapshot: &Snapshot,
    findings: Vec<Finding>,
    catalogue: &Arc<Catalogue>,
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
        caller_account_id: snapshot.meta.caller_account_id.clone(),
        partition: snapshot.partition().to_string(),
        home_region: snapshot.meta.home_region.clone(),
        tool_version: snapshot.meta.tool_version.clone(),
        coverage: snapshot.coverage(),
        api_calls: snapshot.meta.api_calls.values().sum(),
        retries: snapshot.meta.retries,
        unreachable,
        errors: snapshot.errors.clone(),
        accounts,
        findings,
        data_events: orgaudit_rules::data_events::matrix(snapshot),
        access_matrix: orgaudit_rules::sso::access_matrix(snapshot),
        scp_chains: orgaudit_rules::scp::account_chains(snapshot, &orgaudit_rules::guardrails()),
        drift,
        lang: presentation.lang,
        config_source: presentation.config_source.clone(),
        disabled_rules: catalogue
            .disabled()
            .into_iter()
            .map(str::to_string)
            .collect(),
        catalogue: catalogue.clone(),
        seen: Default::default(),
        selection: presentation.selection.describe(),
        trend: Vec::new(),
        zone: presentation.zone.clone(),
    }
}

/// Drift of `new` against `old`, both evaluated with the same settings.
pub fn drift(
    old: &Snapshot,
    new: &Snapshot,
    new_findings: &[Finding],
    catalogue: &Catalogue,
) -> anyhow::Result<orgaudit_drift::Drift> {
    let old_findings = orgaudit_rules::evaluate_with(old, catalogue);
    Ok(orgaudit_drift::diff(old, &old_findings, new, new_findings)?)
}

/// First-seen times from the previous run of the organization in the same reports folder
/// (`latest/findings.json`). None (every finding new) when there is no previous run; a
/// previous file that cannot be read is said, and the run goes on with every finding new.
fn previous_seen(out: &Path, organization_id: &str) -> orgaudit_report::identity::Seen {
    let path = crate::output::org_dir(out, organization_id)
        .join("latest")
        .join("findings.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Default::default(),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "previous findings unreadable: first-seen times start again");
            return Default::default();
        }
    };
    orgaudit_report::identity::Seen::from_findings_json(&text).unwrap_or_else(|e| {
        tracing::warn!(path = %path.display(), error = %e, "previous findings not understood: first-seen times start again");
        Default::default()
    })
}

/// Computes the drift section of a run from its snapshot and findings.
pub type DriftOf<'a> = &'a dyn Fn(&Snapshot, &[Finding]) -> DriftSection;

/// Where a run goes and what its exit code is measured against.
pub struct Destination<'a> {
    /// The reports folder (`--out`).
    pub out: &'a Path,
    /// `--fail-on`.
    pub fail_on: Option<orgaudit_model::Severity>,
    /// `--upload`, recorded in `run.json` (delivery itself happens after the folder is written).
    pub upload: Option<&'a orgaudit_aws::upload::S3Target>,
    /// `--output-formats`.
    pub formats: std::collections::BTreeSet<crate::args::Format>,
}

/// A run folder written to disk, complete, and the exit code its findings call for.
pub struct Written {
    pub exit: crate::exit::Exit,
    pub dir: PathBuf,
}

/// Evaluate a snapshot, write the run folder (reports and `run.json`), print the terminal
/// summary. Shared by `audit` and `report`.
pub fn evaluate_and_write(
    snapshot: Snapshot,
    catalogue: &Arc<Catalogue>,
    presentation: &Presentation,
    destination: &Destination<'_>,
    drift_of: Option<DriftOf<'_>>,
    mut timings: std::collections::BTreeMap<String, u64>,
) -> anyhow::Result<Written> {
    let Destination {
        out,
        fail_on,
        upload,
        formats,
    } = destination;
    use std::io::IsTerminal;
    use std::time::Instant;
    let t = Instant::now();
    let findings = orgaudit_rules::evaluate_with(&snapshot, catalogue);
    timings.insert("evaluate".into(), t.elapsed().as_millis() as u64);
    let t = Instant::now();
    let drift = match drift_of {
        Some(f) => f(&snapshot, &findings),
        None => DriftSection::NotCompared,
    };
    // `--severity` and `--status` narrow what the outputs hold (drift saw every finding).
    let mut findings = findings;
    findings.retain(|f| presentation.selection.keeps(f));
    timings.insert("drift".into(), t.elapsed().as_millis() as u64);
    let t = Instant::now();
    let mut input = report_input(&snapshot, findings, catalogue, presentation, drift);
    input.seen = previous_seen(out, &input.organization_id);
    input.trend = crate::output::trend(out, &input.organization_id, 12);
    timings.insert("views".into(), t.elapsed().as_millis() as u64);
    let exit = crate::exit::exit_code(&input, *fail_on);
    let mut record = RunRecord::new(&snapshot, &input, exit);
    record.timings_ms.extend(timings);
    record.upload = upload.as_ref().map(|t| t.to_string());
    let dir = crate::output::write_run(out, snapshot, &input, formats, &mut record)
        .context("writing the reports")?;

    crate::stdout::out!(
        "{}",
        orgaudit_report::terminal::render(
            &input,
            crate::exit::table_width(),
            std::io::stdout().is_terminal()
        )
    );
    let lang = presentation.lang;
    if formats.contains(&crate::args::Format::Html) {
        crate::stdout::outln!(
            "{}",
            lang.text(
                "term-reports-open",
                &[
                    ("dir", dir.display().to_string().into()),
                    ("html", dir.join("report.html").display().to_string().into()),
                ]
            )
        );
    } else {
        crate::stdout::outln!(
            "{}",
            lang.text("term-reports", &[("dir", dir.display().to_string().into())])
        );
    }
    Ok(Written { exit, dir })
}
