//! The data-event coverage engine: which trails record object-level reads and writes of a
//! bucket (and Lambda invocations of an account), fully, partially or not at all.
//!
//! A trail *covers* an account and region when it lives in that account and is multi-region or
//! homed in that region, or when it is an organization trail of the management account. A
//! trail that is not logging covers nothing.
//!
//! Basic selectors: `DataResources` of the resource type with `arn:aws:s3` (every bucket),
//! `arn:aws:s3:::BUCKET/` (the whole bucket) or `arn:aws:s3:::BUCKET/prefix` (partial), filtered by
//! `ReadWriteType`. Advanced selectors: field selectors are ANDed inside a selector, selectors
//! are ORed; values inside one operator are ORed and operators inside one field are ANDed.
//! Anything that narrows the bucket to some objects or some event names makes the coverage
//! partial, and the reason says which filter did.

use orgaudit_model::cloudtrail::{AdvancedSelector, FieldSelector, Selectors, Trail};
use orgaudit_model::Snapshot;
use std::fmt;

/// How much of the bucket's (or account's) data events a trail records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    None,
    Partial(Vec<String>),
    Full,
}

impl Level {
    fn rank(&self) -> u8 {
        match self {
            Level::None => 0,
            Level::Partial(_) => 1,
            Level::Full => 2,
        }
    }

    /// AND: the narrower of the two.
    fn and(self, other: Level) -> Level {
        match (self, other) {
            (Level::None, _) | (_, Level::None) => Level::None,
            (Level::Partial(mut a), Level::Partial(b)) => {
                a.extend(b);
                Level::Partial(a)
            }
            (Level::Partial(a), Level::Full) | (Level::Full, Level::Partial(a)) => {
                Level::Partial(a)
            }
            (Level::Full, Level::Full) => Level::Full,
        }
    }

    /// OR: the wider of the two.
    fn or(self, other: Level) -> Level {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    fn partial(why: impl Into<String>) -> Level {
        Level::Partial(vec![why.into()])
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Partial(_) => "partial",
            Level::Full => "full",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Partial(why) => write!(f, "partial ({})", why.join("; ")),
            other => f.write_str(other.as_str()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Read,
    Write,
}

/// What is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Object-level events of one bucket.
    S3Objects { bucket: &'a str },
    /// Invocations of the account's Lambda functions.
    Lambda,
}

impl Target<'_> {
    fn resource_type(&self) -> &'static str {
        match self {
            Target::S3Objects { .. } => "AWS::S3::Object",
            Target::Lambda => "AWS::Lambda::Function",
        }
    }

    fn event_source(&self) -> &'static str {
        match self {
            Target::S3Objects { .. } => "s3.amazonaws.com",
            Target::Lambda => "lambda.amazonaws.com",
        }
    }
}

/// Strip `arn:<partition>` so `arn:aws-cn:s3:::b/` and `arn:aws:s3:::b/` compare alike.
fn tail(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:")?;
    let colon = rest.find(':')?;
    Some(&rest[colon..])
}

fn basic_value_level(target: Target<'_>, value: &str) -> Level {
    let Some(t) = tail(value) else {
        return Level::None;
    };
    match target {
        Target::S3Objects { bucket } => {
            let objects = format!(":s3:::{bucket}/");
            let bucket_arn = format!(":s3:::{bucket}");
            if t == ":s3" || t == ":s3:::" || t == objects || t == bucket_arn {
                Level::Full
            } else if let Some(prefix) = t.strip_prefix(&objects) {
                Level::partial(format!(
                    "prefix {prefix:?} only (basic selector value {value})"
                ))
            } else {
                Level::None
            }
        }
        Target::Lambda => {
            if t == ":lambda" {
                Level::Full
            } else if t.starts_with(":lambda:") {
                Level::partial(format!("function {value} only"))
            } else {
                Level::None
            }
        }
    }
}

