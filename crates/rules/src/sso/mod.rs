//! IAM Identity Center: SSO.1–SSO.8 and the access matrix ("who can do what, where").

#[cfg(test)]
pub(crate) mod testdata;

use crate::permissions::{classify_in, Attached, Boundary, Class, Classification, Managed};
use crate::{Context, RuleMeta, Say};
use orgaudit_model::sso::{Assignment, PermissionSet, SsoSnapshot};
use orgaudit_model::{Fetched, Finding, Message, Status};
use serde::Serialize;
use std::borrow::Cow;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// An Identity Center rule's messages (`RuleMeta::messages`): its own, in English and in
/// Japanese, followed by those of the `unknown` findings the helpers below make for it
/// (Identity Center not collected, not read or not found, the snapshot's time not readable,
/// lists that could not be read), with its slug: `sso_messages!("sso-3-", en: "…", ja: "…")`.
/// [`gap`] names them from the rule's metadata. `expected-unset` is the empty expected text
/// these findings have always had.
macro_rules! sso_messages {
    ($slug:literal, en: $en:literal, ja: $ja:literal $(,)?) => {
        $crate::Text {
            en: concat!(
                $en,
                $slug, "not-collected = Identity Center was not collected\n",
                $slug, "not-read = Identity Center could not be read: { $error }\n",
                $slug, "not-found = no Identity Center instance was found\n",
                $slug, "not-found-in = no Identity Center instance was found in { $regions } (an instance lives in one region: name it with --sso-region)\n",
                $slug, "time-unknown = the snapshot's time ({ $finished } / { $started }) is not an RFC 3339 time\n",
                $slug, "sets-not-listed = the permission sets could not be listed: { $error }\n",
                $slug, "assignments-not-listed = the assignments of { $who } could not be listed: { $error }\n",
                $slug, "principal-assignments-not-listed = the assignments of a principal could not be listed: { $error }\n",
                $slug, "set-not-read = the assignment's permission set was not read (its listing or description failed)\n",
                $slug, "expected-unset = {\"\"}\n",
            ),
            ja: concat!(
                $ja,
                $slug, "not-collected = Identity Center の情報が収集されていない\n",
                $slug, "not-read = Identity Center を読み取れなかった: { $error }\n",
                $slug, "not-found = Identity Center インスタンスが見つからなかった\n",
                $slug, "not-found-in = { $regions } で Identity Center インスタンスが見つからなかった (インスタンスは 1 つのリージョンにしか存在しない。--sso-region でそのリージョンを指定すること)\n",
                $slug, "time-unknown = スナップショットの時刻 ({ $finished } / { $started }) が RFC 3339 形式の時刻ではない\n",
                $slug, "sets-not-listed = 権限セットの一覧を取得できなかった: { $error }\n",
                $slug, "assignments-not-listed = { $who } のアカウントの割り当ての一覧を取得できなかった: { $error }\n",
                $slug, "principal-assignments-not-listed = あるプリンシパルのアカウントの割り当ての一覧を取得できなかった: { $error }\n",
                $slug, "set-not-read = 割り当ての権限セットを読み取れなかった (一覧または詳細の取得に失敗した)\n",
                $slug, "expected-unset = {\"\"}\n",
            ),
        }
    };
}
pub(crate) use sso_messages;

/// One of the helpers' messages of [`sso_messages!`] in `meta`'s rule (`what`: `not-read`, …).
pub(crate) fn gap(meta: &RuleMeta, what: &str) -> Message {
    Message {
        id: Cow::Owned(format!("{}{what}", crate::messages::slug(meta.id))),
        args: Vec::new(),
    }
}

/// An `unknown` finding of `meta`'s rule saying what could not be read (no expected text).
pub(crate) fn gap_finding(
    meta: &RuleMeta,
    resource: impl Into<String>,
    observed: Message,
) -> Finding {
    let mut f = meta.finding(Status::Unknown, resource);
    f.observe(observed);
    f.expect(gap(meta, "expected-unset"));
    f
}

crate::register! {
    sso_1_enabled::Sso1,
    sso_2_admin::Sso2,
    sso_3_wildcards::Sso3,
    sso_4_groups::Sso4,
    sso_5_session::Sso5,
    sso_6_management::Sso6,
    sso_7_provisioning::Sso7,
    sso_8_unused::Sso8,
}

