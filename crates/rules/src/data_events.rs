//! The event coverage engine: which trails record object-level reads and writes of a bucket,
//! Lambda invocations, and management events, fully, partially or not at all.
//!
//! A trail *covers* an account and region when it lives in that account and is multi-region or
//! homed in that region, or when it is an organization trail of the management account. A
//! trail that is not logging covers nothing.
//!
//! Coverage is decided per event, exactly (CloudTrail User Guide, "Logging data events";
//! CloudTrail API Reference, "AdvancedFieldSelector", "EventSelector"):
//!
//! - the events of a direction are the S3 object-level data events whose `readOnly` flag
//!   matches it ([`S3_EVENTS`]: S3 User Guide, "Amazon S3 data events in CloudTrail"), or
//!   Lambda's `Invoke`;
//! - basic selectors are read as the advanced selectors they stand for: `ReadWriteType`
//!   narrows `readOnly`, `DataResources` values are `resources.ARN` prefixes (`arn:aws:s3` every
//!   bucket, `arn:aws:s3:::bucket/` the whole bucket, a longer value a key prefix; a Lambda
//!   value other than `arn:aws:lambda` names one function);
//! - inside a selector fields are ANDed; inside a field the `Equals`/`StartsWith`/`EndsWith`
//!   values are ORed and any matching `Not…` value excludes ("How CloudTrail evaluates multiple
//!   conditions for a field"); selectors, and the trails covering the bucket, are ORed;
//! - an event is recorded fully when the union of the `resources.ARN` filters of the selectors
//!   that accept it covers every object ARN of the bucket ([`strset`]); complementary filters
//!   in different selectors together give full coverage;
//! - fields that do not describe the event or the object (`userIdentity.arn`, `eventType`,
//!   `sessionCredentialFromConsole`…) narrow the coverage to "partial", named.

mod strset;

use orgaudit_model::cloudtrail::{AdvancedSelector, FieldSelector, Selectors, Trail};
use orgaudit_model::Snapshot;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use strset::{cover, Atom, Cover, Filter};

/// How much of the bucket's (or account's) events a trail records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    None,
    Partial(Vec<String>),
    Full,
}

impl Level {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Read,
    Write,
}

impl Direction {
    fn read_only(self) -> &'static str {
        match self {
            Direction::Read => "true",
            Direction::Write => "false",
        }
    }
}

/// What is being recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    /// Every resource ARN of the target starts with this (partition stripped, see [`tail`]).
    fn prefix(&self) -> String {
        match self {
            Target::S3Objects { bucket } => format!(":s3:::{bucket}/"),
            Target::Lambda => ":lambda:".into(),
        }
    }

    /// The events of a direction, with the `readOnly` value each carries. `None` for the flag
    /// when AWS does not document it (Lambda `Invoke`): a `readOnly` filter then narrows.
    fn events(&self, dir: Direction) -> Vec<(&'static str, Option<bool>)> {
        match self {
            Target::S3Objects { .. } => S3_EVENTS
                .iter()
                .filter(|(_, read)| *read == (dir == Direction::Read))
                .map(|(e, read)| (*e, Some(*read)))
                .collect(),
            Target::Lambda => vec![("Invoke", None)],
        }
    }
}