fn basic(selectors: &Selectors, target: Target<'_>, dir: Direction) -> Level {
    let mut level = Level::None;
    for s in &selectors.basic {
        let direction_ok = matches!(
            (s.read_write_type.as_str(), dir),
            ("All", _) | ("ReadOnly", Direction::Read) | ("WriteOnly", Direction::Write)
        );
        if !direction_ok {
            continue;
        }
        for r in s
            .data_resources
            .iter()
            .filter(|r| r.resource_type == target.resource_type())
        {
            for v in &r.values {
                level = level.or(basic_value_level(target, v));
            }
        }
    }
    level
}

fn any_or(values: &[String], f: impl Fn(&str) -> Level) -> Level {
    values.iter().fold(Level::None, |acc, v| acc.or(f(v)))
}

fn all_and(values: &[String], f: impl Fn(&str) -> Level) -> Level {
    values.iter().fold(Level::Full, |acc, v| acc.and(f(v)))
}

fn has_positive(f: &FieldSelector) -> bool {
    !f.equals.is_empty() || !f.starts_with.is_empty() || !f.ends_with.is_empty()
}

/// A field that must hold `wanted` for the event to be recorded.
fn exact_field(f: &FieldSelector, wanted: &str) -> Level {
    let positive = if has_positive(f) {
        any_or(&f.equals, |v| {
            if v == wanted {
                Level::Full
            } else {
                Level::None
            }
        })
        .or(any_or(&f.starts_with, |v| {
            if wanted.starts_with(v) {
                Level::Full
            } else {
                Level::None
            }
        }))
        .or(any_or(&f.ends_with, |v| {
            if wanted.ends_with(v) {
                Level::Full
            } else {
                Level::None
            }
        }))
    } else {
        Level::Full
    };
    let negative = all_and(&f.not_equals, |v| {
        if v == wanted {
            Level::None
        } else {
            Level::Full
        }
    })
    .and(all_and(&f.not_starts_with, |v| {
        if wanted.starts_with(v) {
            Level::None
        } else {
            Level::Full
        }
    }))
    .and(all_and(&f.not_ends_with, |v| {
        if wanted.ends_with(v) {
            Level::None
        } else {
            Level::Full
        }
    }));
    positive.and(negative)
}

fn read_only_field(f: &FieldSelector, dir: Direction) -> Level {
    let wanted = match dir {
        Direction::Read => "true",
        Direction::Write => "false",
    };
    exact_field(f, wanted)
}

/// `resources.ARN` conditions against the objects of a bucket (or the account's functions).
fn arn_field(f: &FieldSelector, target: Target<'_>) -> Level {
    let space = match target {
        Target::S3Objects { bucket } => format!(":s3:::{bucket}/"),
        Target::Lambda => ":lambda:".to_string(),
    };
    let label = |op: &str, v: &str| format!("resources.ARN {op} {v}");
    let positive = if has_positive(f) {
        any_or(&f.equals, |v| match tail(v) {
            Some(t) if t.starts_with(&space) => Level::partial(label("Equals", v)),
            _ => Level::None,
        })
        .or(any_or(&f.starts_with, |v| {
            // A prefix of the whole space records all of it; a longer one, part of it.
            let t = tail(v).unwrap_or(v);
            if v.is_empty() || v == "arn:" || space.starts_with(t) && t.starts_with(':') {
                Level::Full
            } else if t.starts_with(&space) {
                Level::partial(label("StartsWith", v))
            } else {
                Level::None
            }
        }))
        .or(any_or(&f.ends_with, |v| {
            if v.is_empty() {
                Level::Full
            } else {
                Level::partial(label("EndsWith", v))
            }
        }))
    } else {
        Level::Full
    };
    let negative = all_and(&f.not_equals, |v| match tail(v) {
        Some(t) if t.starts_with(&space) => Level::partial(label("NotEquals", v)),
        _ => Level::Full,
    })
    .and(all_and(&f.not_starts_with, |v| {
        let t = tail(v).unwrap_or(v);
        if space.starts_with(t) && t.starts_with(':') {
            Level::None
        } else if t.starts_with(&space) {
            Level::partial(label("NotStartsWith", v))
        } else {
            Level::Full
        }
    }))
    .and(all_and(&f.not_ends_with, |v| {
        Level::partial(label("NotEndsWith", v))
    }));
    positive.and(negative)
}

