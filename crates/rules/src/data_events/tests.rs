//! Table-driven tests of the data-event coverage engine.

use super::*;
use orgaudit_model::cloudtrail::*;
use orgaudit_model::Fetched;

const B: &str = "logs";
const MGMT: &str = "000000000000";
const ACCT: &str = "111111111111";

fn basic_sel(rw: &str, ty: &str, values: &[&str]) -> EventSelector {
    EventSelector {
        read_write_type: rw.into(),
        include_management_events: true,
        exclude_management_event_sources: vec![],
        data_resources: vec![DataResource {
            resource_type: ty.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }],
    }
}

fn field(name: &str) -> FieldSelector {
    FieldSelector {
        field: name.into(),
        ..Default::default()
    }
}

fn eq(name: &str, values: &[&str]) -> FieldSelector {
    FieldSelector {
        equals: values.iter().map(|v| v.to_string()).collect(),
        ..field(name)
    }
}

fn data_s3(extra: Vec<FieldSelector>) -> AdvancedSelector {
    let mut fields = vec![
        eq("eventCategory", &["Data"]),
        eq("resources.type", &["AWS::S3::Object"]),
    ];
    fields.extend(extra);
    AdvancedSelector {
        name: Some("s3".into()),
        fields,
    }
}

fn sw(values: &[&str]) -> FieldSelector {
    FieldSelector {
        starts_with: values.iter().map(|v| v.to_string()).collect(),
        ..field("resources.ARN")
    }
}

fn nsw(values: &[&str]) -> FieldSelector {
    FieldSelector {
        not_starts_with: values.iter().map(|v| v.to_string()).collect(),
        ..field("resources.ARN")
    }
}

fn basic_only(sels: Vec<EventSelector>) -> Selectors {
    Selectors {
        basic: sels,
        advanced: vec![],
    }
}

