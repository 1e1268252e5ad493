use crate::args::{parse_fail_on, FailOn, PracticeArgs};
use crate::evaluate::{self, Presentation};
use crate::exit::Exit;
use crate::upload::UploadArgs;
use crate::{output, progress};
use anyhow::{bail, Context as _};
use clap::Args;
use orgaudit_aws::{Access, AccessOptions, Transport};
use orgaudit_collect::{CollectOptions, Progress};
use orgaudit_model::{Shard, Snapshot};
use orgaudit_report::DriftSection;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The bundled demo organization: traffic recorded against the emulator by
/// `cargo xtask record-demo`, replayed through the real collectors.
const DEMO_TRAFFIC: &str = include_str!("../../../tests/fixtures/demo/organization.json");
/// The member role the demo was recorded with (`cargo xtask record-demo`).
pub const DEMO_ROLE: &str = "OrganizationAccountAccessRole";
/// The regions the demo was recorded with (`cargo xtask record-demo`).
pub const DEMO_REGIONS: &[&str] = &["us-east-1", "eu-west-1"];

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Reports folder: runs are written to <out>/<org-id>/<UTC timestamp>/.
    #[arg(long, default_value = "reports")]
    out: PathBuf,
    /// Exit 1 when a failing finding reaches this severity (`none`: never).
    #[arg(long, default_value = "high", value_parser = parse_fail_on)]
    fail_on: FailOn,
    /// Keep only the N newest run folders of the organization in --out (never the newest, nor
    /// the one `latest` points to).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    keep: Option<u32>,
    #[command(flatten)]
    pub upload: UploadArgs,
    #[command(flatten)]
    pub security_hub: crate::security_hub::SecurityHubArgs,
    #[command(flatten)]
    pub practices: PracticeArgs,
    #[command(flatten)]
    pub output: crate::args::OutputArgs,
}

/// Where a snapshot comes from and how AWS is read (shared by `audit` and `collect`).
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Audit the whole organization (management-account or delegated-admin credentials).
    #[arg(long)]
    pub org: bool,
    /// Replay the bundled demo organization instead of calling AWS (no account, no network).
    #[arg(long)]
    pub demo: bool,
    /// Replay traffic recorded with `--record` (a test fixture, or a run to reproduce) instead
    /// of calling AWS: nothing is sent anywhere.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["demo", "record", "endpoint_url"])]
    pub replay: Option<PathBuf>,
    /// Audit only these member accounts (ids, comma-separated); the others are skipped.
    #[arg(long, value_delimiter = ',', value_name = "IDS", value_parser = parse_account_id)]
    pub accounts: Vec<String>,
    /// Never audit these accounts (ids, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "IDS", value_parser = parse_account_id)]
    pub excluded_accounts: Vec<String>,
    /// Audit only the accounts under these OUs, at any depth: OU ids (`ou-…`, `r-…`) or paths
    /// of OU names (`Root/Workloads/Prod` or `Workloads/Prod`), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "OUS")]
    pub ous: Vec<String>,
    /// Named profile from the shared AWS config (SSO profiles included).
    #[arg(long)]
    pub profile: Option<String>,
    /// Home region for global APIs (default: the profile's, AWS_REGION, or us-east-1).
    #[arg(long)]
    region: Option<String>,
    /// Regions to audit, comma-separated, each in the accounts where it is enabled (default:
    /// every region enabled for each account, as account:ListRegions says). Checked against
    /// the partition's regions: a typo is refused with the closest name.
    #[arg(long, value_delimiter = ',', value_parser = parse_region)]
    regions: Vec<String>,
    /// The region of the IAM Identity Center instance. Without it the instance is searched in
    /// the home region, then in the other audited regions; not found, the Identity Center
    /// practices say `unknown` (never pass).
    #[arg(long, value_parser = parse_region)]
    sso_region: Option<String>,
    /// Read IAM Identity Center in its delegated administrator account (Organizations names
    /// it: ListDelegatedAdministrators for sso.amazonaws.com) by assuming this role there.
    /// Without it, a caller that is neither the management account nor that administrator
    /// assumes --role-name there.
    #[arg(long, value_name = "ROLE_NAME")]
    sso_role: Option<String>,
    /// Pace a service whose request quota the organization's other tools share:
    /// SERVICE=REQUESTS_PER_SECOND, repeatable; 0 leaves it unpaced. Defaults:
    /// organizations=10, identity-center=15, account=4 (ListRegions is documented at 5 a
    /// second per account).
    #[arg(long = "rate", value_name = "SERVICE=N", value_parser = parse_rate)]
    rates: Vec<String>,
    /// Role assumed in every member account: by default the read-only role the templates of
    /// `orgaudit iam` and deploy/ create (OrgAuditReadOnly), the only role the management
    /// policy lets the caller assume.
    #[arg(long, default_value = orgaudit_aws::iam::DEFAULT_AUDIT_ROLE)]
    pub(crate) role_name: String,
    /// External id required by the member role's trust policy.
    #[arg(long, env = "ORGAUDIT_EXTERNAL_ID", hide_env_values = true)]
    external_id: Option<String>,
    /// Send every request to this endpoint (an emulator); also read from AWS_ENDPOINT_URL.
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// HTTP requests in flight at once, over the whole run (every account, bucket and service).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    concurrency: u16,
    /// Attempts per API operation, first included (standard retry with backoff between them).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=20))]
    max_attempts: u32,
    /// Seconds one attempt may take (connect, send, answer) before it fails and is retried.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    attempt_timeout: u64,
    /// Record all HTTP traffic to this file (dvr JSON), for fixtures.
    #[arg(long, hide = true)]
    record: Option<PathBuf>,
    /// Never draw progress bars (they are drawn only on a terminal anyway).
    #[arg(long)]
    no_progress: bool,
}

