//! The practices file, `orgaudit.toml`: which practices run, at what severity, with which
//! parameters, and the accepted-risk exceptions.
//!
//! ```toml
//! [rules."S3.8"]
//! enabled = false                      # any rule: turn it off
//!
//! [rules."CT.3"]
//! severity = "high"                    # any rule: replace its findings' severity
//! required_buckets = ["*-sensitive"]   # CT.3 only
//!
//! [[exceptions]]
//! rule = "S3.1"                        # a rule id or a pattern such as "S3.*"
//! resource = "arn:aws:s3:::scratch-*"  # matched against the ARN or the resource's name
//! account = "123456789012"             # optional
//! reason = "Ephemeral CI buckets, recreated daily"
//! expires = 2027-03-31                 # last day the exception applies (UTC)
//! ```
//!
//! The file is read and validated before any AWS call. Every mistake is an error that names
//! the file, the line and the column: TOML syntax, unknown keys, unknown rule ids, a parameter
//! under a rule that does not take it, bad severities, durations or dates, empty reasons.
//! The annotated reference is `orgaudit.example.toml` at the repository root.

use orgaudit_model::sso::SsoSnapshot;
use orgaudit_model::Severity;
use orgaudit_policy::wildcard_match;
use orgaudit_rules::{Exception, RuleOverride, Settings};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// Parameters a rule accepts, besides `enabled` and `severity`: (key, rule id, meaning).
pub const PARAMETERS: &[(&str, &str, &str)] = &[
    ("require_kms", "S3.3", "default encryption must use SSE-KMS or DSSE-KMS (true/false)"),
    ("elevated_max_session", "SSO.5", "longest session for admin-equivalent or privileged permission sets (ISO 8601, e.g. \"PT1H\")"),
    ("any_max_session", "SSO.5", "longest session for any permission set (ISO 8601, e.g. \"PT8H\")"),
    ("allowed_admin_permission_sets", "SSO.2", "permission sets allowed to be admin-equivalent, e.g. a break-glass set (name patterns)"),
    ("required_buckets", "CT.3", "buckets that must have read data events; the others are reported at info (name patterns)"),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rules: BTreeMap<String, Spanned<RawRule>>,
    #[serde(default)]
    exceptions: Vec<Spanned<RawException>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    enabled: Option<bool>,
    severity: Option<Spanned<String>>,
    require_kms: Option<Spanned<bool>>,
    elevated_max_session: Option<Spanned<String>>,
    any_max_session: Option<Spanned<String>>,
    allowed_admin_permission_sets: Option<Spanned<Vec<String>>>,
    required_buckets: Option<Spanned<Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    rule: Spanned<String>,
    resource: Spanned<String>,
    account: Option<Spanned<String>>,
    reason: Spanned<String>,
    expires: Spanned<toml::value::Datetime>,
}

/// Read and validate a practices file on top of `base` (the defaults or the strict profile).
pub fn load(path: &Path, base: Settings) -> Result<Settings, ConfigError> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: label.clone(),
        source,
    })?;
    parse(&text, &label, base)
}

