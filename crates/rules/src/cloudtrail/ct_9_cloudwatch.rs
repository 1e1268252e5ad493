use super::{per_trail, trail_finding};
use crate::meta::seeds::S001;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "CT.9",
    service: Service::CloudTrail,
    title: Text { en: "The trail sends to CloudWatch Logs", ja: "証跡が CloudWatch Logs に送信されている" },
    severity: Severity::Low,
    rationale: Text {
        en: "Real-time monitoring is part of traceability: metric filters and alarms on CloudWatch Logs see a stopped trail, a root login or a policy change within minutes, not at the next log review.",
        ja: "リアルタイムでの監視はトレーサビリティの一部である。CloudWatch Logs のメトリクスフィルタとアラームなら、証跡の停止・ルートログイン・ポリシー変更を次のログ確認ではなく数分で検知できる。",
    },
    remediation: Text {
        en: "Configure a CloudWatch Logs log group and role on the trail (`aws cloudtrail update-trail --cloud-watch-logs-log-group-arn … --cloud-watch-logs-role-arn …`).",
        ja: "証跡に CloudWatch Logs のロググループとロールを設定する (`aws cloudtrail update-trail --cloud-watch-logs-log-group-arn … --cloud-watch-logs-role-arn …`)。",
    },
    sources: &[
        Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" },
    ],
    doc: Text {
        en: "One finding per trail, judged once in its home region (multi-region and organization trails included, shadow copies left out), whether or not it is logging. It passes when the trail names a CloudWatch Logs log group and fails when it names none; whether deliveries to CloudWatch Logs succeed, and which metric filters and alarms exist, is not examined. One unknown finding is given per account and region whose trails could not be listed, per account that could not be entered, and for the organization when its account list could not be read.",
        ja: "証跡ごとに、ホームリージョンで 1 回だけ 1 件の検出結果を出す (マルチリージョン証跡と組織の証跡を含み、シャドウ証跡は除く。ログ記録中かどうかは問わない)。証跡が CloudWatch Logs のロググループを指定していれば合格、指定していなければ不合格とする。CloudWatch Logs への配信が成功しているか、どのメトリクスフィルタやアラームがあるかは調べない。証跡の一覧を取得できなかったアカウントとリージョンの組ごと、入れなかったアカウントごとに不明の検出結果を 1 件出し、組織のアカウント一覧を読めなかった場合は組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Trails],
    messages: Text {
        en: "
ct-9-expected = delivery to CloudWatch Logs
ct-9-delivers = delivers to { $group }
ct-9-no-group = no CloudWatch Logs log group
ct-9-trails-not-listed = the trails could not be listed: { $error }
",
        ja: "
ct-9-expected = CloudWatch Logs に送信されていること
ct-9-delivers = { $group } に送信している
ct-9-no-group = CloudWatch Logs のロググループの指定なし
ct-9-trails-not-listed = 証跡の一覧を取得できなかった: { $error }
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct9, META);

impl Rule for Ct9 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let not_listed = |e: String| msg!("ct-9-trails-not-listed", error = e);
        per_trail(ctx, &META, not_listed, |t| {
            let ok = t.cloudwatch_log_group.is_some();
            let mut f = trail_finding(&META, if ok { Status::Pass } else { Status::Fail }, t);
            f.expect(msg!("ct-9-expected"));
            f.observe(match &t.cloudwatch_log_group {
                Some(group) => msg!("ct-9-delivers", group = group),
                None => msg!("ct-9-no-group"),
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
        let fs = Ct9.evaluate(&Context::new(&s));
        let by = |n: &str| crate::s3::testdata::finding(&fs, n);
        assert_eq!(by("org").status, Status::Pass);
        assert_eq!(by("member-trail").status, Status::Fail);
        assert_eq!(by("member-trail").observed, "no CloudWatch Logs log group");
        assert!(
            fs.iter().any(|f| f.status == Status::Unknown),
            "unreadable region"
        );
    }

    crate::findings_snapshot!(Ct9, crate::cloudtrail::testdata::snapshot());
}
