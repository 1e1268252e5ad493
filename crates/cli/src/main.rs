//! `orgaudit`: audit an AWS Organization against documented security practices, read-only.
//!
//! Exit codes (see README): 0 clean, 1 a failing finding at or above `--fail-on`,
//! 2 usage or fatal error, 3 no failing finding at the threshold but the collection was
//! incomplete (some data could not be read: see the `unknown` findings).

mod args;
mod audit;
mod diff;
mod evaluate;
mod exit;
mod output;
mod progress;
mod report_cmd;
mod rules_cmd;
mod run_record;
mod security_hub;
mod shards;
mod stdout;
mod upload;

use crate::exit::{block_on, Exit};
use clap::{Parser, Subcommand, ValueEnum};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "orgaudit",
    version,
    about = "Audit an AWS Organization against documented security practices, read-only."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Log format on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// More log output (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum IamOutput {
    Management,
    Member,
    Cloudformation,
    ScheduledTask,
    /// `--security-hub`: the principal that runs orgaudit (its own account's findings, and
    /// assuming the import role in the others).
    SecurityHub,
    /// `--security-hub-role`: the import role in every member account.
    SecurityHubRole,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Collect a snapshot of the organization, evaluate the practices, write the reports.
    Audit(Box<audit::AuditArgs>),
    /// Compare two runs (run folders or snapshot files): settings that changed per resource
    /// and findings new / resolved / changed. Exit 0: no change; 1: changes.
    Diff(diff::DiffArgs),
    /// Evaluate and render a snapshot collected earlier (run folder, snapshot file or merged
    /// shards), offline.
    Report(report_cmd::ReportArgs),
    /// Collect a snapshot without evaluating it; with --shard I/N, one slice of the accounts
    /// (a partial snapshot for `orgaudit merge`).
    Collect(shards::CollectArgs),
    /// Join the partial snapshots of every shard into one snapshot (refuses mismatched
    /// organizations, schema versions, shard counts or options, and missing shards).
    Merge(shards::MergeArgs),
    /// Print the IAM permissions orgaudit needs, derived from its read-only allow-list.
    Iam {
        /// `management`: the principal that runs orgaudit; `member`: the audit role in every
        /// member account; `cloudformation`: a StackSet-ready template creating that role;
        /// `scheduled-task`: EventBridge Scheduler + ECS Fargate template for nightly runs;
        /// `security-hub` and `security-hub-role`: the opt-in `--security-hub` import (the
        /// runner's and the member accounts' import role's, with --role-name the import role).
        #[arg(long, value_enum, default_value_t = IamOutput::Management)]
        scope: IamOutput,
        /// The member audit role the management policy may assume.
        #[arg(long, default_value = orgaudit_aws::iam::DEFAULT_AUDIT_ROLE)]
        role_name: String,
        /// The partition of the policies' ARNs (aws, aws-cn, aws-us-gov…); the CloudFormation
        /// templates take theirs from `${AWS::Partition}`.
        #[arg(long, default_value = "aws", value_parser = clap::builder::PossibleValuesParser::new(orgaudit_aws::iam::PARTITIONS))]
        partition: String,
    },
    /// Print the rule catalogue: id, severity, service, controls and title, in columns.
    Rules {
        /// Print Markdown (the source of docs/RULES.md) instead of a table.
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        /// Print JSON: one object per practice (id, service, severity, title, controls, params).
        #[arg(long)]
        json: bool,
        /// Language of the titles.
        #[arg(long, default_value = "en", value_parser = clap::value_parser!(orgaudit_report::Lang))]
        lang: orgaudit_report::Lang,
        /// List the compliance frameworks orgaudit maps to, with how many of their controls its
        /// practices cover (`--json` for the whole mapping).
        #[arg(long)]
        list_compliance: bool,
    },
    /// Print the JSON Schema (draft 2020-12) of findings.json, version 1 (the source of
    /// docs/findings.schema.json).
    Schema,
}

