//! Bucket-policy analysis for S3.6 (public access) and S3.7 (TLS enforcement).
//!
//! **Public**, as the S3 User Guide defines it ("Blocking public access to your Amazon S3
//! storage", "The meaning of 'public'", "Bucket policies"): a policy is presumed public, and
//! is not public only if every statement that grants to everyone is confined by a condition
//! that pins one of the listed keys to **fixed** values ("values that don't contain a wildcard
//! or an AWS Identity and Access Management Policy Variable"):
//!
//! - grants to everyone: `Principal: "*"`, a principal value holding a wildcard (`{"AWS": "*"}`,
//!   `arn:aws:iam::*:root`: IAM User Guide, "Principal": "You cannot use a wildcard to match
//!   part of a principal name or ARN"), a web-identity `Federated` principal (AWS's example:
//!   `{"Federated": "graph.facebook.com"}` is public), and `NotPrincipal` with `Allow` (IAM User
//!   Guide, "NotPrincipal": it grants everyone but those named, anonymous users included);
//! - confining keys: `aws:SourceIp`, `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`,
//!   `aws:SourceOwner`, `aws:SourceAccount`, `aws:userid`, `s3:DataAccessPointArn`,
//!   `s3:DataAccessPointAccount`, and keys naming the calling principal ("an AWS principal,
//!   user, role, or service principal (e.g. aws:PrincipalOrgID)": `aws:PrincipalOrgID`,
//!   `aws:PrincipalAccount`, `aws:PrincipalArn`, `aws:PrincipalOrgPaths`, `aws:SourceOrgID`,
//!   `aws:SourceOrgPaths`);
//! - only positive operators confine: a negated operator, an `…IfExists` operator (an
//!   anonymous request lacks the key, and then the condition holds: IAM User Guide, "Condition
//!   operators"), `Null` and `ForAllValues:` (true when the key is absent) confine nothing;
//! - `aws:SourceIp` confines only if its ranges together hold no more addresses than a /8
//!   (IPv4) or a /32 (IPv6): "broader than /8 … or /32 … are public", RFC 1918 private ranges
//!   excluded; several ranges of one condition are counted together;
//! - in a bucket policy an `s3:DataAccessPointArn` value may hold a wildcard in the access
//!   point name as long as the account is fixed (same page, note); in an access point policy
//!   it may not ("Access points").
//!
//! **TLS enforced** (S3 User Guide, "Security best practices for Amazon S3", "Enforce
//! encryption of data in transit"): every request made without TLS (`aws:SecureTransport`
//! false) is explicitly denied, for every principal, every S3 action, on the bucket and on
//! its objects. Decided by evaluating such requests ([`orgaudit_policy::search`]).

use orgaudit_policy::search::{self, CallerCase, Search, Space};
use orgaudit_policy::{
    Caller, Cidr, Condition, Context, Decision, Effect, Family, PolicyDocument, PolicyError,
    Request, SetOp, Statement,
};
use std::net::IpAddr;

/// Keys that confine a grant when pinned to fixed values ("The meaning of 'public'").
const CONFINING_KEYS: &[&str] = &[
    "aws:sourceip",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceowner",
    "aws:sourceaccount",
    "aws:userid",
    "s3:dataaccesspointarn",
    "s3:dataaccesspointaccount",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgpaths",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/// Which kind of policy is analysed (the access-point exception differs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    Bucket,
    AccessPoint,
}

