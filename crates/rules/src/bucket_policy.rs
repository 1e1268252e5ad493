//! Bucket-policy analysis for S3.6 (public access) and S3.7 (TLS enforcement).
//!
//! Public: an `Allow` statement whose principal includes everyone (`"*"`, `{"AWS": "*"}`,
//! `{"AWS": ["*", …]}`, or any `NotPrincipal`), unless one of its conditions really restricts
//! who can use it: a positive condition on a source network, VPC, organization, account or ARN
//! with a concrete value. `NotIpAddress`, `aws:Referer`, `aws:SecureTransport` or a wildcard
//! value restrict nothing.
//!
//! TLS enforced: a `Deny` for everyone on every S3 action of both the bucket and its objects,
//! when `aws:SecureTransport` is false (`Bool` or `BoolIfExists`, string or boolean value).

use orgaudit_policy::{Condition, Effect, PolicyDocument, PolicyError, Statement};

/// Condition keys that, with a positive operator and a concrete value, limit who or where
/// from a request can come.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourceip",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "aws:username",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

/// Whether a condition really narrows the principals (the reason, if it does).
fn restricts(c: &Condition) -> Option<String> {
    let key = c.key.to_ascii_lowercase();
    if !RESTRICTING_KEYS.contains(&key.as_str()) {
        return None;
    }
    let op = c.base_operator();
    if op.contains("Not") || op == "Null" {
        return None;
    }
    let open = c.values.iter().any(|v| {
        let v = v.trim();
        v == "*" || v == "0.0.0.0/0" || v == "::/0" || v.is_empty()
    });
    if open || c.values.is_empty() {
        return None;
    }
    Some(format!("{} {} {}", c.operator, c.key, c.values.join(", ")))
}

/// One statement that grants to everyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicGrant {
    pub statement: String,
    pub actions: String,
    /// Conditions that restrict the grant; empty means the grant is public.
    pub restricted_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    pub grants: Vec<PublicGrant>,
    /// Statements that deny insecure transport, and whether they cover the bucket and objects.
    pub tls_bucket: bool,
    pub tls_objects: bool,
    pub tls_statements: Vec<String>,
}

