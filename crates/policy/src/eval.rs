//! Evaluating policies against one concrete request, as the IAM User Guide's "Policy
//! evaluation logic" describes it:
//!
//! - a statement applies when its `Action`/`NotAction`, `Resource`/`NotResource`,
//!   `Principal`/`NotPrincipal` (resource-based policies) and every condition match the request
//!   ("Determining whether a request is allowed or denied within an account");
//! - an explicit `Deny` in any applicable policy wins; otherwise an `Allow` is needed, else the
//!   request is implicitly denied;
//! - for SCPs and RCPs, an `Allow` is needed at every level of the chain (root, each OU, the
//!   account) and a `Deny` at any level wins (AWS Organizations User Guide, "SCP evaluation",
//!   "RCP evaluation").
//!
//! Policy variables (`${aws:username}`) are substituted in `Resource` and condition values of
//! policies whose `Version` is `2012-10-17`; older policies treat them as literal text (IAM
//! User Guide, "IAM JSON policy elements: Version").

use crate::pattern::wildcard_match;
use crate::request::{Caller, Request};
use crate::{Actions, Effect, PolicyDocument, Principal, Resources, Statement};

/// The outcome of evaluating a set of policies for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decision {
    Allow,
    ImplicitDeny,
    ExplicitDeny,
}

impl Decision {
    pub fn is_allow(self) -> bool {
        self == Decision::Allow
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allowed",
            Decision::ImplicitDeny => "implicitly denied",
            Decision::ExplicitDeny => "explicitly denied",
        }
    }
}

impl Statement {
    /// Does this statement apply to the request (action, resource, principal, conditions)?
    pub fn applies(&self, req: &Request) -> bool {
        self.matches_action(&req.action)
            && self.resource_applies(req)
            && self.principal_applies(&req.caller)
            && self.conditions_hold(req)
    }

    fn expand(&self, req: &Request, text: &str) -> Option<String> {
        if self.variables {
            req.expand(text)
        } else {
            Some(text.to_string())
        }
    }

    /// `Resource`/`NotResource` against the request's resource. ARN patterns compare
    /// case-sensitively, the whole string as one glob (IAM User Guide, "IAM JSON policy
    /// elements: Resource"). A statement with neither applies to every resource.
    pub fn resource_applies(&self, req: &Request) -> bool {
        let any = |patterns: &[String]| {
            patterns.iter().any(|p| {
                if self.variables && p.contains("${") {
                    self.expand(req, p)
                        .is_some_and(|p| wildcard_match(&p, &req.resource, false))
                } else {
                    wildcard_match(p, &req.resource, false)
                }
            })
        };
        match &self.resources {
            Resources::Resource(patterns) => any(patterns),
            Resources::NotResource(patterns) => !any(patterns),
            Resources::Unspecified => true,
        }
    }

    /// `Principal`/`NotPrincipal` (resource-based policies only; SCPs, identity policies and
    /// boundaries have neither and apply to their principals).
    pub fn principal_applies(&self, caller: &Caller) -> bool {
        match (&self.principal, &self.not_principal) {
            (Some(p), _) => principal_matches(p, caller),
            (None, Some(np)) => !principal_matches(np, caller),
            (None, None) => true,
        }
    }

    /// Every condition holds (conditions are ANDed; IAM User Guide, "Condition with multiple
    /// context keys or values").
    pub fn conditions_hold(&self, req: &Request) -> bool {
        let expand = |v: &str| self.expand(req, v);
        self.conditions
            .iter()
            .all(|c| c.holds(&req.context, &expand))
    }
}

/// Does a `Principal` element name this caller? IAM User Guide, "AWS JSON policy elements:
/// Principal": `"*"` and `{"AWS": "*"}` are everyone, anonymous callers included; an account
/// id or its `:root` ARN is every principal of that account; a role or user ARN is that
/// principal; `Service`, `Federated` and `CanonicalUser` name their own kinds.
pub fn principal_matches(p: &Principal, caller: &Caller) -> bool {
    let map = match p {
        Principal::Everyone => return true,
        Principal::Typed(map) => map,
    };
    map.iter().any(|(kind, values)| {
        values.iter().any(|v| {
            if kind.eq_ignore_ascii_case("AWS") {
                match caller {
                    _ if v == "*" => true,
                    Caller::Iam { arn, account } => {
                        v == arn || v == account || root_account(v) == Some(account.as_str())
                    }
                    _ => false,
                }
            } else if kind.eq_ignore_ascii_case("Service") {
                v == "*" || matches!(caller, Caller::Service(s) if s.eq_ignore_ascii_case(v))
            } else if kind.eq_ignore_ascii_case("Federated") {
                v == "*" || matches!(caller, Caller::Federated(f) if f == v)
            } else {
                v == "*"
            }
        })
    })
}

/// `arn:aws:iam::111122223333:root` → `111122223333`.
fn root_account(v: &str) -> Option<&str> {
    let rest = v.strip_prefix("arn:")?;
    let (_, rest) = rest.split_once(':')?; // partition
    let rest = rest.strip_prefix("iam::")?;
    rest.strip_suffix(":root")
}

impl PolicyDocument {
    /// The statements that apply to the request.
    pub fn applying<'a>(&'a self, req: &'a Request) -> impl Iterator<Item = &'a Statement> + 'a {
        self.statements.iter().filter(move |s| s.applies(req))
    }
}

