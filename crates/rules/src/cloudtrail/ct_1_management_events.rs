use super::{account_finding, account_regions, regions_unknown};
use crate::data_events::{covers, management_events, trails};
use crate::meta::seeds::{S001, S002};
use crate::{msg, Context, Reads, Rule, RuleMeta, Say, Service, Source, Text};
use orgaudit_model::{AccountAccess, Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "CT.1",
    service: Service::CloudTrail,
    title: Text {
        en: "Every account and region is covered by a logging multi-region trail recording read and write management events, nothing excluded",
        ja: "すべてのアカウントとリージョンが、ログ記録中で読み取り・書き込みの管理イベントを除外なく記録するマルチリージョン証跡の対象になっている",
    },
    severity: Severity::High,
    rationale: Text {
        en: "Traceability needs a record of every API call in every account and region. A multi-region trail (an organization trail counts for every member account) that is logging and records management events, read and write, with nothing excluded (no readOnly narrowing, no event source such as KMS or the RDS Data API left out) gives it, as CIS 3.1 and Security Hub CloudTrail.1 require.",
        ja: "トレーサビリティにはすべてのアカウント・リージョンのすべての API 呼び出しの記録が必要である。読み取り・書き込みの管理イベントを除外なく (readOnly による絞り込みや KMS・RDS Data API などのイベントソースの除外なしに) 記録中のマルチリージョン証跡 (組織の証跡はすべてのメンバーアカウントに有効) が、CIS 3.1 と Security Hub CloudTrail.1 の求めるとおりそれを満たす。",
    },
    remediation: Text {
        en: "Create an organization trail in the management account (multi-region, management events Read and Write), or a multi-region trail in the account, and start logging.",
        ja: "管理アカウントに組織の証跡 (マルチリージョン、管理イベントの読み取り・書き込み) を作成するか、アカウントにマルチリージョン証跡を作成し、ログ記録を開始する。",
    },
    sources: &[
        Source { seed: S001, section: "Well-Architected Framework 「セキュリティ」の設計原則" },
        Source { seed: S002, section: "Q. CloudTrailはすべてのAPIログを記録できるとのことですが、記録される内容はどの程度まで確認できますでしょうか。" },
    ],
    doc: Text {
        en: "One finding per account and region audited in it (the regions enabled for the account, as account:ListRegions says, or those asked for with --regions among them), for every account orgaudit tried to enter except those it skipped (status not ACTIVE). A trail covers the account and region when it belongs to the account and is multi-region or homed in that region, or when it is an organization trail of the management account; a CloudTrail Lake event data store counts alike (named \"event data store …\", logging while its status is ENABLED, its advanced selectors read as a trail's: CloudTrail API Reference, \"GetEventDataStore\"), so an organization or multi-region store that ingests management events read and write satisfies it. It passes when at least one covering trail is multi-region, logging, and by itself records management events read and write with nothing excluded: no selectors at all, or selectors that together accept every read and every write management event (a ReadWriteType or readOnly narrowing, an ExcludeManagementEventSources or eventSource exclusion, an eventName or resources.ARN filter leave some out), as CIS 3.1 and Security Hub CloudTrail.1 require. Otherwise it is unknown when a covering multi-region trail's status or selectors could not be read and what was read of it does not rule it out (not logging, or management events left out), or when the trails of the account, or of the management account, in that region could not be listed (an account that could not be entered included); it fails in every other case. When every enabled region was to be audited but an account's enabled regions could not be read, it was audited in the regions enabled by default, and one more finding without a region is given for it: pass when a passing multi-region trail covers the account (such a trail also applies to regions enabled later), unknown otherwise. A single unknown finding is given for the organization when its account list could not be read.",
        ja: "orgaudit が入ろうとしたアカウント (ACTIVE でないため対象外としたアカウントを除く) と、そのアカウントで監査したリージョン (account:ListRegions が示すアカウントで有効なリージョン、または --regions で指定したうち有効なもの) の組ごとに 1 件の検出結果を出す。アカウント自身の証跡のうちマルチリージョンのものとそのリージョンをホームとするもの、および管理アカウントの組織の証跡が、そのアカウントとリージョンを対象とする。CloudTrail Lake のイベントデータストアも同様に扱い (「event data store …」の名で、状態が ENABLED の間をログ記録中とし、高度なセレクタを証跡と同じく解釈する: CloudTrail API リファレンス「GetEventDataStore」)、読み取り・書き込みの管理イベントを取り込む組織またはマルチリージョンのストアはこれを満たす。対象とする証跡のうち、マルチリージョンでログ記録中であり、単独で読み取り・書き込みの管理イベントを除外なく記録するもの (セレクタがない、またはセレクタ全体で読み取り・書き込みのすべての管理イベントを受け付けるもの。ReadWriteType や readOnly による絞り込み、ExcludeManagementEventSources や eventSource による除外、eventName や resources.ARN のフィルタは一部を漏らす) が 1 つでもあれば、CIS 3.1 と Security Hub CloudTrail.1 の求めるとおり合格とする。そうでない場合、対象とするマルチリージョン証跡の状態やセレクタを読めず、読めた部分からも対象外と言えない (ログ記録の停止も管理イベントの漏れも確認されていない) とき、またはそのリージョンのアカウントまたは管理アカウントの証跡の一覧を取得できなかったとき (入れなかったアカウントを含む) は不明とし、それ以外は不合格とする。有効なすべてのリージョンを監査する指定でアカウントの有効なリージョンを読めなかった場合は、デフォルトで有効なリージョンだけを監査し、そのアカウントについてリージョンを持たない検出結果をもう 1 件出す。合格したマルチリージョン証跡がアカウントを対象とすれば合格 (その証跡は後から有効にしたリージョンにも適用される)、そうでなければ不明とする。組織のアカウント一覧を読めなかった場合は、組織について不明の検出結果を 1 件出す。",
    },
    reads: &[Reads::Trails, Reads::TrailStatus, Reads::TrailSelectors],
    messages: Text {
        en: "
ct-1-expected = a logging multi-region trail recording read and write management events, nothing excluded
ct-1-covered = covered by { $trails }
ct-1-read-in-part = a covering trail could not be read in full: { $reasons }
ct-1-trails-not-read = trails could not be read: { $reasons }
ct-1-no-trail = no trail covers this account and region
ct-1-none-complete = no covering trail is multi-region, logging and recording read and write management events with nothing excluded
ct-1-every-region = every enabled region covered
ct-1-opt-in-covered = the enabled regions could not be read; any opt-in region is covered by { $trails } (multi-region)
ct-1-opt-in-unknown = the enabled regions could not be read ({ $code }: { $message }): opt-in regions, if any are enabled, were not audited
",
        ja: "
ct-1-expected = ログ記録中のマルチリージョン証跡があり、読み取り・書き込みの管理イベントを除外なく記録していること
ct-1-covered = { $trails } で記録されている
ct-1-read-in-part = 対象となる証跡の一つを完全には読み取れなかった: { $reasons }
ct-1-trails-not-read = 証跡を読み取れなかった: { $reasons }
ct-1-no-trail = このアカウントとリージョンを対象とする証跡がない
ct-1-none-complete = 対象となる証跡のうち、マルチリージョンでログ記録中であり、読み取り・書き込みの管理イベントを除外なく記録するものがない
ct-1-every-region = 有効なすべてのリージョンが証跡の対象になっていること
ct-1-opt-in-covered = 有効なリージョンの一覧を取得できなかったが、オプトインリージョンがあっても { $trails } (マルチリージョン) で記録される
ct-1-opt-in-unknown = 有効なリージョンの一覧を取得できなかった ({ $code }: { $message })。オプトインリージョンが有効になっていても監査していない
",
    },
    ..RuleMeta::BASE
};

