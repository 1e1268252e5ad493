//! AWS access for orgaudit: configuration, credentials, assume-role into member accounts,
//! retries, timeouts, call counting and the read-only guard.
//!
//! Every service client the product uses is built by [`Session`], which attaches
//! [`guard::ReadOnlyGuard`] and [`counter::CallCounter`] to it. There is no other way for
//! product code to get a client: the SDK crates are only depended on through here and the
//! collectors, which take a [`Session`]. The one exception is the report uploader
//! ([`upload::Uploader`], `--upload`), whose separate S3 client may only put report files
//! ([`guard::UploadGuard`]), and the Security Hub importer ([`securityhub`],
//! `--security-hub`), whose client may only call BatchImportFindings ([`guard::ImportGuard`]).

pub mod budget;
pub mod counter;
pub mod diagnose;
pub mod emulator;
pub mod guard;
pub mod iam;
pub mod loopback;
pub mod ops;
pub mod pace;
pub mod refresh;
pub mod regions;
pub mod securityhub;
pub mod upload;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_http_client::test_util::dvr::{NetworkTraffic, RecordingClient, ReplayingClient};
use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::path::PathBuf;
use std::time::Duration;

pub use counter::CallCounter;
pub use guard::{GuardRefusal, ImportGuard, ReadOnlyGuard, UploadGuard};
pub use ops::Op;

/// Where HTTP requests go.
#[derive(Debug, Clone)]
pub enum Transport {
    /// Real HTTPS (or the emulator named by `endpoint_url`).
    Live,
    /// Live, and every request/response recorded to this file when [`Access::finish`] runs.
    Record(PathBuf),
    /// Replay recorded traffic (the SDK's dvr format); nothing is sent anywhere.
    /// Requests must come in the recorded order, so collection runs sequentially.
    Replay(String),
}

#[derive(Debug, Clone)]
pub struct AccessOptions {
    pub profile: Option<String>,
    /// Region for global services and the home of the audit; `us-east-1` if nothing says otherwise.
    pub region: Option<String>,
    /// `--endpoint-url` / `AWS_ENDPOINT_URL`, for emulators.
    pub endpoint_url: Option<String>,
    /// Role assumed in member accounts.
    pub role_name: String,
    pub external_id: Option<String>,
    pub transport: Transport,
    /// Attempts per operation, including the first (retry with exponential backoff and jitter).
    pub max_attempts: u32,
    /// Longest wait for one attempt (connect, send, answer) before it counts as failed.
    pub attempt_timeout: Duration,
    /// HTTP requests in flight at once, over the whole run (`--concurrency`).
    pub max_in_flight: usize,
    /// Requests per second of the paced services (`--rate`, [`pace`]).
    pub rates: pace::Rates,
}

