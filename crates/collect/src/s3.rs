//! Amazon S3, per account: the account's Block Public Access (s3control), every bucket, and the
//! access points of each audited region (s3control ListAccessPoints, then GetAccessPoint and
//! GetAccessPointPolicy per access point).
//!
//! Calls per bucket, each setting read once: GetBucketVersioning, GetBucketEncryption,
//! GetBucketLogging, GetPublicAccessBlock, GetBucketPolicy, GetBucketOwnershipControls,
//! GetBucketWebsite, and only when they can matter:
//! - GetBucketLifecycleConfiguration when versioning was ever enabled (S3.2 is about noncurrent
//!   versions; a never-versioned bucket has none);
//! - GetBucketPolicyStatus when a statement of the policy names a wildcard principal or uses
//!   `NotPrincipal` (conditions or not), or the policy cannot be parsed: AWS's own verdict is
//!   compared with orgaudit's reading of "public";
//! - GetBucketAcl unless Object Ownership is `BucketOwnerEnforced` (ACLs disabled);
//! - GetBucketLocation when no listing said the region. AWS's ListBuckets names each bucket's
//!   region; where it does not (older endpoints, emulators), the buckets are listed once more per
//!   audited region with the `bucket-region` filter, so only buckets outside the audited regions
//!   are asked one by one.
//!
//! So 7 to 10 calls per bucket. Each bucket is
//! asked in its own region. "Not configured" answers are data (`Ok(None)`).

use crate::util::{keep, need_owned, At, Missing};
use aws_sdk_s3::Client;
use futures::StreamExt;
use orgaudit_aws::ops::{s3 as op, s3control};
use orgaudit_aws::Session;
use orgaudit_model::s3::*;
use orgaudit_model::{CollectionError, Fetched};

/// `GetBucketLocation`'s constraint as a region name: none (or empty) is us-east-1, and the
/// legacy `EU` is eu-west-1 (S3 API Reference, "GetBucketLocation").
fn region_of(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".into(),
        Some("EU") => "eu-west-1".into(),
        Some(r) => r.to_string(),
    }
}

pub(crate) async fn collect(
    session: &Session,
    home_region: &str,
    regions: &[String],
    concurrency: usize,
    errors: &mut Vec<CollectionError>,
) -> S3Account {
    let account = session.account_id.clone();
    let at = At::region(&account, home_region);
    let pab = account_public_access_block(&session.s3control(home_region), at).await;
    keep(&pab, errors);

    let s3_home = session.s3(home_region);
    let buckets = match list_buckets(&s3_home, at).await {
        Fetched::Error(e) => Fetched::Error(e),
        Fetched::Ok(mut summaries) => {
            if summaries.iter().any(|(_, r)| r.is_none()) {
                regions_by_listing(&s3_home, regions, &mut summaries).await;
            }
            let buckets: Vec<Bucket> = futures::stream::iter(summaries)
                .map(|(name, region)| bucket(session, &account, home_region, name, region))
                .buffered(concurrency)
                .collect()
                .await;
            Fetched::Ok(buckets)
        }
    };
    keep(&buckets, errors);
    for e in buckets.ok().into_iter().flatten().flat_map(bucket_errors) {
        crate::util::record(e, errors);
    }
    let mut access_points = std::collections::BTreeMap::new();
    for region in regions {
        let found = access_points_in(session, region, concurrency).await;
        keep(&found, errors);
        for ap in found.ok().into_iter().flatten() {
            keep(&ap.public_access_block, errors);
            keep(&ap.policy, errors);
        }
        access_points.insert(region.clone(), found);
    }
    S3Account {
        account_id: account,
        public_access_block: pab,
        buckets,
        access_points,
    }
}

