//! Condition operators and their evaluation against a request context, as the IAM User Guide
//! documents them ("IAM JSON policy elements: Condition operators", "Condition with multiple
//! context keys or values", "Single-valued vs. multivalued context keys").
//!
//! The rules this module implements, each from that guide:
//! - Condition keys are case-insensitive; values compare per operator (String* case-sensitive,
//!   `…IgnoreCase` not, `Bool` as the words true/false).
//! - A key absent from the request context makes a positive operator false and a negated one
//!   (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`…) true ("Condition operators": "If the
//!   policy condition requires that the key is not matched … and the right key is not present,
//!   the condition is true"); `…IfExists` makes any operator true when the key is absent;
//!   `Null` tests presence itself.
//! - Several values of one key are ORed for positive operators; a negated operator is true
//!   only if the request value matches none of them ("Condition with multiple context keys or
//!   values", "Evaluation logic").
//! - `ForAnyValue:` is true if at least one request value matches (false when the key is
//!   absent); `ForAllValues:` if every request value matches (true when absent or empty).
//! - `ArnEquals`/`ArnLike` compare ARNs component by component, both allowing wildcards.
//! - `Date*` values may be ISO 8601 dates/times or UNIX epoch seconds ("Date condition
//!   operators").

use crate::pattern::{arn_match, split_arn, wildcard_match};
use crate::request::Context;
use std::net::IpAddr;

/// The base operator, without `ForAllValues:`/`ForAnyValue:` and `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpKind {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// What kind of values an operator compares (for generating test values, and for reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

const OPS: &[(&str, OpKind)] = &[
    ("StringEquals", OpKind::StringEquals),
    ("StringNotEquals", OpKind::StringNotEquals),
    ("StringEqualsIgnoreCase", OpKind::StringEqualsIgnoreCase),
    (
        "StringNotEqualsIgnoreCase",
        OpKind::StringNotEqualsIgnoreCase,
    ),
    ("StringLike", OpKind::StringLike),
    ("StringNotLike", OpKind::StringNotLike),
    ("NumericEquals", OpKind::NumericEquals),
    ("NumericNotEquals", OpKind::NumericNotEquals),
    ("NumericLessThan", OpKind::NumericLessThan),
    ("NumericLessThanEquals", OpKind::NumericLessThanEquals),
    ("NumericGreaterThan", OpKind::NumericGreaterThan),
    ("NumericGreaterThanEquals", OpKind::NumericGreaterThanEquals),
    ("DateEquals", OpKind::DateEquals),
    ("DateNotEquals", OpKind::DateNotEquals),
    ("DateLessThan", OpKind::DateLessThan),
    ("DateLessThanEquals", OpKind::DateLessThanEquals),
    ("DateGreaterThan", OpKind::DateGreaterThan),
    ("DateGreaterThanEquals", OpKind::DateGreaterThanEquals),
    ("Bool", OpKind::Bool),
    ("BinaryEquals", OpKind::BinaryEquals),
    ("IpAddress", OpKind::IpAddress),
    ("NotIpAddress", OpKind::NotIpAddress),
    ("ArnEquals", OpKind::ArnEquals),
    ("ArnLike", OpKind::ArnLike),
    ("ArnNotEquals", OpKind::ArnNotEquals),
    ("ArnNotLike", OpKind::ArnNotLike),
    ("Null", OpKind::Null),
];

impl OpKind {
    /// Negated operators: true when the request value matches none of the policy values, and
    /// when the key is absent.
    pub fn negated(self) -> bool {
        use OpKind::*;
        matches!(
            self,
            StringNotEquals
                | StringNotEqualsIgnoreCase
                | StringNotLike
                | NumericNotEquals
                | DateNotEquals
                | NotIpAddress
                | ArnNotEquals
                | ArnNotLike
        )
    }

