//! The effective catalogue: every rule with its metadata, whether it runs, the severity it
//! reports at and the value of each of its parameters, built once from the settings (the
//! defaults, the `strict` profile, a practices file) and passed by value to evaluation and to
//! the reports. Nothing reads a global catalogue.
//!
//! Severity precedence: a rule's findings carry the rule's **default** severity unless the rule
//! computes one for the finding (`Finding::set_severity`, e.g. CT.3's `info` for buckets that
//! need not have read events, SSO.2's `medium` for a time-bound grant). A severity override of
//! the practices file replaces the default severity, so it applies to every finding whose
//! severity the rule did not compute; computed severities are kept.

use crate::meta::{ParamDefault, ParamKind, ParamSpec};
use crate::{Exception, Rule, RuleMeta};
use orgaudit_model::Severity;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// A parameter's value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Bool(bool),
    /// A duration in seconds.
    Duration(u64),
    /// Name patterns (`*` and `?`).
    Patterns(Vec<String>),
}

impl ParamValue {
    pub fn kind(&self) -> ParamKind {
        match self {
            ParamValue::Bool(_) => ParamKind::Bool,
            ParamValue::Duration(_) => ParamKind::Duration,
            ParamValue::Patterns(_) => ParamKind::Patterns,
        }
    }

    fn of(d: ParamDefault) -> ParamValue {
        match d {
            ParamDefault::Bool(b) => ParamValue::Bool(b),
            ParamDefault::Duration(s) => ParamValue::Duration(s),
            ParamDefault::Patterns(p) => {
                ParamValue::Patterns(p.iter().map(|s| s.to_string()).collect())
            }
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Duration(s) => write!(f, "{s} s"),
            ParamValue::Patterns(p) => write!(f, "[{}]", p.join(", ")),
        }
    }
}

/// What the configuration says about one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSettings {
    pub enabled: Option<bool>,
    /// Replaces the rule's default severity (see the module documentation).
    pub severity: Option<Severity>,
    pub params: BTreeMap<String, ParamValue>,
}

/// The settings a catalogue is built from: the profile, per-rule settings, exceptions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The `strict` profile: every parameter at its demanding value (`ParamSpec::strict`).
    pub strict: bool,
    pub rules: BTreeMap<String, RuleSettings>,
    /// Accepted risks.
    pub exceptions: Vec<Exception>,
}

impl Settings {
    /// The `strict` profile.
    pub fn strict() -> Self {
        Settings {
            strict: true,
            ..Settings::default()
        }
    }

    /// Set one parameter of one rule (what a practices file line does).
    pub fn set_param(&mut self, rule: &str, name: &str, value: ParamValue) {
        self.rules
            .entry(rule.to_string())
            .or_default()
            .params
            .insert(name.to_string(), value);
    }
}

/// A mistake in the settings: an unknown rule or parameter, a value of the wrong kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CatalogueError(pub String);

/// One rule of the effective catalogue.
pub struct Entry {
    pub rule: &'static dyn Rule,
    pub meta: &'static RuleMeta,
    pub enabled: bool,
    /// The default severity of its findings (the rule's own, or the configured override).
    pub severity: Severity,
    /// The configuration replaced the rule's default severity.
    pub severity_overridden: bool,
    /// Every parameter of the rule with its effective value, in declaration order.
    pub params: Vec<(&'static ParamSpec, ParamValue)>,
    /// The compliance controls it maps to, `<framework>/<control>` ([`crate::compliance`]).
    pub controls: Vec<String>,
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("id", &self.meta.id)
            .field("enabled", &self.enabled)
            .field("severity", &self.severity)
            .field("params", &self.params)
            .finish()
    }
}

impl Entry {
    pub fn param(&self, name: &str) -> Option<&ParamValue> {
        self.params
            .iter()
            .find(|(s, _)| s.name == name)
            .map(|(_, v)| v)
    }
}

/// The effective catalogue.
#[derive(Debug)]
pub struct Catalogue {
    entries: Vec<Entry>,
    index: HashMap<&'static str, usize>,
    pub exceptions: Vec<Exception>,
    pub strict: bool,
}

/// Find a parameter's declaration among every rule's, for messages about a misplaced one.
pub fn owner_of_param(name: &str) -> Option<&'static str> {
    crate::registered()
        .into_iter()
        .find(|r| r.meta().params.iter().any(|p| p.name == name))
        .map(|r| r.meta().id)
}

impl Catalogue {
    /// Every rule at its defaults.
    pub fn defaults() -> Catalogue {
        Self::build(Settings::default()).unwrap_or_else(|e| unreachable!("defaults: {e}"))
    }