/// Why a condition confines a grant, or why it does not.
fn confines(c: &Condition, kind: PolicyKind) -> Result<String, String> {
    let key = c.key_lower.as_str();
    let shown = || format!("{} {} {}", c.operator, c.key, c.values.join(", "));
    if !CONFINING_KEYS.contains(&key) {
        return Err(format!("{} is not a key that confines a grant", c.key));
    }
    if c.op.kind.negated() {
        return Err(format!("{} is a negated operator", c.operator));
    }
    if c.op.if_exists {
        return Err(format!(
            "{} holds when the key is absent, as in an anonymous request",
            c.operator
        ));
    }
    if c.op.set == SetOp::ForAllValues {
        return Err(format!("{} holds when the key is absent", c.operator));
    }
    if !matches!(
        c.op.kind.family(),
        Family::String | Family::Arn | Family::Ip
    ) {
        return Err(format!("{} does not pin values", c.operator));
    }
    if c.values.is_empty() {
        return Err("no value".into());
    }
    if key == "aws:sourceip" {
        return source_ip_confines(&c.values).map(|_| shown());
    }
    for v in &c.values {
        if v.contains("${") {
            return Err(format!("{v} holds a policy variable"));
        }
        let wildcard = v.contains(['*', '?']);
        if wildcard && c.op.kind.wildcards() {
            if key == "s3:dataaccesspointarn"
                && kind == PolicyKind::Bucket
                && access_point_account_fixed(v)
            {
                continue;
            }
            return Err(format!("{v} holds a wildcard"));
        }
        if wildcard && !c.op.kind.wildcards() {
            // StringEquals compares `*` literally: a fixed (if odd) value.
            continue;
        }
    }
    Ok(shown())
}

/// `arn:aws:s3:us-west-2:123456789012:accesspoint/*`: the account is fixed.
fn access_point_account_fixed(v: &str) -> bool {
    orgaudit_policy::split_arn(v).is_some_and(|p| {
        p[4].len() == 12
            && p[4].bytes().all(|b| b.is_ascii_digit())
            && p[5].starts_with("accesspoint/")
    })
}

/// RFC 1918 private ranges (not reachable from the internet; "excluding RFC1918").
const PRIVATE: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/// `aws:SourceIp` ranges confine only if, together, they hold no more addresses than a /8
/// (IPv4) or a /32 (IPv6), private ranges not counted.
fn source_ip_confines(values: &[String]) -> Result<(), String> {
    let mut v4: Vec<(u128, u128)> = Vec::new();
    let mut v6: Vec<(u128, u128)> = Vec::new();
    let private: Vec<Cidr> = PRIVATE.iter().filter_map(|p| Cidr::parse(p)).collect();
    for v in values {
        let Some(c) = Cidr::parse(v) else {
            return Err(format!("{v} is not an address range"));
        };
        if private
            .iter()
            .any(|p| p.prefix <= c.prefix && p.contains(c.first()))
        {
            continue;
        }
        let (lo, hi) = (ip_num(c.first()), ip_num(c.last()));
        if c.addr.is_ipv4() {
            v4.push((lo, hi));
        } else {
            v6.push((lo, hi));
        }
    }
    let size = |mut ranges: Vec<(u128, u128)>| -> u128 {
        ranges.sort();
        let mut total: u128 = 0;
        let mut cur: Option<(u128, u128)> = None;
        for (lo, hi) in ranges {
            match cur {
                Some((a, b)) if lo <= b.saturating_add(1) => cur = Some((a, b.max(hi))),
                Some((a, b)) => {
                    total = total.saturating_add(b - a + 1);
                    cur = Some((lo, hi));
                }
                None => cur = Some((lo, hi)),
            }
        }
        if let Some((a, b)) = cur {
            total = total.saturating_add(b - a + 1);
        }
        total
    };
    let (n4, n6) = (size(v4), size(v6));
    if n4 > 1u128 << 24 {
        return Err(format!(
            "the ranges hold {n4} IPv4 addresses, more than a /8"
        ));
    }
    if n6 > 1u128 << 96 {
        return Err("the IPv6 ranges are broader than a /32".into());
    }
    Ok(())
}

fn ip_num(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    }
}

