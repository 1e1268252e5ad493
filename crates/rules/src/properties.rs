//! Property tests (proptest, run in CI): what must hold for any input, not just the tables.
//!
//! - the policy parser and every evaluator built on it never panic, whatever the text;
//! - adding a Deny never grants: an SCP-blocked action stays blocked, a private bucket policy
//!   stays private, a permission set's class never rises;
//! - a narrower condition never makes a grant more public (S3 User Guide, "The meaning of
//!   public": conditions only confine);
//! - adding a selector never reduces a trail's data-event coverage;
//! - an `unknown` input never yields `pass`: a bucket setting that could not be read never
//!   lets the practices that need it pass.

use crate::data_events::{selector_level, Direction, Level, Target};
use crate::permissions::{classify, Attached};
use crate::{bucket_policy, Context};
use orgaudit_model::cloudtrail::{
    AdvancedSelector, DataResource, EventSelector, FieldSelector, Selectors,
};
use orgaudit_model::{Fetched, Policy, Status};
use proptest::prelude::*;
use serde_json::{json, Value};

const ACTIONS: &[&str] = &[
    "*",
    "s3:*",
    "s3:GetObject",
    "s3:Put*",
    "iam:*",
    "iam:CreateUser",
    "organizations:LeaveOrganization",
    "cloudtrail:StopLogging",
    "cloudtrail:*",
    "ec2:RunInstances",
    "kms:*",
];

fn action_list() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(ACTIONS), 1..4)
}

fn condition() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(
            json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}})
        )),
        Just(Some(
            json!({"StringNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}})
        )),
        Just(Some(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))),
        Just(Some(json!({"Bool": {"aws:SecureTransport": "false"}}))),
        Just(Some(
            json!({"StringEquals": {"aws:PrincipalOrgID": "o-abc"}})
        )),
    ]
}

/// A statement of the IAM policy language with the given effect.
fn statement(effect: &'static str) -> impl Strategy<Value = Value> {
    (
        action_list(),
        any::<bool>(),
        prop::sample::select(vec!["*", "arn:aws:s3:::demo", "arn:aws:s3:::demo/*"]),
        condition(),
        prop_oneof![
            Just(None),
            Just(Some(json!("*"))),
            Just(Some(json!({"AWS": "*"}))),
            Just(Some(json!({"AWS": "arn:aws:iam::111111111111:root"})))
        ],
    )
        .prop_map(move |(actions, not_action, resource, cond, principal)| {
            let mut s = json!({"Effect": effect, "Resource": resource});
            s[if not_action { "NotAction" } else { "Action" }] = json!(actions);
            if let Some(c) = cond {
                s["Condition"] = c;
            }
            if let Some(p) = principal {
                s["Principal"] = p;
            }
            s
        })
}

fn document(statements: Vec<Value>) -> String {
    json!({"Version": "2012-10-17", "Statement": statements}).to_string()
}

fn any_statement() -> impl Strategy<Value = Value> {
    prop_oneof![statement("Allow"), statement("Deny")]
}

/// Arbitrary JSON, to push the parser off the beaten track.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[A-Za-z:*?/\\-]{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "Effect",
            "Allow",
            "Deny",
            "Action",
            "*",
            "Statement",
            "Condition"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "Version",
                        "Statement",
                        "Sid",
                        "Effect",
                        "Action",
                        "NotAction",
                        "Resource",
                        "NotResource",
                        "Principal",
                        "NotPrincipal",
                        "Condition",
                        "AWS",
                        "Bool",
                        "StringEquals",
                        "aws:SourceIp",
                    ]),
                    inner
                ),
                0..5
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn rank(l: &Level) -> u8 {
    match l {
        Level::None => 0,
        Level::Partial(_) => 1,
        Level::Full => 2,
    }
}

