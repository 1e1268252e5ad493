//! Service control policy evaluation, as AWS documents it ("SCP evaluation"):
//!
//! - the chain of an account is root → each OU down the path → the account;
//! - an action is permitted only if **every** level has at least one attached SCP with an
//!   Allow statement covering it, and no attached SCP at any level denies it;
//! - `Action`/`NotAction`/`Resource`/`NotResource` wildcards are honoured;
//! - SCPs never apply to the management account (nor to service-linked roles: a statement
//!   that targets them has no effect, which ORG.7 reports).
//!
//! Evaluation is for "any resource" (`*`) and an ordinary principal of the account. A Deny
//! that only applies to some resources, or only under conditions, is reported as a limit, not
//! as a block; a Deny whose only conditions exempt some principals (`aws:PrincipalArn`,
//! `aws:PrincipalTag/…`) blocks everyone else and is reported as "denied except for …".
//! When the evaluator cannot be sure (a policy that could not be read or parsed, an unknown
//! OU path), the verdict is [`Verdict::Unknown`] with the reason, unless an unconditional
//! Deny elsewhere in the chain settles the question anyway.

use orgaudit_model::{ChainLevel, LevelKind, OrgSnapshot, Policy};
use orgaudit_policy::{Condition, Effect, PolicyDocument, Resources, Statement};
use std::collections::HashMap;
use std::fmt;

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

/// How far a Deny statement that matches the action reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DenyScope {
    /// Every resource, every ordinary principal.
    Full,
    /// Every resource, every principal but those described.
    ExceptPrincipals(Vec<String>),
    /// Only some resources or only under some conditions: the action stays allowed elsewhere.
    Limited(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DenyRef {
    pub statement: StatementRef,
    pub scope: DenyScope,
}

/// What one level of the chain says about the action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelTrace {
    pub level: ChainLevel,
    /// Names of the SCPs attached at this level.
    pub policies: Vec<String>,
    pub allowed_by: Vec<StatementRef>,
    pub denied_by: Vec<DenyRef>,
    /// Policies at this level that could not be read or parsed.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The management account: SCPs never apply to it.
    Exempt,
    /// SCPs are not in effect in this organization (the reason says why).
    NotInEffect(String),
    /// An attached SCP denies the action on every resource for every ordinary principal.
    Denied { by: StatementRef, level: String },
    /// Denied for everyone except the principals described.
    DeniedExcept {
        by: StatementRef,
        level: String,
        except: Vec<String>,
    },
    /// No SCP at this level allows the action (implicit deny).
    NotAllowed { level: String },
    /// Permitted by SCPs; `limits` lists Deny statements that cover only part of it.
    Allowed { limits: Vec<String> },
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

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Exempt => write!(f, "not subject to SCPs (management account)"),
            Verdict::NotInEffect(why) => write!(f, "allowed: SCPs are not in effect ({why})"),
            Verdict::Denied { by, level } => write!(f, "denied at {level} by {by}"),
            Verdict::DeniedExcept { by, level, except } => {
                write!(
                    f,
                    "denied at {level} by {by}, except for {}",
                    except.join("; ")
                )
            }
            Verdict::NotAllowed { level } => {
                write!(
                    f,
                    "not allowed: no SCP attached at {level} allows it (implicit deny)"
                )
            }
            Verdict::Allowed { limits } if limits.is_empty() => write!(f, "allowed"),
            Verdict::Allowed { limits } => write!(f, "allowed (denied only {})", limits.join("; ")),
            Verdict::Unknown(why) => write!(f, "unknown: {why}"),
        }
    }
}

/// The verdict for one (account, action) and the per-level trace behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub account_id: String,
    pub action: String,
    pub verdict: Verdict,
    pub levels: Vec<LevelTrace>,
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
                        DenyScope::Limited(how) => {
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
/// negated way exempts some principals and blocks everyone else.
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

fn is_principal_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    PRINCIPAL_KEYS.contains(&k.as_str()) || k.starts_with("aws:principaltag/")
}