/// The account's access points in `region`: ListAccessPoints (all pages: "Returns a list of
/// the access points that are owned by the current account", S3 API Reference), then per
/// access point GetAccessPoint (its Block Public Access and network origin) and
/// GetAccessPointPolicy (`NoSuchAccessPointPolicy`: none).
async fn access_points_in(
    session: &Session,
    region: &str,
    concurrency: usize,
) -> Fetched<Vec<AccessPoint>> {
    let account = session.account_id.as_str();
    let at = At::region(account, region);
    let control = session.s3control(region);
    let result = control
        .list_access_points()
        .account_id(account)
        .max_results(1000)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    let listed = at.read(s3control::LIST_ACCESS_POINTS, None, result, |pages| {
        crate::util::each(pages.iter().flat_map(|p| p.access_point_list()), |a| {
            Ok((
                a.name().to_string(),
                a.access_point_arn().map(str::to_string),
                a.bucket().to_string(),
                a.bucket_account_id().map(str::to_string),
                Some(a.network_origin().as_str().to_string()),
            ))
        })
    });
    let listed = match listed {
        Fetched::Ok(l) => l,
        Fetched::Error(e) => return Fetched::Error(e),
    };
    let control = &control;
    let read: Vec<AccessPoint> = futures::stream::iter(listed)
        .map(
            |(name, arn, bucket, bucket_account_id, network_origin)| async move {
                let result = control
                    .get_access_point()
                    .account_id(account)
                    .name(&name)
                    .send()
                    .await;
                let public_access_block =
                    at.read(s3control::GET_ACCESS_POINT, Some(&name), result, |o| {
                        Ok(o.public_access_block_configuration().map(pab_of_control))
                    });
                let result = control
                    .get_access_point_policy()
                    .account_id(account)
                    .name(&name)
                    .send()
                    .await;
                let policy = at.setting(
                    s3control::GET_ACCESS_POINT_POLICY,
                    Some(&name),
                    result,
                    &["NoSuchAccessPointPolicy"],
                    |o| o.policy().map(str::to_string).ok_or(Missing("Policy")),
                );
                AccessPoint {
                    arn: arn.unwrap_or_else(|| {
                        format!(
                            "arn:{}:s3:{region}:{account}:accesspoint/{name}",
                            session.partition()
                        )
                    }),
                    name,
                    account_id: account.to_string(),
                    region: region.to_string(),
                    bucket,
                    bucket_account_id,
                    network_origin,
                    public_access_block,
                    policy,
                }
            },
        )
        .buffered(concurrency.max(1))
        .collect()
        .await;
    Fetched::Ok(read)
}

/// The account's Block Public Access (S3 Control GetPublicAccessBlock); none configured is
/// `Ok(None)`.
async fn account_public_access_block(
    control: &aws_sdk_s3control::Client,
    at: At<'_>,
) -> Fetched<Option<PublicAccessBlock>> {
    let result = control
        .get_public_access_block()
        .account_id(at.account)
        .send()
        .await;
    at.setting(
        s3control::GET_PUBLIC_ACCESS_BLOCK,
        Some(at.account),
        result,
        &["NoSuchPublicAccessBlockConfiguration"],
        |o| {
            Ok(o.public_access_block_configuration()
                .map(pab_of_control)
                .unwrap_or_default())
        },
    )
}

/// Buckets per ListBuckets page. Only a paginated ListBuckets (one with `MaxBuckets`) returns a
/// continuation token; unpaginated requests are refused for accounts whose bucket quota is
/// above 10,000 (S3 API Reference, "ListBuckets").
const PAGE: i32 = 1000;

/// ListBuckets, all pages: each bucket's name and, where the answer says it, its region.
async fn list_buckets(s3: &Client, at: At<'_>) -> Fetched<Vec<(String, Option<String>)>> {
    let result = s3
        .list_buckets()
        .max_buckets(PAGE)
        .into_paginator()
        .send()
        .try_collect()
        .await;
    at.read(op::LIST_BUCKETS, None, result, |pages| {
        crate::util::each(pages.iter().flat_map(|p| p.buckets()), |b| {
            Ok((
                need_owned(b.name(), "Bucket.Name")?,
                b.bucket_region()
                    .filter(|r| !r.is_empty())
                    .map(str::to_string),
            ))
        })
    })
}