/// The snapshot's time: rules never read the clock.
/// `Err` when the snapshot holds no readable time: time-bound grants and exception expiry
/// cannot be judged then, and must not be judged against a made-up date.
pub(crate) fn snapshot_time(snapshot: &orgaudit_model::Snapshot) -> Result<OffsetDateTime, String> {
    let m = &snapshot.meta;
    OffsetDateTime::parse(&m.finished_at, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(&m.started_at, &Rfc3339))
        .map_err(|_| {
            let (finished, started) = recorded_times(snapshot);
            format!("the snapshot's time ({finished} / {started}) is not an RFC 3339 time")
        })
}

/// The snapshot's recorded times (finished, started), quoted as the texts saying they cannot
/// be read quote them.
pub(crate) fn recorded_times(snapshot: &orgaudit_model::Snapshot) -> (String, String) {
    let m = &snapshot.meta;
    (
        format!("{:?}", m.finished_at),
        format!("{:?}", m.started_at),
    )
}

/// The snapshot's time, or one `unknown` finding saying it cannot be read.
pub(crate) fn now(ctx: &Context<'_>, meta: &RuleMeta) -> Result<OffsetDateTime, Finding> {
    snapshot_time(ctx.snapshot).map_err(|_| {
        let (finished, started) = recorded_times(ctx.snapshot);
        gap_finding(
            meta,
            "identity-center",
            gap(meta, "time-unknown")
                .arg("finished", finished)
                .arg("started", started),
        )
    })
}

/// Classification of a permission set, with notes on what could not be read.
///
/// `account`: the account the set is assigned in. Identity Center resolves a customer-managed
/// policy (or boundary) by name and path in each account the set is provisioned to (IAM
/// Identity Center User Guide, "Customer managed policies"), so the class is per account ×
/// set. Without an account (practices judged per set) every assigned account's copy counts, as
/// if all were attached: what any one account grants is in.
///
/// The probe requests are made in the organization's partition (`where_`: partition and home
/// region, from the snapshot): a policy written for `arn:aws-us-gov:` resources is judged on
/// `arn:aws-us-gov:` requests.
pub fn classify_set(
    s: &SsoSnapshot,
    ps: &PermissionSet,
    now: OffsetDateTime,
    account: Option<&str>,
    where_: (&str, &str),
) -> (Result<Classification, String>, Vec<String>) {
    let mut notes = Vec::new();
    let names: Vec<&str> = match &ps.managed_policies {
        Fetched::Ok(m) => m.iter().map(String::as_str).collect(),
        Fetched::Error(e) => {
            return (
                Err(format!("managed policies not read: {}", e.summary())),
                notes,
            )
        }
    };
    let managed: Vec<Managed<'_>> = names
        .iter()
        .map(|n| Managed {
            name_or_arn: n,
            document: managed_document(s, n, &mut notes),
        })
        .collect();
    let accounts: Vec<&str> = match account {
        Some(a) => vec![a],
        None => {
            let mut v: Vec<&str> = s
                .assignments
                .iter()
                .filter(|a| a.permission_set_arn == ps.arn)
                .map(|a| a.account_id.as_str())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        }
    };
    let mut documents = Vec::new();
    match &ps.inline_policy {
        Fetched::Ok(Some(text)) => documents.push(("inline policy".to_string(), Ok(text.as_str()))),
        Fetched::Ok(None) => {}
        Fetched::Error(e) => documents.push(("inline policy".to_string(), Err(e.summary()))),
    }
    match &ps.customer_managed {
        Fetched::Ok(refs) => {
            for r in refs {
                if accounts.is_empty() {
                    documents.push((
                        format!("customer-managed policy {r}"),
                        Err("the set is assigned to no account, and a customer-managed policy exists only in the accounts a set is provisioned to".to_string()),
                    ));
                }
                for a in &accounts {
                    let label = if account.is_some() {
                        format!("customer-managed policy {r}")
                    } else {
                        format!("customer-managed policy {r} in {a}")
                    };
                    documents.push((label, customer_document(s, a, r)));
                }
            }
        }
        Fetched::Error(e) => {
            documents.push(("customer-managed policies".to_string(), Err(e.summary())))
        }
    }
    let boundary = match &ps.boundary {
        Fetched::Ok(None) => None,
        Fetched::Ok(Some(b)) => match (&b.managed_policy_arn, &b.customer_managed) {
            (Some(arn), _) => Some(Boundary::Managed(Managed {
                name_or_arn: arn.as_str(),
                document: managed_document(s, arn, &mut notes),
            })),
            (None, Some(name)) => {
                // One boundary per account: judged without an account only when every
                // assigned account holds the same document.
                let copies: Vec<Result<&str, String>> = accounts
                    .iter()
                    .map(|a| customer_document(s, a, name))
                    .collect();
                let text = match copies.split_first() {
                    None => Err("the set is assigned to no account, and a customer-managed boundary exists only in the accounts a set is provisioned to".to_string()),
                    Some((first, rest)) => match first {
                        Ok(t) if rest.iter().all(|c| c.as_ref().ok() == Some(t)) => Ok(*t),
                        Ok(_) => rest
                            .iter()
                            .find_map(|c| c.clone().err())
                            .map_or_else(
                                || Err("its document differs between the assigned accounts".to_string()),
                                Err,
                            ),
                        Err(e) => Err(e.clone()),
                    },
                };
                Some(Boundary::Document(
                    format!("customer-managed boundary {name}"),
                    text,
                ))
            }
            (None, None) => None,
        },
        Fetched::Error(e) => {
            notes.push(format!(
                "permissions boundary not read ({}): the class may be lower",
                e.code
            ));
            None
        }
    };
    let (partition, region) = where_;
    (
        classify_in(
            &Attached {
                managed,
                documents,
                boundary,
            },
            now,
            partition,
            region,
            account.unwrap_or(PROBE_ACCOUNT),
        ),
        notes,
    )
}