/// If the condition only exempts principals, describe whom it exempts.
fn principal_exemption(c: &Condition) -> Option<String> {
    if !is_principal_key(&c.key) {
        return None;
    }
    let op = c.base_operator();
    let values = c.values.join(", ");
    if op.contains("Not") {
        let verb = if op.contains("Like") {
            "matching"
        } else {
            "equal to"
        };
        return Some(format!("principals with {} {verb} {values}", c.key));
    }
    if op == "Bool"
        && c.key_is("aws:PrincipalIsAWSService")
        && c.values.iter().all(|v| v == "false")
    {
        return Some("AWS service principals".into());
    }
    if op == "Null" && c.values.iter().all(|v| v == "true") {
        return Some(format!("principals that have {}", c.key));
    }
    None
}

fn classify_deny(s: &Statement) -> DenyScope {
    let mut limits = Vec::new();
    if !s.covers_all_resources() {
        limits.push(match &s.resources {
            Resources::Resource(r) => format!("on {}", r.join(", ")),
            Resources::NotResource(r) => format!("on resources other than {}", r.join(", ")),
            Resources::Unspecified => String::new(),
        });
    }
    let mut exemptions = Vec::new();
    for c in &s.conditions {
        match principal_exemption(c) {
            Some(e) => exemptions.push(e),
            None => limits.push(format!("when {c}")),
        }
    }
    if !limits.is_empty() {
        if !exemptions.is_empty() {
            limits.push(format!("and not for {}", exemptions.join("; ")));
        }
        DenyScope::Limited(limits.join(" "))
    } else if !exemptions.is_empty() {
        DenyScope::ExceptPrincipals(exemptions)
    } else {
        DenyScope::Full
    }
}

/// SCP state of an organization, derived once per evaluation.
pub struct ScpModel<'a> {
    org: &'a OrgSnapshot,
    parsed: HashMap<&'a str, Result<PolicyDocument, String>>,
    /// Target id → policies attached there. `Err` when attachments are not fully known.
    attached: Result<HashMap<&'a str, Vec<&'a Policy>>, String>,
    /// `Ok(None)` when SCPs are in effect, `Ok(Some(why))` when not, `Err` when unknown.
    not_in_effect: Result<Option<String>, String>,
}