/// Fill in bucket regions with one filtered ListBuckets per audited region. A listing that
/// fails loses nothing: those buckets are asked GetBucketLocation one by one instead.
async fn regions_by_listing(
    s3: &aws_sdk_s3::Client,
    regions: &[String],
    summaries: &mut [(String, Option<String>)],
) {
    for region in regions {
        let listed: Result<Vec<_>, _> = s3
            .list_buckets()
            .bucket_region(region)
            .max_buckets(PAGE)
            .into_paginator()
            .send()
            .try_collect()
            .await;
        match listed {
            Ok(pages) => {
                let names: std::collections::HashSet<&str> = pages
                    .iter()
                    .flat_map(|p| p.buckets())
                    .filter_map(|b| b.name())
                    .collect();
                for (name, r) in summaries.iter_mut().filter(|(_, r)| r.is_none()) {
                    if names.contains(name.as_str()) {
                        *r = Some(region.clone());
                    }
                }
            }
            Err(e) => tracing::debug!(
                region = region.as_str(),
                "ListBuckets filtered by region failed, falling back to GetBucketLocation: {e}"
            ),
        }
    }
}

/// Is AWS's own verdict (GetBucketPolicyStatus) worth asking? Whenever some statement names
/// a wildcard principal or uses `NotPrincipal`, conditions or not, or the document cannot be
/// parsed: orgaudit's reading of "public" is then compared with AWS's.
fn names_wildcard_principal(policy: &str) -> bool {
    match orgaudit_policy::PolicyDocument::parse(policy) {
        Err(_) => true,
        Ok(doc) => doc.statements.iter().any(|s| {
            s.not_principal.is_some() || s.principal.as_ref().is_some_and(|p| p.has_wildcard())
        }),
    }
}

fn bucket_errors(b: &Bucket) -> Vec<CollectionError> {
    let mut errors: Vec<CollectionError> = [
        b.region.error(),
        b.versioning.error(),
        b.encryption.error(),
        b.logging.error(),
        b.public_access_block.error(),
        b.policy.error(),
        b.policy_is_public.error(),
        b.ownership.error(),
        b.acl.as_ref().and_then(Fetched::error),
        b.lifecycle.as_ref().and_then(Fetched::error),
        b.website.error(),
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    // A bucket whose region is unknown carries that one error in every setting.
    errors.dedup();
    errors
}

fn pab_of(c: &aws_sdk_s3::types::PublicAccessBlockConfiguration) -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: c.block_public_acls().unwrap_or(false),
        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
        block_public_policy: c.block_public_policy().unwrap_or(false),
        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
    }
}

fn pab_of_control(
    c: &aws_sdk_s3control::types::PublicAccessBlockConfiguration,
) -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: c.block_public_acls().unwrap_or(false),
        ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
        block_public_policy: c.block_public_policy().unwrap_or(false),
        restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
    }
}

/// One bucket, asked in its own region.
struct On<'a> {
    s3: Client,
    at: At<'a>,
    name: &'a str,
    arn: &'a str,
}

impl On<'_> {
    fn subject(&self) -> Option<&str> {
        Some(self.arn)
    }
}

