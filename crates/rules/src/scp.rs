//! Evaluation of the organization's policy chains: service control policies (SCPs) and
//! resource control policies (RCPs), as the AWS Organizations User Guide documents them
//! ("SCP evaluation", "RCP evaluation"):
//!
//! - the chain of an account is root → each OU down the path → the account;
//! - a request is permitted only if **every** level has at least one attached policy with an
//!   `Allow` statement that applies to it, and no attached policy at any level has a `Deny`
//!   statement that applies to it;
//! - statements use the full IAM policy language: `Action`/`NotAction`, `Resource`/
//!   `NotResource` and `Condition` all limit the statement, for `Allow` as for `Deny`
//!   ("SCP syntax", "RCP syntax"); a resource-scoped `Allow` is not an allow everywhere;
//! - SCPs never apply to the management account, nor to service-linked roles; RCPs never apply
//!   to the management account's resources, and only to the services RCPs support.
//!
//! A guardrail question is "is this action denied for every request an ordinary principal of
//! the account could make?". orgaudit answers it by evaluating concrete requests
//! ([`orgaudit_policy::search`]): every resource type the action acts on (Service
//! Authorization Reference), every resource pattern the chain names, every value the chain's
//! conditions compare a request key with. The first allowed request found is the witness of a
//! gap and is shown. A `Deny` that only spares principals described by their own attributes
//! (`aws:PrincipalArn`, `aws:PrincipalTag/…`) and blocks the ordinary principal is "denied
//! except for …"; an exemption that matches every principal (`ArnNotLike aws:PrincipalArn "*"`)
//! leaves the ordinary principal allowed, and the guardrail fails.
//!
//! When the evaluator cannot be sure (a policy that could not be read or parsed, an unknown
//! OU path, too many combinations), the verdict is [`Verdict::Unknown`] with the reason,
//! unless every request is explicitly denied by what could be read.

use orgaudit_model::{ChainLevel, LevelKind, OrgSnapshot, Policy, Snapshot};
use orgaudit_policy::search::{self, CallerCase, Search, Space, FRESH};
use orgaudit_policy::{
    actions, decide, Caller, Condition, Context, Decision, Effect, PolicyDocument, Request,
    Resources, Statement,
};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

/// Which organization policy type a chain is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    Scp,
    Rcp,
}

impl PolicyKind {
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::Scp => "SCP",
            PolicyKind::Rcp => "RCP",
        }
    }

    /// The policy type name Organizations uses (`ListPolicies` filter, root policy types).
    pub fn type_name(self) -> &'static str {
        match self {
            PolicyKind::Scp => "SERVICE_CONTROL_POLICY",
            PolicyKind::Rcp => "RESOURCE_CONTROL_POLICY",
        }
    }
}

/// A statement of an attached policy, as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRef {
    pub policy_id: String,
    pub policy_name: String,
    pub statement: String,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}) statement {}",
            self.policy_name, self.policy_id, self.statement
        )
    }
}

/// How far a Deny statement that matches the action reaches, read from its text (for
/// explanations; verdicts come from evaluating requests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DenyScope {
    /// Every resource, every ordinary principal.
    Full,
    /// Every resource, every principal but those described.
    ExceptPrincipals(Vec<String>),
    /// Only some resources or only under some conditions: the text, and the same as a
    /// message for the reader's language.
    Limited(String, orgaudit_model::Message),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyRef {
    pub statement: StatementRef,
    pub scope: DenyScope,
    /// Does the statement deny the request the explanation traces?
    pub applies: bool,
}

/// What one level of the chain says about the traced request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelTrace {
    pub level: ChainLevel,
    /// Names of the policies attached at this level.
    pub policies: Vec<String>,
    /// Allow statements that apply to the traced request.
    pub allowed_by: Vec<StatementRef>,
    /// Deny statements that match the action (applying to the traced request or not).
    pub denied_by: Vec<DenyRef>,
    /// Policies at this level that could not be read or parsed.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The management account: the policy type never applies to it.
    Exempt,
    /// The policy type is not in effect in this organization (the reason says why).
    NotInEffect(String),
    /// Every request an ordinary principal can make is explicitly denied.
    Denied { by: StatementRef, level: String },
    /// Denied for ordinary principals; the principals described are spared.
    DeniedExcept {
        by: StatementRef,
        level: String,
        except: Vec<String>,
    },
    /// No policy at this level allows the action (implicit deny).
    NotAllowed { level: String },
    /// Some request is permitted. `witness` describes one; `limits` lists Deny statements
    /// that cover only part of the action.
    Allowed {
        limits: Vec<String>,
        witness: Option<String>,
        /// `limits` and `witness` as messages, for the reader's language.
        limits_msg: Vec<orgaudit_model::Message>,
        witness_msg: Option<orgaudit_model::Message>,
    },
    /// The evaluator cannot tell; the reason names what is missing.
    Unknown(String),
}

impl Verdict {
    /// The action is blocked for ordinary principals (a guardrail is in place).
    pub fn is_blocked(&self) -> bool {
        matches!(
            self,
            Verdict::Denied { .. } | Verdict::DeniedExcept { .. } | Verdict::NotAllowed { .. }
        )
    }
}

impl StatementRef {
    /// As a message (`statement-ref`), for texts rendered in the reader's language.
    pub fn message(&self) -> orgaudit_model::Message {
        crate::msg!(
            "statement-ref",
            name = &self.policy_name,
            id = &self.policy_id,
            sid = &self.statement
        )
    }
}