/// S3 object-level data events of `AWS::S3::Object` (S3 User Guide, "Amazon S3 data events in
/// CloudTrail") with their `readOnly` flag: GetObject is documented as read, PutObject and
/// DeleteObject as write (CloudTrail User Guide, "Logging data events", S3 examples); the others
/// follow AWS's rule that Get/Head/List/Select calls read and the rest write.
pub const S3_EVENTS: &[(&str, bool)] = &[
    ("GetObject", true),
    ("GetObjectAcl", true),
    ("GetObjectAttributes", true),
    ("GetObjectLegalHold", true),
    ("GetObjectRetention", true),
    ("GetObjectTagging", true),
    ("GetObjectTorrent", true),
    ("HeadObject", true),
    ("HeadBucket", true),
    ("ListObjects", true),
    ("ListObjectVersions", true),
    ("ListParts", true),
    ("SelectObjectContent", true),
    ("PutObject", false),
    ("DeleteObject", false),
    ("DeleteObjects", false),
    ("CopyObject", false),
    ("PutObjectAcl", false),
    ("PutObjectLegalHold", false),
    ("PutObjectRetention", false),
    ("PutObjectTagging", false),
    ("DeleteObjectTagging", false),
    ("CreateMultipartUpload", false),
    ("UploadPart", false),
    ("UploadPartCopy", false),
    ("CompleteMultipartUpload", false),
    ("AbortMultipartUpload", false),
    ("RestoreObject", false),
    ("UpdateObjectEncryption", false),
];

/// Strip `arn:<partition>` so `arn:aws-cn:s3:::b/` and `arn:aws:s3:::b/` compare alike; a value
/// that is a prefix of `arn:<partition>` (`arn:`, `arn:aws`) matches every ARN: `""`.
fn tail(v: &str) -> String {
    if let Some(rest) = v.strip_prefix("arn:") {
        return match rest.find(':') {
            Some(i) => rest[i..].to_string(),
            None => String::new(),
        };
    }
    if "arn:".starts_with(v) {
        return String::new();
    }
    v.to_string()
}

/// A selector in one form, basic or advanced.
#[derive(Debug, Clone, Default)]
struct Sel {
    /// Filters on `eventCategory`, `resources.type`, `readOnly`, `eventSource`, `eventName`.
    category: Filter,
    rtype: Option<Filter>,
    read_only: Filter,
    source: Filter,
    name: Filter,
    arn: Filter,
    /// Fields that narrow by something else than the event or the resource, described.
    other: Vec<String>,
    /// Descriptions of the narrowing filters, for "partial (…)".
    narrows: Vec<String>,
}

fn field_filter(f: &FieldSelector, map: impl Fn(&str) -> String) -> Filter {
    let atoms = |vs: &[String], ctor: fn(String) -> Atom| {
        vs.iter().map(|v| ctor(map(v))).collect::<Vec<_>>()
    };
    let mut pos = atoms(&f.equals, Atom::Equals);
    pos.extend(atoms(&f.starts_with, Atom::StartsWith));
    pos.extend(atoms(&f.ends_with, Atom::EndsWith));
    let mut neg = atoms(&f.not_equals, Atom::Equals);
    neg.extend(atoms(&f.not_starts_with, Atom::StartsWith));
    neg.extend(atoms(&f.not_ends_with, Atom::EndsWith));
    Filter { pos, neg }
}

/// `EndsWith` values keep their text; the others lose the partition.
fn arn_filter(f: &FieldSelector) -> Filter {
    let mut filter = field_filter(f, tail);
    let raw = |vs: &[String]| {
        vs.iter()
            .map(|v| Atom::EndsWith(v.clone()))
            .collect::<Vec<_>>()
    };
    filter.pos.retain(|a| !matches!(a, Atom::EndsWith(_)));
    filter.neg.retain(|a| !matches!(a, Atom::EndsWith(_)));
    filter.pos.extend(raw(&f.ends_with));
    filter.neg.extend(raw(&f.not_ends_with));
    filter
}

