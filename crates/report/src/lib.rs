//! Report renderers. They know findings, the effective catalogue (rule metadata, configured
//! severities, parameters) handed in with them, and a directory of account labels; they never
//! see AWS or the raw snapshot, and never read a global catalogue.
//!
//! Every string that came from AWS (account names, policy names, observed values…) is
//! attacker-controlled: each renderer neutralises it for its own format.

pub mod asff;
pub mod compliance;
pub mod csv;
pub mod html;
pub mod i18n;
pub mod identity;
pub mod json;
pub mod ocsf;
pub mod sarif;
pub mod terminal;
pub mod wrap;

pub use i18n::Lang;
use orgaudit_model::{CollectionError, Coverage, Finding, Severity, Status};
use std::collections::BTreeMap;

/// Human labels for accounts, so findings can show names and OU paths.
#[derive(Debug, Clone, Default)]
pub struct AccountLabel {
    pub name: String,
    pub ou_path: Option<String>,
}

/// Everything a renderer needs.
#[derive(Debug, Clone)]
pub struct ReportInput {
    pub organization_id: String,
    /// RFC 3339 time the snapshot was finished.
    pub generated_at: String,
    /// The account that ran the audit, its partition (`aws`, `aws-cn`, `aws-us-gov`) and home
    /// region: where OCSF and ASFF records say a finding without account or region belongs.
    pub caller_account_id: String,
    pub partition: String,
    pub home_region: String,
    pub tool_version: String,
    pub coverage: Coverage,
    /// API calls the collection made, and attempts beyond the first (throttling, 5xx, timeouts).
    pub api_calls: u64,
    pub retries: u64,
    /// Accounts that could not be read, with the reason (shown in the coverage line).
    pub unreachable: Vec<(String, CollectionError)>,
    pub errors: Vec<CollectionError>,
    pub accounts: BTreeMap<String, AccountLabel>,
    pub findings: Vec<Finding>,
    /// S3 data-event coverage matrix (bucket × read/write), grouped by account.
    pub data_events: Vec<orgaudit_rules::data_events::BucketCoverage>,
    /// Identity Center access matrix: user × account × permission set, with its class.
    pub access_matrix: Vec<orgaudit_rules::sso::AccessRow>,
    /// Per account: the SCP chain and the verdict of each guardrail.
    pub scp_chains: Vec<orgaudit_rules::scp::AccountChain>,
    /// Comparison with the previous run.
    pub drift: DriftSection,
    /// Language of titles, rationales, remediations and the report's own strings.
    pub lang: Lang,
    /// The practices file used, if any.
    pub config_source: Option<String>,
    /// Practices turned off by the configuration.
    pub disabled_rules: Vec<String>,
    /// The effective catalogue the findings were evaluated with.
    pub catalogue: std::sync::Arc<orgaudit_rules::Catalogue>,
    /// First-seen times carried from the previous run (empty: every finding is new).
    pub seen: identity::Seen,
    /// The selection flags of the run (`--checks S3.*`, `--status fail`…), as given.
    pub selection: Vec<String>,
    /// Earlier runs of the organization in the same reports folder, oldest first (from their
    /// `run.json`), for the trend; this run is not in it.
    pub trend: Vec<TrendPoint>,
    /// The zone times are shown in (`--tz`).
    pub zone: Zone,
}

/// The zone a report shows times in (`--tz`): a fixed offset from UTC and the name it is
/// shown with. Machine-readable outputs (JSON, CSV, SARIF, OCSF, ASFF) keep RFC 3339 UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    pub offset_minutes: i32,
    pub name: String,
}

impl Default for Zone {
    fn default() -> Self {
        Zone {
            offset_minutes: 0,
            name: "UTC".into(),
        }
    }
}

impl std::str::FromStr for Zone {
    type Err = String;

    /// `UTC`, `JST`, or an offset `+09:00` / `-05:30`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "UTC" | "Z" | "GMT" => return Ok(Zone::default()),
            "JST" => {
                return Ok(Zone {
                    offset_minutes: 9 * 60,
                    name: "JST".into(),
                })
            }
            _ => {}
        }
        let bad = || format!("`{s}` is not a zone: write UTC, JST or an offset such as +09:00");
        let (sign, rest) = match s.as_bytes().first() {
            Some(b'+') => (1, &s[1..]),
            Some(b'-') => (-1, &s[1..]),
            _ => return Err(bad()),
        };
        let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
        let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 14 || m > 59 {
            return Err(bad());
        }
        Ok(Zone {
            offset_minutes: sign * (h * 60 + m),
            name: format!("UTC{}{h:02}:{m:02}", if sign < 0 { '-' } else { '+' }),
        })
    }
}

