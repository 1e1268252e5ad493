//! Counts API operations and HTTP attempts, for the snapshot's metadata and the benchmark.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
    FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

#[derive(Debug, Default)]
struct Counts {
    operations: Mutex<BTreeMap<String, u64>>,
    executions: AtomicU64,
    attempts: AtomicU64,
    errors: AtomicU64,
}

/// Shared by every client of one run.
#[derive(Debug, Default, Clone)]
pub struct CallCounter(Arc<Counts>);

impl CallCounter {
    /// Operations executed, keyed `Service.Operation`.
    pub fn operations(&self) -> BTreeMap<String, u64> {
        self.0
            .operations
            .lock()
            .map(|m| m.clone())
            .unwrap_or_default()
    }

    /// HTTP attempts beyond the first of each operation (retries).
    pub fn retries(&self) -> u64 {
        let attempts = self.0.attempts.load(Ordering::Relaxed);
        attempts.saturating_sub(self.0.executions.load(Ordering::Relaxed))
    }

    pub fn total(&self) -> u64 {
        self.0.executions.load(Ordering::Relaxed)
    }

    /// Operations that failed after their retries, other than the "not found" answers
    /// (HTTP 404) with which S3 and others say a setting is absent (S3 API Reference:
    /// NoSuchBucketPolicy, NoSuchLifecycleConfiguration, … are 404): access denied,
    /// throttling that outlasted the retries, timeouts, unreachable endpoints.
    pub fn errors(&self) -> u64 {
        self.0.errors.load(Ordering::Relaxed)
    }
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "orgaudit::CallCounter"
    }

    fn read_before_serialization(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let key = cfg
            .load::<Metadata>()
            .map(|m| format!("{}.{}", m.service(), m.name()))
            .unwrap_or_else(|| "unknown".into());
        self.0.executions.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut ops) = self.0.operations.lock() {
            *ops.entry(key).or_default() += 1;
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let failed = matches!(context.output_or_error(), Some(Err(_)));
        let absent = context
            .response()
            .is_some_and(|r| r.status().as_u16() == 404);
        if failed && !absent {
            self.0.errors.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.attempts.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}
