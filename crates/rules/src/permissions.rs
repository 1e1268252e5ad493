//! The permission classifier of IAM Identity Center permission sets (PRACTICES.md, "IAM
//! Identity Center"): admin-equivalent, privileged, service-wide wildcard or ordinary, with
//! the conditions that change the reading.
//!
//! A class is decided by evaluating requests, the way IAM would (IAM User Guide, "Policy
//! evaluation logic": an explicit Deny in any policy wins; a permissions boundary must allow
//! too, "Permissions boundaries for IAM entities"), with the request context searched for
//! values the caller can choose (MFA, source address…), at the snapshot's time:
//!
//! - **admin-equivalent**: a privilege-escalation path of [`crate::escalation`] is open on
//!   resources other than the caller's own (creating or changing IAM principals, their
//!   policies, trust or credentials; `iam:PassRole` with a service that runs code). `*` on
//!   `*`, `iam:*`, `NotAction` or `NotResource` constructs that leave IAM write open, and AWS
//!   managed `IAMFullAccess` all land here; `Allow *` with `Deny iam:*` does not.
//! - **privileged**: every action of every service but escalation (`PowerUserAccess`), or an
//!   AWS job-function administrator policy;
//! - **service-wide wildcard**: every action of a service on every resource (`s3:*`, `kms:*`…);
//! - `DateLessThan aws:CurrentTime`: an admin-equivalent grant in force only until then is
//!   time-bound; one whose date has passed is expired. MFA and source-network conditions on
//!   the granting statements are reported as mitigations.
//! - A policy that cannot be read or parsed makes the result unknown, with the reason, unless
//!   what could be read is already admin-equivalent.

use crate::escalation::{Escalation, ESCALATIONS};
use orgaudit_policy::search::{self, CallerCase, Search, Space};
use orgaudit_policy::{
    actions, decide, Caller, Context, Decision, Effect, PolicyDocument, Request,
};
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
    /// Why: which request is allowed, by which policy and statement.
    pub reasons: Vec<String>,
    /// Services granted whole on every resource (`*` for every service), whatever the class.
    pub wildcard_services: Vec<String>,
    /// Services whose wildcard question was too large to decide (none found among them is
    /// not "none").
    pub wildcards_undecided: Vec<String>,
    pub time_bound: Option<TimeBound>,
    /// MFA or source-network conditions on the granting statements.
    pub mitigations: Vec<String>,
    /// Policies that could not be read while the class was still decided (admin-equivalent
    /// from what could be read).
    pub unread: Vec<String>,
    /// AWS managed policies classed by name only: what they allow, wildcards included, was
    /// not evaluated.
    pub by_name: Vec<String>,
}

/// An AWS managed policy attached to a permission set.
#[derive(Debug, Clone)]
pub struct Managed<'a> {
    /// Name or ARN (`arn:aws:iam::aws:policy/job-function/…`).
    pub name_or_arn: &'a str,
    /// Its default version's document when it was read; `None` when not collected.
    pub document: Option<Result<&'a str, String>>,
}

/// Everything attached to a permission set, as collected.
#[derive(Debug, Clone, Default)]
pub struct Attached<'a> {
    pub managed: Vec<Managed<'a>>,
    /// Inline policy and customer-managed policy documents: `(label, Ok(text) | Err(why unread))`.
    pub documents: Vec<(String, Result<&'a str, String>)>,
    /// Permissions boundary.
    pub boundary: Option<Boundary<'a>>,
}