/// Does the statement grant to everyone? (The reason, if it does.)
fn to_everyone(s: &Statement) -> Option<String> {
    if s.not_principal.is_some() {
        return Some("NotPrincipal with Allow grants everyone not listed".into());
    }
    let p = s.principal.as_ref()?;
    if p.has_wildcard() {
        return Some(format!("principal {}", p.values().join(", ")));
    }
    if let orgaudit_policy::Principal::Typed(map) = p {
        for (kind, values) in map {
            if kind.eq_ignore_ascii_case("Federated") {
                if let Some(v) = values.iter().find(|v| !v.starts_with("arn:")) {
                    return Some(format!(
                        "web identity principal {v} (anyone who signs in there)"
                    ));
                }
            }
        }
    }
    None
}

/// One statement that grants to everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicGrant {
    pub statement: String,
    pub actions: String,
    /// Who it grants to, as written.
    pub principal: String,
    /// Conditions that confine the grant; empty means the grant is public.
    pub restricted_by: Vec<String>,
    /// Conditions that do not confine it, and why.
    pub not_confining: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub grants: Vec<PublicGrant>,
    /// Requests without TLS are denied on the bucket ARN / on its objects.
    pub tls_bucket: bool,
    pub tls_objects: bool,
    /// Statements that deny requests without TLS.
    pub tls_statements: Vec<String>,
    /// A request without TLS the policy does not deny, when there is one.
    pub tls_gap: Option<String>,
    /// Why the TLS question could not be decided (a search too large): then neither
    /// `tls_bucket` nor `tls_objects` is an answer.
    pub tls_undecided: Option<String>,
}

impl Analysis {
    /// Statements that make the policy public (grants to everyone without a confining condition).
    pub fn public_grants(&self) -> Vec<&PublicGrant> {
        self.grants
            .iter()
            .filter(|g| g.restricted_by.is_empty())
            .collect()
    }

    pub fn is_public(&self) -> bool {
        !self.public_grants().is_empty()
    }

    pub fn tls_enforced(&self) -> bool {
        self.tls_bucket && self.tls_objects
    }
}

fn describe_actions(s: &Statement) -> String {
    match &s.actions {
        orgaudit_policy::Actions::Action(a) => a.join(", "),
        orgaudit_policy::Actions::NotAction(a) => format!("everything but {}", a.join(", ")),
        orgaudit_policy::Actions::None => "nothing".into(),
    }
}

/// The grants to everyone of a policy, each with what confines it.
pub fn grants(doc: &PolicyDocument, kind: PolicyKind) -> Vec<PublicGrant> {
    doc.statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
        .filter_map(|s| {
            let principal = to_everyone(s)?;
            let mut restricted_by = Vec::new();
            let mut not_confining = Vec::new();
            for c in &s.conditions {
                match confines(c, kind) {
                    Ok(why) => restricted_by.push(why),
                    Err(why) => not_confining.push(format!("{c}: {why}")),
                }
            }
            Some(PublicGrant {
                statement: s.label(),
                actions: describe_actions(s),
                principal,
                restricted_by,
                not_confining,
            })
        })
        .collect()
}

/// S3 actions a request without TLS is tried with: bucket-level and object-level ones, and a
/// fresh action name (so only `s3:*`-like patterns cover every S3 action).
const BUCKET_ACTIONS: &[&str] = &[
    "s3:ListBucket",
    "s3:GetBucketPolicy",
    "s3:OrgauditProbeAction7f3e",
];
const OBJECT_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:OrgauditProbeAction7f3e",
];

/// Callers of a request without TLS: anonymous, the bucket owner's account, another account.
fn tls_callers(owner: &str, partition: &str) -> Vec<CallerCase> {
    let role = |account: &str, label: &str| {
        let arn = format!("arn:{partition}:iam::{account}:role/orgaudit-probe");
        let mut context = Context::default();
        context.set_one("aws:PrincipalArn", arn.clone());
        context.set_one("aws:PrincipalAccount", account);
        context.set_one("aws:PrincipalType", "AssumedRole");
        context.set_one("aws:PrincipalIsAWSService", "false");
        CallerCase {
            caller: Caller::Iam {
                arn,
                account: account.to_string(),
            },
            context,
            label: label.to_string(),
        }
    };
    vec![
        CallerCase {
            caller: Caller::Anonymous,
            context: Context::default(),
            label: "an anonymous caller".into(),
        },
        role(owner, "a role of the bucket owner's account"),
        role("999999999999", "a role of another account"),
    ]
}

