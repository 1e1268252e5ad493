//! The practice catalogue (`../shared/PRACTICES.md`): one module per rule, each holding its
//! metadata ([`RuleMeta`]) next to its logic.
//!
//! Rules are pure functions of the [`Snapshot`]: no IO, no clock reads other than the `now`
//! handed in through [`Context`], and they cannot fail. Missing or unreadable data becomes a
//! finding with status `unknown` that carries the reason.

// Helpers return an `unknown` Finding as their error: it is the value the rule reports, built
// once per rule, not an error passed up through many frames.
#![allow(clippy::result_large_err)]

pub mod bucket_policy;
mod cloudtrail;
mod config;
mod coverage;
pub mod data_events;
pub mod docs;
pub mod escalation;
mod meta;
pub(crate) mod org;
pub mod permissions;
#[cfg(test)]
mod properties;
pub mod rcp;
mod s3;
pub mod scp;
pub mod sso;

pub use meta::{seeds, RuleMeta, Service, Source, Text};
pub use org::guardrails;

use orgaudit_model::{Finding, Severity, Snapshot};
use std::collections::BTreeMap;

/// Parameters of the practices: the defaults of PRACTICES.md, the `strict` profile, or the
/// practices file (`orgaudit.toml`, parsed by `orgaudit-config`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// S3.3: SSE-S3 alone is not enough; default encryption must use KMS.
    pub s3_require_kms: bool,
    /// SSO.5: longest session for admin-equivalent or privileged permission sets, in seconds.
    pub sso_elevated_max_secs: u64,
    /// SSO.5: longest session for any permission set, in seconds.
    pub sso_any_max_secs: u64,
    /// SSO.2: permission sets (name patterns, `*` and `?`) allowed to be admin-equivalent,
    /// such as a break-glass set. Their findings pass and say why.
    pub sso_allowed_admin_sets: Vec<String>,
    /// CT.3: buckets (name patterns) that must have read data events. Empty: every bucket,
    /// at the rule's severity. Otherwise the listed buckets at the rule's severity and the
    /// others at `info`.
    pub ct_read_required_buckets: Vec<String>,
    /// Per rule: enabled and severity override. Rules not listed keep their defaults.
    pub rules: BTreeMap<String, RuleOverride>,
    /// Accepted risks.
    pub exceptions: Vec<Exception>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            s3_require_kms: false,
            sso_elevated_max_secs: 3600,
            sso_any_max_secs: 8 * 3600,
            sso_allowed_admin_sets: Vec::new(),
            ct_read_required_buckets: Vec::new(),
            rules: BTreeMap::new(),
            exceptions: Vec::new(),
        }
    }
}

impl Settings {
    /// The `strict` profile: every parameter at its demanding value.
    pub fn strict() -> Self {
        Settings {
            s3_require_kms: true,
            ..Settings::default()
        }
    }

    pub fn is_enabled(&self, rule_id: &str) -> bool {
        self.rules.get(rule_id).is_none_or(|o| o.enabled)
    }

    /// Ids of the rules the configuration turned off, in catalogue order.
    pub fn disabled_rules(&self) -> Vec<&'static str> {
        catalogue()
            .into_iter()
            .map(|r| r.meta().id)
            .filter(|id| !self.is_enabled(id))
            .collect()
    }
}

/// Configuration of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOverride {
    pub enabled: bool,
    /// Replaces the severity of every finding of the rule.
    pub severity: Option<Severity>,
}

/// An accepted risk: failing findings of `rule_id` on resources matching `resource` are
/// suppressed (still reported, marked) until `expires`, inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    /// A rule id, or a pattern such as `S3.*`.
    pub rule_id: String,
    /// Pattern matched against the finding's resource (ARN) and its name.
    pub resource: String,
    /// Only findings of this account, when set.
    pub account_id: Option<String>,
    pub reason: String,
    pub expires: time::Date,
    /// Where the exception is written (`orgaudit.toml:12`), for the report.
    pub origin: String,
}

impl Exception {
    pub fn matches(&self, f: &Finding) -> bool {
        use orgaudit_policy::wildcard_match;
        wildcard_match(&self.rule_id, &f.rule_id, true)
            && self
                .account_id
                .as_deref()
                .is_none_or(|a| f.account_id.as_deref() == Some(a))
            && (wildcard_match(&self.resource, &f.resource, false)
                || f.resource_name
                    .as_deref()
                    .is_some_and(|n| wildcard_match(&self.resource, n, false)))
    }

    /// Still in force on `day`?
    pub fn active_on(&self, day: time::Date) -> bool {
        day <= self.expires
    }
}

/// What a rule sees: the snapshot, the settings and the models derived once per evaluation.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub settings: Settings,
    pub scp: scp::ScpModel<'a>,
    /// The resource control policies, evaluated like SCPs.
    pub rcp: scp::ChainModel<'a>,
    /// CloudTrail event coverage (trails read once, answers shared between buckets).
    pub events: data_events::Engine<'a>,
}