pub(crate) fn describe_field(f: &FieldSelector) -> String {
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

fn from_advanced(s: &AdvancedSelector) -> Sel {
    let mut sel = Sel::default();
    for f in &s.fields {
        match f.field.as_str() {
            "eventCategory" => sel.category = field_filter(f, str::to_string),
            "resources.type" => sel.rtype = Some(field_filter(f, str::to_string)),
            "readOnly" => sel.read_only = field_filter(f, str::to_string),
            "eventSource" => {
                sel.source = field_filter(f, str::to_string);
                sel.narrows.push(describe_field(f));
            }
            "eventName" => {
                sel.name = field_filter(f, str::to_string);
                sel.narrows
                    .push(format!("only some events: {}", describe_field(f)));
            }
            "resources.ARN" => {
                sel.arn = arn_filter(f);
                sel.narrows.push(describe_field(f));
            }
            _ => {
                let d = format!("narrowed by {}", describe_field(f));
                sel.other.push(d.clone());
                sel.narrows.push(d);
            }
        }
    }
    sel
}

fn from_basic(selectors: &Selectors, target: Target<'_>) -> Vec<Sel> {
    let mut out = Vec::new();
    for s in &selectors.basic {
        let read_only = match s.read_write_type.as_str() {
            "ReadOnly" => Filter {
                pos: vec![Atom::Equals("true".into())],
                neg: vec![],
            },
            "WriteOnly" => Filter {
                pos: vec![Atom::Equals("false".into())],
                neg: vec![],
            },
            _ => Filter::any(),
        };
        for r in s
            .data_resources
            .iter()
            .filter(|r| r.resource_type == target.resource_type())
        {
            for v in &r.values {
                let t = tail(v);
                let (atom, narrows) = match target {
                    Target::S3Objects { .. } => {
                        let whole = t == ":s3" || t == ":s3:::" || t.is_empty();
                        // `arn:aws:s3:::bucket` (no slash) is read as the whole bucket.
                        let t = if !whole && !t.contains('/') {
                            format!("{t}/")
                        } else {
                            t
                        };
                        let narrows = match t.split_once('/') {
                            Some((_, prefix)) if !prefix.is_empty() => {
                                vec![format!("prefix {prefix:?} only (basic selector value {v})")]
                            }
                            _ => vec![],
                        };
                        (Atom::StartsWith(t), narrows)
                    }
                    Target::Lambda => {
                        if t == ":lambda" || t == ":lambda:" || t.is_empty() {
                            (Atom::StartsWith(t), vec![])
                        } else {
                            // A function ARN is matched exactly (AWS Lambda Developer Guide,
                            // "Logging AWS Lambda API calls using AWS CloudTrail").
                            (Atom::Equals(t), vec![format!("function {v} only")])
                        }
                    }
                };
                out.push(Sel {
                    category: Filter::any(),
                    rtype: Some(Filter::any()),
                    read_only: read_only.clone(),
                    source: Filter::any(),
                    name: Filter::any(),
                    arn: Filter {
                        pos: vec![atom],
                        neg: vec![],
                    },
                    other: vec![],
                    narrows,
                });
            }
        }
    }
    out
}

fn data_selectors(selectors: &Selectors, target: Target<'_>) -> Vec<Sel> {
    let mut out = from_basic(selectors, target);
    out.extend(selectors.advanced.iter().map(from_advanced).filter(|s| {
        s.category.accepts("Data")
            && s.rtype
                .as_ref()
                .is_some_and(|t| t.accepts(target.resource_type()))
    }));
    out
}

/// The coverage of a target by a set of selectors (from one trail or several).
fn level_of(sels: &[Sel], target: Target<'_>, dir: Direction) -> Level {
    let prefix = target.prefix();
    let mut full = 0usize;
    let mut none = 0usize;
    let mut reasons: Vec<String> = Vec::new();
    let note = |r: &str, reasons: &mut Vec<String>| {
        if !reasons.iter().any(|x| x == r) {
            reasons.push(r.to_string());
        }
    };
    let events = target.events(dir);
    for (event, read_only) in &events {
        let accepting: Vec<&Sel> = sels
            .iter()
            .filter(|s| {
                s.source.accepts(target.event_source())
                    && s.name.accepts(event)
                    && match read_only {
                        Some(r) => s.read_only.accepts(if *r { "true" } else { "false" }),
                        None => s.read_only.pos.is_empty() && s.read_only.neg.is_empty(),
                    }
            })
            .collect();
        let exact: Vec<Filter> = accepting
            .iter()
            .filter(|s| s.other.is_empty())
            .map(|s| s.arn.clone())
            .collect();
        let c = cover(&prefix, &exact);
        let some_other = accepting.iter().any(|s| {
            !s.other.is_empty() && cover(&prefix, std::slice::from_ref(&s.arn)) != Cover::Nothing
        });
        match c {
            Cover::All => full += 1,
            Cover::Nothing if !some_other => none += 1,
            _ => {
                for s in &accepting {
                    for r in &s.narrows {
                        note(r, &mut reasons);
                    }
                }
                if c == Cover::TooComplex {
                    note("filters too complex to decide", &mut reasons);
                }
            }
        }
    }
    // Events no selector accepts at all, while others are recorded: name the filters that
    // left them out.
    if full == events.len() {
        return Level::Full;
    }
    if none == events.len() {
        return Level::None;
    }
    if none > 0 {
        for s in sels {
            for r in s
                .narrows
                .iter()
                .filter(|r| r.starts_with("only some events"))
            {
                note(r, &mut reasons);
            }
            if !s.read_only.pos.is_empty() && dir == Direction::Read && target == Target::Lambda {
                note("readOnly filter on Lambda Invoke", &mut reasons);
            }
        }
        if reasons.is_empty() {
            note("some events are not recorded", &mut reasons);
        }
    }
    Level::Partial(reasons)
}

/// What one trail's selectors record of `target` in `dir` (ignoring whether it is logging).
pub fn selector_level(selectors: &Selectors, target: Target<'_>, dir: Direction) -> Level {
    level_of(&data_selectors(selectors, target), target, dir)
}

/// Management events a trail records, per direction (CloudTrail API Reference,
/// "EventSelector": `ReadWriteType`, `IncludeManagementEvents`,
/// `ExcludeManagementEventSources`; "AdvancedFieldSelector": `readOnly`, `eventSource`). A trail
/// with no selectors records every management event, read and write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagementEvents {
    pub read: Level,
    pub write: Level,
}