/// Why a TLS question is not answered "denied".
#[derive(Debug, Clone)]
enum TlsGap {
    /// A request without TLS the policy does not deny.
    Request(String),
    /// Too many combinations of request values to decide.
    Undecided(String),
}

/// Is every request without TLS to these (action, resource) targets denied by the policy?
/// `Ok(statements)`: yes, by these.
fn tls_denied(
    doc: &PolicyDocument,
    callers: &[CallerCase],
    targets: Vec<(String, Vec<String>)>,
) -> Result<Vec<String>, TlsGap> {
    let mut fixed = Context::default();
    fixed.set_one("aws:SecureTransport", "false");
    let free = search::condition_keys([doc])
        .into_iter()
        .filter(|(k, _)| {
            !k.eq_ignore_ascii_case("aws:SecureTransport") && !crate::scp::is_principal_key(k)
        })
        .map(|(k, (f, v))| (k, search::candidates(&f, &v)))
        .collect();
    let first = targets.first().cloned();
    let space = Space {
        targets,
        callers: callers.to_vec(),
        fixed,
        free,
    };
    let not_denied = |r: &Request| orgaudit_policy::decide([doc], r) != Decision::ExplicitDeny;
    match space.find(100_000, not_denied) {
        Search::Found(r) => Err(TlsGap::Request(format!(
            "{} by {} on {} is not denied",
            r.action,
            space
                .callers
                .iter()
                .find(|c| c.caller == r.caller)
                .map(|c| c.label.as_str())
                .unwrap_or("a caller"),
            r.resource
        ))),
        Search::TooLarge { combinations } => Err(TlsGap::Undecided(format!(
            "{combinations} combinations of request values, too many to decide"
        ))),
        Search::NotFound { .. } => {
            // The statements that deny the plain request.
            let Some((action, resources)) = first else {
                return Ok(Vec::new());
            };
            let mut ctx = Context::default();
            ctx.set_one("aws:SecureTransport", "false");
            let req = Request {
                caller: Caller::Anonymous,
                action,
                resource: resources.first().cloned().unwrap_or_default(),
                context: ctx,
            };
            Ok(doc
                .applying(&req)
                .filter(|s| s.effect == Effect::Deny)
                .map(|s| s.label())
                .collect())
        }
    }
}

fn targets(actions: &[&str], resource: &str) -> Vec<(String, Vec<String>)> {
    actions
        .iter()
        .map(|a| (a.to_string(), vec![resource.to_string()]))
        .collect()
}

/// The grants to everyone of a bucket policy's text (S3.6 needs nothing more).
pub fn public_grants(policy: &str) -> Result<Vec<PublicGrant>, PolicyError> {
    Ok(grants(&PolicyDocument::parse(policy)?, PolicyKind::Bucket))
}

/// Analyse a bucket policy for the bucket `arn` (`arn:aws:s3:::name`) owned by `owner`.
pub fn analyse(policy: &str, bucket_arn: &str) -> Result<Analysis, PolicyError> {
    analyse_for(policy, bucket_arn, "111111111111")
}

/// [`analyse`] with the bucket owner's account (a same-account principal is tried too).
pub fn analyse_for(policy: &str, bucket_arn: &str, owner: &str) -> Result<Analysis, PolicyError> {
    let doc = PolicyDocument::parse(policy)?;
    let mut a = tls_of(&doc, bucket_arn, owner);
    a.grants = grants(&doc, PolicyKind::Bucket);
    Ok(a)
}

