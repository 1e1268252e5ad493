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
    /// The zone the reports show times in: UTC, JST or an offset such as +09:00 (default: JST
    /// for --lang ja, UTC otherwise). JSON, CSV and the other machine formats stay in UTC.
    #[arg(long, value_name = "ZONE", value_parser = clap::value_parser!(orgaudit_report::Zone))]
    pub tz: Option<orgaudit_report::Zone>,
    #[command(flatten)]
    pub selection: SelectionArgs,
}

impl PracticeArgs {
    /// `--tz`, or the language's usual zone.
    pub fn zone(&self) -> orgaudit_report::Zone {
        self.tz.clone().unwrap_or_else(|| match self.lang {
            Lang::Ja => orgaudit_report::Zone {
                offset_minutes: 9 * 60,
                name: "JST".into(),
            },
            _ => orgaudit_report::Zone::default(),
        })
    }
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

/// What a run judges and what its outputs hold, as Prowler users select it. Composes with the
/// practices file: a practice runs when the file leaves it on and the flags select it.
#[derive(Debug, Clone, Default, Args)]
pub struct SelectionArgs {
    /// Only these practices: ids or patterns with `*`, comma-separated (`S3.6,CT.*`).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub checks: Vec<String>,
    /// Never these practices (ids or patterns with `*`).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub excluded_checks: Vec<String>,
    /// Only the practices of these services: organizations, sso, s3, cloudtrail, collection,
    /// configuration.
    #[arg(long, value_delimiter = ',', value_name = "SERVICES", value_parser = parse_service)]
    pub services: Vec<orgaudit_rules::Service>,
    /// Outputs hold only findings of these severities (critical, high, medium, low, info).
    #[arg(long, value_delimiter = ',', value_name = "LEVELS", value_parser = parse_severity)]
    pub severity: Vec<Severity>,
    /// Outputs hold only findings with these statuses (pass, fail, unknown).
    #[arg(long, value_delimiter = ',', value_name = "STATUSES", value_parser = parse_status)]
    pub status: Vec<orgaudit_model::Status>,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

fn parse_status(s: &str) -> Result<orgaudit_model::Status, String> {
    match s.to_ascii_lowercase().as_str() {
        "pass" => Ok(orgaudit_model::Status::Pass),
        "fail" => Ok(orgaudit_model::Status::Fail),
        "unknown" => Ok(orgaudit_model::Status::Unknown),
        other => Err(format!(
            "unknown status `{other}` (expected pass, fail or unknown)"
        )),
    }
}

/// A practice area by the names users type.
pub fn parse_service(s: &str) -> Result<orgaudit_rules::Service, String> {
    use orgaudit_rules::Service as S;
    match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
        "organizations" | "org" => Ok(S::Organizations),
        "sso" | "identitycenter" => Ok(S::Sso),
        "s3" => Ok(S::S3),
        "cloudtrail" | "ct" => Ok(S::CloudTrail),
        "collection" | "cov" => Ok(S::Collection),
        "configuration" | "cfg" => Ok(S::Configuration),
        other => Err(format!(
            "unknown service `{other}` (expected organizations, sso, s3, cloudtrail, collection or configuration)"
        )),
    }
}

/// A practice id against a `--checks` pattern: IAM's wildcard matching (`*` any run of
/// characters), case ignored.
fn glob(pattern: &str, id: &str) -> bool {
    orgaudit_policy::wildcard_match(pattern, id, true)
}

impl SelectionArgs {
    /// Does the selection run this practice?
    pub fn selects(&self, meta: &orgaudit_rules::RuleMeta) -> bool {
        (self.checks.is_empty() || self.checks.iter().any(|p| glob(p, meta.id)))
            && !self.excluded_checks.iter().any(|p| glob(p, meta.id))
            && (self.services.is_empty() || self.services.contains(&meta.service))
    }

    /// Does a finding go into the outputs?
    pub fn keeps(&self, f: &orgaudit_model::Finding) -> bool {
        (self.severity.is_empty() || self.severity.contains(&f.severity))
            && (self.status.is_empty() || self.status.contains(&f.status))
    }

