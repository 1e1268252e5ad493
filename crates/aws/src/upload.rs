//! Report delivery (`--upload s3://bucket/prefix`): the one write orgaudit makes to AWS.
//!
//! It is opt-in and lives apart from the audit: its own configuration and S3 client, built here
//! and nowhere else, guarded by [`UploadGuard`] (PutObject only) instead of the read-only guard,
//! so neither client can do the other's job. Every object is written with server-side
//! encryption (SSE-S3, or SSE-KMS with a key of your choice). The binary calls it only after
//! the run folder is complete on disk; `run.json` is put last, so a consumer that sees it knows
//! the rest of the run is there.

use crate::guard::UploadGuard;
use crate::{error_info, live_http_client};
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::ServerSideEncryption;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// `s3://bucket/prefix`: where run folders are delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Target {
    pub bucket: String,
    /// Without leading or trailing `/`; may be empty.
    pub prefix: String,
}

impl FromStr for S3Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let rest = s
            .strip_prefix("s3://")
            .ok_or_else(|| format!("`{s}` is not an S3 location: write s3://bucket/prefix"))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
            && !bucket.starts_with(['-', '.'])
            && !bucket.ends_with(['-', '.']);
        if !valid_bucket {
            return Err(format!(
                "`{bucket}` is not a valid S3 bucket name (3 to 63 lowercase letters, digits, `-` and `.`)"
            ));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|p| p == ".." || p == ".") || prefix.contains("//") {
            return Err(format!(
                "the prefix `{prefix}` has an empty, `.` or `..` component"
            ));
        }
        Ok(S3Target {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
        })
    }
}

impl fmt::Display for S3Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix.is_empty() {
            write!(f, "s3://{}/", self.bucket)
        } else {
            write!(f, "s3://{}/{}/", self.bucket, self.prefix)
        }
    }
}

impl S3Target {
    /// The object key of `relative` (a `/`-separated path) under this target.
    pub fn key(&self, relative: &str) -> String {
        if self.prefix.is_empty() {
            relative.to_string()
        } else {
            format!("{}/{relative}", self.prefix)
        }
    }
}

/// Server-side encryption of delivered objects. There is no "none".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encryption {
    /// SSE-S3 (AES256).
    S3Managed,
    /// SSE-KMS with this key (id, alias or ARN), or the account's `aws/s3` key when `None`.
    Kms(Option<String>),
}

#[derive(Debug, Clone)]
pub struct UploadOptions {
    pub profile: Option<String>,
    /// The bucket's region (default: AWS_REGION, the profile's, or us-east-1).
    pub region: Option<String>,
    /// `--endpoint-url` / `AWS_ENDPOINT_URL`, for emulators.
    pub endpoint_url: Option<String>,
    pub encryption: Encryption,
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("S3:PutObject of s3://{bucket}/{key} failed with {code}: {message} ({done} of {total} files delivered; the local run folder is complete)")]
    Put {
        bucket: String,
        key: String,
        code: String,
        message: String,
        done: usize,
        total: usize,
    },
}

/// The uploader's own S3 client and where it writes.
pub struct Uploader {
    client: aws_sdk_s3::Client,
    target: S3Target,
    encryption: Encryption,
}

impl Uploader {
    /// Credentials from the standard chain (the same principal that ran the audit, or any
    /// other the environment names), independent of the audit's clients.
    pub async fn connect(target: S3Target, options: UploadOptions) -> Uploader {
        let endpoint = options
            .endpoint_url
            .clone()
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
            .filter(|u| !u.is_empty());
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(live_http_client(endpoint.as_deref()))
            .retry_config(RetryConfig::standard().with_max_attempts(5));
        if let Some(p) = &options.profile {
            loader = loader.profile_name(p);
        }
        if let Some(e) = &endpoint {
            loader = loader.endpoint_url(e);
        }
        if let Some(r) = &options.region {
            loader = loader.region(Region::new(r.clone()));
        }
        let mut config = loader.load().await;
        if config.region().is_none() {
            config = config.to_builder().region(Region::new("us-east-1")).build();
        }
        let conf = aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(endpoint.is_some())
            .interceptor(UploadGuard)
            .build();
        Uploader {
            client: aws_sdk_s3::Client::from_conf(conf),
            target,
            encryption: options.encryption,
        }
    }