fn basic_selector() -> impl Strategy<Value = EventSelector> {
    (
        prop::sample::select(vec!["All", "ReadOnly", "WriteOnly"]),
        any::<bool>(),
        prop::collection::vec(
            (
                prop::sample::select(vec!["AWS::S3::Object", "AWS::Lambda::Function"]),
                prop::collection::vec(
                    prop::sample::select(vec![
                        "arn:aws:s3",
                        "arn:aws:s3:::demo/",
                        "arn:aws:s3:::demo/logs/",
                        "arn:aws:s3:::other/",
                        "arn:aws:lambda",
                    ]),
                    1..3,
                ),
            ),
            0..3,
        ),
    )
        .prop_map(|(rw, mgmt, resources)| EventSelector {
            read_write_type: rw.into(),
            include_management_events: mgmt,
            exclude_management_event_sources: vec![],
            data_resources: resources
                .into_iter()
                .map(|(t, values)| DataResource {
                    resource_type: t.into(),
                    values: values.into_iter().map(String::from).collect(),
                })
                .collect(),
        })
}

fn field_selector() -> impl Strategy<Value = FieldSelector> {
    let values = || {
        prop::collection::vec(
            prop::sample::select(vec![
                "Data",
                "Management",
                "AWS::S3::Object",
                "true",
                "false",
                "arn:aws:s3:::demo/",
                "arn:aws:s3:::demo/tmp/",
                "arn:aws:s3:::other/",
                "GetObject",
                "PutObject",
                "s3.amazonaws.com",
            ]),
            0..3,
        )
        .prop_map(|v| v.into_iter().map(String::from).collect::<Vec<String>>())
    };
    (
        prop::sample::select(vec![
            "eventCategory",
            "resources.type",
            "readOnly",
            "resources.ARN",
            "eventName",
            "eventSource",
        ]),
        prop::sample::select(vec![0usize, 1, 2, 3, 4, 5]),
        values(),
    )
        .prop_map(|(field, op, v)| {
            let mut f = FieldSelector {
                field: field.into(),
                ..Default::default()
            };
            match op {
                0 => f.equals = v,
                1 => f.starts_with = v,
                2 => f.ends_with = v,
                3 => f.not_equals = v,
                4 => f.not_starts_with = v,
                _ => f.not_ends_with = v,
            }
            f
        })
}

fn advanced_selector() -> impl Strategy<Value = AdvancedSelector> {
    prop::collection::vec(field_selector(), 0..4)
        .prop_map(|fields| AdvancedSelector { name: None, fields })
}

/// Selectors are either basic or advanced, as CloudTrail allows.
fn selectors() -> impl Strategy<Value = Selectors> {
    prop_oneof![
        prop::collection::vec(basic_selector(), 0..4).prop_map(|basic| Selectors {
            basic,
            advanced: vec![]
        }),
        prop::collection::vec(advanced_selector(), 0..4).prop_map(|advanced| Selectors {
            basic: vec![],
            advanced
        }),
    ]
}

fn scp(id: &str, text: String, target: &str) -> Policy {
    Policy {
        id: id.into(),
        arn: format!(
            "arn:aws:organizations::000000000000:policy/o-test/service_control_policy/{id}"
        ),
        name: id.into(),
        description: None,
        aws_managed: false,
        content: Fetched::Ok(text),
        targets: Fetched::Ok(vec![target.into()]),
    }
}