impl Verdict {
    /// The verdict as a message of `crates/rules/locales` (`verdict-…`); its English
    /// rendering is the [`Display`](fmt::Display) text. Levels, statements, witnesses and
    /// limits are the evaluator's descriptions and stay as they are.
    pub fn message(&self) -> orgaudit_model::Message {
        use crate::msg;
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        match self {
            Verdict::Exempt => msg!("verdict-exempt"),
            Verdict::NotInEffect(why) => msg!("verdict-not-in-effect", why = why),
            Verdict::Denied { by, level } => {
                msg!("verdict-denied", level = level, by = vec![by.message()])
            }
            Verdict::DeniedExcept { by, level, except } => msg!(
                "verdict-denied-except",
                level = level,
                by = vec![by.message()],
                except = except.join("; ")
            ),
            Verdict::NotAllowed { level } => msg!("verdict-not-allowed", level = level),
            Verdict::Allowed {
                limits_msg,
                witness_msg,
                ..
            } => msg!(
                "verdict-allowed",
                witnessed = yes_no(witness_msg.is_some()),
                witness = witness_msg.iter().cloned().collect::<Vec<_>>(),
                limited = yes_no(!limits_msg.is_empty()),
                limits = limits_msg.clone()
            ),
            Verdict::Unknown(why) => msg!("verdict-unknown", why = why),
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Exempt => write!(f, "not subject to these policies (management account)"),
            Verdict::NotInEffect(why) => {
                write!(f, "allowed: the policies are not in effect ({why})")
            }
            Verdict::Denied { by, level } => write!(f, "denied at {level} by {by}"),
            Verdict::DeniedExcept { by, level, except } => write!(
                f,
                "denied at {level} by {by}, except for {}",
                except.join("; ")
            ),
            Verdict::NotAllowed { level } => write!(
                f,
                "not allowed: no policy attached at {level} allows it (implicit deny)"
            ),
            Verdict::Allowed {
                limits, witness, ..
            } => {
                f.write_str("allowed")?;
                if let Some(w) = witness {
                    write!(f, " ({w})")?;
                }
                if !limits.is_empty() {
                    write!(f, "; denied only {}", limits.join("; "))?;
                }
                Ok(())
            }
            Verdict::Unknown(why) => write!(f, "unknown: {why}"),
        }
    }
}

/// The verdict for one (account, action) and the per-level trace behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub account_id: String,
    pub action: String,
    pub kind: PolicyKind,
    pub verdict: Verdict,
    pub levels: Vec<LevelTrace>,
    /// The request the levels trace: the witness when allowed, else the plain request.
    pub traced: Option<Request>,
    /// For "denied except for": a request of a spared principal that is allowed.
    pub spared: Option<Request>,
}

impl Explanation {
    /// One line per level, for a finding's evidence or a report's "why" column.
    pub fn evidence(&self) -> Vec<String> {
        self.levels
            .iter()
            .map(|l| {
                let mut s = format!("{}: {}", level_label(&l.level), self.action);
                if l.allowed_by.is_empty() {
                    s.push_str(" allowed by nothing");
                } else {
                    let names: Vec<_> = l.allowed_by.iter().map(ToString::to_string).collect();
                    s.push_str(&format!(" allowed by {}", names.join(", ")));
                }
                for d in &l.denied_by {
                    match &d.scope {
                        DenyScope::Full => s.push_str(&format!("; denied by {}", d.statement)),
                        DenyScope::ExceptPrincipals(e) => s.push_str(&format!(
                            "; denied by {} except for {}",
                            d.statement,
                            e.join("; ")
                        )),
                        DenyScope::Limited(how, _) => {
                            s.push_str(&format!("; denied by {} only {how}", d.statement))
                        }
                    }
                }
                for u in &l.unreadable {
                    s.push_str(&format!("; unreadable: {u}"));
                }
                s
            })
            .collect()
    }
}

fn level_label(level: &ChainLevel) -> String {
    let kind = match level.kind {
        LevelKind::Root => "root",
        LevelKind::Ou => "OU",
        LevelKind::Account => "account",
    };
    format!("{kind} {} ({})", level.name, level.id)
}

/// Condition keys that describe the calling principal: a Deny that only uses these in a
/// negated way exempts some principals and blocks everyone else. (IAM User Guide, "AWS global
/// condition context keys", "Properties of the principal".)
const PRINCIPAL_KEYS: &[&str] = &[
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principaltype",
    "aws:principalisawsservice",
    "aws:principalservicename",
    "aws:principalservicenameslist",
    "aws:userid",
    "aws:username",
    "aws:sourceidentity",
];

pub(crate) fn is_principal_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    PRINCIPAL_KEYS.contains(&k.as_str()) || k.starts_with("aws:principaltag/")
}

/// Keys the scenario fixes: the clock (a principal cannot choose the time of its request).
fn is_clock_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k == "aws:currenttime" || k == "aws:epochtime"
}

/// Keys that describe the resource, fixed by the resource the request acts on.
fn is_resource_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k == "aws:resourceaccount" || k == "aws:resourceorgid" || k == "aws:resourceorgpaths"
}

/// If the condition only exempts principals, describe whom it exempts.
fn principal_exemption(c: &Condition) -> Option<String> {
    if !is_principal_key(&c.key) {
        return None;
    }
    let op = c.base_operator();
    let values = c.values.join(", ");
    if c.op.kind.negated() {
        let verb = if op.contains("Like") {
            "matching"
        } else {
            "equal to"
        };
        return Some(format!("principals with {} {verb} {values}", c.key));
    }
    if op == "Bool"
        && c.key_is("aws:PrincipalIsAWSService")
        && c.values.iter().all(|v| v.eq_ignore_ascii_case("false"))
    {
        return Some("AWS service principals".into());
    }
    if op == "Null" && c.values.iter().all(|v| v.eq_ignore_ascii_case("true")) {
        return Some(format!("principals that have {}", c.key));
    }
    None
}

/// Describe a Deny statement's reach from its text (for the per-level explanation).
fn classify_deny(s: &Statement) -> DenyScope {
    use crate::msg;
    let mut limits = Vec::new();
    let mut parts = Vec::new();
    if !s.covers_all_resources() {
        match &s.resources {
            Resources::Resource(r) => {
                limits.push(format!("on {}", r.join(", ")));
                parts.push(msg!("deny-on", resources = r.join(", ")));
            }
            Resources::NotResource(r) => {
                limits.push(format!("on resources other than {}", r.join(", ")));
                parts.push(msg!("deny-on-other", resources = r.join(", ")));
            }
            Resources::Unspecified => {
                limits.push(String::new());
                parts.push(msg!("deny-nothing"));
            }
        }
    }
    let mut exemptions = Vec::new();
    for c in &s.conditions {
        match principal_exemption(c) {
            Some(e) => exemptions.push(e),
            None => {
                limits.push(format!("when {c}"));
                parts.push(msg!("deny-when", condition = c.to_string()));
            }
        }
    }
    if !limits.is_empty() {
        if !exemptions.is_empty() {
            limits.push(format!("and not for {}", exemptions.join("; ")));
            parts.push(msg!("deny-and-not-for", exemptions = exemptions.join("; ")));
        }
        DenyScope::Limited(limits.join(" "), msg!("deny-limits", parts = parts))
    } else if !exemptions.is_empty() {
        DenyScope::ExceptPrincipals(exemptions)
    } else {
        DenyScope::Full
    }
}

