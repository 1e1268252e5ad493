//! The IAM policy language, read the way AWS reads it, for SCPs, bucket policies and
//! permission-set policies alike.
//!
//! Parsing is tolerant where AWS is tolerant (a single statement object instead of a list,
//! a string instead of a one-element list, `Version` missing, booleans and numbers as
//! condition values) and strict where a guess would be wrong (no `Effect`, both `Action` and
//! `NotAction`, not JSON at all): those give a [`PolicyError`] that names what is wrong, so the
//! rule that needed the policy can report `unknown` with the reason.

pub mod actions;
mod condition;
pub mod eval;
mod pattern;
mod request;
pub mod search;

pub use condition::{parse_date, Cidr, Condition, Family, OpKind, Operator, SetOp};
pub use eval::{decide, decide_chain, principal_matches, Decision};
pub use pattern::{arn_match, has_wildcard, split_arn, wildcard_match};
pub use request::{Caller, Context, Request};

use serde_json::Value;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PolicyError(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        })
    }
}

/// `Action` or `NotAction` (exactly one of them in a valid statement; SCP Deny statements
/// and bucket policies may also omit both, which matches nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actions {
    Action(Vec<String>),
    NotAction(Vec<String>),
    None,
}

/// `Resource` or `NotResource`. SCP statements without either apply to every resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resources {
    Resource(Vec<String>),
    NotResource(Vec<String>),
    Unspecified,
}

/// `Principal` / `NotPrincipal`: `"*"` or a map of principal type to values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// The bare string `"*"`.
    Everyone,
    /// e.g. `{"AWS": ["arn:…", "*"], "Service": "logs.amazonaws.com"}`.
    Typed(Vec<(String, Vec<String>)>),
}

impl Principal {
    /// True for `"*"`, `{"AWS": "*"}` and `{"AWS": ["*"]}` (any principal type holding `*`).
    pub fn includes_everyone(&self) -> bool {
        match self {
            Principal::Everyone => true,
            Principal::Typed(map) => map.iter().any(|(_, vs)| vs.iter().any(|v| v == "*")),
        }
    }

    /// Does any value hold a wildcard (`"*"`, `{"AWS": "arn:aws:iam::*:root"}`)? "You cannot use
    /// a wildcard to match part of a principal name or ARN" (IAM User Guide, "AWS JSON policy
    /// elements: Principal"), so such a value is read as everyone.
    pub fn has_wildcard(&self) -> bool {
        match self {
            Principal::Everyone => true,
            Principal::Typed(map) => map
                .iter()
                .any(|(_, vs)| vs.iter().any(|v| v.contains(['*', '?']))),
        }
    }