impl Default for AccessOptions {
    fn default() -> Self {
        AccessOptions {
            profile: None,
            region: None,
            endpoint_url: None,
            role_name: "OrganizationAccountAccessRole".into(),
            external_id: None,
            transport: Transport::Live,
            max_attempts: 8,
            attempt_timeout: Duration::from_secs(30),
            max_in_flight: 8,
            rates: pace::Rates::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    #[error("the recorded traffic could not be loaded: {0}")]
    Replay(String),
    #[error("the recorded traffic could not be written to {path}: {message}")]
    Record { path: String, message: String },
    /// The caller could not be identified: one sentence naming the cause and what to do
    /// ([`diagnose`]); the SDK's detail is logged at debug level (`-vv`).
    #[error("{0}")]
    Identity(diagnose::IdentityError),
}

/// An AWS error reduced to what a report needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
}

/// Code and message of any SDK error: the service's error code when there is one, otherwise
/// the failure class (`TimeoutError`, `DispatchFailure`, `ResponseError`, `ReadOnlyGuard`…).
pub fn error_info<E>(err: &SdkError<E, HttpResponse>) -> ErrorInfo
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    if let Some(refusal) = guard::find_refusal(err) {
        return ErrorInfo {
            code: refusal.guard.into(),
            message: refusal.to_string(),
        };
    }
    let (class, detail) = match err {
        SdkError::ServiceError(se) => {
            let e = se.err();
            let status = se.raw().status().as_u16();
            return ErrorInfo {
                code: e
                    .code()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("HTTP{status}")),
                message: e.message().map(str::to_string).unwrap_or_else(|| {
                    // Not the service's error format (a proxy's or emulator's page): say what
                    // came back, briefly, rather than dumping the whole response.
                    let body = se.raw().body().bytes().unwrap_or_default();
                    let text = String::from_utf8_lossy(body);
                    format!(
                        "HTTP {status} with no error code in the response: {}",
                        brief(&text, 160)
                    )
                }),
            };
        }
        SdkError::TimeoutError(_) => ("TimeoutError", DisplayErrorContext(err).to_string()),
        SdkError::DispatchFailure(_) => ("DispatchFailure", DisplayErrorContext(err).to_string()),
        SdkError::ResponseError(_) => ("ResponseError", DisplayErrorContext(err).to_string()),
        SdkError::ConstructionFailure(_) => {
            ("ConstructionFailure", DisplayErrorContext(err).to_string())
        }
        _ => ("SdkError", DisplayErrorContext(err).to_string()),
    };
    ErrorInfo {
        code: class.into(),
        message: brief(&detail, 400),
    }
}

/// Whitespace collapsed, markup tags dropped, at most `max` characters.
fn brief(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    let joined = collapsed.join(" ");
    if joined.chars().count() > max {
        let cut: String = joined.chars().take(max).collect();
        format!("{cut}…")
    } else {
        joined
    }
}

/// Everything needed to talk to AWS for one run: base configuration, the shared HTTP client,
/// the call counter and, when recording, the recorder.
pub struct Access {
    base: SdkConfig,
    counter: CallCounter,
    options: AccessOptions,
    recorder: Option<(RecordingClient, PathBuf)>,
    caller_account: String,
    caller_arn: String,
    region: String,
    pacing: pace::Pacing,
}

impl std::fmt::Debug for Access {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Access")
            .field("caller_account", &self.caller_account)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

/// The credentials the replayed demo runs with. They are never sent anywhere.
fn replay_credentials() -> Credentials {
    Credentials::new(
        "AKIDORGAUDITREPLAY",
        "replay-secret",
        None,
        None,
        "orgaudit-replay",
    )
}

impl Access {
    /// Load configuration from the standard chain (or the replay), build the HTTP client and
    /// establish the caller's identity. Fails only when nothing can work.
    pub async fn connect(options: AccessOptions) -> Result<Self, AccessError> {
        let region = options
            .region
            .clone()
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok());
        let endpoint = options
            .endpoint_url
            .clone()
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
            .filter(|u| !u.is_empty());

        let mut recorder = None;
        let (http_client, replaying): (SharedHttpClient, bool) = match &options.transport {
            Transport::Replay(json) => {
                let traffic: NetworkTraffic =
                    serde_json::from_str(json).map_err(|e| AccessError::Replay(e.to_string()))?;
                let replay = SharedHttpClient::new(ReplayingClient::new(traffic.events().clone()));
                // The bundled recordings come from the emulator.
                (
                    SharedHttpClient::new(emulator::EmulatorCompat(replay)),
                    true,
                )
            }
            Transport::Record(path) => {
                let tls = aws_smithy_http_client::Connector::builder()
                    .tls_provider(Provider::Rustls(CryptoMode::Ring));
                let connector = match endpoint.as_deref() {
                    Some(url) if loopback::is_loopback_url(url) => {
                        tls.build_with_resolver(loopback::LoopbackResolver)
                    }
                    _ => tls.build(),
                };
                let connector = BufferedBody(
                    aws_smithy_runtime_api::client::http::SharedHttpConnector::new(connector),
                );
                let rec = RecordingClient::new(connector);
                recorder = Some((rec.clone(), path.clone()));
                // Record what the server sent; the shim applies on top, as in replay.
                (
                    SharedHttpClient::new(emulator::EmulatorCompat(SharedHttpClient::new(rec))),
                    false,
                )
            }
            Transport::Live => (live_http_client(endpoint.as_deref()), false),
        };

