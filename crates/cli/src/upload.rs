//! `--upload s3://bucket/prefix`: deliver a finished run folder to S3 (opt-in; the product's
//! only write to AWS, through its own client: see `orgaudit_aws::upload`).

use anyhow::Context as _;
use clap::Args;
use orgaudit_aws::upload::{Encryption, S3Target, UploadOptions, Uploader};
use std::path::Path;

#[derive(Debug, Args)]
pub struct UploadArgs {
    /// After the reports are written, copy the run folder to
    /// s3://bucket/prefix/<org-id>/<run>/ (server-side encrypted; run.json last). The only
    /// write orgaudit makes to AWS, with its own PutObject-only client.
    #[arg(long, value_name = "S3_URL", value_parser = clap::value_parser!(S3Target))]
    pub upload: Option<S3Target>,
    /// Encrypt uploaded objects with this KMS key (id, alias or ARN) instead of SSE-S3.
    #[arg(long, value_name = "KEY", requires = "upload")]
    pub upload_kms_key: Option<String>,
    /// Region of the upload bucket (default: AWS_REGION, the profile's, or us-east-1).
    #[arg(long, value_name = "REGION", requires = "upload")]
    pub upload_region: Option<String>,
}

impl UploadArgs {
    pub fn target(&self) -> Option<&S3Target> {
        self.upload.as_ref()
    }
}

/// Upload `run_dir` (a complete run folder under `out`) when `--upload` asks for it.
/// `profile` and `endpoint_url` are the audit's, so a run against an emulator delivers there.
pub async fn deliver(
    args: &UploadArgs,
    profile: Option<String>,
    endpoint_url: Option<String>,
    out: &Path,
    run_dir: &Path,
) -> anyhow::Result<()> {
    let Some(target) = args.target() else {
        return Ok(());
    };
    // `<org-id>/<run>`: the same layout as the local reports folder.
    let name = run_dir
        .strip_prefix(out)
        .unwrap_or(run_dir)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let uploader = Uploader::connect(
        target.clone(),
        UploadOptions {
            profile,
            region: args.upload_region.clone(),
            endpoint_url,
            encryption: match &args.upload_kms_key {
                Some(key) => Encryption::Kms(Some(key.clone())),
                None => Encryption::S3Managed,
            },
        },
    )
    .await;
    let keys = uploader
        .upload_dir(run_dir, &name)
        .await
        .with_context(|| format!("delivering {} to {target}", run_dir.display()))?;
    crate::stdout::outln!(
        "Uploaded: {} files to s3://{}/{}/",
        keys.len(),
        target.bucket,
        target.key(&name)
    );
    Ok(())
}
