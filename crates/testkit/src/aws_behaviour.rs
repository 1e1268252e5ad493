//! The AWS behaviour layer: documented real-AWS behaviours that moto lacks, answered by the
//! test relay ([`crate::faults`]) in front of the emulator, one switch each, each following the
//! API reference page it names. Everything else is relayed to moto unchanged.
//!
//! - `account:ListRegions` (Account Management API Reference, "ListRegions"; moto answers 404):
//!   every region of the partition with its opt-in status, per account; `AccountId` only from
//!   the management account, never its own id, and only with trusted access for Account
//!   Management.
//! - CloudTrail Lake (CloudTrail API Reference, "ListEventDataStores", "GetEventDataStore";
//!   moto answers 500): event data stores per account and home region; the list holds only
//!   ARN and name.
//! - `GetPermissionsBoundaryForPermissionSet` (IAM Identity Center API Reference; moto answers
//!   500): `ResourceNotFoundException` for a set without a boundary.
//!
//! - `ListDelegatedAdministrators` for `sso.amazonaws.com` (Organizations API Reference; moto
//!   refuses the principal as unrecognized): the delegated administrator of Identity Center,
//!   if one is set, else an empty list; and the administrator's Identity Center and identity
//!   store requests are served from the organization's instance (IAM Identity Center User
//!   Guide, "Delegated administration"), which moto keeps in the management account.
//!
//! - `ListBuckets` (S3 API Reference, "ListBuckets"; moto names no `BucketRegion` and cuts the
//!   list at `max-buckets` without a `ContinuationToken`): answered from moto's buckets, each
//!   with its region (GetBucketLocation, `""` is us-east-1 and `EU` eu-west-1), sorted by name,
//!   filtered by `prefix` and `bucket-region`, in pages of `max-buckets` (1 to 10,000) with an
//!   opaque `ContinuationToken`.
//! - New buckets' defaults (switch `new_bucket_defaults`): a bucket without an encryption
//!   configuration or ownership controls answers SSE-S3 and BucketOwnerEnforced, as AWS's
//!   buckets created since 2023 do.
//! - Organization trails in members (switch `org_trails_in_members`): a member's DescribeTrails
//!   lists the management account's organization trails beside its own.
//! - S3 Control answers are rooted in `<OperationResult>` (S3 Control API Reference,
//!   "ListAccessPoints", "GetAccessPoint", "GetAccessPointPolicy": response syntax); moto roots
//!   them in `<OperationResponse>`, which the SDKs refuse: the relay renames the root.
//!
//! The caller of a request is known by its access key: the relay watches the STS AssumeRole
//! answers that pass through it (the role ARN names the account); any other key is the
//! management account's.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The regions of the `aws` partition enabled by default (Account Management Reference Guide,
/// "Enable or disable AWS Regions in your account": launched before 20 March 2019).
pub const DEFAULT_REGIONS: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// The opt-in regions of the `aws` partition ("AWS Regions", AWS General Reference).
pub const OPT_IN_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

/// One event data store, as GetEventDataStore describes it.
#[derive(Debug, Clone)]
pub struct EventDataStore {
    /// The account that owns it (an organization store lives in the management account).
    pub account: String,
    pub home_region: String,
    pub name: String,
    /// `ENABLED`, `STOPPED_INGESTION`, `PENDING_DELETION`…
    pub status: String,
    pub multi_region: bool,
    pub organization: bool,
    /// `AdvancedEventSelectors`, as the API answers them.
    pub selectors: Value,
}

impl EventDataStore {
    pub fn arn(&self) -> String {
        format!(
            "arn:{}:cloudtrail:{}:{}:eventdatastore/{}",
            partition(&self.home_region),
            self.home_region,
            self.account,
            self.name
        )
    }
}

/// The partition of a region (AWS General Reference, "AWS Regions"; "Amazon Resource Names":
/// `aws`, `aws-cn`, `aws-us-gov`).
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

/// The regions of the `aws-us-gov` partition, both enabled by default (AWS GovCloud (US) User
/// Guide, "AWS GovCloud (US) Regions").
pub const GOV_REGIONS: &[&str] = &["us-gov-east-1", "us-gov-west-1"];

