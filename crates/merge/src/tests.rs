use super::*;
use orgaudit_model::{CollectionError, Fetched, Shard};

/// What `orgaudit collect --shard i/n` would have produced from `whole`: the slice of accounts,
/// organization-wide data only in shard 0.
fn split(whole: &Snapshot, count: u32) -> Vec<Part> {
    (0..count)
        .map(|index| {
            let shard = Shard::new(index, count).unwrap();
            let mut s = whole.clone();
            s.meta.shard = Some(shard);
            s.meta.api_calls = [("S3.ListBuckets".to_string(), 10 + u64::from(index))].into();
            s.meta.retries = u64::from(index);
            s.meta.started_at = format!("2026-11-23T02:00:0{index}Z");
            s.meta.finished_at = format!("2026-11-23T02:1{index}:00Z");
            s.account_access.retain(|id, _| shard.owns(id));
            s.s3.retain(|a| shard.owns(&a.account_id));
            s.cloudtrail.retain(|a| shard.owns(&a.account_id));
            s.errors.retain(|e| match &e.account_id {
                Some(a) => shard.owns(a),
                None => index == 0,
            });
            if index > 0 {
                let other = CollectionError {
                    account_id: None,
                    region: None,
                    service: "Organizations".into(),
                    operation: "ListRoots".into(),
                    code: "OtherShard".into(),
                    message: "collected by shard 0".into(),
                    subject: None,
                };
                s.organization.roots = Fetched::Error(other.clone());
                s.organization.policies = Fetched::Error(other);
                s.organization.organizational_units.clear();
                s.sso = None;
            }
            Part {
                name: format!("shard-{index}.json"),
                snapshot: s,
            }
        })
        .collect()
}

fn whole() -> Snapshot {
    let mut s = orgaudit_testkit::synthetic::snapshot(40, 3);
    s.errors.push(CollectionError {
        account_id: Some(s.account_access.keys().nth(5).unwrap().clone()),
        region: Some("us-east-1".into()),
        service: "S3".into(),
        operation: "GetBucketPolicy".into(),
        code: "AccessDenied".into(),
        message: "denied".into(),
        subject: Some("bucket".into()),
    });
    s
}

#[test]
fn split_then_merged_is_the_whole_collection() {
    let whole = whole();
    assert!(whole.account_access.len() == 40 && !whole.s3.is_empty());
    for count in [1, 2, 3, 5] {
        let mut parts = split(&whole, count);
        parts.reverse(); // any order
        let merged = merge(parts).unwrap();
        assert_eq!(merged.organization, whole.organization, "{count}");
        assert_eq!(merged.account_access, whole.account_access);
        assert_eq!(merged.s3, whole.s3);
        assert_eq!(merged.cloudtrail, whole.cloudtrail);
        assert_eq!(merged.sso, whole.sso);
        let mut a = merged.errors.clone();
        let mut b = whole.errors.clone();
        a.sort_by_key(|e| e.summary());
        b.sort_by_key(|e| e.summary());
        assert_eq!(a, b);
        assert_eq!(merged.meta.shard, None);
        assert_eq!(merged.meta.merged_from.len(), count as usize);
        assert_eq!(
            merged.meta.api_calls["S3.ListBuckets"],
            (0..u64::from(count)).map(|i| 10 + i).sum::<u64>()
        );
        assert_eq!(merged.meta.retries, (0..u64::from(count)).sum::<u64>());
        assert_eq!(merged.meta.started_at, "2026-11-23T02:00:00Z");
        assert_eq!(
            merged.meta.finished_at,
            format!("2026-11-23T02:1{}:00Z", count - 1)
        );
        assert_eq!(
            merged
                .meta
                .merged_from
                .iter()
                .map(|r| r.accounts)
                .sum::<usize>(),
            40
        );
    }
}

fn refusal(parts: Vec<Part>) -> MergeError {
    merge(parts).map(|_| ()).unwrap_err()
}

#[test]
fn refuses_incomplete_duplicated_or_mixed_shards() {
    let whole = whole();
    let mut parts = split(&whole, 3);
    parts.remove(1);
    let e = refusal(parts);
    assert_eq!(
        e,
        MergeError::Missing {
            missing: "1".into(),
            count: 3
        }
    );
    assert!(e.to_string().contains("silently"));

    let mut parts = split(&whole, 3);
    let again = split(&whole, 3).remove(2);
    parts.push(Part {
        name: "copy.json".into(),
        ..again
    });
    assert!(
        matches!(refusal(parts), MergeError::Duplicate { ref other, .. } if other == "copy.json")
    );

    let mut parts = split(&whole, 3);
    parts.push(split(&whole, 4).remove(3));
    assert!(matches!(
        refusal(parts),
        MergeError::ShardCount { other_count: 4, .. }
    ));

    assert_eq!(refusal(vec![]), MergeError::Empty);

    let e = refusal(vec![Part {
        name: "snapshot.json".into(),
        snapshot: whole.clone(),
    }]);
    assert_eq!(e, MergeError::NotAShard("snapshot.json".into()));
}

#[test]
fn refuses_other_organizations_schema_versions_and_options() {
    let whole = whole();
    let mut parts = split(&whole, 3);
    if let Fetched::Ok(info) = &mut parts[2].snapshot.organization.info {
        info.id = "o-someoneelse".into();
    }
    let e = refusal(parts);
    assert!(
        matches!(e, MergeError::Organization { ref other_org, .. } if other_org == "o-someoneelse")
    );
    assert!(e.to_string().contains("different organizations"), "{e}");

    let mut parts = split(&whole, 3);
    parts[1].snapshot.schema_version = SCHEMA_VERSION + 1;
    assert!(matches!(refusal(parts), MergeError::SchemaVersion { .. }));

    let mut parts = split(&whole, 3);
    parts[1]
        .snapshot
        .meta
        .requested_regions
        .push("ap-northeast-1".into());
    let e = refusal(parts);
    assert!(
        matches!(
            e,
            MergeError::Options {
                what: "regions",
                ..
            }
        ),
        "{e}"
    );

    let mut parts = split(&whole, 3);
    parts[2].snapshot.meta.mode = "replay".into();
    assert!(matches!(
        refusal(parts),
        MergeError::Options { what: "mode", .. }
    ));
}

#[test]
fn refuses_an_account_in_the_wrong_shard() {
    let whole = whole();
    let mut parts = split(&whole, 3);
    let stray = parts[0]
        .snapshot
        .account_access
        .iter()
        .next()
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap();
    parts[1]
        .snapshot
        .account_access
        .insert(stray.0.clone(), stray.1);
    let e = refusal(parts);
    assert!(
        matches!(e, MergeError::WrongShard { ref account, owner: 0, .. } if *account == stray.0),
        "{e}"
    );
}

#[test]
fn an_account_no_shard_read_is_unreachable_not_missing() {
    let whole = whole();
    let mut parts = split(&whole, 3);
    let gone = parts[2]
        .snapshot
        .account_access
        .keys()
        .next()
        .unwrap()
        .clone();
    parts[2].snapshot.account_access.remove(&gone);
    parts[2].snapshot.s3.retain(|a| a.account_id != gone);
    let merged = merge(parts).unwrap();
    match &merged.account_access[&gone] {
        AccountAccess::Unreachable { error } => {
            assert_eq!(error.code, "NotCollected");
            assert!(error.message.contains("shard 2"), "{}", error.message);
        }
        other => panic!("{other:?}"),
    }
    assert!(merged
        .errors
        .iter()
        .any(|e| e.account_id.as_deref() == Some(gone.as_str()) && e.code == "NotCollected"));
}