/// Facts about the run that requests are built from.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// `aws`, `aws-cn`, `aws-us-gov`: from the caller's ARN.
    pub partition: String,
    /// The region resources are instantiated in (the run's home region).
    pub region: String,
    /// The snapshot's time (RFC 3339): `aws:CurrentTime` of every request.
    pub now: String,
}

impl Scenario {
    pub fn of(snapshot: &Snapshot) -> Scenario {
        let partition = snapshot.partition().to_string();
        let region = if snapshot.meta.home_region.is_empty() {
            "us-east-1".to_string()
        } else {
            snapshot.meta.home_region.clone()
        };
        let now = if snapshot.meta.finished_at.is_empty() {
            snapshot.meta.started_at.clone()
        } else {
            snapshot.meta.finished_at.clone()
        };
        Scenario {
            partition,
            region,
            now,
        }
    }
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            partition: "aws".into(),
            region: "us-east-1".into(),
            now: "2026-01-01T00:00:00Z".into(),
        }
    }
}

/// The most requests one question may evaluate before it says "unknown".
const SEARCH_LIMIT: u128 = 200_000;

/// Name given to resources and principals no policy names.
const PROBE: &str = "orgaudit-probe";

/// Regions a resource may be in when the chain does not name them (one is enough: any region
/// the chain does not name behaves alike).
const OTHER_REGIONS: &[&str] = &[
    "us-west-2",
    "eu-central-1",
    "ap-southeast-2",
    "sa-east-1",
    "ca-central-1",
];

/// One level of a chain: the level and its readable documents (with their policy) or why not.
type LevelDocs<'a> = (
    ChainLevel,
    Vec<(&'a Policy, Result<&'a PolicyDocument, String>)>,
);

/// The answer to one question, shared by every account with the same chain.
#[derive(Debug, Clone)]
struct Answer {
    verdict_core: Core,
    /// The request the explanation traces.
    traced: Request,
    /// An allowed request of a spared principal ("denied except for").
    spared: Option<Request>,
}

#[derive(Debug, Clone)]
enum Core {
    Allowed {
        witness: String,
        witness_msg: orgaudit_model::Message,
    },
    Denied,
    DeniedExcept {
        except: Vec<String>,
    },
    NotAllowed,
    Unknown(String),
}

/// The organization's policies of one kind, derived once per evaluation.
pub struct ChainModel<'a> {
    pub kind: PolicyKind,
    org: &'a OrgSnapshot,
    scenario: Scenario,
    parsed: HashMap<&'a str, Result<PolicyDocument, String>>,
    /// Target id → policies attached there. `Err` when attachments are not fully known.
    attached: Result<HashMap<&'a str, Vec<&'a Policy>>, String>,
    /// `Ok(None)` when the policy type is in effect, `Ok(Some(why))` when not, `Err` when unknown.
    not_in_effect: Result<Option<String>, String>,
    cache: Mutex<HashMap<String, Arc<Answer>>>,
    /// Whole explanations, per account and question (asked once per bucket by S3 rules).
    explained: Mutex<HashMap<(String, String), Arc<Explanation>>>,
    /// The texts of the policies in each account's chain (`None`: the chain is not known).
    texts: Mutex<HashMap<String, Option<Arc<Vec<&'a str>>>>>,
}

/// The SCP model (the name the rules use).
pub type ScpModel<'a> = ChainModel<'a>;

impl<'a> ChainModel<'a> {
    /// The SCPs of the organization.
    pub fn new(org: &'a OrgSnapshot) -> Self {
        Self::build(org, PolicyKind::Scp, Scenario::default())
    }

    /// The SCPs of the snapshot's organization, with the snapshot's partition, region and time.
    pub fn scps(snapshot: &'a Snapshot) -> Self {
        Self::build(
            &snapshot.organization,
            PolicyKind::Scp,
            Scenario::of(snapshot),
        )
    }

    /// The RCPs of the snapshot's organization.
    pub fn rcps(snapshot: &'a Snapshot) -> Self {
        Self::build(
            &snapshot.organization,
            PolicyKind::Rcp,
            Scenario::of(snapshot),
        )
    }

    pub fn build(org: &'a OrgSnapshot, kind: PolicyKind, scenario: Scenario) -> Self {
        let mut parsed = HashMap::new();
        let mut attached: Result<HashMap<&str, Vec<&Policy>>, String> = Ok(HashMap::new());
        let label = kind.label();
        let list = match kind {
            PolicyKind::Scp => &org.policies,
            PolicyKind::Rcp => &org.rcps,
        };
        match list.as_result() {
            Err(e) => attached = Err(format!("the {label}s could not be listed: {}", e.summary())),
            Ok(policies) => {
                for p in policies {
                    let doc = match p.content.as_result() {
                        Ok(text) => PolicyDocument::parse(text).map_err(|e| {
                            format!("{label} {} ({}) is not a valid policy: {e}", p.name, p.id)
                        }),
                        Err(e) => Err(format!(
                            "{label} {} ({}) could not be read: {}",
                            p.name,
                            p.id,
                            e.summary()
                        )),
                    };
                    parsed.insert(p.id.as_str(), doc);
                    match (&mut attached, p.targets.as_result()) {
                        (Ok(map), Ok(targets)) => {
                            for t in targets {
                                map.entry(t.as_str()).or_default().push(p);
                            }
                        }
                        (Ok(_), Err(e)) => {
                            attached = Err(format!(
                                "the targets of {label} {} ({}) could not be listed: {}",
                                p.name,
                                p.id,
                                e.summary()
                            ))
                        }
                        (Err(_), _) => {}
                    }
                }
            }
        }
        let type_name = kind.type_name();
        let not_in_effect = match (org.info.as_result(), org.roots.as_result()) {
            (Ok(info), _) if info.feature_set != "ALL" => Ok(Some(format!(
                "the organization's feature set is {}, not ALL",
                info.feature_set
            ))),
            (_, Ok(roots)) => match roots
                .iter()
                .find(|r| r.policy_status(type_name) != Some("ENABLED"))
            {
                Some(r) => Ok(Some(format!(
                    "the {label} policy type is {} on root {}",
                    r.policy_status(type_name).unwrap_or("not enabled"),
                    r.id
                ))),
                None if org.info.ok().is_some() => Ok(None),
                None => Err("the organization could not be described".into()),
            },
            (_, Err(e)) => Err(format!("the roots could not be listed: {}", e.summary())),
        };
        ChainModel {
            kind,
            org,
            scenario,
            parsed,
            attached,
            not_in_effect,
            cache: Mutex::new(HashMap::new()),
            explained: Mutex::new(HashMap::new()),
            texts: Mutex::new(HashMap::new()),
        }
    }