impl Zone {
    /// An RFC 3339 time in this zone, to the second: `2026-12-07 13:29:14 JST`. A value that is
    /// not a time is shown as it is.
    pub fn show(&self, rfc3339: &str) -> String {
        let Ok(t) =
            time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        else {
            return rfc3339.to_string();
        };
        let Ok(offset) = time::UtcOffset::from_whole_seconds(self.offset_minutes * 60) else {
            return rfc3339.to_string();
        };
        let t = t.to_offset(offset);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            self.name
        )
    }

    /// The date part of [`Zone::show`].
    pub fn show_date(&self, rfc3339: &str) -> String {
        let shown = self.show(rfc3339);
        shown.get(..10).unwrap_or(&shown).to_string()
    }
}

/// One earlier run, as its `run.json` records it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// RFC 3339 end of that run's collection.
    pub at: String,
    pub counts: Counts,
    /// Its severity-weighted score, when its `run.json` has one.
    pub weighted_score: Option<f64>,
}

/// Whether the report has a drift section, and what it says.
#[derive(Debug, Clone, Default)]
pub enum DriftSection {
    /// Not asked for (e.g. `orgaudit report` on one snapshot).
    #[default]
    NotCompared,
    /// Asked for, but there is no earlier run of the organization to compare with.
    NoPreviousRun,
    Compared(Box<orgaudit_drift::Drift>),
}

impl DriftSection {
    pub fn drift(&self) -> Option<&orgaudit_drift::Drift> {
        match self {
            DriftSection::Compared(d) => Some(d),
            _ => None,
        }
    }
}

impl ReportInput {
    pub fn account_name(&self, id: &str) -> Option<&str> {
        self.accounts.get(id).map(|a| a.name.as_str())
    }

    /// When `f` was first seen with its present status (this run's time when it is new).
    pub fn first_seen(&self, f: &Finding) -> &str {
        self.seen.first_seen(f, &self.generated_at)
    }

    /// What a finding observed, in the report's language: the rule's message rendered in
    /// Japanese for `--lang ja`, the English text the finding carries otherwise (and when
    /// the message has no Japanese, which a test rules out).
    pub fn observed<'a>(&self, f: &'a Finding) -> std::borrow::Cow<'a, str> {
        self.localised(f.observed_msg.as_deref(), &f.observed)
    }

    /// What the practice expects, in the report's language (as [`ReportInput::observed`]).
    pub fn expected<'a>(&self, f: &'a Finding) -> std::borrow::Cow<'a, str> {
        self.localised(f.expected_msg.as_deref(), &f.expected)
    }

    /// A rule's message in the report's language, or the English text it renders to.
    pub fn localised<'a>(
        &self,
        msg: Option<&orgaudit_model::Message>,
        english: &'a str,
    ) -> std::borrow::Cow<'a, str> {
        match (self.lang, msg) {
            (Lang::En, _) | (_, None) => std::borrow::Cow::Borrowed(english),
            (lang, Some(m)) => orgaudit_rules::messages::render(lang.code(), m)
                .map(std::borrow::Cow::Owned)
                .unwrap_or(std::borrow::Cow::Borrowed(english)),
        }
    }

    /// A practice's title in the report's language.
    pub fn title(&self, rule_id: &str) -> &'static str {
        self.catalogue
            .meta(rule_id)
            .map(|m| m.title.get(self.lang.code()))
            .unwrap_or("")
    }
}

/// Stream one JSON value per finding as a JSON array, one element per line (OCSF, ASFF).
pub(crate) fn write_array(
    input: &ReportInput,
    mut out: impl std::io::Write,
    element: impl Fn(&ReportInput, &Finding) -> serde_json::Value,
) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, f) in input.findings.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, &element(input, f)).map_err(std::io::Error::other)?;
    }
    out.write_all(b"\n]\n")
}

/// A streaming writer's output as a string (tests, small reports); an error becomes a JSON
/// object that says it.
pub(crate) fn render_with(
    input: &ReportInput,
    write: impl Fn(&ReportInput, &mut Vec<u8>) -> std::io::Result<()>,
) -> String {
    let mut out = Vec::new();
    match write(input, &mut out) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(e) => format!("{{\"error\": \"{e}\"}}"),
    }
}

/// Text cut to `max` characters (on a character boundary), with an ellipsis when cut: the
/// length limits of SARIF consumers and of ASFF.
pub(crate) fn at_most(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// [`sources`] per rule, computed once per report rather than once per finding.
pub struct SourceCache<'c> {
    catalogue: &'c orgaudit_rules::Catalogue,
    cache: std::cell::RefCell<BTreeMap<String, std::sync::Arc<Vec<String>>>>,
}

