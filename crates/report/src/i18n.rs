//! The report's own strings in English and Japanese (`--lang en|ja`). Practice titles,
//! rationales and remediations come from the rule metadata, in both languages too. Values
//! observed in AWS and the rules' `observed` / `expected` texts are data and stay as they are.

use orgaudit_model::{Severity, Status};

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

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Ja => &JA,
        }
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

/// Every fixed string a report shows.
#[derive(Debug, serde::Serialize)]
pub struct Strings {
    pub report_title: &'static str,
    pub organization: &'static str,
    pub generated: &'static str,
    pub tool: &'static str,
    pub configuration: &'static str,
    pub no_configuration: &'static str,
    pub disabled_rules: &'static str,
    pub selection: &'static str,
    // The first answer: how bad, and where.
    pub open_by_severity: &'static str,
    pub weighted_score: &'static str,
    pub print_note: &'static str,
    pub trend: &'static str,
    /// How the weighted score is computed ([`crate::weighted_score`]).
    pub weighted_formula: &'static str,
    pub worst_accounts: &'static str,
    pub worst_practices: &'static str,
    pub sev_critical: &'static str,
    pub sev_high: &'static str,
    pub sev_medium: &'static str,
    pub sev_low: &'static str,
    pub sev_info: &'static str,
    // Practice areas and permission classes, as the reader's language says them.
    pub area_collection: &'static str,
    pub area_organizations: &'static str,
    pub area_sso: &'static str,
    pub area_s3: &'static str,
    pub area_cloudtrail: &'static str,
    pub area_configuration: &'static str,
    pub class_admin: &'static str,
    pub class_privileged: &'static str,
    pub class_wildcard: &'static str,
    pub class_ordinary: &'static str,
    // Compliance view.
    pub compliance: &'static str,
    pub control: &'static str,
    pub verdicts: &'static str,
    pub not_covered: &'static str,
    pub not_evaluated: &'static str,
    pub not_applicable: &'static str,
    pub partial_match: &'static str,
    pub whole_organization: &'static str,
    // Sections.
    pub summary: &'static str,
    pub findings: &'static str,
    pub practices: &'static str,
    pub scp_chains: &'static str,
    pub access_matrix: &'static str,
    pub data_events: &'static str,
    pub drift: &'static str,
    pub collection_errors: &'static str,
    // Summary.
    pub coverage: &'static str,
    pub accounts_reachable: &'static str,
    pub unreachable: &'static str,
    pub by_area: &'static str,
    pub by_account: &'static str,
    pub by_ou: &'static str,
    pub score: &'static str,
    pub score_help: &'static str,
    // Columns.
    pub practice: &'static str,
    pub title: &'static str,
    pub severity: &'static str,
    pub status: &'static str,
    pub account: &'static str,
    pub ou: &'static str,
    pub region: &'static str,
    pub service: &'static str,
    pub resource: &'static str,
    pub observed: &'static str,
    pub expected: &'static str,
    pub evidence: &'static str,
    pub source: &'static str,
    pub rationale: &'static str,
    pub remediation: &'static str,
    pub controls: &'static str,
    pub pass: &'static str,
    pub fail: &'static str,
    pub unknown: &'static str,
    pub suppressed: &'static str,
    pub disabled: &'static str,
    pub user: &'static str,
    pub via: &'static str,
    pub permission_set: &'static str,
    pub class: &'static str,
    pub notes: &'static str,
    pub bucket: &'static str,
    pub read: &'static str,
    pub write: &'static str,
    pub level: &'static str,
    pub scps: &'static str,
    pub guardrail: &'static str,
    pub verdict: &'static str,
    pub setting: &'static str,
    pub old: &'static str,
    pub new: &'static str,
    pub operation: &'static str,
    pub code: &'static str,
    pub message: &'static str,
    // Findings table and filters.
    pub all: &'static str,
    pub search: &'static str,
    pub showing: &'static str,
    pub of: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub no_match: &'static str,
    pub static_note: &'static str,
    pub worst_findings: &'static str,
    // Drift.
    pub drift_since: &'static str,
    pub no_previous_run: &'static str,
    pub new_findings: &'static str,
    pub resolved_findings: &'static str,
    pub changed_findings: &'static str,
    pub unchanged_findings: &'static str,
    pub setting_changes: &'static str,
    pub none: &'static str,
    pub blocked: &'static str,
    pub open: &'static str,
}

