//! The read-only guard and the call counter, on real SDK clients built the way the product
//! builds them (`Session`), with the SDK's own test HTTP clients.

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_http_client::test_util::{NeverClient, ReplayEvent, StaticReplayClient};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_types::body::SdkBody;
use orgaudit_aws::{error_info, CallCounter, Session};
use std::time::Duration;

fn config(http: SharedHttpClient) -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::for_tests()))
        .http_client(http)
        .build()
}

#[tokio::test]
async fn guard_refuses_mutating_operations_before_sending() {
    let never = NeverClient::new();
    let session = Session::from_config(
        "000000000000",
        config(SharedHttpClient::new(never.clone())),
        CallCounter::default(),
    );
    let org = session.organizations();

    let e = org
        .create_account()
        .email("x@example.com")
        .account_name("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error_info(&e).code,
        "ReadOnlyGuard",
        "{}",
        error_info(&e).message
    );
    let e = org
        .attach_policy()
        .policy_id("p-1")
        .target_id("r-1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard");
    assert!(error_info(&e)
        .message
        .contains("Organizations:AttachPolicy"));
    let e = org.leave_organization().send().await.unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard");
    let e = session
        .sts()
        .assume_role_with_web_identity()
        .role_arn("a")
        .role_session_name("b")
        .web_identity_token("c")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard");

    assert_eq!(
        never.num_calls(),
        0,
        "a refused operation reached the HTTP client"
    );
}

#[tokio::test]
async fn guard_lets_reads_through_and_the_counter_counts_them() {
    let body = r#"{"Roots":[{"Id":"r-ab12","Arn":"arn:aws:organizations::000000000000:root/o-x/r-ab12","Name":"Root","PolicyTypes":[]}]}"#;
    let replay = StaticReplayClient::new(vec![ReplayEvent::new(
        http::Request::builder()
            .uri("https://organizations.us-east-1.amazonaws.com/")
            .body(SdkBody::empty())
            .unwrap(),
        http::Response::builder()
            .status(200)
            .body(SdkBody::from(body))
            .unwrap(),
    )]);
    let counter = CallCounter::default();
    let session = Session::from_config(
        "000000000000",
        config(SharedHttpClient::new(replay.clone())),
        counter.clone(),
    );
    let out = session
        .organizations()
        .list_roots()
        .send()
        .await
        .expect("a read must pass the guard");
    assert_eq!(out.roots()[0].id(), Some("r-ab12"));
    assert_eq!(replay.actual_requests().count(), 1);
    assert_eq!(
        counter.operations().get("Organizations.ListRoots"),
        Some(&1)
    );
    assert_eq!(counter.retries(), 0);
}

#[tokio::test]
async fn service_errors_keep_their_code_and_message() {
    let body = r#"{"__type":"AccessDeniedException","Message":"You don't have permissions to access this resource."}"#;
    let replay = StaticReplayClient::new(vec![ReplayEvent::new(
        http::Request::builder()
            .uri("https://organizations.us-east-1.amazonaws.com/")
            .body(SdkBody::empty())
            .unwrap(),
        http::Response::builder()
            .status(400)
            .body(SdkBody::from(body))
            .unwrap(),
    )]);
    let session = Session::from_config(
        "000000000000",
        config(SharedHttpClient::new(replay)),
        CallCounter::default(),
    );
    let e = session
        .organizations()
        .list_roots()
        .send()
        .await
        .unwrap_err();
    let info = error_info(&e);
    assert_eq!(info.code, "AccessDeniedException");
    assert!(info.message.contains("permissions"));
}