    pub fn family(self) -> Family {
        use OpKind::*;
        match self {
            StringEquals
            | StringNotEquals
            | StringEqualsIgnoreCase
            | StringNotEqualsIgnoreCase
            | StringLike
            | StringNotLike => Family::String,
            NumericEquals
            | NumericNotEquals
            | NumericLessThan
            | NumericLessThanEquals
            | NumericGreaterThan
            | NumericGreaterThanEquals => Family::Numeric,
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals => Family::Date,
            Bool => Family::Bool,
            BinaryEquals => Family::Binary,
            IpAddress | NotIpAddress => Family::Ip,
            ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::Arn,
            Null => Family::Null,
        }
    }

    /// Does the operator treat `*` and `?` in policy values as wildcards?
    pub fn wildcards(self) -> bool {
        use OpKind::*;
        matches!(
            self,
            StringLike | StringNotLike | ArnEquals | ArnLike | ArnNotEquals | ArnNotLike
        )
    }

    pub fn name(self) -> &'static str {
        OPS.iter()
            .find(|(_, k)| *k == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }
}

/// `ForAllValues:` / `ForAnyValue:` set qualifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetOp {
    Single,
    ForAllValues,
    ForAnyValue,
}

/// A parsed condition operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operator {
    pub kind: OpKind,
    pub set: SetOp,
    pub if_exists: bool,
}

impl Operator {
    /// Parse an operator as written in a policy (`ForAnyValue:StringLikeIfExists`…). Operator
    /// names compare case-insensitively; `None` for a name IAM does not define.
    pub fn parse(text: &str) -> Option<Operator> {
        let (set, rest) = match text.split_once(':') {
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAllValues") => {
                (SetOp::ForAllValues, rest)
            }
            Some((q, rest)) if q.eq_ignore_ascii_case("ForAnyValue") => (SetOp::ForAnyValue, rest),
            Some(_) => return None,
            None => (SetOp::Single, text),
        };
        let lower = rest.to_ascii_lowercase();
        let (base, if_exists) = match lower.strip_suffix("ifexists") {
            Some(b) => (b, true),
            None => (lower.as_str(), false),
        };
        let kind = OPS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(base))
            .map(|(_, k)| *k)?;
        Some(Operator {
            kind,
            set,
            if_exists,
        })
    }
}

/// One `Condition` entry: operator, key and values (stringified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// As written in the policy, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// As written in the policy; compare with [`Condition::key_is`] (keys are case-insensitive).
    pub key: String,
    pub values: Vec<String>,
    pub op: Operator,
    /// The key in lower case, for lookups in a [`Context`].
    pub key_lower: String,
}

impl Condition {
    pub fn new(operator: &str, key: &str, values: Vec<String>) -> Option<Condition> {
        Some(Condition {
            op: Operator::parse(operator)?,
            operator: operator.to_string(),
            key: key.to_string(),
            key_lower: key.to_ascii_lowercase(),
            values,
        })
    }