        // One budget for every client of the run (see `budget`).
        let http_client =
            SharedHttpClient::new(budget::Budgeted::new(http_client, options.max_in_flight));

        // A retry against replayed traffic would consume the next recorded exchange: never.
        let attempts = if replaying {
            1
        } else {
            options.max_attempts.max(1)
        };
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http_client.clone())
            // Standard retry: exponential backoff with full jitter, 200 ms doubling up to 20 s.
            // Not `adaptive`: its client-side rate limiter paces every later request of a client
            // once one is throttled; measured on a storm that throttles every 4th request, the
            // demo audit took 258 s adaptive against seconds with standard backoff. Known-slow
            // APIs (Identity Center) are paced by the collectors' own rate limiter instead.
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(attempts)
                    .with_initial_backoff(Duration::from_millis(200))
                    .with_max_backoff(Duration::from_secs(20)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(options.attempt_timeout)
                    .operation_timeout(Duration::from_secs(180))
                    .build(),
            );
        let profile = options
            .profile
            .clone()
            .or_else(|| std::env::var("AWS_PROFILE").ok())
            .filter(|p| !p.is_empty());
        if let (Some(p), false) = (&profile, replaying) {
            diagnose::check_profile(p).map_err(AccessError::Identity)?;
        }
        if let Some(p) = &options.profile {
            loader = loader.profile_name(p);
        }
        if let Some(e) = &endpoint {
            loader = loader.endpoint_url(e);
        }
        // An emulator on loopback: nothing may leave the machine, so neither the region nor
        // the credentials are looked for at the instance metadata address (IMDS) or the ECS
        // container endpoint; the environment and the shared files are enough.
        let on_loopback = endpoint.as_deref().is_some_and(loopback::is_loopback_url);
        if on_loopback && !replaying {
            use aws_config::meta::credentials::CredentialsProviderChain;
            let providers = aws_config::provider_config::ProviderConfig::default()
                .with_http_client(http_client.clone())
                .with_region(Some(Region::new(
                    region.clone().unwrap_or_else(|| "us-east-1".into()),
                )));
            let mut profile_creds = aws_config::profile::ProfileFileCredentialsProvider::builder()
                .configure(&providers);
            if let Some(p) = &options.profile {
                profile_creds = profile_creds.profile_name(p);
            }
            loader = loader
                .credentials_provider(
                    CredentialsProviderChain::first_try(
                        "Environment",
                        aws_config::environment::EnvironmentVariableCredentialsProvider::new(),
                    )
                    .or_else("Profile", profile_creds.build()),
                )
                .region(Region::new(
                    region.clone().unwrap_or_else(|| "us-east-1".into()),
                ));
        }
        if replaying {
            loader = loader
                .credentials_provider(replay_credentials())
                .region(Region::new(
                    region.clone().unwrap_or_else(|| "us-east-1".into()),
                ));
        } else if let Some(r) = &region {
            loader = loader.region(Region::new(r.clone()));
        }
        let mut base = loader.load().await;
        if base.region().is_none() {
            base = base.to_builder().region(Region::new("us-east-1")).build();
        }
        let region = base.region().map(|r| r.to_string()).unwrap_or_default();

