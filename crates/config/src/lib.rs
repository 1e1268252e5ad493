//! The practices file, `orgaudit.toml`: which practices run, at what severity, with which
//! parameters, and the accepted-risk exceptions.
//!
//! ```toml
//! [rules."S3.8"]
//! enabled = false                      # any rule: turn it off
//!
//! [rules."CT.3"]
//! severity = "high"                    # any rule: replace its default severity
//! required_buckets = ["*-sensitive"]   # a parameter CT.3 declares
//!
//! [[exceptions]]
//! rule = "S3.1"                        # a rule id or a pattern such as "S3.*"
//! resource = "arn:aws:s3:::scratch-*"  # matched against the ARN or the resource's name
//! account = "123456789012"             # optional
//! reason = "Ephemeral CI buckets, recreated daily"
//! expires = 2027-03-31                 # last day the exception applies (UTC)
//! ```
//!
//! The file is read and validated before any AWS call. Parameters are validated against the
//! declarations of the rules themselves (`RuleMeta::params`): nothing here lists them. Every
//! mistake is an error that names the file, the line and the column: TOML syntax, unknown keys,
//! unknown rule ids, a parameter under a rule that does not take it, a value of the wrong kind,
//! bad severities, durations or dates, empty reasons. The annotated reference is
//! `orgaudit.example.toml` at the repository root.

use orgaudit_model::sso::SsoSnapshot;
use orgaudit_model::Severity;
use orgaudit_policy::wildcard_match;
use orgaudit_rules::{Exception, ParamKind, ParamValue, RuleSettings, Settings};
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    rules: BTreeMap<String, Spanned<BTreeMap<String, Spanned<toml::Value>>>>,
    #[serde(default)]
    exceptions: Vec<Spanned<RawException>>,
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

    let registered = orgaudit_rules::registered();
    let known: Vec<&'static str> = registered.iter().map(|r| r.meta().id).collect();
    let mut settings = base;
    for (id, rule) in raw.rules {
        let span = rule.span();
        let Some(meta) = registered.iter().map(|r| r.meta()).find(|m| m.id == id) else {
            return Err(at(
                span,
                format!("unknown rule `{id}` (known: {})", known.join(", ")),
            ));
        };
        let mut rs = RuleSettings::default();
        for (key, value) in rule.into_inner() {
            let vspan = value.span();
            let value = value.into_inner();
            match key.as_str() {
                "enabled" => match value {
                    toml::Value::Boolean(b) => rs.enabled = Some(b),
                    other => {
                        return Err(at(
                            vspan,
                            format!("`enabled` takes true or false, not {}", other.type_str()),
                        ))
                    }
                },
                "severity" => match value {
                    toml::Value::String(s) => {
                        rs.severity = Some(s.parse::<Severity>().map_err(|m| at(vspan, m))?)
                    }
                    other => {
                        return Err(at(
                            vspan,
                            format!(
                                "`severity` takes a string such as \"high\", not {}",
                                other.type_str()
                            ),
                        ))
                    }
                },
                name => {
                    let Some(spec) = meta.params.iter().find(|p| p.name == name) else {
                        let message = match orgaudit_rules::catalogue::owner_of_param(name) {
                            Some(owner) => {
                                format!("`{name}` is a parameter of {owner}, not of {id}")
                            }
                            None if meta.params.is_empty() => format!(
                                "unknown key `{name}` ({id} takes `enabled` and `severity` only)"
                            ),
                            None => format!(
                                "unknown key `{name}` ({id} takes `enabled`, `severity`, {})",
                                meta.params
                                    .iter()
                                    .map(|p| format!("`{}`", p.name))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        return Err(at(vspan, message));
                    };
                    let v =
                        param_value(spec.kind, name, value).map_err(|m| at(vspan.clone(), m))?;
                    rs.params.insert(name.to_string(), v);
                }
            }
        }
        settings.rules.insert(id, rs);
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

/// A parameter's value checked against the kind its rule declares.
fn param_value(kind: ParamKind, name: &str, value: toml::Value) -> Result<ParamValue, String> {
    let wrong =
        |v: &toml::Value| format!("`{name}` takes {}, not {}", kind.describe(), v.type_str());
    match kind {
        ParamKind::Bool => match value {
            toml::Value::Boolean(b) => Ok(ParamValue::Bool(b)),
            other => Err(wrong(&other)),
        },
        ParamKind::Duration => match &value {
            toml::Value::String(s) => match SsoSnapshot::duration_seconds(s) {
                Some(secs) if secs > 0 => Ok(ParamValue::Duration(secs)),
                _ => Err(format!(
                    "`{s}` is not an ISO 8601 duration such as \"PT1H\" or \"PT90M\" (hours, minutes and seconds that fit in 64 bits)"
                )),
            },
            other => Err(wrong(other)),
        },
        ParamKind::Patterns => match value {
            toml::Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        toml::Value::String(p) if !p.trim().is_empty() => out.push(p),
                        toml::Value::String(_) => return Err("empty pattern in the list".into()),
                        other => return Err(format!("`{name}` holds strings, not {}", other.type_str())),
                    }
                }
                Ok(ParamValue::Patterns(out))
            }
            other => Err(wrong(&other)),
        },
    }
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
