//! orgaudit's own configuration as a practice: accepted-risk exceptions (CFG.1).
//!
//! Exceptions are applied after every other rule has run: a failing finding covered by a
//! current exception is marked suppressed (it keeps its status and stays in every report).
//! `unknown` findings are never suppressed: an exception accepts a known risk, not missing
//! data.

mod cfg1_exceptions;

pub(crate) use cfg1_exceptions::{cfg1_findings, CFG1_ID};

use crate::{Exception, Rule};
use orgaudit_model::{Finding, Status, Suppression};

pub(crate) fn rules() -> Vec<&'static dyn Rule> {
    vec![&cfg1_exceptions::Cfg1]
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
                f.suppressed = Some(Suppression {
                    pattern: e.resource.clone(),
                    reason: e.reason.clone(),
                    expires: e.expires.to_string(),
                });
            }
        }
    }
    Tally { matched }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{evaluate_with, RuleOverride, Settings};
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
        let mut f = crate::meta(rule).unwrap().finding(Status::Fail, resource);
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
    }

    #[test]
    fn evaluation_applies_overrides_and_exceptions() {
        let mut unversioned = crate::s3::testdata::good("scratch");
        unversioned.versioning = orgaudit_model::Fetched::Ok(Default::default());
        let snapshot =
            crate::s3::testdata::snapshot(vec![crate::s3::testdata::good("kept"), unversioned]);
        let baseline = evaluate_with(&snapshot, Settings::default());
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
            RuleOverride {
                enabled: false,
                severity: None,
            },
        );
        settings.rules.insert(
            "S3.1".into(),
            RuleOverride {
                enabled: true,
                severity: Some(Severity::Critical),
            },
        );
        settings
            .exceptions
            .push(exception("S3.1", "*", date!(2999 - 12 - 31)));
        let fs = evaluate_with(&snapshot, settings.clone());
        assert!(fs.iter().all(|f| f.rule_id != "S3.8"), "disabled");
        assert_eq!(settings.disabled_rules(), vec!["S3.8"]);
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
}