/// TLS enforcement only (S3.7), without the grants.
pub fn tls_for(policy: &str, bucket_arn: &str, owner: &str) -> Result<Analysis, PolicyError> {
    Ok(tls_of(&PolicyDocument::parse(policy)?, bucket_arn, owner))
}

/// The usual TLS statement, recognised without a search: Deny, to everyone, every S3 action,
/// on the bucket and its objects, whose only conditions say `aws:SecureTransport` is false
/// (present and false in every request made without TLS, so the statement always applies).
fn plain_tls_statement(s: &Statement, bucket_arn: &str, object_arn: &str) -> bool {
    s.effect == Effect::Deny
        && s.not_principal.is_none()
        && s.principal.as_ref().is_some_and(|p| {
            matches!(p, orgaudit_policy::Principal::Everyone)
                || matches!(p, orgaudit_policy::Principal::Typed(m)
                    if m.iter().any(|(k, v)| k.eq_ignore_ascii_case("AWS") && v.iter().any(|x| x == "*")))
        })
        && orgaudit_policy::eval::reaches_whole_service(s, "s3")
        && s.matches_resource(bucket_arn)
        && s.matches_resource(object_arn)
        && !s.conditions.is_empty()
        && s.conditions.iter().all(|c| {
            c.key_is("aws:SecureTransport")
                && c.op.kind == orgaudit_policy::OpKind::Bool
                && c.op.set == SetOp::Single
                && !c.values.is_empty()
                && c.values.iter().all(|v| v.eq_ignore_ascii_case("false"))
        })
}

fn tls_of(doc: &PolicyDocument, bucket_arn: &str, owner: &str) -> Analysis {
    let object_arn = format!("{bucket_arn}/orgaudit-probe-object");
    let plain: Vec<String> = doc
        .statements
        .iter()
        .filter(|s| plain_tls_statement(s, bucket_arn, &object_arn))
        .map(|s| s.label())
        .collect();
    if !plain.is_empty() {
        return Analysis {
            grants: Vec::new(),
            tls_bucket: true,
            tls_objects: true,
            tls_statements: plain,
            tls_gap: None,
            tls_undecided: None,
        };
    }
    let partition = bucket_arn
        .strip_prefix("arn:")
        .and_then(|r| r.split(':').next())
        .unwrap_or("aws");
    let callers = tls_callers(owner, partition);
    // One search over the bucket and its objects; only when it finds a gap, the two halves
    // are asked apart to say which.
    let mut both = targets(BUCKET_ACTIONS, bucket_arn);
    both.extend(targets(OBJECT_ACTIONS, &object_arn));
    let (bucket, objects) = match tls_denied(doc, &callers, both) {
        Ok(st) => (Ok(st.clone()), Ok(st)),
        Err(_) => (
            tls_denied(doc, &callers, targets(BUCKET_ACTIONS, bucket_arn)),
            tls_denied(doc, &callers, targets(OBJECT_ACTIONS, &object_arn)),
        ),
    };
    let mut tls_statements = Vec::new();
    let mut gap = None;
    let mut undecided = None;
    for r in [&bucket, &objects] {
        match r {
            Ok(st) => {
                for s in st {
                    if !tls_statements.contains(s) {
                        tls_statements.push(s.clone());
                    }
                }
            }
            Err(TlsGap::Request(g)) => {
                gap.get_or_insert(g.clone());
            }
            Err(TlsGap::Undecided(why)) => {
                undecided.get_or_insert(why.clone());
            }
        }
    }
    Analysis {
        grants: Vec::new(),
        tls_bucket: bucket.is_ok(),
        tls_objects: objects.is_ok(),
        tls_statements,
        // A gap found settles it; without one, an undecided half leaves it open.
        tls_undecided: if gap.is_some() { None } else { undecided },
        tls_gap: gap,
    }
}

#[cfg(test)]
mod tests;