fn describe_field(f: &FieldSelector) -> String {
    let mut parts = Vec::new();
    for (op, vs) in [
        ("Equals", &f.equals),
        ("StartsWith", &f.starts_with),
        ("EndsWith", &f.ends_with),
        ("NotEquals", &f.not_equals),
        ("NotStartsWith", &f.not_starts_with),
        ("NotEndsWith", &f.not_ends_with),
    ] {
        if !vs.is_empty() {
            parts.push(format!("{op} {}", vs.join(", ")));
        }
    }
    format!("{} {}", f.field, parts.join(" and "))
}

fn advanced_one(s: &AdvancedSelector, target: Target<'_>, dir: Direction) -> Level {
    let mut level = Level::Full;
    let mut category_data = false;
    let mut type_given = false;
    for f in &s.fields {
        let l = match f.field.as_str() {
            "eventCategory" => {
                let l = exact_field(f, "Data");
                category_data = l == Level::Full;
                l
            }
            "resources.type" => {
                type_given = true;
                exact_field(f, target.resource_type())
            }
            "readOnly" => read_only_field(f, dir),
            "eventSource" => exact_field(f, target.event_source()),
            "resources.ARN" => arn_field(f, target),
            "eventName" => Level::partial(format!("only some events: {}", describe_field(f))),
            _ => Level::partial(format!("narrowed by {}", describe_field(f))),
        };
        level = level.and(l);
    }
    if !category_data || !type_given {
        return Level::None;
    }
    level
}

fn advanced(selectors: &Selectors, target: Target<'_>, dir: Direction) -> Level {
    selectors
        .advanced
        .iter()
        .fold(Level::None, |acc, s| acc.or(advanced_one(s, target, dir)))
}

/// What one trail's selectors record of `target` in `dir` (ignoring whether it is logging).
pub fn selector_level(selectors: &Selectors, target: Target<'_>, dir: Direction) -> Level {
    basic(selectors, target, dir).or(advanced(selectors, target, dir))
}

/// Does the trail record management events?
pub fn records_management_events(selectors: &Selectors) -> bool {
    if selectors.basic.is_empty() && selectors.advanced.is_empty() {
        return true; // the default selector
    }
    selectors.basic.iter().any(|s| s.include_management_events)
        || selectors.advanced.iter().any(|s| {
            s.fields
                .iter()
                .any(|f| f.field == "eventCategory" && exact_field(f, "Management") == Level::Full)
        })
}

/// Does `trail` cover this account and region?
pub fn covers(trail: &Trail, account: &str, region: &str, management: Option<&str>) -> bool {
    let owner = trail.account_id == account
        || (trail.organization && Some(trail.account_id.as_str()) == management);
    owner && (trail.multi_region || trail.home_region == region)
}

/// The combined coverage of a target from every covering trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub level: Level,
    /// `trail name: level` for every covering trail that records something.
    pub providers: Vec<String>,
    /// Covering trails (or accounts) whose data could not be read.
    pub unknown: Vec<String>,
}

impl Coverage {
    /// `None` when the coverage cannot be known (some covering data missing and not full).
    pub fn known_level(&self) -> Option<&Level> {
        if self.level == Level::Full || self.unknown.is_empty() {
            Some(&self.level)
        } else {
            None
        }
    }
}

/// Every trail of the snapshot, and the (account, region) pairs whose trails could not be read.
/// A region (account, region, reason) whose trails could not be listed.
pub type UnreadRegion = (String, Option<String>, String);

