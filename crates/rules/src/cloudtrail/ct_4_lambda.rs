use super::{account_finding, account_regions};
use crate::data_events::{Direction, Level, Target};
use crate::meta::seeds::S002;
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
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
    doc: Text {
        en: "One finding per account and audited region, for every account orgaudit tried to enter except those it skipped (status not ACTIVE). Every logging trail covering the account and region (the account's own trails that are multi-region or homed there, and the management account's organization trails) is combined, and it passes when their data-event selectors record the Lambda Invoke event of every function (AWS::Lambda::Function: the basic value arn:aws:lambda, or an advanced selector on that resource type with nothing narrowing it). It fails when only some functions are covered (a basic value naming one function, a resources.ARN filter), when a readOnly or other filter narrows the selector, or when nothing is recorded. It is unknown when coverage is not full and a covering trail's status or selectors, or the trails of the account or of the management account in that region, could not be read (an account that could not be entered included). A single unknown finding is given for the organization when its account list could not be read.",
        ja: "orgaudit が入ろうとしたアカウント (ACTIVE でないため対象外としたアカウントを除く) と監査対象リージョンの組ごとに 1 件の検出結果を出す。そのアカウントとリージョンを対象とするログ記録中の証跡 (アカウント自身の証跡のうちマルチリージョンのものとそのリージョンをホームとするもの、および管理アカウントの組織の証跡) をすべて合わせ、そのデータイベントセレクタがすべての関数の Lambda Invoke イベントを記録していれば (AWS::Lambda::Function について、基本セレクタの値 arn:aws:lambda、または絞り込みのない高度なセレクタ) 合格とする。一部の関数しか対象にしない場合 (1 つの関数を指す基本セレクタの値、resources.ARN のフィルタ)、readOnly などのフィルタで絞り込まれている場合、何も記録しない場合は不合格とする。full でなく、対象となる証跡の状態やセレクタ、あるいはそのリージョンのアカウントまたは管理アカウントの証跡一覧を読めなかった場合 (入れなかったアカウントを含む) は不明とする。組織のアカウント一覧を読めなかった場合は、組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Trails, Reads::TrailStatus, Reads::TrailSelectors],
    messages: Text {
        en: "
ct-4-expected = Lambda invocations of every function recorded
ct-4-not-known = not known ({ $reasons })
ct-4-level = Lambda data events: { $level }
ct-4-partial = Lambda data events: partial ({ $reasons })
",
        ja: "
ct-4-expected = すべての関数の Lambda 呼び出しが記録されていること
ct-4-not-known = 不明 ({ $reasons })
ct-4-level = Lambda のデータイベント: { $level ->
        [full] すべての関数を記録 (full)
        [none] 記録なし (none)
       *[other] { $level }
    }
ct-4-partial = Lambda のデータイベント: 一部のみ記録 (partial: { $reasons })
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct4, META);

impl Rule for Ct4 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mut out: Vec<Finding> = account_regions(ctx)
            .into_iter()
            .filter(|(_, _, access)| !matches!(access, AccountAccess::Skipped { .. }))
            .map(|(account, region, _)| {
                let mut f = account_finding(ctx, &META, Status::Unknown, account, &region);
                f.expect(msg!("ct-4-expected"));
                let cov = ctx
                    .events
                    .coverage(account, &region, Target::Lambda, Direction::Write);
                f.evidence = cov.providers.clone();
                match cov.known_level() {
                    None => f.observe(msg!("ct-4-not-known", reasons = cov.unknown.join("; "))),
                    Some(level) => {
                        f.status = if *level == Level::Full {
                            Status::Pass
                        } else {
                            Status::Fail
                        };
                        f.observe(match level {
                            Level::Partial(why) => {
                                msg!("ct-4-partial", reasons = why.join("; "))
                            }
                            other => msg!("ct-4-level", level = other.as_str()),
                        });
                    }
                }
                f
            })
            .collect();
        out.extend(crate::scope::unlisted_accounts(ctx, &META));
        out
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

    crate::findings_snapshot!(Ct4, crate::cloudtrail::testdata::snapshot());
}
