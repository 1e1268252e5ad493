//! Per-rule snapshot tests (in the spirit of zizmor's per-audit snapshots): every rule file
//! ends with `crate::findings_snapshot!(RULE, sample snapshot);`, which evaluates the rule on its
//! area's sample and compares a small table of its findings with
//! `<area>/snapshots/orgaudit_rules__<area>__<rule>__tests__findings.snap`. A change of verdict
//! or wording shows up as a diff of that one file (`cargo insta review`, or
//! `INSTA_UPDATE=always` then read the diff).

use orgaudit_model::Finding;

/// One line per finding: status, severity, where, what, and what was observed, in English
/// and in Japanese. Every finding's observed and expected texts must be messages that render
/// in both languages ([`crate::messages::check`]).
pub fn table(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        if let Err(e) = crate::messages::check(f) {
            panic!("{e}");
        }
        let place = [f.account_id.as_deref(), f.region.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "{:<7} {:<8} {} {}\n    observed: {}\n    現状: {}\n",
            f.status.as_str(),
            f.severity.as_str(),
            if place.is_empty() { "-" } else { &place },
            f.resource_name.as_deref().unwrap_or(&f.resource),
            f.observed,
            f.observed_msg
                .as_ref()
                .and_then(|m| crate::messages::render("ja", m))
                .unwrap_or_default(),
        ));
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

/// The snapshot test of one rule on one sample.
#[macro_export]
macro_rules! findings_snapshot {
    ($rule:expr, $sample:expr) => {
        #[test]
        fn findings() {
            let sample = $sample;
            let findings = $crate::Rule::evaluate(&$rule, &$crate::Context::new(&sample));
            insta::assert_snapshot!($crate::testing::table(&findings));
        }
    };
}