/// The switches. [`AwsBehaviour::default`] is an organization as AWS sets one up: the default
/// regions enabled in every account, trusted access for Account Management, no event data
/// store.
#[derive(Debug, Default)]
pub struct AwsBehaviour {
    /// The management account id (refused as `AccountId` of ListRegions, the caller of any
    /// request whose key the relay did not see issued). Unset: every unknown caller is "the
    /// management account" and any AccountId is accepted.
    pub management: Option<String>,
    /// Opt-in regions enabled, per account.
    pub opted_in: BTreeMap<String, Vec<String>>,
    /// Trusted access for Account Management is off: ListRegions with `AccountId` is refused.
    pub no_account_trusted_access: bool,
    /// ListRegions is refused to everyone (an SCP or a policy without account:ListRegions).
    pub list_regions_denied: bool,
    pub event_data_stores: Vec<EventDataStore>,
    /// The delegated administrator of IAM Identity Center (registered for
    /// `sso.amazonaws.com`).
    pub sso_delegated_admin: Option<String>,
    /// Buckets as AWS creates them today: SSE-S3 default encryption ("Amazon S3 now applies
    /// server-side encryption with Amazon S3 managed keys (SSE-S3) as the base level of
    /// encryption for every bucket", S3 User Guide, "Setting default server-side encryption
    /// behavior") and Object Ownership BucketOwnerEnforced ("the default setting for all newly
    /// created buckets", S3 User Guide, "Controlling ownership of objects") and the four Block
    /// Public Access settings on ("Blocking public access to your Amazon S3 storage"). moto
    /// creates buckets with none of them, so a bucket whose owner deleted a setting cannot be
    /// told from one nobody configured: with this switch on, both have the defaults.
    pub new_bucket_defaults: bool,
    /// Members list the organization's trails (switch): "If you have an organization trail,
    /// member accounts can see it with DescribeTrails" as a shadow trail of the management
    /// account (CloudTrail User Guide, "Creating a trail for an organization"; CloudTrail API
    /// Reference, "DescribeTrails": `includeShadowTrails`). moto shows a trail only to its
    /// owner.
    pub org_trails_in_members: bool,
    /// Identity Center lives in this region only (switch): "IAM Identity Center supports a
    /// single Region for the organization instance" and ListInstances elsewhere answers no
    /// instance (IAM Identity Center User Guide, "IAM Identity Center Region availability";
    /// SSO Admin API Reference, "ListInstances"). moto creates an instance in every region it is
    /// asked in.
    pub sso_region: Option<String>,
    /// Access key id → account, learnt from AssumeRole answers (filled by the relay).
    pub callers: Callers,
}

/// Access key id → account, and the management account's own key (the first key seen that
/// no AssumeRole handed out).
#[derive(Debug, Default)]
pub struct Callers(Mutex<BTreeMap<String, String>>, Mutex<Option<String>>);

/// An answer: status, content type, extra headers, body.
pub struct Answer {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn to_http(&self) -> String {
        let reason = match self.status {
            200 => "OK",
            403 => "Forbidden",
            _ => "Bad Request",
        };
        let mut out = format!(
            "HTTP/1.1 {} {reason}\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(&self.body);
        out
    }