    /// The partition requests are built in (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &str {
        &self.scenario.partition
    }

    /// Policies attached directly to a root, OU or account.
    pub fn attached_to(&self, target_id: &str) -> Result<Vec<&'a Policy>, String> {
        match &self.attached {
            Ok(map) => Ok(map.get(target_id).cloned().unwrap_or_default()),
            Err(e) => Err(e.clone()),
        }
    }

    /// The parsed document of a policy, or why there is none.
    pub fn document(&self, policy_id: &str) -> Result<&PolicyDocument, String> {
        match self.parsed.get(policy_id) {
            Some(Ok(doc)) => Ok(doc),
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!(
                "{} {policy_id} is not in the snapshot",
                self.kind.label()
            )),
        }
    }

    /// `Some(reason)` when the policy type is not in effect at all; `Err` when that is unknown.
    pub fn not_in_effect(&self) -> Result<Option<&str>, &str> {
        match &self.not_in_effect {
            Ok(v) => Ok(v.as_deref()),
            Err(e) => Err(e),
        }
    }

    /// Every level of the account's chain with the policies attached there.
    pub fn chain_policies(
        &self,
        account_id: &str,
    ) -> Result<Vec<(ChainLevel, Vec<&'a Policy>)>, String> {
        let chain = self.org.chain(account_id).ok_or_else(|| {
            let why = self
                .org
                .tree_errors
                .first()
                .map(|e| format!(": {}", e.summary()))
                .unwrap_or_default();
            format!("the OU path of account {account_id} is not known{why}")
        })?;
        chain
            .into_iter()
            .map(|level| {
                let policies = self.attached_to(&level.id)?;
                Ok((level, policies))
            })
            .collect()
    }

    /// Is `action` permitted by the chain for an ordinary principal of the account (SCPs), or
    /// on the account's resources (RCPs, for any principal), and why?
    pub fn explain(&self, account_id: &str, action: &str) -> Explanation {
        let question = Question::guardrail(action);
        self.answer(account_id, &question)
    }

    /// Does a policy of the account's chain mention `needle` (a bucket name…)?
    pub fn chain_mentions(&self, account_id: &str, needle: &str) -> bool {
        let cached = self
            .texts
            .lock()
            .ok()
            .and_then(|c| c.get(account_id).cloned());
        let texts = match cached {
            Some(t) => t,
            None => {
                let t = self.chain_policies(account_id).ok().map(|chain| {
                    Arc::new(
                        chain
                            .iter()
                            .flat_map(|(_, ps)| ps.iter())
                            .filter_map(|p| p.content.ok().map(String::as_str))
                            .collect::<Vec<&str>>(),
                    )
                });
                if let Ok(mut c) = self.texts.lock() {
                    c.insert(account_id.to_string(), t.clone());
                }
                t
            }
        };
        texts.is_some_and(|t| t.iter().any(|text| text.contains(needle)))
    }

    /// [`Self::answer`], computed once per account and question and shared.
    pub fn answer_shared(&self, account_id: &str, q: &Question) -> Arc<Explanation> {
        let key = (account_id.to_string(), q.key());
        if let Some(e) = self
            .explained
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return e;
        }
        let e = Arc::new(self.answer(account_id, q));
        if let Ok(mut c) = self.explained.lock() {
            c.insert(key, e.clone());
        }
        e
    }

    /// Answer a question about the account's chain.
    pub fn answer(&self, account_id: &str, q: &Question) -> Explanation {
        let mut ex = Explanation {
            account_id: account_id.to_string(),
            action: q.label.clone(),
            kind: self.kind,
            verdict: Verdict::Allowed {
                limits: vec![],
                witness: None,
                limits_msg: vec![],
                witness_msg: None,
            },
            levels: Vec::new(),
            traced: None,
            spared: None,
        };
        if self.org.management_account_id() == Some(account_id) {
            ex.verdict = Verdict::Exempt;
            return ex;
        }
        match self.not_in_effect() {
            Ok(Some(why)) => {
                ex.verdict = Verdict::NotInEffect(why.to_string());
                return ex;
            }
            Ok(None) => {}
            Err(why) => {
                ex.verdict = Verdict::Unknown(why.to_string());
                return ex;
            }
        }
        let chain = match self.chain_policies(account_id) {
            Ok(c) => c,
            Err(why) => {
                ex.verdict = Verdict::Unknown(why);
                return ex;
            }
        };
        let levels: Vec<LevelDocs<'_>> = chain
            .into_iter()
            .map(|(level, ps)| {
                let docs = ps.into_iter().map(|p| (p, self.document(&p.id))).collect();
                (level, docs)
            })
            .collect();
        let answer = self.cached_answer(account_id, q, &levels);
        ex.levels = trace(&levels, &answer.traced, q);
        ex.traced = Some(answer.traced.clone());
        ex.spared = answer.spared.clone();
        let first_deny = || {
            ex.levels.iter().find_map(|l| {
                l.denied_by
                    .iter()
                    .find(|d| d.applies)
                    .map(|d| (d.statement.clone(), level_label(&l.level)))
            })
        };
        ex.verdict = match &answer.verdict_core {
            Core::Unknown(why) => Verdict::Unknown(why.clone()),
            Core::Allowed {
                witness,
                witness_msg,
            } => {
                let (limits, limits_msg) = limits(&ex.levels).into_iter().unzip();
                Verdict::Allowed {
                    limits,
                    witness: Some(witness.clone()),
                    limits_msg,
                    witness_msg: Some(witness_msg.clone()),
                }
            }
            Core::Denied => match first_deny() {
                Some((by, level)) => Verdict::Denied { by, level },
                None => Verdict::Unknown("no denying statement found".into()),
            },
            Core::DeniedExcept { except } => match first_deny() {
                Some((by, level)) => Verdict::DeniedExcept {
                    by,
                    level,
                    except: except.clone(),
                },
                None => Verdict::Unknown("no denying statement found".into()),
            },
            Core::NotAllowed => {
                let level = ex
                    .levels
                    .iter()
                    .find(|l| l.allowed_by.is_empty())
                    .map(|l| level_label(&l.level))
                    .unwrap_or_else(|| "some level".into());
                Verdict::NotAllowed { level }
            }
        };
        ex
    }

    fn cached_answer(
        &self,
        account_id: &str,
        q: &Question,
        levels: &[LevelDocs<'_>],
    ) -> Arc<Answer> {
        // Accounts whose chains hold the same policies get the same answer, unless a policy
        // names the account itself.
        let mut key = format!("{}|{}|", q.key(), self.kind.label());
        let mut mentions_account = false;
        for (_, docs) in levels {
            key.push('/');
            for (p, _) in docs {
                key.push_str(&p.id);
                key.push(',');
                if p.content.ok().is_some_and(|t| t.contains(account_id)) {
                    mentions_account = true;
                }
            }
        }
        if mentions_account {
            key.push_str(account_id);
        }
        if let Some(a) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return a;
        }
        let a = Arc::new(self.search(account_id, q, levels));
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, a.clone());
        }
        a
    }

    /// The ordinary principal of a member account and the context describing it.
    fn ordinary(&self, account_id: &str, chain_ids: &[&str]) -> CallerCase {
        let arn = format!(
            "arn:{}:iam::{account_id}:role/{PROBE}-role",
            self.scenario.partition
        );
        let mut context = Context::default();
        context.set_one("aws:PrincipalArn", arn.clone());
        context.set_one("aws:PrincipalAccount", account_id);
        if let Some(info) = self.org.info.ok() {
            context.set_one("aws:PrincipalOrgID", info.id.clone());
            let mut path = format!("{}/", info.id);
            for id in chain_ids.iter().filter(|id| **id != account_id) {
                path.push_str(id);
                path.push('/');
            }
            context.set_one("aws:PrincipalOrgPaths", path);
        }
        context.set_one("aws:PrincipalType", "AssumedRole");
        context.set_one("aws:PrincipalIsAWSService", "false");
        context.set_one("aws:userid", format!("AROAORGAUDITPROBE:{PROBE}"));
        CallerCase {
            caller: Caller::Iam {
                arn,
                account: account_id.to_string(),
            },
            context,
            label: "an ordinary role of the account".into(),
        }
    }

    fn search(&self, account_id: &str, q: &Question, levels: &[LevelDocs<'_>]) -> Answer {
        let readable: Vec<Vec<&PolicyDocument>> = levels
            .iter()
            .map(|(_, docs)| {
                docs.iter()
                    .filter_map(|(_, d)| d.as_ref().ok().copied())
                    .collect()
            })
            .collect();
        let unreadable: Vec<String> = levels
            .iter()
            .flat_map(|(_, docs)| docs.iter().filter_map(|(_, d)| d.as_ref().err().cloned()))
            .collect();
        let all_docs: Vec<&PolicyDocument> = readable.iter().flatten().copied().collect();
        let chain_ids: Vec<&str> = levels.iter().map(|(l, _)| l.id.as_str()).collect();
        let org_id = self.org.info.ok().map(|i| i.id.clone()).unwrap_or_default();

        // Callers.
        let ordinary = self.ordinary(account_id, &chain_ids);
        let callers: Vec<CallerCase> = match &q.callers {
            Callers::Ordinary => vec![ordinary.clone()],
            Callers::These(list) => list
                .iter()
                .map(|c| c.build(&self.scenario.partition, account_id, &org_id, &ordinary))
                .collect(),
        };

        // Resources: per action, the resource types it acts on (Service Authorization
        // Reference), and every pattern the chain names that is of such a type.
        let patterns = search::resource_patterns(all_docs.iter().copied());
        let sc = &self.scenario;
        let fits = |templates: &[&str], r: &str| {
            templates
                .iter()
                .any(|t| orgaudit_policy::wildcard_match(&actions::template_glob(t), r, false))
        };
        let mut regions: Vec<String> = vec![sc.region.clone()];
        for p in &patterns {
            if let Some(parts) = orgaudit_policy::split_arn(p) {
                let r = parts[3];
                if !r.is_empty()
                    && !orgaudit_policy::has_wildcard(r)
                    && !regions.iter().any(|x| x == r)
                {
                    regions.push(r.to_string());
                }
            }
        }
        if let Some(other) = OTHER_REGIONS
            .iter()
            .find(|r| !regions.iter().any(|x| x == *r))
        {
            regions.push(other.to_string());
        }
        let targets: Vec<(String, Vec<String>)> = q
            .actions
            .iter()
            .map(|action| {
                let mut resources: Vec<String> = Vec::new();
                let templates = actions::templates(action);
                match (&q.resources, templates) {
                    // Asked about given resources: those of a type the action acts on.
                    (Some(rs), Some(ts)) if !ts.is_empty() => {
                        for r in rs.iter().filter(|r| fits(ts, r)) {
                            push(&mut resources, r.clone());
                        }
                    }
                    (Some(rs), _) => {
                        for r in rs {
                            push(&mut resources, r.clone());
                        }
                    }
                    // No resource type: the request's resource is `*`.
                    (None, Some([])) => push(&mut resources, "*".into()),
                    (None, Some(ts)) => {
                        // A resource can live in any region: the run's, every region the
                        // chain names, and one it does not name.
                        for t in ts {
                            for region in &regions {
                                push(
                                    &mut resources,
                                    actions::instantiate(
                                        t,
                                        &sc.partition,
                                        region,
                                        account_id,
                                        PROBE,
                                    ),
                                );
                            }
                        }
                        for p in &patterns {
                            for region in &regions {
                                let candidate = fill_arn(p, &sc.partition, region, account_id);
                                if candidate != "*" && fits(ts, &candidate) {
                                    push(&mut resources, candidate);
                                }
                            }
                        }
                    }
                    // An action orgaudit does not know: `*`, a fresh ARN of its service and
                    // every pattern (more requests can only find more gaps, never hide one).
                    (None, None) => {
                        push(&mut resources, "*".into());
                        let service = action.split(':').next().unwrap_or("orgaudit");
                        push(
                            &mut resources,
                            format!(
                                "arn:{}:{service}:{}:{account_id}:{PROBE}",
                                sc.partition, sc.region
                            ),
                        );
                        for p in &patterns {
                            let candidate = fill_arn(p, &sc.partition, &sc.region, account_id);
                            if candidate != "*" {
                                push(&mut resources, candidate);
                            }
                        }
                    }
                }
                (action.clone(), resources)
            })
            .filter(|(_, rs)| !rs.is_empty())
            .collect();

        // Context: fixed keys, then every other key the chain tests.
        let mut fixed = q.fixed.clone();
        fixed.set_one("aws:CurrentTime", sc.now.clone());
        if let Some(t) = orgaudit_policy::parse_date(&sc.now) {
            fixed.set_one("aws:EpochTime", (t / 1_000_000_000).to_string());
        }
        fixed.set_one("aws:ResourceAccount", account_id);
        if !org_id.is_empty() {
            fixed.set_one("aws:ResourceOrgID", org_id.clone());
        }
        let free: Vec<(String, Vec<Option<Vec<String>>>)> =
            search::condition_keys(all_docs.iter().copied())
                .into_iter()
                .filter(|(k, _)| {
                    !is_principal_key(k)
                        && !is_clock_key(k)
                        && !is_resource_key(k)
                        && fixed.value(k).is_none()
                })
                .map(|(k, (fams, values))| (k, search::candidates(&fams, &values)))
                .collect();

        let space = Space {
            targets,
            callers,
            fixed,
            free,
        };
        let allowed = |r: &Request| {
            orgaudit_policy::decide_chain(readable.iter().map(|l| l.iter().copied()), r).is_allow()
        };
        let base = space_first(&space);
        match space.find(SEARCH_LIMIT, allowed) {
            Search::TooLarge { combinations } => Answer {
                verdict_core: Core::Unknown(format!(
                    "the policies allow {combinations} combinations of resources and request values, too many to try"
                )),
                traced: base,
                spared: None,
            },
            Search::Found(req) => {
                let (witness, witness_msg) = describe(&req, &space);
                if unreadable.is_empty() {
                    Answer {
                        verdict_core: Core::Allowed {
                            witness,
                            witness_msg,
                        },
                        traced: *req,
                        spared: None,
                    }
                } else {
                    Answer {
                        verdict_core: Core::Unknown(format!(
                            "{}; without it, {witness} is allowed",
                            unreadable.join("; ")
                        )),
                        traced: *req,
                        spared: None,
                    }
                }
            }
            Search::NotFound { .. } => {
                // Blocked for the callers asked about. Explicitly, everywhere?
                let not_explicit = space.find(SEARCH_LIMIT, |r| {
                    orgaudit_policy::decide_chain(readable.iter().map(|l| l.iter().copied()), r)
                        != Decision::ExplicitDeny
                });
                let explicit_everywhere = matches!(not_explicit, Search::NotFound { .. });
                if !unreadable.is_empty() && !explicit_everywhere {
                    return Answer {
                        verdict_core: Core::Unknown(unreadable.join("; ")),
                        traced: base,
                        spared: None,
                    };
                }
                let traced = match not_explicit {
                    Search::Found(r) => *r,
                    _ => base.clone(),
                };
                if !explicit_everywhere {
                    return Answer {
                        verdict_core: Core::NotAllowed,
                        traced,
                        spared: None,
                    };
                }
                // Whom does the chain spare? Principals described by the exemptions.
                if matches!(q.callers, Callers::Ordinary) {
                    let spared = exempted_callers(&all_docs, &ordinary, &self.scenario, account_id);
                    if !spared.is_empty() {
                        let spared_space = Space {
                            callers: spared,
                            ..space.clone()
                        };
                        if let Search::Found(r) = spared_space.find(SEARCH_LIMIT, allowed) {
                            let except = exemptions(&all_docs, &q.actions);
                            return Answer {
                                verdict_core: Core::DeniedExcept {
                                    except: if except.is_empty() {
                                        vec![describe(&r, &spared_space).0]
                                    } else {
                                        except
                                    },
                                },
                                traced: base,
                                spared: Some(*r),
                            };
                        }
                    }
                }
                Answer {
                    verdict_core: Core::Denied,
                    traced: base,
                    spared: None,
                }
            }
        }
    }
}

