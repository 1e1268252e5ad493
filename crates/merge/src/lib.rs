//! `orgaudit merge`: join the partial snapshots of a sharded collection into one snapshot that
//! reads exactly like an unsharded collection of the same organization.
//!
//! Refused, with a message naming the files' shards: partial snapshots of different
//! organizations, schema versions, shard counts, regions or modes; a shard missing or given
//! twice; an account collected by two shards or by a shard it does not belong to; a whole
//! (unsharded) snapshot. Never silent: an account shard 0 lists that no shard collected (it
//! joined the organization between the shards' runs) becomes unreachable, with the reason.

use orgaudit_model::{
    AccountAccess, CollectionError, Fetched, Shard, ShardRun, Snapshot, SCHEMA_VERSION,
};
use std::collections::{BTreeMap, BTreeSet};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MergeError {
    #[error("nothing to merge: give the partial snapshots of every shard")]
    Empty,
    #[error("{0} is a whole snapshot, not a shard: only the output of `orgaudit collect --shard I/N` can be merged")]
    NotAShard(String),
    #[error("{name} has snapshot schema version {found}; this orgaudit merges version {SCHEMA_VERSION}: collect every shard with the same orgaudit")]
    SchemaVersion { name: String, found: u32 },
    #[error("{name} holds no organization id (its DescribeOrganization failed): collect that shard again")]
    NoOrganization { name: String },
    #[error("the shards come from different organizations: {first} is {first_org}, {other} is {other_org}")]
    Organization {
        first: String,
        first_org: String,
        other: String,
        other_org: String,
    },
    #[error("the shards were cut differently: {first} is one of {first_count}, {other} one of {other_count}; use the same --shard count for every worker")]
    ShardCount {
        first: String,
        first_count: u32,
        other: String,
        other_count: u32,
    },
    #[error("shard {shard} is given twice ({first} and {other})")]
    Duplicate {
        shard: Shard,
        first: String,
        other: String,
    },
    #[error("shard(s) {missing} of {count} missing: a merge needs every shard, or accounts would silently go unaudited")]
    Missing { missing: String, count: u32 },
    #[error("the shards differ in {what}: {first} has {first_value}, {other} has {other_value}; run every shard with the same options")]
    Options {
        what: &'static str,
        first: String,
        first_value: String,
        other: String,
        other_value: String,
    },
    #[error("account {account} is in {name} (shard {shard}), but belongs to shard {owner}: was that file collected with another shard count?")]
    WrongShard {
        account: String,
        name: String,
        shard: Shard,
        owner: u32,
    },
}

/// One partial snapshot and the name it is known by in messages (its file path).
pub struct Part {
    pub name: String,
    pub snapshot: Snapshot,
}

/// Join every shard of one collection. `parts` may come in any order.
pub fn merge(parts: Vec<Part>) -> Result<Snapshot, MergeError> {
    let mut by_shard: BTreeMap<u32, Part> = BTreeMap::new();
    let mut count = None;
    for part in parts {
        if part.snapshot.schema_version != SCHEMA_VERSION {
            return Err(MergeError::SchemaVersion {
                name: part.name,
                found: part.snapshot.schema_version,
            });
        }
        let Some(shard) = part.snapshot.meta.shard else {
            return Err(MergeError::NotAShard(part.name));
        };
        match count {
            None => count = Some((shard.count, part.name.clone())),
            Some((n, ref first)) if n != shard.count => {
                return Err(MergeError::ShardCount {
                    first: first.clone(),
                    first_count: n,
                    other: part.name,
                    other_count: shard.count,
                })
            }
            Some(_) => {}
        }
        if let Some(existing) = by_shard.get(&shard.index) {
            return Err(MergeError::Duplicate {
                shard,
                first: existing.name.clone(),
                other: part.name,
            });
        }
        by_shard.insert(shard.index, part);
    }
    let Some((count, _)) = count else {
        return Err(MergeError::Empty);
    };
    let missing: Vec<String> = (0..count)
        .filter(|i| !by_shard.contains_key(i))
        .map(|i| i.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing {
            missing: missing.join(", "),
            count,
        });
    }

    let mut parts = by_shard.into_values();
    let first = parts.next().ok_or(MergeError::Empty)?;
    let org_id = |p: &Part| -> Result<String, MergeError> {
        p.snapshot
            .organization
            .info
            .ok()
            .map(|i| i.id.clone())
            .ok_or_else(|| MergeError::NoOrganization {
                name: p.name.clone(),
            })
    };
    let first_org = org_id(&first)?;
    let rest: Vec<Part> = parts.collect();
    for part in &rest {
        let org = org_id(part)?;
        if org != first_org {
            return Err(MergeError::Organization {
                first: first.name.clone(),
                first_org,
                other: part.name.clone(),
                other_org: org,
            });
        }
        let same = |what: &'static str, a: String, b: String| {
            if a == b {
                Ok(())
            } else {
                Err(MergeError::Options {
                    what,
                    first: first.name.clone(),
                    first_value: a,
                    other: part.name.clone(),
                    other_value: b,
                })
            }
        };
        // The regions asked for; what each account was audited in may differ (its enabled
        // regions) and is merged below.
        let regions = |s: &Snapshot| {
            let set: BTreeSet<&str> = s
                .meta
                .requested_regions
                .iter()
                .map(String::as_str)
                .collect();
            set.into_iter().collect::<Vec<_>>().join(",")
        };
        same("regions", regions(&first.snapshot), regions(&part.snapshot))?;
        same(
            "home region",
            first.snapshot.meta.home_region.clone(),
            part.snapshot.meta.home_region.clone(),
        )?;
        same(
            "mode",
            first.snapshot.meta.mode.clone(),
            part.snapshot.meta.mode.clone(),
        )?;
    }

    // Every account in exactly the shard it belongs to.
    let all = std::iter::once(&first).chain(rest.iter());
    for part in all {
        let shard = part
            .snapshot
            .meta
            .shard
            .unwrap_or(Shard { index: 0, count });
        for account in part.snapshot.account_access.keys() {
            let owner = Shard::of(account, count);
            if owner != shard.index {
                return Err(MergeError::WrongShard {
                    account: account.clone(),
                    name: part.name.clone(),
                    shard,
                    owner,
                });
            }
        }
    }

    Ok(join(first, rest))
}

