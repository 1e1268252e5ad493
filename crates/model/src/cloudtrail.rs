//! AWS CloudTrail: per account and audited region, the trails homed there, with status and
//! event selectors (basic and advanced). Organization trails are read once, in the management
//! account, and attributed to every member account by the rules.

use crate::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CloudTrailAccount {
    pub account_id: String,
    pub regions: Vec<RegionTrails>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegionTrails {
    pub region: String,
    /// Trails whose home region this is (shadow copies of other regions' trails excluded).
    pub trails: Fetched<Vec<Trail>>,
    /// The account's CloudTrail Lake event data stores in this region (ListEventDataStores:
    /// "in the current Region"); `None` in snapshots taken before they were read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_data_stores: Option<Fetched<Vec<EventDataStore>>>,
}

/// A CloudTrail Lake event data store (CloudTrail API Reference, "GetEventDataStore").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EventDataStore {
    pub name: String,
    pub arn: String,
    pub account_id: String,
    pub home_region: String,
    pub settings: Fetched<EventDataStoreSettings>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct EventDataStoreSettings {
    /// `ENABLED` (ingesting), `STOPPED_INGESTION`, `PENDING_DELETION`, `CREATED`,
    /// `STARTING_INGESTION`, `STOPPING_INGESTION`.
    pub status: String,
    pub multi_region: bool,
    /// An organization event data store: it "logs all events for all AWS accounts in that
    /// organization" (CloudTrail User Guide, "Understanding organization event data stores").
    pub organization: bool,
    pub selectors: Vec<AdvancedSelector>,
}

impl EventDataStore {
    /// The store as a source of events for the coverage rules: "logging" while it ingests
    /// (`ENABLED`; "Manage event data store lifecycles": a store that stopped ingestion records
    /// no new events), with its advanced selectors. Its name says what it is.
    pub fn as_trail(&self) -> Trail {
        let (status, selectors, multi_region, organization) = match &self.settings {
            Fetched::Ok(s) => (
                Fetched::Ok(TrailStatus {
                    is_logging: s.status == "ENABLED",
                    ..Default::default()
                }),
                Fetched::Ok(Selectors {
                    basic: Vec::new(),
                    advanced: s.selectors.clone(),
                }),
                s.multi_region,
                s.organization,
            ),
            // Unread: what it covers is unknown. Taken as multi-region, organization-wide, so
            // that the rules call what it might cover unknown rather than fail it.
            Fetched::Error(e) => (
                Fetched::Error(e.clone()),
                Fetched::Error(e.clone()),
                true,
                true,
            ),
        };
        Trail {
            name: format!("event data store {}", self.name),
            arn: self.arn.clone(),
            account_id: self.account_id.clone(),
            home_region: self.home_region.clone(),
            multi_region,
            organization,
            s3_bucket: None,
            s3_prefix: None,
            kms_key_id: None,
            log_file_validation: false,
            cloudwatch_log_group: None,
            status,
            selectors,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Trail {
    pub name: String,
    pub arn: String,
    pub account_id: String,
    pub home_region: String,
    pub multi_region: bool,
    pub organization: bool,
    pub s3_bucket: Option<String>,
    pub s3_prefix: Option<String>,
    pub kms_key_id: Option<String>,
    pub log_file_validation: bool,
    pub cloudwatch_log_group: Option<String>,
    pub status: Fetched<TrailStatus>,
    pub selectors: Fetched<Selectors>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TrailStatus {
    pub is_logging: bool,
    pub latest_delivery_error: Option<String>,
    /// RFC 3339.
    pub latest_delivery_time: Option<String>,
}

/// A trail uses either basic or advanced selectors; a trail with neither records management
/// events only (the default).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Selectors {
    pub basic: Vec<EventSelector>,
    pub advanced: Vec<AdvancedSelector>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EventSelector {
    /// `All`, `ReadOnly`, `WriteOnly`.
    pub read_write_type: String,
    pub include_management_events: bool,
    pub data_resources: Vec<DataResource>,
    /// Management event sources this selector leaves out (`kms.amazonaws.com`,
    /// `rdsdata.amazonaws.com`: CloudTrail API Reference, "EventSelector").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude_management_event_sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DataResource {
    /// e.g. `AWS::S3::Object`, `AWS::Lambda::Function`.
    pub resource_type: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct AdvancedSelector {
    pub name: Option<String>,
    pub fields: Vec<FieldSelector>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FieldSelector {
    /// `eventCategory`, `resources.type`, `readOnly`, `resources.ARN`, `eventName`, `eventSource`, …
    pub field: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starts_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ends_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_equals: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_starts_with: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_ends_with: Vec<String>,
}
