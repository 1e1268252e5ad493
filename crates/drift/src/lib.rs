//! Drift between two runs of the same organization.
//!
//! - **Settings**: each snapshot is flattened into `(resource, setting) → value` with values
//!   written for people (`Enabled`, `FullAWSAccess, deny-leave`, `policy 3f2a…`), and the two
//!   maps are compared. A resource present on one side only is one `exists` row, not one row
//!   per setting. A setting that could not be read is the value `unreadable (<code>)`, so an
//!   error that appears or disappears is drift too.
//! - **Findings**: keyed by (practice, account, region, resource). `new` = an open failure
//!   (fail, not suppressed) that was not one before; `resolved` = an open failure that is no
//!   longer one; `changed` = any other status change (e.g. pass → unknown); the rest is counted
//!   as unchanged.
//!
//! Both runs should be evaluated with the same rules and configuration (the CLI re-evaluates
//! the old snapshot with the current ones), so that drift shows changes in the organization,
//! not in orgaudit.

mod flatten;

use orgaudit_model::{Finding, Severity, Snapshot, Status};
use serde::Serialize;
use std::collections::BTreeMap;

pub use flatten::{flatten, Setting};

/// Which run a side of the comparison is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunRef {
    pub organization_id: String,
    /// RFC 3339 end of the collection.
    pub finished_at: String,
}

impl RunRef {
    pub fn of(snapshot: &Snapshot) -> Self {
        RunRef {
            organization_id: snapshot
                .organization
                .info
                .ok()
                .map(|i| i.id.clone())
                .unwrap_or_else(|| "unknown-organization".into()),
            finished_at: snapshot.meta.finished_at.clone(),
        }
    }
}

/// One setting of one resource that differs between the runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettingChange {
    /// `bucket`, `trail`, `scp`, `ou`, `root`, `account`, `permission set`, `assignment`…
    pub kind: &'static str,
    pub resource: String,
    pub name: String,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub setting: String,
    /// `None`: the resource did not exist on that side.
    pub old: Option<String>,
    pub new: Option<String>,
}

/// A finding whose status moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    pub rule_id: String,
    pub severity: Severity,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub resource: String,
    pub resource_name: Option<String>,
    /// `fail`, `fail (suppressed)`, `pass`, `unknown`, or `absent`.
    pub old: String,
    pub new: String,
    /// The newer observation (or the older one when the finding is gone).
    pub observed: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FindingDrift {
    pub new: Vec<FindingChange>,
    pub resolved: Vec<FindingChange>,
    pub changed: Vec<FindingChange>,
    pub unchanged: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    pub old: RunRef,
    pub new: RunRef,
    pub settings: Vec<SettingChange>,
    pub findings: FindingDrift,
}

/// Why two runs cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch(pub String);

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Mismatch {}

/// Compare two snapshots and their findings (evaluated with the same rules and settings).
pub fn diff(
    old: &Snapshot,
    old_findings: &[Finding],
    new: &Snapshot,
    new_findings: &[Finding],
) -> Result<Drift, Mismatch> {
    let (a, b) = (RunRef::of(old), RunRef::of(new));
    if a.organization_id != b.organization_id {
        return Err(Mismatch(format!(
            "the runs are of different organizations ({} and {}): nothing to compare",
            a.organization_id, b.organization_id
        )));
    }
    Ok(Drift {
        old: a,
        new: b,
        settings: settings(&flatten(old), &flatten(new)),
        findings: findings(old_findings, new_findings),
    })
}

type Index<'a> = (
    BTreeMap<&'a str, &'a Setting>,
    BTreeMap<(&'a str, &'a str), &'a Setting>,
);

/// Resource → its first row, and (resource, setting) → row.
fn index(v: &[Setting]) -> Index<'_> {
    let mut resources = BTreeMap::new();
    let mut values = BTreeMap::new();
    for s in v {
        resources.entry(s.resource.as_str()).or_insert(s);
        values.insert((s.resource.as_str(), s.setting.as_str()), s);
    }
    (resources, values)
}

