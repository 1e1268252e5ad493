//! The read-only guard: an SDK interceptor on every client orgaudit builds. It refuses any
//! operation that is not on [`ALLOWED_OPERATIONS`] before the request is serialized, so
//! a mutating call cannot reach the network whatever the code around it does.
//!
//! The report uploader (`--upload`, the product's only write) has its own client and its own
//! guard, [`UploadGuard`], whose list holds exactly [`UPLOAD_OPERATIONS`]: it can put report
//! files, nothing else, and the audit clients can never put anything. The Security Hub
//! importer (`--security-hub`) is the same again: [`ImportGuard`], [`IMPORT_OPERATIONS`].

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeSerializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::fmt;

use crate::ops::Op;
pub use crate::ops::{
    IMPORT as IMPORT_OPERATIONS, READ as ALLOWED_OPERATIONS, UPLOAD as UPLOAD_OPERATIONS,
};

fn listed(list: &[Op], service: &str, operation: &str) -> bool {
    list.iter().any(|op| op.is(service, operation))
}

pub fn is_allowed(service: &str, operation: &str) -> bool {
    listed(ALLOWED_OPERATIONS, service, operation)
}

/// The error a refused operation fails with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardRefusal {
    /// `ReadOnlyGuard` or `UploadGuard`: also the error code findings and messages show.
    pub guard: &'static str,
    pub service: String,
    pub operation: String,
}

impl fmt::Display for GuardRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.guard {
            "UploadGuard" => "the report uploader only puts report files",
            "ImportGuard" => "the Security Hub importer only imports findings",
            _ => "orgaudit only calls the read operations on its allow-list",
        };
        write!(
            f,
            "{} refused {}:{}: {why}",
            self.guard, self.service, self.operation
        )
    }
}

impl std::error::Error for GuardRefusal {}

/// A guard: an interceptor that lets through the operations of one list and refuses every
/// other before the request is serialized. Its name is the error code a refusal carries.
macro_rules! guard {
    ($(#[$doc:meta])* $name:ident, $list:expr) => {
        $(#[$doc])*
        #[derive(Debug, Default, Clone, Copy)]
        pub struct $name;

        impl Intercept for $name {
            fn name(&self) -> &'static str {
                concat!("orgaudit::", stringify!($name))
            }

            fn read_before_serialization(
                &self,
                _context: &BeforeSerializationInterceptorContextRef<'_>,
                _runtime_components: &RuntimeComponents,
                cfg: &mut ConfigBag,
            ) -> Result<(), BoxError> {
                check(cfg, $list, stringify!($name))
            }
        }
    };
}

guard!(
    /// The guard on every audit client: [`ALLOWED_OPERATIONS`] (reads) only.
    ReadOnlyGuard,
    ALLOWED_OPERATIONS
);
guard!(
    /// The guard on the report uploader's client: [`UPLOAD_OPERATIONS`] only.
    UploadGuard,
    UPLOAD_OPERATIONS
);
guard!(
    /// The guard on the Security Hub importer's client: [`IMPORT_OPERATIONS`] only.
    ImportGuard,
    IMPORT_OPERATIONS
);

fn check(cfg: &ConfigBag, list: &[Op], guard: &'static str) -> Result<(), BoxError> {
    // The operation's metadata is stored by its runtime plugin, which runs after the
    // client-level `read_before_execution` hook: that is why the check sits here, still
    // before the request is serialized, signed or sent. No metadata means we cannot tell
    // what this is: refuse rather than hope.
    let (service, operation) = match cfg.load::<Metadata>() {
        Some(m) => (m.service().to_string(), m.name().to_string()),
        None => ("unknown".to_string(), "unknown".to_string()),
    };
    if listed(list, &service, &operation) {
        Ok(())
    } else {
        tracing::error!(%service, %operation, guard, "guard refused an operation");
        Err(Box::new(GuardRefusal {
            guard,
            service,
            operation,
        }))
    }
}

/// Walks an error's source chain for a guard refusal.
pub fn find_refusal<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a GuardRefusal> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(r) = e.downcast_ref::<GuardRefusal>() {
            return Some(r);
        }
        cur = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list_holds_no_mutating_verb() {
        const MUTATING: &[&str] = &[
            "Put",
            "Create",
            "Delete",
            "Update",
            "Attach",
            "Detach",
            "Enable",
            "Disable",
            "Start",
            "Stop",
            "Tag",
            "Untag",
            "Provision",
            "Register",
            "Deregister",
            "Move",
            "Remove",
            "Invite",
            "Leave",
            "Accept",
            "Decline",
            "Cancel",
            "Close",
            "Restore",
            "Set",
            "Add",
        ];
        for Op {
            service, name: op, ..
        } in ALLOWED_OPERATIONS
        {
            if *service == "STS" {
                continue;
            }
            assert!(
                op.starts_with("Get")
                    || op.starts_with("List")
                    || op.starts_with("Describe")
                    || op.starts_with("Head"),
                "{service}:{op} is not a read verb"
            );
            assert!(
                !MUTATING.iter().any(|m| op.starts_with(m)),
                "{service}:{op}"
            );
        }
    }

    #[test]
    fn the_uploader_may_only_put_objects() {
        assert_eq!(UPLOAD_OPERATIONS, &[crate::ops::s3::PUT_OBJECT]);
        assert!(!is_allowed("S3", "PutObject"), "audit clients never write");
    }

    #[test]
    fn the_importer_may_only_import_findings() {
        assert_eq!(
            IMPORT_OPERATIONS,
            &[crate::ops::securityhub::BATCH_IMPORT_FINDINGS]
        );
        assert!(
            !is_allowed("SecurityHub", "BatchImportFindings"),
            "audit clients never write"
        );
    }

    #[test]
    fn lookup_is_exact_on_operation() {
        assert!(is_allowed("Organizations", "ListRoots"));
        assert!(is_allowed("organizations", "ListRoots"));
        assert!(!is_allowed("Organizations", "CreateAccount"));
        assert!(!is_allowed("Organizations", "listroots"));
        assert!(!is_allowed("S3", "ListRoots"));
    }
}