        let options_rates = options.rates;
        let mut access = Access {
            base,
            counter: CallCounter::default(),
            options,
            recorder,
            caller_account: String::new(),
            caller_arn: String::new(),
            region,
            pacing: if replaying {
                pace::Pacing::unpaced()
            } else {
                pace::Pacing::new(&options_rates)
            },
        };
        let me = access.caller_session().sts();
        let identity = me.get_caller_identity().send().await.map_err(|e| {
            let info = error_info(&e);
            tracing::debug!(code = %info.code, detail = %info.message, "sts:GetCallerIdentity failed");
            AccessError::Identity(diagnose::identity(
                &info,
                &diagnose::Context {
                    profile: profile.clone(),
                    endpoint: endpoint.clone(),
                    region: access.region.clone(),
                },
            ))
        })?;
        access.caller_account = identity.account().unwrap_or_default().to_string();
        access.caller_arn = identity.arn().unwrap_or_default().to_string();
        Ok(access)
    }

    pub fn caller_account(&self) -> &str {
        &self.caller_account
    }

    pub fn caller_arn(&self) -> &str {
        &self.caller_arn
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    pub fn is_replay(&self) -> bool {
        matches!(self.options.transport, Transport::Replay(_))
    }

    pub fn mode(&self) -> &'static str {
        match self.options.transport {
            Transport::Live => "live",
            Transport::Record(_) => "record",
            Transport::Replay(_) => "replay",
        }
    }

    pub fn counter(&self) -> &CallCounter {
        &self.counter
    }

    /// A session with the caller's own credentials (the management or delegated-admin account).
    pub fn caller_session(&self) -> Session {
        Session {
            account_id: self.caller_account.clone(),
            config: self.base.clone(),
            counter: self.counter.clone(),
            via: self.caller_arn.clone(),
            path_style: self.base.endpoint_url().is_some(),
            pacing: self.pacing.clone(),
        }
    }

    /// The ARN partition of the caller (`aws`, `aws-cn`, `aws-us-gov`, ...).
    pub fn partition(&self) -> &str {
        self.caller_arn
            .split(':')
            .nth(1)
            .filter(|p| !p.is_empty())
            .unwrap_or("aws")
    }

    /// The audit role ARN in a member account.
    /// The audit role assumed in member accounts (`--role-name`).
    pub fn role_name(&self) -> &str {
        &self.options.role_name
    }

    pub fn role_arn(&self, account_id: &str) -> String {
        format!(
            "arn:{}:iam::{account_id}:role/{}",
            self.partition(),
            self.options.role_name
        )
    }

    /// Assume the audit role in a member account. The caller's own account gets the caller's
    /// session without an AssumeRole.
    pub async fn assume(&self, account_id: &str) -> Result<Session, ErrorInfo> {
        if account_id == self.caller_account {
            return Ok(self.caller_session());
        }
        let role = self.options.role_name.clone();
        self.assume_role(account_id, &role).await
    }

    /// Assume `role_name` in `account_id` (also in the caller's own account: another role
    /// than the caller's).
    pub async fn assume_role(
        &self,
        account_id: &str,
        role_name: &str,
    ) -> Result<Session, ErrorInfo> {
        let role_arn = format!(
            "arn:{}:iam::{account_id}:role/{role_name}",
            self.partition()
        );
        let role = refresh::AssumedRole::assume(
            self.caller_session().sts(),
            role_arn.clone(),
            self.options.external_id.clone(),
            self.is_replay(),
        )
        .await?;
        let creds = SharedCredentialsProvider::new(role);
        Ok(Session {
            account_id: account_id.to_string(),
            config: self.base.to_builder().credentials_provider(creds).build(),
            counter: self.counter.clone(),
            via: role_arn,
            path_style: self.base.endpoint_url().is_some(),
            pacing: self.pacing.clone(),
        })
    }

    /// Write the recording, if this run records.
    pub fn finish(&self) -> Result<(), AccessError> {
        if let Some((rec, path)) = &self.recorder {
            let mut traffic = rec.network_traffic();
            traffic.correct_content_lengths();
            traffic
                .write_to_file(path)
                .map_err(|e| AccessError::Record {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?;
        }
        Ok(())
    }
}

/// Under the recorder: the dvr recorder swaps each request body for a stream without a
/// length, which hyper then sends chunked, and the emulator cannot read chunked form bodies.
/// Re-buffering the body restores its length before it goes on the wire.
#[derive(Debug, Clone)]
struct BufferedBody(aws_smithy_runtime_api::client::http::SharedHttpConnector);

impl aws_smithy_runtime_api::client::http::HttpConnector for BufferedBody {
    fn call(
        &self,
        mut request: aws_smithy_runtime_api::client::orchestrator::HttpRequest,
    ) -> aws_smithy_runtime_api::client::http::HttpConnectorFuture {
        let inner = self.0.clone();
        aws_smithy_runtime_api::client::http::HttpConnectorFuture::new(async move {
            let body =
                std::mem::replace(request.body_mut(), aws_smithy_types::body::SdkBody::taken());
            let bytes = aws_smithy_types::byte_stream::ByteStream::new(body)
                .collect()
                .await
                .map_err(|e| {
                    aws_smithy_runtime_api::client::result::ConnectorError::user(e.into())
                })?
                .into_bytes();
            *request.body_mut() = aws_smithy_types::body::SdkBody::from(bytes);
            inner.call(request).await
        })
    }
}

/// HTTPS with rustls/ring; on a loopback endpoint, a resolver that can only answer loopback.
pub(crate) fn live_http_client(endpoint: Option<&str>) -> SharedHttpClient {
    let builder =
        aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring));
    match endpoint {
        Some(url) if loopback::is_loopback_url(url) => SharedHttpClient::new(
            emulator::EmulatorCompat(builder.build_with_resolver(loopback::LoopbackResolver)),
        ),
        _ => builder.build_https(),
    }
}

