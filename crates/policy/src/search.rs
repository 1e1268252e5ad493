//! Deciding "is there any request these policies allow?" by evaluating concrete requests.
//!
//! A guardrail ("no member can stop CloudTrail") holds only if **every** request for the
//! action is denied, whatever the resource and whatever the request context the caller can
//! choose. orgaudit answers that by building the requests that can make a difference and
//! evaluating each one exactly ([`crate::eval`]):
//!
//! - resources: every resource type the action acts on (Service Authorization Reference, see
//!   [`crate::actions`]) instantiated with a fresh name, plus every `Resource`/`NotResource`
//!   pattern of the policies instantiated (a fresh name matches only the patterns that match
//!   every name; an instantiated pattern matches the patterns that single it out);
//! - context: for every condition key the policies test and the scenario does not fix, the key
//!   absent, each value the policies compare it with (wildcards filled in), and values just
//!   beside them (numbers ±1, dates ±1 s, an address outside every range, a fresh string);
//! - callers: chosen by the caller of the search (an ordinary principal of the account, the
//!   principals an exemption names…), each with the context keys that describe it.
//!
//! The cross product is evaluated up to a bound; beyond it the answer is
//! [`Search::TooLarge`], which callers report as unknown, never as a pass.

use crate::condition::{Cidr, Family};
use crate::request::{Caller, Context, Request};
use crate::{parse_date, PolicyDocument, Resources};
use std::net::IpAddr;

/// A caller to try, with the context keys that describe it (`aws:PrincipalArn`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerCase {
    pub caller: Caller,
    pub context: Context,
    /// How a report names this caller ("an ordinary role of the account").
    pub label: String,
}

/// The requests to try.
#[derive(Debug, Clone)]
pub struct Space {
    /// Each action with the resources to try it on (only resources of a type it acts on).
    pub targets: Vec<(String, Vec<String>)>,
    pub callers: Vec<CallerCase>,
    /// Keys whose value the scenario fixes for every request (`aws:CurrentTime`…).
    pub fixed: Context,
    /// Keys the caller can vary: each with its candidate values (`None` = absent).
    pub free: Vec<(String, Vec<Option<Vec<String>>>)>,
}

/// The outcome of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// This request is allowed.
    Found(Box<Request>),
    /// Every request tried was refused.
    NotFound { tried: usize },
    /// Too many combinations to try them all.
    TooLarge { combinations: u128 },
}

impl Space {
    /// How many requests a full search tries.
    pub fn combinations(&self) -> u128 {
        let pairs: u128 = self.targets.iter().map(|(_, r)| r.len() as u128).sum();
        let mut n: u128 = pairs.saturating_mul(self.callers.len() as u128);
        for (_, c) in &self.free {
            n = n.saturating_mul(c.len().max(1) as u128);
        }
        n
    }

    /// The first request `allowed` accepts, trying callers in order, then actions, resources
    /// and contexts (the "plain" request first: every free key at its first candidate).
    pub fn find(&self, limit: u128, mut allowed: impl FnMut(&Request) -> bool) -> Search {
        let total = self.combinations();
        if total > limit {
            return Search::TooLarge {
                combinations: total,
            };
        }
        let mut tried = 0usize;
        let mut pick = vec![0usize; self.free.len()];
        for caller in &self.callers {
            let mut base = self.fixed.clone();
            for (k, v) in caller.context.iter() {
                base.set(k, v.to_vec());
            }
            for (action, resources) in &self.targets {
                for resource in resources {
                    let mut req = Request {
                        caller: caller.caller.clone(),
                        action: action.clone(),
                        resource: resource.clone(),
                        context: base.clone(),
                    };
                    pick.iter_mut().for_each(|p| *p = 0);
                    loop {
                        for ((key, cands), &i) in self.free.iter().zip(&pick) {
                            match cands.get(i).and_then(|c| c.as_ref()) {
                                Some(values) => req.context.set(key, values.clone()),
                                None => req.context.remove(key),
                            }
                        }
                        tried += 1;
                        if allowed(&req) {
                            return Search::Found(Box::new(req));
                        }
                        // Odometer over the free keys.
                        let mut i = 0;
                        while i < pick.len() {
                            pick[i] += 1;
                            if pick[i] < self.free[i].1.len() {
                                break;
                            }
                            pick[i] = 0;
                            i += 1;
                        }
                        if i == pick.len() {
                            break;
                        }
                    }
                }
            }
        }
        Search::NotFound { tried }
    }
}

/// A fresh string no policy names, for "any other value".
pub const FRESH: &str = "orgaudit-other-7f3e";

/// Fill a pattern's wildcards: `*` → `fill`, `?` → `x`.
pub fn instantiate(pattern: &str, fill: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + fill.len());
    for c in pattern.chars() {
        match c {
            '*' => out.push_str(fill),
            '?' => out.push('x'),
            c => out.push(c),
        }
    }
    out
}

/// A condition key as first written, with the operator families used on it and the values it
/// is compared with.
pub type KeyUse = (String, (Vec<Family>, Vec<String>));

/// Every condition key the policies test (keys compare case-insensitively).
pub fn condition_keys<'a>(docs: impl IntoIterator<Item = &'a PolicyDocument>) -> Vec<KeyUse> {
    let mut out: Vec<KeyUse> = Vec::new();
    for doc in docs {
        for s in &doc.statements {
            for c in &s.conditions {
                let i = match out.iter().position(|(k, _)| k.eq_ignore_ascii_case(&c.key)) {
                    Some(i) => i,
                    None => {
                        out.push((c.key.clone(), Default::default()));
                        out.len() - 1
                    }
                };
                let e = &mut out[i].1;
                let fam = c.op.kind.family();
                if !e.0.contains(&fam) {
                    e.0.push(fam);
                }
                for v in &c.values {
                    if !e.1.contains(v) {
                        e.1.push(v.clone());
                    }
                }
            }
        }
    }
    out
}

