//! One concurrency budget for a whole run: `--concurrency N` means at most N HTTP requests in
//! flight in total, whatever fans out above (accounts, buckets, policies, OUs) and whichever
//! client sends them (the assumed-role credential refreshes included, since every client of a
//! run shares this HTTP client).
//!
//! The limit sits at the HTTP connector, under the SDK's retry loop: a request waiting for a
//! permit is not yet sent, and a retry's backoff sleep holds none. A permit is held from the
//! moment the request is sent until its response body has been read in full, so a slow
//! answer counts for as long as it occupies a connection.

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// An HTTP client that lets at most `limit` requests be in flight at once.
#[derive(Debug, Clone)]
pub struct Budgeted {
    inner: SharedHttpClient,
    permits: Arc<Semaphore>,
}

impl Budgeted {
    /// `limit` is at least 1.
    pub fn new(inner: SharedHttpClient, limit: usize) -> Self {
        Budgeted {
            inner,
            permits: Arc::new(Semaphore::new(limit.max(1))),
        }
    }
}

impl HttpClient for Budgeted {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(BudgetedConnector {
            inner: self.inner.http_connector(settings, components),
            permits: self.permits.clone(),
        })
    }
}

#[derive(Debug, Clone)]
struct BudgetedConnector {
    inner: SharedHttpConnector,
    permits: Arc<Semaphore>,
}

impl HttpConnector for BudgetedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let inner = self.inner.clone();
        let permits = self.permits.clone();
        HttpConnectorFuture::new(async move {
            // The semaphore is never closed, so acquiring only waits.
            let _permit = permits
                .acquire_owned()
                .await
                .map_err(|e| ConnectorError::other(e.into(), None))?;
            let mut response = inner.call(request).await?;
            let body = std::mem::replace(response.body_mut(), SdkBody::taken());
            let bytes = ByteStream::new(body)
                .collect()
                .await
                .map_err(|e| ConnectorError::io(e.into()))?
                .into_bytes();
            *response.body_mut() = SdkBody::from(bytes);
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    /// A connector that answers after a pause and records how many calls overlapped.
    #[derive(Debug, Clone, Default)]
    struct Slow {
        now: Arc<AtomicUsize>,
        most: Arc<AtomicUsize>,
    }

    impl HttpConnector for Slow {
        fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
            let (now, most) = (self.now.clone(), self.most.clone());
            HttpConnectorFuture::new(async move {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(n, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(5)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                Ok(HttpResponse::new(
                    200u16.try_into().expect("status"),
                    SdkBody::from("ok"),
                ))
            })
        }
    }

    #[tokio::test]
    async fn no_more_requests_in_flight_than_the_budget() {
        let slow = Slow::default();
        let connector = BudgetedConnector {
            inner: SharedHttpConnector::new(slow.clone()),
            permits: Arc::new(Semaphore::new(3)),
        };
        let calls = (0..40).map(|_| {
            let request = HttpRequest::get("http://127.0.0.1/").expect("request");
            connector.call(request)
        });
        let answers = futures::future::join_all(calls).await;
        assert!(answers.iter().all(|a| a.is_ok()));
        assert_eq!(
            slow.most.load(Ordering::SeqCst),
            3,
            "the budget is used, never exceeded"
        );
    }
}