    /// The operator without set prefix and `IfExists`, e.g. `StringNotLike`.
    pub fn base_operator(&self) -> &'static str {
        self.op.kind.name()
    }

    /// Condition keys are case-insensitive in IAM.
    pub fn key_is(&self, key: &str) -> bool {
        self.key.eq_ignore_ascii_case(key)
    }

    /// Evaluate against a request context. `expand` substitutes policy variables in values
    /// that hold `${…}` (`None`: the variable has no value, and that value matches nothing);
    /// other values are compared as written, without copying.
    pub fn holds(&self, ctx: &Context, expand: &dyn Fn(&str) -> Option<String>) -> bool {
        let present = ctx.get(&self.key_lower);
        if self.op.kind == OpKind::Null {
            // `Null: {key: true}` holds when the key is absent, `false` when present.
            let absent = present.is_none_or(|v| v.is_empty());
            return self.values.iter().any(|v| {
                let want_absent = v.eq_ignore_ascii_case("true");
                want_absent == absent
            });
        }
        let values: &[String] = match present {
            None => {
                return match self.op.set {
                    _ if self.op.if_exists => true,
                    SetOp::ForAllValues => true,
                    SetOp::ForAnyValue => false,
                    SetOp::Single => self.op.kind.negated(),
                }
            }
            Some(v) => v,
        };
        let policy = || {
            self.values.iter().map(|v| {
                if v.contains("${") {
                    expand(v).map(std::borrow::Cow::Owned)
                } else {
                    Some(std::borrow::Cow::Borrowed(v.as_str()))
                }
            })
        };
        let kind = self.op.kind;
        // One request value against the policy values: positive operators need one policy
        // value that matches; negated ones need every policy value to be a valid comparison
        // that does not match. A comparison that cannot be made (a policy value that is not
        // an ARN for an ARN operator, an unresolved policy variable) matches neither way.
        let passes = |req: &str| {
            if kind.negated() {
                policy().all(|p| p.and_then(|p| compare(kind, &p, req)) == Some(false))
            } else {
                policy().any(|p| p.and_then(|p| compare(kind, &p, req)) == Some(true))
            }
        };
        match self.op.set {
            SetOp::ForAllValues => values.iter().all(|v| passes(v)),
            SetOp::ForAnyValue => values.iter().any(|v| passes(v)),
            SetOp::Single if kind.negated() => values.iter().all(|v| passes(v)),
            SetOp::Single => values.iter().any(|v| passes(v)),
        }
    }
}

/// Compare one policy value with one request value under the operator's positive reading
/// (`ArnNotLike` compares like `ArnLike`). `None` when the comparison cannot be made.
fn compare(kind: OpKind, policy: &str, req: &str) -> Option<bool> {
    use OpKind::*;
    match kind {
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => {
            // "Each of the six colon-delimited components of the ARN is checked separately":
            // a value that is not an ARN (`*`) cannot be compared.
            split_arn(policy)?;
            split_arn(req)?;
            Some(arn_match(policy, req))
        }
        _ => Some(positive_match(kind, policy, req)),
    }
}

/// The positive comparison of one policy value with one request value.
fn positive_match(kind: OpKind, policy: &str, req: &str) -> bool {
    use OpKind::*;
    match kind {
        StringEquals | StringNotEquals => policy == req,
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
            policy.eq_ignore_ascii_case(req) || policy.to_lowercase() == req.to_lowercase()
        }
        StringLike | StringNotLike => wildcard_match(policy, req, false),
        NumericEquals | NumericNotEquals => num(policy, req, |a, b| a == b),
        NumericLessThan => num(policy, req, |p, r| r < p),
        NumericLessThanEquals => num(policy, req, |p, r| r <= p),
        NumericGreaterThan => num(policy, req, |p, r| r > p),
        NumericGreaterThanEquals => num(policy, req, |p, r| r >= p),
        DateEquals | DateNotEquals => date(policy, req, |p, r| r == p),
        DateLessThan => date(policy, req, |p, r| r < p),
        DateLessThanEquals => date(policy, req, |p, r| r <= p),
        DateGreaterThan => date(policy, req, |p, r| r > p),
        DateGreaterThanEquals => date(policy, req, |p, r| r >= p),
        Bool => policy.eq_ignore_ascii_case(req),
        BinaryEquals => policy == req,
        IpAddress | NotIpAddress => match (Cidr::parse(policy), req.trim().parse::<IpAddr>()) {
            (Some(c), Ok(ip)) => c.contains(ip),
            _ => false,
        },
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => arn_match(policy, req),
        Null => false,
    }
}

fn num(policy: &str, req: &str, f: impl Fn(f64, f64) -> bool) -> bool {
    match (policy.trim().parse::<f64>(), req.trim().parse::<f64>()) {
        (Ok(p), Ok(r)) => f(p, r),
        _ => false,
    }
}

fn date(policy: &str, req: &str, f: impl Fn(i128, i128) -> bool) -> bool {
    match (parse_date(policy), parse_date(req)) {
        (Some(p), Some(r)) => f(p, r),
        _ => false,
    }
}

