//! Table-driven cases of the bucket-policy analyser, each named after the rule it checks
//! (S3 User Guide, "The meaning of 'public'"; TLS: "Enforce encryption of data in transit").

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
        ("IfExists confines nothing: an anonymous request lacks the key", allow(r#""*""#, r#"{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"}}"#), Public),
        ("StringLike with a wildcard value is not fixed", allow(r#""*""#, r#"{"StringLike":{"aws:SourceVpc":"vpc-*"}}"#), Public),
        ("StringEquals with a fixed VPC (AWS's own example)", allow(r#""*""#, r#"{"StringEquals":{"aws:SourceVpc":"vpc-91237329"}}"#), Restricted),
        ("ArnLike with ? is not fixed", allow(r#""*""#, r#"{"ArnLike":{"aws:SourceArn":"arn:aws:cloudfront::1:distribution/E?"}}"#), Public),
        ("policy variable is not a fixed value", allow(r#""*""#, r#"{"StringEquals":{"aws:PrincipalAccount":"${aws:ResourceAccount}"}}"#), Public),
        ("negated operator confines nothing", allow(r#""*""#, r#"{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}"#), Public),
        ("unknown key confines nothing", allow(r#""*""#, r#"{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}"#), Public),
        ("ForAllValues confines nothing (true when absent)", allow(r#""*""#, r#"{"ForAllValues:StringEquals":{"aws:PrincipalOrgPaths":"o-a/r-b/"}}"#), Public),
        ("ForAnyValue with a fixed value confines", allow(r#""*""#, r#"{"ForAnyValue:StringEquals":{"aws:PrincipalOrgPaths":"o-a/r-b/"}}"#), Restricted),
        ("principal account pinned", allow(r#""*""#, r#"{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}"#), Restricted),
        ("IPv4 /8 is not broader than /8", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":"11.0.0.0/8"}}"#), Restricted),
        ("IPv4 /7 is broader than /8", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":"12.0.0.0/7"}}"#), Public),
        ("two /9 ranges together make a /8", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":["11.0.0.0/9","12.0.0.0/9"]}}"#), Restricted),
        ("three /9 ranges together exceed a /8", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":["11.0.0.0/9","12.0.0.0/9","13.0.0.0/9"]}}"#), Public),
        ("RFC 1918 ranges are not counted", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","172.16.0.0/12","11.0.0.0/8"]}}"#), Restricted),
        ("IPv6 /32 confines", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":"2001:db8::/32"}}"#), Restricted),
        ("IPv6 /31 is broader than /32", allow(r#""*""#, r#"{"IpAddress":{"aws:SourceIp":"2001:db8::/31"}}"#), Public),
        ("IpAddressIfExists confines nothing", allow(r#""*""#, r#"{"IpAddressIfExists":{"aws:SourceIp":"203.0.113.0/24"}}"#), Public),
        ("access point ARN with a wildcard name and a fixed account (bucket policy)", allow(r#"{"AWS":"*"}"#, r#"{"ArnLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:123456789012:accesspoint/*"}}"#), Restricted),
        ("access point ARN with a wildcard account", allow(r#"{"AWS":"*"}"#, r#"{"ArnLike":{"s3:DataAccessPointArn":"arn:aws:s3:us-west-2:*:accesspoint/*"}}"#), Public),
        ("delegation to access points of one account", allow(r#"{"AWS":"*"}"#, r#"{"StringEquals":{"s3:DataAccessPointAccount":"123456789012"}}"#), Restricted),
        ("web identity federated principal is public (AWS's example)", allow(r#"{"Federated":"graph.facebook.com"}"#, ""), Public),
        ("SAML provider federated principal is not", allow(r#"{"Federated":"arn:aws:iam::111122223333:saml-provider/corp"}"#, ""), Private),
        ("wildcard in an account principal is everyone", allow(r#"{"AWS":"arn:aws:iam::*:root"}"#, ""), Public),
        ("CanonicalUser * is everyone", allow(r#"{"CanonicalUser":"*"}"#, ""), Public),
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
        ("TLS deny with Action * covers every S3 action", tls("Bool", r#""false""#, both, r#""*""#), Tls),
        ("TLS deny on s3:Get* only leaves writes open", tls("Bool", r#""false""#, both, r#""s3:Get*""#), NoTls),
        ("TLS deny sparing the owner's account is not enforcement",
            policy(r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::demo","arn:aws:s3:::demo/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"},"StringNotEquals":{"aws:PrincipalAccount":"111111111111"}}}"#), NoTls),
        ("TLS deny with NotPrincipal spares someone",
            policy(r#"{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::999999999999:role/orgaudit-probe"},"Action":"s3:*","Resource":["arn:aws:s3:::demo","arn:aws:s3:::demo/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#), NoTls),
        ("TLS deny to AWS * principal", policy(r#"{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":["arn:aws:s3:::demo","arn:aws:s3:::demo/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}"#), Tls),
        ("TLS deny by s3:TlsVersion alone does not deny plain HTTP", policy(r#"{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::demo","arn:aws:s3:::demo/*"],"Condition":{"NumericLessThan":{"s3:TlsVersion":"1.2"}}}"#), NoTls),
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