/// Credentials and configuration for one account, and the only way to get a service client.
#[derive(Clone, Debug)]
pub struct Session {
    pub account_id: String,
    config: SdkConfig,
    counter: CallCounter,
    /// The role (or caller) ARN this session acts as.
    pub via: String,
    /// Path-style S3 addressing: set when an endpoint override (an emulator) is in use.
    path_style: bool,
    /// The run's pacers (Organizations, Identity Center, Account Management).
    pacing: pace::Pacing,
}

/// What the regional clients need from a service's config builder.
trait RegionalBuilder: Sized {
    fn from_sdk(config: &SdkConfig) -> Self;
    fn in_region(self, region: &str) -> Self;
    fn with_interceptors(self, guard: ReadOnlyGuard, counter: CallCounter) -> Self;
    fn with_http(self, http: Option<SharedHttpClient>) -> Self;
}

macro_rules! regional_builder {
    ($($krate:ident),*) => {$(
        impl RegionalBuilder for $krate::config::Builder {
            fn from_sdk(config: &SdkConfig) -> Self {
                $krate::config::Builder::from(config)
            }
            fn in_region(self, region: &str) -> Self {
                self.region(Region::new(region.to_string()))
            }
            fn with_interceptors(self, guard: ReadOnlyGuard, counter: CallCounter) -> Self {
                self.interceptor(guard).interceptor(counter)
            }
            fn with_http(self, http: Option<SharedHttpClient>) -> Self {
                match http {
                    Some(h) => self.http_client(h),
                    None => self,
                }
            }
        }
    )*};
}

regional_builder!(
    aws_sdk_s3,
    aws_sdk_s3control,
    aws_sdk_cloudtrail,
    aws_sdk_ssoadmin,
    aws_sdk_identitystore
);