const TARGETS: &[&str] = &[
    "r-root",
    "ou-work",
    "ou-sand",
    "111111111111",
    "222222222222",
];
const ACCOUNTS: &[&str] = &["111111111111", "222222222222"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsers_and_evaluators_never_panic(text in ".{0,200}", value in arbitrary_json()) {
        for t in [text.clone(), value.to_string()] {
            let _ = orgaudit_policy::PolicyDocument::parse(&t);
            let _ = bucket_policy::analyse(&t, "arn:aws:s3:::demo");
            let attached = Attached { documents: vec![("inline".into(), Ok(t.as_str()))], ..Default::default() };
            let _ = classify(&attached, time::OffsetDateTime::UNIX_EPOCH);
            let mut s = crate::org::testorg::snapshot();
            if let Fetched::Ok(ps) = &mut s.organization.policies {
                ps.push(scp("p-random", t.clone(), "ou-work"));
            }
            let model = crate::scp::ScpModel::new(&s.organization);
            for a in ACTIONS {
                let _ = model.explain("111111111111", a);
            }
        }
    }

    #[test]
    fn adding_an_scp_deny_never_grants(
        allow in prop::collection::vec(any_statement(), 1..4),
        allow_at in prop::sample::select(TARGETS),
        deny in prop::collection::vec(statement("Deny"), 1..3),
        deny_at in prop::sample::select(TARGETS),
    ) {
        let mut before = crate::org::testorg::snapshot();
        if let Fetched::Ok(ps) = &mut before.organization.policies {
            ps.push(scp("p-mixed", document(allow), allow_at));
        }
        let mut after = before.clone();
        if let Fetched::Ok(ps) = &mut after.organization.policies {
            ps.push(scp("p-deny", document(deny), deny_at));
        }
        let (m1, m2) = (crate::scp::ScpModel::new(&before.organization), crate::scp::ScpModel::new(&after.organization));
        for account in ACCOUNTS {
            for action in ACTIONS {
                let v1 = m1.explain(account, action).verdict;
                let v2 = m2.explain(account, action).verdict;
                prop_assert!(!v1.is_blocked() || v2.is_blocked(), "{account} {action}: {v1} became {v2}");
            }
        }
    }

    #[test]
    fn adding_a_deny_never_makes_a_bucket_public(
        statements in prop::collection::vec(any_statement(), 0..4),
        deny in statement("Deny"),
    ) {
        let before = bucket_policy::analyse(&document(statements.clone()), "arn:aws:s3:::demo");
        let mut more = statements;
        more.push(deny);
        let after = bucket_policy::analyse(&document(more), "arn:aws:s3:::demo");
        if let (Ok(b), Ok(a)) = (before, after) {
            prop_assert!(b.is_public() || !a.is_public());
            prop_assert!(!b.tls_enforced() || a.tls_enforced(), "a Deny never removes TLS enforcement");
        }
    }

    #[test]
    fn a_narrower_condition_never_makes_a_grant_more_public(
        statements in prop::collection::vec(any_statement(), 1..4),
        pick in any::<prop::sample::Index>(),
        extra in prop::sample::select(vec![
            ("IpAddress", "aws:SourceIp", json!("203.0.113.0/24")),
            ("StringEquals", "aws:SourceVpce", json!("vpce-1a2b3c")),
            ("StringLike", "aws:SourceVpc", json!("vpc-*")),
            ("StringNotEquals", "aws:PrincipalOrgID", json!("o-abc")),
            ("StringEqualsIfExists", "aws:PrincipalOrgID", json!("o-abc")),
            ("Bool", "aws:SecureTransport", json!("true")),
            ("IpAddress", "aws:SourceIp", json!("0.0.0.0/1")),
        ]),
    ) {
        let before = bucket_policy::analyse(&document(statements.clone()), "arn:aws:s3:::demo");
        let mut narrowed = statements;
        let i = pick.index(narrowed.len());
        let (op, key, value) = extra;
        if let Some(obj) = narrowed[i].as_object_mut() {
            let cond = obj.entry("Condition").or_insert_with(|| json!({}));
            if let Some(c) = cond.as_object_mut() {
                let entry = c.entry(op).or_insert_with(|| json!({}));
                if let Some(e) = entry.as_object_mut() {
                    e.entry(key).or_insert(value);
                }
            }
        }
        let after = bucket_policy::analyse(&document(narrowed), "arn:aws:s3:::demo");
        if let (Ok(b), Ok(a)) = (before, after) {
            prop_assert!(b.is_public() || !a.is_public(), "an added condition made the policy public");
        }
    }

    #[test]
    fn adding_a_deny_never_raises_a_permission_class(
        statements in prop::collection::vec(statement("Allow"), 1..4),
        deny in statement("Deny"),
    ) {
        let now = time::OffsetDateTime::UNIX_EPOCH;
        let before_text = document(statements.clone());
        let mut more = statements;
        more.push(deny);
        let after_text = document(more);
        let class = |t: &str| classify(&Attached { documents: vec![("inline".into(), Ok(t))], ..Default::default() }, now);
        if let (Ok(b), Ok(a)) = (class(&before_text), class(&after_text)) {
            prop_assert!(a.class <= b.class, "{} became {}", b.class, a.class);
        }
    }

    #[test]
    fn adding_a_selector_never_reduces_coverage(
        base in selectors(),
        extra_basic in basic_selector(),
        extra_advanced in advanced_selector(),
        bucket in prop::sample::select(vec!["demo", "other", "third"]),
        read in any::<bool>(),
    ) {
        let dir = if read { Direction::Read } else { Direction::Write };
        let target = Target::S3Objects { bucket };
        let before = selector_level(&base, target, dir);
        let mut more = base.clone();
        if more.advanced.is_empty() {
            more.basic.push(extra_basic);
        } else {
            more.advanced.push(extra_advanced);
        }
        let after = selector_level(&more, target, dir);
        prop_assert!(rank(&after) >= rank(&before), "{before} became {after} with {more:?}");
        let lambda_before = selector_level(&base, Target::Lambda, dir);
        let lambda_after = selector_level(&more, Target::Lambda, dir);
        prop_assert!(rank(&lambda_after) >= rank(&lambda_before));
    }

    /// Every rule, for every bucket setting it declares it reads (`RuleMeta::reads`), never
    /// passes on a bucket whose setting could not be read.
    #[test]
    fn an_unreadable_setting_never_passes(mask in prop::collection::vec(any::<bool>(), crate::Reads::BUCKET.len())) {
        use crate::s3::testdata::{good, make_unreadable, snapshot};
        let mut b = good("probe");
        let unreadable: Vec<crate::Reads> = crate::Reads::BUCKET
            .iter()
            .zip(&mask)
            .filter(|(_, on)| **on)
            .map(|(r, _)| *r)
            .collect();
        for r in &unreadable {
            make_unreadable(&mut b, *r);
        }
        let s = snapshot(vec![b]);
        let ctx = Context::new(&s);
        for rule in crate::registered() {
            if !rule.meta().reads.iter().any(|r| unreadable.contains(r)) {
                continue;
            }
            for f in rule.evaluate(&ctx).iter().filter(|f| f.resource_name.as_deref() == Some("probe")) {
                prop_assert_ne!(f.status, Status::Pass, "{} passed with unreadable {:?}: {:?}", rule.meta().id, unreadable, f);
            }
        }
    }
}