pub static EN: Strings = Strings {
    report_title: "orgaudit report",
    organization: "Organization",
    generated: "Collected",
    tool: "orgaudit",
    configuration: "Configuration",
    no_configuration: "defaults (no practices file)",
    disabled_rules: "Practices not run (practices file or selection flags)",
    selection: "Selection",
    open_by_severity: "Open failures by severity",
    weighted_score: "Severity-weighted score",
    trend: "Open failures over the last runs",
    print_note: "This printout is the summary. Every finding, with its evidence and remediation, is in report.html and findings.csv.",
    weighted_formula: "1 − Σ weight × (open failures + unknowns) ÷ Σ weight × judged; weights: critical 10, high 5, medium 2, low 1, info 0; accepted failures left out",
    worst_accounts: "Accounts with the most serious open failures",
    worst_practices: "Practices with the most serious open failures",
    sev_critical: "critical",
    sev_high: "high",
    sev_medium: "medium",
    sev_low: "low",
    sev_info: "info",
    area_collection: "Collection",
    area_organizations: "Organizations",
    area_sso: "Identity Center",
    area_s3: "S3",
    area_cloudtrail: "CloudTrail",
    area_configuration: "Configuration",
    class_admin: "admin-equivalent",
    class_privileged: "privileged",
    class_wildcard: "service-wide wildcard",
    class_ordinary: "ordinary",
    compliance: "Compliance",
    control: "Control",
    verdicts: "Verdict per account",
    not_covered: "not covered by orgaudit",
    not_evaluated: "not evaluated in this run",
    not_applicable: "no finding",
    partial_match: "partial match",
    whole_organization: "organization",
    summary: "Summary",
    findings: "Findings",
    practices: "Practices",
    scp_chains: "SCP chains and guardrails",
    access_matrix: "Identity Center access matrix",
    data_events: "S3 data-event coverage",
    drift: "Drift since the previous run",
    collection_errors: "Collection errors",
    coverage: "Collection coverage",
    accounts_reachable: "accounts read",
    unreachable: "unreachable",
    by_area: "Score per practice area",
    by_account: "Score per account",
    by_ou: "Score per OU",
    score: "Score",
    score_help: "passes ÷ (passes + open failures + unknowns); suppressed failures are left out",
    practice: "Practice",
    title: "Title",
    severity: "Severity",
    status: "Status",
    account: "Account",
    ou: "OU",
    region: "Region",
    service: "Area",
    resource: "Resource",
    observed: "Observed",
    expected: "Expected",
    evidence: "Evidence",
    source: "Source",
    rationale: "Why",
    remediation: "How to fix",
    controls: "Controls",
    pass: "pass",
    fail: "fail",
    unknown: "unknown",
    suppressed: "suppressed",
    disabled: "disabled",
    user: "User",
    via: "Via",
    permission_set: "Permission set",
    class: "Class",
    notes: "Notes",
    bucket: "Bucket",
    read: "Read",
    write: "Write",
    level: "Level",
    scps: "SCPs attached",
    guardrail: "Guarded action",
    verdict: "Verdict",
    setting: "Setting",
    old: "Before",
    new: "Now",
    operation: "Operation",
    code: "Code",
    message: "Message",
    all: "all",
    search: "Search resource, account, observed…",
    showing: "Showing",
    of: "of",
    previous: "Previous",
    next: "Next",
    no_match: "No finding matches the filters.",
    static_note: "Without JavaScript this table lists the first findings, worst first. Every finding is in findings.csv and findings.json.",
    worst_findings: "not passing, worst first",
    drift_since: "Compared with the run of",
    no_previous_run: "No previous run of this organization in the reports folder.",
    new_findings: "New failures",
    resolved_findings: "Resolved",
    changed_findings: "Status changed",
    unchanged_findings: "Unchanged",
    setting_changes: "Settings that changed",
    none: "none",
    blocked: "blocked",
    open: "open",
};