pub fn trails(snapshot: &Snapshot) -> (Vec<&Trail>, Vec<UnreadRegion>) {
    let mut all = Vec::new();
    let mut unreadable = Vec::new();
    for acct in &snapshot.cloudtrail {
        for r in &acct.regions {
            match r.trails.as_result() {
                Ok(ts) => all.extend(ts.iter()),
                Err(e) => {
                    unreadable.push((acct.account_id.clone(), Some(r.region.clone()), e.summary()))
                }
            }
        }
    }
    for (id, access) in &snapshot.account_access {
        if let orgaudit_model::AccountAccess::Unreachable { error } = access {
            unreadable.push((id.clone(), None, error.summary()));
        }
    }
    (all, unreadable)
}

/// Coverage of `target` in `account`/`region`, direction `dir`.
pub fn coverage(
    snapshot: &Snapshot,
    account: &str,
    region: &str,
    target: Target<'_>,
    dir: Direction,
) -> Coverage {
    let management = snapshot.organization.management_account_id();
    let (all, unreadable) = trails(snapshot);
    let mut cov = Coverage {
        level: Level::None,
        providers: Vec::new(),
        unknown: Vec::new(),
    };
    for (acct, reg, why) in &unreadable {
        let relevant = (acct == account || Some(acct.as_str()) == management)
            && reg.as_deref().map(|r| r == region).unwrap_or(true);
        if relevant {
            cov.unknown.push(why.clone());
        }
    }
    for t in all
        .into_iter()
        .filter(|t| covers(t, account, region, management))
    {
        let logging = match t.status.as_result() {
            Ok(s) => s.is_logging,
            Err(e) => {
                cov.unknown
                    .push(format!("status of trail {}: {}", t.name, e.summary()));
                continue;
            }
        };
        let selectors = match t.selectors.as_result() {
            Ok(s) => s,
            Err(e) => {
                cov.unknown
                    .push(format!("selectors of trail {}: {}", t.name, e.summary()));
                continue;
            }
        };
        let level = selector_level(selectors, target, dir);
        if level == Level::None {
            continue;
        }
        if !logging {
            cov.providers
                .push(format!("{}: {level} but not logging", t.name));
            continue;
        }
        cov.providers.push(format!("{}: {level}", t.name));
        cov.level = cov.level.clone().or(level);
    }
    cov
}

/// One row of the S3 data-event coverage matrix: a bucket × read/write.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BucketCoverage {
    pub account_id: String,
    pub bucket: String,
    pub region: Option<String>,
    /// `full`, `partial`, `none` or `unknown`.
    pub read: String,
    pub read_detail: Vec<String>,
    pub write: String,
    pub write_detail: Vec<String>,
}

/// The coverage matrix of every bucket read, grouped by account (snapshot order).
pub fn matrix(snapshot: &Snapshot) -> Vec<BucketCoverage> {
    let cell = |c: Coverage| -> (String, Vec<String>) {
        match c.known_level() {
            None => ("unknown".into(), c.unknown),
            Some(l) => {
                let mut detail = c.providers.clone();
                if let Level::Partial(why) = l {
                    detail.extend(why.iter().cloned());
                }
                (l.as_str().into(), detail)
            }
        }
    };
    let mut rows = Vec::new();
    for acct in &snapshot.s3 {
        for b in acct.buckets.ok().into_iter().flatten() {
            let region = b.region.ok().cloned();
            let (read, read_detail, write, write_detail) = match &region {
                None => (
                    "unknown".into(),
                    vec!["region unknown".into()],
                    "unknown".into(),
                    vec!["region unknown".into()],
                ),
                Some(r) => {
                    let t = Target::S3Objects { bucket: &b.name };
                    let (read, rd) = cell(coverage(snapshot, &b.account_id, r, t, Direction::Read));
                    let (write, wd) =
                        cell(coverage(snapshot, &b.account_id, r, t, Direction::Write));
                    (read, rd, write, wd)
                }
            };
            rows.push(BucketCoverage {
                account_id: b.account_id.clone(),
                bucket: b.name.clone(),
                region,
                read,
                read_detail,
                write,
                write_detail,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests;