/// A date as IAM accepts it in `Date*` conditions, as nanoseconds since the UNIX epoch: UNIX
/// epoch seconds (`1769817600`), or ISO 8601 — a date (`2026-01-31`), a date and time in UTC
/// (`2026-01-31T00:00:00Z`, fractions allowed, minutes-only `T00:00Z`), or with an offset
/// (`+09:00`, `+0900`). IAM User Guide, "Condition operators", "Date condition operators"
/// ("values in one of the supported W3C implementations of the ISO 8601 date formats … or in
/// epoch (UNIX) time").
pub fn parse_date(text: &str) -> Option<i128> {
    let s = text.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 12 {
        return s.parse::<i128>().ok().map(|secs| secs * 1_000_000_000);
    }
    let (date_part, time_part) = match s.find(['T', 't']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut d = date_part.split('-');
    let year: i64 = d.next()?.parse().ok()?;
    let month: u8 = match d.next() {
        Some(m) => m.parse().ok()?,
        None => 1,
    };
    let day: u8 = match d.next() {
        Some(x) => x.parse().ok()?,
        None => 1,
    };
    if d.next().is_some() {
        return None;
    }
    let month = time::Month::try_from(month).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(year).ok()?, month, day).ok()?;
    let mut offset_secs: i64 = 0;
    let mut nanos: i128 = 0;
    if let Some(t) = time_part {
        // Split off the zone designator: Z, +hh:mm, -hh:mm, +hhmm, +hh.
        let (clock, zone) = match t.find(['Z', 'z', '+', '-']) {
            Some(i) => (&t[..i], &t[i..]),
            None => (t, ""),
        };
        if !zone.is_empty() && !zone.eq_ignore_ascii_case("z") {
            let sign: i64 = if zone.starts_with('-') { -1 } else { 1 };
            let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let (hh, mm) = match digits.len() {
                2 => (digits.parse::<i64>().ok()?, 0),
                4 => (
                    digits[..2].parse::<i64>().ok()?,
                    digits[2..].parse::<i64>().ok()?,
                ),
                _ => return None,
            };
            offset_secs = sign * (hh * 3600 + mm * 60);
        }
        let mut parts = clock.split(':');
        let h: i64 = parts.next()?.parse().ok()?;
        let m: i64 = match parts.next() {
            Some(x) => x.parse().ok()?,
            None => 0,
        };
        let (sec, frac) = match parts.next() {
            Some(x) => match x.split_once(['.', ',']) {
                Some((s, f)) => (s.parse::<i64>().ok()?, f),
                None => (x.parse::<i64>().ok()?, ""),
            },
            None => (0, ""),
        };
        if parts.next().is_some() || h > 24 || m > 59 || sec > 60 {
            return None;
        }
        if !frac.is_empty() {
            let digits: String = frac.chars().take(9).collect();
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let scale = 10i128.pow(9 - digits.len() as u32);
            nanos = digits.parse::<i128>().ok()? * scale;
        }
        nanos += i128::from(h * 3600 + m * 60 + sec) * 1_000_000_000;
    }
    let midnight = date.midnight().assume_utc().unix_timestamp();
    Some(i128::from(midnight) * 1_000_000_000 + nanos - i128::from(offset_secs) * 1_000_000_000)
}