/// Validate `text` (named `label` in errors) and apply it on top of `base`.
pub fn parse(text: &str, label: &str, base: Settings) -> Result<Settings, ConfigError> {
    let at = |span: Range<usize>, message: String| {
        let (line, column) = line_column(text, span.start);
        ConfigError::Invalid {
            path: label.to_string(),
            line,
            column,
            message,
        }
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        at(
            e.span().unwrap_or(0..0),
            e.message().trim_end().replace('\n', " "),
        )
    })?;

    let known: Vec<&'static str> = orgaudit_rules::catalogue()
        .into_iter()
        .map(|r| r.meta().id)
        .collect();
    let mut settings = base;
    for (id, rule) in raw.rules {
        let span = rule.span();
        let rule = rule.into_inner();
        if !known.contains(&id.as_str()) {
            return Err(at(
                span,
                format!("unknown rule `{id}` (known: {})", known.join(", ")),
            ));
        }
        check_parameters(&id, &rule).map_err(|(span, m)| at(span, m))?;
        let severity = match &rule.severity {
            None => None,
            Some(s) => Some(
                s.get_ref()
                    .parse::<Severity>()
                    .map_err(|m| at(s.span(), m))?,
            ),
        };
        if let Some(v) = rule.require_kms {
            settings.s3_require_kms = *v.get_ref();
        }
        if let Some(v) = &rule.elevated_max_session {
            settings.sso_elevated_max_secs = duration(v).map_err(|(s, m)| at(s, m))?;
        }
        if let Some(v) = &rule.any_max_session {
            settings.sso_any_max_secs = duration(v).map_err(|(s, m)| at(s, m))?;
        }
        if let Some(v) = rule.allowed_admin_permission_sets {
            settings.sso_allowed_admin_sets = patterns(v).map_err(|(s, m)| at(s, m))?;
        }
        if let Some(v) = rule.required_buckets {
            settings.ct_read_required_buckets = patterns(v).map_err(|(s, m)| at(s, m))?;
        }
        settings.rules.insert(
            id,
            RuleOverride {
                enabled: rule.enabled.unwrap_or(true),
                severity,
            },
        );
    }

    for e in raw.exceptions {
        let span = e.span();
        let e = e.into_inner();
        let rule_id = e.rule.get_ref().trim().to_string();
        // Exceptions match rule ids case-insensitively, with `*` and `?`.
        if !known.iter().any(|id| wildcard_match(&rule_id, id, true)) {
            return Err(at(
                e.rule.span(),
                format!(
                    "exception for `{rule_id}`, which names no rule (known: {})",
                    known.join(", ")
                ),
            ));
        }
        if e.resource.get_ref().trim().is_empty() {
            return Err(at(
                e.resource.span(),
                "an exception needs a resource pattern (use \"*\" for every resource of the rule)"
                    .into(),
            ));
        }
        if e.reason.get_ref().trim().is_empty() {
            return Err(at(
                e.reason.span(),
                "an exception needs a reason: it is what the report shows".into(),
            ));
        }
        let expires = date(&e.expires).map_err(|m| at(e.expires.span(), m))?;
        let (line, _) = line_column(text, span.start);
        settings.exceptions.push(Exception {
            rule_id,
            resource: e.resource.into_inner(),
            account_id: e.account.map(Spanned::into_inner),
            reason: e.reason.into_inner(),
            expires,
            origin: format!("{}:{line}", file_name(label)),
        });
    }
    Ok(settings)
}

/// A parameter under a rule that does not take it is a mistake worth stopping for.
fn check_parameters(id: &str, rule: &RawRule) -> Result<(), (Range<usize>, String)> {
    let given: [(&str, Option<Range<usize>>); 5] = [
        ("require_kms", rule.require_kms.as_ref().map(Spanned::span)),
        (
            "elevated_max_session",
            rule.elevated_max_session.as_ref().map(Spanned::span),
        ),
        (
            "any_max_session",
            rule.any_max_session.as_ref().map(Spanned::span),
        ),
        (
            "allowed_admin_permission_sets",
            rule.allowed_admin_permission_sets
                .as_ref()
                .map(Spanned::span),
        ),
        (
            "required_buckets",
            rule.required_buckets.as_ref().map(Spanned::span),
        ),
    ];
    for (key, span) in given {
        let Some(span) = span else { continue };
        let owner = PARAMETERS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, owner, _)| *owner)
            .unwrap_or_default();
        if owner != id {
            return Err((
                span,
                format!("`{key}` is a parameter of {owner}, not of {id}"),
            ));
        }
    }
    Ok(())
}

fn duration(v: &Spanned<String>) -> Result<u64, (Range<usize>, String)> {
    match SsoSnapshot::duration_seconds(v.get_ref()) {
        Some(secs) if secs > 0 => Ok(secs),
        _ => Err((
            v.span(),
            format!(
                "`{}` is not an ISO 8601 duration such as \"PT1H\" or \"PT90M\"",
                v.get_ref()
            ),
        )),
    }
}

fn patterns(v: Spanned<Vec<String>>) -> Result<Vec<String>, (Range<usize>, String)> {
    let span = v.span();
    let list = v.into_inner();
    if list.iter().any(|p| p.trim().is_empty()) {
        return Err((span, "empty pattern in the list".into()));
    }
    Ok(list)
}

fn date(v: &Spanned<toml::value::Datetime>) -> Result<time::Date, String> {
    let dt = v.get_ref();
    match (&dt.date, &dt.time) {
        (Some(d), None) => time::Date::from_calendar_date(
            i32::from(d.year),
            time::Month::try_from(d.month).map_err(|e| e.to_string())?,
            d.day,
        )
        .map_err(|e| format!("`{dt}` is not a calendar date: {e}")),
        _ => Err(format!(
            "`expires` takes a date such as 2027-03-31 (the last day the exception applies), not `{dt}`"
        )),
    }
}

fn file_name(label: &str) -> &str {
    Path::new(label)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(label)
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count() + 1)
        .unwrap_or(1);
    (line, column)
}

#[cfg(test)]
mod tests;
