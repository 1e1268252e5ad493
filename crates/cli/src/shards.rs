//! Sharded collection for organizations larger than one machine: `orgaudit collect --shard I/N`
//! writes a partial snapshot of one deterministic slice of the accounts (organization-wide data
//! in shard 0), `orgaudit merge` joins the slices into one snapshot for `orgaudit report`.
//! Scheduling the workers is left to an existing engine (AWS Batch array jobs, a GitHub
//! Actions matrix): see deploy/.

use crate::audit::SourceArgs;
use crate::evaluate;
use crate::exit::Exit;
use crate::output::write_atomically;
use anyhow::Context as _;
use clap::Args;
use orgaudit_model::Shard;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct CollectArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Collect only slice I of N of the accounts (0-based; an account's slice is a hash of
    /// its id). Shard 0 also reads the OU tree, SCPs and Identity Center.
    #[arg(long, value_name = "I/N", value_parser = clap::value_parser!(Shard))]
    shard: Option<Shard>,
    /// Where to write the snapshot (default: snapshot.json, or shard-I-of-N.json).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// Collect and write the (partial) snapshot. Exit 0 once it is written, whatever it holds:
/// collection errors are inside it and become `unknown` findings when it is reported.
pub async fn collect(args: CollectArgs) -> anyhow::Result<Exit> {
    let output = args.output.clone().unwrap_or_else(|| match args.shard {
        Some(s) => PathBuf::from(format!("shard-{}-of-{}.json", s.index, s.count)),
        None => PathBuf::from("snapshot.json"),
    });
    let snapshot = crate::audit::collect(&args.source, args.shard).await?;
    let json = serde_json::to_string(&snapshot).context("serializing the snapshot")?;
    write_atomically(&output, &json).with_context(|| format!("writing {}", output.display()))?;
    let what = match args.shard {
        Some(s) => format!("shard {s}"),
        None => "snapshot".into(),
    };
    crate::stdout::outln!(
        "Collected {what}: {} accounts, {} buckets, {} collection errors -> {}",
        snapshot.account_access.len(),
        snapshot
            .s3
            .iter()
            .map(|a| a.buckets.ok().map_or(0, Vec::len))
            .sum::<usize>(),
        snapshot.errors.len(),
        output.display()
    );
    Ok(Exit::Clean)
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The partial snapshots of every shard (`orgaudit collect --shard I/N`), any order.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// Where to write the merged snapshot.
    #[arg(long, short, default_value = "snapshot.json")]
    output: PathBuf,
}

pub fn merge(args: MergeArgs) -> anyhow::Result<Exit> {
    let mut parts = Vec::with_capacity(args.parts.len());
    for path in &args.parts {
        parts.push(orgaudit_merge::Part {
            name: path.display().to_string(),
            snapshot: evaluate::load_any_snapshot(path)?,
        });
    }
    let merged = orgaudit_merge::merge(parts)?;
    let json = serde_json::to_string(&merged).context("serializing the merged snapshot")?;
    write_atomically(&args.output, &json)
        .with_context(|| format!("writing {}", args.output.display()))?;
    crate::stdout::outln!(
        "Merged {} shards: {} accounts, {} collection errors -> {}",
        merged.meta.merged_from.len(),
        merged.account_access.len(),
        merged.errors.len(),
        args.output.display()
    );
    Ok(Exit::Clean)
}