/// `--rate SERVICE=N`, checked as clap reads it.
fn parse_rate(s: &str) -> Result<String, String> {
    orgaudit_aws::pace::Rates::default().set(s)?;
    Ok(s.to_string())
}

pub async fn run(args: AuditArgs) -> anyhow::Result<Exit> {
    // The practices file and the upload target are checked before anything touches AWS.
    let (settings, config_source) = evaluate::catalogue(&args.practices)?;
    if args.source.demo && args.upload.target().is_some() {
        bail!("--demo replays a recorded organization without AWS; it cannot --upload to S3");
    }
    if args.source.replay.is_some() && args.upload.target().is_some() {
        bail!("--replay reads recorded traffic without AWS; it cannot --upload to S3");
    }
    if (args.source.demo || args.source.replay.is_some()) && args.security_hub.security_hub {
        bail!("--demo and --replay read recorded traffic without AWS; they cannot import into Security Hub");
    }
    let snapshot = collect(&args.source, None).await?;

    let drift_of = |snapshot: &Snapshot, findings: &[orgaudit_model::Finding]| {
        previous_run_drift(&args.out, snapshot, findings, &settings)
    };
    let org_id = snapshot
        .organization
        .info
        .ok()
        .map(|i| i.id.clone())
        .unwrap_or_else(|| "unknown-organization".into());
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
            formats: {
                let mut formats = args.output.formats();
                // What is imported is the file on disk.
                if args.security_hub.security_hub {
                    formats.insert(crate::args::Format::Asff);
                }
                formats
            },
        },
        Some(&drift_of),
        Default::default(),
    )?;
    // Delivery only once the run folder is complete on disk.
    crate::upload::deliver(
        &args.upload,
        args.source.profile.clone(),
        args.source.endpoint_url.clone(),
        &args.out,
        &written.dir,
    )
    .await?;
    crate::security_hub::import_run(
        &args.security_hub,
        crate::security_hub::Connection {
            profile: args.source.profile.clone(),
            region: args.source.region.clone(),
            endpoint_url: args.source.endpoint_url.clone(),
            external_id: args.source.external_id.clone(),
        },
        &written.dir,
    )
    .await?;
    if let Some(keep) = args.keep {
        let org_dir = output::org_dir(&args.out, &org_id);
        for gone in output::prune(&org_dir, keep as usize).context("pruning old runs")? {
            tracing::info!(run = %gone.display(), "removed (--keep)");
        }
    }
    Ok(written.exit)
}

/// An AWS account id: twelve digits (Organizations API Reference, "Account": `Id`).
fn parse_account_id(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not an account id (twelve digits)"))
    }
}

