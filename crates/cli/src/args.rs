//! Command-line arguments shared by several commands. A leaf module.

use clap::Args;
use orgaudit_model::Severity;
use orgaudit_report::Lang;
use std::path::PathBuf;

/// How findings are judged and presented (shared by `audit` and `diff`).
#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// Practices file (rule switches, severities, parameters, exceptions). Default:
    /// ./orgaudit.toml when it exists. Validated before any AWS call.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The strict profile: every practice at its demanding setting (S3.3 requires SSE-KMS).
    #[arg(long)]
    pub strict: bool,
    /// Language of the reports: practice texts and the reports' own strings.
    #[arg(long, default_value = "en", value_parser = clap::value_parser!(Lang))]
    pub lang: Lang,
}

/// `--fail-on`: a severity, or `none` for never.
#[derive(Debug, Clone, Copy)]
pub struct FailOn(pub Option<Severity>);

pub fn parse_fail_on(s: &str) -> Result<FailOn, String> {
    if s.eq_ignore_ascii_case("none") {
        Ok(FailOn(None))
    } else {
        s.parse().map(|s| FailOn(Some(s)))
    }
}