    fn json(status: u16, content_type: &'static str, body: Value) -> Answer {
        Answer {
            status,
            content_type,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    /// An awsJson1_1 error (`__type`).
    fn json_error(code: &str, message: &str) -> Answer {
        Answer::json(
            400,
            "application/x-amz-json-1.1",
            json!({"__type": code, "Message": message}),
        )
    }

    /// A restXml (S3) error.
    fn xml_error(status: u16, code: &str, message: &str) -> Answer {
        Answer {
            status,
            content_type: "application/xml",
            headers: Vec::new(),
            body: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>"),
        }
    }

    /// A restJson1 error (`x-amzn-ErrorType`).
    fn rest_error(status: u16, code: &str, message: &str) -> Answer {
        Answer {
            status,
            content_type: "application/json",
            headers: vec![("x-amzn-errortype".into(), code.into())],
            body: json!({"message": message}).to_string(),
        }
    }
}

/// GET `path` from moto with the headers of the request being answered (moto reads the caller
/// from the access key, not the signature); the body of a 200 answer.
fn fetch(moto: std::net::SocketAddr, path: &str, headers: &str) -> Option<String> {
    post(moto, &format!("GET {path} HTTP/1.1\r\n{headers}"), &[])
}

/// Send a request (its head as read, and its body) to moto; the body of a 200 answer.
fn post(moto: std::net::SocketAddr, head: &str, body: &[u8]) -> Option<String> {
    use std::io::{Read, Write};
    let mut conn = std::net::TcpStream::connect(moto).ok()?;
    conn.write_all(head.as_bytes()).ok()?;
    conn.write_all(b"connection: close\r\n\r\n").ok()?;
    conn.write_all(body).ok()?;
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).ok()?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_string())
}

fn between<'t>(text: &'t str, open: &str, close: &str) -> Option<&'t str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

