//! ORG.10 against the data perimeter policies of the AWS guidance and their near misses.

use super::*;
use crate::org::testorg::{self, with_rcps, PERIMETER};

fn by<'a>(fs: &'a [Finding], name: &str) -> &'a Finding {
    fs.iter()
        .find(|f| f.resource_name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no finding for {name}"))
}

/// "RCP evaluation": an RCP attached to an OU governs its accounts; the management account's
/// resources are never governed, so it gets no finding.
#[test]
fn perimeter_at_an_ou_covers_its_accounts_only() {
    let s = with_rcps(
        testorg::snapshot(),
        &[("perimeter", PERIMETER, &["ou-work"])],
    );
    let fs = Org10.evaluate(&Context::new(&s));
    assert_eq!(
        by(&fs, "prod").status,
        Status::Pass,
        "{:?}",
        by(&fs, "prod")
    );
    assert!(
        by(&fs, "prod").observed.contains("perimeter"),
        "{}",
        by(&fs, "prod").observed
    );
    let sandbox = by(&fs, "sandbox");
    assert_eq!(sandbox.status, Status::Fail);
    assert!(sandbox.observed.contains("allowed"), "{}", sandbox.observed);
    assert!(fs
        .iter()
        .all(|f| f.account_id.as_deref() != Some(testorg::MGMT)));
}

#[test]
fn rcp_type_not_enabled_fails() {
    let s = testorg::snapshot();
    let fs = Org10.evaluate(&Context::new(&s));
    assert_eq!(by(&fs, "prod").status, Status::Fail);
    assert!(
        by(&fs, "prod").observed.contains("not enabled"),
        "{}",
        by(&fs, "prod").observed
    );
}

/// Without `…IfExists`, an anonymous request (no aws:PrincipalOrgID, no
/// aws:PrincipalIsAWSService) is not denied: the identity perimeter has a gap.
#[test]
fn perimeter_without_if_exists_lets_anonymous_callers_through() {
    let leaky = r#"{"Version":"2012-10-17","Statement":[
      {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}},
      {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
       "Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-test"},"Bool":{"aws:PrincipalIsAWSService":"false"}}}]}"#;
    let s = with_rcps(testorg::snapshot(), &[("leaky", leaky, &["r-root"])]);
    let prod = Org10.evaluate(&Context::new(&s));
    let prod = by(&prod, "prod");
    assert_eq!(prod.status, Status::Fail);
    assert!(prod.observed.contains("anonymous"), "{}", prod.observed);
}

/// A TLS statement on objects only leaves bucket-level requests (ListBucket) open.
#[test]
fn tls_on_objects_only_is_a_gap() {
    let objects = r#"{"Version":"2012-10-17","Statement":[
      {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::*/*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}},
      {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
       "Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-test"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}"#;
    let s = with_rcps(testorg::snapshot(), &[("objects", objects, &["r-root"])]);
    let fs = Org10.evaluate(&Context::new(&s));
    let prod = by(&fs, "prod");
    assert_eq!(prod.status, Status::Fail);
    assert!(
        prod.observed.contains("ListBucket") || prod.observed.contains("OrgauditProbe"),
        "{}",
        prod.observed
    );
}

/// The RCPs could not be listed: unknown, never a pass.
#[test]
fn unreadable_rcps_are_unknown() {
    let mut s = with_rcps(
        testorg::snapshot(),
        &[("perimeter", PERIMETER, &["r-root"])],
    );
    s.organization.rcps = orgaudit_model::Fetched::Error(testorg::denied("ListPolicies"));
    let fs = Org10.evaluate(&Context::new(&s));
    assert_eq!(by(&fs, "prod").status, Status::Unknown);
}

crate::findings_snapshot!(Org10, crate::org::testorg::snapshot());