/// The account the probe requests of a set judged without an account are made in.
const PROBE_ACCOUNT: &str = "111122223333";

/// Where the classifier's probe requests are made: the snapshot's partition and home region.
pub(crate) fn probe_place(snapshot: &orgaudit_model::Snapshot) -> (&str, &str) {
    let region = snapshot.meta.home_region.as_str();
    (
        snapshot.partition(),
        if region.is_empty() {
            "us-east-1"
        } else {
            region
        },
    )
}

/// The document of an AWS managed policy as the run read it: `None` when the run did not
/// read managed policies (an older snapshot) or the policy is named without an ARN; when the
/// read failed and orgaudit carries the policy's published document, that copy is used and
/// a note says so.
fn managed_document<'a>(
    s: &'a SsoSnapshot,
    name_or_arn: &str,
    notes: &mut Vec<String>,
) -> Option<Result<&'a str, String>> {
    match s.managed_documents.get(name_or_arn)? {
        Fetched::Ok(text) => Some(Ok(text.as_str())),
        Fetched::Error(e) if crate::permissions::carries_document(name_or_arn) => {
            notes.push(format!(
                "AWS managed {name_or_arn} not read ({}): orgaudit's copy of its published document is used",
                e.code
            ));
            None
        }
        Fetched::Error(e) => Some(Err(e.summary())),
    }
}

/// A customer-managed policy's document in one account, or why it is not known.
fn customer_document<'a>(s: &'a SsoSnapshot, account: &str, name: &str) -> Result<&'a str, String> {
    if s.customer_documents.is_empty() {
        return Err("its document was not collected (IAM in the assigned accounts)".to_string());
    }
    match s.customer_documents.get(account).and_then(|d| d.get(name)) {
        Some(Fetched::Ok(text)) => Ok(text.as_str()),
        Some(Fetched::Error(e)) => Err(format!("in {account}: {}", e.summary())),
        None => Err(format!("not read in {account}")),
    }
}

pub(crate) fn set_finding(
    meta: &RuleMeta,
    status: Status,
    ps: &PermissionSet,
    account: Option<&str>,
) -> Finding {
    let mut f = meta.finding(status, ps.arn.clone());
    f.account_id = account.map(str::to_string);
    f.resource_name = Some(ps.name.clone());
    f
}

/// The Identity Center data with an instance, or one `unknown` finding saying why it is
/// missing. No instance found is not "nothing assigned": the instance may live in a region that
/// was not searched.
pub(crate) fn sso<'a>(ctx: &Context<'a>, meta: &RuleMeta) -> Result<&'a SsoSnapshot, Finding> {
    let s = sso_read(ctx, meta)?;
    if s.instances.ok().is_some_and(|i| i.is_empty()) {
        return Err(gap_finding(meta, "identity-center", not_found(meta, s)));
    }
    Ok(s)
}

/// "No instance found in …", with the way out (a message of `meta`'s rule).
pub(crate) fn not_found(meta: &RuleMeta, s: &SsoSnapshot) -> Message {
    if s.searched.is_empty() {
        gap(meta, "not-found")
    } else {
        gap(meta, "not-found-in").arg("regions", s.searched.join(", "))
    }
}