fn adv(sels: Vec<AdvancedSelector>) -> Selectors {
    Selectors {
        basic: vec![],
        advanced: sels,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum W {
    Full,
    Partial,
    None,
}

fn kind(l: &Level) -> W {
    match l {
        Level::Full => W::Full,
        Level::Partial(_) => W::Partial,
        Level::None => W::None,
    }
}

/// (name, selectors, target, direction, expected)
fn selector_cases() -> Vec<(&'static str, Selectors, Target<'static>, Direction, W)> {
    use Direction::*;
    let s3 = Target::S3Objects { bucket: B };
    let obj = "AWS::S3::Object";
    vec![
        (
            "basic all buckets, All, read",
            basic_only(vec![basic_sel("All", obj, &["arn:aws:s3"])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "basic all buckets, All, write",
            basic_only(vec![basic_sel("All", obj, &["arn:aws:s3"])]),
            s3,
            Write,
            W::Full,
        ),
        (
            "basic arn:aws:s3::: form",
            basic_only(vec![basic_sel("All", obj, &["arn:aws:s3:::"])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "basic one bucket",
            basic_only(vec![basic_sel("All", obj, &["arn:aws:s3:::logs/"])]),
            s3,
            Write,
            W::Full,
        ),
        (
            "basic another bucket",
            basic_only(vec![basic_sel("All", obj, &["arn:aws:s3:::other/"])]),
            s3,
            Write,
            W::None,
        ),
        (
            "basic bucket-name prefix is not this bucket",
            basic_only(vec![basic_sel("All", obj, &["arn:aws:s3:::logs2/"])]),
            s3,
            Write,
            W::None,
        ),
        (
            "basic prefix is partial",
            basic_only(vec![basic_sel("All", obj, &["arn:aws:s3:::logs/reports/"])]),
            s3,
            Read,
            W::Partial,
        ),
        (
            "basic ReadOnly covers reads",
            basic_only(vec![basic_sel("ReadOnly", obj, &["arn:aws:s3"])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "basic ReadOnly misses writes",
            basic_only(vec![basic_sel("ReadOnly", obj, &["arn:aws:s3"])]),
            s3,
            Write,
            W::None,
        ),
        (
            "basic WriteOnly covers writes",
            basic_only(vec![basic_sel("WriteOnly", obj, &["arn:aws:s3"])]),
            s3,
            Write,
            W::Full,
        ),
        (
            "basic WriteOnly misses reads",
            basic_only(vec![basic_sel("WriteOnly", obj, &["arn:aws:s3"])]),
            s3,
            Read,
            W::None,
        ),
        (
            "basic Lambda type is not S3",
            basic_only(vec![basic_sel(
                "All",
                "AWS::Lambda::Function",
                &["arn:aws:lambda"],
            )]),
            s3,
            Read,
            W::None,
        ),
        (
            "basic other partition",
            basic_only(vec![basic_sel("All", obj, &["arn:aws-cn:s3:::logs/"])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "basic management events only",
            basic_only(vec![EventSelector {
                read_write_type: "All".into(),
                include_management_events: true,
                exclude_management_event_sources: vec![],
                data_resources: vec![],
            }]),
            s3,
            Read,
            W::None,
        ),
        (
            "basic prefix and whole bucket: best wins",
            basic_only(vec![basic_sel(
                "All",
                obj,
                &["arn:aws:s3:::logs/a/", "arn:aws:s3:::logs/"],
            )]),
            s3,
            Read,
            W::Full,
        ),
        (
            "advanced data S3, readOnly absent, read",
            adv(vec![data_s3(vec![])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "advanced data S3, readOnly absent, write",
            adv(vec![data_s3(vec![])]),
            s3,
            Write,
            W::Full,
        ),
        (
            "advanced readOnly true covers reads",
            adv(vec![data_s3(vec![eq("readOnly", &["true"])])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "advanced readOnly true misses writes",
            adv(vec![data_s3(vec![eq("readOnly", &["true"])])]),
            s3,
            Write,
            W::None,
        ),
        (
            "advanced readOnly false covers writes",
            adv(vec![data_s3(vec![eq("readOnly", &["false"])])]),
            s3,
            Write,
            W::Full,
        ),
        (
            "advanced readOnly false misses reads",
            adv(vec![data_s3(vec![eq("readOnly", &["false"])])]),
            s3,
            Read,
            W::None,
        ),
        (
            "advanced StartsWith bucket ARN with slash",
            adv(vec![data_s3(vec![sw(&["arn:aws:s3:::logs/"])])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "advanced StartsWith bucket ARN without slash",
            adv(vec![data_s3(vec![sw(&["arn:aws:s3:::logs"])])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "advanced StartsWith arn:aws:s3:::",
            adv(vec![data_s3(vec![sw(&["arn:aws:s3:::"])])]),
            s3,
            Read,
            W::Full,
        ),
        (
            "advanced StartsWith another bucket",
            adv(vec![data_s3(vec![sw(&["arn:aws:s3:::other/"])])]),
            s3,
            Read,
            W::None,
        ),
        (
            "advanced StartsWith a prefix is partial",
            adv(vec![data_s3(vec![sw(&["arn:aws:s3:::logs/reports/"])])]),
            s3,
            Read,
            W::Partial,
        ),
        (
            "advanced NotStartsWith excluding this bucket",
            adv(vec![data_s3(vec![nsw(&["arn:aws:s3:::logs/"])])]),
            s3,
            Write,
            W::None,
        ),
        (
            "advanced NotStartsWith excluding another bucket",
            adv(vec![data_s3(vec![nsw(&["arn:aws:s3:::other/"])])]),
            s3,
            Write,
            W::Full,
        ),
        (
            "advanced NotStartsWith excluding a prefix",
            adv(vec![data_s3(vec![nsw(&["arn:aws:s3:::logs/tmp/"])])]),
            s3,
            Write,
            W::Partial,
        ),
        (
            "advanced EndsWith is partial",
            adv(vec![data_s3(vec![FieldSelector {
                ends_with: vec![".csv".into()],
                ..field("resources.ARN")
            }])]),
            s3,
            Read,
            W::Partial,
        ),
        (
            "advanced Equals one object is partial",
            adv(vec![data_s3(vec![eq(
                "resources.ARN",
                &["arn:aws:s3:::logs/a.txt"],
            )])]),
            s3,
            Read,
            W::Partial,
        ),
        (
            "advanced NotEquals one object is partial",
            adv(vec![data_s3(vec![FieldSelector {
                not_equals: vec!["arn:aws:s3:::logs/a.txt".into()],
                ..field("resources.ARN")
            }])]),
            s3,
            Read,
            W::Partial,
        ),
        (
            "advanced eventName narrows",
            adv(vec![data_s3(vec![eq("eventName", &["PutObject"])])]),
            s3,
            Write,
            W::Partial,
        ),
        (
            "advanced eventSource s3 keeps full",
            adv(vec![data_s3(vec![eq(
                "eventSource",
                &["s3.amazonaws.com"],
            )])]),
            s3,
            Write,
            W::Full,
        ),
        (
            "advanced unknown field narrows",
            adv(vec![data_s3(vec![eq(
                "userIdentity.arn",
                &["arn:aws:iam::1:role/x"],
            )])]),
            s3,
            Write,
            W::Partial,
        ),
        (
            "advanced management category only",
            adv(vec![AdvancedSelector {
                name: None,
                fields: vec![eq("eventCategory", &["Management"])],
            }]),
            s3,
            Read,
            W::None,
        ),
        (
            "advanced Data without resources.type",
            adv(vec![AdvancedSelector {
                name: None,
                fields: vec![eq("eventCategory", &["Data"])],
            }]),
            s3,
            Read,
            W::None,
        ),
        (
            "advanced Lambda type is not S3",
            adv(vec![AdvancedSelector {
                name: None,
                fields: vec![
                    eq("eventCategory", &["Data"]),
                    eq("resources.type", &["AWS::Lambda::Function"]),
                ],
            }]),
            s3,
            Read,
            W::None,
        ),
        (
            "advanced fields ANDed: readOnly true and prefix",
            adv(vec![data_s3(vec![
                eq("readOnly", &["true"]),
                sw(&["arn:aws:s3:::logs/x/"]),
            ])]),
            s3,
            Read,
            W::Partial,
        ),
        (
            "advanced selectors ORed: partial or full",
            adv(vec![
                data_s3(vec![sw(&["arn:aws:s3:::logs/x/"])]),
                data_s3(vec![eq("readOnly", &["true"])]),
            ]),
            s3,
            Read,
            W::Full,
        ),
        (
            "advanced selectors ORed: reads from one, writes from other",
            adv(vec![
                data_s3(vec![eq("readOnly", &["true"])]),
                data_s3(vec![eq("readOnly", &["false"])]),
            ]),
            s3,
            Write,
            W::Full,
        ),
        (
            "advanced StartsWith and NotStartsWith in one field",
            adv(vec![data_s3(vec![FieldSelector {
                starts_with: vec!["arn:aws:s3:::logs/".into()],
                not_starts_with: vec!["arn:aws:s3:::logs/tmp/".into()],
                ..field("resources.ARN")
            }])]),
            s3,
            Write,
            W::Partial,
        ),
        (
            "lambda basic all functions",
            basic_only(vec![basic_sel(
                "All",
                "AWS::Lambda::Function",
                &["arn:aws:lambda"],
            )]),
            Target::Lambda,
            Write,
            W::Full,
        ),
        (
            "lambda basic one function",
            basic_only(vec![basic_sel(
                "All",
                "AWS::Lambda::Function",
                &["arn:aws:lambda:us-east-1:111111111111:function:f"],
            )]),
            Target::Lambda,
            Write,
            W::Partial,
        ),
        (
            "lambda advanced all functions",
            adv(vec![AdvancedSelector {
                name: None,
                fields: vec![
                    eq("eventCategory", &["Data"]),
                    eq("resources.type", &["AWS::Lambda::Function"]),
                ],
            }]),
            Target::Lambda,
            Read,
            W::Full,
        ),
        (
            "no selectors: management only",
            Selectors::default(),
            s3,
            Read,
            W::None,
        ),
    ]
}

#[test]
fn selector_table() {
    let cases = selector_cases();
    assert!(cases.len() >= 40, "{}", cases.len());
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(name, sels, target, dir, want)| {
            let got = selector_level(&sels, target, dir);
            (kind(&got) != want).then(|| format!("{name}: wanted {want:?}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn partial_says_which_filter_narrowed() {
    let l = selector_level(
        &adv(vec![data_s3(vec![nsw(&["arn:aws:s3:::logs/tmp/"])])]),
        Target::S3Objects { bucket: B },
        Direction::Write,
    );
    assert_eq!(
        l.to_string(),
        "partial (resources.ARN NotStartsWith arn:aws:s3:::logs/tmp/)"
    );
    let l = selector_level(
        &adv(vec![data_s3(vec![eq("eventName", &["GetObject"])])]),
        Target::S3Objects { bucket: B },
        Direction::Read,
    );
    assert!(l.to_string().contains("eventName Equals GetObject"), "{l}");
}

fn trail(
    name: &str,
    account: &str,
    home: &str,
    multi: bool,
    org: bool,
    logging: bool,
    sels: Selectors,
) -> Trail {
    Trail {
        name: name.into(),
        arn: format!("arn:aws:cloudtrail:{home}:{account}:trail/{name}"),
        account_id: account.into(),
        home_region: home.into(),
        multi_region: multi,
        organization: org,
        s3_bucket: None,
        s3_prefix: None,
        kms_key_id: None,
        log_file_validation: false,
        cloudwatch_log_group: None,
        status: Fetched::Ok(TrailStatus {
            is_logging: logging,
            ..Default::default()
        }),
        selectors: Fetched::Ok(sels),
    }
}

fn snapshot(trails: Vec<Trail>) -> Snapshot {
    let mut s = crate::org::testorg::snapshot();
    let mut by_account: std::collections::BTreeMap<String, Vec<Trail>> = Default::default();
    for t in trails {
        by_account.entry(t.account_id.clone()).or_default().push(t);
    }
    s.cloudtrail = by_account
        .into_iter()
        .map(|(account_id, ts)| CloudTrailAccount {
            account_id,
            regions: vec![RegionTrails {
                region: "us-east-1".into(),
                trails: Fetched::Ok(ts),
                event_data_stores: None,
            }],
        })
        .collect();
    s
}

fn all_s3() -> Selectors {
    basic_only(vec![basic_sel("All", "AWS::S3::Object", &["arn:aws:s3"])])
}

#[test]
fn trail_coverage_cases() {
    let s3 = Target::S3Objects { bucket: B };
    let cases: Vec<(&str, Vec<Trail>, &str, W)> = vec![
        (
            "own multi-region trail",
            vec![trail("t", ACCT, "us-east-1", true, false, true, all_s3())],
            "eu-west-1",
            W::Full,
        ),
        (
            "own single-region trail in this region",
            vec![trail("t", ACCT, "eu-west-1", false, false, true, all_s3())],
            "eu-west-1",
            W::Full,
        ),
        (
            "single-region trail in another region does not cover",
            vec![trail("t", ACCT, "us-east-1", false, false, true, all_s3())],
            "eu-west-1",
            W::None,
        ),
        (
            "not logging covers nothing",
            vec![trail("t", ACCT, "us-east-1", true, false, false, all_s3())],
            "us-east-1",
            W::None,
        ),
        (
            "organization trail covers a member account",
            vec![trail("org", MGMT, "us-east-1", true, true, true, all_s3())],
            "eu-west-1",
            W::Full,
        ),
        (
            "another member's trail does not cover",
            vec![trail(
                "t",
                "222222222222",
                "us-east-1",
                true,
                false,
                true,
                all_s3(),
            )],
            "us-east-1",
            W::None,
        ),
        (
            "a non-organization trail of the management account does not cover members",
            vec![trail("t", MGMT, "us-east-1", true, false, true, all_s3())],
            "us-east-1",
            W::None,
        ),
        (
            "partial plus full from two trails is full",
            vec![
                trail(
                    "a",
                    ACCT,
                    "us-east-1",
                    true,
                    false,
                    true,
                    basic_only(vec![basic_sel(
                        "All",
                        "AWS::S3::Object",
                        &["arn:aws:s3:::logs/x/"],
                    )]),
                ),
                trail("org", MGMT, "us-east-1", true, true, true, all_s3()),
            ],
            "us-east-1",
            W::Full,
        ),
    ];
    let mut failures = Vec::new();
    for (name, trails, region, want) in cases {
        let s = snapshot(trails);
        let c = coverage(&s, ACCT, region, s3, Direction::Read);
        if kind(&c.level) != want {
            failures.push(format!(
                "{name}: wanted {want:?}, got {} ({:?})",
                c.level, c.providers
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unreadable_status_makes_coverage_unknown_unless_full() {
    let mut t = trail("t", ACCT, "us-east-1", true, false, true, all_s3());
    t.status = Fetched::Error(crate::s3::testdata::denied("GetTrailStatus"));
    let s = snapshot(vec![t]);
    let c = coverage(
        &s,
        ACCT,
        "us-east-1",
        Target::S3Objects { bucket: B },
        Direction::Read,
    );
    assert!(c.known_level().is_none(), "{c:?}");
}

#[test]
fn records_management_events_at_all() {
    assert!(records_management_events(&Selectors::default()));
    assert!(records_management_events(&all_s3()));
    assert!(!records_management_events(&adv(vec![data_s3(vec![])])));
    assert!(records_management_events(&adv(vec![AdvancedSelector {
        name: None,
        fields: vec![eq("eventCategory", &["Management"])]
    }])));
}

fn name_field(op: &str, values: &[&str]) -> FieldSelector {
    let v: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let mut f = field("eventName");
    match op {
        "Equals" => f.equals = v,
        _ => f.not_equals = v,
    }
    f
}

/// CloudTrail User Guide, "Filtering data events by using advanced event selectors":
/// selectors are ORed, so complementary filters in two selectors together record everything;
/// an eventName filter narrows only the direction its events belong to (S3 User Guide,
/// "Amazon S3 data events in CloudTrail"; readOnly per event as in [`S3_EVENTS`]).
#[test]
fn complementary_filters_and_event_names() {
    let s3 = Target::S3Objects { bucket: B };
    let writes: Vec<&str> = S3_EVENTS
        .iter()
        .filter(|(_, r)| !r)
        .map(|(e, _)| *e)
        .collect();
    let cases: Vec<(&str, Selectors, Direction, W)> = vec![
        (
            "StartsWith a prefix in one selector, NotStartsWith it in another",
            adv(vec![
                data_s3(vec![sw(&["arn:aws:s3:::logs/a/"])]),
                data_s3(vec![nsw(&["arn:aws:s3:::logs/a/"])]),
            ]),
            Direction::Read,
            W::Full,
        ),
        (
            "EndsWith .gz and NotEndsWith .gz",
            adv(vec![
                data_s3(vec![FieldSelector {
                    ends_with: vec![".gz".into()],
                    ..field("resources.ARN")
                }]),
                data_s3(vec![FieldSelector {
                    not_ends_with: vec![".gz".into()],
                    ..field("resources.ARN")
                }]),
            ]),
            Direction::Write,
            W::Full,
        ),
        (
            "every write event named: writes full",
            adv(vec![data_s3(vec![name_field("Equals", &writes)])]),
            Direction::Write,
            W::Full,
        ),
        (
            "every write event named: reads none",
            adv(vec![data_s3(vec![name_field("Equals", &writes)])]),
            Direction::Read,
            W::None,
        ),
        (
            "GetObject excluded in one selector, recorded by another",
            adv(vec![
                data_s3(vec![name_field("NotEquals", &["GetObject"])]),
                data_s3(vec![name_field("Equals", &["GetObject"])]),
            ]),
            Direction::Read,
            W::Full,
        ),
        (
            "GetObject excluded: reads partial, writes full",
            adv(vec![data_s3(vec![name_field("NotEquals", &["GetObject"])])]),
            Direction::Read,
            W::Partial,
        ),
        (
            "GetObject excluded: writes untouched",
            adv(vec![data_s3(vec![name_field("NotEquals", &["GetObject"])])]),
            Direction::Write,
            W::Full,
        ),
        (
            "read-only in one trail's selector, write-only in another",
            adv(vec![
                data_s3(vec![eq("readOnly", &["true"])]),
                data_s3(vec![eq("readOnly", &["false"])]),
            ]),
            Direction::Read,
            W::Full,
        ),
    ];
    let failures: Vec<String> = cases
        .into_iter()
        .filter_map(|(name, sels, dir, want)| {
            let got = selector_level(&sels, s3, dir);
            (kind(&got) != want).then(|| format!("{name}: wanted {want:?}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// CloudTrail API Reference, "EventSelector" and "AdvancedFieldSelector"; Security Hub
/// CloudTrail.1 / CIS 3.1: read and write management events, nothing excluded.
#[test]
fn management_events_read_write_and_exclusions() {
    let mgmt = |extra: Vec<FieldSelector>| {
        let mut fields = vec![eq("eventCategory", &["Management"])];
        fields.extend(extra);
        AdvancedSelector { name: None, fields }
    };
    let basic = |rw: &str, exclude: &[&str]| EventSelector {
        read_write_type: rw.into(),
        include_management_events: true,
        exclude_management_event_sources: exclude.iter().map(|s| s.to_string()).collect(),
        data_resources: vec![],
    };
    let complete = |s: &Selectors| management_events(s).complete();
    assert!(
        complete(&Selectors::default()),
        "no selectors: every management event"
    );
    assert!(complete(&basic_only(vec![basic("All", &[])])));
    assert!(!complete(&basic_only(vec![basic("ReadOnly", &[])])));
    assert!(complete(&basic_only(vec![
        basic("ReadOnly", &[]),
        basic("WriteOnly", &[])
    ])));
    let kms = management_events(&basic_only(vec![basic("All", &["kms.amazonaws.com"])]));
    assert!(!kms.complete());
    assert!(
        kms.write
            .to_string()
            .contains("ExcludeManagementEventSources kms.amazonaws.com"),
        "{}",
        kms.write
    );
    assert!(complete(&adv(vec![mgmt(vec![])])));
    assert!(!complete(&adv(vec![mgmt(vec![eq(
        "readOnly",
        &["false"]
    )])])));
    let excluded = management_events(&adv(vec![mgmt(vec![FieldSelector {
        not_equals: vec!["kms.amazonaws.com".into()],
        ..field("eventSource")
    }])]));
    assert!(!excluded.complete());
    assert!(
        excluded
            .read
            .to_string()
            .contains("eventSource NotEquals kms.amazonaws.com"),
        "{}",
        excluded.read
    );
    assert!(!complete(&adv(vec![data_s3(vec![])])), "data events only");
}