fn push(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// The first request of a space (every free key absent): the "plain" request.
fn space_first(space: &Space) -> Request {
    let mut context = space.fixed.clone();
    let caller = space.callers.first();
    if let Some(c) = caller {
        for (k, v) in c.context.iter() {
            context.set(k, v.to_vec());
        }
    }
    Request {
        caller: caller
            .map(|c| c.caller.clone())
            .unwrap_or(Caller::Anonymous),
        action: space
            .targets
            .first()
            .map(|t| t.0.clone())
            .unwrap_or_default(),
        resource: space
            .targets
            .first()
            .and_then(|t| t.1.first().cloned())
            .unwrap_or_else(|| "*".into()),
        context,
    }
}

/// A pattern made into a concrete ARN: the region and account components, when wildcards,
/// become the scenario's; other wildcards become empty.
fn fill_arn(pattern: &str, partition: &str, region: &str, account: &str) -> String {
    match orgaudit_policy::split_arn(pattern) {
        Some(parts) => {
            let fill = |i: usize, p: &str| -> String {
                if !orgaudit_policy::has_wildcard(p) {
                    return p.to_string();
                }
                let want = match i {
                    1 => partition,
                    3 if !p.is_empty() => region,
                    4 if !p.is_empty() => account,
                    _ => "",
                };
                if !want.is_empty() && orgaudit_policy::wildcard_match(p, want, false) {
                    want.to_string()
                } else {
                    search::instantiate(p, if i == 5 { PROBE } else { "" })
                }
            };
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| fill(i, p))
                .collect::<Vec<_>>()
                .join(":")
        }
        None => search::instantiate(pattern, PROBE),
    }
}

