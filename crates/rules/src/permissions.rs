//! The permission classifier of IAM Identity Center permission sets (PRACTICES.md, "IAM
//! Identity Center"): admin-equivalent, privileged, service-wide wildcard or ordinary, with the
//! conditions that change the reading.
//!
//! - Admin-equivalent: the AWS managed `AdministratorAccess`, or any statement that allows every
//!   action (`*`, `*:*`, or a `NotAction` that still reaches any service) or IAM write
//!   (`iam:*`, or a `NotAction` that leaves IAM open) on every resource.
//! - Privileged: `PowerUserAccess`, `IAMFullAccess`, the administrator job functions, and any
//!   statement that reaches every service but IAM (a `NotAction` excluding IAM).
//! - Service-wide wildcard: `service:*` on every resource.
//! - A permissions boundary caps the result at the boundary's own class.
//! - `DateLessThan aws:CurrentTime` in the past: an expired grant; in the future: time-bound until
//!   then. `aws:MultiFactorAuthPresent` and `aws:SourceIp` are noted as mitigations.
//! - A policy that cannot be read or parsed makes the result unknown, with the reason.

use orgaudit_policy::{Condition, Effect, PolicyDocument, Statement};
use std::fmt;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Ordinary,
    ServiceWildcard,
    Privileged,
    AdminEquivalent,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Ordinary => "ordinary",
            Class::ServiceWildcard => "service-wide wildcard",
            Class::Privileged => "privileged",
            Class::AdminEquivalent => "admin-equivalent",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A grant limited in time by `DateLessThan aws:CurrentTime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBound {
    pub until: String,
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    pub class: Class,
    /// Why: which policy and statement decided the class.
    pub reasons: Vec<String>,
    /// Services granted with `service:*` on every resource.
    pub wildcard_services: Vec<String>,
    pub time_bound: Option<TimeBound>,
    /// MFA or source-IP conditions on the deciding statements.
    pub mitigations: Vec<String>,
}

/// Everything attached to a permission set, as collected.
#[derive(Debug, Clone, Default)]
pub struct Attached<'a> {
    /// AWS managed policies, by name or ARN (`arn:aws:iam::aws:policy/job-function/…`).
    pub managed: Vec<&'a str>,
    /// Inline policy and customer-managed policy documents: `(label, Ok(text) | Err(why unread))`.
    pub documents: Vec<(String, Result<&'a str, String>)>,
    /// Permissions boundary: an AWS managed policy name, or a document.
    pub boundary: Option<Boundary<'a>>,
}

#[derive(Debug, Clone)]
pub enum Boundary<'a> {
    Managed(&'a str),
    Document(String, Result<&'a str, String>),
}

/// AWS managed policies with a known class (by name, path stripped).
const MANAGED: &[(&str, Class)] = &[
    ("AdministratorAccess", Class::AdminEquivalent),
    ("PowerUserAccess", Class::Privileged),
    ("IAMFullAccess", Class::Privileged),
    ("SystemAdministrator", Class::Privileged),
    ("NetworkAdministrator", Class::Privileged),
    ("DatabaseAdministrator", Class::Privileged),
    ("AdministratorAccess-Amplify", Class::Privileged),
    ("AWSOrganizationsFullAccess", Class::Privileged),
];

fn managed_name(name_or_arn: &str) -> &str {
    name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
}

pub fn managed_class(name_or_arn: &str) -> Class {
    let name = managed_name(name_or_arn);
    MANAGED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .unwrap_or(Class::Ordinary)
}

const PROBE: &str = "orgauditprobe:AnyAction";
const IAM_WRITE: &[&str] = &[
    "iam:CreateUser",
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:CreateAccessKey",
];

fn statement_class(s: &Statement) -> (Class, Vec<String>) {
    if s.effect != Effect::Allow || !s.covers_all_resources() {
        return (Class::Ordinary, vec![]);
    }
    if IAM_WRITE.iter().all(|a| s.matches_action(a)) {
        return (Class::AdminEquivalent, vec![]);
    }
    if s.matches_action(PROBE) {
        // Everything but IAM: the shape of PowerUserAccess.
        return (Class::Privileged, vec![]);
    }
    let services: Vec<String> = match &s.actions {
        orgaudit_policy::Actions::Action(actions) => actions
            .iter()
            .filter_map(|a| a.strip_suffix(":*"))
            .filter(|svc| !svc.contains('*'))
            .map(str::to_string)
            .collect(),
        _ => vec![],
    };
    if services.is_empty() {
        (Class::Ordinary, vec![])
    } else {
        (Class::ServiceWildcard, services)
    }
}

fn parse_time(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339)
        .ok()
        .or_else(|| OffsetDateTime::parse(&format!("{s}T00:00:00Z"), &Rfc3339).ok())
}

fn read_conditions(conds: &[Condition], now: OffsetDateTime, out: &mut Classification) {
    for c in conds {
        let op = c.base_operator();
        if c.key_is("aws:CurrentTime") && op == "DateLessThan" {
            if let Some(until) = c
                .values
                .iter()
                .filter_map(|v| parse_time(v).map(|t| (v, t)))
                .max_by_key(|(_, t)| *t)
            {
                out.time_bound = Some(TimeBound {
                    until: until.0.clone(),
                    expired: until.1 <= now,
                });
            }
        } else if c.key_is("aws:CurrentTime") && op == "DateGreaterThan" {
            if let Some(from) = c
                .values
                .iter()
                .find(|v| parse_time(v).map(|t| t > now).unwrap_or(false))
            {
                out.mitigations.push(format!("not active before {from}"));
            }
        } else if c.key_is("aws:MultiFactorAuthPresent") {
            out.mitigations.push(format!("requires MFA ({c})"));
        } else if c.key_is("aws:SourceIp") {
            out.mitigations
                .push(format!("only from {}", c.values.join(", ")));
        }
    }
}

fn classify_documents(
    managed: &[&str],
    documents: &[(String, Result<&str, String>)],
    now: OffsetDateTime,
) -> Result<Classification, String> {
    let mut out = Classification {
        class: Class::Ordinary,
        reasons: vec![],
        wildcard_services: vec![],
        time_bound: None,
        mitigations: vec![],
    };
    for m in managed {
        let class = managed_class(m);
        if class > Class::Ordinary {
            out.reasons
                .push(format!("AWS managed {} is {class}", managed_name(m)));
        }
        out.class = out.class.max(class);
    }
    let mut unknown = Vec::new();
    for (label, text) in documents {
        let text = match text {
            Ok(t) => *t,
            Err(why) => {
                unknown.push(format!("{label} could not be read: {why}"));
                continue;
            }
        };
        let doc = match PolicyDocument::parse(text) {
            Ok(d) => d,
            Err(e) => {
                unknown.push(format!("{label} is not a valid policy: {e}"));
                continue;
            }
        };
        for s in &doc.statements {
            let (class, services) = statement_class(s);
            if class == Class::Ordinary {
                continue;
            }
            if class == Class::AdminEquivalent {
                read_conditions(&s.conditions, now, &mut out);
            }
            out.reasons
                .push(format!("{label} statement {} is {class}", s.label()));
            out.wildcard_services.extend(services);
            out.class = out.class.max(class);
        }
    }
    if !unknown.is_empty() && out.class < Class::AdminEquivalent {
        return Err(unknown.join("; "));
    }
    out.wildcard_services.sort();
    out.wildcard_services.dedup();
    Ok(out)
}

/// Classify a permission set. `now` is the snapshot's time (rules never read the clock).
pub fn classify(attached: &Attached<'_>, now: OffsetDateTime) -> Result<Classification, String> {
    let mut c = classify_documents(&attached.managed, &attached.documents, now)?;
    let capped = match &attached.boundary {
        None => None,
        Some(Boundary::Managed(name)) => Some((
            format!("boundary {}", managed_name(name)),
            managed_class(name),
        )),
        Some(Boundary::Document(label, text)) => {
            let b = classify_documents(&[], &[(label.clone(), text.clone())], now)
                .map_err(|e| format!("permissions boundary: {e}"))?;
            Some((format!("boundary {label}"), b.class))
        }
    };
    if let Some((label, class)) = capped {
        if class < c.class {
            c.reasons.push(format!("capped at {class} by {label}"));
            c.class = class;
            if class < Class::AdminEquivalent {
                c.time_bound = None;
            }
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-22 12:00 UTC);

    fn doc(stmt: &str) -> String {
        format!(r#"{{"Version":"2012-10-17","Statement":[{stmt}]}}"#)
    }

    #[derive(Debug, PartialEq)]
    enum W {
        Admin,
        AdminUntil,
        AdminExpired,
        Privileged,
        Wildcard,
        Ordinary,
        Unknown,
    }

    fn run(managed: &[&str], docs: &[&str], boundary: Option<Boundary<'_>>) -> W {
        let attached = Attached {
            managed: managed.to_vec(),
            documents: docs
                .iter()
                .enumerate()
                .map(|(i, d)| (format!("policy{i}"), Ok(*d)))
                .collect(),
            boundary,
        };
        match classify(&attached, NOW) {
            Err(_) => W::Unknown,
            Ok(c) => match (c.class, c.time_bound) {
                (Class::AdminEquivalent, Some(t)) if t.expired => W::AdminExpired,
                (Class::AdminEquivalent, Some(_)) => W::AdminUntil,
                (Class::AdminEquivalent, None) => W::Admin,
                (Class::Privileged, _) => W::Privileged,
                (Class::ServiceWildcard, _) => W::Wildcard,
                (Class::Ordinary, _) => W::Ordinary,
            },
        }
    }

    #[test]
    fn classifier_table() {
        let star = doc(r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#);
        let star_star = doc(r#"{"Effect":"Allow","Action":"*:*","Resource":"*"}"#);
        let iam_all = doc(r#"{"Effect":"Allow","Action":"iam:*","Resource":"*"}"#);
        let not_s3 = doc(r#"{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}"#);
        let not_iam = doc(
            r#"{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"}"#,
        );
        let s3_all = doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#);
        let kms_ec2 = doc(r#"{"Effect":"Allow","Action":["kms:*","ec2:*"],"Resource":"*"}"#);
        let s3_bucket = doc(r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}"#);
        let reads =
            doc(r#"{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"}"#);
        let deny_star = doc(r#"{"Effect":"Deny","Action":"*","Resource":"*"}"#);
        let star_scoped = doc(r#"{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b"}"#);
        let future = doc(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-01-31T00:00:00Z"}}}"#,
        );
        let past = doc(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-01-31T00:00:00Z"}}}"#,
        );
        let date_only = doc(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2025-06-30"}}}"#,
        );
        let mfa = doc(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
        );
        let ip = doc(
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}"#,
        );
        let read_only = Boundary::Managed("arn:aws:iam::aws:policy/ReadOnlyAccess");
        let cases: Vec<(&str, W)> = vec![
            (
                "AdministratorAccess",
                run(&["AdministratorAccess"], &[], None),
            ),
            (
                "AdministratorAccess by ARN",
                run(&["arn:aws:iam::aws:policy/AdministratorAccess"], &[], None),
            ),
            ("PowerUserAccess", run(&["PowerUserAccess"], &[], None)),
            ("IAMFullAccess", run(&["IAMFullAccess"], &[], None)),
            (
                "job function SystemAdministrator",
                run(
                    &["arn:aws:iam::aws:policy/job-function/SystemAdministrator"],
                    &[],
                    None,
                ),
            ),
            (
                "job function ViewOnlyAccess",
                run(
                    &["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
                    &[],
                    None,
                ),
            ),
            ("ReadOnlyAccess", run(&["ReadOnlyAccess"], &[], None)),
            ("inline * on *", run(&[], &[&star], None)),
            ("inline *:* on *", run(&[], &[&star_star], None)),
            ("inline iam:* on *", run(&[], &[&iam_all], None)),
            ("NotAction s3 leaves IAM open", run(&[], &[&not_s3], None)),
            (
                "NotAction excluding IAM is privileged, not admin",
                run(&[], &[&not_iam], None),
            ),
            ("s3:* on *", run(&[], &[&s3_all], None)),
            ("kms:* and ec2:*", run(&[], &[&kms_ec2], None)),
            ("s3:* on one bucket", run(&[], &[&s3_bucket], None)),
            ("read-only wildcards", run(&[], &[&reads], None)),
            ("deny * is not a grant", run(&[], &[&deny_star], None)),
            ("* on one resource", run(&[], &[&star_scoped], None)),
            ("time-bound until the future", run(&[], &[&future], None)),
            ("expired time bound", run(&[], &[&past], None)),
            ("expired, date without time", run(&[], &[&date_only], None)),
            ("MFA condition stays admin", run(&[], &[&mfa], None)),
            ("source IP condition stays admin", run(&[], &[&ip], None)),
            (
                "boundary ReadOnlyAccess caps admin",
                run(&["AdministratorAccess"], &[], Some(read_only.clone())),
            ),
            (
                "boundary PowerUserAccess caps admin to privileged",
                run(&[], &[&star], Some(Boundary::Managed("PowerUserAccess"))),
            ),
            (
                "boundary document with s3:* caps * to wildcard",
                run(
                    &[],
                    &[&star],
                    Some(Boundary::Document("b".into(), Ok(&s3_all))),
                ),
            ),
            (
                "boundary admin does not cap",
                run(
                    &[],
                    &[&star],
                    Some(Boundary::Managed("AdministratorAccess")),
                ),
            ),
            (
                "malformed boundary is unknown",
                run(
                    &[],
                    &[&s3_all],
                    Some(Boundary::Document("b".into(), Ok("{"))),
                ),
            ),
            (
                "malformed inline policy is unknown",
                run(&[], &["{\"Statement\": ["], None),
            ),
            (
                "malformed inline but admin managed stays admin",
                run(&["AdministratorAccess"], &["not json"], None),
            ),
            (
                "highest of several",
                run(&["ReadOnlyAccess", "PowerUserAccess"], &[&s3_all], None),
            ),
            ("nothing attached", run(&[], &[], None)),
        ];
        let want = [
            W::Admin,
            W::Admin,
            W::Privileged,
            W::Privileged,
            W::Privileged,
            W::Ordinary,
            W::Ordinary,
            W::Admin,
            W::Admin,
            W::Admin,
            W::Admin,
            W::Privileged,
            W::Wildcard,
            W::Wildcard,
            W::Ordinary,
            W::Ordinary,
            W::Ordinary,
            W::Ordinary,
            W::AdminUntil,
            W::AdminExpired,
            W::AdminExpired,
            W::Admin,
            W::Admin,
            W::Ordinary,
            W::Privileged,
            W::Wildcard,
            W::Admin,
            W::Unknown,
            W::Unknown,
            W::Admin,
            W::Privileged,
            W::Ordinary,
        ];
        assert!(cases.len() >= 30);
        assert_eq!(cases.len(), want.len());
        let failures: Vec<String> = cases
            .iter()
            .zip(want)
            .filter(|((_, got), want)| *got != *want)
            .map(|((name, got), want)| format!("{name}: wanted {want:?}, got {got:?}"))
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn mitigations_and_reasons_are_reported() {
        let mfa_ip = doc(
            r#"{"Sid":"Break","Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}"#,
        );
        let c = classify(
            &Attached {
                documents: vec![("inline".into(), Ok(&mfa_ip))],
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
        assert_eq!(c.reasons, ["inline statement Break is admin-equivalent"]);
        assert_eq!(c.mitigations.len(), 2);
        assert!(c.mitigations[1].contains("203.0.113.0/24"));
        let kms = doc(r#"{"Effect":"Allow","Action":["kms:*","iam:Get*"],"Resource":"*"}"#);
        let c = classify(
            &Attached {
                documents: vec![("p".into(), Ok(&kms))],
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
        assert_eq!(c.wildcard_services, ["kms"]);
        let err = classify(
            &Attached {
                documents: vec![("customer policy Ops".into(), Err("AccessDenied".into()))],
                ..Default::default()
            },
            NOW,
        )
        .unwrap_err();
        assert!(err.contains("customer policy Ops") && err.contains("AccessDenied"));
    }
}
