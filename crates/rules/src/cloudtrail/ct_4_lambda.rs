use super::{account_finding, account_regions};
use crate::data_events::{Direction, Level, Target};
use crate::meta::seeds::S002;
use crate::{Context, Reads, Rule, RuleMeta, Service, Source, Text};
use orgaudit_model::{AccountAccess, Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "CT.4",
    service: Service::CloudTrail,
    title: Text { en: "Lambda data events are recorded", ja: "Lambda のデータイベントが記録されている" },
    severity: Severity::Low,
    rationale: Text {
        en: "Management events show that a function was changed, not who invoked it. Lambda data events (Invoke) record every invocation.",
        ja: "管理イベントは関数の変更を示すが、誰が呼び出したかは示さない。Lambda のデータイベント (Invoke) はすべての呼び出しを記録する。",
    },
    remediation: Text {
        en: "Add a data-event selector for AWS::Lambda::Function (all functions: basic value `arn:aws:lambda`, or an advanced selector with resources.type Equals AWS::Lambda::Function).",
        ja: "AWS::Lambda::Function のデータイベントセレクタを追加する (全関数: 基本セレクタの値 `arn:aws:lambda`、または resources.type Equals AWS::Lambda::Function の高度なセレクタ)。",
    },
    sources: &[Source { seed: S002, section: "Q. CloudTrailはすべてのAPIログを記録できるとのことですが、記録される内容はどの程度まで確認できますでしょうか。" }],
    controls: &[],
    doc: Text { en: "", ja: "" },
    reads: &[Reads::Trails, Reads::TrailStatus, Reads::TrailSelectors],
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct4, META);

impl Rule for Ct4 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        account_regions(ctx)
            .into_iter()
            .filter(|(_, _, access)| !matches!(access, AccountAccess::Skipped { .. }))
            .map(|(account, region, _)| {
                let mut f = account_finding(ctx, &META, Status::Unknown, account, &region);
                f.expected = "Lambda invocations of every function recorded".into();
                let cov = ctx
                    .events
                    .coverage(account, &region, Target::Lambda, Direction::Write);
                f.evidence = cov.providers.clone();
                match cov.known_level() {
                    None => f.observed = format!("not known ({})", cov.unknown.join("; ")),
                    Some(level) => {
                        f.status = if *level == Level::Full {
                            Status::Pass
                        } else {
                            Status::Fail
                        };
                        f.observed = format!("Lambda data events: {level}");
                    }
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;

    #[test]
    fn lambda_coverage_per_account() {
        let s = snapshot();
        let fs = Ct4.evaluate(&Context::new(&s));
        let get = |acct: &str| {
            fs.iter()
                .find(|f| {
                    f.account_id.as_deref() == Some(acct)
                        && f.region.as_deref() == Some("us-east-1")
                })
                .unwrap()
        };
        assert_eq!(get(MEMBER).status, Status::Pass, "{:?}", get(MEMBER));
        assert_eq!(get(MGMT).status, Status::Fail);
    }
}