#[tokio::test]
async fn access_denied_is_not_retried_but_throttling_is() {
    let denied = r#"{"__type":"AccessDeniedException","Message":"no"}"#;
    let throttled = r#"{"__type":"TooManyRequestsException","Message":"slow down"}"#;
    let ok = r#"{"Roots":[]}"#;
    let event = |status: u16, body: &'static str| {
        ReplayEvent::new(
            http::Request::builder()
                .uri("https://organizations.us-east-1.amazonaws.com/")
                .body(SdkBody::empty())
                .unwrap(),
            http::Response::builder()
                .status(status)
                .body(SdkBody::from(body))
                .unwrap(),
        )
    };
    let replay = StaticReplayClient::new(vec![
        event(400, denied),
        event(400, throttled),
        event(200, ok),
    ]);
    let mut conf = config(SharedHttpClient::new(replay.clone())).to_builder();
    conf.set_retry_config(Some(
        RetryConfig::standard()
            .with_max_attempts(4)
            .with_initial_backoff(Duration::from_millis(1)),
    ));
    conf.set_sleep_impl(Some(aws_smithy_async::rt::sleep::SharedAsyncSleep::new(
        aws_smithy_async::rt::sleep::TokioSleep::new(),
    )));
    let counter = CallCounter::default();
    let session = Session::from_config("000000000000", conf.build(), counter.clone());
    let e = session
        .organizations()
        .list_roots()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_info(&e).code, "AccessDeniedException");
    assert_eq!(counter.retries(), 0, "AccessDenied must not be retried");
    session
        .organizations()
        .list_roots()
        .send()
        .await
        .expect("throttling is retried, then succeeds");
    assert_eq!(counter.retries(), 1);
    assert_eq!(replay.actual_requests().count(), 3);
}

#[tokio::test]
async fn the_uploader_client_may_put_and_nothing_else() {
    use orgaudit_aws::upload::{Encryption, UploadOptions, Uploader};
    // An endpoint where nothing listens: a refused call never gets as far as connecting.
    let uploader = Uploader::connect(
        "s3://orgaudit-reports/x".parse().unwrap(),
        UploadOptions {
            profile: None,
            region: Some("us-east-1".into()),
            endpoint_url: Some("http://127.0.0.1:9".into()),
            encryption: Encryption::S3Managed,
        },
    )
    .await;
    let s3 = uploader.client();
    let e = s3
        .delete_object()
        .bucket("orgaudit-reports")
        .key("x/run.json")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error_info(&e).code,
        "UploadGuard",
        "{}",
        error_info(&e).message
    );
    assert!(error_info(&e).message.contains("S3:DeleteObject"));
    let e = s3
        .get_object()
        .bucket("orgaudit-reports")
        .key("x/run.json")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_info(&e).code, "UploadGuard");
    let e = s3
        .put_bucket_policy()
        .bucket("orgaudit-reports")
        .policy("{}")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_info(&e).code, "UploadGuard");
    // PutObject passes the guard (and then fails to connect: nothing listens there).
    let e = s3
        .put_object()
        .bucket("orgaudit-reports")
        .key("x/run.json")
        .send()
        .await
        .unwrap_err();
    assert_ne!(error_info(&e).code, "UploadGuard");
}

#[tokio::test]
async fn audit_clients_never_put_objects() {
    let never = NeverClient::new();
    let session = Session::from_config(
        "000000000000",
        config(SharedHttpClient::new(never.clone())),
        CallCounter::default(),
    );
    let e = session
        .s3("us-east-1")
        .put_object()
        .bucket("b")
        .key("k")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard");
    assert_eq!(never.num_calls(), 0);
}

