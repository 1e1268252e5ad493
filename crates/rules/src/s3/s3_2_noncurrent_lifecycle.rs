use super::{bucket_finding, need, per_bucket};
use crate::meta::seeds::S002;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::s3::LifecycleRule;
use orgaudit_model::{Finding, Message, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "S3.2",
    service: Service::S3,
    title: Text {
        en: "A versioned bucket expires noncurrent versions with a lifecycle rule",
        ja: "バージョニングされたバケットでライフサイクルルールにより非現行バージョンを期限切れにしている",
    },
    severity: Severity::Low,
    rationale: Text {
        en: "Every object version is stored and billed. Keeping the last N generations (or N days) of noncurrent versions bounds the cost while keeping versioning's protection.",
        ja: "オブジェクトのすべてのバージョンが保存され課金される。非現行バージョンを過去 N 世代 (または N 日) まで残すようにすれば、バージョニングの保護を保ったままコストを抑えられる。",
    },
    remediation: Text {
        en: "Add an enabled lifecycle rule with NoncurrentVersionExpiration (NoncurrentDays and/or NewerNoncurrentVersions).",
        ja: "NoncurrentVersionExpiration (NoncurrentDays と NewerNoncurrentVersions) を持つ有効なライフサイクルルールを追加する。",
    },
    sources: &[
        Source { seed: S002, section: "Q. S3バージョニング機能を使った場合、過去〇世代まで残す という使い方をしたい場合は、ライフサイクルポリシーを設定して自動削除するという運用でしょうか?また、自動削除したものを復旧するAPIは用意されていますか?" },
        Source { seed: S002, section: "Q. S3のバージョニングで管理されているファイルは使用容量(コスト)としてカウントされますでしょうか?" },
    ],
    doc: Text {
        en: "One finding per bucket whose versioning is Enabled or Suspended; a bucket never versioned has no noncurrent versions and gets no finding (S3.1 reports it). It passes when at least one lifecycle rule with status Enabled and no filter (no key prefix, tags or object size, so that it applies to every object) sets NoncurrentVersionExpiration (NoncurrentDays or NewerNoncurrentVersions). It fails when there is no lifecycle configuration or no such rule, also when the only enabled rules that expire noncurrent versions have a filter (noncurrent versions then expire only for some objects). It is unknown when the versioning or the lifecycle configuration could not be read (or was not collected); an account that could not be entered, or whose buckets could not be listed, gives one unknown finding for the account, and one unknown finding is given for the organization when its account list could not be read.",
        ja: "バージョニングが Enabled または Suspended のバケットごとに 1 件の検出結果を出し、一度もバージョニングされていないバケットには非現行バージョンがないため検出結果を出さない (S3.1 が報告する)。状態が Enabled でフィルタのない (キーのプレフィックス・タグ・オブジェクトサイズの指定がなく、すべてのオブジェクトに適用される) ライフサイクルルールのうち 1 つでも NoncurrentVersionExpiration (NoncurrentDays または NewerNoncurrentVersions) を設定していれば合格とする。ライフサイクル設定がないかそのようなルールがなければ不合格とし、非現行バージョンを期限切れにする有効なルールがフィルタ付きのものだけの場合 (非現行バージョンが一部のオブジェクトでしか期限切れにならない) も不合格とする。バージョニングまたはライフサイクル設定を読めなかった (収集されなかった) 場合は不明とし、入れなかったアカウントや、バケットの一覧を取得できなかったアカウントについては、アカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::BucketVersioning, Reads::BucketLifecycle],
    messages: Text {
        en: r#"
s3-2-expected = an enabled lifecycle rule expiring noncurrent versions of every object
s3-2-not-collected = the lifecycle configuration was not collected
s3-2-rule = rule { $named ->
    [yes] { $id }
   *[no] (no id)
} { $expires ->
    [keeps] keeps { $versions } noncurrent versions
    [days] expires noncurrent versions after { $days } days
   *[both] keeps { $versions } noncurrent versions expires noncurrent versions after { $days } days
}
s3-2-rules = { $rules }
s3-2-partial-rule = noncurrent versions expire only for some objects: rule { $named ->
    [yes] { $id }
   *[no] (no id)
} { $expires ->
    [keeps] keeps { $versions } noncurrent versions
    [days] expires noncurrent versions after { $days } days
   *[both] keeps { $versions } noncurrent versions expires noncurrent versions after { $days } days
}, only for { $scope }
s3-2-partial-rules = noncurrent versions expire only for some objects: { $rules }
s3-2-no-configuration = no lifecycle configuration: noncurrent versions are kept (and billed) forever
s3-2-no-rule = no enabled rule expires noncurrent versions
"#,
        ja: r#"
s3-2-expected = すべてのオブジェクトの非現行バージョンを期限切れにする有効なライフサイクルルールがあること
s3-2-not-collected = ライフサイクル設定が収集されていない
s3-2-rule = ルール { $named ->
    [yes] { $id }
   *[no] (ID なし)
} が{ $expires ->
    [keeps] 非現行バージョンを { $versions } 世代保持する
    [days] 非現行バージョンを { $days } 日後に期限切れにする
   *[both] 非現行バージョンを { $versions } 世代保持し、{ $days } 日後に期限切れにする
}
s3-2-rules = { $rules }
s3-2-partial-rule = 非現行バージョンが一部のオブジェクトでしか期限切れにならない: ルール { $named ->
    [yes] { $id }
   *[no] (ID なし)
} が{ $expires ->
    [keeps] 非現行バージョンを { $versions } 世代保持する
    [days] 非現行バージョンを { $days } 日後に期限切れにする
   *[both] 非現行バージョンを { $versions } 世代保持し、{ $days } 日後に期限切れにする
} (対象は { $scope } のみ)
s3-2-partial-rules = 非現行バージョンが一部のオブジェクトでしか期限切れにならない: { $rules }
s3-2-no-configuration = ライフサイクル設定がない: 非現行バージョンが無期限に保持され、課金され続ける
s3-2-no-rule = 非現行バージョンを期限切れにする有効なルールがない
"#,
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(S3_2, META);

/// How a rule expires noncurrent versions: the `$expires` selector of its message.
fn expires(r: &LifecycleRule) -> &'static str {
    match (r.newer_noncurrent_versions, r.noncurrent_expiration_days) {
        (Some(_), None) => "keeps",
        (None, Some(_)) => "days",
        _ => "both",
    }
}

/// The message of the only rule that expires noncurrent versions (of every object when it
/// has no filter, else only of the objects its filter selects).
fn one_rule(r: &LifecycleRule) -> Message {
    let m = match &r.filter {
        None => msg!("s3-2-rule"),
        Some(scope) => msg!("s3-2-partial-rule", scope = scope),
    };
    m.arg("named", if r.id.is_some() { "yes" } else { "no" })
        .arg("id", r.id.as_deref().unwrap_or(""))
        .arg("expires", expires(r))
        .arg("versions", r.newer_noncurrent_versions.unwrap_or(0))
        .arg("days", r.noncurrent_expiration_days.unwrap_or(0))
}

impl Rule for S3_2 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        per_bucket(ctx, &META, |b, _| {
            let versioned = match need(&META, b, &b.versioning, msg!("s3-2-expected")) {
                Ok(v) => v.status.is_some(),
                Err(f) => return Some(f),
            };
            if !versioned {
                return None; // nothing to expire: S3.1 reports the bucket
            }
            let Some(lifecycle) = &b.lifecycle else {
                let mut f = bucket_finding(&META, Status::Unknown, b);
                f.expect(msg!("s3-2-expected"));
                f.observe(msg!("s3-2-not-collected"));
                return Some(f);
            };
            let rules = match need(&META, b, lifecycle, msg!("s3-2-expected")) {
                Ok(r) => r,
                Err(f) => return Some(f),
            };
            // Rules that expire noncurrent versions; only one without a filter covers every
            // object (S3 User Guide, "Lifecycle configuration elements": a Filter narrows a
            // rule to a key prefix, tags or object sizes).
            let describe = |r: &LifecycleRule| {
                let mut s = format!("rule {}", r.id.as_deref().unwrap_or("(no id)"));
                if let Some(n) = r.newer_noncurrent_versions {
                    s.push_str(&format!(" keeps {n} noncurrent versions"));
                }
                if let Some(d) = r.noncurrent_expiration_days {
                    s.push_str(&format!(" expires noncurrent versions after {d} days"));
                }
                if let Some(scope) = &r.filter {
                    s.push_str(&format!(", only for {scope}"));
                }
                s
            };
            let expiring: Vec<&LifecycleRule> = rules
                .iter()
                .flatten()
                .filter(|r| r.status == "Enabled")
                .filter(|r| {
                    r.noncurrent_expiration_days.is_some() || r.newer_noncurrent_versions.is_some()
                })
                .collect();
            let whole: Vec<&LifecycleRule> = expiring
                .iter()
                .copied()
                .filter(|r| r.filter.is_none())
                .collect();
            let partial: Vec<&LifecycleRule> = expiring
                .iter()
                .copied()
                .filter(|r| r.filter.is_some())
                .collect();
            // Several rules are listed in English (their descriptions are joined in Rust);
            // the usual single rule is a message of its own.
            let list = |rs: &[&LifecycleRule]| -> String {
                rs.iter().map(|r| describe(r)).collect::<Vec<String>>().join("; ")
            };
            let mut f = bucket_finding(
                &META,
                if whole.is_empty() {
                    Status::Fail
                } else {
                    Status::Pass
                },
                b,
            );
            f.expect(msg!("s3-2-expected"));
            f.observe(match (whole.as_slice(), partial.as_slice()) {
                ([r], _) => one_rule(r),
                ([], [r]) => one_rule(r),
                ([], []) if rules.is_none() => msg!("s3-2-no-configuration"),
                ([], []) => msg!("s3-2-no-rule"),
                ([], _) => msg!("s3-2-partial-rules", rules = list(&partial)),
                (_, _) => msg!("s3-2-rules", rules = list(&whole)),
            });
            if !whole.is_empty() {
                f.evidence = partial.iter().map(|r| describe(r)).collect();
            }
            Some(f)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::testdata::*;
    use orgaudit_model::s3::Versioning;
    use orgaudit_model::Fetched;

    #[test]
    fn only_versioned_buckets_are_judged() {
        let mut none = good("none");
        none.lifecycle = Some(Fetched::Ok(None));
        let mut disabled = good("disabled");
        if let Some(Fetched::Ok(Some(rules))) = &mut disabled.lifecycle {
            rules[0].status = "Disabled".into();
        }
        let mut unversioned = good("unversioned");
        unversioned.versioning = Fetched::Ok(Versioning::default());
        unversioned.lifecycle = None;
        let s = snapshot(vec![good("ok"), none, disabled, unversioned]);
        let fs = S3_2.evaluate(&Context::new(&s));
        assert!(finding(&fs, "ok")
            .observed
            .contains("keeps 3 noncurrent versions"));
        assert_eq!(
            crate::messages::render("ja", finding(&fs, "ok").observed_msg.as_ref().unwrap())
                .as_deref(),
            Some("ルール keep-3 が非現行バージョンを 3 世代保持し、30 日後に期限切れにする")
        );
        assert_eq!(finding(&fs, "none").status, Status::Fail);
        assert_eq!(finding(&fs, "disabled").status, Status::Fail);
        assert!(fs
            .iter()
            .all(|f| f.resource_name.as_deref() != Some("unversioned")));
    }

    /// A rule limited to a prefix leaves the other objects' noncurrent versions forever.
    #[test]
    fn a_filtered_rule_covers_only_its_objects() {
        let mut b = good("logs-only");
        if let Some(Fetched::Ok(Some(rules))) = &mut b.lifecycle {
            rules[0].filter = Some("keys starting with \"logs/\"".into());
        }
        let s = snapshot(vec![b]);
        let fs = S3_2.evaluate(&Context::new(&s));
        let f = finding(&fs, "logs-only");
        assert_eq!(f.status, Status::Fail, "{}", f.observed);
        assert!(
            f.observed.contains("only for keys starting with"),
            "{}",
            f.observed
        );
    }

    crate::findings_snapshot!(S3_2, crate::s3::testdata::sample());
}
