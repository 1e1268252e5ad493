//! Amazon S3, per account: the account's Block Public Access (s3control) and every bucket.
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

use crate::util::collection_error;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::StreamExt;
use orgaudit_aws::Session;
use orgaudit_model::s3::*;
use orgaudit_model::{CollectionError, Fetched};

const SVC: &str = "S3";

/// Map an S3 answer: success → `Some`, one of the "not configured" codes → `None`, any
/// other error → recorded.
fn setting<O, E, T>(
    result: Result<O, SdkError<E, HttpResponse>>,
    not_configured: &[&str],
    map: impl FnOnce(O) -> T,
    ctx: &Ctx<'_>,
    operation: &str,
) -> Fetched<Option<T>>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match result {
        Ok(out) => Fetched::Ok(Some(map(out))),
        Err(e) => {
            let code = match &e {
                SdkError::ServiceError(se) => se.err().code().map(str::to_string),
                _ => None,
            };
            if code
                .as_deref()
                .map(|c| not_configured.contains(&c))
                .unwrap_or(false)
            {
                Fetched::Ok(None)
            } else {
                Fetched::Error(collection_error(
                    &e,
                    ctx.account,
                    Some(ctx.region),
                    ctx.service,
                    operation,
                    Some(ctx.subject),
                ))
            }
        }
    }
}

struct Ctx<'a> {
    account: &'a str,
    region: &'a str,
    service: &'a str,
    subject: &'a str,
}

/// Flatten `Fetched<Option<T>>` into `Fetched<T>` for settings that always exist.
fn required<T>(f: Fetched<Option<T>>, ctx: &Ctx<'_>, operation: &str) -> Fetched<T> {
    match f {
        Fetched::Ok(Some(v)) => Fetched::Ok(v),
        Fetched::Ok(None) => Fetched::Error(CollectionError {
            account_id: Some(ctx.account.to_string()),
            region: Some(ctx.region.to_string()),
            service: SVC.into(),
            operation: operation.into(),
            code: "EmptyResponse".into(),
            message: "the response held no value".into(),
            subject: Some(ctx.subject.to_string()),
        }),
        Fetched::Error(e) => Fetched::Error(e),
    }
}

