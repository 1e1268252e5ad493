//! Trails for the CT rule tests, on top of the S3 test buckets (account 111111111111):
//! - `org`: organization trail of the management account, multi-region, validated, KMS,
//!   CloudWatch Logs, writes to `logs`; records management events and S3 writes of every
//!   bucket except `data/tmp/…` and `scratch`.
//! - `member-trail`: the member's own single-region trail; reads of `data`, Lambda of all
//!   functions; writes to `data` (which has no access logging here).
//! - `stopped`: the member's trail that stopped logging, writing outside the organization.
//! - account 222222222222: its trails could not be listed in us-east-1.

use crate::s3::testdata as s3;
use orgaudit_model::cloudtrail::*;
use orgaudit_model::{AccountAccess, Fetched, Snapshot};

pub const MGMT: &str = "000000000000";
pub const MEMBER: &str = s3::ACCOUNT;
pub const OTHER: &str = "222222222222";

fn eq(field: &str, v: &[&str]) -> FieldSelector {
    FieldSelector {
        field: field.into(),
        equals: v.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    }
}

fn trail(
    name: &str,
    account: &str,
    multi: bool,
    org: bool,
    logging: bool,
    selectors: Selectors,
) -> Trail {
    Trail {
        name: name.into(),
        arn: format!("arn:aws:cloudtrail:us-east-1:{account}:trail/{name}"),
        account_id: account.into(),
        home_region: "us-east-1".into(),
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
        selectors: Fetched::Ok(selectors),
    }
}

pub fn snapshot() -> Snapshot {
    let mut data = s3::good("data");
    data.logging = Fetched::Ok(None);
    let mut s = s3::snapshot(vec![data, s3::good("scratch")]);
    s.meta.regions = vec!["us-east-1".into(), "eu-west-1".into()];
    s.account_access.insert(
        MGMT.into(),
        AccountAccess::Reachable {
            via: "caller".into(),
        },
    );
    s.account_access.insert(
        OTHER.into(),
        AccountAccess::Reachable { via: "role".into() },
    );

    let mut org = trail(
        "org",
        MGMT,
        true,
        true,
        true,
        Selectors {
            basic: vec![],
            advanced: vec![
                AdvancedSelector {
                    name: Some("management".into()),
                    fields: vec![eq("eventCategory", &["Management"])],
                },
                AdvancedSelector {
                    name: Some("s3 writes".into()),
                    fields: vec![
                        eq("eventCategory", &["Data"]),
                        eq("resources.type", &["AWS::S3::Object"]),
                        eq("readOnly", &["false"]),
                        FieldSelector {
                            field: "resources.ARN".into(),
                            not_starts_with: vec![
                                "arn:aws:s3:::data/tmp/".into(),
                                "arn:aws:s3:::scratch/".into(),
                            ],
                            ..Default::default()
                        },
                    ],
                },
            ],
        },
    );
    org.s3_bucket = Some("logs".into());
    org.kms_key_id = Some("arn:aws:kms:us-east-1:000000000000:key/k".into());
    org.log_file_validation = true;
    org.cloudwatch_log_group = Some("arn:aws:logs:us-east-1:000000000000:log-group:trail".into());

    let mut member = trail(
        "member-trail",
        MEMBER,
        false,
        false,
        true,
        Selectors {
            basic: vec![
                EventSelector {
                    read_write_type: "ReadOnly".into(),
                    include_management_events: true,
                    exclude_management_event_sources: vec![],
                    data_resources: vec![DataResource {
                        resource_type: "AWS::S3::Object".into(),
                        values: vec!["arn:aws:s3:::data/".into()],
                    }],
                },
                EventSelector {
                    read_write_type: "All".into(),
                    include_management_events: false,
                    exclude_management_event_sources: vec![],
                    data_resources: vec![DataResource {
                        resource_type: "AWS::Lambda::Function".into(),
                        values: vec!["arn:aws:lambda".into()],
                    }],
                },
            ],
            advanced: vec![],
        },
    );
    member.s3_bucket = Some("data".into());

    let mut stopped = trail("stopped", MEMBER, true, false, false, Selectors::default());
    stopped.s3_bucket = Some("somewhere-else".into());
    stopped.status = Fetched::Ok(TrailStatus {
        is_logging: false,
        latest_delivery_error: Some("AccessDenied".into()),
        latest_delivery_time: None,
    });

    s.cloudtrail = vec![
        CloudTrailAccount {
            account_id: MGMT.into(),
            regions: vec![
                RegionTrails {
                    region: "us-east-1".into(),
                    trails: Fetched::Ok(vec![org]),
                    event_data_stores: None,
                },
                RegionTrails {
                    region: "eu-west-1".into(),
                    trails: Fetched::Ok(vec![]),
                    event_data_stores: None,
                },
            ],
        },
        CloudTrailAccount {
            account_id: MEMBER.into(),
            regions: vec![
                RegionTrails {
                    region: "us-east-1".into(),
                    trails: Fetched::Ok(vec![member, stopped]),
                    event_data_stores: None,
                },
                RegionTrails {
                    region: "eu-west-1".into(),
                    trails: Fetched::Ok(vec![]),
                    event_data_stores: None,
                },
            ],
        },
        CloudTrailAccount {
            account_id: OTHER.into(),
            regions: vec![RegionTrails {
                region: "us-east-1".into(),
                trails: Fetched::Error(s3::denied("DescribeTrails")),
                event_data_stores: None,
            }],
        },
    ];
    s
}

/// A CloudTrail Lake event data store homed in us-east-1, as GetEventDataStore describes it.
pub fn lake(
    name: &str,
    account: &str,
    status: &str,
    organization: bool,
    fields: Vec<Vec<(&str, &[&str])>>,
) -> EventDataStore {
    EventDataStore {
        name: name.into(),
        arn: format!("arn:aws:cloudtrail:us-east-1:{account}:eventdatastore/{name}"),
        account_id: account.into(),
        home_region: "us-east-1".into(),
        settings: Fetched::Ok(EventDataStoreSettings {
            status: status.into(),
            multi_region: true,
            organization,
            selectors: fields
                .into_iter()
                .map(|sel| AdvancedSelector {
                    name: None,
                    fields: sel.into_iter().map(|(f, v)| eq(f, v)).collect(),
                })
                .collect(),
        }),
    }
}

/// Put `store` in its account's us-east-1 listing.
pub fn add_lake(s: &mut Snapshot, store: EventDataStore) {
    let acct = s
        .cloudtrail
        .iter_mut()
        .find(|a| a.account_id == store.account_id)
        .expect("an account of the test snapshot");
    let region = &mut acct.regions[0];
    match &mut region.event_data_stores {
        Some(Fetched::Ok(v)) => v.push(store),
        _ => region.event_data_stores = Some(Fetched::Ok(vec![store])),
    }
}