    pub fn target(&self) -> &S3Target {
        &self.target
    }

    /// The uploader's client, for the guard's tests.
    #[doc(hidden)]
    pub fn client(&self) -> &aws_sdk_s3::Client {
        &self.client
    }

    /// Put every file under `dir` at `<target>/<name>/<path in dir>`, `run.json` last.
    /// Returns the keys written.
    pub async fn upload_dir(&self, dir: &Path, name: &str) -> Result<Vec<String>, UploadError> {
        let mut files = Vec::new();
        walk(dir, dir, &mut files)?;
        upload_order(&mut files);
        let total = files.len();
        let mut keys = Vec::with_capacity(total);
        for (done, rel) in files.iter().enumerate() {
            let key = self
                .target
                .key(&format!("{}/{rel}", name.trim_matches('/')));
            let path = dir.join(rel);
            let body = ByteStream::from_path(&path)
                .await
                .map_err(|e| UploadError::Read {
                    path: path.clone(),
                    source: std::io::Error::other(e),
                })?;
            let mut put = self
                .client
                .put_object()
                .bucket(&self.target.bucket)
                .key(&key)
                .content_type(content_type(rel))
                .body(body);
            put = match &self.encryption {
                Encryption::S3Managed => put.server_side_encryption(ServerSideEncryption::Aes256),
                Encryption::Kms(key_id) => put
                    .server_side_encryption(ServerSideEncryption::AwsKms)
                    .set_ssekms_key_id(key_id.clone()),
            };
            if let Err(e) = put.send().await {
                let info = error_info(&e);
                return Err(UploadError::Put {
                    bucket: self.target.bucket.clone(),
                    key,
                    code: info.code,
                    message: info.message,
                    done,
                    total,
                });
            }
            tracing::info!(key = %key, "uploaded");
            keys.push(key);
        }
        Ok(keys)
    }
}

/// Sorted, `run.json` last: its presence in the bucket means the run is complete there.
fn upload_order(files: &mut [String]) {
    files.sort_by_key(|rel| (rel == "run.json", rel.clone()));
}

/// Files under `dir`, as `/`-separated paths relative to `root`.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), UploadError> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| UploadError::Read { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(read_err(dir))? {
        let entry = entry.map_err(read_err(dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(read_err(&path))?;
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else if kind.is_file() {
            if let Ok(rel) = path.strip_prefix(root) {
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    Ok(())
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("json") => "application/json",
        Some("sarif") => "application/sarif+json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_and_refuse_nonsense() {
        let t: S3Target = "s3://audit-reports/nightly/prod/".parse().unwrap();
        assert_eq!(t.bucket, "audit-reports");
        assert_eq!(t.prefix, "nightly/prod");
        assert_eq!(t.key("o-1/2026/run.json"), "nightly/prod/o-1/2026/run.json");
        assert_eq!(t.to_string(), "s3://audit-reports/nightly/prod/");
        let bare: S3Target = "s3://audit-reports".parse().unwrap();
        assert_eq!(bare.key("a.json"), "a.json");
        for bad in [
            "audit-reports/x",
            "s3://",
            "s3://Audit",
            "s3://ab",
            "s3://-bucket/x",
            "s3://bucket/a//b",
            "s3://bucket/../etc",
            "https://bucket/x",
        ] {
            assert!(bad.parse::<S3Target>().is_err(), "{bad} parsed");
        }
    }

    #[test]
    fn run_json_goes_last() {
        let dir = std::env::temp_dir().join(format!("orgaudit-upload-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for f in ["run.json", "report.html", "sub/x.csv", "z.json"] {
            std::fs::write(dir.join(f), "x").unwrap();
        }
        let mut files = Vec::new();
        walk(&dir, &dir, &mut files).unwrap();
        upload_order(&mut files);
        assert_eq!(files, ["report.html", "sub/x.csv", "z.json", "run.json"]);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(content_type("findings.sarif"), "application/sarif+json");
    }
}