/// `GetBucketLocation`'s constraint as a region name.
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
    let home = Ctx {
        account: &account,
        region: home_region,
        service: "S3Control",
        subject: &account,
    };
    let control = session.s3control(home_region);
    let pab = setting(
        control
            .get_public_access_block()
            .account_id(&account)
            .send()
            .await,
        &["NoSuchPublicAccessBlockConfiguration"],
        |o| {
            o.public_access_block_configuration()
                .map(pab_of_control)
                .unwrap_or_default()
        },
        &home,
        "GetPublicAccessBlock",
    );

    let s3_home = session.s3(home_region);
    let list_ctx = Ctx {
        account: &account,
        region: home_region,
        service: SVC,
        subject: &account,
    };
    let listed = s3_home
        .list_buckets()
        .into_paginator()
        .send()
        .try_collect()
        .await;
    let buckets = match listed {
        Err(e) => Fetched::Error(collection_error(
            &e,
            list_ctx.account,
            Some(home_region),
            SVC,
            "ListBuckets",
            None,
        )),
        Ok(pages) => {
            let mut summaries: Vec<(String, Option<String>)> = pages
                .iter()
                .flat_map(|p| p.buckets())
                .filter_map(|b| {
                    Some((
                        b.name()?.to_string(),
                        b.bucket_region()
                            .filter(|r| !r.is_empty())
                            .map(str::to_string),
                    ))
                })
                .collect();
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

    for e in std::iter::once(pab.error())
        .chain(std::iter::once(buckets.error()))
        .flatten()
        .cloned()
        .chain(buckets.ok().into_iter().flatten().flat_map(bucket_errors))
    {
        tracing::warn!("{}", e.summary());
        errors.push(e);
    }
    S3Account {
        account_id: account,
        public_access_block: pab,
        buckets,
    }
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
            let ctx = Ctx {
                account,
                region: home_region,
                service: SVC,
                subject: &arn,
            };
            let loc = session
                .s3(home_region)
                .get_bucket_location()
                .bucket(&name)
                .send()
                .await;
            required(
                setting(
                    loc,
                    &[],
                    |o| region_of(o.location_constraint().map(|c| c.as_str())),
                    &ctx,
                    "GetBucketLocation",
                ),
                &ctx,
                "GetBucketLocation",
            )
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
    let ctx = Ctx {
        account,
        region: &r,
        service: SVC,
        subject: &arn,
    };
    let s3 = session.s3(&r);

    let versioning = required(
        setting(
            s3.get_bucket_versioning().bucket(&name).send().await,
            &[],
            |o| Versioning {
                status: o.status().map(|s| s.as_str().to_string()),
                mfa_delete: o.mfa_delete().map(|s| s.as_str().to_string()),
            },
            &ctx,
            "GetBucketVersioning",
        ),
        &ctx,
        "GetBucketVersioning",
    );
    let encryption = setting(
        s3.get_bucket_encryption().bucket(&name).send().await,
        &["ServerSideEncryptionConfigurationNotFoundError"],
        |o| {
            o.server_side_encryption_configuration()
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
                .unwrap_or_default()
        },
        &ctx,
        "GetBucketEncryption",
    );
    let logging = match setting(
        s3.get_bucket_logging().bucket(&name).send().await,
        &[],
        |o| {
            o.logging_enabled().map(|l| Logging {
                target_bucket: l.target_bucket().to_string(),
                target_prefix: l.target_prefix().to_string(),
            })
        },
        &ctx,
        "GetBucketLogging",
    ) {
        Fetched::Ok(v) => Fetched::Ok(v.flatten()),
        Fetched::Error(e) => Fetched::Error(e),
    };
    let public_access_block = setting(
        s3.get_public_access_block().bucket(&name).send().await,
        &["NoSuchPublicAccessBlockConfiguration"],
        |o| {
            o.public_access_block_configuration()
                .map(pab_of)
                .unwrap_or_default()
        },
        &ctx,
        "GetPublicAccessBlock",
    );
    let policy = match setting(
        s3.get_bucket_policy().bucket(&name).send().await,
        &["NoSuchBucketPolicy"],
        |o| o.policy().map(str::to_string),
        &ctx,
        "GetBucketPolicy",
    ) {
        Fetched::Ok(v) => Fetched::Ok(v.flatten()),
        Fetched::Error(e) => Fetched::Error(e),
    };
    let policy_is_public = match &policy {
        Fetched::Ok(Some(text)) if names_wildcard_principal(text) => match setting(
            s3.get_bucket_policy_status().bucket(&name).send().await,
            &["NoSuchBucketPolicy"],
            |o| o.policy_status().and_then(|s| s.is_public()),
            &ctx,
            "GetBucketPolicyStatus",
        ) {
            Fetched::Ok(v) => Fetched::Ok(v.flatten()),
            Fetched::Error(e) => Fetched::Error(e),
        },
        _ => Fetched::Ok(None),
    };
    let ownership = match setting(
        s3.get_bucket_ownership_controls()
            .bucket(&name)
            .send()
            .await,
        &["OwnershipControlsNotFoundError"],
        |o| {
            o.ownership_controls().and_then(|c| {
                c.rules()
                    .first()
                    .map(|r| r.object_ownership().as_str().to_string())
            })
        },
        &ctx,
        "GetBucketOwnershipControls",
    ) {
        Fetched::Ok(v) => Fetched::Ok(v.flatten()),
        Fetched::Error(e) => Fetched::Error(e),
    };
    // The ACL, unless ACLs are disabled: with `BucketOwnerEnforced` "ACLs are disabled and no
    // longer affect permissions" (S3 User Guide, "Controlling ownership of objects and
    // disabling ACLs for your bucket").
    let acl = match &ownership {
        Fetched::Ok(Some(o)) if o == "BucketOwnerEnforced" => None,
        _ => Some(
            match setting(
                s3.get_bucket_acl().bucket(&name).send().await,
                &[],
                |o| Acl {
                    owner_id: o.owner().and_then(|w| w.id()).map(str::to_string),
                    grants: o
                        .grants()
                        .iter()
                        .filter_map(|g| {
                            let grantee = g.grantee()?;
                            Some(AclGrant {
                                grantee_type: grantee.r#type().as_str().to_string(),
                                uri: grantee.uri().map(str::to_string),
                                id: grantee.id().map(str::to_string),
                                permission: g
                                    .permission()
                                    .map(|p| p.as_str().to_string())
                                    .unwrap_or_default(),
                            })
                        })
                        .collect(),
                },
                &ctx,
                "GetBucketAcl",
            ) {
                Fetched::Ok(v) => Fetched::Ok(v.unwrap_or_default()),
                Fetched::Error(e) => Fetched::Error(e),
            },
        ),
    };
    // Never enabled (`status: None`): no noncurrent versions, nothing for S3.2 to judge.
    let ever_versioned = !matches!(&versioning, Fetched::Ok(v) if v.status.is_none());
    let lifecycle = if !ever_versioned {
        None
    } else {
        Some(setting(
            s3.get_bucket_lifecycle_configuration()
                .bucket(&name)
                .send()
                .await,
            &["NoSuchLifecycleConfiguration"],
            |o| {
                o.rules()
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
                    })
                    .collect()
            },
            &ctx,
            "GetBucketLifecycleConfiguration",
        ))
    };
    let website = setting(
        s3.get_bucket_website().bucket(&name).send().await,
        &["NoSuchWebsiteConfiguration"],
        |o| Website {
            index_document: o.index_document().map(|d| d.suffix().to_string()),
            redirect_all_to: o
                .redirect_all_requests_to()
                .map(|r| r.host_name().to_string()),
        },
        &ctx,
        "GetBucketWebsite",
    );

    Bucket {
        name,
        arn,
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