impl ManagementEvents {
    /// Read and write, nothing excluded (CIS 3.1, Security Hub CloudTrail.1).
    pub fn complete(&self) -> bool {
        self.read == Level::Full && self.write == Level::Full
    }

    pub fn any(&self) -> bool {
        self.read != Level::None || self.write != Level::None
    }
}

pub fn management_events(selectors: &Selectors) -> ManagementEvents {
    if selectors.basic.is_empty() && selectors.advanced.is_empty() {
        return ManagementEvents {
            read: Level::Full,
            write: Level::Full,
        };
    }
    let mut sels: Vec<Sel> = Vec::new();
    for s in selectors
        .basic
        .iter()
        .filter(|s| s.include_management_events)
    {
        let read_only = match s.read_write_type.as_str() {
            "ReadOnly" => Filter {
                pos: vec![Atom::Equals("true".into())],
                neg: vec![],
            },
            "WriteOnly" => Filter {
                pos: vec![Atom::Equals("false".into())],
                neg: vec![],
            },
            _ => Filter::any(),
        };
        let mut narrows = Vec::new();
        if !s.exclude_management_event_sources.is_empty() {
            narrows.push(format!(
                "ExcludeManagementEventSources {}",
                s.exclude_management_event_sources.join(", ")
            ));
        }
        sels.push(Sel {
            read_only,
            source: Filter {
                pos: vec![],
                neg: s
                    .exclude_management_event_sources
                    .iter()
                    .map(|e| Atom::Equals(e.clone()))
                    .collect(),
            },
            narrows,
            ..Sel::default()
        });
    }
    for s in &selectors.advanced {
        let sel = from_advanced(s);
        if sel.category.accepts("Management")
            && sel
                .category
                .pos
                .iter()
                .any(|a| a == &Atom::Equals("Management".into()))
        {
            let mut sel = sel;
            if !sel.name.pos.is_empty() || !sel.name.neg.is_empty() {
                sel.other.push("eventName filter".into());
            }
            if !sel.arn.pos.is_empty() || !sel.arn.neg.is_empty() {
                sel.other.push("resources.ARN filter".into());
            }
            sels.push(sel);
        }
    }
    let level = |dir: Direction| -> Level {
        let accepting: Vec<&Sel> = sels
            .iter()
            .filter(|s| s.read_only.accepts(dir.read_only()))
            .collect();
        let exact: Vec<Filter> = accepting
            .iter()
            .filter(|s| s.other.is_empty())
            .map(|s| s.source.clone())
            .collect();
        match cover("", &exact) {
            Cover::All => Level::Full,
            Cover::Nothing if accepting.iter().all(|s| s.other.is_empty()) => Level::None,
            _ => {
                let mut why: Vec<String> =
                    accepting.iter().flat_map(|s| s.narrows.clone()).collect();
                why.dedup();
                if why.is_empty() {
                    why.push("some event sources excluded".into());
                }
                Level::Partial(why)
            }
        }
    };
    ManagementEvents {
        read: level(Direction::Read),
        write: level(Direction::Write),
    }
}

