//! The practice catalogue (`../shared/PRACTICES.md`): one module per rule, each holding its
//! metadata ([`RuleMeta`]) next to its logic.
//!
//! Rules are pure functions of the [`Snapshot`]: no IO, no clock reads other than the `now`
//! handed in through [`Context`], and they cannot fail. Missing or unreadable data becomes a
//! finding with status `unknown` that carries the reason.

pub mod bucket_policy;
mod cloudtrail;
mod coverage;
pub mod data_events;
pub mod docs;
mod meta;
mod org;
pub mod permissions;
mod s3;
pub mod scp;
pub mod sso;

pub use meta::{seeds, RuleMeta, Service, Source, Text};

use orgaudit_model::{Finding, Snapshot};

/// Parameters of the practices (the `strict` profile and, later, the practices file).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// S3.3: SSE-S3 alone is not enough; default encryption must use KMS.
    pub s3_require_kms: bool,
}

impl Settings {
    /// The `strict` profile: every parameter at its demanding value.
    pub fn strict() -> Self {
        Settings {
            s3_require_kms: true,
        }
    }
}

/// What a rule sees: the snapshot, the settings and the models derived once per evaluation.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub settings: Settings,
    pub scp: scp::ScpModel<'a>,
}

impl<'a> Context<'a> {
    pub fn new(snapshot: &'a Snapshot) -> Self {
        Self::with_settings(snapshot, Settings::default())
    }

    pub fn with_settings(snapshot: &'a Snapshot, settings: Settings) -> Self {
        Context {
            snapshot,
            settings,
            scp: scp::ScpModel::new(&snapshot.organization),
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
    rules
}

/// Metadata of the rule with this id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    catalogue()
        .into_iter()
        .map(|r| r.meta())
        .find(|m| m.id == id)
}

/// Evaluate the whole catalogue. Findings come out in catalogue order, then resource order.
pub fn evaluate(snapshot: &Snapshot) -> Vec<Finding> {
    evaluate_with(snapshot, Settings::default())
}

/// Evaluate the whole catalogue with explicit settings.
pub fn evaluate_with(snapshot: &Snapshot, settings: Settings) -> Vec<Finding> {
    let ctx = Context::with_settings(snapshot, settings);
    catalogue()
        .into_iter()
        .flat_map(|r| r.evaluate(&ctx))
        .collect()
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
            "S3.1", "S3.2", "S3.3", "S3.4", "S3.5", "S3.6", "S3.7", "S3.8", "S3.9", "CT.1", "CT.2",
            "CT.3", "CT.4", "CT.5", "CT.6", "CT.7", "CT.8", "CT.9", "SSO.1", "SSO.2", "SSO.3",
            "SSO.4", "SSO.5", "SSO.6", "SSO.7", "SSO.8",
        ] {
            assert!(seen.contains(id), "{id} missing from the catalogue");
        }
    }
}
