use super::*;
use aws_smithy_http_client::test_util::{NeverClient, ReplayEvent, StaticReplayClient};
use aws_smithy_types::body::SdkBody;

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
    let session = Session::from_config("000000000000", config(SharedHttpClient::new(never.clone())), CallCounter::default());
    let org = session.organizations();

    let e = org.create_account().email("x@example.com").account_name("x").send().await.unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard", "{}", error_info(&e).message);
    let e = org.attach_policy().policy_id("p-1").target_id("r-1").send().await.unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard");
    assert!(error_info(&e).message.contains("Organizations:AttachPolicy"));
    let e = org.leave_organization().send().await.unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard");
    let e = session.sts().assume_role_with_web_identity().role_arn("a").role_session_name("b").web_identity_token("c").send().await.unwrap_err();
    assert_eq!(error_info(&e).code, "ReadOnlyGuard");

    assert_eq!(never.num_calls(), 0, "a refused operation reached the HTTP client");
}

#[tokio::test]
async fn guard_lets_reads_through_and_the_counter_counts_them() {
    let body = r#"{"Roots":[{"Id":"r-ab12","Arn":"arn:aws:organizations::000000000000:root/o-x/r-ab12","Name":"Root","PolicyTypes":[]}]}"#;
    let replay = StaticReplayClient::new(vec![ReplayEvent::new(
        http::Request::builder().uri("https://organizations.us-east-1.amazonaws.com/").body(SdkBody::empty()).unwrap(),
        http::Response::builder().status(200).body(SdkBody::from(body)).unwrap(),
    )]);
    let counter = CallCounter::default();
    let session = Session::from_config("000000000000", config(SharedHttpClient::new(replay.clone())), counter.clone());
    let out = session.organizations().list_roots().send().await.expect("a read must pass the guard");
    assert_eq!(out.roots()[0].id(), Some("r-ab12"));
    assert_eq!(replay.actual_requests().count(), 1);
    assert_eq!(counter.operations().get("Organizations.ListRoots"), Some(&1));
    assert_eq!(counter.retries(), 0);
}

#[tokio::test]
async fn service_errors_keep_their_code_and_message() {
    let body = r#"{"__type":"AccessDeniedException","Message":"You don't have permissions to access this resource."}"#;
    let replay = StaticReplayClient::new(vec![ReplayEvent::new(
        http::Request::builder().uri("https://organizations.us-east-1.amazonaws.com/").body(SdkBody::empty()).unwrap(),
        http::Response::builder().status(400).body(SdkBody::from(body)).unwrap(),
    )]);
    let session = Session::from_config("000000000000", config(SharedHttpClient::new(replay)), CallCounter::default());
    let e = session.organizations().list_roots().send().await.unwrap_err();
    let info = error_info(&e);
    assert_eq!(info.code, "AccessDeniedException");
    assert!(info.message.contains("permissions"));
}