    /// Every pattern must name at least one practice: a typo is refused with the closest id.
    pub fn check(&self) -> Result<(), String> {
        let ids: Vec<&'static str> = orgaudit_rules::registered()
            .iter()
            .map(|r| r.meta().id)
            .collect();
        for (flag, patterns) in [
            ("--checks", &self.checks),
            ("--excluded-checks", &self.excluded_checks),
        ] {
            for p in patterns {
                if !ids.iter().any(|id| glob(p, id)) {
                    let closest = ids
                        .iter()
                        .min_by_key(|id| {
                            orgaudit_aws::regions::distance(&p.to_ascii_uppercase(), id)
                        })
                        .copied()
                        .unwrap_or_default();
                    return Err(format!(
                        "{flag} {p}: no practice matches it (did you mean {closest}? `orgaudit rules` lists them)"
                    ));
                }
            }
        }
        Ok(())
    }

    /// What was selected, one `--flag value` per entry (recorded in `run.json` and shown in
    /// the report's header); empty when nothing was.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |flag: &str, values: Vec<String>| {
            if !values.is_empty() {
                out.push(format!("{flag} {}", values.join(",")));
            }
        };
        add("--checks", self.checks.clone());
        add("--excluded-checks", self.excluded_checks.clone());
        add(
            "--services",
            self.services
                .iter()
                .map(|s| s.label().to_ascii_lowercase())
                .collect(),
        );
        add(
            "--severity",
            self.severity
                .iter()
                .map(|s| s.as_str().to_string())
                .collect(),
        );
        add(
            "--status",
            self.status.iter().map(|s| s.as_str().to_string()).collect(),
        );
        out
    }
}

/// Which files a run writes besides `snapshot.json` and `run.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// report.html
    Html,
    /// findings.json
    Json,
    /// findings.jsonl: one finding per line
    Jsonl,
    /// findings.csv, access-matrix.csv, data-events.csv, drift.csv
    Csv,
    /// findings.sarif (GitHub code scanning)
    Sarif,
    /// findings.ocsf.json (OCSF 1.5.0 Detection Finding)
    Ocsf,
    /// findings.asff.json (Security Hub)
    Asff,
    /// compliance-<framework>.csv
    Compliance,
}

/// `--output-formats` and `--jsonl` (shared by `audit` and `report`).
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Files to write, comma-separated (snapshot.json and run.json are always written).
    #[arg(
        long,
        value_delimiter = ',',
        value_enum,
        default_value = "html,json,csv,sarif,ocsf,compliance"
    )]
    pub output_formats: Vec<Format>,
    /// Also write findings.jsonl (one finding per line).
    #[arg(long)]
    pub jsonl: bool,
}

impl OutputArgs {
    pub fn formats(&self) -> std::collections::BTreeSet<Format> {
        let mut set: std::collections::BTreeSet<Format> =
            self.output_formats.iter().copied().collect();
        if self.jsonl {
            set.insert(Format::Jsonl);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_prowler_users_write_them() {
        assert!(glob("CT.*", "CT.1"));
        assert!(glob("ct.*", "CT.10"));
        assert!(glob("S3.6", "S3.6"));
        assert!(!glob("S3.6", "S3.60"));
        assert!(glob("*.1", "ORG.1"));
        assert!(!glob("ORG.1*", "CT.1"));
        assert!(glob("O*G.1*", "ORG.10"));
    }

    #[test]
    fn a_typo_names_the_closest_practice() {
        let s = SelectionArgs {
            checks: vec!["S3.66".into()],
            ..Default::default()
        };
        let e = s.check().unwrap_err();
        assert!(e.contains("did you mean S3.6"), "{e}");
        let ok = SelectionArgs {
            checks: vec!["CT.*".into(), "s3.6".into()],
            ..Default::default()
        };
        assert!(ok.check().is_ok());
    }
}