async fn bucket(
    session: &Session,
    account: &str,
    home_region: &str,
    name: String,
    listed_region: Option<String>,
) -> Bucket {
    let arn = format!("arn:{}:s3:::{name}", session.partition());
    let region: Fetched<String> = match listed_region.filter(|r| !r.is_empty()) {
        Some(r) => Fetched::Ok(r),
        None => {
            let home = On {
                s3: session.s3(home_region),
                at: At::region(account, home_region),
                name: &name,
                arn: &arn,
            };
            location(&home).await
        }
    };
    let r = match &region {
        Fetched::Ok(r) => r.clone(),
        Fetched::Error(e) => {
            // Without its region the bucket cannot be asked anything reliably: every setting
            // carries the same error, and every rule on it says `unknown`.
            let e = e.clone();
            return Bucket {
                name,
                arn,
                account_id: account.to_string(),
                region: Fetched::Error(e.clone()),
                versioning: Fetched::Error(e.clone()),
                encryption: Fetched::Error(e.clone()),
                logging: Fetched::Error(e.clone()),
                public_access_block: Fetched::Error(e.clone()),
                policy: Fetched::Error(e.clone()),
                policy_is_public: Fetched::Error(e.clone()),
                ownership: Fetched::Error(e.clone()),
                acl: Some(Fetched::Error(e.clone())),
                lifecycle: Some(Fetched::Error(e.clone())),
                website: Fetched::Error(e),
            };
        }
    };
    let on = On {
        s3: session.s3(&r),
        at: At::region(account, &r),
        name: &name,
        arn: &arn,
    };
    let versioning = versioning(&on).await;
    let encryption = encryption(&on).await;
    let logging = logging(&on).await;
    let public_access_block = public_access_block(&on).await;
    let policy = policy(&on).await;
    let policy_is_public = match &policy {
        Fetched::Ok(Some(text)) if names_wildcard_principal(text) => policy_status(&on).await,
        _ => Fetched::Ok(None),
    };
    let ownership = ownership(&on).await;
    // The ACL, unless ACLs are disabled: with `BucketOwnerEnforced` "ACLs are disabled and no
    // longer affect permissions" (S3 User Guide, "Controlling ownership of objects and
    // disabling ACLs for your bucket").
    let acl = match &ownership {
        Fetched::Ok(Some(o)) if o == "BucketOwnerEnforced" => None,
        _ => Some(acl(&on).await),
    };
    // Never enabled (`status: None`): no noncurrent versions, nothing for S3.2 to judge.
    let ever_versioned = !matches!(&versioning, Fetched::Ok(v) if v.status.is_none());
    let lifecycle = if ever_versioned {
        Some(lifecycle(&on).await)
    } else {
        None
    };
    let website = website(&on).await;

    Bucket {
        account_id: account.to_string(),
        region,
        versioning,
        encryption,
        logging,
        public_access_block,
        policy,
        policy_is_public,
        ownership,
        acl,
        lifecycle,
        website,
        name,
        arn,
    }
}

/// GetBucketLocation.
async fn location(on: &On<'_>) -> Fetched<String> {
    let result = on.s3.get_bucket_location().bucket(on.name).send().await;
    on.at
        .read(op::GET_BUCKET_LOCATION, on.subject(), result, |o| {
            Ok(region_of(o.location_constraint().map(|c| c.as_str())))
        })
}

/// GetBucketVersioning: no status means versioning was never enabled.
async fn versioning(on: &On<'_>) -> Fetched<Versioning> {
    let result = on.s3.get_bucket_versioning().bucket(on.name).send().await;
    on.at
        .read(op::GET_BUCKET_VERSIONING, on.subject(), result, |o| {
            Ok(Versioning {
                status: o.status().map(|s| s.as_str().to_string()),
                mfa_delete: o.mfa_delete().map(|s| s.as_str().to_string()),
            })
        })
}