/// STS API Reference, "AssumeRole": member credentials expire; the provider hands out the
/// first AssumeRole's credentials once and assumes the role again when the SDK's identity
/// cache asks for fresh ones.
#[tokio::test]
async fn member_credentials_are_renewed_by_a_new_assume_role() {
    use aws_credential_types::provider::ProvideCredentials;
    let answer = |key: &str| {
        format!(
            "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>\
             <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>s</SecretAccessKey>\
             <SessionToken>t</SessionToken><Expiration>2026-12-02T23:00:00Z</Expiration></Credentials>\
             <AssumedRoleUser><AssumedRoleId>AROA:orgaudit</AssumedRoleId>\
             <Arn>arn:aws:sts::111111111111:assumed-role/Audit/orgaudit</Arn></AssumedRoleUser>\
             </AssumeRoleResult></AssumeRoleResponse>"
        )
    };
    let event = |key: &str| {
        ReplayEvent::new(
            http::Request::builder()
                .uri("https://sts.us-east-1.amazonaws.com/")
                .body(SdkBody::empty())
                .unwrap(),
            http::Response::builder()
                .status(200)
                .body(SdkBody::from(answer(key)))
                .unwrap(),
        )
    };
    let replay = StaticReplayClient::new(vec![event("ASIAFIRST"), event("ASIASECOND")]);
    let counter = CallCounter::default();
    let session = Session::from_config(
        "000000000000",
        config(SharedHttpClient::new(replay.clone())),
        counter.clone(),
    );
    let role = orgaudit_aws::refresh::AssumedRole::assume(
        session.sts(),
        "arn:aws:iam::111111111111:role/Audit".into(),
        None,
        false,
    )
    .await
    .expect("assumed");
    let first = role.provide_credentials().await.expect("first");
    assert_eq!(first.access_key_id(), "ASIAFIRST");
    assert_eq!(replay.actual_requests().count(), 1);
    let renewed = role.provide_credentials().await.expect("renewed");
    assert_eq!(renewed.access_key_id(), "ASIASECOND");
    assert_eq!(counter.operations().get("STS.AssumeRole"), Some(&2));

    // Replayed traffic: the recording's credentials expired with the recording's clock (here
    // 2026-12-02T23:00:00Z); a replay keeps them, never expiring, and never asks STS again.
    let replay = StaticReplayClient::new(vec![event("ASIAFIRST")]);
    let counter = CallCounter::default();
    let session = Session::from_config(
        "000000000000",
        config(SharedHttpClient::new(replay.clone())),
        counter.clone(),
    );
    let role = orgaudit_aws::refresh::AssumedRole::assume(
        session.sts(),
        "arn:aws:iam::111111111111:role/Audit".into(),
        None,
        true,
    )
    .await
    .expect("assumed");
    for _ in 0..3 {
        let c = role.provide_credentials().await.expect("replayed");
        assert_eq!(c.access_key_id(), "ASIAFIRST");
        assert_eq!(c.expiry(), None);
    }
    assert_eq!(counter.operations().get("STS.AssumeRole"), Some(&1));
}

fn import_answer(status: u16, body: &str) -> ReplayEvent {
    ReplayEvent::new(
        http::Request::builder()
            .uri("https://securityhub.us-east-1.amazonaws.com/findings/import")
            .body(SdkBody::empty())
            .unwrap(),
        http::Response::builder()
            .status(status)
            .body(SdkBody::from(body.to_string()))
            .unwrap(),
    )
}

/// The Security Hub importer's client (`--security-hub`) may call BatchImportFindings and
/// nothing else: not GetFindings, not BatchUpdateFindings, not DisableSecurityHub.
#[tokio::test]
async fn the_importer_client_may_import_findings_and_nothing_else() {
    let never = NeverClient::new();
    let session = Session::from_config(
        "111122223333",
        config(SharedHttpClient::new(never.clone())),
        CallCounter::default(),
    );
    let hub = orgaudit_aws::securityhub::client(&session, "us-east-1");
    let e = hub.get_findings().send().await.unwrap_err();
    assert_eq!(
        error_info(&e).code,
        "ImportGuard",
        "{}",
        error_info(&e).message
    );
    assert!(error_info(&e).message.contains("SecurityHub:GetFindings"));
    let e = hub.batch_update_findings().send().await.unwrap_err();
    assert_eq!(error_info(&e).code, "ImportGuard");
    let e = hub.disable_security_hub().send().await.unwrap_err();
    assert_eq!(error_info(&e).code, "ImportGuard");
    assert_eq!(never.num_calls(), 0, "nothing reached the network");
    // And the audit's own clients have no Security Hub at all: only the importer's exists.
}

fn asff(i: usize) -> serde_json::Value {
    serde_json::json!({
        "SchemaVersion": "2018-10-08",
        "Id": format!("orgaudit/{i}"),
        "ProductArn": "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default",
        "GeneratorId": "orgaudit/S3.1",
        "AwsAccountId": "111122223333",
        "Types": ["Software and Configuration Checks/AWS Security Best Practices"],
        "CreatedAt": "2026-12-07T00:00:00Z",
        "UpdatedAt": "2026-12-07T00:00:00Z",
        "Severity": {"Label": "LOW"},
        "Title": "t",
        "Description": "d",
        "Resources": [{"Type": "Other", "Id": format!("r{i}")}],
    })
}