/// Read the organization (or replay the demo) into a snapshot: the whole organization, or
/// one shard of its accounts.
pub async fn collect(args: &SourceArgs, shard: Option<Shard>) -> anyhow::Result<Snapshot> {
    if !args.org {
        bail!("orgaudit audits whole organizations: pass --org (see `orgaudit audit --help`)");
    }
    if args.demo && args.record.is_some() {
        bail!("--demo replays recorded traffic; it cannot record at the same time");
    }
    if !args.ous.is_empty() && shard.is_some_and(|s| !s.is_first()) {
        bail!("--ous needs the OU tree, which only shard 1 reads: select accounts with --accounts in the other shards");
    }
    let transport = if args.demo {
        Transport::Replay(DEMO_TRAFFIC.to_string())
    } else if let Some(path) = &args.replay {
        Transport::Replay(
            std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("--replay: cannot read {}: {e}", path.display()))?,
        )
    } else if let Some(path) = &args.record {
        Transport::Record(path.clone())
    } else {
        Transport::Live
    };
    let access = Access::connect(AccessOptions {
        profile: args.profile.clone(),
        region: args.region.clone(),
        endpoint_url: if args.demo {
            None
        } else {
            args.endpoint_url.clone()
        },
        // The demo replays requests recorded with the role the emulator's accounts have.
        role_name: if args.demo {
            DEMO_ROLE.to_string()
        } else {
            args.role_name.clone()
        },
        external_id: args.external_id.clone(),
        transport,
        max_attempts: args.max_attempts,
        attempt_timeout: std::time::Duration::from_secs(args.attempt_timeout),
        max_in_flight: usize::from(args.concurrency),
        rates: {
            let mut rates = orgaudit_aws::pace::Rates::default();
            for r in &args.rates {
                rates
                    .set(r)
                    .map_err(|why| anyhow::anyhow!("--rate: {why}"))?;
            }
            rates
        },
    })
    .await?;
    tracing::info!(
        caller = access.caller_arn(),
        mode = access.mode(),
        "connected"
    );
    // Regions are a partition's (AWS General Reference, "AWS Regions"): checked once the
    // caller's partition is known, before anything else is read.
    orgaudit_aws::regions::check(access.partition(), &args.regions)
        .map_err(|why| anyhow::anyhow!("--regions: {why}"))?;
    if args.demo {
        if let Some(r) = args
            .regions
            .iter()
            .find(|r| !DEMO_REGIONS.contains(&r.as_str()))
        {
            bail!(
                "the demo was recorded in {} only; --regions {r} cannot be replayed",
                DEMO_REGIONS.join(" and ")
            );
        }
    }

    let bars: Box<dyn Progress> = if !args.no_progress && std::io::stderr().is_terminal() {
        Box::new(progress::Bars::new(Some(access.counter().clone())))
    } else {
        Box::new(orgaudit_collect::Quiet)
    };
    let snapshot = orgaudit_collect::collect(
        &access,
        &CollectOptions {
            concurrency: usize::from(args.concurrency),
            regions: if args.demo && args.regions.is_empty() {
                DEMO_REGIONS.iter().map(|r| r.to_string()).collect()
            } else {
                args.regions.clone()
            },
            shard,
            sso_region: args.sso_region.clone(),
            sso_role: args.sso_role.clone(),
            selection: orgaudit_collect::selection::AccountSelection {
                accounts: args.accounts.clone(),
                excluded: args.excluded_accounts.clone(),
                ous: args.ous.clone(),
            },
        },
        bars.as_ref(),
    )
    .await?;
    access.finish()?;
    Ok(snapshot)
}

/// Compare with the run `latest` points to in the same reports folder, if there is one.
fn previous_run_drift(
    out: &Path,
    snapshot: &Snapshot,
    findings: &[orgaudit_model::Finding],
    settings: &orgaudit_rules::Catalogue,
) -> DriftSection {
    let org = snapshot
        .organization
        .info
        .ok()
        .map(|i| i.id.as_str())
        .unwrap_or("unknown-organization");
    let latest = output::org_dir(out, org).join("latest");
    if !latest.exists() {
        return DriftSection::NoPreviousRun;
    }
    let previous = match evaluate::load_snapshot(&latest) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!("the previous run cannot be compared: {e:#}");
            eprintln!("warning: no drift section: the previous run cannot be read: {e:#}");
            return DriftSection::NoPreviousRun;
        }
    };
    match evaluate::drift(&previous, snapshot, findings, settings) {
        Ok(d) => DriftSection::Compared(Box::new(d)),
        Err(e) => {
            eprintln!("warning: no drift section: {e:#}");
            DriftSection::NoPreviousRun
        }
    }
}

/// A region name as AWS writes them (`ap-northeast-1`, `us-gov-west-1`): lowercase letters,
/// digits and dashes, starting with a letter.
fn parse_region(s: &str) -> Result<String, String> {
    let ok = s.len() <= 32
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.split('-').count() >= 3
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("{s:?} is not a region name (e.g. ap-northeast-1)"))
    }
}