impl<'c> SourceCache<'c> {
    pub fn new(catalogue: &'c orgaudit_rules::Catalogue) -> Self {
        SourceCache {
            catalogue,
            cache: Default::default(),
        }
    }

    pub fn list(&self, rule_id: &str) -> std::sync::Arc<Vec<String>> {
        self.cache
            .borrow_mut()
            .entry(rule_id.to_string())
            .or_insert_with(|| std::sync::Arc::new(sources(self.catalogue, rule_id)))
            .clone()
    }

    /// The sources joined with ` | `.
    pub fn joined(&self, rule_id: &str) -> String {
        self.list(rule_id).join(" | ")
    }
}

/// `title (seed file): 「section」` for each source of a practice.
pub fn sources(catalogue: &orgaudit_rules::Catalogue, rule_id: &str) -> Vec<String> {
    catalogue
        .meta(rule_id)
        .map(|m| {
            m.sources
                .iter()
                .map(|s| {
                    let title = orgaudit_rules::seeds::title(s.seed);
                    if title.is_empty() {
                        format!("{}: 「{}」", s.seed, s.section)
                    } else {
                        format!("{title} ({}): 「{}」", s.seed, s.section)
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Counts per status. `fail` counts open failures; failures covered by an exception are
/// counted in `suppressed` instead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub suppressed: usize,
}

impl Counts {
    pub fn add(&mut self, f: &Finding) {
        match (f.status, &f.suppressed) {
            (Status::Pass, _) => self.pass += 1,
            (Status::Fail, None) => self.fail += 1,
            (Status::Fail, Some(_)) => self.suppressed += 1,
            (Status::Unknown, _) => self.unknown += 1,
        }
    }

    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut c = Counts::default();
        findings.into_iter().for_each(|f| c.add(f));
        c
    }

    pub fn total(&self) -> usize {
        self.pass + self.fail + self.unknown + self.suppressed
    }

    /// passes ÷ (passes + open failures + unknowns): an unknown is never counted as a pass;
    /// accepted (suppressed) failures are left out. `None` when nothing was judged.
    pub fn score(&self) -> Option<f64> {
        let judged = self.pass + self.fail + self.unknown;
        (judged > 0).then(|| self.pass as f64 / judged as f64)
    }
}

/// Per-rule counts in catalogue order (rules with no finding included, at zero), each with the
/// rule's entry of the effective catalogue (its configured severity).
pub fn counts_by_rule<'c>(
    catalogue: &'c orgaudit_rules::Catalogue,
    findings: &[Finding],
) -> Vec<(&'c orgaudit_rules::Entry, Counts)> {
    let mut map: BTreeMap<&str, Counts> = BTreeMap::new();
    for f in findings {
        map.entry(f.rule_id.as_ref()).or_default().add(f);
    }
    catalogue
        .entries()
        .iter()
        .map(|e| (e, map.get(e.meta.id).copied().unwrap_or_default()))
        .collect()
}

/// The weight of a severity in the weighted score: a critical failure weighs ten low ones.
pub fn weight(s: Severity) -> u64 {
    match s {
        Severity::Critical => 10,
        Severity::High => 5,
        Severity::Medium => 2,
        Severity::Low => 1,
        Severity::Info => 0,
    }
}

/// The severity-weighted score: passes weighted by severity over everything judged (passes,
/// open failures, unknowns) weighted the same way. An unknown counts against it like a
/// failure (it is never a pass); accepted failures are left out. `None` when nothing weighed.
pub fn weighted_score<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Option<f64> {
    let (mut bad, mut all) = (0u64, 0u64);
    for f in findings {
        let w = weight(f.severity);
        match (f.status, &f.suppressed) {
            (Status::Pass, _) => all += w,
            (Status::Fail, None) | (Status::Unknown, _) => {
                all += w;
                bad += w;
            }
            (Status::Fail, Some(_)) => {}
        }
    }
    (all > 0).then(|| 1.0 - bad as f64 / all as f64)
}

/// The severities, most severe first: the order of every per-severity count.
pub const SEVERITIES: [Severity; 5] = [
    Severity::Critical,
    Severity::High,
    Severity::Medium,
    Severity::Low,
    Severity::Info,
];

/// Where a severity stands in [`SEVERITIES`].
fn severity_index(s: Severity) -> usize {
    SEVERITIES
        .iter()
        .position(|x| *x == s)
        .unwrap_or(SEVERITIES.len() - 1)
}

/// Open failures per severity, critical first.
pub fn open_by_severity(findings: &[Finding]) -> [(Severity, usize); 5] {
    let mut counts = [0usize; 5];
    for f in findings.iter().filter(|f| f.is_open_failure()) {
        counts[severity_index(f.severity)] += 1;
    }
    std::array::from_fn(|i| (SEVERITIES[i], counts[i]))
}

/// The worst of a grouping (accounts, practices): open failures counted per severity, sorted
/// by critical, then high, then every open failure, then name.
pub fn worst_groups<'a, K: Ord + Clone>(
    findings: &'a [Finding],
    key: impl Fn(&'a Finding) -> Option<K>,
) -> Vec<(K, [usize; 5])> {
    let mut by: BTreeMap<K, [usize; 5]> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.is_open_failure()) {
        if let Some(k) = key(f) {
            by.entry(k).or_default()[severity_index(f.severity)] += 1;
        }
    }
    let mut v: Vec<(K, [usize; 5])> = by.into_iter().collect();
    v.sort_by(|(ka, a), (kb, b)| {
        (b[0], b[1], b.iter().sum::<usize>())
            .cmp(&(a[0], a[1], a.iter().sum::<usize>()))
            .then_with(|| ka.cmp(kb))
    });
    v
}

/// Rank for "worst first": open failures by severity, then unknowns, then suppressed
/// failures, then passes.
pub fn rank(f: &Finding) -> (u8, std::cmp::Reverse<Severity>) {
    let group = match (f.status, &f.suppressed) {
        (Status::Fail, None) => 0,
        (Status::Unknown, _) => 1,
        (Status::Fail, Some(_)) => 2,
        (Status::Pass, _) => 3,
    };
    (group, std::cmp::Reverse(f.severity))
}

/// Open failures first by severity (critical first), then unknowns, stable otherwise.
pub fn worst_first(findings: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.status == Status::Unknown || f.is_open_failure())
        .collect();
    v.sort_by_key(|f| rank(f));
    v
}

/// Does any open (not suppressed) failure reach the threshold?
pub fn fails_at(findings: &[Finding], threshold: Severity) -> bool {
    findings
        .iter()
        .any(|f| f.is_open_failure() && f.severity >= threshold)
}

/// `fail (suppressed)` for an accepted failure, the status otherwise.
pub fn status_label(f: &Finding, strings: &i18n::Strings) -> String {
    match (f.status, &f.suppressed) {
        (Status::Fail, Some(_)) => format!("{} ({})", strings.fail, strings.suppressed),
        (s, _) => strings.status(s).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn f(severity: Severity, status: Status) -> Finding {
        Finding {
            rule_id: Cow::Borrowed("S3.1"),
            status,
            severity,
            account_id: None,
            region: None,
            resource: "r".into(),
            resource_name: None,
            observed: String::new(),
            expected: Cow::Borrowed(""),
            observed_msg: None,
            expected_msg: None,
            evidence: Vec::new(),
            suppressed: None,
            severity_computed: false,
        }
    }

    #[test]
    fn times_are_shown_in_the_readers_zone_to_the_second() {
        let jst: Zone = "JST".parse().unwrap();
        assert_eq!(
            jst.show("2026-12-07T04:29:14.695Z"),
            "2026-12-07 13:29:14 JST"
        );
        let ny: Zone = "-05:00".parse().unwrap();
        assert_eq!(
            ny.show("2026-12-07T04:29:14Z"),
            "2026-12-06 23:29:14 UTC-05:00"
        );
        assert_eq!(Zone::default().show("not a time"), "not a time");
        assert!("Asia/Tokyo".parse::<Zone>().is_err());
        assert!("+25:00".parse::<Zone>().is_err());
    }

    #[test]
    fn a_critical_failure_weighs_more_than_many_low_ones() {
        use Severity::*;
        use Status::*;
        // Nine low passes and one critical failure: 90% unweighted hides it, weighted it is
        // 1 − 10 ÷ 19.
        let mut v: Vec<Finding> = (0..9).map(|_| f(Low, Pass)).collect();
        v.push(f(Critical, Fail));
        let unweighted = Counts::of(&v).score().unwrap();
        let weighted = weighted_score(&v).unwrap();
        assert!((unweighted - 0.9).abs() < 1e-9, "{unweighted}");
        assert!((weighted - (1.0 - 10.0 / 19.0)).abs() < 1e-9, "{weighted}");
        // An unknown is never a pass.
        assert_eq!(weighted_score(&[f(High, Unknown)]), Some(0.0));
        assert_eq!(weighted_score(&[f(Info, Fail)]), None);
        let open = open_by_severity(&v);
        assert_eq!(open[0], (Critical, 1));
        assert_eq!(open.iter().map(|(_, n)| n).sum::<usize>(), 1);
    }
}
