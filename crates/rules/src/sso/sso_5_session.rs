use super::*;
use crate::meta::seeds::S004;
use crate::permissions::Class;
use crate::{
    msg, Context, ParamDefault, ParamKind, ParamSpec, Reads, Rule, RuleMeta, Say, Service, Source,
    Text,
};
use orgaudit_model::{Finding, Severity, Status};

static META: RuleMeta = RuleMeta {
    id: "SSO.5",
    service: Service::Sso,
    title: Text { en: "Session duration: at most 1 h for admin-equivalent or privileged sets, 8 h for any", ja: "セッション期間: 管理者相当・特権の権限セットは 1 時間以下、その他は 8 時間以下" },
    severity: Severity::Medium,
    rationale: Text {
        en: "A long session keeps a stolen or forgotten browser session useful for hours. Elevated access should be short-lived.",
        ja: "長いセッションは、盗まれたり放置されたりしたブラウザセッションを何時間も使える状態にする。昇格したアクセスは短時間にすべきである。",
    },
    remediation: Text {
        en: "Set the permission set's session duration to PT1H for elevated sets and at most PT8H otherwise.",
        ja: "昇格した権限セットのセッション期間を PT1H に、その他は PT8H 以下に設定する。",
    },
    sources: &[Source { seed: S004, section: "Chatbotと時間限定IAMポリシーを使用した本番接続運用を考える" }],
    doc: Text {
        en: "One finding per permission set, assigned or not. Its session duration (PT1H, the documented default, when the set has no SessionDuration) is compared with elevated_max_session when the set is admin-equivalent or privileged as SSO.2 classifies it (privileged: every action of every service but privilege escalation, or an administrator policy SSO.2 knows by name), and with any_max_session otherwise; it passes when the duration is at most the limit and fails when it is longer. It is unknown when the set could not be described (DescribePermissionSet failed, so its duration is not known), when the duration is not one orgaudit understands (PTnHnMnS), or when the class cannot be decided. One unknown finding is given per Identity Center instance whose permission sets could not be listed, and a single unknown finding when Identity Center was not collected or could not be read, or the snapshot's time is unknown.",
        ja: "権限セットごとに、割り当ての有無にかかわらず 1 件の検出結果を出す。セッション期間 (SessionDuration がなければ、ドキュメントに記された既定値 PT1H) を、SSO.2 と同じ分類で管理者相当または特権 (権限昇格を除くすべてのサービスのすべての操作、または SSO.2 が名前で判断する管理者ポリシー) の権限セットなら elevated_max_session と、それ以外なら any_max_session と比べ、上限以下なら合格、超えていれば不合格とする。権限セットの情報を取得できなかった場合 (DescribePermissionSet が失敗し、セッション期間が分からない)、時間が orgaudit の解釈できる形式 (PTnHnMnS) でない場合、分類を決められない場合は不明とする。権限セットの一覧を取得できなかった Identity Center インスタンスごとに不明の検出結果を 1 件出し、Identity Center を収集しなかった場合や読めなかった場合、スナップショットの時刻が不明な場合は不明の検出結果を 1 件だけ出す。",
    },
    params: &[
        ParamSpec {
            name: "elevated_max_session",
            kind: ParamKind::Duration,
            default: ParamDefault::Duration(3600),
            strict: None,
            doc: Text {
                en: "Longest session for admin-equivalent or privileged permission sets (ISO 8601, e.g. \"PT1H\").",
                ja: "管理者相当または特権の権限セットのセッションの上限 (ISO 8601、例: \"PT1H\")。",
            },
        },
        ParamSpec {
            name: "any_max_session",
            kind: ParamKind::Duration,
            default: ParamDefault::Duration(8 * 3600),
            strict: None,
            doc: Text {
                en: "Longest session for any permission set (ISO 8601, e.g. \"PT8H\").",
                ja: "すべての権限セットのセッションの上限 (ISO 8601、例: \"PT8H\")。",
            },
        },
    ],
    reads: &[Reads::IdentityCenter],
    messages: super::sso_messages!(
        "sso-5-",
        en: "
sso-5-describe-failed = the session duration could not be read: { $error }
sso-5-not-understood = session duration { $duration } not understood
sso-5-undecided = session { $duration }; whether the set is privileged is not decided (too many combinations of request values)
sso-5-unclassified = session { $duration }; class unknown: { $why }
sso-5-session = session { $duration }
sso-5-at-most = at most { $unit ->
    [h] { $amount } h
   *[min] { $amount } min
} for a { $kind ->
    [admin-equivalent] admin-equivalent set
    [privileged] privileged set
   *[other] permission set
}
",
        ja: "
sso-5-describe-failed = セッション期間を読み取れなかった: { $error }
sso-5-not-understood = セッション期間 { $duration } を解釈できない
sso-5-undecided = セッション期間 { $duration }。権限セットが特権かどうかを判定できない (リクエスト値の組み合わせが多すぎる)
sso-5-unclassified = セッション期間 { $duration }。分類が不明: { $why }
sso-5-session = セッション期間 { $duration }
sso-5-at-most = { $kind ->
    [admin-equivalent] 管理者相当の権限セット
    [privileged] 特権の権限セット
   *[other] 権限セット
}のセッション期間が { $unit ->
    [h] { $amount } 時間
   *[min] { $amount } 分
}以下であること
",
    ),
};