impl<'a> ScpModel<'a> {
    pub fn new(org: &'a OrgSnapshot) -> Self {
        let mut parsed = HashMap::new();
        let mut attached: Result<HashMap<&str, Vec<&Policy>>, String> = Ok(HashMap::new());
        match org.policies.as_result() {
            Err(e) => attached = Err(format!("the SCPs could not be listed: {}", e.summary())),
            Ok(policies) => {
                for p in policies {
                    let doc = match p.content.as_result() {
                        Ok(text) => PolicyDocument::parse(text).map_err(|e| {
                            format!("SCP {} ({}) is not a valid policy: {e}", p.name, p.id)
                        }),
                        Err(e) => Err(format!(
                            "SCP {} ({}) could not be read: {}",
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
                                "the targets of SCP {} ({}) could not be listed: {}",
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
        let not_in_effect = match (org.info.as_result(), org.roots.as_result()) {
            (Ok(info), _) if info.feature_set != "ALL" => Ok(Some(format!(
                "the organization's feature set is {}, not ALL",
                info.feature_set
            ))),
            (_, Ok(roots)) => match roots.iter().find(|r| !r.scp_enabled()) {
                Some(r) => Ok(Some(format!(
                    "the SCP policy type is {} on root {}",
                    r.scp_status().unwrap_or("not enabled"),
                    r.id
                ))),
                None if org.info.ok().is_some() => Ok(None),
                None => Err("the organization could not be described".into()),
            },
            (_, Err(e)) => Err(format!("the roots could not be listed: {}", e.summary())),
        };
        ScpModel {
            org,
            parsed,
            attached,
            not_in_effect,
        }
    }

    /// Policies attached directly to a root, OU or account.
    pub fn attached_to(&self, target_id: &str) -> Result<Vec<&'a Policy>, String> {
        match &self.attached {
            Ok(map) => Ok(map.get(target_id).cloned().unwrap_or_default()),
            Err(e) => Err(e.clone()),
        }
    }

    /// The parsed document of an SCP, or why there is none.
    pub fn document(&self, policy_id: &str) -> Result<&PolicyDocument, String> {
        match self.parsed.get(policy_id) {
            Some(Ok(doc)) => Ok(doc),
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!("SCP {policy_id} is not in the snapshot")),
        }
    }

    /// `Some(reason)` when SCPs are not in effect at all; `Err` when that is unknown.
    pub fn not_in_effect(&self) -> Result<Option<&str>, &str> {
        match &self.not_in_effect {
            Ok(v) => Ok(v.as_deref()),
            Err(e) => Err(e),
        }
    }

    /// Every level of the account's chain with the SCPs attached there.
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

    /// Is `action` permitted by SCPs for an ordinary principal of the account, and why?
    pub fn explain(&self, account_id: &str, action: &str) -> Explanation {
        let mut ex = Explanation {
            account_id: account_id.to_string(),
            action: action.to_string(),
            verdict: Verdict::Allowed { limits: vec![] },
            levels: Vec::new(),
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

        let mut unknown: Vec<String> = Vec::new();
        for (level, policies) in chain {
            let mut trace = LevelTrace {
                level,
                policies: policies.iter().map(|p| p.name.clone()).collect(),
                allowed_by: Vec::new(),
                denied_by: Vec::new(),
                unreadable: Vec::new(),
            };
            for p in policies {
                let doc = match self.document(&p.id) {
                    Ok(d) => d,
                    Err(why) => {
                        trace.unreadable.push(why.clone());
                        unknown.push(why);
                        continue;
                    }
                };
                for s in doc.statements.iter().filter(|s| s.matches_action(action)) {
                    let r = StatementRef {
                        policy_id: p.id.clone(),
                        policy_name: p.name.clone(),
                        statement: s.label(),
                    };
                    match s.effect {
                        Effect::Allow => trace.allowed_by.push(r),
                        Effect::Deny => trace.denied_by.push(DenyRef {
                            statement: r,
                            scope: classify_deny(s),
                        }),
                    }
                }
            }
            ex.levels.push(trace);
        }

        let full_deny = ex.levels.iter().find_map(|l| {
            l.denied_by
                .iter()
                .find(|d| d.scope == DenyScope::Full)
                .map(|d| (d.statement.clone(), level_label(&l.level)))
        });
        ex.verdict = if let Some((by, level)) = full_deny {
            Verdict::Denied { by, level }
        } else if !unknown.is_empty() {
            Verdict::Unknown(unknown.join("; "))
        } else if let Some(l) = ex.levels.iter().find(|l| l.allowed_by.is_empty()) {
            Verdict::NotAllowed {
                level: level_label(&l.level),
            }
        } else if let Some((by, level, except)) = ex.levels.iter().find_map(|l| {
            l.denied_by.iter().find_map(|d| match &d.scope {
                DenyScope::ExceptPrincipals(e) => {
                    Some((d.statement.clone(), level_label(&l.level), e.clone()))
                }
                _ => None,
            })
        }) {
            Verdict::DeniedExcept { by, level, except }
        } else {
            let limits = ex
                .levels
                .iter()
                .flat_map(|l| l.denied_by.iter())
                .filter_map(|d| match &d.scope {
                    DenyScope::Limited(how) => Some(format!("{how} by {}", d.statement)),
                    _ => None,
                })
                .collect();
            Verdict::Allowed { limits }
        };
        ex
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
    /// One line per level (what allows and what denies the action there).
    pub explanation: Vec<String>,
}

/// The chain and guardrail verdicts of every account, in the organization's account order.
pub fn account_chains(snapshot: &orgaudit_model::Snapshot) -> Vec<AccountChain> {
    let org = &snapshot.organization;
    let model = ScpModel::new(org);
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
            let guardrails = crate::org::guardrails()
                .into_iter()
                .flat_map(|(rule_id, actions)| actions.iter().map(move |action| (rule_id, *action)))
                .map(|(rule_id, action)| {
                    let ex = model.explain(&a.id, action);
                    GuardrailView {
                        rule_id,
                        action: action.to_string(),
                        blocked: ex.verdict.is_blocked(),
                        verdict: ex.verdict.to_string(),
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
