//! orgaudit's own configuration as a practice: accepted-risk exceptions (CFG.1).
//!
//! Exceptions are applied after every other rule has run: a failing finding covered by a
//! current exception is marked suppressed (it keeps its status and stays in every report).
//! `unknown` findings are never suppressed: an exception accepts a known risk, not missing
//! data.

pub(crate) use cfg1_exceptions::{cfg1_findings, cfg1_unknown, CFG1_ID};

use crate::{Catalogue, Exception};
use orgaudit_model::{Finding, Snapshot, Status, Suppression};

/// Apply the catalogue's exceptions to the findings and add CFG.1's findings. Expiry is judged
/// against the snapshot's time: when that time cannot be read, no exception suppresses
/// anything (an unknown date must not keep an expired exception in force) and CFG.1 says so.
pub(crate) fn judge_exceptions(
    snapshot: &Snapshot,
    catalogue: &Catalogue,
    findings: &mut Vec<Finding>,
) {
    let cfg1 = catalogue.get(CFG1_ID).is_some_and(|e| e.enabled);
    match crate::sso::snapshot_time(snapshot) {
        Ok(now) => {
            let today = now.date();
            let tally = apply_exceptions(findings, &catalogue.exceptions, today);
            if cfg1 {
                findings.extend(cfg1_findings(&catalogue.exceptions, &tally, today));
            }
        }
        Err(_) => {
            if cfg1 {
                findings.extend(cfg1_unknown(&catalogue.exceptions, snapshot));
            }
        }
    }
}

crate::register! {
    cfg1_exceptions::Cfg1,
}

/// How many findings each exception covered (by index), and whether it was in force.
pub(crate) struct Tally {
    pub matched: Vec<usize>,
}