fn settings(old: &[Setting], new: &[Setting]) -> Vec<SettingChange> {
    let (old_res, old_val) = index(old);
    let (new_res, new_val) = index(new);
    let mut out = Vec::new();
    let change = |s: &Setting, setting: &str, o: Option<String>, n: Option<String>| SettingChange {
        kind: s.kind,
        resource: s.resource.clone(),
        name: s.name.clone(),
        account_id: s.account_id.clone(),
        region: s.region.clone(),
        setting: setting.to_string(),
        old: o,
        new: n,
    };
    for (res, s) in &old_res {
        if !new_res.contains_key(res) {
            out.push(change(s, "exists", Some("yes".into()), None));
        }
    }
    for (res, s) in &new_res {
        if !old_res.contains_key(res) {
            out.push(change(s, "exists", None, Some("yes".into())));
        }
    }
    let keys: std::collections::BTreeSet<(&str, &str)> =
        old_val.keys().chain(new_val.keys()).copied().collect();
    for key in keys {
        if !(old_res.contains_key(key.0) && new_res.contains_key(key.0)) {
            continue;
        }
        let (o, n) = (old_val.get(&key), new_val.get(&key));
        let value = |s: Option<&&Setting>| s.map(|s| s.value.clone());
        if value(o) != value(n) {
            let s = n.or(o).copied().expect("key comes from one side");
            out.push(change(
                s,
                &s.setting,
                value(o).or_else(|| Some("(not set)".into())),
                value(n).or_else(|| Some("(not set)".into())),
            ));
        }
    }
    out.sort_by(|a, b| {
        (&a.account_id, a.kind, &a.resource, &a.setting).cmp(&(
            &b.account_id,
            b.kind,
            &b.resource,
            &b.setting,
        ))
    });
    out
}

fn label(f: &Finding) -> String {
    match (f.status, &f.suppressed) {
        (Status::Fail, Some(_)) => "fail (suppressed)".into(),
        (s, _) => s.as_str().into(),
    }
}

fn findings(old: &[Finding], new: &[Finding]) -> FindingDrift {
    let key = |f: &'_ Finding| -> (String, Option<String>, Option<String>, String) {
        (
            f.rule_id.to_string(),
            f.account_id.clone(),
            f.region.clone(),
            f.resource.clone(),
        )
    };
    let old_map: BTreeMap<_, &Finding> = old.iter().map(|f| (key(f), f)).collect();
    let new_map: BTreeMap<_, &Finding> = new.iter().map(|f| (key(f), f)).collect();
    let mut out = FindingDrift::default();
    let record = |f: &Finding, o: String, n: String| FindingChange {
        rule_id: f.rule_id.to_string(),
        severity: f.severity,
        account_id: f.account_id.clone(),
        region: f.region.clone(),
        resource: f.resource.clone(),
        resource_name: f.resource_name.clone(),
        old: o,
        new: n,
        observed: f.observed.clone(),
    };
    for (k, n) in &new_map {
        let o = old_map.get(k);
        let was_open = o.is_some_and(|o| o.is_open_failure());
        let old_label = o.map(|o| label(o)).unwrap_or_else(|| "absent".into());
        if n.is_open_failure() && !was_open {
            out.new.push(record(n, old_label, label(n)));
        } else if was_open && !n.is_open_failure() {
            out.resolved.push(record(n, old_label, label(n)));
        } else if o.is_some_and(|o| label(o) != label(n)) {
            out.changed.push(record(n, old_label, label(n)));
        } else if o.is_some() {
            out.unchanged += 1;
        }
        // A new resource that passes is neither new nor resolved: nothing to say.
    }
    for (k, o) in &old_map {
        if !new_map.contains_key(k) && o.is_open_failure() {
            out.resolved.push(record(o, label(o), "absent".into()));
        }
    }
    let order = |c: &FindingChange| (std::cmp::Reverse(c.severity), c.rule_id.clone());
    out.new.sort_by_key(order);
    out.resolved.sort_by_key(order);
    out.changed.sort_by_key(order);
    out
}

#[cfg(test)]
mod tests;