/// Does the trail record management events at all?
pub fn records_management_events(selectors: &Selectors) -> bool {
    management_events(selectors).any()
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

/// A region (account, region, reason) whose trails could not be listed.
pub type UnreadRegion = (String, Option<String>, String);

/// Every trail of the snapshot, and the (account, region) pairs whose trails could not be read.
pub fn trails(snapshot: &Snapshot) -> (Vec<Cow<'_, Trail>>, Vec<UnreadRegion>) {
    let mut all = Vec::new();
    let mut unreadable = Vec::new();
    for acct in &snapshot.cloudtrail {
        for r in &acct.regions {
            match r.trails.as_result() {
                Ok(ts) => all.extend(ts.iter().map(Cow::Borrowed)),
                Err(e) => {
                    unreadable.push((acct.account_id.clone(), Some(r.region.clone()), e.summary()))
                }
            }
            // CloudTrail Lake event data stores record events too (PRACTICES.md CT.1: "or an
            // organization / multi-region CloudTrail Lake event data store"), named as such.
            match r.event_data_stores.as_ref().map(|f| f.as_result()) {
                Some(Ok(stores)) => all.extend(stores.iter().map(|s| Cow::Owned(s.as_trail()))),
                Some(Err(e)) => unreadable.push((
                    acct.account_id.clone(),
                    Some(r.region.clone()),
                    format!("event data stores: {}", e.summary()),
                )),
                None => {}
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

/// One trail, read once: its selectors for each target kind.
struct TrailView<'a> {
    trail: Cow<'a, Trail>,
    /// Whether it is logging; `Err` when status or selectors could not be read.
    state: Result<bool, String>,
}

impl TrailView<'_> {
    /// Logging, and the selectors; `Err` when they could not be read.
    fn read(&self) -> Result<(bool, &Selectors), String> {
        match (&self.state, self.trail.selectors.ok()) {
            (Ok(logging), Some(sel)) => Ok((*logging, sel)),
            (Err(why), _) => Err(why.clone()),
            (Ok(_), None) => Err(format!("selectors of trail {}: not read", self.trail.name)),
        }
    }
}

/// The coverage engine of one snapshot: trails read once, answers cached (buckets whose name no
/// selector mentions share their answer).
pub struct Engine<'a> {
    management: Option<&'a str>,
    trails: Vec<TrailView<'a>>,
    unreadable: Vec<UnreadRegion>,
    cache: Mutex<HashMap<String, Coverage>>,
}

impl<'a> Engine<'a> {
    pub fn new(snapshot: &'a Snapshot) -> Engine<'a> {
        let (all, unreadable) = trails(snapshot);
        let trails = all
            .into_iter()
            .map(|t| {
                let state = match (t.status.as_result(), t.selectors.as_result()) {
                    (Ok(st), Ok(_)) => Ok(st.is_logging),
                    (Err(e), _) => Err(format!("status of trail {}: {}", t.name, e.summary())),
                    (_, Err(e)) => Err(format!("selectors of trail {}: {}", t.name, e.summary())),
                };
                TrailView { trail: t, state }
            })
            .collect();
        Engine {
            management: snapshot.organization.management_account_id(),
            trails,
            unreadable,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Coverage of `target` in `account`/`region`, direction `dir`.
    pub fn coverage(
        &self,
        account: &str,
        region: &str,
        target: Target<'_>,
        dir: Direction,
    ) -> Coverage {
        let covering: Vec<usize> = self
            .trails
            .iter()
            .enumerate()
            .filter(|(_, t)| covers(&t.trail, account, region, self.management))
            .map(|(i, _)| i)
            .collect();
        let blind: Vec<String> = self
            .unreadable
            .iter()
            .filter(|(acct, reg, _)| {
                (acct == account || Some(acct.as_str()) == self.management)
                    && reg.as_deref().map(|r| r == region).unwrap_or(true)
            })
            .map(|(_, _, why)| why.clone())
            .collect();
        // Cache key: the covering trails and, for a bucket, whether any selector value names
        // it (a value that is a prefix of its ARNs or that its ARNs prefix).
        let mut key = format!("{dir:?}|{}|{blind:?}|", target.resource_type());
        for i in &covering {
            key.push_str(&i.to_string());
            key.push(',');
        }
        if let Target::S3Objects { bucket } = target {
            let space = target.prefix();
            let named = covering.iter().any(|&i| match self.trails[i].read() {
                Ok((_, sel)) => mentions(sel, &space),
                Err(_) => false,
            });
            if named {
                key.push_str(bucket);
            }
        }
        if let Some(c) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return c;
        }
        let mut cov = Coverage {
            level: Level::None,
            providers: Vec::new(),
            unknown: blind,
        };
        let mut logging_sels: Vec<Sel> = Vec::new();
        for &i in &covering {
            let t = &self.trails[i];
            let (logging, selectors) = match t.read() {
                Ok(s) => s,
                Err(why) => {
                    cov.unknown.push(why);
                    continue;
                }
            };
            let sels = data_selectors(selectors, target);
            let level = level_of(&sels, target, dir);
            if level == Level::None {
                continue;
            }
            if !logging {
                cov.providers
                    .push(format!("{}: {level} but not logging", t.trail.name));
                continue;
            }
            cov.providers.push(format!("{}: {level}", t.trail.name));
            logging_sels.extend(sels);
        }
        // Trails are ORed: the union of every logging covering trail's selectors.
        cov.level = level_of(&logging_sels, target, dir);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, cov.clone());
        }
        cov
    }
}

/// Does any data-event value of the selectors name ARNs of this space specifically (a value
/// that the space's prefix extends, or that extends it)?
fn mentions(sel: &Selectors, space: &str) -> bool {
    let check = |v: &str| {
        let t = tail(v);
        !t.is_empty()
            && t != ":s3"
            && t != ":s3:::"
            && (t.starts_with(space) || space.starts_with(&t))
    };
    sel.basic
        .iter()
        .flat_map(|s| s.data_resources.iter())
        .flat_map(|r| r.values.iter())
        .any(|v| check(v))
        || sel.advanced.iter().flat_map(|s| s.fields.iter()).any(|f| {
            f.field == "resources.ARN"
                && f.equals
                    .iter()
                    .chain(&f.starts_with)
                    .chain(&f.not_equals)
                    .chain(&f.not_starts_with)
                    .any(|v| check(v))
        })
}

/// Coverage of `target` in `account`/`region`, direction `dir` (a one-off engine).
pub fn coverage(
    snapshot: &Snapshot,
    account: &str,
    region: &str,
    target: Target<'_>,
    dir: Direction,
) -> Coverage {
    Engine::new(snapshot).coverage(account, region, target, dir)
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
    let engine = Engine::new(snapshot);
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
                    let (read, rd) = cell(engine.coverage(&b.account_id, r, t, Direction::Read));
                    let (write, wd) = cell(engine.coverage(&b.account_id, r, t, Direction::Write));
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