/// An IPv4 or IPv6 network (`203.0.113.0/24`, `2001:db8::/32`, or one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let text = text.trim();
        let (ip, prefix) = match text.split_once('/') {
            Some((ip, p)) => (ip.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.parse::<IpAddr>().ok()?, None),
        };
        let max = if ip.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { addr: ip, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }

    /// The first address of the network.
    pub fn first(&self) -> IpAddr {
        match self.addr {
            IpAddr::V4(a) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::V4((u32::from(a) & mask).into())
            }
            IpAddr::V6(a) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                IpAddr::V6((u128::from(a) & mask).into())
            }
        }
    }

    /// The last address of the network.
    pub fn last(&self) -> IpAddr {
        match self.addr {
            IpAddr::V4(a) => {
                let host = u32::MAX.checked_shr(u32::from(self.prefix)).unwrap_or(0);
                IpAddr::V4((u32::from(a) | host).into())
            }
            IpAddr::V6(a) => {
                let host = u128::MAX.checked_shr(u32::from(self.prefix)).unwrap_or(0);
                IpAddr::V6((u128::from(a) | host).into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(op: &str, key: &str, values: &[&str]) -> Condition {
        Condition::new(op, key, values.iter().map(|v| v.to_string()).collect()).unwrap()
    }

    fn ctx(pairs: &[(&str, &[&str])]) -> Context {
        let mut c = Context::default();
        for (k, vs) in pairs {
            c.set(k, vs.iter().map(|v| v.to_string()).collect());
        }
        c
    }

    fn no_vars(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    /// IAM User Guide, "Condition operators": an absent key makes a positive operator false,
    /// a negated one true, any `…IfExists` true; `Null` tests presence.
    #[test]
    fn absent_keys_per_the_condition_operators_page() {
        let empty = Context::default();
        let cases = [
            ("StringEquals", false),
            ("StringNotEquals", true),
            ("StringLike", false),
            ("StringNotLike", true),
            ("ArnNotLike", true),
            ("NotIpAddress", true),
            ("IpAddress", false),
            ("StringEqualsIfExists", true),
            ("ArnLikeIfExists", true),
            ("BoolIfExists", true),
            ("Bool", false),
            ("ForAnyValue:StringEquals", false),
            ("ForAllValues:StringEquals", true),
            ("ForAnyValue:StringNotEquals", false),
        ];
        for (op, want) in cases {
            assert_eq!(
                cond(op, "aws:PrincipalTag/team", &["x"]).holds(&empty, &no_vars),
                want,
                "{op}"
            );
        }
        assert!(cond("Null", "aws:PrincipalTag/team", &["true"]).holds(&empty, &no_vars));
        assert!(!cond("Null", "aws:PrincipalTag/team", &["false"]).holds(&empty, &no_vars));
    }

    /// "Condition with multiple context keys or values": values of one key are ORed; a negated
    /// operator holds only if the request value matches none of them.
    #[test]
    fn several_values_or_and_negation_nor() {
        let c = ctx(&[("aws:RequestedRegion", &["eu-west-1"])]);
        assert!(cond(
            "StringEquals",
            "aws:requestedregion",
            &["us-east-1", "eu-west-1"]
        )
        .holds(&c, &no_vars));
        assert!(!cond(
            "StringNotEquals",
            "AWS:RequestedRegion",
            &["us-east-1", "eu-west-1"]
        )
        .holds(&c, &no_vars));
        assert!(cond("StringNotEquals", "aws:RequestedRegion", &["us-east-1"]).holds(&c, &no_vars));
    }

    #[test]
    fn set_operators_on_multivalued_keys() {
        let c = ctx(&[("aws:TagKeys", &["env", "team"])]);
        assert!(cond("ForAnyValue:StringEquals", "aws:TagKeys", &["team"]).holds(&c, &no_vars));
        assert!(!cond("ForAllValues:StringEquals", "aws:TagKeys", &["team"]).holds(&c, &no_vars));
        assert!(cond(
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            &["team", "env", "x"]
        )
        .holds(&c, &no_vars));
        assert!(cond("ForAnyValue:StringNotEquals", "aws:TagKeys", &["team"]).holds(&c, &no_vars));
        assert!(
            !cond("ForAllValues:StringNotEquals", "aws:TagKeys", &["team"]).holds(&c, &no_vars)
        );
    }

    #[test]
    fn operator_families() {
        let c = ctx(&[
            ("aws:SourceIp", &["203.0.113.9"]),
            ("aws:SecureTransport", &["false"]),
            ("aws:MultiFactorAuthAge", &["300"]),
            ("aws:CurrentTime", &["2026-11-22T12:00:00Z"]),
            (
                "aws:PrincipalArn",
                &["arn:aws:iam::111122223333:role/Admin"],
            ),
        ]);
        let yes = [
            cond("IpAddress", "aws:SourceIp", &["203.0.113.0/24"]),
            cond("NotIpAddress", "aws:SourceIp", &["198.51.100.0/24"]),
            cond("Bool", "aws:SecureTransport", &["FALSE"]),
            cond("NumericLessThan", "aws:MultiFactorAuthAge", &["3600"]),
            cond("DateLessThan", "aws:CurrentTime", &["2027-01-01"]),
            cond("DateLessThan", "aws:CurrentTime", &["1800000000"]),
            cond(
                "DateGreaterThan",
                "aws:CurrentTime",
                &["2026-11-22T20:59:59+09:00"],
            ),
            cond(
                "ArnLike",
                "aws:PrincipalArn",
                &["arn:aws:iam::*:role/Admin"],
            ),
            cond(
                "ArnEquals",
                "aws:PrincipalArn",
                &["arn:aws:iam::*:role/Adm?n"],
            ),
            cond("StringLike", "aws:PrincipalArn", &["*:role/Admin"]),
        ];
        for c2 in &yes {
            assert!(c2.holds(&c, &no_vars), "{:?}", c2);
        }
        let no = [
            cond("IpAddress", "aws:SourceIp", &["10.0.0.0/8"]),
            cond("Bool", "aws:SecureTransport", &["true"]),
            cond("DateLessThan", "aws:CurrentTime", &["2026-11-22T12:00:00Z"]),
            cond("ArnLike", "aws:PrincipalArn", &["arn:aws:iam::*"]),
            cond(
                "StringEquals",
                "aws:PrincipalArn",
                &["arn:aws:iam::111122223333:role/admin"],
            ),
        ];
        for c2 in &no {
            assert!(!c2.holds(&c, &no_vars), "{:?}", c2);
        }
    }

    #[test]
    fn operator_names_parse_like_iam() {
        assert!(Operator::parse("ForAnyValue:StringLikeIfExists").is_some());
        assert!(Operator::parse("stringequals").is_some());
        assert!(Operator::parse("StringEqualz").is_none());
        assert!(Operator::parse("ForSomeValues:StringEquals").is_none());
        let op = Operator::parse("ForAllValues:ArnNotLikeIfExists").unwrap();
        assert_eq!(
            (op.kind, op.set, op.if_exists),
            (OpKind::ArnNotLike, SetOp::ForAllValues, true)
        );
    }

    /// "Date condition operators": ISO 8601 in its W3C profiles and UNIX epoch seconds.
    #[test]
    fn date_formats_iam_accepts() {
        let t = parse_date("2026-01-31T00:00:00Z").unwrap();
        for same in [
            "2026-01-31",
            "2026-01-31T00:00Z",
            "2026-01-31T09:00:00+09:00",
            "2026-01-31T09:00:00+0900",
            "2026-01-30T19:00:00-05:00",
            "2026-01-31T00:00:00.000Z",
            "1769817600",
        ] {
            assert_eq!(parse_date(same), Some(t), "{same}");
        }
        for bad in [
            "",
            "tomorrow",
            "2026-13-01",
            "2026-01-31T25:00:00Z",
            "2026-01-31T00:00:00+9",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn cidrs() {
        let c = Cidr::parse("203.0.113.77/24").unwrap();
        assert_eq!(c.first().to_string(), "203.0.113.0");
        assert_eq!(c.last().to_string(), "203.0.113.255");
        assert!(Cidr::parse("0.0.0.0/0")
            .unwrap()
            .contains("8.8.8.8".parse().unwrap()));
        assert!(Cidr::parse("2001:db8::/32")
            .unwrap()
            .contains("2001:db8::1".parse().unwrap()));
        assert!(!Cidr::parse("2001:db8::/32")
            .unwrap()
            .contains("10.0.0.1".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
    }
}
