//! The report's own strings in English and Japanese (`--lang en|ja`), as Fluent resources:
//! `crates/report/locales/en.ftl` and `ja.ftl`, loaded once per process through
//! `orgaudit-l10n` (Project Fluent). Practice titles, rationales and remediations come from the
//! rule metadata, in both languages too, and so do the rules' observed / expected messages;
//! values observed in AWS (names, ARNs, policy text) are data and stay as they are.

use orgaudit_l10n::Bundle;
use orgaudit_model::{Arg, Severity, Status};
use std::borrow::Cow;
use std::sync::OnceLock;

const EN_FTL: &str = include_str!("../locales/en.ftl");
const JA_FTL: &str = include_str!("../locales/ja.ftl");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The report's fixed strings in this language (built once from the Fluent bundle).
    pub fn strings(self) -> &'static Strings {
        static EN: OnceLock<Strings> = OnceLock::new();
        static JA: OnceLock<Strings> = OnceLock::new();
        let cell = match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        };
        cell.get_or_init(|| Strings::from_bundles(self.bundle(), Lang::En.bundle()))
    }

    /// This language's Fluent bundle of report strings.
    pub fn bundle(self) -> &'static Bundle {
        static EN: OnceLock<Bundle> = OnceLock::new();
        static JA: OnceLock<Bundle> = OnceLock::new();
        let (cell, source) = match self {
            Lang::En => (&EN, EN_FTL),
            Lang::Ja => (&JA, JA_FTL),
        };
        cell.get_or_init(|| Bundle::new(self.code(), [(self.code(), source)]).0)
    }

    /// A report message with arguments (`api-calls`, the terminal's sentences…), in this
    /// language, English when this language lacks it, and the id itself when both do (a test
    /// makes sure none is missing).
    pub fn text(self, id: &str, args: &[(&'static str, Arg)]) -> String {
        let args: Vec<(Cow<'static, str>, Arg)> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
            .collect();
        self.bundle()
            .format(id, &args)
            .or_else(|| Lang::En.bundle().format(id, &args))
            .unwrap_or_else(|| id.to_string())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "ja" => Ok(Lang::Ja),
            other => Err(format!("unknown language `{other}` (expected en or ja)")),
        }
    }
}

macro_rules! strings {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        #[derive(Debug, serde::Serialize)]
        pub struct Strings {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        impl Strings {
            /// The Fluent ids of every field.
            pub const IDS: &'static [&'static str] = &[$(stringify!($field)),*];

            fn from_bundles(bundle: &Bundle, fallback: &Bundle) -> Strings {
                Strings {
                    $($field: lookup(bundle, fallback, stringify!($field)),)*
                }
            }
        }
    };
}

/// A fixed string, kept for the life of the process (one per field and language).
fn lookup(bundle: &Bundle, fallback: &Bundle, field: &str) -> &'static str {
    let id = field.replace('_', "-");
    let text = bundle
        .format(&id, &[])
        .or_else(|| fallback.format(&id, &[]))
        .unwrap_or(id);
    Box::leak(text.into_boxed_str())
}

// Every fixed string a report shows: the field names are the Fluent ids of
// `locales/{en,ja}.ftl` (with `-` for `_`).
strings! {
    report_title,
    organization,
    generated,
    tool,
    configuration,
    no_configuration,
    disabled_rules,
    selection,
    // The first answer: how bad, and where.
    open_by_severity,
    weighted_score,
    print_note,
    trend,
    /// How the weighted score is computed ([`crate::weighted_score`]).
    weighted_formula,
    worst_accounts,
    worst_practices,
    sev_critical,
    sev_high,
    sev_medium,
    sev_low,
    sev_info,
    // Practice areas and permission classes, as the reader's language says them.
    area_collection,
    area_organizations,
    area_sso,
    area_s3,
    area_cloudtrail,
    area_configuration,
    class_admin,
    class_privileged,
    class_wildcard,
    class_ordinary,
    // Compliance view.
    compliance,
    control,
    verdicts,
    not_covered,
    not_evaluated,
    not_applicable,
    partial_match,
    whole_organization,
    // Sections.
    summary,
    findings,
    practices,
    scp_chains,
    access_matrix,
    data_events,
    drift,
    collection_errors,
    // Summary.
    coverage,
    accounts_reachable,
    unreachable,
    by_area,
    by_account,
    by_ou,
    score,
    score_help,
    // Columns.
    practice,
    title,
    severity,
    status,
    account,
    ou,
    region,
    service,
    resource,
    observed,
    expected,
    evidence,
    source,
    rationale,
    remediation,
    controls,
    pass,
    fail,
    unknown,
    suppressed,
    disabled,
    user,
    via,
    permission_set,
    class,
    notes,
    bucket,
    read,
    write,
    level,
    scps,
    guardrail,
    verdict,
    setting,
    old,
    new,
    operation,
    code,
    message,
    // Findings table and filters.
    all,
    search,
    showing,
    of,
    previous,
    next,
    no_match,
    export_csv,
    static_note,
    worst_findings,
    // Drift.
    drift_since,
    no_previous_run,
    new_findings,
    resolved_findings,
    changed_findings,
    unchanged_findings,
    setting_changes,
    none,
    blocked,
    open,
}