    pub fn values(&self) -> Vec<&str> {
        match self {
            Principal::Everyone => vec!["*"],
            Principal::Typed(map) => map
                .iter()
                .flat_map(|(_, vs)| vs.iter().map(String::as_str))
                .collect(),
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} [{}]",
            self.operator,
            self.key,
            self.values.join(", ")
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Position in the policy (0-based), for explanations when there is no Sid.
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<Principal>,
    pub not_principal: Option<Principal>,
    pub actions: Actions,
    pub resources: Resources,
    pub conditions: Vec<Condition>,
    /// Policy variables (`${aws:username}`) are substituted: the policy's `Version` is
    /// `2012-10-17` (IAM User Guide, "IAM JSON policy elements: Version").
    pub variables: bool,
}

impl Statement {
    /// `Sid` if there is one, else `#<index>`.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => sid.clone(),
            _ => format!("#{}", self.index),
        }
    }

    /// Does this statement's Action/NotAction cover `action` (e.g. `s3:GetObject`)?
    /// Actions compare case-insensitively, as IAM does.
    pub fn matches_action(&self, action: &str) -> bool {
        match &self.actions {
            Actions::Action(patterns) => patterns.iter().any(|p| wildcard_match(p, action, true)),
            Actions::NotAction(patterns) => {
                !patterns.iter().any(|p| wildcard_match(p, action, true))
            }
            Actions::None => false,
        }
    }

    /// Does this statement's Resource/NotResource cover `resource` (an ARN)?
    pub fn matches_resource(&self, resource: &str) -> bool {
        match &self.resources {
            Resources::Resource(patterns) => {
                patterns.iter().any(|p| wildcard_match(p, resource, false))
            }
            Resources::NotResource(patterns) => {
                !patterns.iter().any(|p| wildcard_match(p, resource, false))
            }
            Resources::Unspecified => true,
        }
    }

    /// True when the statement applies to every resource (`Resource: "*"` or none given).
    pub fn covers_all_resources(&self) -> bool {
        match &self.resources {
            Resources::Resource(patterns) => patterns.iter().any(|p| p == "*"),
            Resources::NotResource(_) => false,
            Resources::Unspecified => true,
        }
    }

    /// Every string of the statement a reader would search for a marker, e.g. a role path.
    pub fn all_strings(&self) -> Vec<&str> {
        let mut out = Vec::new();
        match &self.resources {
            Resources::Resource(v) | Resources::NotResource(v) => {
                out.extend(v.iter().map(String::as_str))
            }
            Resources::Unspecified => {}
        }
        for p in [&self.principal, &self.not_principal].into_iter().flatten() {
            out.extend(p.values());
        }
        for c in &self.conditions {
            out.extend(c.values.iter().map(String::as_str));
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub statements: Vec<Statement>,
}

impl PolicyDocument {
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| PolicyError(format!("not valid JSON ({e})")))?;
        Self::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Self, PolicyError> {
        let obj = value
            .as_object()
            .ok_or_else(|| PolicyError("a policy must be a JSON object".into()))?;
        let version = match obj.get("Version") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(PolicyError(format!(
                    "`Version` must be a string, found {other}"
                )))
            }
        };
        let raw = obj
            .get("Statement")
            .ok_or_else(|| PolicyError("the policy has no `Statement`".into()))?;
        let raw_statements: Vec<&Value> = match raw {
            Value::Array(items) => items.iter().collect(),
            Value::Object(_) => vec![raw],
            other => {
                return Err(PolicyError(format!(
                    "`Statement` must be an object or a list of objects, found {}",
                    kind(other)
                )))
            }
        };
        let variables = version.as_deref() == Some("2012-10-17");
        let statements = raw_statements
            .into_iter()
            .enumerate()
            .map(|(i, s)| parse_statement(i, s, variables))
            .collect::<Result<_, _>>()?;
        Ok(PolicyDocument {
            version,
            statements,
        })
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn parse_statement(index: usize, v: &Value, variables: bool) -> Result<Statement, PolicyError> {
    let at = |msg: String| PolicyError(format!("statement #{index}: {msg}"));
    let obj = v
        .as_object()
        .ok_or_else(|| at(format!("must be an object, found {}", kind(v))))?;
    let sid = match obj.get("Sid") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => return Err(at(format!("`Sid` must be a string, found {}", kind(other)))),
    };
    let effect = match obj.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        Some(other) => {
            return Err(at(format!(
                "`Effect` must be \"Allow\" or \"Deny\", found {other:?}"
            )))
        }
        None => return Err(at("`Effect` is missing".into())),
    };
    let strings = |key: &str| -> Result<Option<Vec<String>>, PolicyError> {
        obj.get(key)
            .map(|v| string_list(v).map_err(|m| at(format!("`{key}` {m}"))))
            .transpose()
    };
    let actions = match (strings("Action")?, strings("NotAction")?) {
        (Some(_), Some(_)) => return Err(at("has both `Action` and `NotAction`".into())),
        (Some(a), None) => Actions::Action(a),
        (None, Some(n)) => Actions::NotAction(n),
        (None, None) => Actions::None,
    };
    let resources = match (strings("Resource")?, strings("NotResource")?) {
        (Some(_), Some(_)) => return Err(at("has both `Resource` and `NotResource`".into())),
        (Some(r), None) => Resources::Resource(r),
        (None, Some(n)) => Resources::NotResource(n),
        (None, None) => Resources::Unspecified,
    };
    let principal = obj
        .get("Principal")
        .map(|p| parse_principal(p).map_err(|m| at(format!("`Principal` {m}"))))
        .transpose()?;
    let not_principal = obj
        .get("NotPrincipal")
        .map(|p| parse_principal(p).map_err(|m| at(format!("`NotPrincipal` {m}"))))
        .transpose()?;
    let conditions = match obj.get("Condition") {
        None | Some(Value::Null) => Vec::new(),
        Some(c) => parse_conditions(c).map_err(|m| at(format!("`Condition` {m}")))?,
    };
    Ok(Statement {
        index,
        sid,
        effect,
        principal,
        not_principal,
        actions,
        resources,
        conditions,
        variables,
    })
}

/// A string or a list of strings; scalars (bool, number) are stringified as IAM does.
fn string_list(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::Array(items) => items.iter().map(scalar).collect(),
        other => Ok(vec![scalar(other)?]),
    }
}

fn scalar(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("must hold strings, found {}", kind(other))),
    }
}

/// Parse a `Principal`/`NotPrincipal` value on its own (for tests and tools).
pub fn parse_principal_value(v: &Value) -> Result<Principal, String> {
    parse_principal(v)
}

