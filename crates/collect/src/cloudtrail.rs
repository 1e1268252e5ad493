//! AWS CloudTrail, per account and audited region: DescribeTrails (trails homed in the region,
//! shadow copies excluded), then GetTrailStatus and GetEventSelectors per trail. Organization
//! trails are listed in the management account, where they live.

use crate::util::collection_error;
use aws_sdk_cloudtrail::types as ct;
use orgaudit_aws::Session;
use orgaudit_model::cloudtrail::*;
use orgaudit_model::{CollectionError, Fetched};
use time::format_description::well_known::Rfc3339;

const SVC: &str = "CloudTrail";

pub(crate) async fn collect(
    session: &Session,
    regions: &[String],
    errors: &mut Vec<CollectionError>,
) -> CloudTrailAccount {
    let account = session.account_id.clone();
    let first_new = errors.len();
    let mut out = Vec::new();
    // Regions are few; each is read in turn so the traffic stays in a fixed order.
    for region in regions {
        let client = session.cloudtrail(region);
        let trails = match client
            .describe_trails()
            .include_shadow_trails(false)
            .send()
            .await
        {
            Err(e) => Fetched::Error(collection_error(
                &e,
                &account,
                Some(region),
                SVC,
                "DescribeTrails",
                None,
            )),
            Ok(listed) => {
                let mut trails = Vec::new();
                for t in listed.trail_list() {
                    trails.push(trail(&client, &account, region, t).await);
                }
                Fetched::Ok(trails)
            }
        };
        if let Some(e) = trails.error() {
            errors.push(e.clone());
        }
        for t in trails.ok().into_iter().flatten() {
            errors.extend(t.status.error().cloned());
            errors.extend(t.selectors.error().cloned());
        }
        out.push(RegionTrails {
            region: region.clone(),
            trails,
        });
    }
    for e in &errors[first_new..] {
        tracing::warn!("{}", e.summary());
    }
    CloudTrailAccount {
        account_id: account,
        regions: out,
    }
}

async fn trail(
    client: &aws_sdk_cloudtrail::Client,
    account: &str,
    region: &str,
    t: &ct::Trail,
) -> Trail {
    let arn = t.trail_arn().unwrap_or_default().to_string();
    let name = t.name().unwrap_or_default().to_string();
    let id = if arn.is_empty() {
        name.clone()
    } else {
        arn.clone()
    };
    let status = match client.get_trail_status().name(&id).send().await {
        Ok(s) => Fetched::Ok(TrailStatus {
            is_logging: s.is_logging().unwrap_or(false),
            latest_delivery_error: s
                .latest_delivery_error()
                .filter(|e| !e.is_empty())
                .map(str::to_string),
            latest_delivery_time: s.latest_delivery_time().and_then(|t| {
                time::OffsetDateTime::from_unix_timestamp(t.secs())
                    .ok()
                    .and_then(|d| d.format(&Rfc3339).ok())
            }),
        }),
        Err(e) => Fetched::Error(collection_error(
            &e,
            account,
            Some(region),
            SVC,
            "GetTrailStatus",
            Some(&id),
        )),
    };
    let selectors = match client.get_event_selectors().trail_name(&id).send().await {
        Ok(s) => Fetched::Ok(Selectors {
            basic: s
                .event_selectors()
                .iter()
                .map(|e| EventSelector {
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
                })
                .collect(),
            advanced: s
                .advanced_event_selectors()
                .iter()
                .map(|a| AdvancedSelector {
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
                })
                .collect(),
        }),
        Err(e) => Fetched::Error(collection_error(
            &e,
            account,
            Some(region),
            SVC,
            "GetEventSelectors",
            Some(&id),
        )),
    };
    Trail {
        name,
        arn,
        account_id: account.to_string(),
        home_region: t.home_region().unwrap_or(region).to_string(),
        multi_region: t.is_multi_region_trail().unwrap_or(false),
        organization: t.is_organization_trail().unwrap_or(false),
        s3_bucket: t.s3_bucket_name().map(str::to_string),
        s3_prefix: t.s3_key_prefix().map(str::to_string),
        kms_key_id: t.kms_key_id().map(str::to_string),
        log_file_validation: t.log_file_validation_enabled().unwrap_or(false),
        cloudwatch_log_group: t.cloud_watch_logs_log_group_arn().map(str::to_string),
        status,
        selectors,
    }
}
