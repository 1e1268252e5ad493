//! Member credentials that renew themselves: a run over a large organization can outlast the
//! hour an assumed role's credentials live.
//!
//! STS API Reference, "AssumeRole": the credentials expire after `DurationSeconds`, and a role
//! assumed with role-chained credentials (an SSO or assumed-role caller) is limited to one
//! hour, so orgaudit always asks for 3,600 seconds. The SDK's identity cache calls
//! [`ProvideCredentials`] again shortly before the cached credentials expire (the lazy cache's
//! buffer); this provider answers with the credentials of the first AssumeRole once, then with
//! a new AssumeRole each time. STS is called at the regional endpoint of the configured region
//! (the SDK's default; STS "Managing AWS STS in an AWS Region").

use crate::{error_info, ErrorInfo};
use aws_credential_types::provider::{self, error::CredentialsError, ProvideCredentials};
use aws_credential_types::Credentials;
use std::sync::Mutex;

/// The lifetime asked for: the most a role-chained session may have.
pub const SESSION_SECONDS: i32 = 3600;

/// Credentials of one role, renewed by AssumeRole when the SDK asks again.
#[derive(Debug)]
pub struct AssumedRole {
    sts: aws_sdk_sts::Client,
    role_arn: String,
    external_id: Option<String>,
    /// The credentials of the AssumeRole that let the account in, handed out first.
    first: Mutex<Option<Credentials>>,
    /// Replayed traffic carries the recording's clock: its credentials expired long ago, and a
    /// renewal would ask for an exchange the recording does not hold. A replay keeps the first
    /// credentials, without expiry, for the whole run.
    replaying: bool,
}

impl AssumedRole {
    /// Assume `role_arn` now: the error is the account's "unreachable" reason.
    pub async fn assume(
        sts: aws_sdk_sts::Client,
        role_arn: String,
        external_id: Option<String>,
        replaying: bool,
    ) -> Result<Self, ErrorInfo> {
        let mut creds = call(&sts, &role_arn, external_id.as_deref()).await?;
        if replaying {
            creds = Credentials::new(
                creds.access_key_id(),
                creds.secret_access_key(),
                creds.session_token().map(str::to_string),
                None,
                "orgaudit-assume-role-replay",
            );
        }
        Ok(AssumedRole {
            sts,
            role_arn,
            external_id,
            first: Mutex::new(Some(creds)),
            replaying,
        })
    }

    async fn renew(&self) -> provider::Result {
        let first =
            self.first.lock().ok().and_then(
                |mut f| {
                    if self.replaying {
                        f.clone()
                    } else {
                        f.take()
                    }
                },
            );
        if let Some(c) = first {
            return Ok(c);
        }
        tracing::debug!(role = %self.role_arn, "renewing the member credentials");
        call(&self.sts, &self.role_arn, self.external_id.as_deref())
            .await
            .map_err(|e| {
                CredentialsError::provider_error(format!(
                    "AssumeRole on {} to renew the credentials failed with {}: {}",
                    self.role_arn, e.code, e.message
                ))
            })
    }
}

async fn call(
    sts: &aws_sdk_sts::Client,
    role_arn: &str,
    external_id: Option<&str>,
) -> Result<Credentials, ErrorInfo> {
    let out = sts
        .assume_role()
        .role_arn(role_arn)
        .role_session_name("orgaudit")
        .duration_seconds(SESSION_SECONDS)
        .set_external_id(external_id.map(str::to_string))
        .send()
        .await
        .map_err(|e| error_info(&e))?;
    let c = out.credentials().ok_or_else(|| ErrorInfo {
        code: "MissingCredentials".into(),
        message: format!("AssumeRole on {role_arn} returned no credentials"),
    })?;
    Ok(Credentials::new(
        c.access_key_id(),
        c.secret_access_key(),
        Some(c.session_token().to_string()),
        std::time::SystemTime::try_from(*c.expiration()).ok(),
        "orgaudit-assume-role",
    ))
}

impl ProvideCredentials for AssumedRole {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::new(self.renew())
    }
}