/// Principals the chain's Deny statements spare: the ordinary principal changed in one
/// attribute to a value an exemption names.
fn exempted_callers(
    docs: &[&PolicyDocument],
    ordinary: &CallerCase,
    sc: &Scenario,
    account_id: &str,
) -> Vec<CallerCase> {
    let mut out: Vec<CallerCase> = Vec::new();
    for doc in docs {
        for s in doc.statements.iter().filter(|s| s.effect == Effect::Deny) {
            for c in s.conditions.iter().filter(|c| is_principal_key(&c.key)) {
                for v in &c.values {
                    let mut case = ordinary.clone();
                    let value = if c.key_is("aws:PrincipalArn") {
                        let arn = fill_arn(v, &sc.partition, &sc.region, account_id);
                        if let Caller::Iam { arn: a, .. } = &mut case.caller {
                            *a = arn.clone();
                        }
                        arn
                    } else if c.key_is("aws:PrincipalIsAWSService") {
                        if v.eq_ignore_ascii_case("false") {
                            "true".to_string()
                        } else {
                            "false".to_string()
                        }
                    } else {
                        search::instantiate(v, "x")
                    };
                    if c.op.kind == orgaudit_policy::OpKind::Null {
                        if v.eq_ignore_ascii_case("true") {
                            case.context.set_one(&c.key, "orgaudit-present");
                        } else {
                            case.context.remove(&c.key);
                        }
                    } else {
                        case.context.set_one(&c.key, value.clone());
                    }
                    case.label = format!("a principal with {} = {value}", c.key);
                    if !out
                        .iter()
                        .any(|o| o.context == case.context && o.caller == case.caller)
                    {
                        out.push(case);
                    }
                }
            }
        }
    }
    out
}