/// The Identity Center data as read (instances possibly none), or one `unknown` finding.
pub(crate) fn sso_read<'a>(ctx: &Context<'a>, meta: &RuleMeta) -> Result<&'a SsoSnapshot, Finding> {
    let s = ctx
        .snapshot
        .sso
        .as_ref()
        .ok_or_else(|| gap_finding(meta, "identity-center", gap(meta, "not-collected")))?;
    s.instances.as_result().map_err(|e| {
        gap_finding(
            meta,
            "identity-center",
            gap(meta, "not-read").arg("error", e.summary()),
        )
    })?;
    Ok(s)
}

/// Apply `judge` to every permission set (or return the one `unknown` finding of `sso`).
pub(crate) fn per_set(
    ctx: &Context<'_>,
    meta: &RuleMeta,
    mut judge: impl FnMut(&SsoSnapshot, &PermissionSet) -> Finding,
) -> Vec<Finding> {
    match sso(ctx, meta) {
        Ok(s) => {
            let mut out: Vec<Finding> = s.permission_sets.iter().map(|ps| judge(s, ps)).collect();
            out.extend(unlisted_sets(meta, s));
            out
        }
        Err(f) => vec![f],
    }
}

/// One `unknown` finding per instance whose permission sets could not be listed: the sets
/// not seen are not judged, and never pass.
pub(crate) fn unlisted_sets(meta: &RuleMeta, s: &SsoSnapshot) -> Vec<Finding> {
    s.permission_set_errors
        .iter()
        .map(|e| {
            gap_finding(
                meta,
                e.subject
                    .clone()
                    .unwrap_or_else(|| "identity-center".into()),
                gap(meta, "sets-not-listed").arg("error", e.summary()),
            )
        })
        .collect()
}

/// Why some assignments are not known: principals whose assignments could not be listed, and
/// the users or groups that could not be listed at all (their assignments were never asked).
pub(crate) fn assignment_gaps(s: &SsoSnapshot) -> Vec<&orgaudit_model::CollectionError> {
    s.assignment_errors
        .iter()
        .chain(s.users.error())
        .chain(s.groups.error())
        .collect()
}

/// One `unknown` finding per principal whose assignments could not be listed, and per
/// principal list (users, groups) that could not be read.
pub(crate) fn unlisted_assignments(meta: &RuleMeta, s: &SsoSnapshot) -> Vec<Finding> {
    assignment_gaps(s)
        .into_iter()
        .map(|e| {
            let who = e.subject.clone().unwrap_or_else(|| "a principal".into());
            let observed = match &e.subject {
                Some(who) => gap(meta, "assignments-not-listed").arg("who", who),
                None => gap(meta, "principal-assignments-not-listed"),
            };
            let mut f = gap_finding(
                meta,
                format!("identity-center/principal/{who}"),
                observed.arg("error", e.summary()),
            );
            f.resource_name = Some(who);
            f
        })
        .collect()
}

/// The `unknown` finding of an assignment whose permission set is not in the snapshot.
pub(crate) fn unseen_set(meta: &RuleMeta, a: &Assignment) -> Finding {
    let mut f = gap_finding(
        meta,
        a.permission_set_arn.clone(),
        gap(meta, "set-not-read"),
    );
    f.account_id = Some(a.account_id.clone());
    f
}

pub(crate) fn set_of<'a>(s: &'a SsoSnapshot, a: &Assignment) -> Option<&'a PermissionSet> {
    s.permission_sets
        .iter()
        .find(|p| p.arn == a.permission_set_arn)
}

/// One cell of the access matrix: a user (directly or through a group) in an account with a
/// permission set and its classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessRow {
    pub user: String,
    /// `direct` or `group <name>`.
    pub via: String,
    pub account_id: String,
    pub permission_set: String,
    /// `admin-equivalent`, `privileged`, `service-wide wildcard`, `ordinary` or `unknown`.
    pub class: String,
    /// e.g. `until 2027-01-31T00:00:00Z`, `expired 2025-06-30…`, MFA/IP mitigations.
    pub notes: Vec<String>,
}

