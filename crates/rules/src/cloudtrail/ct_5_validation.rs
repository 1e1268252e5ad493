use super::{per_trail, trail_finding};
use crate::meta::seeds::S001;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "CT.5",
    service: Service::CloudTrail,
    title: Text { en: "Log file validation is enabled", ja: "ログファイルの整合性検証が有効になっている" },
    severity: Severity::Medium,
    rationale: Text {
        en: "Log file validation writes signed digest files, so that a deleted or altered log file is detected. Without it, logs cannot prove they are complete.",
        ja: "ログファイルの整合性検証は署名付きのダイジェストファイルを書き込み、ログファイルの削除や改ざんを検出できるようにする。無効だとログが完全であることを証明できない。",
    },
    remediation: Text {
        en: "`aws cloudtrail update-trail --name <trail> --enable-log-file-validation`.",
        ja: "`aws cloudtrail update-trail --name <trail> --enable-log-file-validation` を実行する。",
    },
    sources: &[
        Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" },
    ],
    doc: Text {
        en: "One finding per trail, judged once in its home region (multi-region and organization trails included, shadow copies left out), whether or not it is logging. It passes when log file validation is enabled (LogFileValidationEnabled) and fails otherwise; the digest files themselves are not checked. One unknown finding is given per account and region whose trails could not be listed, per account that could not be entered, and for the organization when its account list could not be read.",
        ja: "証跡ごとに、ホームリージョンで 1 回だけ 1 件の検出結果を出す (マルチリージョン証跡と組織の証跡を含み、シャドウ証跡は除く。ログ記録中かどうかは問わない)。ログファイルの整合性検証 (LogFileValidationEnabled) が有効なら合格、そうでなければ不合格とし、ダイジェストファイル自体は確認しない。証跡の一覧を取得できなかったアカウントとリージョンの組ごと、入れなかったアカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Trails],
    messages: Text {
        en: "
ct-5-expected = log file validation enabled
ct-5-enabled = log file validation enabled
ct-5-disabled = log file validation disabled
ct-5-trails-not-listed = the trails could not be listed: { $error }
",
        ja: "
ct-5-expected = ログファイルの整合性検証が有効であること
ct-5-enabled = ログファイルの整合性検証が有効
ct-5-disabled = ログファイルの整合性検証が無効
ct-5-trails-not-listed = 証跡の一覧を取得できなかった: { $error }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct5, META);

impl Rule for Ct5 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let not_listed = |e: String| msg!("ct-5-trails-not-listed", error = e);
        per_trail(ctx, &META, not_listed, |t| {
            let ok = t.log_file_validation;
            let mut f = trail_finding(&META, if ok { Status::Pass } else { Status::Fail }, t);
            f.expect(msg!("ct-5-expected"));
            f.observe(if ok {
                msg!("ct-5-enabled")
            } else {
                msg!("ct-5-disabled")
            });
            f
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;

    #[test]
    fn org_trail_passes_account_trail_fails() {
        let s = snapshot();
        let fs = Ct5.evaluate(&Context::new(&s));
        let by = |n: &str| crate::s3::testdata::finding(&fs, n);
        assert_eq!(by("org").status, Status::Pass);
        assert_eq!(by("member-trail").status, Status::Fail);
        assert_eq!(by("member-trail").observed, "log file validation disabled");
        assert!(
            fs.iter().any(|f| f.status == Status::Unknown),
            "unreadable region"
        );
    }

    crate::findings_snapshot!(Ct5, crate::cloudtrail::testdata::snapshot());
}