/// The principal exemptions written in the Deny statements that match the actions.
fn exemptions(docs: &[&PolicyDocument], actions: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for doc in docs {
        for s in doc
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Deny && actions.iter().any(|a| s.matches_action(a)))
        {
            for c in &s.conditions {
                if let Some(e) = principal_exemption(c) {
                    if !out.contains(&e) {
                        out.push(e);
                    }
                }
            }
        }
    }
    out
}

/// "for an ordinary role of the account on arn:…:trail/x when aws:RequestedRegion = us-west-2",
/// and the same as a message (`witness`) for the reader's language.
fn describe(req: &Request, space: &Space) -> (String, orgaudit_model::Message) {
    use crate::msg;
    let who = space
        .callers
        .iter()
        .find(|c| c.caller == req.caller)
        .map(|c| c.label.clone())
        .unwrap_or_else(|| "a principal".into());
    let mut s = format!("{} for {who}", req.action);
    if req.resource != "*" {
        s.push_str(&format!(" on {}", req.resource));
    }
    let mut when = Vec::new();
    let mut when_msg = Vec::new();
    for (key, _) in &space.free {
        match req.context.get(&key.to_ascii_lowercase()) {
            Some(values) => {
                let shown: Vec<String> = values
                    .iter()
                    .map(|v| {
                        if v == FRESH {
                            "any other value".to_string()
                        } else {
                            v.clone()
                        }
                    })
                    .collect();
                when.push(format!("{key} = {}", shown.join(", ")));
                let values: Vec<orgaudit_model::Message> = values
                    .iter()
                    .map(|v| {
                        if v == FRESH {
                            msg!("any-other-value")
                        } else {
                            msg!("plain-value", value = v)
                        }
                    })
                    .collect();
                when_msg.push(msg!("witness-value", key = key, values = values));
            }
            None => {
                when.push(format!("{key} absent"));
                when_msg.push(msg!("witness-absent", key = key));
            }
        }
    }
    if !when.is_empty() {
        s.push_str(&format!(" when {}", when.join(", ")));
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let m = msg!(
        "witness",
        action = &req.action,
        who = vec![who_message(&who)],
        on = yes_no(req.resource != "*"),
        resource = &req.resource,
        when = yes_no(!when_msg.is_empty()),
        conditions = when_msg
    );
    (s, m)
}

/// The caller a witness names (the labels of [`CallerCase`]s), as a message.
fn who_message(label: &str) -> orgaudit_model::Message {
    use crate::msg;
    match label {
        "an ordinary role of the account" => msg!("caller-ordinary-role"),
        "a role of an account in another organization" => msg!("caller-other-org"),
        "a role of an account outside any organization" => msg!("caller-no-org"),
        "an anonymous caller" => msg!("caller-anonymous"),
        other => match other
            .strip_prefix("a principal with ")
            .and_then(|rest| rest.split_once(" = "))
        {
            Some((key, value)) => msg!("caller-with-key", key = key, value = value),
            None => msg!("caller-other", label = other),
        },
    }
}

/// The per-level trace of one request.
fn trace(levels: &[LevelDocs<'_>], req: &Request, q: &Question) -> Vec<LevelTrace> {
    levels
        .iter()
        .map(|(level, docs)| {
            let mut t = LevelTrace {
                level: level.clone(),
                policies: docs.iter().map(|(p, _)| p.name.clone()).collect(),
                allowed_by: Vec::new(),
                denied_by: Vec::new(),
                unreadable: Vec::new(),
            };
            for (p, d) in docs {
                let doc = match d {
                    Ok(doc) => doc,
                    Err(why) => {
                        t.unreadable.push(why.clone());
                        continue;
                    }
                };
                for s in &doc.statements {
                    let r = StatementRef {
                        policy_id: p.id.clone(),
                        policy_name: p.name.clone(),
                        statement: s.label(),
                    };
                    match s.effect {
                        Effect::Allow if s.applies(req) => t.allowed_by.push(r),
                        Effect::Deny if q.actions.iter().any(|a| s.matches_action(a)) => {
                            let applies = s.applies(req);
                            t.denied_by.push(DenyRef {
                                statement: r,
                                scope: classify_deny(s),
                                applies,
                            })
                        }
                        _ => {}
                    }
                }
            }
            t
        })
        .collect()
}

/// Deny statements that match the action but did not deny the witness: they cover only part.
/// Each as a text and as a message.
fn limits(levels: &[LevelTrace]) -> Vec<(String, orgaudit_model::Message)> {
    use crate::msg;
    levels
        .iter()
        .flat_map(|l| l.denied_by.iter())
        .filter(|d| !d.applies)
        .map(|d| {
            let by = vec![d.statement.message()];
            match &d.scope {
                DenyScope::Limited(how, how_msg) => (
                    format!("{how} by {}", d.statement),
                    msg!("limit-how", how = vec![how_msg.clone()], by = by),
                ),
                DenyScope::ExceptPrincipals(e) => (
                    format!("except for {} by {}", e.join("; "), d.statement),
                    msg!("limit-except", except = e.join("; "), by = by),
                ),
                DenyScope::Full => (
                    format!("by {} under conditions that do not hold", d.statement),
                    msg!("limit-full", by = by),
                ),
            }
        })
        .collect()
}

/// Who makes the requests a question is about.
#[derive(Debug, Clone)]
pub enum Callers {
    /// An ordinary principal of the member account (SCP guardrails).
    Ordinary,
    /// These principals (RCP questions: outsiders, anonymous callers…).
    These(Vec<Who>),
}

/// A principal to try, relative to the account the chain belongs to.
#[derive(Debug, Clone)]
pub enum Who {
    /// An ordinary role of the account itself.
    Member,
    /// A role of an account outside the organization (in another organization, or in none).
    Outsider { in_other_org: bool },
    /// An unsigned request.
    Anonymous,
}

impl Who {
    fn build(
        &self,
        partition: &str,
        account: &str,
        org_id: &str,
        ordinary: &CallerCase,
    ) -> CallerCase {
        let _ = (account, org_id);
        match self {
            Who::Member => ordinary.clone(),
            Who::Outsider { in_other_org } => {
                let outsider = "999999999999";
                let arn = format!("arn:{partition}:iam::{outsider}:role/{PROBE}-outsider");
                let mut context = Context::default();
                context.set_one("aws:PrincipalArn", arn.clone());
                context.set_one("aws:PrincipalAccount", outsider);
                context.set_one("aws:PrincipalType", "AssumedRole");
                context.set_one("aws:PrincipalIsAWSService", "false");
                context.set_one("aws:userid", format!("AROAORGAUDITOUTSIDER:{PROBE}"));
                if *in_other_org {
                    context.set_one("aws:PrincipalOrgID", "o-orgauditother");
                    context.set_one("aws:PrincipalOrgPaths", "o-orgauditother/r-other/");
                }
                CallerCase {
                    caller: Caller::Iam {
                        arn,
                        account: outsider.into(),
                    },
                    context,
                    label: if *in_other_org {
                        "a role of an account in another organization".into()
                    } else {
                        "a role of an account outside any organization".into()
                    },
                }
            }
            Who::Anonymous => CallerCase {
                caller: Caller::Anonymous,
                context: Context::default(),
                label: "an anonymous caller".into(),
            },
        }
    }
}

/// What is asked of a chain: "is any of these actions permitted for these callers on these
/// resources, with these request values fixed?"
#[derive(Debug, Clone)]
pub struct Question {
    pub label: String,
    pub actions: Vec<String>,
    /// `None`: every resource type the actions act on; `Some`: exactly these resources.
    pub resources: Option<Vec<String>>,
    pub callers: Callers,
    pub fixed: Context,
}

impl Question {
    /// An SCP guardrail: one action, an ordinary principal of the account.
    pub fn guardrail(action: &str) -> Question {
        Question {
            label: action.to_string(),
            actions: vec![action.to_string()],
            resources: None,
            callers: Callers::Ordinary,
            fixed: Context::default(),
        }
    }

    fn key(&self) -> String {
        format!(
            "{}|{:?}|{:?}|{:?}|{:?}",
            self.label, self.actions, self.resources, self.callers, self.fixed
        )
    }
}

#[cfg(test)]
mod tests;

/// One account's SCP chain as a report shows it: every level with its SCPs, and the verdict
/// of each guardrail action (ORG.4–ORG.6) with the per-level explanation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AccountChain {
    pub account_id: String,
    /// Root → OUs → account, each with the names of the SCPs attached there. Empty when the
    /// chain is unknown (`note` says why) or does not apply (management account).
    pub levels: Vec<ChainLevelView>,
    pub guardrails: Vec<GuardrailView>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainLevelView {
    /// `root`, `OU` or `account`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub policies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GuardrailView {
    pub rule_id: &'static str,
    pub action: String,
    pub blocked: bool,
    pub verdict: String,
    /// `verdict` as a message, for a report in another language.
    #[serde(skip)]
    pub verdict_msg: orgaudit_model::Message,
    /// One line per level (what allows and what denies the action there).
    pub explanation: Vec<String>,
}

/// The chain and guardrail verdicts of every account, in the organization's account order.
/// `guardrails` lists (rule id, actions that must be denied).
pub fn account_chains(
    snapshot: &Snapshot,
    guardrails: &[(&'static str, &'static [&'static str])],
) -> Vec<AccountChain> {
    let org = &snapshot.organization;
    let model = ScpModel::scps(snapshot);
    let Some(accounts) = org.accounts.ok() else {
        return Vec::new();
    };
    accounts
        .iter()
        .map(|a| {
            let (levels, note) = match model.chain_policies(&a.id) {
                Ok(chain) => (
                    chain
                        .into_iter()
                        .map(|(level, policies)| ChainLevelView {
                            kind: match level.kind {
                                LevelKind::Root => "root",
                                LevelKind::Ou => "OU",
                                LevelKind::Account => "account",
                            },
                            id: level.id,
                            name: level.name,
                            policies: policies.iter().map(|p| p.name.clone()).collect(),
                        })
                        .collect(),
                    None,
                ),
                Err(why) => (Vec::new(), Some(why)),
            };
            let guardrails = guardrails
                .iter()
                .flat_map(|(rule_id, actions)| {
                    actions.iter().map(move |action| (*rule_id, *action))
                })
                .map(|(rule_id, action)| {
                    let ex = model.explain(&a.id, action);
                    GuardrailView {
                        rule_id,
                        action: action.to_string(),
                        blocked: ex.verdict.is_blocked(),
                        verdict: ex.verdict.to_string(),
                        verdict_msg: ex.verdict.message(),
                        explanation: ex.evidence(),
                    }
                })
                .collect();
            AccountChain {
                account_id: a.id.clone(),
                levels,
                guardrails,
                note,
            }
        })
        .collect()
}

/// Whether any statement of the documents decides the request (for callers outside chains).
pub fn decides(docs: &[&PolicyDocument], req: &Request) -> Decision {
    decide(docs.iter().copied(), req)
}
