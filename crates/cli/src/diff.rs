//! `orgaudit diff <old> <new>`: what changed between two runs of one organization.

use crate::args::PracticeArgs;
use crate::evaluate::{self, Presentation};
use crate::exit::table_width;
use crate::exit::Exit;
use anyhow::Context as _;
use clap::Args;
use orgaudit_report::DriftSection;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier run: a run folder or a snapshot file.
    old: PathBuf,
    /// The later run: a run folder or a snapshot file.
    new: PathBuf,
    #[command(flatten)]
    practices: PracticeArgs,
    /// Write the later run's HTML report, with the drift section, to this file.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Write the drift as CSV (the `drift.csv` columns) to this file.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
}

/// Exit 0 when nothing changed, 1 when settings or findings changed.
pub fn run(args: DiffArgs) -> anyhow::Result<Exit> {
    let (settings, config_source) = evaluate::catalogue(&args.practices)?;
    let old = evaluate::load_snapshot(&args.old)?;
    let new = evaluate::load_snapshot(&args.new)?;
    let findings = orgaudit_rules::evaluate_with(&new, &settings);
    let drift = evaluate::drift(&old, &new, &findings, &settings)?;
    let changed = !drift.settings.is_empty()
        || !drift.findings.new.is_empty()
        || !drift.findings.resolved.is_empty()
        || !drift.findings.changed.is_empty();
    let input = evaluate::report_input(
        &new,
        findings,
        &settings,
        &Presentation {
            lang: args.practices.lang,
            config_source,
            selection: args.practices.selection.clone(),
            zone: args.practices.zone(),
        },
        DriftSection::Compared(Box::new(drift)),
    );
    crate::stdout::out!(
        "{}",
        orgaudit_report::terminal::drift(&input, table_width())
    );
    if let Some(path) = &args.html {
        crate::output::write_atomically(path, &orgaudit_report::html::render(&input))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(path) = &args.csv {
        crate::output::write_atomically(path, &orgaudit_report::csv::drift(&input))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(if changed { Exit::Findings } else { Exit::Clean })
}