crate::declare_rule!(
    Sso5,
    META,
    params {
        elevated_max_session: duration,
        any_max_session: duration
    }
);

impl Rule for Sso5 {
    fn evaluate(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let now = match now(ctx, &META) {
            Ok(t) => t,
            Err(f) => return vec![f],
        };
        per_set(ctx, &META, |s, ps| {
            let mut f = set_finding(&META, Status::Unknown, ps, None);
            // What is expected depends on the class: not said until it is known.
            f.expect(msg!("sso-5-expected-unset"));
            if let Some(e) = &ps.describe_error {
                f.observe(msg!("sso-5-describe-failed", error = e.summary()));
                return f;
            }
            // No SessionDuration: the default of one hour (IAM Identity Center API Reference,
            // "PermissionSet": SessionDuration).
            let duration = ps.session_duration.as_deref().unwrap_or("PT1H");
            let Some(secs) = SsoSnapshot::duration_seconds(duration) else {
                f.observe(msg!("sso-5-not-understood", duration = duration));
                return f;
            };
            let class = classify_set(s, ps, now, None, probe_place(ctx.snapshot)).0;
            let (limit, kind) = match &class {
                Ok(c) if is_elevated(c.class) => (
                    Sso5::elevated_max_session(ctx),
                    if c.class == Class::AdminEquivalent {
                        "admin-equivalent"
                    } else {
                        "privileged"
                    },
                ),
                // Whether every action of every service is allowed (privileged) was not
                // decided: the limit that applies is not known.
                Ok(c) if c.wildcards_undecided.iter().any(|w| w == "*") => {
                    f.observe(msg!("sso-5-undecided", duration = duration));
                    return f;
                }
                Ok(_) => (Sso5::any_max_session(ctx), "permission-set"),
                Err(why) => {
                    f.observe(msg!("sso-5-unclassified", duration = duration, why = why));
                    return f;
                }
            };
            let (amount, unit) = human_duration(limit);
            f.expect(msg!("sso-5-at-most", amount = amount, unit = unit, kind = kind));
            f.status = if secs <= limit {
                Status::Pass
            } else {
                Status::Fail
            };
            f.observe(msg!("sso-5-session", duration = duration));
            f
        })
    }
}

/// `1 h`, `8 h`, `90 min`: the amount and its unit (`h` or `min`), which the message writes.
fn human_duration(secs: u64) -> (u64, &'static str) {
    if secs.is_multiple_of(3600) {
        (secs / 3600, "h")
    } else {
        (secs.div_ceil(60), "min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_depend_on_class() {
        let s = testdata::snapshot();
        let fs = Sso5.evaluate(&Context::new(&s));
        let by = |n: &str| {
            fs.iter()
                .find(|f| f.resource_name.as_deref() == Some(n))
                .unwrap()
        };
        assert_eq!(by("Admin").status, Status::Fail, "PT8H on an admin set");
        assert_eq!(by("ReadOnly").status, Status::Pass);
        assert_eq!(by("DataOps").status, Status::Fail, "PT12H");

        let mut relaxed = crate::Settings::default();
        relaxed.set_param(
            "SSO.5",
            "any_max_session",
            crate::ParamValue::Duration(12 * 3600),
        );
        let cat = crate::Catalogue::build(relaxed).unwrap();
        let fs = Sso5.evaluate(&Context::with_catalogue(&s, &cat));
        let data_ops = fs
            .iter()
            .find(|f| f.resource_name.as_deref() == Some("DataOps"))
            .unwrap();
        assert_eq!(data_ops.status, Status::Pass, "{data_ops:?}");
        assert_eq!(data_ops.expected, "at most 12 h for a permission set");
        assert_eq!(
            crate::messages::render("ja", data_ops.expected_msg.as_ref().unwrap()).as_deref(),
            Some("権限セットのセッション期間が 12 時間以下であること")
        );
    }

    /// A set whose description failed has no known session duration: not the one-hour
    /// default, unknown.
    #[test]
    fn an_undescribed_set_is_unknown() {
        let mut s = testdata::snapshot();
        let ps = &mut s.sso.as_mut().unwrap().permission_sets[1];
        ps.session_duration = None;
        ps.describe_error = Some(testdata::failure("DescribePermissionSet", &ps.arn));
        let arn = ps.arn.clone();
        let fs = Sso5.evaluate(&Context::new(&s));
        let f = fs.iter().find(|f| f.resource == arn).unwrap();
        assert_eq!(f.status, Status::Unknown, "{}", f.observed);
    }

    crate::findings_snapshot!(Sso5, crate::sso::testdata::snapshot());
}