macro_rules! guarded_client {
    ($(#[$doc:meta])* $name:ident, $krate:ident $(, paced by $pacer:ident)?) => {
        $(#[$doc])*
        pub fn $name(&self) -> $krate::Client {
            #[allow(unused_mut)]
            let mut builder = $krate::config::Builder::from(&self.config)
                .interceptor(ReadOnlyGuard)
                .interceptor(self.counter.clone());
            $(
                if let Some(h) = self.paced(&self.pacing.$pacer) {
                    builder = builder.http_client(h);
                }
            )?
            $krate::Client::from_conf(builder.build())
        }
    };
}

impl Session {
    /// A session over an explicit configuration (tests and tools; product code uses [`Access`]).
    /// Clients built from it are guarded and counted like any other.
    pub fn from_config(account_id: &str, config: SdkConfig, counter: CallCounter) -> Self {
        Session {
            account_id: account_id.to_string(),
            config,
            counter,
            via: "explicit configuration".into(),
            path_style: false,
            pacing: pace::Pacing::unpaced(),
        }
    }

    guarded_client!(
        /// AWS Organizations (global; answered in us-east-1), paced.
        organizations,
        aws_sdk_organizations,
        paced by organizations
    );
    guarded_client!(
        /// AWS Account Management (one endpoint per partition: the endpoint rules ignore the
        /// configured region, AWS SDK endpoint rule set for `account`).
        account,
        aws_sdk_account,
        paced by account
    );
    guarded_client!(
        /// AWS Identity and Access Management (global: one endpoint per partition).
        iam,
        aws_sdk_iam
    );
    guarded_client!(
        /// AWS STS.
        sts,
        aws_sdk_sts
    );

    /// Amazon S3 in `region` (each bucket is read in its own region).
    pub fn s3(&self, region: &str) -> aws_sdk_s3::Client {
        let conf = self
            .regional::<aws_sdk_s3::config::Builder>(region)
            .force_path_style(self.path_style);
        aws_sdk_s3::Client::from_conf(conf.build())
    }

    /// AWS CloudTrail in `region`.
    pub fn cloudtrail(&self, region: &str) -> aws_sdk_cloudtrail::Client {
        aws_sdk_cloudtrail::Client::from_conf(
            self.regional::<aws_sdk_cloudtrail::config::Builder>(region)
                .build(),
        )
    }

    /// IAM Identity Center administration in `region` (where the instance lives).
    pub fn ssoadmin(&self, region: &str) -> aws_sdk_ssoadmin::Client {
        aws_sdk_ssoadmin::Client::from_conf(
            self.regional::<aws_sdk_ssoadmin::config::Builder>(region)
                .with_http(self.paced(&self.pacing.identity_center))
                .build(),
        )
    }

    /// The Identity Center identity store in `region`.
    pub fn identitystore(&self, region: &str) -> aws_sdk_identitystore::Client {
        aws_sdk_identitystore::Client::from_conf(
            self.regional::<aws_sdk_identitystore::config::Builder>(region)
                .with_http(self.paced(&self.pacing.identity_center))
                .build(),
        )
    }

    /// S3 Control (account-level settings) in `region`.
    pub fn s3control(&self, region: &str) -> aws_sdk_s3control::Client {
        aws_sdk_s3control::Client::from_conf(
            self.regional::<aws_sdk_s3control::config::Builder>(region)
                .build(),
        )
    }

    /// A service configuration in `region`, guarded and counted.
    /// The session's HTTP client, its requests waiting for `pacer`.
    /// The session's configuration (credentials, region, endpoint), for the write clients
    /// built in this crate under their own guards ([`securityhub`]).
    pub(crate) fn sdk_config(&self) -> &SdkConfig {
        &self.config
    }

    fn paced(&self, pacer: &std::sync::Arc<pace::Pacer>) -> Option<SharedHttpClient> {
        self.config
            .http_client()
            .map(|h| SharedHttpClient::new(pace::Paced::new(h, pacer.clone())))
    }

    fn regional<B: RegionalBuilder>(&self, region: &str) -> B {
        B::from_sdk(&self.config)
            .in_region(region)
            .with_interceptors(ReadOnlyGuard, self.counter.clone())
    }

    pub fn region(&self) -> Option<&str> {
        self.config.region().map(|r| r.as_ref())
    }

    /// The ARN partition of the account (`aws`, `aws-cn`, `aws-us-gov`).
    pub fn partition(&self) -> &str {
        self.via
            .split(':')
            .nth(1)
            .filter(|p| p.starts_with("aws"))
            .unwrap_or("aws")
    }
}

#[cfg(test)]
mod brief_tests {
    #[test]
    fn error_pages_become_one_short_line() {
        let page = "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error.</p>\n";
        assert_eq!(
            super::brief(page, 160),
            "500 Internal Server Error Internal Server Error The server encountered an internal error."
        );
        assert_eq!(super::brief("abcdef", 3), "abc…");
    }
}
