//! `orgaudit report <snapshot>`: evaluate and render a snapshot collected earlier (a run
//! folder, a `snapshot.json`, or a merged snapshot) without calling AWS.

use crate::args::{parse_fail_on, FailOn, PracticeArgs};
use crate::evaluate::{self, Presentation};
use crate::exit::Exit;
use crate::upload::UploadArgs;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A snapshot file or a run folder.
    snapshot: PathBuf,
    /// Reports folder: the run is written to <out>/<org-id>/<UTC timestamp>/.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Exit 1 when an open failure reaches this severity (`none`: never).
    #[arg(long, default_value = "high", value_parser = parse_fail_on)]
    fail_on: FailOn,
    #[command(flatten)]
    practices: PracticeArgs,
    #[command(flatten)]
    upload: UploadArgs,
    #[command(flatten)]
    output: crate::args::OutputArgs,
}

/// Evaluate and render; then deliver the run folder when `--upload` asks for it.
pub fn run(args: ReportArgs) -> anyhow::Result<Exit> {
    let (settings, config_source) = evaluate::catalogue(&args.practices)?;
    let t = std::time::Instant::now();
    let snapshot = evaluate::load_snapshot(&args.snapshot)?;
    let load_ms = t.elapsed().as_millis() as u64;
    let written = evaluate::evaluate_and_write(
        snapshot,
        &settings,
        &Presentation {
            lang: args.practices.lang,
            config_source,
            selection: args.practices.selection.clone(),
            zone: args.practices.zone(),
        },
        &evaluate::Destination {
            out: &args.out,
            fail_on: args.fail_on.0,
            upload: args.upload.target(),
            formats: args.output.formats(),
        },
        None,
        [("load".to_string(), load_ms)].into_iter().collect(),
    )?;
    if args.upload.target().is_some() {
        crate::exit::block_on(crate::upload::deliver(
            &args.upload,
            None,
            None,
            &args.out,
            &written.dir,
        ))??;
    }
    Ok(written.exit)
}