crate::declare_rule!(Ct1, META);

impl Rule for Ct1 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let management = ctx.snapshot.organization.management_account_id();
        let (all, unreadable) = trails(ctx.snapshot);
        // The trails of each passing finding, by account, in the order of the findings.
        let mut covered: Vec<(&str, String)> = Vec::new();
        let mut out: Vec<Finding> = account_regions(ctx)
            .into_iter()
            .filter(|(_, _, access)| !matches!(access, AccountAccess::Skipped { .. }))
            .map(|(account, region, _)| {
                let mut f = account_finding(ctx, &META, Status::Fail, account, &region);
                f.expect(msg!("ct-1-expected"));
                let mut good = Vec::new();
                // Covering multi-region trails whose status or selectors were not read, and
                // that nothing read so far rules out: they may cover it.
                let mut undecided = Vec::new();
                for t in all.iter().filter(|t| covers(t, account, &region, management)) {
                    let logging = t.status.ok().map(|s| s.is_logging);
                    let mgmt = t.selectors.ok().map(management_events);
                    let mgmt_events = mgmt.as_ref().map(|m| m.complete());
                    let note = format!(
                        "{} ({}{}, logging: {}, management events: {})",
                        t.name,
                        if t.multi_region { "multi-region" } else { "single-region" },
                        if t.organization { ", organization" } else { "" },
                        logging.map(|l| l.to_string()).unwrap_or_else(|| "unknown".into()),
                        match &mgmt {
                            None => "unknown".to_string(),
                            Some(m) if m.complete() => "read and write".to_string(),
                            Some(m) => format!("read {}, write {}", m.read, m.write),
                        },
                    );
                    f.evidence.push(note);
                    if t.multi_region && logging == Some(true) && mgmt_events == Some(true) {
                        good.push(t.name.clone());
                    } else if t.multi_region
                        && logging != Some(false)
                        && mgmt_events != Some(false)
                    {
                        let why = [t.status.error(), t.selectors.error()]
                            .into_iter()
                            .flatten()
                            .map(|e| e.summary())
                            .collect::<Vec<_>>()
                            .join("; ");
                        undecided.push(format!("{}: {why}", t.name));
                    }
                }
                if !good.is_empty() {
                    f.status = Status::Pass;
                    let names = good.join(", ");
                    f.observe(msg!("ct-1-covered", trails = names.as_str()));
                    covered.push((account, names));
                    return f;
                }
                let blind: Vec<&String> = unreadable
                    .iter()
                    .filter(|(a, r, _)| (a == account || Some(a.as_str()) == management) && r.as_deref().map(|r| r == region).unwrap_or(true))
                    .map(|(_, _, why)| why)
                    .collect();
                if !undecided.is_empty() {
                    f.status = Status::Unknown;
                    f.observe(msg!("ct-1-read-in-part", reasons = undecided.join("; ")));
                } else if !blind.is_empty() {
                    f.status = Status::Unknown;
                    f.observe(msg!("ct-1-trails-not-read", reasons = blind.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; ")));
                } else if f.evidence.is_empty() {
                    f.observe(msg!("ct-1-no-trail"));
                } else {
                    f.observe(msg!("ct-1-none-complete"));
                }
                f
            })
            .collect();
        // An account whose enabled regions are unknown was audited in the regions enabled by
        // default only. A multi-region trail covers its opt-in regions as well (CloudTrail
        // User Guide, "Receiving CloudTrail log files from multiple Regions": a trail that
        // applies to all Regions also applies to Regions enabled later), so a pass found in an
        // audited region holds for them; otherwise they are unknown.
        for (account, error) in regions_unknown(ctx) {
            // The first passing finding of the account, and the trails it names.
            let passing = covered.iter().find(|(a, _)| *a == account);
            let mut f = account_finding(ctx, &META, Status::Unknown, account, "");
            f.region = None;
            f.expect(msg!("ct-1-every-region"));
            f.evidence.push(error.summary());
            match passing {
                Some((_, names)) => {
                    f.status = Status::Pass;
                    f.observe(msg!("ct-1-opt-in-covered", trails = names));
                }
                None => {
                    f.observe(msg!(
                        "ct-1-opt-in-unknown",
                        code = &error.code,
                        message = &error.message,
                    ));
                }
            }
            out.push(f);
        }
        out.extend(crate::scope::unlisted_accounts(ctx, &META));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudtrail::testdata::*;

    #[test]
    fn organization_trail_covers_members_single_region_does_not() {
        let s = snapshot();
        let fs = Ct1.evaluate(&Context::new(&s));
        let get = |acct: &str, region: &str| {
            fs.iter()
                .find(|f| {
                    f.account_id.as_deref() == Some(acct) && f.region.as_deref() == Some(region)
                })
                .unwrap()
        };
        assert_eq!(
            get(MEMBER, "us-east-1").status,
            Status::Pass,
            "{:?}",
            get(MEMBER, "us-east-1")
        );
        assert!(get(MEMBER, "eu-west-1").observed.contains("org"));
        assert_eq!(
            get(OTHER, "us-east-1").status,
            Status::Pass,
            "the organization trail covers it anyway"
        );
    }

    #[test]
    fn without_the_organization_trail() {
        let mut s = snapshot();
        if let orgaudit_model::Fetched::Ok(ts) = &mut s.cloudtrail[0].regions[0].trails {
            ts.clear();
        }
        let fs = Ct1.evaluate(&Context::new(&s));
        let get = |acct: &str, region: &str| {
            fs.iter()
                .find(|f| {
                    f.account_id.as_deref() == Some(acct) && f.region.as_deref() == Some(region)
                })
                .unwrap()
        };
        let member = get(MEMBER, "us-east-1");
        assert_eq!(member.status, Status::Fail, "{member:?}");
        assert_eq!(
            member.observed,
            "no covering trail is multi-region, logging and recording read and write management events with nothing excluded"
        );
        assert_eq!(
            get(MEMBER, "eu-west-1").observed,
            "no covering trail is multi-region, logging and recording read and write management events with nothing excluded"
        );
        assert_eq!(
            get(OTHER, "us-east-1").status,
            Status::Unknown,
            "its trails could not be read"
        );
        assert_eq!(
            get(MGMT, "us-east-1").observed,
            "no trail covers this account and region"
        );
    }

    /// CIS 3.1 / Security Hub CloudTrail.1 (AWS Config multi-region-cloudtrail-enabled,
    /// readWriteType=ALL): an organization trail that records only write management events,
    /// or leaves KMS events out, does not satisfy CT.1, and the finding names the filter.
    #[test]
    fn narrowed_management_events_fail_with_the_filter() {
        use orgaudit_model::cloudtrail::FieldSelector;
        for (extra, needle) in [
            (
                FieldSelector {
                    field: "readOnly".into(),
                    equals: vec!["false".into()],
                    ..Default::default()
                },
                "read none",
            ),
            (
                FieldSelector {
                    field: "eventSource".into(),
                    not_equals: vec!["kms.amazonaws.com".into()],
                    ..Default::default()
                },
                "eventSource NotEquals kms.amazonaws.com",
            ),
        ] {
            let mut s = snapshot();
            if let orgaudit_model::Fetched::Ok(ts) = &mut s.cloudtrail[0].regions[0].trails {
                if let orgaudit_model::Fetched::Ok(sel) = &mut ts[0].selectors {
                    sel.advanced[0].fields.push(extra.clone());
                }
            }
            let fs = Ct1.evaluate(&Context::new(&s));
            let f = fs
                .iter()
                .find(|f| {
                    f.account_id.as_deref() == Some(MEMBER)
                        && f.region.as_deref() == Some("eu-west-1")
                })
                .unwrap();
            assert_eq!(f.status, Status::Fail, "{f:?}");
            assert!(
                f.evidence.iter().any(|e| e.contains(needle)),
                "{needle}: {:?}",
                f.evidence
            );
        }
    }

    /// The organization trail is the only multi-region cover; when its selectors could not be
    /// read, coverage is not known: unknown, not fail.
    #[test]
    fn a_covering_trail_read_in_part_is_unknown() {
        let mut s = snapshot();
        if let orgaudit_model::Fetched::Ok(ts) = &mut s.cloudtrail[0].regions[0].trails {
            for t in ts.iter_mut().filter(|t| t.name == "org") {
                t.selectors = orgaudit_model::Fetched::Error(orgaudit_model::CollectionError {
                    account_id: Some(MGMT.into()),
                    region: Some("us-east-1".into()),
                    service: "CloudTrail".into(),
                    operation: "GetEventSelectors".into(),
                    code: "AccessDeniedException".into(),
                    message: "denied".into(),
                    subject: Some(t.arn.clone()),
                });
            }
        }
        let fs = Ct1.evaluate(&Context::new(&s));
        let member = fs
            .iter()
            .find(|f| {
                f.account_id.as_deref() == Some(MEMBER) && f.region.as_deref() == Some("eu-west-1")
            })
            .unwrap();
        assert_eq!(member.status, Status::Unknown, "{}", member.observed);
        assert!(
            member.observed.contains("GetEventSelectors"),
            "{}",
            member.observed
        );
    }

    crate::findings_snapshot!(Ct1, crate::cloudtrail::testdata::snapshot());

    fn regions(enabled: Option<&[&str]>, audited: &[&str]) -> orgaudit_model::AccountRegions {
        let v = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        orgaudit_model::AccountRegions {
            enabled: match enabled {
                Some(e) => orgaudit_model::Fetched::Ok(v(e)),
                None => orgaudit_model::Fetched::Error(orgaudit_model::CollectionError {
                    account_id: None,
                    region: None,
                    service: "Account".into(),
                    operation: "ListRegions".into(),
                    code: "AccessDeniedException".into(),
                    message: "Your organization must first enable trusted access with AWS Account Management.".into(),
                    subject: None,
                }),
            },
            audited: v(audited),
        }
    }

    /// Account Management API Reference, "ListRegions": each account is judged in the regions
    /// enabled for it, not in a list shared by the organization.
    #[test]
    fn each_account_is_judged_in_its_own_regions() {
        let mut s = snapshot();
        s.regions.insert(
            MEMBER.into(),
            regions(Some(&["af-south-1", "us-east-1"]), &["af-south-1", "us-east-1"]),
        );
        let fs = Ct1.evaluate(&Context::new(&s));
        let member: Vec<_> = fs
            .iter()
            .filter(|f| f.account_id.as_deref() == Some(MEMBER))
            .map(|f| f.region.clone().unwrap_or_default())
            .collect();
        assert_eq!(member, ["af-south-1", "us-east-1"]);
        // The multi-region organization trail covers the opt-in region too.
        assert!(fs
            .iter()
            .filter(|f| f.account_id.as_deref() == Some(MEMBER))
            .all(|f| f.status == Status::Pass));
        // An account without an entry (an older snapshot) keeps meta.regions.
        assert_eq!(
            fs.iter()
                .filter(|f| f.account_id.as_deref() == Some(OTHER))
                .count(),
            2
        );
    }

    /// When every enabled region is audited but an account's could not be read, its opt-in
    /// regions are unknown, unless a passing multi-region trail covers it ("Receiving
    /// CloudTrail log files from multiple Regions": such a trail is copied to an opt-in region
    /// when it is enabled).
    #[test]
    fn unread_enabled_regions_are_unknown_unless_a_multi_region_trail_passes() {
        let mut s = snapshot();
        s.meta.requested_regions.clear();
        s.regions
            .insert(MEMBER.into(), regions(None, &["us-east-1", "eu-west-1"]));
        s.regions
            .insert(MGMT.into(), regions(None, &["us-east-1", "eu-west-1"]));
        let fs = Ct1.evaluate(&Context::new(&s));
        let whole = |acct: &str| {
            fs.iter()
                .find(|f| f.account_id.as_deref() == Some(acct) && f.region.is_none())
                .unwrap_or_else(|| panic!("no account-wide finding for {acct}"))
        };
        assert_eq!(whole(MEMBER).status, Status::Pass, "{:?}", whole(MEMBER));
        assert!(whole(MEMBER).observed.contains("org"));

        let mut without = s.clone();
        if let orgaudit_model::Fetched::Ok(ts) = &mut without.cloudtrail[0].regions[0].trails {
            ts.retain(|t| !t.organization);
        }
        let fs = Ct1.evaluate(&Context::new(&without));
        let f = fs
            .iter()
            .find(|f| f.account_id.as_deref() == Some(MEMBER) && f.region.is_none())
            .unwrap();
        assert_eq!(f.status, Status::Unknown, "{f:?}");
        assert!(f.observed.contains("trusted access"), "{f:?}");

        // With --regions, only the regions asked for are promised: no extra finding.
        s.meta.requested_regions = vec!["us-east-1".into()];
        let fs = Ct1.evaluate(&Context::new(&s));
        assert!(fs.iter().all(|f| f.region.is_some() || f.account_id.is_none()));
    }

    /// PRACTICES.md CT.1 ("or an organization / multi-region CloudTrail Lake event data
    /// store"): an organization store ingesting management events covers every member, named
    /// as such; one that stopped ingesting ("Manage event data store lifecycles") covers
    /// nothing; one that could not be read leaves the account unknown, not failed.
    #[test]
    fn an_organization_event_data_store_counts_while_it_ingests() {
        let mut s = snapshot();
        if let orgaudit_model::Fetched::Ok(ts) = &mut s.cloudtrail[0].regions[0].trails {
            ts.retain(|t| !t.organization);
        }
        let judge = |s: &orgaudit_model::Snapshot| {
            Ct1.evaluate(&Context::new(s))
                .into_iter()
                .find(|f| {
                    f.account_id.as_deref() == Some(MEMBER)
                        && f.region.as_deref() == Some("eu-west-1")
                })
                .unwrap()
        };
        assert_eq!(judge(&s).status, Status::Fail);

        let mgmt: &[&str] = &["Management"];
        let mut with = s.clone();
        add_lake(
            &mut with,
            lake("org-lake", MGMT, "ENABLED", true, vec![vec![("eventCategory", mgmt)]]),
        );
        let f = judge(&with);
        assert_eq!(f.status, Status::Pass, "{f:?}");
        assert_eq!(f.observed, "covered by event data store org-lake");

        let mut stopped = s.clone();
        add_lake(
            &mut stopped,
            lake("org-lake", MGMT, "STOPPED_INGESTION", true, vec![vec![("eventCategory", mgmt)]]),
        );
        let f = judge(&stopped);
        assert_eq!(f.status, Status::Fail, "{f:?}");
        assert!(f.evidence.iter().any(|e| e.contains("event data store org-lake")));

        let mut unread = s.clone();
        let mut store = lake("org-lake", MGMT, "ENABLED", true, vec![]);
        store.settings = orgaudit_model::Fetched::Error(crate::s3::testdata::denied("GetEventDataStore"));
        add_lake(&mut unread, store);
        assert_eq!(judge(&unread).status, Status::Unknown);

        // A store of another account that is not an organization store covers only its own.
        let mut own = s.clone();
        add_lake(
            &mut own,
            lake("own-lake", MGMT, "ENABLED", false, vec![vec![("eventCategory", mgmt)]]),
        );
        assert_eq!(judge(&own).status, Status::Fail);
    }
}