fn parse_principal(v: &Value) -> Result<Principal, String> {
    match v {
        Value::String(s) if s == "*" => Ok(Principal::Everyone),
        Value::String(s) => Err(format!(
            "must be \"*\" or an object, found the string {s:?}"
        )),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), string_list(v)?)))
            .collect::<Result<_, String>>()
            .map(Principal::Typed),
        other => Err(format!("must be \"*\" or an object, found {}", kind(other))),
    }
}

fn parse_conditions(v: &Value) -> Result<Vec<Condition>, String> {
    let ops = v
        .as_object()
        .ok_or_else(|| format!("must be an object, found {}", kind(v)))?;
    let mut out = Vec::new();
    for (op, keys) in ops {
        let keys = keys.as_object().ok_or_else(|| {
            format!(
                "operator {op} must map keys to values, found {}",
                kind(keys)
            )
        })?;
        for (key, values) in keys {
            let values = string_list(values).map_err(|m| format!("{op} {key} {m}"))?;
            out.push(
                Condition::new(op, key, values).ok_or_else(|| {
                    format!("uses {op:?}, which is not an IAM condition operator")
                })?,
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_statement_object_and_string_fields() {
        let doc = PolicyDocument::parse(
            r#"{"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}"#,
        )
        .unwrap();
        assert_eq!(doc.version, None);
        assert_eq!(doc.statements.len(), 1);
        assert_eq!(
            doc.statements[0].actions,
            Actions::Action(vec!["s3:*".into()])
        );
        assert!(doc.statements[0].covers_all_resources());
    }

    #[test]
    fn condition_values_are_stringified() {
        let doc = PolicyDocument::parse(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
               "Condition":{"Bool":{"aws:SecureTransport":false},"NumericLessThan":{"s3:TlsVersion":1.2}}}]}"#,
        )
        .unwrap();
        let c = &doc.statements[0].conditions;
        assert_eq!(c[0].values, ["false"]);
        assert_eq!(c[1].values, ["1.2"]);
    }

    #[test]
    fn errors_name_the_problem() {
        let cases = [
            ("{not json", "not valid JSON"),
            ("[]", "must be a JSON object"),
            (r#"{"Version":"2012-10-17"}"#, "no `Statement`"),
            (r#"{"Statement":"x"}"#, "found a string"),
            (
                r#"{"Statement":[{"Action":"*"}]}"#,
                "statement #0: `Effect` is missing",
            ),
            (r#"{"Statement":[{"Effect":"Permit"}]}"#, "\"Permit\""),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*"}]}"#,
                "both `Action` and `NotAction`",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Action":[{}]}]}"#,
                "`Action` must hold strings",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Principal":"me"}]}"#,
                "`Principal` must be",
            ),
            (
                r#"{"Statement":[{"Effect":"Allow","Condition":{"Bool":true}}]}"#,
                "operator Bool",
            ),
        ];
        for (text, needle) in cases {
            let err = PolicyDocument::parse(text).unwrap_err();
            assert!(err.0.contains(needle), "{text}: {err} lacks {needle}");
        }
    }

    #[test]
    fn principal_shapes() {
        let p = |s: &str| parse_principal(&serde_json::from_str(s).unwrap()).unwrap();
        assert!(p(r#""*""#).includes_everyone());
        assert!(p(r#"{"AWS":"*"}"#).includes_everyone());
        assert!(p(r#"{"AWS":["arn:aws:iam::1:root","*"]}"#).includes_everyone());
        assert!(!p(r#"{"AWS":"arn:aws:iam::1:root"}"#).includes_everyone());
        assert!(!p(r#"{"Service":"logging.s3.amazonaws.com"}"#).includes_everyone());
    }

    #[test]
    fn action_and_resource_matching() {
        let doc = PolicyDocument::parse(
            r#"{"Statement":[
                {"Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:s3:::logs/*"},
                {"Effect":"Allow","Action":"cloudtrail:Stop*","Resource":"arn:aws:cloudtrail:*:*:trail/org"}]}"#,
        )
        .unwrap();
        let (na, st) = (&doc.statements[0], &doc.statements[1]);
        assert!(na.matches_action("s3:GetObject"));
        assert!(!na.matches_action("IAM:CreateUser"));
        assert!(na.matches_resource("arn:aws:s3:::data/x"));
        assert!(!na.matches_resource("arn:aws:s3:::logs/x"));
        assert!(st.matches_action("cloudtrail:StopLogging"));
        assert!(!st.matches_action("cloudtrail:DeleteTrail"));
        assert!(!st.covers_all_resources());
        assert_eq!(st.label(), "#1");
    }
}