pub static JA: Strings = Strings {
    report_title: "orgaudit 監査レポート",
    organization: "組織",
    generated: "収集日時",
    tool: "orgaudit",
    configuration: "設定",
    no_configuration: "既定値 (プラクティスファイルなし)",
    disabled_rules: "実行しなかったプラクティス (プラクティスファイルまたは選択オプションによる)",
    selection: "選択条件",
    open_by_severity: "未対応の不合格 (重大度別)",
    weighted_score: "重大度で重み付けしたスコア",
    trend: "直近の実行における未対応の不合格の推移",
    print_note: "印刷版には概要のみを掲載しています。すべての検出結果とそのエビデンス・対処方法は report.html と findings.csv を参照してください。",
    weighted_formula: "1 − Σ 重み × (未対応の不合格 + 不明) ÷ Σ 重み × 判定対象の件数。重み: 緊急 10、高 5、中 2、低 1、情報 0。抑制された不合格は除く。",
    worst_accounts: "重大度の高い未対応の不合格が多いアカウント",
    worst_practices: "重大度の高い未対応の不合格が多いプラクティス",
    sev_critical: "緊急",
    sev_high: "高",
    sev_medium: "中",
    sev_low: "低",
    sev_info: "情報",
    area_collection: "収集",
    area_organizations: "AWS Organizations",
    area_sso: "IAM Identity Center",
    area_s3: "S3",
    area_cloudtrail: "CloudTrail",
    area_configuration: "設定",
    class_admin: "管理者相当",
    class_privileged: "特権",
    class_wildcard: "サービス全体のワイルドカード",
    class_ordinary: "通常",
    compliance: "コンプライアンス",
    control: "コントロール",
    verdicts: "アカウント別の判定",
    not_covered: "orgaudit の対象外",
    not_evaluated: "今回の実行では未評価",
    not_applicable: "該当なし",
    partial_match: "部分的な対応付け",
    whole_organization: "組織全体",
    summary: "概要",
    findings: "検出結果",
    practices: "プラクティス",
    scp_chains: "SCP の継承とガードレール",
    access_matrix: "IAM Identity Center のアクセスマトリクス",
    data_events: "S3 データイベントの記録範囲",
    drift: "前回の実行からの変化",
    collection_errors: "収集エラー",
    coverage: "収集範囲",
    accounts_reachable: "アカウントを読み取り済み",
    unreachable: "アクセスできなかったアカウント",
    by_area: "領域別スコア",
    by_account: "アカウント別スコア",
    by_ou: "OU 別スコア",
    score: "スコア",
    score_help: "合格 ÷ (合格 + 未対応の不合格 + 不明)。抑制された不合格は除く。",
    practice: "プラクティス",
    title: "タイトル",
    severity: "重大度",
    status: "状態",
    account: "アカウント",
    ou: "OU",
    region: "リージョン",
    service: "領域",
    resource: "リソース",
    observed: "現状",
    expected: "あるべき姿",
    evidence: "エビデンス",
    source: "出典",
    rationale: "理由",
    remediation: "対処方法",
    controls: "対応するコントロール",
    pass: "合格",
    fail: "不合格",
    unknown: "不明",
    suppressed: "抑制",
    disabled: "無効",
    user: "ユーザー",
    via: "経由",
    permission_set: "権限セット",
    class: "分類",
    notes: "備考",
    bucket: "バケット",
    read: "読み取り",
    write: "書き込み",
    level: "階層",
    scps: "アタッチされた SCP",
    guardrail: "保護対象のアクション",
    verdict: "判定",
    setting: "設定項目",
    old: "前回",
    new: "今回",
    operation: "オペレーション",
    code: "エラーコード",
    message: "メッセージ",
    all: "すべて",
    search: "リソース、アカウント、現状で検索…",
    showing: "表示中",
    of: "/",
    previous: "前へ",
    next: "次へ",
    no_match: "条件に一致する検出結果はありません。",
    static_note: "件を表示しています。JavaScript が無効なため、重大度の高い順に先頭の検出結果のみを表示しています。すべての検出結果は findings.csv と findings.json を参照してください。",
    worst_findings: "件 (合格以外、重大度の高い順)",
    drift_since: "比較対象の実行日時",
    no_previous_run: "レポートフォルダに、この組織の前回の実行結果はありません。",
    new_findings: "新たな不合格",
    resolved_findings: "解消",
    changed_findings: "状態が変化",
    unchanged_findings: "変化なし",
    setting_changes: "変更された設定",
    none: "なし",
    blocked: "保護済み",
    open: "未保護",
};

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

    #[test]
    fn every_string_exists_in_both_languages() {
        let en = serde_json::to_value(&EN).unwrap();
        let ja = serde_json::to_value(&JA).unwrap();
        for (key, value) in en.as_object().unwrap() {
            assert!(!value.as_str().unwrap().is_empty(), "en.{key}");
            assert!(!ja[key].as_str().unwrap().is_empty(), "ja.{key}");
        }
        assert_ne!(EN.findings, JA.findings);
        assert_eq!("JA".parse::<Lang>(), Ok(Lang::Ja));
        assert!("fr".parse::<Lang>().is_err());
    }
}
