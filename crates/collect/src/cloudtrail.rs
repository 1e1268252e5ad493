//! AWS CloudTrail, per account: every trail of the account, wherever it is homed.
//!
//! In each audited region, DescribeTrails with shadow trails (the default; CloudTrail API
//! Reference, "DescribeTrails": a shadow trail is the copy of a multi-Region trail in another
//! Region, or of an organization trail in a member account). Trails are de-duplicated by ARN:
//! each is recorded once, under the first region it was listed in, and its status and selectors
//! are read once, by ARN, in its home region ("GetTrailStatus": "To get the status of a shadow
//! trail … you must specify its ARN"; the CloudTrail CLI guide runs both in the home region).
//! A trail another account owns (an organization trail seen in a member account) is that
//! account's to record: it is read there, once. One function per call.
//!
//! CloudTrail Lake: in each audited region, ListEventDataStores ("Returns information about all
//! event data stores in the account, in the current Region"; the list holds ARN and name only)
//! and GetEventDataStore for each (status, multi-region and organization flags, advanced
//! selectors). An organization store lives in the management account, whoever created it, and
//! members cannot see it ("Understanding organization event data stores"): it is read with the
//! management account and credited to members by the rules.

use crate::util::{keep, At, Missing};
use aws_sdk_cloudtrail::types as ct;
use aws_sdk_cloudtrail::Client;
use orgaudit_aws::ops::cloudtrail as op;
use orgaudit_aws::Session;
use orgaudit_model::cloudtrail::*;
use orgaudit_model::{CollectionError, Fetched};
use std::collections::HashSet;
use time::format_description::well_known::Rfc3339;

pub(crate) async fn collect(
    session: &Session,
    regions: &[String],
    errors: &mut Vec<CollectionError>,
) -> CloudTrailAccount {
    let account = session.account_id.clone();
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    // Regions are few; each is read in turn so the traffic stays in a fixed order.
    for region in regions {
        let at = At::region(&account, region);
        let trails = match describe_trails(&session.cloudtrail(region), at).await {
            Fetched::Ok(listed) => {
                let mut trails = Vec::new();
                for t in &listed {
                    let Some(arn) = t.trail_arn().filter(|a| !a.is_empty()) else {
                        // Without an ARN a shadow copy cannot be told from its trail: only a
                        // trail homed here can be read (by name).
                        if t.home_region().is_none_or(|h| h == region) {
                            trails.push(trail(session, at, t).await);
                        }
                        continue;
                    };
                    if owner_of(arn).is_some_and(|o| o != account) || !seen.insert(arn.to_string())
                    {
                        continue;
                    }
                    trails.push(trail(session, at, t).await);
                }
                Fetched::Ok(trails)
            }
            Fetched::Error(e) => Fetched::Error(e),
        };
        keep(&trails, errors);
        for t in trails.ok().into_iter().flatten() {
            keep(&t.status, errors);
            keep(&t.selectors, errors);
        }
        let client = session.cloudtrail(region);
        let stores = event_data_stores(&client, at).await;
        keep(&stores, errors);
        for s in stores.ok().into_iter().flatten() {
            keep(&s.settings, errors);
        }
        out.push(RegionTrails {
            region: region.clone(),
            trails,
            event_data_stores: Some(stores),
        });
    }
    CloudTrailAccount {
        account_id: account,
        regions: out,
    }
}

/// The account id of a trail ARN (`arn:partition:cloudtrail:region:account:trail/name`).
fn owner_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// DescribeTrails with shadow trails: every trail that applies to this region.
async fn describe_trails(client: &Client, at: At<'_>) -> Fetched<Vec<ct::Trail>> {
    let result = client
        .describe_trails()
        .include_shadow_trails(true)
        .send()
        .await;
    at.read(op::DESCRIBE_TRAILS, None, result, |out| {
        Ok(out.trail_list().to_vec())
    })
}

/// One trail's settings as DescribeTrails gave them, with its status and selectors read in its
/// home region.
async fn trail(session: &Session, listed_at: At<'_>, t: &ct::Trail) -> Trail {
    let listed_in = listed_at.region.unwrap_or_default();
    let home = t
        .home_region()
        .filter(|h| !h.is_empty())
        .unwrap_or(listed_in);
    let at = At::region(listed_at.account, home);
    let client = session.cloudtrail(home);
    let arn = t.trail_arn().unwrap_or_default().to_string();
    let name = t.name().unwrap_or_default().to_string();
    // By ARN: the only way to name a shadow copy, and unambiguous across accounts.
    let id = if arn.is_empty() { &name } else { &arn };
    let status = trail_status(&client, at, id).await;
    let selectors = event_selectors(&client, at, id).await;
    Trail {
        account_id: at.account.to_string(),
        home_region: home.to_string(),
        multi_region: t.is_multi_region_trail().unwrap_or(false),
        organization: t.is_organization_trail().unwrap_or(false),
        s3_bucket: t.s3_bucket_name().map(str::to_string),
        s3_prefix: t.s3_key_prefix().map(str::to_string),
        kms_key_id: t.kms_key_id().map(str::to_string),
        log_file_validation: t.log_file_validation_enabled().unwrap_or(false),
        cloudwatch_log_group: t.cloud_watch_logs_log_group_arn().map(str::to_string),
        status,
        selectors,
        name,
        arn,
    }
}

