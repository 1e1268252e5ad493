use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Severity scale of PRACTICES.md, ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "info" => Ok(Severity::Info),
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            "critical" => Ok(Severity::Critical),
            other => Err(format!(
                "unknown severity `{other}` (expected one of critical, high, medium, low, info)"
            )),
        }
    }
}

/// Outcome of one rule on one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// The data the rule needs was not collected (or could not be parsed). Never a pass.
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule's verdict on one resource, written so that a report reads as a diff:
/// documented practice (`expected`) → what is there (`observed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Borrowed from the rule's metadata: a million findings share one copy of each id.
    pub rule_id: Cow<'static, str>,
    pub status: Status,
    pub severity: Severity,
    pub account_id: Option<String>,
    pub region: Option<String>,
    /// ARN where the resource has one, else the most specific id (e.g. `o-abc/r-1234`).
    pub resource: String,
    /// Human name of the resource (account name, policy name…), attacker-controlled text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<String>,
    /// What is there, in English (machine formats keep it; reports in another language render
    /// [`Finding::observed_msg`] instead).
    pub observed: String,
    /// Mostly a rule's fixed text (borrowed, shared by every finding of the rule).
    pub expected: Cow<'static, str>,
    /// `observed` as a message of the rule's Fluent resources and its arguments, for the
    /// reader's language. `None` where a rule wrote plain text (an AWS error, for instance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_msg: Option<Box<Message>>,
    /// `expected` as a message, like `observed_msg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_msg: Option<Box<Message>>,
    /// The reasoning: which policy, statement, level or error led to the status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Set when an accepted-risk exception of the configuration covers this failing finding.
    /// The finding keeps its status and stays in every report, marked as suppressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Box<Suppression>>,
    /// The rule computed this finding's severity (a configured override of the rule's default
    /// severity does not replace it). Not serialized: it matters during evaluation only.
    #[serde(skip)]
    pub severity_computed: bool,
}

impl Finding {
    /// Give this finding a severity of its own (kept over a configured default override).
    pub fn set_severity(&mut self, severity: Severity) {
        self.severity = severity;
        self.severity_computed = true;
    }

    /// A failure that no exception covers: what `--fail-on` and the scores count.
    pub fn is_open_failure(&self) -> bool {
        self.status == Status::Fail && self.suppressed.is_none()
    }
}

/// A text as a message id of a Fluent resource and its arguments (Project Fluent: a message
/// is looked up by id in the reader's language and its placeables filled from the arguments).
/// Argument values are data (names, ARNs, counts) and stay as they are in every language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(Cow<'static, str>, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message {
            id: Cow::Borrowed(id),
            args: Vec::new(),
        }
    }

    /// Add an argument (`{ $name }` in the message).
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }
}

/// A message argument: a number (Fluent selects plural forms on it), a text, or messages of
/// their own (reasons, each rendered in the reader's language and listed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Number(i64),
    Text(String),
    List(Vec<Message>),
}

impl From<Vec<Message>> for Arg {
    fn from(list: Vec<Message>) -> Arg {
        Arg::List(list)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Number(n)
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Number(i64::from(n))
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Number(i64::from(n))
    }
}

/// The exception that suppresses a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// The exception's resource pattern, as written in the configuration.
    pub pattern: String,
    pub reason: String,
    /// Last day (UTC, `YYYY-MM-DD`) the exception applies.
    pub expires: String,
}
