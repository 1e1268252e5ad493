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

/// The kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamKind {
    /// `true` / `false`.
    Bool,
    /// An ISO 8601 duration in the practices file (`"PT1H"`), seconds in the catalogue.
    Duration,
    /// A list of name patterns with `*` and `?`.
    Patterns,
}

impl ParamKind {
    pub fn describe(self) -> &'static str {
        match self {
            ParamKind::Bool => "true or false",
            ParamKind::Duration => "an ISO 8601 duration such as \"PT1H\"",
            ParamKind::Patterns => "a list of name patterns such as [\"prod-*\"]",
        }
    }
}

/// A parameter's default (a `const`-friendly form of the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ParamDefault {
    Bool(bool),
    Duration(u64),
    Patterns(&'static [&'static str]),
}

/// A parameter a rule takes from the practices file: name, kind, default (and the value of
/// the `strict` profile, when it differs), and what it means.
#[derive(Debug, Serialize)]
pub struct ParamSpec {
    pub name: &'static str,
    pub kind: ParamKind,
    pub default: ParamDefault,
    pub strict: Option<ParamDefault>,
    pub doc: Text,
}

/// A piece of the snapshot a rule reads. A rule whose reading is unreadable must not pass
/// (the property tests derive their cases from these declarations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Reads {
    Organization,
    Scps,
    Rcps,
    AccountAccess,
    AccountPublicAccessBlock,
    BucketRegion,
    BucketVersioning,
    BucketEncryption,
    BucketLogging,
    BucketPublicAccessBlock,
    BucketPolicy,
    BucketPolicyStatus,
    BucketOwnership,
    BucketAcl,
    BucketLifecycle,
    BucketWebsite,
    /// S3 access points: ListAccessPoints, GetAccessPoint, GetAccessPointPolicy.
    AccessPoints,
    Trails,
    TrailStatus,
    TrailSelectors,
    IdentityCenter,
    Exceptions,
}

impl Reads {
    /// The settings read per bucket (the property tests make each unreadable in turn).
    pub const BUCKET: &'static [Reads] = &[
        Reads::BucketRegion,
        Reads::BucketVersioning,
        Reads::BucketEncryption,
        Reads::BucketLogging,
        Reads::BucketPublicAccessBlock,
        Reads::BucketPolicy,
        Reads::BucketPolicyStatus,
        Reads::BucketOwnership,
        Reads::BucketAcl,
        Reads::BucketLifecycle,
        Reads::BucketWebsite,
    ];
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
    /// How the rule decides, for its documentation page (`docs/RULES.md`).
    pub doc: Text,
    /// Parameters it takes from the practices file.
    pub params: &'static [ParamSpec],
    /// What of the snapshot it reads.
    pub reads: &'static [Reads],
    /// Its observed / expected messages, Fluent resources in English and Japanese; ids start
    /// with the rule's slug (`s3-1-…`). See [`crate::messages`].
    #[serde(skip)]
    pub messages: Text,
}

impl RuleMeta {
    /// The fields most rules leave empty, for `..RuleMeta::BASE`.
    pub const BASE: RuleMeta = RuleMeta {
        id: "",
        service: Service::Collection,
        title: Text { en: "", ja: "" },
        severity: Severity::Info,
        rationale: Text { en: "", ja: "" },
        remediation: Text { en: "", ja: "" },
        sources: &[],
        doc: Text { en: "", ja: "" },
        params: &[],
        reads: &[],
        messages: Text { en: "", ja: "" },
    };
}

impl RuleMeta {
    /// A finding of this rule at its default severity (the catalogue replaces it with a
    /// configured override unless the rule sets a severity of its own).
    pub fn finding(&self, status: Status, resource: impl Into<String>) -> Finding {
        Finding {
            rule_id: std::borrow::Cow::Borrowed(self.id),
            status,
            severity: self.severity,
            account_id: None,
            region: None,
            resource: resource.into(),
            resource_name: None,
            observed: String::new(),
            expected: std::borrow::Cow::Borrowed(""),
            observed_msg: None,
            expected_msg: None,
            evidence: Vec::new(),
            suppressed: None,
            severity_computed: false,
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

    /// Each seed document's title, as it names itself (its heading or, for a blog page, the
    /// blog and the article), so that a reader knows which document a finding cites.
    pub fn title(seed: &str) -> &'static str {
        match seed {
            S000 => "AWS OrganizationsのSCP の落とし穴",
            S001 => "Well-Architected Framework 「セキュリティ」の設計原則",
            S002 => "Architecting on AWS for APN Partner 2020/11/18~20 QA",
            S003 => "かべぎわブログ",
            S004 => "fu3ak1's tech days: Azure AD と AWS SSOの連携",
            _ => "",
        }
    }
}

#[cfg(test)]
mod seed_tests {
    /// Reports name a cited document by its title: every seed a practice cites has one.
    #[test]
    fn every_cited_seed_has_a_title() {
        for rule in crate::registered() {
            for s in rule.meta().sources {
                assert!(
                    !super::seeds::title(s.seed).is_empty(),
                    "{}: {}",
                    rule.meta().id,
                    s.seed
                );
            }
        }
    }
}