impl Strings {
    pub fn status(&self, s: Status) -> &'static str {
        match s {
            Status::Pass => self.pass,
            Status::Fail => self.fail,
            Status::Unknown => self.unknown,
        }
    }

    /// Severity names stay as the catalogue writes them (they are also filter values).
    pub fn severity_name(&self, s: Severity) -> &'static str {
        s.as_str()
    }

    /// A practice area as the reader's language says it (`Service::label` stays the key).
    pub fn area_label(&self, english: &str) -> &str {
        match english {
            "Collection" => self.area_collection,
            "Organizations" => self.area_organizations,
            "Identity Center" => self.area_sso,
            "S3" => self.area_s3,
            "CloudTrail" => self.area_cloudtrail,
            "Configuration" => self.area_configuration,
            _ => "",
        }
    }

    /// A permission class of the access matrix as the reader's language says it.
    pub fn class_label<'a>(&self, class: &'a str) -> &'a str
    where
        'static: 'a,
    {
        match class {
            "admin-equivalent" => self.class_admin,
            "privileged" => self.class_privileged,
            "service-wide wildcard" => self.class_wildcard,
            "ordinary" => self.class_ordinary,
            "unknown" => self.unknown,
            other => other,
        }
    }

    /// A severity as the reader's language says it (for prose and charts, not filter values).
    pub fn severity_label(&self, s: Severity) -> &'static str {
        match s {
            Severity::Critical => self.sev_critical,
            Severity::High => self.sev_high,
            Severity::Medium => self.sev_medium,
            Severity::Low => self.sev_low,
            Severity::Info => self.sev_info,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both Fluent resources parse, define the same ids, and define every field of
    /// [`Strings`] and every message the code formats with [`Lang::text`].
    #[test]
    fn every_string_exists_in_both_languages() {
        for (lang, source) in [("en", EN_FTL), ("ja", JA_FTL)] {
            let (_, errors) = Bundle::new(lang, [(lang, source)]);
            assert!(errors.is_empty(), "{lang}.ftl: {errors:?}");
        }
        let en = orgaudit_l10n::ids(EN_FTL);
        let ja = orgaudit_l10n::ids(JA_FTL);
        assert_eq!(
            en, ja,
            "en.ftl and ja.ftl define the same ids, in the same order"
        );
        for field in Strings::IDS {
            let id = field.replace('_', "-");
            for lang in [Lang::En, Lang::Ja] {
                assert!(lang.bundle().has(&id), "{}.ftl lacks {id}", lang.code());
            }
        }
        assert_ne!(Lang::En.strings().findings, Lang::Ja.strings().findings);
        assert_eq!(Lang::Ja.strings().findings, "検出結果");
        assert_eq!("JA".parse::<Lang>(), Ok(Lang::Ja));
        assert!("fr".parse::<Lang>().is_err());
    }

    /// Messages with arguments render in both languages, with nothing left unfilled.
    #[test]
    fn messages_with_arguments_render() {
        let args = [("calls", Arg::Number(5380)), ("retries", Arg::Number(0))];
        assert_eq!(
            Lang::En.text("api-calls", &args),
            "5380 API calls, 0 retries"
        );
        assert_eq!(
            Lang::Ja.text("api-calls", &args),
            "API 呼び出し 5380 件、再試行 0 件"
        );
        for id in orgaudit_l10n::ids(EN_FTL) {
            for lang in [Lang::En, Lang::Ja] {
                let text = lang.text(&id, &[]);
                assert!(!text.is_empty(), "{id}");
            }
        }
    }
}