    /// The `strict` profile.
    pub fn strict() -> Catalogue {
        Self::build(Settings::strict()).unwrap_or_else(|e| unreachable!("strict: {e}"))
    }

    /// Build the catalogue the settings describe, refusing unknown rules and parameters and
    /// values of the wrong kind.
    pub fn build(settings: Settings) -> Result<Catalogue, CatalogueError> {
        let registered = crate::registered();
        for (id, rs) in &settings.rules {
            let Some(rule) = registered.iter().find(|r| r.meta().id == id) else {
                return Err(CatalogueError(format!("unknown rule `{id}`")));
            };
            for (name, value) in &rs.params {
                match rule.meta().params.iter().find(|p| p.name == name) {
                    None => {
                        return Err(CatalogueError(match owner_of_param(name) {
                            Some(owner) => {
                                format!("`{name}` is a parameter of {owner}, not of {id}")
                            }
                            None => format!("{id} has no parameter `{name}`"),
                        }))
                    }
                    Some(spec) if spec.kind != value.kind() => {
                        return Err(CatalogueError(format!(
                            "{id} `{name}` takes {}, not {}",
                            spec.kind.describe(),
                            value.kind().describe()
                        )))
                    }
                    Some(_) => {}
                }
            }
        }
        let mut entries = Vec::with_capacity(registered.len());
        let mut index = HashMap::new();
        for rule in registered {
            let meta = rule.meta();
            let rs = settings.rules.get(meta.id);
            let params = meta
                .params
                .iter()
                .map(|spec| {
                    let value = rs
                        .and_then(|r| r.params.get(spec.name).cloned())
                        .unwrap_or_else(|| {
                            let d = match (settings.strict, spec.strict) {
                                (true, Some(s)) => s,
                                _ => spec.default,
                            };
                            ParamValue::of(d)
                        });
                    (spec, value)
                })
                .collect();
            let severity = rs.and_then(|r| r.severity);
            index.insert(meta.id, entries.len());
            entries.push(Entry {
                rule,
                meta,
                enabled: rs.and_then(|r| r.enabled).unwrap_or(true),
                severity: severity.unwrap_or(meta.severity),
                severity_overridden: severity.is_some(),
                params,
                controls: crate::compliance::controls_of(meta.id),
            });
        }
        Ok(Catalogue {
            entries,
            index,
            exceptions: settings.exceptions,
            strict: settings.strict,
        })
    }

    /// Every rule, in catalogue order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The rules that run.
    pub fn enabled(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.enabled)
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    /// Metadata of a rule by id.
    pub fn meta(&self, id: &str) -> Option<&'static RuleMeta> {
        self.get(id).map(|e| e.meta)
    }

    /// The compliance controls a rule maps to, `<framework>/<control>`.
    pub fn controls(&self, id: &str) -> &[String] {
        self.get(id)
            .map(|e| e.controls.as_slice())
            .unwrap_or_default()
    }

    /// The severity a rule reports at (its default, or the configured override).
    pub fn severity(&self, id: &str) -> Option<Severity> {
        self.get(id).map(|e| e.severity)
    }

    /// Ids of the rules the configuration turned off, in catalogue order.
    pub fn disabled(&self) -> Vec<&'static str> {
        self.entries
            .iter()
            .filter(|e| !e.enabled)
            .map(|e| e.meta.id)
            .collect()
    }

    /// A parameter's effective value. Panics on a name the rule does not declare: that is a
    /// bug in the rule, caught by its own tests.
    pub fn param(&self, meta: &RuleMeta, name: &str) -> &ParamValue {
        self.get(meta.id)
            .and_then(|e| e.param(name))
            .unwrap_or_else(|| panic!("{} declares no parameter `{name}`", meta.id))
    }

    pub fn bool_param(&self, meta: &RuleMeta, name: &str) -> bool {
        match self.param(meta, name) {
            ParamValue::Bool(b) => *b,
            other => panic!("{} `{name}` is not a bool: {other}", meta.id),
        }
    }

    pub fn duration_param(&self, meta: &RuleMeta, name: &str) -> u64 {
        match self.param(meta, name) {
            ParamValue::Duration(s) => *s,
            other => panic!("{} `{name}` is not a duration: {other}", meta.id),
        }
    }

    pub fn patterns_param(&self, meta: &RuleMeta, name: &str) -> &[String] {
        match self.param(meta, name) {
            ParamValue::Patterns(p) => p,
            other => panic!("{} `{name}` is not a pattern list: {other}", meta.id),
        }
    }
}
