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
pub mod catalogue;
mod cloudtrail;
pub mod compliance;
mod config;
mod coverage;
pub mod data_events;
pub mod docs;
pub mod escalation;
pub mod messages;
mod meta;
pub(crate) mod org;
pub mod permissions;
#[cfg(test)]
mod properties;
pub mod rcp;
mod s3;
mod scope;
pub mod scp;
pub mod sso;
#[cfg(test)]
mod testing;

pub use catalogue::{Catalogue, CatalogueError, Entry, ParamValue, RuleSettings, Settings};
pub use messages::Say;
pub use meta::{seeds, ParamDefault, ParamKind, ParamSpec, Reads, RuleMeta, Service, Source, Text};
pub use org::guardrails;

use orgaudit_model::{Finding, Snapshot};

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

/// What a rule sees: the snapshot, the effective catalogue (its parameters) and the models
/// derived once per evaluation.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub catalogue: &'a Catalogue,
    pub scp: scp::ScpModel<'a>,
    /// The resource control policies, evaluated like SCPs.
    pub rcp: scp::ChainModel<'a>,
    /// CloudTrail event coverage (trails read once, answers shared between buckets).
    pub events: data_events::Engine<'a>,
}

impl<'a> Context<'a> {
    /// The snapshot with every rule at its defaults.
    pub fn new(snapshot: &'a Snapshot) -> Self {
        static DEFAULTS: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        Self::with_catalogue(snapshot, DEFAULTS.get_or_init(Catalogue::defaults))
    }

    pub fn with_catalogue(snapshot: &'a Snapshot, catalogue: &'a Catalogue) -> Self {
        Context {
            snapshot,
            catalogue,
            scp: scp::ScpModel::scps(snapshot),
            rcp: scp::ChainModel::rcps(snapshot),
            events: data_events::Engine::new(snapshot),
        }
    }
}

/// The metadata half of a rule, given by [`declare_rule!`].
pub trait Described {
    fn meta(&self) -> &'static RuleMeta;
}

/// A practice check.
pub trait Rule: Described + Sync {
    /// One finding per resource examined.
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding>;
}

/// An area's rules, one line each (`module::RULE`): declares each rule's module and the area's
/// `rules()`, in catalogue order. Adding a practice is adding its file and its line here.
#[macro_export]
macro_rules! register {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $(mod $module;)*

        /// The area's rules, in catalogue order.
        pub(crate) fn rules() -> Vec<&'static dyn $crate::Rule> {
            vec![$(&$module::$rule),*]
        }
    };
}

/// Declare a rule: its unit struct, its metadata (`static META: RuleMeta` of the same file)
/// and typed accessors for the parameters the metadata declares.
///
/// ```text
/// declare_rule!(S3_3, META, params { require_kms: bool });
/// // …then `S3_3::require_kms(ctx)` in the rule's logic.
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($name:ident, $meta:ident) => {
        pub struct $name;
        impl $crate::Described for $name {
            fn meta(&self) -> &'static $crate::RuleMeta {
                &$meta
            }
        }
    };
    ($name:ident, $meta:ident, params { $($param:ident : $kind:ident),* $(,)? }) => {
        $crate::declare_rule!($name, $meta);
        impl $name {
            $( $crate::declare_rule!(@accessor $meta, $param, $kind); )*
        }
    };
    (@accessor $meta:ident, $param:ident, bool) => {
        #[allow(dead_code)]
        pub fn $param(ctx: &$crate::Context<'_>) -> bool {
            ctx.catalogue.bool_param(&$meta, stringify!($param))
        }
    };
    (@accessor $meta:ident, $param:ident, duration) => {
        #[allow(dead_code)]
        pub fn $param(ctx: &$crate::Context<'_>) -> u64 {
            ctx.catalogue.duration_param(&$meta, stringify!($param))
        }
    };
    (@accessor $meta:ident, $param:ident, patterns) => {
        #[allow(dead_code)]
        pub fn $param<'c>(ctx: &'c $crate::Context<'_>) -> &'c [String] {
            ctx.catalogue.patterns_param(&$meta, stringify!($param))
        }
    };
}