fn percent_decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(x) = u8::from_str_radix(&v[i + 1..i + 3], 16) {
                out.push(x);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_encode(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn hex_decode(s: &str) -> Option<String> {
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    String::from_utf8(bytes?).ok()
}

fn header<'h>(head: &'h str, name: &str) -> Option<&'h str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

/// The access key and region of a SigV4-signed request (`Credential=AKID/date/region/…`).
fn credential(head: &str) -> Option<(&str, &str)> {
    let auth = header(head, "authorization")?;
    let scope = auth.split("Credential=").nth(1)?.split(',').next()?;
    let mut parts = scope.split('/');
    let key = parts.next()?;
    let _date = parts.next()?;
    Some((key, parts.next()?))
}

impl AwsBehaviour {
    /// Every switch the realistic organization (tests/moto/realistic.py) needs, for its seed
    /// `manifest`: Identity Center in the SSO region only, administered from `identity`;
    /// organization trails listed in members; buckets with today's defaults; and `prod`'s
    /// multi-region event data store recording every S3 data event of its account.
    pub fn realistic(manifest: &Value) -> AwsBehaviour {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let id = |name: &str| text(&manifest["accounts"][name]);
        AwsBehaviour {
            management: Some(id("management")),
            sso_delegated_admin: Some(id("identity")),
            sso_region: manifest["regions"]["sso"].as_str().map(str::to_string),
            org_trails_in_members: true,
            new_bucket_defaults: true,
            event_data_stores: vec![EventDataStore {
                account: id("prod"),
                home_region: text(&manifest["regions"]["home"]),
                name: "prod-s3-data".into(),
                status: "ENABLED".into(),
                multi_region: true,
                organization: false,
                selectors: json!([{
                    "Name": "Every S3 data event",
                    "FieldSelectors": [
                        {"Field": "eventCategory", "Equals": ["Data"]},
                        {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}
                    ]
                }]),
            }],
            ..Default::default()
        }
    }

    /// The account a request is made by.
    fn caller(&self, head: &str) -> Option<String> {
        let (key, _) = credential(head)?;
        let known = self.callers.0.lock().ok()?.get(key).cloned();
        if known.is_none() {
            if let Ok(mut m) = self.callers.1.lock() {
                m.get_or_insert_with(|| key.to_string());
            }
        }
        known.or_else(|| self.management.clone())
    }

    /// The request as moto should see it: Identity Center requests of the delegated
    /// administrator are signed over to the management account, where moto keeps the
    /// organization's instance (moto reads the account from the access key, not the
    /// signature).
    pub fn route(&self, head: &str) -> String {
        let caller = self.caller(head);
        let identity_center = header(head, "x-amz-target").is_some_and(|t| {
            t.starts_with("SWBExternalService.") || t.starts_with("AWSIdentityStore.")
        });
        if !identity_center || caller.is_none() || caller != self.sso_delegated_admin {
            return head.to_string();
        }
        let management_key = self.callers.1.lock().ok().and_then(|m| m.clone());
        match (credential(head), management_key) {
            (Some((key, _)), Some(mk)) => head.replacen(
                &format!("Credential={key}/"),
                &format!("Credential={mk}/"),
                1,
            ),
            _ => head.to_string(),
        }
    }

    /// Learn the account of the keys an AssumeRole answer hands out.
    pub fn observe(&self, head: &str, body: &[u8], answer: &[u8]) {
        let form = String::from_utf8_lossy(body);
        if !form.contains("Action=AssumeRole") || header(head, "x-amz-target").is_some() {
            return;
        }
        let decoded = form.replace("%3A", ":").replace("%2F", "/");
        let Some(account) = decoded
            .split('&')
            .find_map(|kv| kv.strip_prefix("RoleArn="))
            .and_then(|arn| arn.split(':').nth(4))
        else {
            return;
        };
        let text = String::from_utf8_lossy(answer);
        let Some(key) = text
            .split("<AccessKeyId>")
            .nth(1)
            .and_then(|r| r.split("</AccessKeyId>").next())
        else {
            return;
        };
        if let Ok(mut callers) = self.callers.0.lock() {
            callers.insert(key.to_string(), account.to_string());
        }
    }

    /// moto's answer as AWS gives it: S3 Control roots renamed (`…Response` → `…Result`), the
    /// content length kept true. Any other answer is passed through unchanged.
    pub fn reshape(&self, head: &str, answer: Vec<u8>) -> Vec<u8> {
        if let Some(a) = self.bucket_defaults(head, &answer) {
            return a.to_http().into_bytes();
        }
        const NS: &str = " xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\"";
        let Some(split) = answer.windows(4).position(|w| w == b"\r\n\r\n") else {
            return answer;
        };
        let (head, body) = (&answer[..split], &answer[split + 4..]);
        // Successful answers only: errors keep moto's `<ErrorResponse>`, which the SDKs read.
        if !head.starts_with(b"HTTP/1.1 2") && !head.starts_with(b"HTTP/1.0 2") {
            return answer;
        }
        let Ok(text) = std::str::from_utf8(body) else {
            return answer;
        };
        let Some(open) = text.find(&format!("Response{NS}>")) else {
            return answer;
        };
        let start = text[..open].rfind('<').map(|i| i + 1).unwrap_or(0);
        let op = &text[start..open];
        if op.is_empty() || !op.chars().all(|c| c.is_ascii_alphanumeric()) {
            return answer;
        }
        let body = text
            .replacen(
                &format!("<{op}Response{NS}>"),
                &format!("<{op}Result{NS}>"),
                1,
            )
            .replacen(&format!("</{op}Response>"), &format!("</{op}Result>"), 1);
        let head = String::from_utf8_lossy(head);
        let mut out = String::new();
        for line in head.split("\r\n") {
            if line.to_ascii_lowercase().starts_with("content-length:") {
                out.push_str(&format!("content-length: {}", body.len()));
            } else {
                out.push_str(line);
            }
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        out.push_str(&body);
        out.into_bytes()
    }

    /// A bucket's default encryption and ownership, as AWS's new buckets answer them, where
    /// moto answers "not configured" (switch `new_bucket_defaults`).
    fn bucket_defaults(&self, head: &str, answer: &[u8]) -> Option<Answer> {
        if !self.new_bucket_defaults {
            return None;
        }
        let first = head.lines().next()?;
        let target = first.strip_prefix("GET ")?.split(' ').next()?;
        let query = target.split_once('?')?.1;
        let text = String::from_utf8_lossy(answer);
        let body = match query.split('&').next()?.trim_end_matches('=') {
            "encryption" if text.contains("ServerSideEncryptionConfigurationNotFoundError") => {
                "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>"
            }
            "ownershipControls" if text.contains("OwnershipControlsNotFoundError") => {
                "<OwnershipControls xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>"
            }
            // "Starting in April 2023, all Block Public Access settings are enabled by default
            // for new buckets" (S3 User Guide, "Blocking public access to your Amazon S3
            // storage").
            "publicAccessBlock" if text.contains("NoSuchPublicAccessBlockConfiguration") => {
                "<PublicAccessBlockConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>"
            }
            _ => return None,
        };
        Some(Answer {
            status: 200,
            content_type: "application/xml",
            headers: Vec::new(),
            body: format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{body}"),
        })
    }

    /// A member's DescribeTrails with the organization's trails in it (switch
    /// `org_trails_in_members`), with the number of requests sent to the emulator.
    pub fn member_trails(
        &self,
        head: &str,
        body: &[u8],
        moto: std::net::SocketAddr,
    ) -> Option<(Answer, usize)> {
        if !self.org_trails_in_members {
            return None;
        }
        let target = header(head, "x-amz-target")?;
        if !(target.contains("CloudTrail_20131101.") && target.ends_with(".DescribeTrails")) {
            return None;
        }
        let caller = self.caller(head)?;
        if Some(&caller) == self.management.as_ref() {
            return None;
        }
        let management_key = self.callers.1.lock().ok()?.clone()?;
        let (key, _) = credential(head)?;
        let mut own: Value = serde_json::from_str(&post(moto, head, body)?).ok()?;
        let as_management = head.replacen(
            &format!("Credential={key}/"),
            &format!("Credential={management_key}/"),
            1,
        );
        let theirs: Value = serde_json::from_str(&post(moto, &as_management, body)?).ok()?;
        if own.get("trailList").is_none() {
            own["trailList"] = json!([]);
        }
        let list = own["trailList"].as_array_mut()?;
        for t in theirs["trailList"].as_array()?.iter() {
            if t["IsOrganizationTrail"] == true
                && !list.iter().any(|x| x["TrailARN"] == t["TrailARN"])
            {
                list.push(t.clone());
            }
        }
        Some((Answer::json(200, "application/x-amz-json-1.1", own), 2))
    }

    /// ListBuckets as S3 answers it, when `head` is one (S3 API Reference, "ListBuckets"),
    /// with the number of requests it sent to the emulator to build the answer.
    pub fn list_buckets(&self, head: &str, moto: std::net::SocketAddr) -> Option<(Answer, usize)> {
        let first = head.lines().next()?;
        let target = first.strip_prefix("GET ")?.split(' ').next()?;
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let service = header(head, "authorization")?
            .split("Credential=")
            .nth(1)?
            .split('/')
            .nth(3)?;
        if path != "/" || service != "s3" {
            return None;
        }
        let param = |name: &str| {
            query.split('&').find_map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (k == name).then(|| percent_decode(v))
            })
        };
        let rest: String = head.split_once("\r\n").map(|(_, r)| r.to_string())?;
        let listing = fetch(moto, "/", &rest)?;
        let mut fetched = 1;
        let mut buckets: Vec<(String, String, String)> = Vec::new();
        for part in listing.split("<Bucket>").skip(1) {
            let name = between(part, "<Name>", "</Name>")?.to_string();
            let created = between(part, "<CreationDate>", "</CreationDate>")
                .unwrap_or_default()
                .to_string();
            let location = fetch(moto, &format!("/{name}?location"), &rest)?;
            fetched += 1;
            let constraint = location
                .split_once("<LocationConstraint")
                .and_then(|(_, rest)| between(rest, ">", "</LocationConstraint>"))
                .unwrap_or("");
            let region = match constraint {
                "" => "us-east-1".to_string(),
                "EU" => "eu-west-1".to_string(),
                r => r.to_string(),
            };
            buckets.push((name, created, region));
        }
        buckets.sort();
        let prefix = param("prefix").unwrap_or_default();
        let region = param("bucket-region");
        let after = param("continuation-token").and_then(|t| hex_decode(&t));
        let max: usize = param("max-buckets")
            .and_then(|m| m.parse().ok())
            .unwrap_or(10_000);
        if !(1..=10_000).contains(&max) {
            return Some((
                Answer::xml_error(
                    400,
                    "InvalidArgument",
                    "max-buckets must be between 1 and 10000",
                ),
                fetched,
            ));
        }
        let chosen: Vec<&(String, String, String)> = buckets
            .iter()
            .filter(|(n, _, r)| {
                n.starts_with(&prefix)
                    && region.as_deref().is_none_or(|want| want == r)
                    && after.as_deref().is_none_or(|a| n.as_str() > a)
            })
            .collect();
        let page = &chosen[..chosen.len().min(max)];
        let mut body = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Owner><ID>relay</ID></Owner><Buckets>");
        for (name, created, region) in page {
            body.push_str(&format!(
                "<Bucket><Name>{name}</Name><CreationDate>{created}</CreationDate><BucketRegion>{region}</BucketRegion></Bucket>"
            ));
        }
        body.push_str("</Buckets>");
        if chosen.len() > page.len() {
            if let Some((last, _, _)) = page.last() {
                body.push_str(&format!(
                    "<ContinuationToken>{}</ContinuationToken>",
                    hex_encode(last)
                ));
            }
        }
        if !prefix.is_empty() {
            body.push_str(&format!("<Prefix>{prefix}</Prefix>"));
        }
        body.push_str("</ListAllMyBucketsResult>");
        Some((
            Answer {
                status: 200,
                content_type: "application/xml",
                headers: Vec::new(),
                body,
            },
            fetched,
        ))
    }

    /// The answer to a request, when it is one of the behaviours reproduced here.
    pub fn answer(&self, head: &str, body: &[u8]) -> Option<Answer> {
        let first = head.lines().next().unwrap_or_default();
        if first.starts_with("POST /listRegions") {
            return Some(self.list_regions(head, body));
        }
        let target = header(head, "x-amz-target")?;
        let op = target.rsplit('.').next().unwrap_or_default();
        let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        // CloudTrail's awsJson target prefix (`CloudTrail_20131101.`, as the SDKs send it).
        match (target.contains("CloudTrail_20131101."), op) {
            (true, "ListEventDataStores") => Some(self.list_event_data_stores(head)),
            (true, "GetEventDataStore") => Some(self.get_event_data_store(&request)),
            (false, "ListDelegatedAdministrators")
                if target.starts_with("AWSOrganizationsV20161128")
                    && request["ServicePrincipal"] == "sso.amazonaws.com" =>
            {
                Some(self.list_delegated_administrators(head))
            }
            (false, "ListInstances")
                if target.starts_with("SWBExternalService")
                    && self.sso_region.as_deref().is_some_and(|home| {
                        credential(head).is_some_and(|(_, region)| region != home)
                    }) =>
            {
                Some(Answer::json(
                    200,
                    "application/x-amz-json-1.1",
                    json!({ "Instances": [] }),
                ))
            }
            (false, "GetPermissionsBoundaryForPermissionSet")
                if target.starts_with("SWBExternalService") =>
            {
                Some(Answer::json_error(
                    "ResourceNotFoundException",
                    "Permissions boundary not found for the permission set.",
                ))
            }
            _ => None,
        }
    }

    /// Organizations API Reference, "ListDelegatedAdministrators": callable from the
    /// management account (or a delegated administrator of Organizations); the answer lists
    /// each administrator's account.
    fn list_delegated_administrators(&self, head: &str) -> Answer {
        if self.management.is_some() && self.caller(head) != self.management {
            return Answer::json_error(
                "AccessDeniedException",
                "You don't have permissions to access this resource.",
            );
        }
        let admins: Vec<Value> = self
            .sso_delegated_admin
            .iter()
            .map(|id| {
                json!({
                    "Id": id,
                    "Arn": format!(
                        "arn:{}:organizations::{}:account/o-relay/{id}",
                        partition(credential(head).map(|(_, r)| r).unwrap_or_default()),
                        self.management.clone().unwrap_or_default()
                    ),
                    "Name": "identity-admin",
                    "Email": format!("{id}@example.com"),
                    "Status": "ACTIVE",
                    "JoinedMethod": "CREATED",
                    "JoinedTimestamp": 1.7e9,
                    "DelegationEnabledDate": 1.7e9
                })
            })
            .collect();
        Answer::json(
            200,
            "application/x-amz-json-1.1",
            json!({ "DelegatedAdministrators": admins }),
        )
    }

    /// Account Management API Reference, "ListRegions".
    fn list_regions(&self, head: &str, body: &[u8]) -> Answer {
        let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let caller = self.caller(head);
        if self.list_regions_denied {
            return Answer::rest_error(
                403,
                "AccessDeniedException",
                "User is not authorized to perform: account:ListRegions",
            );
        }
        let asked = request["AccountId"].as_str().map(str::to_string);
        let account = match &asked {
            Some(id) => {
                let caller_is_management = caller.is_none() || caller == self.management;
                if !caller_is_management {
                    return Answer::rest_error(
                        403,
                        "AccessDeniedException",
                        "Only the management account or a delegated administrator can specify an AccountId.",
                    );
                }
                if Some(id) == self.management.as_ref() {
                    return Answer::rest_error(
                        403,
                        "AccessDeniedException",
                        "User is not authorized to perform: account:ListRegions (The management account can only be managed using the standalone context from the management account)",
                    );
                }
                if self.no_account_trusted_access {
                    return Answer::rest_error(
                        403,
                        "AccessDeniedException",
                        "User is not authorized to perform: account:ListRegions (Your organization must first enable trusted access with AWS Account Management.)",
                    );
                }
                Some(id.clone())
            }
            None => caller,
        };
        let opted: &[String] = account
            .as_ref()
            .and_then(|a| self.opted_in.get(a))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let wanted: Vec<&str> = request["RegionOptStatusContains"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let asked_in = credential(head).map(|(_, r)| r).unwrap_or_default();
        let (defaults, opt_in) = match partition(asked_in) {
            "aws-us-gov" => (GOV_REGIONS, &[][..]),
            _ => (DEFAULT_REGIONS, OPT_IN_REGIONS),
        };
        let mut all: Vec<(&str, &str)> = defaults
            .iter()
            .map(|r| (*r, "ENABLED_BY_DEFAULT"))
            .chain(opt_in.iter().map(|r| {
                let status = if opted.iter().any(|o| o == r) {
                    "ENABLED"
                } else {
                    "DISABLED"
                };
                (*r, status)
            }))
            .filter(|(_, s)| wanted.is_empty() || wanted.contains(s))
            .collect();
        all.sort();
        let size = request["MaxResults"].as_u64().unwrap_or(20).clamp(1, 50) as usize;
        let start: usize = request["NextToken"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let page: Vec<Value> = all
            .iter()
            .skip(start)
            .take(size)
            .map(|(r, s)| json!({"RegionName": r, "RegionOptStatus": s}))
            .collect();
        let mut out = json!({ "Regions": page });
        if start + size < all.len() {
            out["NextToken"] = json!((start + size).to_string());
        }
        Answer::json(200, "application/json", out)
    }

    /// CloudTrail API Reference, "ListEventDataStores": the caller's stores in the region
    /// asked, ARN and name only.
    fn list_event_data_stores(&self, head: &str) -> Answer {
        let caller = self.caller(head);
        let region = credential(head).map(|(_, r)| r).unwrap_or_default();
        let stores: Vec<Value> = self
            .event_data_stores
            .iter()
            .filter(|s| Some(&s.account) == caller.as_ref() && s.home_region == region)
            .map(|s| json!({"EventDataStoreArn": s.arn(), "Name": s.name}))
            .collect();
        Answer::json(
            200,
            "application/x-amz-json-1.1",
            json!({ "EventDataStores": stores }),
        )
    }

    /// CloudTrail API Reference, "GetEventDataStore".
    fn get_event_data_store(&self, request: &Value) -> Answer {
        let asked = request["EventDataStore"].as_str().unwrap_or_default();
        match self.event_data_stores.iter().find(|s| s.arn() == asked) {
            Some(s) => Answer::json(
                200,
                "application/x-amz-json-1.1",
                json!({
                    "EventDataStoreArn": s.arn(),
                    "Name": s.name,
                    "Status": s.status,
                    "AdvancedEventSelectors": s.selectors,
                    "MultiRegionEnabled": s.multi_region,
                    "OrganizationEnabled": s.organization,
                    "RetentionPeriod": 366,
                    "TerminationProtectionEnabled": true,
                }),
            ),
            None => Answer::json_error(
                "EventDataStoreNotFoundException",
                &format!("The specified event data store {asked} was not found."),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "POST /listRegions HTTP/1.1\r\nauthorization: AWS4-HMAC-SHA256 Credential=testing/20261202/us-east-1/account/aws4_request, SignedHeaders=host, Signature=x\r\n";

    fn regions(b: &AwsBehaviour, body: Value) -> Value {
        let a = b.answer(HEAD, body.to_string().as_bytes()).unwrap();
        assert_eq!(a.status, 200, "{}", a.body);
        serde_json::from_str(&a.body).unwrap()
    }

    #[test]
    fn list_regions_filters_and_pages_as_the_api_reference_says() {
        let mut b = AwsBehaviour::default();
        b.opted_in
            .insert("222222222222".into(), vec!["af-south-1".into()]);
        let page = regions(
            &b,
            json!({"AccountId": "222222222222", "MaxResults": 10,
                   "RegionOptStatusContains": ["ENABLED", "ENABLED_BY_DEFAULT"]}),
        );
        assert_eq!(page["Regions"].as_array().unwrap().len(), 10);
        assert_eq!(page["Regions"][0]["RegionName"], "af-south-1");
        assert_eq!(page["Regions"][0]["RegionOptStatus"], "ENABLED");
        let rest = regions(
            &b,
            json!({"AccountId": "222222222222", "MaxResults": 50, "NextToken": "10",
                   "RegionOptStatusContains": ["ENABLED", "ENABLED_BY_DEFAULT"]}),
        );
        assert_eq!(rest["Regions"].as_array().unwrap().len(), 8);
        assert!(rest.get("NextToken").is_none());
        let all = regions(&b, json!({"MaxResults": 50}));
        assert_eq!(all["Regions"].as_array().unwrap().len(), 34);
    }

    #[test]
    fn the_management_account_cannot_name_itself() {
        let b = AwsBehaviour {
            management: Some("111111111111".into()),
            ..Default::default()
        };
        let a = b.answer(HEAD, br#"{"AccountId":"111111111111"}"#).unwrap();
        assert_eq!(a.status, 403);
        assert!(a.headers.iter().any(|(_, v)| v == "AccessDeniedException"));
    }

    #[test]
    fn keys_from_assume_role_answers_identify_the_member() {
        let b = AwsBehaviour {
            management: Some("111111111111".into()),
            event_data_stores: vec![EventDataStore {
                account: "222222222222".into(),
                home_region: "us-east-1".into(),
                name: "lake".into(),
                status: "ENABLED".into(),
                multi_region: true,
                organization: false,
                selectors: json!([]),
            }],
            ..Default::default()
        };
        b.observe(
            "POST / HTTP/1.1\r\n",
            b"Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FAudit",
            b"<AssumeRoleResult><Credentials><AccessKeyId>ASIAMEMBER</AccessKeyId>",
        );
        let list = |key: &str| {
            let head = format!("POST / HTTP/1.1\r\nx-amz-target: CloudTrail_20131101.ListEventDataStores\r\nauthorization: AWS4-HMAC-SHA256 Credential={key}/20261202/us-east-1/cloudtrail/aws4_request, Signature=x\r\n");
            let a = b.answer(&head, b"{}").unwrap();
            serde_json::from_str::<Value>(&a.body).unwrap()["EventDataStores"]
                .as_array()
                .unwrap()
                .len()
        };
        assert_eq!(list("ASIAMEMBER"), 1);
        assert_eq!(list("testing"), 0, "the management account has none");
    }

    /// S3 Control API Reference, "ListAccessPoints": the answer is rooted in
    /// `ListAccessPointsResult`.
    #[test]
    fn s3_control_roots_are_renamed_and_the_length_kept_true() {
        let b = AwsBehaviour::default();
        let body = "<?xml version=\"1.0\"?><ListAccessPointsResponse xmlns=\"http://awss3control.amazonaws.com/doc/2018-08-20/\"><AccessPointList></AccessPointList></ListAccessPointsResponse>";
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/xml\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        let out = String::from_utf8(b.reshape("GET /x HTTP/1.1\r\n", answer.into_bytes())).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert!(
            body.contains("<ListAccessPointsResult xmlns")
                && body.ends_with("</ListAccessPointsResult>"),
            "{body}"
        );
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        // Anything else passes unchanged.
        let other = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec();
        assert_eq!(b.reshape("GET /x HTTP/1.1\r\n", other.clone()), other);
    }
}