impl<'a> Attached<'a> {
    /// AWS managed policies given by name or ARN only (documents not collected).
    pub fn managed_names(names: &[&'a str]) -> Vec<Managed<'a>> {
        names
            .iter()
            .map(|n| Managed {
                name_or_arn: n,
                document: None,
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
pub enum Boundary<'a> {
    Managed(Managed<'a>),
    Document(String, Result<&'a str, String>),
}

fn managed_name(name_or_arn: &str) -> &str {
    name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
}

/// Documents of AWS managed policies that decide a class, as the AWS Managed Policy Reference
/// Guide publishes them (used when the run did not read them).
const BUILTIN: &[(&str, &str)] = &[
    (
        "AdministratorAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    ),
    (
        "PowerUserAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["account:GetAccountInformation","account:GetPrimaryEmail","account:ListRegions","iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeEffectivePolicy","organizations:DescribeOrganization"],"Resource":"*"}]}"#,
    ),
    (
        "IAMFullAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}"#,
    ),
    (
        "AmazonS3FullAccess",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"#,
    ),
];

/// AWS managed policies whose documents are long and not built in, by name, until the run
/// reads them: the job-function administrators are privileged; read-only ones ordinary.
const BY_NAME: &[(&str, Class)] = &[
    ("SystemAdministrator", Class::Privileged),
    ("NetworkAdministrator", Class::Privileged),
    ("DatabaseAdministrator", Class::Privileged),
    ("AdministratorAccess-Amplify", Class::Privileged),
    ("AWSOrganizationsFullAccess", Class::Privileged),
];

/// AWS managed policies that only read (Get, List and Describe actions; AWS Managed Policy
/// Reference Guide: ReadOnlyAccess, ViewOnlyAccess, SecurityAudit), read as such by name
/// until the run reads their documents: no escalation, no service-wide wildcard.
const READ_ONLY: &[&str] = &["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit"];
const READ_ONLY_DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*:Get*","*:List*","*:Describe*"],"Resource":"*"}]}"#;

/// The document of an AWS managed policy the run did not read, where orgaudit knows it:
/// published (`BUILTIN`) or read-only by name (`READ_ONLY`).
fn known_document(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .or_else(|| READ_ONLY.contains(&name).then_some(READ_ONLY_DOC))
}

/// Whether orgaudit carries the document of this AWS managed policy (by name or ARN).
pub(crate) fn carries_document(name_or_arn: &str) -> bool {
    known_document(managed_name(name_or_arn)).is_some()
}

/// A policy as the classifier reads it.
struct Doc {
    label: String,
    doc: PolicyDocument,
}

/// The principal a permission set's role session is.
const SELF_ROLE: &str = "AWSReservedSSO_orgaudit-probe";
const OTHER: &str = "orgaudit-probe-other";
const PROBE_ACTION: &str = "OrgauditProbeAction7f3e";
const SEARCH_LIMIT: u128 = 50_000;

/// Classify a permission set. `now` is the snapshot's time (rules never read the clock).
pub fn classify(attached: &Attached<'_>, now: OffsetDateTime) -> Result<Classification, String> {
    classify_in(attached, now, "aws", "us-east-1", "111122223333")
}

/// Classify for one account of a partition (resources and the role are instantiated there).
pub fn classify_in(
    attached: &Attached<'_>,
    now: OffsetDateTime,
    partition: &str,
    region: &str,
    account: &str,
) -> Result<Classification, String> {
    let mut unread = Vec::new();
    let mut docs: Vec<Doc> = Vec::new();
    let mut by_name = Class::Ordinary;
    let mut by_name_policies = Vec::new();
    let mut reasons = Vec::new();
    for m in &attached.managed {
        let name = managed_name(m.name_or_arn);
        let text = match &m.document {
            Some(Ok(t)) => Some((*t).to_string()),
            Some(Err(why)) => {
                unread.push(format!("AWS managed {name} could not be read: {why}"));
                None
            }
            None => known_document(name).map(str::to_string),
        };
        match text {
            Some(t) => match PolicyDocument::parse(&t) {
                Ok(doc) => docs.push(Doc {
                    label: format!("AWS managed {name}"),
                    doc,
                }),
                Err(e) => unread.push(format!("AWS managed {name} is not a valid policy: {e}")),
            },
            None if m.document.is_none() => {
                if let Some((_, c)) = BY_NAME.iter().find(|(n, _)| *n == name) {
                    by_name = by_name.max(*c);
                    by_name_policies.push(name.to_string());
                    reasons.push(format!("AWS managed {name} is {c} (by name)"));
                } else {
                    // Never "grants nothing": what it allows is not known.
                    unread.push(format!("AWS managed {name}: its document was not read"));
                }
            }
            None => {}
        }
    }
    for (label, text) in &attached.documents {
        match text {
            Ok(t) => match PolicyDocument::parse(t) {
                Ok(doc) => docs.push(Doc {
                    label: label.clone(),
                    doc,
                }),
                Err(e) => unread.push(format!("{label} is not a valid policy: {e}")),
            },
            Err(why) => unread.push(format!("{label} could not be read: {why}")),
        }
    }
    let boundary: Option<Doc> = match &attached.boundary {
        None => None,
        Some(b) => {
            let (label, text): (String, Result<String, String>) = match b {
                Boundary::Managed(m) => {
                    let name = managed_name(m.name_or_arn);
                    let text = match &m.document {
                        Some(Ok(t)) => Ok((*t).to_string()),
                        Some(Err(why)) => Err(why.clone()),
                        None => known_document(name)
                            .map(str::to_string)
                            .ok_or_else(|| "its document was not read".to_string()),
                    };
                    (format!("boundary {name}"), text)
                }
                Boundary::Document(label, t) => (
                    format!("boundary {label}"),
                    t.as_ref().map(|t| t.to_string()).map_err(Clone::clone),
                ),
            };
            match text.and_then(|t| {
                PolicyDocument::parse(&t).map_err(|e| format!("not a valid policy: {e}"))
            }) {
                Ok(doc) => Some(Doc { label, doc }),
                // An unknown boundary could cap anything or nothing: the class is not known.
                Err(why) => return Err(format!("permissions boundary {label}: {why}")),
            }
        }
    };

    let (mut out, too_large) = probe_class(
        &docs,
        boundary.as_ref(),
        now,
        partition,
        region,
        account,
        reasons,
    );
    if let Some(b) = &boundary {
        // What the boundary takes away: the class the policies alone would have.
        let (alone, _) = probe_class(&docs, None, now, partition, region, account, Vec::new());
        if alone.class > out.class {
            out.reasons
                .push(format!("capped at {} by {}", out.class, b.label));
            if out.class < Class::AdminEquivalent {
                out.time_bound = None;
            }
        }
    }
    if by_name > out.class {
        if boundary.is_none() {
            out.class = by_name;
        } else {
            // What a boundary leaves of a policy known only by name is not known.
            for name in &by_name_policies {
                unread.push(format!(
                    "AWS managed {name} under a permissions boundary: its document was not read"
                ));
            }
        }
    }
    out.by_name = by_name_policies;
    out.mitigations.dedup();
    out.reasons.dedup();
    if !unread.is_empty() {
        if out.class < Class::AdminEquivalent {
            return Err(unread.join("; "));
        }
        out.unread = unread;
    }
    if out.class < Class::AdminEquivalent {
        if let Some(n) = too_large {
            return Err(format!(
                "the policies allow {n} combinations of request values, too many to decide"
            ));
        }
    }
    Ok(out)
}

/// The class of a set of documents under an optional boundary, by evaluating probe requests;
/// with the number of combinations when a search was too large to finish.
fn probe_class(
    docs: &[Doc],
    boundary: Option<&Doc>,
    now: OffsetDateTime,
    partition: &str,
    region: &str,
    account: &str,
    reasons: Vec<String>,
) -> (Classification, Option<u128>) {
    let probe = Probe::new(docs, boundary, now, partition, region, account);
    let mut out = Classification {
        class: Class::Ordinary,
        reasons,
        wildcard_services: Vec::new(),
        wildcards_undecided: Vec::new(),
        by_name: Vec::new(),
        time_bound: None,
        mitigations: Vec::new(),
        unread: Vec::new(),
    };

    // Admin-equivalent: an escalation path open now, or only before a date now past.
    let mut too_large = None;
    let mut admin_now: Option<(Escalation, Vec<Request>)> = None;
    for e in ESCALATIONS {
        match probe.path(e, true) {
            Outcome::Open(reqs) => {
                admin_now = Some((*e, reqs));
                break;
            }
            Outcome::TooLarge(n) => too_large = Some(n),
            Outcome::Closed => {}
        }
    }
    if let Some((e, reqs)) = &admin_now {
        out.class = Class::AdminEquivalent;
        out.reasons.push(format!(
            "{} allowed on resources other than its own ({}; source: {})",
            e.actions.join(" + "),
            e.why,
            e.source
        ));
        for r in reqs {
            out.reasons.extend(probe.granted_by(r));
            probe.conditions_of(r, &mut out, false);
        }
    } else {
        // Open at another time than the snapshot's: before a date now past (an expired
        // time-bound grant), or only from a date still to come.
        for e in ESCALATIONS {
            if let Outcome::Open(reqs) = probe.path(e, false) {
                let later = reqs.iter().any(|r| {
                    r.context
                        .value("aws:CurrentTime")
                        .and_then(orgaudit_policy::parse_date)
                        .zip(orgaudit_policy::parse_date(&probe.now))
                        .is_some_and(|(t, now)| t > now)
                });
                out.class = Class::AdminEquivalent;
                out.reasons.push(format!(
                    "{} allowed {} ({})",
                    e.actions.join(" + "),
                    if later {
                        "from a date still to come"
                    } else {
                        "before a date now past"
                    },
                    e.why
                ));
                for r in &reqs {
                    out.reasons.extend(probe.granted_by(r));
                    probe.conditions_of(r, &mut out, !later);
                }
                if later {
                    out.time_bound = None;
                } else if out.time_bound.is_none() {
                    out.time_bound = Some(TimeBound {
                        until: "a date now past".into(),
                        expired: true,
                    });
                }
                break;
            }
        }
    }

    // Every action of every service (`*`), then service-wide wildcards.
    let every = match probe.any_action(&format!("orgauditprobe:{PROBE_ACTION}"), "orgauditprobe") {
        Ok(found) => found,
        Err(_) => {
            out.wildcards_undecided.push("*".into());
            None
        }
    };
    if let Some(r) = &every {
        out.wildcard_services.push("*".into());
        if out.class < Class::Privileged {
            out.class = Class::Privileged;
            out.reasons.push("every action of every service but privilege escalation is allowed on every resource".into());
            out.reasons.extend(probe.granted_by(r));
        }
    }
    for service in probe.services() {
        let found = match probe.any_action(&format!("{service}:{PROBE_ACTION}"), &service) {
            Ok(found) => found.is_some(),
            Err(_) => {
                out.wildcards_undecided.push(service.clone());
                false
            }
        };
        if found {
            out.wildcard_services.push(service.clone());
            if out.class < Class::ServiceWildcard {
                out.class = Class::ServiceWildcard;
                out.reasons
                    .push(format!("{service}:* is allowed on every resource"));
            }
        }
    }
    (out, too_large)
}

enum Outcome {
    Open(Vec<Request>),
    Closed,
    TooLarge(u128),
}

/// Requests against a permission set's policies.
struct Probe<'d> {
    docs: &'d [Doc],
    boundary: Option<&'d Doc>,
    now: String,
    partition: String,
    region: String,
    account: String,
    caller: CallerCase,
    /// Condition keys the policies test, with their candidate values.
    free: Vec<(String, Vec<Option<Vec<String>>>)>,
    /// Every `Resource`/`NotResource` pattern of the policies.
    patterns: Vec<String>,
}

impl<'d> Probe<'d> {
    fn new(
        docs: &'d [Doc],
        boundary: Option<&'d Doc>,
        now: OffsetDateTime,
        partition: &str,
        region: &str,
        account: &str,
    ) -> Self {
        let arn = format!(
            "arn:{partition}:iam::{account}:role/aws-reserved/sso.amazonaws.com/{SELF_ROLE}"
        );
        let mut context = Context::default();
        context.set_one("aws:PrincipalArn", arn.clone());
        context.set_one("aws:PrincipalAccount", account);
        context.set_one("aws:PrincipalType", "AssumedRole");
        context.set_one("aws:PrincipalIsAWSService", "false");
        context.set_one("aws:userid", "AROAORGAUDITPROBE:user@example.com");
        let all = docs.iter().map(|d| &d.doc).chain(boundary.map(|b| &b.doc));
        let patterns = search::resource_patterns(all.clone());
        let free = search::condition_keys(all)
            .into_iter()
            .filter(|(k, _)| {
                !crate::scp::is_principal_key(k) && !k.eq_ignore_ascii_case("iam:PassedToService")
            })
            .map(|(k, (f, v))| (k, search::candidates(&f, &v)))
            .collect();
        Probe {
            docs,
            boundary,
            now: now.format(&Rfc3339).unwrap_or_default(),
            partition: partition.to_string(),
            region: region.to_string(),
            account: account.to_string(),
            caller: CallerCase {
                caller: Caller::Iam {
                    arn,
                    account: account.to_string(),
                },
                context,
                label: "a user of the permission set".into(),
            },
            free,
            patterns,
        }
    }

    fn allowed(&self, r: &Request) -> bool {
        decide(self.docs.iter().map(|d| &d.doc), r) == Decision::Allow
            && self
                .boundary
                .is_none_or(|b| decide([&b.doc], r) == Decision::Allow)
    }

    /// Search an allowed request for one action on one resource. `clock`: the time is the
    /// snapshot's; otherwise any time the policies name.
    fn find(
        &self,
        action: &str,
        resources: Vec<String>,
        fixed: Context,
        clock: bool,
    ) -> Result<Option<Request>, u128> {
        let mut fixed = fixed;
        let mut free = self.free.clone();
        if clock {
            fixed.set_one("aws:CurrentTime", self.now.clone());
            free.retain(|(k, _)| {
                !k.eq_ignore_ascii_case("aws:CurrentTime")
                    && !k.eq_ignore_ascii_case("aws:EpochTime")
            });
        }
        let space = Space {
            targets: vec![(action.to_string(), resources)],
            callers: vec![self.caller.clone()],
            fixed,
            free,
        };
        match space.find(SEARCH_LIMIT, |r| self.allowed(r)) {
            Search::Found(r) => Ok(Some(*r)),
            Search::NotFound { .. } => Ok(None),
            Search::TooLarge { combinations } => Err(combinations),
        }
    }

    /// The resources an escalation action is tried on: a fresh one of each type it acts on
    /// (another principal's, never the caller's own), and every resource pattern of the
    /// policies of that type made concrete, in the probe region and every region the patterns
    /// name (escalation on some resources is escalation).
    fn resources(&self, action: &str) -> Vec<String> {
        match actions::templates(action) {
            Some([]) => vec!["*".into()],
            Some(ts) => {
                let mut out = Vec::new();
                let mut push = |r: String| {
                    if !out.contains(&r) {
                        out.push(r);
                    }
                };
                for t in ts {
                    push(actions::instantiate(
                        t,
                        &self.partition,
                        &self.region,
                        &self.account,
                        OTHER,
                    ));
                }
                for p in &self.patterns {
                    let Some(parts) = orgaudit_policy::split_arn(p) else {
                        continue;
                    };
                    let fill = |i: usize, v: &str| -> String {
                        if !orgaudit_policy::has_wildcard(v) {
                            return v.to_string();
                        }
                        match i {
                            1 => self.partition.clone(),
                            3 if !v.is_empty() => self.region.clone(),
                            4 if !v.is_empty() => self.account.clone(),
                            5 => search::instantiate(v, OTHER),
                            _ => search::instantiate(v, ""),
                        }
                    };
                    let candidate: String = parts
                        .iter()
                        .enumerate()
                        .map(|(i, v)| fill(i, v))
                        .collect::<Vec<_>>()
                        .join(":");
                    let fits = ts.iter().any(|t| {
                        orgaudit_policy::wildcard_match(
                            &actions::template_glob(t),
                            &candidate,
                            false,
                        )
                    });
                    if fits && !candidate.contains(SELF_ROLE) {
                        push(candidate);
                    }
                }
                out
            }
            None => vec![format!(
                "arn:{}:{}:{}:{}:{OTHER}",
                self.partition,
                action.split(':').next().unwrap_or("orgauditprobe"),
                self.region,
                self.account
            )],
        }
    }

    fn path(&self, e: &Escalation, clock: bool) -> Outcome {
        let mut reqs = Vec::new();
        for action in e.actions {
            let mut fixed = Context::default();
            if let Some(service) = e.passed_to {
                fixed.set_one("iam:PassedToService", service);
            }
            match self.find(action, self.resources(action), fixed, clock) {
                Ok(Some(r)) => reqs.push(r),
                Ok(None) => return Outcome::Closed,
                Err(n) => return Outcome::TooLarge(n),
            }
        }
        Outcome::Open(reqs)
    }

    /// Is a fresh action allowed on a fresh resource of the service (every action, every
    /// resource)?
    /// `Err` with the number of combinations when the search was too large to decide.
    fn any_action(&self, action: &str, service: &str) -> Result<Option<Request>, u128> {
        let resource = match service {
            "s3" => format!("arn:{}:s3:::{OTHER}/{OTHER}", self.partition),
            _ => format!(
                "arn:{}:{service}:{}:{}:{OTHER}",
                self.partition, self.region, self.account
            ),
        };
        for r in [resource.as_str(), "*"] {
            if let Some(req) = self.find(action, vec![r.to_string()], Context::default(), true)? {
                return Ok(Some(req));
            }
        }
        Ok(None)
    }

    /// Services worth probing for a service-wide wildcard: IAM, S3, KMS and every service an
    /// Allow statement names. When every Allow statement lists its actions with a plain service
    /// part (no NotAction, no wildcard service), a service can only be allowed whole through a
    /// pattern of its own that matches an action never seen (`s3:*`, not `s3:Get*`): only those
    /// are probed, so a long read-only policy (ReadOnlyAccess names hundreds of services) costs
    /// one pattern match per action instead of a probe per service.
    fn services(&self) -> Vec<String> {
        let mut out: Vec<String> = vec!["iam".into(), "s3".into(), "kms".into()];
        let mut seen: std::collections::HashSet<String> = out.iter().cloned().collect();
        let allows = || {
            self.docs.iter().flat_map(|d| {
                d.doc
                    .statements
                    .iter()
                    .filter(|s| s.effect == Effect::Allow)
            })
        };
        let plain = allows().all(|s| match &s.actions {
            orgaudit_policy::Actions::Action(acts) => acts.iter().all(|a| {
                a.split_once(':')
                    .is_some_and(|(svc, _)| !svc.contains(['*', '?']))
            }),
            _ => false,
        });
        for s in allows() {
            if let orgaudit_policy::Actions::Action(acts) = &s.actions {
                for a in acts {
                    if let Some((svc, rest)) = a.split_once(':') {
                        let svc = svc.to_ascii_lowercase();
                        if svc.contains(['*', '?']) || seen.contains(&svc) {
                            continue;
                        }
                        if plain && !orgaudit_policy::wildcard_match(rest, PROBE_ACTION, true) {
                            continue;
                        }
                        seen.insert(svc.clone());
                        out.push(svc);
                    }
                }
            }
        }
        out
    }

    /// "`label` statement `sid` allows `action`" for the Allow statements granting `r`.
    fn granted_by(&self, r: &Request) -> Vec<String> {
        let mut out = Vec::new();
        for d in self.docs {
            for s in d.doc.applying(r).filter(|s| s.effect == Effect::Allow) {
                out.push(format!(
                    "{} statement {} allows {}",
                    d.label,
                    s.label(),
                    r.action
                ));
            }
        }
        out
    }

    /// Time bounds and mitigations written on the statements that grant `r`.
    fn conditions_of(&self, r: &Request, out: &mut Classification, expired: bool) {
        for d in self.docs {
            for s in d.doc.applying(r).filter(|s| s.effect == Effect::Allow) {
                for c in &s.conditions {
                    let op = c.base_operator();
                    if c.key_is("aws:CurrentTime")
                        && (op == "DateLessThan" || op == "DateLessThanEquals")
                    {
                        if let Some(until) = c
                            .values
                            .iter()
                            .max_by_key(|v| orgaudit_policy::parse_date(v))
                        {
                            out.time_bound = Some(TimeBound {
                                until: until.clone(),
                                expired,
                            });
                        }
                    } else if c.key_is("aws:MultiFactorAuthPresent")
                        || c.key_is("aws:MultiFactorAuthAge")
                    {
                        out.mitigations.push(format!("requires MFA ({c})"));
                    } else if c.key_is("aws:SourceIp")
                        || c.key_is("aws:SourceVpc")
                        || c.key_is("aws:SourceVpce")
                    {
                        out.mitigations.push(format!(
                            "only from {} {}",
                            c.key,
                            c.values.join(", ")
                        ));
                    } else if c.key_is("aws:CurrentTime")
                        && (op == "DateGreaterThan" || op == "DateGreaterThanEquals")
                    {
                        out.mitigations
                            .push(format!("not before {}", c.values.join(", ")));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
