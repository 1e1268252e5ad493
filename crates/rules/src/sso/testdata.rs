//! Identity Center data for the SSO rule tests (snapshot time 2026-11-22).

use orgaudit_model::sso::*;
use orgaudit_model::{Fetched, Snapshot};

const INST: &str = "arn:aws:sso:::instance/ssoins-test";

fn set(name: &str, duration: &str, managed: &[&str], inline: Option<&str>) -> PermissionSet {
    PermissionSet {
        arn: format!("{INST}/ps-{}", name.to_lowercase()),
        instance_arn: INST.into(),
        name: name.into(),
        description: None,
        session_duration: Some(duration.into()),
        describe_error: None,
        inline_policy: Fetched::Ok(inline.map(str::to_string)),
        managed_policies: Fetched::Ok(
            managed
                .iter()
                .map(|m| format!("arn:aws:iam::aws:policy/{m}"))
                .collect(),
        ),
        customer_managed: Fetched::Ok(vec![]),
        boundary: Fetched::Ok(None),
        outdated_accounts: Fetched::Ok(vec![]),
    }
}

fn assign(account: &str, set: &str, kind: &str, principal: &str) -> Assignment {
    Assignment {
        account_id: account.into(),
        permission_set_arn: format!("{INST}/ps-{}", set.to_lowercase()),
        principal_type: kind.into(),
        principal_id: principal.into(),
    }
}

pub fn snapshot() -> Snapshot {
    let mut s = crate::org::testorg::snapshot();
    s.meta.finished_at = "2026-11-22T12:00:00Z".into();
    let mut read_only = set("ReadOnly", "PT4H", &["ReadOnlyAccess"], None);
    read_only.outdated_accounts = Fetched::Ok(vec!["111111111111".into()]);
    s.sso = Some(SsoSnapshot {
        region: Some("us-east-1".into()),
        searched: vec!["us-east-1".into()],
        read_from: None,
        instances: Fetched::Ok(vec![SsoInstance {
            arn: INST.into(),
            identity_store_id: "d-test".into(),
            owner_account_id: Some("000000000000".into()),
        }]),
        permission_sets: vec![
            set("Admin", "PT8H", &["AdministratorAccess"], None),
            read_only,
            set(
                "DataOps",
                "PT12H",
                &[],
                Some(r#"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#),
            ),
            set(
                "BreakGlass",
                "PT1H",
                &[],
                Some(
                    r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2027-01-31T00:00:00Z"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}"#,
                ),
            ),
            set(
                "Expired",
                "PT1H",
                &[],
                Some(
                    r#"{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2025-06-30T00:00:00Z"}}}]}"#,
                ),
            ),
            set("Unused", "PT1H", &["ReadOnlyAccess"], None),
        ],
        permission_set_errors: Vec::new(),
        assignments: vec![
            assign("111111111111", "Admin", "GROUP", "g-admins"),
            assign("000000000000", "Admin", "GROUP", "g-admins"),
            assign("111111111111", "ReadOnly", "USER", "u-alice"),
            assign("222222222222", "DataOps", "GROUP", "g-devs"),
            assign("111111111111", "BreakGlass", "USER", "u-alice"),
            assign("222222222222", "Expired", "USER", "u-bob"),
        ],
        assignment_errors: vec![],
        users: Fetched::Ok(vec![
            User {
                id: "u-alice".into(),
                user_name: "alice".into(),
                display_name: None,
            },
            User {
                id: "u-bob".into(),
                user_name: "bob".into(),
                display_name: None,
            },
        ]),
        groups: Fetched::Ok(vec![
            Group {
                id: "g-admins".into(),
                display_name: "admins".into(),
            },
            Group {
                id: "g-devs".into(),
                display_name: "devs".into(),
            },
        ]),
        memberships: Fetched::Ok(vec![
            Membership {
                group_id: "g-admins".into(),
                user_id: "u-alice".into(),
            },
            Membership {
                group_id: "g-devs".into(),
                user_id: "u-bob".into(),
            },
        ]),
        managed_documents: Default::default(),
        customer_documents: Default::default(),
    });
    s
}

#[test]
fn access_matrix_expands_groups() {
    let s = snapshot();
    let rows = super::access_matrix(&s);
    let alice: Vec<_> = rows
        .iter()
        .filter(|r| r.user == "alice")
        .map(|r| {
            (
                r.account_id.as_str(),
                r.permission_set.as_str(),
                r.via.as_str(),
                r.class.as_str(),
            )
        })
        .collect();
    assert!(
        alice.contains(&("111111111111", "Admin", "group admins", "admin-equivalent")),
        "{alice:?}"
    );
    assert!(alice.contains(&("111111111111", "ReadOnly", "direct", "ordinary")));
    let bg = rows
        .iter()
        .find(|r| r.permission_set == "BreakGlass")
        .unwrap();
    assert!(
        bg.notes.iter().any(|n| n.starts_with("until 2027-01-31")),
        "{:?}",
        bg.notes
    );
    assert_eq!(rows.iter().filter(|r| r.user == "bob").count(), 2);
}

/// A failed Identity Center read about `subject`.
pub fn failure(operation: &str, subject: &str) -> orgaudit_model::CollectionError {
    orgaudit_model::CollectionError {
        account_id: Some("000000000000".into()),
        region: Some("us-east-1".into()),
        service: "SSO Admin".into(),
        operation: operation.into(),
        code: "AccessDeniedException".into(),
        message: "not authorized".into(),
        subject: Some(subject.into()),
    }
}
