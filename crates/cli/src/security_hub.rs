//! `--security-hub`: import the run's `findings.asff.json` into AWS Security Hub (opt-in; a
//! write, through the importer's own BatchImportFindings-only client: see
//! `orgaudit_aws::securityhub`).
//!
//! With the default product ARN each account's findings must be imported from that account
//! (Security Hub API Reference, "BatchImportFindings"). The findings of the account that runs
//! orgaudit are imported with its own credentials; every other account's with
//! `--security-hub-role`, assumed there. Without that role, the other accounts' findings are
//! not imported, and the run says so and fails: nothing is left out silently.

use crate::stdout::outln;
use anyhow::{bail, Context as _};
use clap::Args;
use orgaudit_aws::securityhub::{by_account, import};
use orgaudit_aws::{Access, AccessOptions, Transport};
use std::path::Path;

#[derive(Debug, Args)]
pub struct SecurityHubArgs {
    /// After the reports are written, import findings.asff.json into AWS Security Hub
    /// (BatchImportFindings, 100 at a time), each account's findings in that account and in
    /// the audit's region. Security Hub must be enabled there. A write, with its own
    /// BatchImportFindings-only client.
    #[arg(long)]
    pub security_hub: bool,
    /// Role assumed in each member account to import its findings (it needs
    /// securityhub:BatchImportFindings: `orgaudit iam --scope security-hub`). Without it,
    /// only the findings of the account running orgaudit can be imported.
    #[arg(long, value_name = "ROLE", requires = "security_hub")]
    pub security_hub_role: Option<String>,
}

/// Access to AWS for the import: the audit's profile, endpoint, region and external id.
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub external_id: Option<String>,
}

/// Import `run_dir/findings.asff.json` when `--security-hub` asks for it.
pub async fn import_run(
    args: &SecurityHubArgs,
    conn: Connection,
    run_dir: &Path,
) -> anyhow::Result<()> {
    if !args.security_hub {
        return Ok(());
    }
    let path = run_dir.join("findings.asff.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("--security-hub: reading {}", path.display()))?;
    let findings: Vec<serde_json::Value> = serde_json::from_str(&text)
        .with_context(|| format!("--security-hub: {} is not a JSON array", path.display()))?;
    let total = findings.len();
    let access = Access::connect(AccessOptions {
        profile: conn.profile,
        region: conn.region,
        endpoint_url: conn.endpoint_url,
        role_name: args
            .security_hub_role
            .clone()
            .unwrap_or_else(|| orgaudit_aws::iam::DEFAULT_AUDIT_ROLE.into()),
        external_id: conn.external_id,
        transport: Transport::Live,
        max_attempts: 5,
        ..AccessOptions::default()
    })
    .await?;
    let (groups, invalid) = by_account(findings);
    let mut imported = 0;
    let mut accounts = 0;
    let mut problems: Vec<String> = invalid
        .iter()
        .map(|(id, why)| format!("{id}: {why}"))
        .collect();
    for group in &groups {
        let n = group.findings.len();
        let session = if group.account_id == access.caller_account() {
            access.caller_session()
        } else if let Some(role) = &args.security_hub_role {
            match access.assume_role(&group.account_id, role).await {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!(
                        "{} ({n} findings): cannot assume {role}: {}: {}",
                        group.account_id, e.code, e.message
                    ));
                    continue;
                }
            }
        } else {
            problems.push(format!(
                "{} ({n} findings): not imported: with the default product ARN an account's \
                 findings are imported from that account; pass --security-hub-role",
                group.account_id
            ));
            continue;
        };
        let outcome = import(&session, group).await;
        imported += outcome.imported;
        if outcome.imported > 0 {
            accounts += 1;
        }
        for (id, code, message) in &outcome.failed {
            problems.push(format!("{}: {id}: {code}: {message}", group.account_id));
        }
        if let Some((e, left)) = &outcome.error {
            problems.push(format!(
                "{} ({left} findings not sent): BatchImportFindings failed with {}: {}",
                group.account_id, e.code, e.message
            ));
        }
    }
    outln!("Security Hub: {imported} of {total} findings imported into {accounts} accounts");
    if !problems.is_empty() {
        let shown = problems.iter().take(20).cloned().collect::<Vec<_>>();
        let more = problems.len().saturating_sub(shown.len());
        let mut msg = format!(
            "--security-hub: {} of {total} findings were not imported (the local run folder is complete):\n  {}",
            total - imported,
            shown.join("\n  ")
        );
        if more > 0 {
            msg.push_str(&format!("\n  … and {more} more"));
        }
        bail!(msg);
    }
    Ok(())
}