/// Every rule, in catalogue order: the registration list (each area's module adds one line
/// per rule).
pub fn registered() -> Vec<&'static dyn Rule> {
    let mut rules = coverage::rules();
    rules.extend(org::rules());
    rules.extend(s3::rules());
    rules.extend(cloudtrail::rules());
    rules.extend(sso::rules());
    rules.extend(config::rules());
    rules
}

/// Evaluate the whole catalogue at its defaults.
pub fn evaluate(snapshot: &Snapshot) -> Vec<Finding> {
    evaluate_with(snapshot, &Catalogue::defaults())
}

/// Evaluate the effective catalogue: enabled rules only, configured severities on the findings
/// whose severity the rule did not compute, failing findings covered by a current exception
/// marked suppressed, and one CFG.1 finding per exception (expired ones fail and suppress
/// nothing). Findings come out in catalogue order, then resource order.
pub fn evaluate_with(snapshot: &Snapshot, catalogue: &Catalogue) -> Vec<Finding> {
    let ctx = Context::with_catalogue(snapshot, catalogue);
    let entries: Vec<&catalogue::Entry> = catalogue.enabled().collect();
    let run = |e: &catalogue::Entry| {
        let t = std::time::Instant::now();
        let mut fs = e.rule.evaluate(&ctx);
        tracing::debug!(
            rule = e.meta.id,
            findings = fs.len(),
            ms = t.elapsed().as_millis() as u64,
            "evaluated"
        );
        if e.severity_overridden {
            fs.iter_mut()
                .filter(|f| !f.severity_computed)
                .for_each(|f| f.severity = e.severity);
        }
        fs
    };
    // Rules are independent: spread them over the cores, then keep catalogue order.
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(entries.len().max(1));
    let mut per_rule: Vec<Vec<Finding>> = if workers <= 1 {
        entries.iter().map(|e| run(e)).collect()
    } else {
        let mut slots: Vec<Option<Vec<Finding>>> = vec![None; entries.len()];
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    let entries = &entries;
                    let run = &run;
                    scope.spawn(move || {
                        (w..entries.len())
                            .step_by(workers)
                            .map(|i| (i, run(entries[i])))
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
    if !catalogue.exceptions.is_empty() {
        config::judge_exceptions(snapshot, catalogue, &mut findings);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_ids_are_unique_numbered_and_documented() {
        let mut seen = HashSet::new();
        let mut numbers: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
        for rule in registered() {
            let m = rule.meta();
            assert!(seen.insert(m.id), "duplicate id {}", m.id);
            let (area, n) = m.id.split_once('.').expect("ids are AREA.N");
            numbers
                .entry(area)
                .or_default()
                .push(n.parse().expect("a number after the dot"));
            for text in [&m.title, &m.rationale, &m.remediation] {
                assert!(!text.en.trim().is_empty(), "{}: English text missing", m.id);
                assert!(
                    !text.ja.trim().is_empty(),
                    "{}: Japanese text missing",
                    m.id
                );
            }
            for p in m.params {
                assert!(
                    !p.doc.en.is_empty() && !p.doc.ja.is_empty(),
                    "{} {}: undocumented",
                    m.id,
                    p.name
                );
            }
            assert!(!m.sources.is_empty(), "{}: no source", m.id);
            assert!(!m.reads.is_empty(), "{}: declares nothing it reads", m.id);
        }
        // Each area is numbered 1..n with no gap: a rule dropped from the registration list
        // shows here.
        for (area, mut ns) in numbers {
            ns.sort_unstable();
            let want: Vec<u32> = (1..=ns.len() as u32).collect();
            assert_eq!(ns, want, "{area} rules are not numbered 1..n");
        }
    }
}
