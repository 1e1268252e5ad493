use super::Tally;
use crate::meta::seeds::S001;
use crate::{msg, Context, Exception, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Snapshot, Status};

pub(crate) const CFG1_ID: &str = "CFG.1";

static META: RuleMeta = RuleMeta {
    id: CFG1_ID,
    service: Service::Configuration,
    title: Text {
        en: "Accepted-risk exceptions are current and used",
        ja: "リスク受容の例外が期限内で、実際に使われている",
    },
    severity: Severity::Low,
    rationale: Text {
        en: "An exception hides a known failure for a while. When it expires the failure is reported again and the exception must be renewed deliberately or removed; an exception that matches nothing is stale or mistyped.",
        ja: "例外は既知の不備を一定期間だけ隠す。期限が切れれば不備は再び報告され、例外は意図して更新するか削除しなければならない。何にも一致しない例外は古いか書き誤りである。",
    },
    remediation: Text {
        en: "Fix the finding, or review the risk and set a new expiry date in orgaudit.toml; delete exceptions that match no finding.",
        ja: "不備を修正するか、リスクを見直して orgaudit.toml に新しい期限を設定する。どの検出結果にも一致しない例外は削除する。",
    },
    // 「セキュリティのベストプラクティスを自動化する」 is one of the design principles listed there.
    sources: &[Source {
        seed: S001,
        section: "Well-Architected Framework 「セキュリティ」の設計原則",
    }],
    doc: Text {
        en: "One finding per exception of the practices file (orgaudit.toml), judged after every other rule against the snapshot's date, never the clock. It fails when its expires date (the last day it applies) has passed, and fails at info when it is in force but covers no failing finding, that is, none matches its rule id or pattern, its resource pattern (against the finding's resource ARN or name) and, when set, its account. It passes when it is in force and covers at least one failing finding; unknown findings are never covered. When the snapshot's time cannot be read, every exception gets an unknown finding and suppresses nothing.",
        ja: "orgaudit.toml の例外ごとに 1 件の検出結果を、他のすべての規則の後で、時計ではなくスナップショットの日付に照らして出す。expires の日付 (適用される最終日) を過ぎていれば不合格とし、期限内でも不合格の検出結果を 1 件も対象にしていない (規則 ID またはそのパターン、検出結果のリソース ARN または名前に対するリソースのパターン、指定があればアカウントのすべてが一致するものがない) 場合は重大度 info で不合格とする。期限内で不合格の検出結果を 1 件以上対象にしていれば合格とし、不明の検出結果は対象にならない。スナップショットの時刻を読めない場合は、どの例外も何も抑制せず、例外ごとに不明の検出結果を出す。",
    },
    reads: &[Reads::Exceptions],
    messages: Text {
        en: "
cfg-1-expected = an exception in force that covers at least one failing finding
cfg-1-time-unknown = the snapshot's time is not known (the snapshot's time ({ $finished } / { $started }) is not an RFC 3339 time): whether the exception (until { $until }) is in force cannot be judged, so it suppresses nothing
cfg-1-expired = expired on { $expires }; no longer suppresses { $count ->
    [one] { $count } finding
   *[other] { $count } findings
} of { $rule }
cfg-1-unused = in force until { $expires } but matches no failing finding of { $rule }
cfg-1-used = suppresses { $count ->
    [one] { $count } finding
   *[other] { $count } findings
} until { $expires }
",
        ja: "
cfg-1-expected = 期限内で、不合格の検出結果を 1 件以上対象にしている例外であること
cfg-1-time-unknown = スナップショットの時刻が不明 (スナップショットの時刻 ({ $finished } / { $started }) が RFC 3339 形式の時刻ではない): 例外 ({ $until } まで) が有効かどうか判断できないため、何も抑制しない
cfg-1-expired = { $expires } に期限切れ。{ $rule } の検出結果 { $count } 件を抑制しなくなった
cfg-1-unused = { $expires } まで有効だが、{ $rule } の不合格の検出結果のどれにも一致しない
cfg-1-used = { $expires } まで検出結果 { $count } 件を抑制している
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Cfg1, META);