/// GetBucketEncryption: the default encryption rules.
async fn encryption(on: &On<'_>) -> Fetched<Option<Vec<EncryptionRule>>> {
    let result = on.s3.get_bucket_encryption().bucket(on.name).send().await;
    on.at.setting(
        op::GET_BUCKET_ENCRYPTION,
        on.subject(),
        result,
        &["ServerSideEncryptionConfigurationNotFoundError"],
        |o| {
            Ok(o.server_side_encryption_configuration()
                .map(|c| {
                    c.rules()
                        .iter()
                        .filter_map(|rule| {
                            let d = rule.apply_server_side_encryption_by_default()?;
                            Some(EncryptionRule {
                                algorithm: d.sse_algorithm().as_str().to_string(),
                                kms_key_id: d.kms_master_key_id().map(str::to_string),
                                bucket_key_enabled: rule.bucket_key_enabled(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default())
        },
    )
}

/// GetBucketLogging: no `LoggingEnabled` means logging is off.
async fn logging(on: &On<'_>) -> Fetched<Option<Logging>> {
    let result = on.s3.get_bucket_logging().bucket(on.name).send().await;
    on.at
        .read(op::GET_BUCKET_LOGGING, on.subject(), result, |o| {
            Ok(o.logging_enabled().map(|l| Logging {
                target_bucket: l.target_bucket().to_string(),
                target_prefix: l.target_prefix().to_string(),
            }))
        })
}

/// GetPublicAccessBlock (the bucket's own settings).
async fn public_access_block(on: &On<'_>) -> Fetched<Option<PublicAccessBlock>> {
    let result = on.s3.get_public_access_block().bucket(on.name).send().await;
    on.at.setting(
        op::GET_PUBLIC_ACCESS_BLOCK,
        on.subject(),
        result,
        &["NoSuchPublicAccessBlockConfiguration"],
        |o| {
            Ok(o.public_access_block_configuration()
                .map(pab_of)
                .unwrap_or_default())
        },
    )
}

/// GetBucketPolicy: the policy text as S3 holds it.
async fn policy(on: &On<'_>) -> Fetched<Option<String>> {
    let result = on.s3.get_bucket_policy().bucket(on.name).send().await;
    flatten(on.at.setting(
        op::GET_BUCKET_POLICY,
        on.subject(),
        result,
        &["NoSuchBucketPolicy"],
        |o| Ok(o.policy().map(str::to_string)),
    ))
}

/// GetBucketPolicyStatus: AWS's own verdict on whether the policy is public.
async fn policy_status(on: &On<'_>) -> Fetched<Option<bool>> {
    let result = on
        .s3
        .get_bucket_policy_status()
        .bucket(on.name)
        .send()
        .await;
    flatten(on.at.setting(
        op::GET_BUCKET_POLICY_STATUS,
        on.subject(),
        result,
        &["NoSuchBucketPolicy"],
        |o| Ok(o.policy_status().and_then(|s| s.is_public())),
    ))
}

/// GetBucketOwnershipControls: the Object Ownership setting.
async fn ownership(on: &On<'_>) -> Fetched<Option<String>> {
    let result = on
        .s3
        .get_bucket_ownership_controls()
        .bucket(on.name)
        .send()
        .await;
    flatten(on.at.setting(
        op::GET_BUCKET_OWNERSHIP_CONTROLS,
        on.subject(),
        result,
        &["OwnershipControlsNotFoundError"],
        |o| {
            Ok(o.ownership_controls().and_then(|c| {
                c.rules()
                    .first()
                    .map(|r| r.object_ownership().as_str().to_string())
            }))
        },
    ))
}

/// GetBucketAcl: the ACL S3 enforces.
async fn acl(on: &On<'_>) -> Fetched<Acl> {
    let result = on.s3.get_bucket_acl().bucket(on.name).send().await;
    on.at.read(op::GET_BUCKET_ACL, on.subject(), result, |o| {
        Ok(Acl {
            owner_id: o.owner().and_then(|w| w.id()).map(str::to_string),
            grants: crate::util::each(o.grants(), |g| {
                let grantee = g.grantee().ok_or(Missing("Grant.Grantee"))?;
                Ok(AclGrant {
                    grantee_type: grantee.r#type().as_str().to_string(),
                    uri: grantee.uri().map(str::to_string),
                    id: grantee.id().map(str::to_string),
                    permission: need_owned(g.permission().map(|p| p.as_str()), "Grant.Permission")?,
                })
            })?,
        })
    })
}

/// GetBucketLifecycleConfiguration: each rule's status, noncurrent expiration and scope.
async fn lifecycle(on: &On<'_>) -> Fetched<Option<Vec<LifecycleRule>>> {
    let result = on
        .s3
        .get_bucket_lifecycle_configuration()
        .bucket(on.name)
        .send()
        .await;
    on.at.setting(
        op::GET_BUCKET_LIFECYCLE_CONFIGURATION,
        on.subject(),
        result,
        &["NoSuchLifecycleConfiguration"],
        |o| {
            Ok(o.rules()
                .iter()
                .map(|rule| LifecycleRule {
                    id: rule.id().map(str::to_string),
                    status: rule.status().as_str().to_string(),
                    noncurrent_expiration_days: rule
                        .noncurrent_version_expiration()
                        .and_then(|n| n.noncurrent_days()),
                    newer_noncurrent_versions: rule
                        .noncurrent_version_expiration()
                        .and_then(|n| n.newer_noncurrent_versions()),
                    filter: lifecycle_filter(rule),
                })
                .collect())
        },
    )
}

/// Which objects a lifecycle rule applies to, in words; `None` for every object. A rule's
/// `Filter` (or its legacy `Prefix`) narrows it by key prefix, tags and object size; an empty
/// filter or prefix applies to all objects (S3 User Guide, "Lifecycle configuration
/// elements": "Filter").
fn lifecycle_filter(rule: &aws_sdk_s3::types::LifecycleRule) -> Option<String> {
    let mut parts = Vec::new();
    #[allow(deprecated)]
    let legacy = rule.prefix();
    let mut prefixes = vec![legacy];
    let mut tags = Vec::new();
    let mut sizes = Vec::new();
    if let Some(f) = rule.filter() {
        prefixes.push(f.prefix());
        tags.extend(f.tag().map(|t| (t.key(), t.value())));
        sizes.push((f.object_size_greater_than(), f.object_size_less_than()));
        if let Some(and) = f.and() {
            prefixes.push(and.prefix());
            tags.extend(and.tags().iter().map(|t| (t.key(), t.value())));
            sizes.push((and.object_size_greater_than(), and.object_size_less_than()));
        }
    }
    for p in prefixes.into_iter().flatten().filter(|p| !p.is_empty()) {
        parts.push(format!("keys starting with {p:?}"));
    }
    for (k, v) in tags {
        parts.push(format!("objects tagged {k:?}={v:?}"));
    }
    for (gt, lt) in sizes {
        if let Some(n) = gt {
            parts.push(format!("objects larger than {n} bytes"));
        }
        if let Some(n) = lt {
            parts.push(format!("objects smaller than {n} bytes"));
        }
    }
    (!parts.is_empty()).then(|| parts.join(" and "))
}

/// GetBucketWebsite: static website hosting, if configured.
async fn website(on: &On<'_>) -> Fetched<Option<Website>> {
    let result = on.s3.get_bucket_website().bucket(on.name).send().await;
    on.at.setting(
        op::GET_BUCKET_WEBSITE,
        on.subject(),
        result,
        &["NoSuchWebsiteConfiguration"],
        |o| {
            Ok(Website {
                index_document: o.index_document().map(|d| d.suffix().to_string()),
                redirect_all_to: o
                    .redirect_all_requests_to()
                    .map(|r| r.host_name().to_string()),
            })
        },
    )
}

fn flatten<T>(f: Fetched<Option<Option<T>>>) -> Fetched<Option<T>> {
    match f {
        Fetched::Ok(v) => Fetched::Ok(v.flatten()),
        Fetched::Error(e) => Fetched::Error(e),
    }
}

#[cfg(test)]
mod tests {
    use super::region_of;

    #[test]
    fn location_constraints() {
        assert_eq!(region_of(None), "us-east-1");
        assert_eq!(region_of(Some("")), "us-east-1");
        assert_eq!(region_of(Some("EU")), "eu-west-1");
        assert_eq!(region_of(Some("ap-northeast-1")), "ap-northeast-1");
    }
}