/// The decision of a set of policies of one kind (identity policies, a boundary, one level's
/// SCPs…): explicit deny wins, then an allow, else implicit deny.
pub fn decide<'a>(
    policies: impl IntoIterator<Item = &'a PolicyDocument>,
    req: &Request,
) -> Decision {
    let mut allowed = false;
    for doc in policies {
        for s in doc.applying(req) {
            match s.effect {
                Effect::Deny => return Decision::ExplicitDeny,
                Effect::Allow => allowed = true,
            }
        }
    }
    if allowed {
        Decision::Allow
    } else {
        Decision::ImplicitDeny
    }
}

/// The decision of a chain of levels (SCPs or RCPs: root, OUs, account): any Deny wins; each
/// level needs an Allow.
pub fn decide_chain<'a, L>(levels: impl IntoIterator<Item = L>, req: &Request) -> Decision
where
    L: IntoIterator<Item = &'a PolicyDocument>,
{
    let mut result = Decision::Allow;
    for level in levels {
        match decide(level, req) {
            Decision::ExplicitDeny => return Decision::ExplicitDeny,
            Decision::ImplicitDeny => result = Decision::ImplicitDeny,
            Decision::Allow => {}
        }
    }
    result
}

/// Does the statement's `Action`/`NotAction` reach every action of a service (a fresh action
/// name of that service matches)?
pub fn reaches_whole_service(s: &Statement, service: &str) -> bool {
    !matches!(s.actions, Actions::None)
        && s.matches_action(&format!("{service}:OrgauditProbeAction7f3e"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Context;

    fn req(caller: Caller, action: &str, resource: &str, ctx: &[(&str, &str)]) -> Request {
        let mut context = Context::default();
        for (k, v) in ctx {
            context.set_one(k, *v);
        }
        Request {
            caller,
            action: action.into(),
            resource: resource.into(),
            context,
        }
    }

    fn role(account: &str, name: &str) -> Caller {
        Caller::Iam {
            arn: format!("arn:aws:iam::{account}:role/{name}"),
            account: account.into(),
        }
    }

    fn doc(text: &str) -> PolicyDocument {
        PolicyDocument::parse(text).unwrap()
    }

    /// IAM User Guide, "Policy evaluation logic": an explicit deny overrides any allow.
    #[test]
    fn explicit_deny_wins_then_allow_then_implicit_deny() {
        let p = doc(r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"*","Resource":"*"},
            {"Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#);
        let me = role("111122223333", "dev");
        assert_eq!(
            decide(
                [&p],
                &req(me.clone(), "s3:GetObject", "arn:aws:s3:::b/k", &[])
            ),
            Decision::Allow
        );
        assert_eq!(
            decide(
                [&p],
                &req(me.clone(), "IAM:CreateUser", "arn:aws:iam::1:user/x", &[])
            ),
            Decision::ExplicitDeny
        );
        let none = doc(r#"{"Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}"#);
        assert_eq!(
            decide([&none], &req(me, "s3:PutObject", "arn:aws:s3:::b/k", &[])),
            Decision::ImplicitDeny
        );
    }

    /// "SCP evaluation": every level of the chain must allow.
    #[test]
    fn chain_needs_an_allow_at_every_level() {
        let full = doc(r#"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#);
        let s3_only = doc(r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#);
        let r = req(role("1", "x"), "ec2:RunInstances", "*", &[]);
        assert_eq!(
            decide_chain([vec![&full], vec![&full]], &r),
            Decision::Allow
        );
        assert_eq!(
            decide_chain([vec![&full], vec![&s3_only]], &r),
            Decision::ImplicitDeny
        );
    }

    /// "IAM JSON policy elements: Variables and tags": substitution only in 2012-10-17 policies.
    #[test]
    fn variables_only_in_version_2012_10_17() {
        let new = doc(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}"#,
        );
        let old = doc(
            r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}"#,
        );
        let r = req(
            role("1", "x"),
            "s3:GetObject",
            "arn:aws:s3:::home/alice/k",
            &[("aws:username", "alice")],
        );
        assert!(decide([&new], &r).is_allow());
        assert!(!decide([&old], &r).is_allow());
    }

    #[test]
    fn principals_of_resource_policies() {
        let p =
            |json: &str| match crate::parse_principal_value(&serde_json::from_str(json).unwrap()) {
                Ok(p) => p,
                Err(e) => panic!("{e}"),
            };
        let alice = Caller::Iam {
            arn: "arn:aws:iam::111122223333:user/alice".into(),
            account: "111122223333".into(),
        };
        assert!(principal_matches(&p(r#""*""#), &Caller::Anonymous));
        assert!(principal_matches(&p(r#"{"AWS":"*"}"#), &Caller::Anonymous));
        assert!(principal_matches(&p(r#"{"AWS":"111122223333"}"#), &alice));
        assert!(principal_matches(
            &p(r#"{"AWS":"arn:aws:iam::111122223333:root"}"#),
            &alice
        ));
        assert!(!principal_matches(
            &p(r#"{"AWS":"arn:aws:iam::444455556666:root"}"#),
            &alice
        ));
        assert!(!principal_matches(
            &p(r#"{"AWS":"111122223333"}"#),
            &Caller::Anonymous
        ));
        assert!(principal_matches(
            &p(r#"{"Service":"cloudtrail.amazonaws.com"}"#),
            &Caller::Service("cloudtrail.amazonaws.com".into())
        ));
    }
}