/// BatchImportFindings takes at most 100 findings a request; refused findings come back in
/// FailedFindings with their id, code and message (API Reference), and are kept.
#[tokio::test]
async fn findings_are_imported_in_batches_of_100_and_refusals_are_kept() {
    use orgaudit_aws::securityhub::{import, AccountFindings};
    let replay = StaticReplayClient::new(vec![
        import_answer(
            200,
            r#"{"FailedCount":0,"SuccessCount":100,"FailedFindings":[]}"#,
        ),
        import_answer(
            200,
            r#"{"FailedCount":1,"SuccessCount":49,"FailedFindings":[{"Id":"orgaudit/120","ErrorCode":"InvalidInput","ErrorMessage":"Finding size exceeded 240 KB."}]}"#,
        ),
    ]);
    let session = Session::from_config(
        "111122223333",
        config(SharedHttpClient::new(replay.clone())),
        CallCounter::default(),
    );
    let group = AccountFindings {
        account_id: "111122223333".into(),
        region: "us-east-1".into(),
        findings: (0..150).map(asff).collect(),
    };
    let outcome = import(&session, &group).await;
    assert_eq!(outcome.imported, 149);
    assert_eq!(
        outcome.failed,
        [(
            "orgaudit/120".to_string(),
            "InvalidInput".to_string(),
            "Finding size exceeded 240 KB.".to_string()
        )]
    );
    assert!(outcome.error.is_none());
    let requests = replay.actual_requests().collect::<Vec<_>>();
    assert_eq!(requests.len(), 2);
    let sizes: Vec<usize> = requests
        .iter()
        .map(|r| {
            let body: serde_json::Value =
                serde_json::from_slice(r.body().bytes().unwrap()).unwrap();
            body["Findings"].as_array().unwrap().len()
        })
        .collect();
    assert_eq!(sizes, [100, 50]);
}

/// A call that fails as a whole (Security Hub not enabled: InvalidAccessException, HTTP 401)
/// stops that account's import and says how many findings were not sent.
#[tokio::test]
async fn a_refused_account_is_reported_with_what_it_left() {
    use orgaudit_aws::securityhub::{import, AccountFindings};
    let replay = StaticReplayClient::new(vec![import_answer(
        401,
        r#"{"__type":"InvalidAccessException","Code":"InvalidAccessException","Message":"Account 111122223333 is not subscribed to AWS Security Hub"}"#,
    )]);
    let session = Session::from_config(
        "111122223333",
        config(SharedHttpClient::new(replay)),
        CallCounter::default(),
    );
    let group = AccountFindings {
        account_id: "111122223333".into(),
        region: "us-east-1".into(),
        findings: (0..150).map(asff).collect(),
    };
    let outcome = import(&session, &group).await;
    assert_eq!(outcome.imported, 0);
    let (info, left) = outcome.error.clone().unwrap();
    assert_eq!(info.code, "InvalidAccessException");
    assert_eq!(left, 150);
    assert_eq!(outcome.not_imported(), 150);
}

fn s3_answer(status: u16, code: &str) -> ReplayEvent {
    ReplayEvent::new(
        http::Request::builder()
            .uri("https://b.s3.us-east-1.amazonaws.com/?policy")
            .body(SdkBody::empty())
            .unwrap(),
        http::Response::builder()
            .status(status)
            .body(SdkBody::from(format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>m</Message></Error>"
            )))
            .unwrap(),
    )
}

/// The progress bar's "errors so far": a failed call counts, a setting S3 reports absent with
/// 404 (NoSuchBucketPolicy, S3 API Reference "GetBucketPolicy") does not.
#[tokio::test]
async fn the_counter_counts_failures_but_not_absent_settings() {
    let replay = StaticReplayClient::new(vec![
        s3_answer(404, "NoSuchBucketPolicy"),
        s3_answer(403, "AccessDenied"),
    ]);
    let counter = CallCounter::default();
    let session = Session::from_config(
        "000000000000",
        config(SharedHttpClient::new(replay)),
        counter.clone(),
    );
    let s3 = session.s3("us-east-1");
    assert!(s3.get_bucket_policy().bucket("b").send().await.is_err());
    assert_eq!(counter.errors(), 0, "absent is not an error");
    assert!(s3.get_bucket_policy().bucket("b").send().await.is_err());
    assert_eq!(counter.errors(), 1);
    assert_eq!(counter.total(), 2);
}
