//! Table-driven cases of the permission classifier, each named after what it checks.

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
        managed: Attached::managed_names(managed),
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
    let reads = doc(r#"{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"}"#);
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
    let read_only = Boundary::Managed(Managed {
        name_or_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        document: None,
    });
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
            run(
                &[],
                &[&star],
                Some(Boundary::Managed(Managed {
                    name_or_arn: "PowerUserAccess",
                    document: None,
                })),
            ),
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
                Some(Boundary::Managed(Managed {
                    name_or_arn: "AdministratorAccess",
                    document: None,
                })),
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
        // An AWS managed policy whose document was not read never "grants nothing":
        // AmazonEC2FullAccess holds ec2:*, AWSLambda_FullAccess iam:PassRole to Lambda.
        (
            "unread AWS managed policy is unknown",
            run(&["AmazonEC2FullAccess"], &[], None),
        ),
        (
            "unread AWS managed policy by ARN is unknown",
            run(
                &["arn:aws:iam::aws:policy/AWSLambda_FullAccess"],
                &[&reads],
                None,
            ),
        ),
        (
            "unread AWS managed boundary is unknown, not a cap",
            run(
                &[],
                &[&star],
                Some(Boundary::Managed(Managed {
                    name_or_arn: "AmazonS3ReadOnlyAccess",
                    document: None,
                })),
            ),
        ),
        (
            "SecurityAudit reads only",
            run(&["SecurityAudit"], &[], None),
        ),
        (
            "a policy known by name under a boundary is unknown",
            run(
                &["arn:aws:iam::aws:policy/job-function/SystemAdministrator"],
                &[],
                Some(Boundary::Document("b".into(), Ok(&s3_all))),
            ),
        ),
    ];
    let want = [
        W::Admin,
        W::Admin,
        W::Privileged,
        // PRACTICES.md: "`IAMFullAccess` is admin-equivalent" (iam:* on *).
        W::Admin,
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
        W::Unknown,
        W::Unknown,
        W::Unknown,
        W::Ordinary,
        W::Unknown,
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
    assert!(
        c.reasons
            .iter()
            .any(|r| r.contains("inline statement Break allows")),
        "{:?}",
        c.reasons
    );
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

/// IAM User Guide, "Policy evaluation logic": an explicit Deny overrides any Allow; with
/// "Permissions boundaries for IAM entities": both must allow. Each case names the reading.
#[test]
fn denies_not_resource_escalation_and_time() {
    let cases: &[(&str, &str, W)] = &[
        (
            "Allow * with Deny iam:* is not admin-equivalent (no IAM write left): privileged",
            r#"{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}"#,
            W::Privileged,
        ),
        (
            "Allow * with Deny * leaves nothing",
            r#"{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}"#,
            W::Ordinary,
        ),
        (
            "Allow * with Deny s3:* keeps IAM write: admin-equivalent",
            r#"{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#,
            W::Admin,
        ),
        (
            "Allow * NotResource one bucket reaches every other resource",
            r#"{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::secret/*"}"#,
            W::Admin,
        ),
        (
            "iam:PutRolePolicy on every role escalates",
            r#"{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::*:role/*"}"#,
            W::Admin,
        ),
        (
            "iam:PutRolePolicy on some roles still escalates (others' roles)",
            r#"{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::*:role/app-*"}"#,
            W::Admin,
        ),
        (
            "PassRole with RunInstances in one other region escalates",
            r#"{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"arn:aws:ec2:eu-west-1:*:instance/*"}"#,
            W::Admin,
        ),
        (
            "iam:CreateUser + iam:AttachUserPolicy escalates",
            r#"{"Effect":"Allow","Action":["iam:CreateUser","iam:AttachUserPolicy"],"Resource":"*"}"#,
            W::Admin,
        ),
        (
            "iam:UpdateAssumeRolePolicy + sts:AssumeRole escalates",
            r#"{"Effect":"Allow","Action":["iam:UpdateAssumeRolePolicy","sts:AssumeRole"],"Resource":"*"}"#,
            W::Admin,
        ),
        (
            "iam:UpdateAssumeRolePolicy alone does not (the role cannot be assumed)",
            r#"{"Effect":"Allow","Action":["iam:UpdateAssumeRolePolicy"],"Resource":"*"}"#,
            W::Ordinary,
        ),
        (
            "iam:CreateAccessKey on others escalates",
            r#"{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::*:user/*"}"#,
            W::Admin,
        ),
        (
            "iam:CreateAccessKey on one's own user only does not",
            r#"{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::*:user/${aws:username}"}"#,
            W::Ordinary,
        ),
        (
            "iam:PassRole with ec2:RunInstances escalates",
            r#"{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}"#,
            W::Admin,
        ),
        (
            "iam:PassRole only to a service that runs no code does not",
            r#"{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"cloudwatch.amazonaws.com"}}}"#,
            W::Ordinary,
        ),
        (
            "NotAction excluding every IAM write but PassRole with lambda escalates",
            r#"{"Effect":"Allow","NotAction":["iam:Create*","iam:Put*","iam:Attach*","iam:Update*","iam:Add*","iam:Delete*","iam:Set*"],"Resource":"*"}"#,
            W::Admin,
        ),
        (
            "DateLessThan in epoch seconds, in the future",
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"1800000000"}}}"#,
            W::AdminUntil,
        ),
        (
            "DateLessThan with an offset, past",
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2026-11-22T20:00:00+09:00"}}}"#,
            W::AdminExpired,
        ),
        (
            "only from a future date is admin-equivalent, not expired",
            r#"{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2027-01-01"}}}"#,
            W::Admin,
        ),
        (
            "a Deny unless MFA leaves admin with a mitigation",
            r#"{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}"#,
            W::Admin,
        ),
    ];
    let failures: Vec<String> = cases
        .iter()
        .map(|(name, stmts, want)| (name, run(&[], &[&doc(stmts)], None), want))
        .filter(|(_, got, want)| got != *want)
        .map(|(name, got, want)| format!("{name}: wanted {want:?}, got {got:?}"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// PRACTICES.md SSO.3: service-wide wildcards are reported whatever the class, NotAction
/// included.
#[test]
fn wildcards_are_listed_whatever_the_class() {
    let c = classify(
        &Attached {
            managed: Attached::managed_names(&["AdministratorAccess"]),
            ..Default::default()
        },
        NOW,
    )
    .unwrap();
    assert_eq!(c.class, Class::AdminEquivalent);
    assert!(c.wildcard_services.contains(&"*".to_string()), "{c:?}");
    let not_iam = doc(r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#);
    let c = classify(
        &Attached {
            documents: vec![("p".into(), Ok(&not_iam))],
            ..Default::default()
        },
        NOW,
    )
    .unwrap();
    assert!(c.wildcard_services.contains(&"s3".to_string()), "{c:?}");
    assert!(c.wildcard_services.contains(&"kms".to_string()), "{c:?}");
    assert!(!c.wildcard_services.contains(&"iam".to_string()), "{c:?}");
}