/// Candidate values for one free key: absent, each compared value (wildcards filled), values
/// beside them, and a fresh one.
pub fn candidates(families: &[Family], values: &[String]) -> Vec<Option<Vec<String>>> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: String| {
        if !out.contains(&v) {
            out.push(v);
        }
    };
    for fam in families {
        match fam {
            Family::String | Family::Arn | Family::Binary => {
                for v in values.iter().filter(|v| !v.contains("${")) {
                    push(instantiate(v, ""));
                    if v.contains('*') {
                        push(instantiate(v, "x"));
                    }
                }
                push(FRESH.to_string());
            }
            Family::Numeric => {
                for v in values {
                    if let Ok(n) = v.trim().parse::<i64>() {
                        push((n - 1).to_string());
                        push(n.to_string());
                        push((n + 1).to_string());
                    } else if let Ok(x) = v.trim().parse::<f64>() {
                        push((x - 1.0).to_string());
                        push(x.to_string());
                        push((x + 1.0).to_string());
                    }
                }
            }
            Family::Date => {
                for v in values {
                    if let Some(t) = parse_date(v) {
                        for d in [-1_000_000_000i128, 0, 1_000_000_000] {
                            push(format_date(t + d));
                        }
                    }
                }
            }
            Family::Bool => {
                push("true".into());
                push("false".into());
            }
            Family::Ip => {
                let nets: Vec<Cidr> = values.iter().filter_map(|v| Cidr::parse(v)).collect();
                for n in &nets {
                    push(n.first().to_string());
                    push(n.last().to_string());
                    if let Some(after) = next_ip(n.last()) {
                        push(after.to_string());
                    }
                }
                for probe in ["192.0.2.77", "198.51.100.77", "2001:db8::77", "100.64.0.77"] {
                    let ip: IpAddr = match probe.parse() {
                        Ok(ip) => ip,
                        Err(_) => continue,
                    };
                    if !nets.iter().any(|n| n.contains(ip)) {
                        push(probe.to_string());
                        break;
                    }
                }
            }
            Family::Null => push(FRESH.to_string()),
        }
    }
    std::iter::once(None)
        .chain(out.into_iter().map(|v| Some(vec![v])))
        .collect()
}

fn next_ip(ip: IpAddr) -> Option<IpAddr> {
    match ip {
        IpAddr::V4(a) => u32::from(a).checked_add(1).map(|n| IpAddr::V4(n.into())),
        IpAddr::V6(a) => u128::from(a).checked_add(1).map(|n| IpAddr::V6(n.into())),
    }
}

/// Nanoseconds since the epoch → `2026-01-31T00:00:00Z` (sub-second part dropped).
pub fn format_date(nanos: i128) -> String {
    let secs = nanos.div_euclid(1_000_000_000) as i64;
    match time::OffsetDateTime::from_unix_timestamp(secs) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            t.month() as u8,
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => secs.to_string(),
    }
}

/// Every `Resource`/`NotResource` pattern of the policies, for instantiating.
pub fn resource_patterns<'a>(docs: impl IntoIterator<Item = &'a PolicyDocument>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for doc in docs {
        for s in &doc.statements {
            if let Resources::Resource(v) | Resources::NotResource(v) = &s.resources {
                for p in v {
                    if !out.contains(p) {
                        out.push(p.clone());
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{decide, Decision};

    #[test]
    fn finds_the_request_a_conditional_deny_leaves_open() {
        let doc = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Action":"*","Resource":"*"},
                {"Effect":"Deny","Action":"cloudtrail:StopLogging","Resource":"*",
                 "Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1"]}}}]}"#,
        )
        .unwrap();
        let keys = condition_keys([&doc]);
        let free = keys
            .iter()
            .map(|(k, (f, v))| (k.clone(), candidates(f, v)))
            .collect();
        let space = Space {
            targets: vec![(
                "cloudtrail:StopLogging".into(),
                vec!["arn:aws:cloudtrail:us-east-1:1:trail/t".into()],
            )],
            callers: vec![CallerCase {
                caller: Caller::Anonymous,
                context: Context::default(),
                label: "x".into(),
            }],
            fixed: Context::default(),
            free,
        };
        match space.find(1000, |r| decide([&doc], r) == Decision::Allow) {
            Search::Found(r) => {
                assert_ne!(r.context.value("aws:RequestedRegion"), Some("us-east-1"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(space.find(0, |_| true), Search::TooLarge { .. }));
    }

    #[test]
    fn candidate_values_sit_on_both_sides_of_each_comparison() {
        let c = candidates(&[Family::Ip], &["203.0.113.0/24".into()]);
        let flat: Vec<String> = c.iter().flatten().flatten().cloned().collect();
        assert!(flat.contains(&"203.0.113.0".to_string()));
        assert!(flat.contains(&"203.0.114.0".to_string()));
        assert!(c.contains(&None));
        let d = candidates(&[Family::Date], &["2026-01-31".into()]);
        let flat: Vec<String> = d.iter().flatten().flatten().cloned().collect();
        assert!(
            flat.contains(&"2026-01-30T23:59:59Z".to_string()),
            "{flat:?}"
        );
        let s = candidates(&[Family::String], &["arn:aws:iam::*:role/Admin*".into()]);
        let flat: Vec<String> = s.iter().flatten().flatten().cloned().collect();
        assert!(flat.contains(&"arn:aws:iam:::role/Admin".to_string()));
        assert!(flat.contains(&"arn:aws:iam::x:role/Adminx".to_string()));
    }
}
