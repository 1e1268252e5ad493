use orgaudit_model::{Finding, Severity, Status};
use serde::Serialize;

/// Text a report shows in English or Japanese (`--lang en|ja`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Text {
    pub en: &'static str,
    pub ja: &'static str,
}

impl Text {
    pub fn get(&self, lang: &str) -> &'static str {
        if lang == "ja" {
            self.ja
        } else {
            self.en
        }
    }
}

/// Where a practice is documented: a seed file of `../shared/seeds/` and the section heading
/// quoted as it stands there (Japanese).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    pub seed: &'static str,
    pub section: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// Whether orgaudit could read what it needed.
    Collection,
    Organizations,
    Sso,
    S3,
    CloudTrail,
    /// orgaudit's own configuration (accepted-risk exceptions).
    Configuration,
}

impl Service {
    /// The practice area as reports name it.
    pub fn label(self) -> &'static str {
        match self {
            Service::Collection => "Collection",
            Service::Organizations => "Organizations",
            Service::Sso => "Identity Center",
            Service::S3 => "S3",
            Service::CloudTrail => "CloudTrail",
            Service::Configuration => "Configuration",
        }
    }
}

/// Everything a report or the rule docs say about a rule. Lives next to the rule's logic.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    pub id: &'static str,
    pub service: Service,
    pub title: Text,
    pub severity: Severity,
    pub rationale: Text,
    pub remediation: Text,
    pub sources: &'static [Source],
    /// Official control ids (CIS AWS Foundations Benchmark, Security Hub FSBP), where one exists.
    pub controls: &'static [&'static str],
}

impl RuleMeta {
    /// A finding of this rule at its default severity.
    pub fn finding(&self, status: Status, resource: impl Into<String>) -> Finding {
        Finding {
            rule_id: self.id.to_string(),
            status,
            severity: self.severity,
            account_id: None,
            region: None,
            resource: resource.into(),
            resource_name: None,
            observed: String::new(),
            expected: String::new(),
            evidence: Vec::new(),
            suppressed: None,
        }
    }
}

/// Seed files of `../shared/seeds/`, by the short number PRACTICES.md uses.
pub mod seeds {
    pub const S000: &str = "000_edf5aaf0ee77031c.txt";
    pub const S001: &str = "001_e5ed944c1983129b.txt";
    pub const S002: &str = "002_bbad36c82dfaec36.txt";
    pub const S003: &str = "003_84640a885741269b.txt";
    pub const S004: &str = "004_697031b888843513.txt";
}