/// When the organization's accounts could not be listed, every rule over accounts, buckets or
/// trails says so with an `unknown` finding instead of falling silent.
#[test]
fn an_unlisted_organization_is_unknown_for_every_per_account_rule() {
    use crate::Reads;
    let mut s = crate::cloudtrail::testdata::snapshot();
    s.organization.accounts = Fetched::Error(orgaudit_model::CollectionError {
        account_id: Some("000000000000".into()),
        region: None,
        service: "Organizations".into(),
        operation: "ListAccounts".into(),
        code: "AccessDeniedException".into(),
        message: "denied".into(),
        subject: None,
    });
    // What a collection that could not list accounts holds: no account was entered.
    s.account_access.clear();
    s.s3.clear();
    s.cloudtrail.clear();
    let ctx = Context::new(&s);
    for rule in crate::registered() {
        let reads = rule.meta().reads;
        let per_account = reads.iter().any(|r| {
            matches!(r, Reads::AccountAccess | Reads::Trails) || Reads::BUCKET.contains(r)
        });
        if !per_account {
            continue;
        }
        let fs = rule.evaluate(&ctx);
        assert!(
            fs.iter().any(|f| f.status == Status::Unknown),
            "{} says nothing unknown without the account list: {fs:?}",
            rule.meta().id
        );
        assert!(
            fs.iter().all(|f| f.status != Status::Pass),
            "{} passes without the account list: {fs:?}",
            rule.meta().id
        );
    }
}