/// The access matrix: every assignment, groups expanded to their users.
pub fn access_matrix(snapshot: &orgaudit_model::Snapshot) -> Vec<AccessRow> {
    let Some(s) = snapshot.sso.as_ref() else {
        return vec![];
    };
    let ctx_now = snapshot_time(snapshot);
    let users = s.users.ok().cloned().unwrap_or_default();
    let groups = s.groups.ok().cloned().unwrap_or_default();
    let memberships = s.memberships.ok().cloned().unwrap_or_default();
    let user_name = |id: &str| {
        users
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.user_name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let mut rows = Vec::new();
    for a in &s.assignments {
        let Some(ps) = set_of(s, a) else { continue };
        let classified = match &ctx_now {
            Ok(now) => classify_set(s, ps, *now, Some(&a.account_id), probe_place(snapshot)),
            Err(why) => (Err(why.clone()), Vec::new()),
        };
        let (class, notes) = match classified {
            (Ok(c), mut notes) => {
                if let Some(t) = &c.time_bound {
                    notes.push(if t.expired {
                        format!("expired {}", t.until)
                    } else {
                        format!("until {}", t.until)
                    });
                }
                notes.extend(c.mitigations.clone());
                (c.class.as_str().to_string(), notes)
            }
            (Err(why), _) => ("unknown".to_string(), vec![why]),
        };
        let members: Vec<(String, String)> = if a.principal_type == "GROUP" {
            let gname = groups
                .iter()
                .find(|g| g.id == a.principal_id)
                .map(|g| g.display_name.clone())
                .unwrap_or_else(|| a.principal_id.clone());
            memberships
                .iter()
                .filter(|m| m.group_id == a.principal_id)
                .map(|m| (user_name(&m.user_id), format!("group {gname}")))
                .collect()
        } else {
            vec![(user_name(&a.principal_id), "direct".to_string())]
        };
        for (user, via) in members {
            rows.push(AccessRow {
                user,
                via,
                account_id: a.account_id.clone(),
                permission_set: ps.name.clone(),
                class: class.clone(),
                notes: notes.clone(),
            });
        }
    }
    rows.sort_by(|x, y| {
        (&x.user, &x.account_id, &x.permission_set).cmp(&(
            &y.user,
            &y.account_id,
            &y.permission_set,
        ))
    });
    rows
}

pub(crate) fn is_elevated(c: Class) -> bool {
    c >= Class::Privileged
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every Identity Center rule defines the messages of the `unknown` findings the helpers
    /// make for it, in English and Japanese with every argument (and so its other findings'
    /// messages on these samples).
    #[test]
    fn every_rule_says_what_could_not_be_read_in_every_language() {
        let mut samples = Vec::new();
        let mut s = testdata::snapshot();
        s.sso = None;
        samples.push(s);
        let mut s = testdata::snapshot();
        s.sso.as_mut().unwrap().instances =
            Fetched::Error(testdata::failure("ListInstances", "us-east-1"));
        samples.push(s);
        for searched in [
            vec![],
            vec!["us-east-1".to_string(), "eu-west-1".to_string()],
        ] {
            let mut s = testdata::snapshot();
            let sso = s.sso.as_mut().unwrap();
            sso.instances = Fetched::Ok(vec![]);
            sso.searched = searched;
            samples.push(s.clone());
            // Identity Center not enabled: SSO.1 fails.
            s.organization.service_access = Fetched::Ok(vec!["cloudtrail.amazonaws.com".into()]);
            samples.push(s);
        }
        let mut s = testdata::snapshot();
        s.meta.started_at = "yesterday".into();
        s.meta.finished_at = "".into();
        samples.push(s);
        let mut s = testdata::snapshot();
        {
            let sso = s.sso.as_mut().unwrap();
            sso.permission_set_errors.push(testdata::failure(
                "ListPermissionSets",
                "arn:aws:sso:::instance/ssoins-test",
            ));
            sso.assignment_errors.push(testdata::failure(
                "ListAccountAssignmentsForPrincipal",
                "g-ops",
            ));
            let mut no_subject = testdata::failure("ListUsers", "d-test");
            no_subject.subject = None;
            sso.users = Fetched::Error(no_subject);
            sso.permission_sets.remove(0);
            let ps = &mut sso.permission_sets[0];
            ps.session_duration = None;
            ps.describe_error = Some(testdata::failure("DescribePermissionSet", "ps"));
            sso.permission_sets[1].session_duration = Some("P1D".into());
        }
        samples.push(s);
        for sample in &samples {
            for rule in rules() {
                for f in rule.evaluate(&Context::new(sample)) {
                    if let Err(e) = crate::messages::check(&f) {
                        panic!("{e}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_rule_names_its_own_gap_messages() {
        let meta = crate::Catalogue::defaults().meta("SSO.3").unwrap();
        assert_eq!(gap(meta, "not-read").id, "sso-3-not-read");
    }
}
