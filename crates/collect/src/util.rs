use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use orgaudit_model::CollectionError;

/// Log a collection error and keep it in the run's list; returns it for the `Fetched` it fills.
pub fn record(e: CollectionError, errors: &mut Vec<CollectionError>) -> CollectionError {
    tracing::warn!("{}", e.summary());
    errors.push(e.clone());
    e
}

/// Turn an SDK error into the snapshot's record of it.
pub fn collection_error<E>(
    err: &SdkError<E, HttpResponse>,
    account_id: &str,
    region: Option<&str>,
    service: &str,
    operation: &str,
    subject: Option<&str>,
) -> CollectionError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let info = orgaudit_aws::error_info(err);
    CollectionError {
        account_id: Some(account_id.to_string()),
        region: region.map(str::to_string),
        service: service.to_string(),
        operation: operation.to_string(),
        code: info.code,
        message: info.message,
        subject: subject.map(str::to_string),
    }
}
