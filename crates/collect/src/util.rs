//! The one way collectors read: an SDK result (one call, or a paginator collected into its
//! pages) becomes a [`Fetched`] value or a [`CollectionError`] naming the operation by its
//! typed constant ([`Op`], shared with the read-only guard's allow-list). An answer that lacks a
//! field the API reference documents as always present is an error too ([`Missing`]), never a
//! silent empty string.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use orgaudit_aws::Op;
use orgaudit_model::{CollectionError, Fetched};

/// Log a collection error and keep it in the run's list; returns it for the `Fetched` it fills.
pub fn record(e: CollectionError, errors: &mut Vec<CollectionError>) -> CollectionError {
    tracing::warn!("{}", e.summary());
    errors.push(e.clone());
    e
}

/// Keep the error of a read, if it failed, in the run's list.
pub fn keep<T>(f: &Fetched<T>, errors: &mut Vec<CollectionError>) {
    if let Some(e) = f.error() {
        record(e.clone(), errors);
    }
}

/// A field the API reference documents as part of every answer was absent (or empty, for
/// identifiers): the read is incomplete and counts as failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing(pub &'static str);

/// A required string field of an answer.
pub fn need<'v>(value: Option<&'v str>, field: &'static str) -> Result<&'v str, Missing> {
    value.filter(|v| !v.is_empty()).ok_or(Missing(field))
}

/// A required string field, owned.
pub fn need_owned(value: Option<&str>, field: &'static str) -> Result<String, Missing> {
    need(value, field).map(str::to_string)
}

/// Where reads happen: the account (and region, for regional services) a failure is recorded
/// against.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub account: &'a str,
    pub region: Option<&'a str>,
}

impl<'a> At<'a> {
    /// A global service (Organizations).
    pub fn global(account: &'a str) -> Self {
        At {
            account,
            region: None,
        }
    }

    /// A regional service.
    pub fn region(account: &'a str, region: &'a str) -> Self {
        At {
            account,
            region: Some(region),
        }
    }

    /// A failure that is not an AWS error: `code` says what kind.
    pub fn fault(
        &self,
        op: Op,
        subject: Option<&str>,
        code: &str,
        message: impl Into<String>,
    ) -> CollectionError {
        CollectionError {
            account_id: Some(self.account.to_string()),
            region: self.region.map(str::to_string),
            service: op.service.to_string(),
            operation: op.name.to_string(),
            code: code.to_string(),
            message: message.into(),
            subject: subject.map(str::to_string),
        }
    }

    /// The record of a failed call.
    pub fn failed<E>(
        &self,
        op: Op,
        subject: Option<&str>,
        err: &SdkError<E, HttpResponse>,
    ) -> CollectionError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let info = orgaudit_aws::error_info(err);
        self.fault(op, subject, &info.code, info.message)
    }

    /// The record of an answer without a field it always holds.
    pub fn incomplete(&self, op: Op, subject: Option<&str>, missing: Missing) -> CollectionError {
        self.fault(
            op,
            subject,
            "IncompleteResponse",
            format!("the answer held no {}", missing.0),
        )
    }

    /// One read: the call's result, mapped. A failed call or an incomplete answer is the
    /// read's error.
    pub fn read<O, E, T>(
        &self,
        op: Op,
        subject: Option<&str>,
        result: Result<O, SdkError<E, HttpResponse>>,
        map: impl FnOnce(O) -> Result<T, Missing>,
    ) -> Fetched<T>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match result {
            Ok(out) => match map(out) {
                Ok(v) => Fetched::Ok(v),
                Err(missing) => Fetched::Error(self.incomplete(op, subject, missing)),
            },
            Err(e) => Fetched::Error(self.failed(op, subject, &e)),
        }
    }

    /// A read of a setting that may not exist: the error codes in `not_configured` (S3's
    /// `NoSuch…` answers, documented per operation in the S3 API reference) are the answer
    /// "not configured" (`Ok(None)`), any other failure is the read's error.
    pub fn setting<O, E, T>(
        &self,
        op: Op,
        subject: Option<&str>,
        result: Result<O, SdkError<E, HttpResponse>>,
        not_configured: &[&str],
        map: impl FnOnce(O) -> Result<T, Missing>,
    ) -> Fetched<Option<T>>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match result {
            Err(SdkError::ServiceError(se))
                if se.err().code().is_some_and(|c| not_configured.contains(&c)) =>
            {
                Fetched::Ok(None)
            }
            other => self.read(op, subject, other, |o| map(o).map(Some)),
        }
    }
}

/// Map every item, failing on the first incomplete one.
pub fn each<I, T>(
    items: impl IntoIterator<Item = I>,
    f: impl FnMut(I) -> Result<T, Missing>,
) -> Result<Vec<T>, Missing> {
    items.into_iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_identifier_is_missing() {
        assert_eq!(need(None, "Id"), Err(Missing("Id")));
        assert_eq!(need(Some(""), "Id"), Err(Missing("Id")));
        assert_eq!(need(Some("o-1"), "Id"), Ok("o-1"));
    }

    #[test]
    fn an_incomplete_answer_is_an_error_naming_the_field() {
        let at = At::global("111111111111");
        let got: Fetched<String> = at.read(
            orgaudit_aws::ops::organizations::DESCRIBE_ORGANIZATION,
            None,
            Ok::<_, SdkError<aws_sdk_organizations::Error, HttpResponse>>(None::<&str>),
            |o| need_owned(o, "Organization.MasterAccountId"),
        );
        let e = got.error().expect("an error");
        assert_eq!(e.code, "IncompleteResponse");
        assert_eq!(e.service, "Organizations");
        assert_eq!(e.operation, "DescribeOrganization");
        assert!(e.message.contains("MasterAccountId"), "{}", e.message);
    }
}