fn init_logging(format: LogFormat, verbose: u8) {
    // Without -v, only orgaudit's own warnings: the SDK's (credential chain, instance
    // metadata) are detail for -v, and errors reach the user as one sentence each.
    let default = match verbose {
        0 => {
            "warn,aws_config=off,aws_smithy_runtime=off,aws_smithy_runtime_api=off,aws_runtime=off"
        }
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("ORGAUDIT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Colours only for a person at a terminal, and never with NO_COLOR set (no-color.org):
    // logs written to a file or a pipe carry no escape codes.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// A command's exit code; a fatal error is printed with its context chain and exits 2.
fn report(result: anyhow::Result<Exit>) -> Exit {
    match result {
        Ok(exit) => exit,
        Err(e) => {
            eprintln!("error: {e:#}");
            Exit::Fatal
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format, cli.verbose);
    let exit = match cli.command {
        Command::Schema => match serde_json::to_string_pretty(&orgaudit_report::json::schema()) {
            Ok(text) => {
                crate::stdout::outln!("{text}");
                Exit::Clean
            }
            Err(e) => {
                eprintln!("error: {e}");
                Exit::Fatal
            }
        },
        Command::Rules {
            markdown,
            json,
            lang,
            list_compliance,
        } => {
            if list_compliance {
                crate::stdout::out!("{}", rules_cmd::compliance(json));
            } else if markdown {
                crate::stdout::out!("{}", orgaudit_rules::docs::markdown());
            } else if json {
                crate::stdout::out!("{}", rules_cmd::json(lang));
            } else {
                crate::stdout::out!("{}", rules_cmd::table(lang));
            }
            Exit::Clean
        }
        Command::Iam {
            scope,
            role_name,
            partition,
        } => {
            use orgaudit_aws::iam;
            let doc = match scope {
                IamOutput::Management => {
                    iam::policy_in(iam::Scope::Management, &role_name, &partition)
                }
                IamOutput::Member => iam::policy_in(iam::Scope::Member, &role_name, &partition),
                IamOutput::Cloudformation => iam::member_role_template(),
                IamOutput::ScheduledTask => iam::scheduled_task_template(),
                IamOutput::SecurityHub | IamOutput::SecurityHubRole => {
                    // The import role, not the audit role, unless another is named.
                    let role = if role_name == iam::DEFAULT_AUDIT_ROLE {
                        iam::DEFAULT_IMPORT_ROLE
                    } else {
                        &role_name
                    };
                    iam::security_hub_policy(
                        matches!(scope, IamOutput::SecurityHub),
                        role,
                        &partition,
                    )
                }
            };
            match serde_json::to_string_pretty(&doc) {
                Ok(text) => {
                    crate::stdout::outln!("{text}");
                    Exit::Clean
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Exit::Fatal
                }
            }
        }
        Command::Report(args) => report(report_cmd::run(args)),
        Command::Diff(args) => report(diff::run(args)),
        Command::Merge(args) => report(shards::merge(args)),
        Command::Collect(args) => report(block_on(shards::collect(args)).and_then(|r| r)),
        Command::Audit(args) => report(block_on(audit::run(*args)).and_then(|r| r)),
    };
    ExitCode::from(exit as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "orgaudit",
            "audit",
            "--org",
            "--fail-on",
            "none",
            "--regions",
            "us-east-1,eu-west-1",
        ]);
        assert!(cli.is_ok(), "{cli:?}");
        assert!(
            Cli::try_parse_from(["orgaudit", "audit", "--org", "--fail-on", "severe"]).is_err()
        );
    }

    /// ARCHITECTURE.md, "The binary": its modules form layers, each using only the layers
    /// below it (no import circles): `stdout` (pipe-tolerant output), leaves (`args`, `exit`, `progress`, `upload`), then
    /// `run_record`, `output`, `evaluate`, the commands, and `main` on top.
    #[test]
    fn modules_are_layered_without_circles() {
        const LAYERS: &[&[&str]] = &[
            &["stdout"],
            &["args", "exit", "progress", "upload"],
            &["run_record"],
            &["output"],
            &["evaluate"],
            &["audit"],
            &["diff", "report_cmd", "rules_cmd", "shards"],
        ];
        let layer = |m: &str| LAYERS.iter().position(|l| l.contains(&m));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for l in LAYERS.iter().flat_map(|l| l.iter()) {
            let text = std::fs::read_to_string(dir.join(format!("{l}.rs"))).unwrap();
            let own = layer(l).unwrap();
            for (i, _) in text.match_indices("crate::") {
                let used: String = text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if used == *l {
                    continue; // a module naming itself (its macros' `$crate::` paths)
                }
                let used_layer = match layer(&used) {
                    Some(x) => x,
                    None => continue, // `crate::{a, b}` lists are checked below
                };
                assert!(
                    used_layer < own,
                    "{l} (layer {own}) uses {used} (layer {used_layer})"
                );
            }
            if let Some(i) = text.find("use crate::{") {
                let list = &text[i + 12..i + 12 + text[i + 12..].find('}').unwrap()];
                for used in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let used = used.split("::").next().unwrap_or(used);
                    if let Some(used_layer) = layer(used) {
                        assert!(used_layer < own, "{l} uses {used}");
                    }
                }
            }
        }
    }

    /// One story: the role `--role-name` assumes by default is the role the generated
    /// templates create and the only one the management policy may assume.
    #[test]
    fn the_default_role_is_the_one_the_templates_create() {
        let Ok(Cli {
            command: Command::Audit(args),
            ..
        }) = Cli::try_parse_from(["orgaudit", "audit", "--org"])
        else {
            panic!("audit --org parses");
        };
        assert_eq!(args.source.role_name, orgaudit_aws::iam::DEFAULT_AUDIT_ROLE);
        let template = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../deploy/cloudformation/member-audit-role.json"),
        )
        .unwrap();
        let template: serde_json::Value = serde_json::from_str(&template).unwrap();
        assert_eq!(
            template["Parameters"]["RoleName"]["Default"],
            orgaudit_aws::iam::DEFAULT_AUDIT_ROLE
        );
        let policy = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../deploy/iam/management-reader.json"),
        )
        .unwrap();
        assert!(policy.contains(&format!(":role/{}", orgaudit_aws::iam::DEFAULT_AUDIT_ROLE)));
    }

    #[test]
    fn demo_replays_the_recorded_regions() {
        assert_eq!(audit::DEMO_REGIONS, orgaudit_testkit::DEMO_REGIONS);
    }
}

#[cfg(test)]
mod recipes_tests;