impl Analysis {
    /// Statements that make the bucket public (grants to everyone without restriction).
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

fn everyone(s: &Statement) -> bool {
    s.not_principal.is_some()
        || s.principal
            .as_ref()
            .map(|p| p.includes_everyone())
            .unwrap_or(false)
}

fn describe_actions(s: &Statement) -> String {
    match &s.actions {
        orgaudit_policy::Actions::Action(a) => a.join(", "),
        orgaudit_policy::Actions::NotAction(a) => format!("everything but {}", a.join(", ")),
        orgaudit_policy::Actions::None => "nothing".into(),
    }
}

fn denies_insecure_transport(s: &Statement) -> bool {
    s.conditions.iter().any(|c| {
        matches!(c.base_operator(), "Bool")
            && !c.operator.contains(':')
            && c.key_is("aws:SecureTransport")
            && !c.values.is_empty()
            && c.values.iter().all(|v| v.eq_ignore_ascii_case("false"))
    }) && s
        .conditions
        .iter()
        .all(|c| c.key_is("aws:SecureTransport") || c.key_is("aws:PrincipalIsAWSService"))
}

/// Analyse a bucket policy for the bucket `arn` (`arn:aws:s3:::name`).
pub fn analyse(policy: &str, bucket_arn: &str) -> Result<Analysis, PolicyError> {
    let doc = PolicyDocument::parse(policy)?;
    let object_arn = format!("{bucket_arn}/orgaudit-probe-object");
    let mut a = Analysis {
        grants: Vec::new(),
        tls_bucket: false,
        tls_objects: false,
        tls_statements: Vec::new(),
    };
    for s in &doc.statements {
        match s.effect {
            Effect::Allow if everyone(s) => a.grants.push(PublicGrant {
                statement: s.label(),
                actions: describe_actions(s),
                restricted_by: s.conditions.iter().filter_map(restricts).collect(),
            }),
            Effect::Deny if everyone(s) && denies_insecure_transport(s) => {
                let all_s3 = [
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:ListBucket",
                    "s3:DeleteObject",
                ]
                .iter()
                .all(|act| s.matches_action(act));
                if !all_s3 {
                    continue;
                }
                let bucket = s.matches_resource(bucket_arn);
                let objects = s.matches_resource(&object_arn);
                if bucket || objects {
                    a.tls_statements.push(s.label());
                }
                a.tls_bucket |= bucket;
                a.tls_objects |= objects;
            }
            _ => {}
        }
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:s3:::demo";

    fn policy(statements: &str) -> String {
        format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
    }

    fn allow(principal: &str, condition: &str) -> String {
        let cond = if condition.is_empty() {
            String::new()
        } else {
            format!(r#","Condition":{condition}"#)
        };
        policy(&format!(
            r#"{{"Sid":"Grant","Effect":"Allow","Principal":{principal},"Action":"s3:GetObject","Resource":"arn:aws:s3:::demo/*"{cond}}}"#
        ))
    }

    fn tls(bool_op: &str, value: &str, resource: &str, action: &str) -> String {
        policy(&format!(
            r#"{{"Sid":"TLS","Effect":"Deny","Principal":"*","Action":{action},"Resource":{resource},"Condition":{{"{bool_op}":{{"aws:SecureTransport":{value}}}}}}}"#
        ))
    }

    #[derive(Debug, PartialEq)]
    enum Want {
        Public,
        Restricted,
        Private,
        Tls,
        NoTls,
        Invalid,
    }

    #[test]
    fn analyser_table() {
        use Want::*;
        let both = r#"["arn:aws:s3:::demo","arn:aws:s3:::demo/*"]"#;
        let cases: Vec<(&str, String, Want)> = vec![
            ("bare * principal", allow(r#""*""#, ""), Public),
            ("AWS * principal", allow(r#"{"AWS":"*"}"#, ""), Public),
            ("AWS [*] principal", allow(r#"{"AWS":["*"]}"#, ""), Public),
            ("AWS list holding *", allow(r#"{"AWS":["arn:aws:iam::111122223333:root","*"]}"#, ""), Public),
            ("one account", allow(r#"{"AWS":"arn:aws:iam::111122223333:root"}"#, ""), Private),
            ("service principal", allow(r#"{"Service":"logging.s3.amazonaws.com"}"#, ""), Private),
            ("source IP", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#), Restricted),
            ("source IP 0.0.0.0/0", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#), Public),
            ("NotIpAddress restricts nothing", allow(r#""*""#, r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.5/32"}}"#), Public),
            ("source VPC endpoint", allow(r#""*""#, r#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c"}}"#), Restricted),
            ("source VPC", allow(r#""*""#, r#"{"StringEquals":{"aws:SourceVpc":"vpc-111"}}"#), Restricted),
            ("organization id", allow(r#""*""#, r#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}"#), Restricted),
            ("organization id wildcard", allow(r#""*""#, r#"{"StringLike":{"aws:PrincipalOrgID":"*"}}"#), Public),
            ("source ARN (CloudFront OAC)", allow(r#"{"Service":"cloudfront.amazonaws.com"}"#, r#"{"StringEquals":{"aws:SourceArn":"arn:aws:cloudfront::1:distribution/E1"}}"#), Private),
            ("everyone with source ARN", allow(r#""*""#, r#"{"ArnLike":{"aws:SourceArn":"arn:aws:cloudfront::1:distribution/E1"}}"#), Restricted),
            ("source account", allow(r#""*""#, r#"{"StringEquals":{"aws:SourceAccount":"111122223333"}}"#), Restricted),
            ("referer restricts nothing", allow(r#""*""#, r#"{"StringLike":{"aws:Referer":"https://example.com/*"}}"#), Public),
            ("secure transport restricts nothing", allow(r#""*""#, r#"{"Bool":{"aws:SecureTransport":"true"}}"#), Public),
            ("key is case-insensitive", allow(r#""*""#, r#"{"IpAddress":{"AWS:SOURCEIP":"198.51.100.0/24"}}"#), Restricted),
            ("IfExists still restricts", allow(r#""*""#, r#"{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}"#), Restricted),
            ("NotPrincipal allow is public",
                policy(r#"{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::demo/*"}"#), Public),
            ("deny for everyone is not a grant",
                policy(r#"{"Effect":"Deny","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::demo"}"#), Private),
            ("single statement object",
                r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::demo/*"}}"#.to_string(), Public),
            ("TLS deny, Bool string false, both ARNs", tls("Bool", r#""false""#, both, r#""s3:*""#), Tls),
            ("TLS deny, Bool boolean false", tls("Bool", "false", both, r#""s3:*""#), Tls),
            ("TLS deny, BoolIfExists", tls("BoolIfExists", r#""false""#, both, r#""s3:*""#), Tls),
            ("TLS deny, wildcard resource", tls("Bool", r#""false""#, r#""arn:aws:s3:::demo*""#, r#""*""#), Tls),
            ("TLS deny, objects only", tls("Bool", r#""false""#, r#""arn:aws:s3:::demo/*""#, r#""s3:*""#), NoTls),
            ("TLS deny, bucket only", tls("Bool", r#""false""#, r#""arn:aws:s3:::demo""#, r#""s3:*""#), NoTls),
            ("TLS deny, GetObject only", tls("Bool", r#""false""#, both, r#""s3:GetObject""#), NoTls),
            ("TLS deny on true is no enforcement", tls("Bool", r#""true""#, both, r#""s3:*""#), NoTls),
            ("TLS deny for another bucket", tls("Bool", r#""false""#, r#"["arn:aws:s3:::other","arn:aws:s3:::other/*"]"#, r#""s3:*""#), NoTls),
            ("no policy statements", policy(""), NoTls),
            ("malformed JSON", "{\"Statement\": [".to_string(), Invalid),
            ("statement without Effect", policy(r#"{"Principal":"*","Action":"s3:*"}"#), Invalid),
        ];
        assert!(cases.len() >= 25);
        let mut failures = Vec::new();
        for (name, text, want) in cases {
            let got = match analyse(&text, ARN) {
                Err(_) => Invalid,
                Ok(a) => match want {
                    Tls | NoTls => {
                        if a.tls_enforced() {
                            Tls
                        } else {
                            NoTls
                        }
                    }
                    _ if a.is_public() => Public,
                    _ if !a.grants.is_empty() => Restricted,
                    _ => Private,
                },
            };
            if got != want {
                failures.push(format!("{name}: wanted {want:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn restricted_grant_says_how() {
        let a = analyse(
            &allow(
                r#""*""#,
                r#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#,
            ),
            ARN,
        )
        .unwrap();
        assert_eq!(
            a.grants[0].restricted_by,
            ["IpAddress aws:SourceIp 203.0.113.0/24"]
        );
        assert_eq!(a.grants[0].statement, "Grant");
    }
}