impl<'a> Context<'a> {
    pub fn new(snapshot: &'a Snapshot) -> Self {
        Self::with_settings(snapshot, Settings::default())
    }

    pub fn with_settings(snapshot: &'a Snapshot, settings: Settings) -> Self {
        Context {
            snapshot,
            settings,
            scp: scp::ScpModel::scps(snapshot),
            rcp: scp::ChainModel::rcps(snapshot),
            events: data_events::Engine::new(snapshot),
        }
    }
}

/// A practice check.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// One finding per resource examined.
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding>;
}

/// Every rule, in catalogue order.
pub fn catalogue() -> Vec<&'static dyn Rule> {
    let mut rules = coverage::rules();
    rules.extend(org::rules());
    rules.extend(s3::rules());
    rules.extend(cloudtrail::rules());
    rules.extend(sso::rules());
    rules.extend(config::rules());
    rules
}

/// Metadata of the rule with this id (an index built once: reports ask for every finding).
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static RuleMeta>> =
        std::sync::OnceLock::new();
    INDEX
        .get_or_init(|| {
            catalogue()
                .into_iter()
                .map(|r| (r.meta().id, r.meta()))
                .collect()
        })
        .get(id)
        .copied()
}

/// Evaluate the whole catalogue. Findings come out in catalogue order, then resource order.
pub fn evaluate(snapshot: &Snapshot) -> Vec<Finding> {
    evaluate_with(snapshot, Settings::default())
}

/// Evaluate the whole catalogue with explicit settings: enabled rules only, severity
/// overrides applied, failing findings covered by a current exception marked suppressed, and
/// one CFG.1 finding per exception (expired ones fail and suppress nothing).
pub fn evaluate_with(snapshot: &Snapshot, settings: Settings) -> Vec<Finding> {
    let ctx = Context::with_settings(snapshot, settings);
    let settings = &ctx.settings;
    let rules: Vec<&dyn Rule> = catalogue()
        .into_iter()
        .filter(|r| settings.is_enabled(r.meta().id))
        .collect();
    let run = |r: &dyn Rule| {
        let t = std::time::Instant::now();
        let mut fs = r.evaluate(&ctx);
        tracing::debug!(
            rule = r.meta().id,
            findings = fs.len(),
            ms = t.elapsed().as_millis() as u64,
            "evaluated"
        );
        if let Some(sev) = settings.rules.get(r.meta().id).and_then(|o| o.severity) {
            fs.iter_mut().for_each(|f| f.severity = sev);
        }
        fs
    };
    // Rules are independent: spread them over the cores, then keep catalogue order.
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(rules.len().max(1));
    let mut per_rule: Vec<Vec<Finding>> = if workers <= 1 {
        rules.iter().map(|r| run(*r)).collect()
    } else {
        let mut slots: Vec<Option<Vec<Finding>>> = vec![None; rules.len()];
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let rules = &rules;
                    let run = &run;
                    scope.spawn(move || {
                        (w..rules.len())
                            .step_by(workers)
                            .map(|i| (i, run(rules[i])))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                // A rule that panicked is a bug; surface it rather than lose its findings.
                for (i, fs) in h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)) {
                    slots[i] = Some(fs);
                }
            }
        });
        slots.into_iter().map(Option::unwrap_or_default).collect()
    };
    let mut findings: Vec<Finding> = Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
    for fs in per_rule.iter_mut() {
        findings.append(fs);
    }
    if !settings.exceptions.is_empty() {
        let today = sso::snapshot_time(snapshot).date();
        let tally = config::apply_exceptions(&mut findings, &settings.exceptions, today);
        if settings.is_enabled(config::CFG1_ID) {
            findings.extend(config::cfg1_findings(&settings.exceptions, &tally, today));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_ids_are_unique_and_documented() {
        let mut seen = HashSet::new();
        for rule in catalogue() {
            let m = rule.meta();
            assert!(seen.insert(m.id), "duplicate id {}", m.id);
            for text in [&m.title, &m.rationale, &m.remediation] {
                assert!(!text.en.trim().is_empty(), "{}: English text missing", m.id);
                assert!(
                    !text.ja.trim().is_empty(),
                    "{}: Japanese text missing",
                    m.id
                );
            }
            assert!(!m.sources.is_empty(), "{}: no source", m.id);
        }
        for id in [
            "ORG.1", "ORG.2", "ORG.3", "ORG.4", "ORG.5", "ORG.6", "ORG.7", "ORG.8", "ORG.9",
            "ORG.10", "S3.1", "S3.2", "S3.3", "S3.4", "S3.5", "S3.6", "S3.7", "S3.8", "S3.9",
            "CT.1", "CT.2", "CT.3", "CT.4", "CT.5", "CT.6", "CT.7", "CT.8", "CT.9", "SSO.1",
            "SSO.2", "SSO.3", "SSO.4", "SSO.5", "SSO.6", "SSO.7", "SSO.8", "CFG.1",
        ] {
            assert!(seen.contains(id), "{id} missing from the catalogue");
        }
    }
}