/// Mark failing findings covered by an exception in force on `today`. Expired exceptions
/// suppress nothing, but what they would have covered is counted for their CFG.1 finding.
pub(crate) fn apply_exceptions(
    findings: &mut [Finding],
    exceptions: &[Exception],
    today: time::Date,
) -> Tally {
    let mut matched = vec![0; exceptions.len()];
    for f in findings.iter_mut().filter(|f| f.status == Status::Fail) {
        let mut covered = false;
        for (i, e) in exceptions.iter().enumerate() {
            if !e.matches(f) {
                continue;
            }
            matched[i] += 1;
            if !covered && e.active_on(today) {
                covered = true;
                f.suppressed = Some(Box::new(Suppression {
                    pattern: e.resource.clone(),
                    reason: e.reason.clone(),
                    expires: e.expires.to_string(),
                }));
            }
        }
    }
    Tally { matched }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate_with, Catalogue, RuleSettings, Settings};
    use orgaudit_model::Severity;
    use time::macros::date;

    fn exception(rule: &str, resource: &str, expires: time::Date) -> Exception {
        Exception {
            rule_id: rule.into(),
            resource: resource.into(),
            account_id: None,
            reason: "accepted".into(),
            expires,
            origin: "orgaudit.toml:1".into(),
        }
    }

    fn failing(rule: &str, resource: &str) -> Finding {
        let mut f = Catalogue::defaults()
            .meta(rule)
            .unwrap()
            .finding(Status::Fail, resource);
        f.resource_name = Some(resource.rsplit(':').next().unwrap().to_string());
        f
    }

    #[test]
    fn current_exceptions_suppress_failures_only() {
        let mut fs = vec![
            failing("S3.1", "arn:aws:s3:::scratch-1"),
            failing("S3.1", "arn:aws:s3:::prod"),
            failing("S3.5", "arn:aws:s3:::scratch-1"),
            {
                let mut f = failing("S3.1", "arn:aws:s3:::scratch-2");
                f.status = Status::Unknown;
                f
            },
        ];
        let ex = [exception(
            "S3.1",
            "arn:aws:s3:::scratch-*",
            date!(2027 - 01 - 01),
        )];
        let tally = apply_exceptions(&mut fs, &ex, date!(2027 - 01 - 01));
        assert!(fs[0].suppressed.is_some(), "covered, last day included");
        assert!(fs[1].suppressed.is_none(), "other resource");
        assert!(fs[2].suppressed.is_none(), "other rule");
        assert!(fs[3].suppressed.is_none(), "unknown is never suppressed");
        assert_eq!(tally.matched, vec![1]);
        assert!(!fs[0].is_open_failure());
    }

    #[test]
    fn names_and_rule_patterns_match() {
        let f = failing("S3.7", "arn:aws:s3:::legacy-web");
        assert!(exception("S3.*", "legacy-*", date!(2030 - 01 - 01)).matches(&f));
        assert!(!exception("CT.*", "legacy-*", date!(2030 - 01 - 01)).matches(&f));
        let mut scoped = exception("S3.7", "*", date!(2030 - 01 - 01));
        scoped.account_id = Some("111111111111".into());
        assert!(!scoped.matches(&f), "the finding has no account");
    }

    #[test]
    fn expired_exceptions_stop_suppressing_and_are_reported() {
        let mut fs = vec![failing("S3.1", "arn:aws:s3:::scratch-1")];
        let ex = [exception("S3.1", "*scratch*", date!(2026 - 01 - 01))];
        let tally = apply_exceptions(&mut fs, &ex, date!(2026 - 01 - 02));
        assert!(fs[0].suppressed.is_none(), "expired the day before");
        let cfg = cfg1_findings(&ex, &tally, date!(2026 - 01 - 02));
        assert_eq!(cfg.len(), 1);
        assert_eq!(cfg[0].status, Status::Fail);
        assert!(
            cfg[0].observed.contains("expired on 2026-01-01"),
            "{:?}",
            cfg[0]
        );
        assert!(cfg[0].observed.contains("1 finding"), "{:?}", cfg[0]);
        assert_eq!(
            cfg[0].observed,
            "expired on 2026-01-01; no longer suppresses 1 finding of S3.1"
        );
        crate::messages::check(&cfg[0]).unwrap();
    }

    #[test]
    fn evaluation_applies_overrides_and_exceptions() {
        let mut unversioned = crate::s3::testdata::good("scratch");
        unversioned.versioning = orgaudit_model::Fetched::Ok(Default::default());
        let snapshot =
            crate::s3::testdata::snapshot(vec![crate::s3::testdata::good("kept"), unversioned]);
        let baseline = evaluate_with(&snapshot, &Catalogue::defaults());
        let s3_1_failures = baseline
            .iter()
            .filter(|f| f.rule_id == "S3.1" && f.status == Status::Fail)
            .count();
        assert!(
            s3_1_failures > 0,
            "the test snapshot has unversioned buckets"
        );

        let mut settings = Settings::default();
        settings.rules.insert(
            "S3.8".into(),
            RuleSettings {
                enabled: Some(false),
                ..Default::default()
            },
        );
        settings.rules.insert(
            "S3.1".into(),
            RuleSettings {
                severity: Some(Severity::Critical),
                ..Default::default()
            },
        );
        settings
            .exceptions
            .push(exception("S3.1", "*", date!(2999 - 12 - 31)));
        let catalogue = Catalogue::build(settings).unwrap();
        let fs = evaluate_with(&snapshot, &catalogue);
        assert!(fs.iter().all(|f| f.rule_id != "S3.8"), "disabled");
        assert_eq!(catalogue.disabled(), vec!["S3.8"]);
        let s3_1: Vec<_> = fs.iter().filter(|f| f.rule_id == "S3.1").collect();
        assert!(s3_1.iter().all(|f| f.severity == Severity::Critical));
        assert_eq!(
            s3_1.iter().filter(|f| f.suppressed.is_some()).count(),
            s3_1_failures
        );
        let cfg: Vec<_> = fs.iter().filter(|f| f.rule_id == "CFG.1").collect();
        assert_eq!(cfg.len(), 1);
        assert_eq!(cfg[0].status, Status::Pass, "{:?}", cfg[0]);
    }

    /// The documented precedence (crate::catalogue): an override replaces the rule's default
    /// severity; severities the rule computes per finding are kept. Before the catalogue was a
    /// value, `severity = "high"` on CT.3 made the buckets outside `required_buckets` high
    /// while their text said info.
    #[test]
    fn a_severity_override_keeps_computed_severities() {
        let s = crate::cloudtrail::testdata::snapshot();
        let mut settings = Settings::default();
        settings.rules.insert(
            "CT.3".into(),
            RuleSettings {
                severity: Some(Severity::High),
                ..Default::default()
            },
        );
        settings.set_param(
            "CT.3",
            "required_buckets",
            crate::ParamValue::Patterns(vec!["dat*".into()]),
        );
        let fs = evaluate_with(&s, &Catalogue::build(settings).unwrap());
        let ct3: Vec<_> = fs.iter().filter(|f| f.rule_id == "CT.3").collect();
        let by = |n: &str| {
            ct3.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(
            by("data").severity,
            Severity::High,
            "required: the override"
        );
        assert_eq!(
            by("logs").severity,
            Severity::Info,
            "not required: computed, kept"
        );
        assert!(by("logs").expected.contains("info"));
    }

    /// A snapshot whose time cannot be read judges no exception in force (it suppresses
    /// nothing) and CFG.1 says why, instead of comparing with the epoch.
    #[test]
    fn an_unreadable_snapshot_time_suppresses_nothing() {
        let mut unversioned = crate::s3::testdata::good("scratch");
        unversioned.versioning = orgaudit_model::Fetched::Ok(Default::default());
        let mut snapshot = crate::s3::testdata::snapshot(vec![unversioned]);
        snapshot.meta.started_at = "yesterday".into();
        snapshot.meta.finished_at = "".into();
        let mut settings = Settings::default();
        settings
            .exceptions
            .push(exception("S3.1", "*", date!(2999 - 12 - 31)));
        let fs = evaluate_with(&snapshot, &Catalogue::build(settings).unwrap());
        assert!(fs.iter().all(|f| f.suppressed.is_none()));
        let cfg: Vec<_> = fs.iter().filter(|f| f.rule_id == "CFG.1").collect();
        assert_eq!(cfg.len(), 1);
        assert_eq!(cfg[0].status, Status::Unknown);
        assert!(cfg[0].observed.contains("not known"), "{:?}", cfg[0]);
        assert_eq!(
            cfg[0].observed,
            "the snapshot's time is not known (the snapshot's time (\"\" / \"yesterday\") is not an RFC 3339 time): whether the exception (until 2999-12-31) is in force cannot be judged, so it suppresses nothing"
        );
        crate::messages::check(cfg[0]).unwrap();
    }
}