/// GetTrailStatus. `IsLogging` is what the status is read for: an answer without it is
/// incomplete, not "not logging".
async fn trail_status(client: &Client, at: At<'_>, id: &str) -> Fetched<TrailStatus> {
    let result = client.get_trail_status().name(id).send().await;
    at.read(op::GET_TRAIL_STATUS, Some(id), result, |s| {
        Ok(TrailStatus {
            is_logging: s.is_logging().ok_or(Missing("IsLogging"))?,
            latest_delivery_error: s
                .latest_delivery_error()
                .filter(|e| !e.is_empty())
                .map(str::to_string),
            latest_delivery_time: s.latest_delivery_time().and_then(|t| {
                time::OffsetDateTime::from_unix_timestamp(t.secs())
                    .ok()
                    .and_then(|d| d.format(&Rfc3339).ok())
            }),
        })
    })
}

/// GetEventSelectors: a trail has basic or advanced selectors, never both (CloudTrail User
/// Guide, "Logging data events").
async fn event_selectors(client: &Client, at: At<'_>, id: &str) -> Fetched<Selectors> {
    let result = client.get_event_selectors().trail_name(id).send().await;
    at.read(op::GET_EVENT_SELECTORS, Some(id), result, |s| {
        Ok(Selectors {
            basic: s.event_selectors().iter().map(basic_selector).collect(),
            advanced: s
                .advanced_event_selectors()
                .iter()
                .map(advanced_selector)
                .collect(),
        })
    })
}

/// ListEventDataStores, all pages, then GetEventDataStore for each store listed.
async fn event_data_stores(client: &Client, at: At<'_>) -> Fetched<Vec<EventDataStore>> {
    let result = client
        .list_event_data_stores()
        .into_paginator()
        .send()
        .try_collect()
        .await;
    let listed = at.read(op::LIST_EVENT_DATA_STORES, None, result, |pages| {
        crate::util::each(pages.iter().flat_map(|p| p.event_data_stores()), |e| {
            Ok((
                crate::util::need_owned(e.event_data_store_arn(), "EventDataStoreArn")?,
                e.name().unwrap_or_default().to_string(),
            ))
        })
    });
    let listed = match listed {
        Fetched::Ok(l) => l,
        Fetched::Error(e) => return Fetched::Error(e),
    };
    let mut out = Vec::new();
    for (arn, name) in listed {
        let result = client
            .get_event_data_store()
            .event_data_store(&arn)
            .send()
            .await;
        let settings = at.read(op::GET_EVENT_DATA_STORE, Some(&arn), result, |d| {
            Ok(EventDataStoreSettings {
                status: d
                    .status()
                    .map(|s| s.as_str().to_string())
                    .ok_or(Missing("Status"))?,
                multi_region: d.multi_region_enabled().unwrap_or(false),
                organization: d.organization_enabled().unwrap_or(false),
                selectors: d
                    .advanced_event_selectors()
                    .iter()
                    .map(advanced_selector)
                    .collect(),
            })
        });
        // The ARN names its home region and owner
        // (arn:partition:cloudtrail:region:account:eventdatastore/id).
        let mut parts = arn.split(':');
        let home = parts.nth(3).filter(|r| !r.is_empty());
        let owner = parts.next().filter(|a| !a.is_empty());
        out.push(EventDataStore {
            name,
            account_id: owner.unwrap_or(at.account).to_string(),
            home_region: home.or(at.region).unwrap_or_default().to_string(),
            arn,
            settings,
        });
    }
    Fetched::Ok(out)
}

/// A basic selector, with the documented defaults where a field is absent (CloudTrail API
/// Reference, "EventSelector": ReadWriteType defaults to `All`, IncludeManagementEvents to
/// true).
fn basic_selector(e: &ct::EventSelector) -> EventSelector {
    EventSelector {
        read_write_type: e
            .read_write_type()
            .map(|r| r.as_str().to_string())
            .unwrap_or_else(|| "All".into()),
        include_management_events: e.include_management_events().unwrap_or(true),
        exclude_management_event_sources: e
            .exclude_management_event_sources()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        data_resources: e
            .data_resources()
            .iter()
            .map(|d| DataResource {
                resource_type: d.r#type().unwrap_or_default().to_string(),
                values: d.values().to_vec(),
            })
            .collect(),
    }
}

fn advanced_selector(a: &ct::AdvancedEventSelector) -> AdvancedSelector {
    AdvancedSelector {
        name: a.name().map(str::to_string),
        fields: a
            .field_selectors()
            .iter()
            .map(|f| FieldSelector {
                field: f.field().to_string(),
                equals: f.equals().to_vec(),
                starts_with: f.starts_with().to_vec(),
                ends_with: f.ends_with().to_vec(),
                not_equals: f.not_equals().to_vec(),
                not_starts_with: f.not_starts_with().to_vec(),
                not_ends_with: f.not_ends_with().to_vec(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_owner_of_a_trail_is_the_account_of_its_arn() {
        assert_eq!(
            super::owner_of("arn:aws:cloudtrail:eu-west-1:123456789012:trail/org"),
            Some("123456789012")
        );
        assert_eq!(
            super::owner_of("arn:aws-us-gov:cloudtrail:us-gov-west-1:210987654321:trail/t"),
            Some("210987654321")
        );
        assert_eq!(super::owner_of("not-an-arn"), None);
    }
}