fn join(first: Part, rest: Vec<Part>) -> Snapshot {
    let mut merged = first.snapshot;
    let mut runs = vec![shard_run(&merged)];
    let mut started = parse(&merged.meta.started_at);
    let mut finished = parse(&merged.meta.finished_at);
    let mut phases: BTreeMap<String, u64> = merged
        .meta
        .phases
        .iter()
        .map(|(k, v)| (format!("shard 0: {k}"), *v))
        .collect();
    for part in rest {
        let s = part.snapshot;
        runs.push(shard_run(&s));
        let index = s.meta.shard.map_or(0, |sh| sh.index);
        for (k, v) in &s.meta.phases {
            phases.insert(format!("shard {index}: {k}"), *v);
        }
        started = min_time(started, parse(&s.meta.started_at));
        finished = max_time(finished, parse(&s.meta.finished_at));
        for (op, n) in s.meta.api_calls {
            *merged.meta.api_calls.entry(op).or_default() += n;
        }
        merged.meta.retries += s.meta.retries;
        merged.account_access.extend(s.account_access);
        merged.regions.extend(s.regions);
        merged.meta.regions.extend(s.meta.regions);
        merged.s3.extend(s.s3);
        merged.cloudtrail.extend(s.cloudtrail);
        merged.errors.extend(s.errors);
    }
    merged.s3.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    merged
        .cloudtrail
        .sort_by(|a, b| a.account_id.cmp(&b.account_id));

    // An account shard 0 listed that no shard read (it joined after the other shards listed
    // the accounts) must not vanish from the audit.
    if let Fetched::Ok(accounts) = &merged.organization.accounts {
        for account in accounts {
            if merged.account_access.contains_key(&account.id) {
                continue;
            }
            let error = CollectionError {
                account_id: Some(account.id.clone()),
                region: None,
                service: "orgaudit".into(),
                operation: "Merge".into(),
                code: "NotCollected".into(),
                message: format!(
                    "shard 0 lists this account, but shard {} did not read it (the account list \
                     changed between the shards' runs): collect that shard again",
                    Shard::of(&account.id, runs.len() as u32)
                ),
                subject: None,
            };
            merged.errors.push(error.clone());
            merged
                .account_access
                .insert(account.id.clone(), AccountAccess::Unreachable { error });
        }
    }

    if let Some(t) = started {
        merged.meta.started_at = format(t);
    }
    if let Some(t) = finished {
        merged.meta.finished_at = format(t);
    }
    merged.meta.regions.sort();
    merged.meta.regions.dedup();
    merged.meta.phases = phases;
    merged.meta.shard = None;
    merged.meta.merged_from = runs;
    merged
}

fn shard_run(s: &Snapshot) -> ShardRun {
    ShardRun {
        shard: s.meta.shard.unwrap_or(Shard { index: 0, count: 1 }),
        started_at: s.meta.started_at.clone(),
        finished_at: s.meta.finished_at.clone(),
        caller_arn: s.meta.caller_arn.clone(),
        accounts: s.account_access.len(),
        api_calls: s.meta.api_calls.values().sum(),
        retries: s.meta.retries,
        errors: s.errors.len(),
    }
}

fn parse(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

fn format(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn min_time(a: Option<OffsetDateTime>, b: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_time(a: Option<OffsetDateTime>, b: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests;