impl Rule for Cfg1 {
    /// Exceptions are judged after every other rule (they need the other findings):
    /// `evaluate_with` calls [`cfg1_findings`].
    fn evaluate(&self, _ctx: &Context<'_>) -> Vec<Finding> {
        Vec::new()
    }
}

/// One `unknown` finding per exception when the snapshot's time cannot be read
/// ([`crate::sso::snapshot_time`]): whether it is in force cannot be judged, and it suppresses
/// nothing.
pub(crate) fn cfg1_unknown(exceptions: &[Exception], snapshot: &Snapshot) -> Vec<Finding> {
    let (finished, started) = crate::sso::recorded_times(snapshot);
    exceptions
        .iter()
        .map(|e| {
            let mut f = META.finding(Status::Unknown, format!("exception {}", e.origin));
            f.resource_name = Some(format!("{} {}", e.rule_id, e.resource));
            f.account_id = e.account_id.clone();
            f.expect(msg!("cfg-1-expected"));
            f.observe(msg!(
                "cfg-1-time-unknown",
                finished = &finished,
                started = &started,
                until = e.expires.to_string()
            ));
            f
        })
        .collect()
}

/// One finding per exception: pass while in force and covering something; fail when expired
/// (it suppresses nothing any more) or when it matches no failing finding.
pub(crate) fn cfg1_findings(
    exceptions: &[Exception],
    tally: &Tally,
    today: time::Date,
) -> Vec<Finding> {
    exceptions
        .iter()
        .zip(&tally.matched)
        .map(|(e, &n)| {
            let mut f = META.finding(Status::Pass, format!("exception {}", e.origin));
            f.resource_name = Some(format!("{} {}", e.rule_id, e.resource));
            f.account_id = e.account_id.clone();
            f.expect(msg!("cfg-1-expected"));
            let expires = e.expires.to_string();
            if !e.active_on(today) {
                f.status = Status::Fail;
                f.observe(msg!(
                    "cfg-1-expired",
                    expires = expires,
                    count = n,
                    rule = &e.rule_id
                ));
            } else if n == 0 {
                f.status = Status::Fail;
                f.set_severity(Severity::Info);
                f.observe(msg!("cfg-1-unused", expires = expires, rule = &e.rule_id));
            } else {
                f.observe(msg!("cfg-1-used", count = n, expires = expires));
            }
            f.evidence = vec![format!("reason: {}", e.reason)];
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{evaluate_with, Catalogue, Exception, Settings};
    use time::macros::date;

    /// CFG.1 is judged after the other rules: its snapshot comes from a whole evaluation of
    /// the S3 sample with three exceptions (in force and used, expired, matching nothing).
    #[test]
    fn findings() {
        let exception = |rule: &str, resource: &str, expires, line: u32| Exception {
            rule_id: rule.into(),
            resource: resource.into(),
            account_id: None,
            reason: "accepted for the test".into(),
            expires,
            origin: format!("orgaudit.toml:{line}"),
        };
        let settings = Settings {
            exceptions: vec![
                exception("S3.1", "bare", date!(2999 - 12 - 31), 1),
                exception("S3.9", "bare", date!(2020 - 01 - 01), 5),
                exception("S3.5", "nothing-*", date!(2999 - 12 - 31), 9),
            ],
            ..Settings::default()
        };
        let catalogue = Catalogue::build(settings).unwrap();
        let sample = crate::s3::testdata::sample();
        let findings: Vec<_> = evaluate_with(&sample, &catalogue)
            .into_iter()
            .filter(|f| f.rule_id == "CFG.1")
            .collect();
        insta::assert_snapshot!(crate::testing::table(&findings));
    }
}
