//! A snapshot as `(resource, setting) → value` rows, the values written for people.

use orgaudit_model::cloudtrail::Trail;
use orgaudit_model::s3::{Bucket, PublicAccessBlock};
use orgaudit_model::sso::PermissionSet;
use orgaudit_model::{Fetched, Snapshot};

/// One setting of one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    pub kind: &'static str,
    pub resource: String,
    /// Human name (bucket name, OU name…): attacker-controlled text.
    pub name: String,
    pub account_id: Option<String>,
    pub region: Option<String>,
    pub setting: String,
    pub value: String,
}

struct Rows {
    out: Vec<Setting>,
}

struct Res<'a> {
    kind: &'static str,
    resource: &'a str,
    name: &'a str,
    account_id: Option<&'a str>,
    region: Option<&'a str>,
}

impl Rows {
    fn add(&mut self, r: &Res<'_>, setting: &str, value: impl Into<String>) {
        self.out.push(Setting {
            kind: r.kind,
            resource: r.resource.to_string(),
            name: r.name.to_string(),
            account_id: r.account_id.map(str::to_string),
            region: r.region.map(str::to_string),
            setting: setting.to_string(),
            value: value.into(),
        });
    }

    /// A value that may not have been read: the error code is the value then.
    fn fetched<T>(
        &mut self,
        r: &Res<'_>,
        setting: &str,
        v: &Fetched<T>,
        show: impl Fn(&T) -> String,
    ) {
        let value = match v {
            Fetched::Ok(t) => show(t),
            Fetched::Error(e) => format!("unreadable ({})", e.code),
        };
        self.add(r, setting, value);
    }
}

/// Stable short digest of a policy document: JSON is normalised first (key order and
/// whitespace do not count), so only a change of meaning shows as drift.
fn digest(text: &str) -> String {
    let normal = serde_json::from_str::<serde_json::Value>(text)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| text.to_string());
    // FNV-1a, 64 bits: a change detector, not a security control.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in normal.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("document {h:016x}")
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

fn pab(p: &Option<PublicAccessBlock>) -> String {
    match p {
        None => "not configured".into(),
        Some(p) => format!(
            "BlockPublicAcls {}, IgnorePublicAcls {}, BlockPublicPolicy {}, RestrictPublicBuckets {}",
            on_off(p.block_public_acls),
            on_off(p.ignore_public_acls),
            on_off(p.block_public_policy),
            on_off(p.restrict_public_buckets)
        ),
    }
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".into()
    } else {
        let mut v = v.to_vec();
        v.sort();
        v.join(", ")
    }
}

pub fn flatten(s: &Snapshot) -> Vec<Setting> {
    let mut rows = Rows { out: Vec::new() };
    organization(s, &mut rows);
    // The regions enabled for each account (account:ListRegions): an opt-in region enabled
    // since the last run is a place nothing was watching before.
    for (id, regions) in &s.regions {
        let root = s.account_root_arn(id);
        let name = s
            .organization
            .account(id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.clone());
        let r = Res {
            kind: "account",
            resource: &root,
            name: &name,
            account_id: Some(id),
            region: None,
        };
        rows.fetched(&r, "enabled regions", &regions.enabled, |e| list(e));
    }
    for account in &s.s3 {
        let r = Res {
            kind: "account S3",
            resource: &format!("arn:{}:s3:::account/{}", s.partition(), account.account_id),
            name: &account.account_id,
            account_id: Some(&account.account_id),
            region: None,
        };
        rows.fetched(
            &r,
            "account Block Public Access",
            &account.public_access_block,
            pab,
        );
        if let Fetched::Ok(buckets) = &account.buckets {
            buckets.iter().for_each(|b| bucket(b, &mut rows));
        }
    }
    for account in &s.cloudtrail {
        // A multi-region trail may be listed in several regions (older snapshots), and is
        // kept in the first audited region that lists it, which need not be its home:
        // flatten each trail once, by ARN.
        let mut seen = std::collections::BTreeSet::new();
        for region in &account.regions {
            if let Fetched::Ok(trails) = &region.trails {
                trails
                    .iter()
                    .filter(|t| seen.insert(t.arn.as_str()))
                    .for_each(|t| trail(t, &mut rows));
            }
        }
    }
    if let Some(sso) = &s.sso {
        let user = |id: &str| {
            sso.users
                .ok()
                .and_then(|us| us.iter().find(|u| u.id == id).map(|u| u.user_name.clone()))
                .or_else(|| {
                    sso.groups.ok().and_then(|gs| {
                        gs.iter()
                            .find(|g| g.id == id)
                            .map(|g| g.display_name.clone())
                    })
                })
                .unwrap_or_else(|| id.to_string())
        };
        for ps in &sso.permission_sets {
            permission_set(ps, &mut rows);
        }
        for a in &sso.assignments {
            let set = sso
                .permission_sets
                .iter()
                .find(|p| p.arn == a.permission_set_arn)
                .map(|p| p.name.as_str())
                .unwrap_or(&a.permission_set_arn);
            let principal = user(&a.principal_id);
            let resource = format!(
                "assignment/{}/{}/{}",
                a.account_id, a.permission_set_arn, a.principal_id
            );
            let name = format!("{set} → {} {principal}", a.principal_type.to_lowercase());
            let r = Res {
                kind: "assignment",
                resource: &resource,
                name: &name,
                account_id: Some(&a.account_id),
                region: None,
            };
            rows.add(&r, "assigned", "yes");
        }
    }
    rows.out
}

fn organization(s: &Snapshot, rows: &mut Rows) {
    let org = &s.organization;
    if let Fetched::Ok(info) = &org.info {
        let r = Res {
            kind: "organization",
            resource: &info.arn,
            name: &info.id,
            account_id: Some(&info.management_account_id),
            region: None,
        };
        rows.add(&r, "feature set", info.feature_set.clone());
    }
    // Target id → SCP names attached there.
    let mut attached: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let attachments_known = match &org.policies {
        Fetched::Ok(policies) => {
            for p in policies {
                let r = Res {
                    kind: "scp",
                    resource: &p.arn,
                    name: &p.name,
                    account_id: None,
                    region: None,
                };
                rows.fetched(&r, "content", &p.content, |t| digest(t));
                if let Fetched::Ok(targets) = &p.targets {
                    for t in targets {
                        attached.entry(t.as_str()).or_default().push(p.name.clone());
                    }
                }
            }
            policies.iter().all(|p| p.targets.ok().is_some())
        }
        Fetched::Error(_) => false,
    };
    let scps = |id: &str| {
        if attachments_known {
            list(attached.get(id).map(Vec::as_slice).unwrap_or(&[]))
        } else {
            "unreadable".into()
        }
    };
    if let Fetched::Ok(roots) = &org.roots {
        for root in roots {
            let r = Res {
                kind: "root",
                resource: &root.arn,
                name: &root.name,
                account_id: None,
                region: None,
            };
            rows.add(&r, "SCPs attached", scps(&root.id));
            rows.add(
                &r,
                "SCP policy type",
                root.scp_status().unwrap_or("not enabled"),
            );
        }
    }
    for ou in &org.organizational_units {
        let r = Res {
            kind: "ou",
            resource: &ou.arn,
            name: &ou.name,
            account_id: None,
            region: None,
        };
        rows.add(&r, "SCPs attached", scps(&ou.id));
        rows.add(&r, "parent", ou.parent_id.clone());
    }
    if let Fetched::Ok(accounts) = &org.accounts {
        for a in accounts {
            let r = Res {
                kind: "account",
                resource: &a.arn,
                name: &a.name,
                account_id: Some(&a.id),
                region: None,
            };
            rows.add(&r, "SCPs attached", scps(&a.id));
            rows.add(&r, "status", a.status.clone());
            rows.add(
                &r,
                "OU path",
                org.ou_path(&a.id).unwrap_or_else(|| "unknown".into()),
            );
        }
    }
}

fn bucket(b: &Bucket, rows: &mut Rows) {
    let region = b.region.ok().map(String::as_str);
    let r = Res {
        kind: "bucket",
        resource: &b.arn,
        name: &b.name,
        account_id: Some(&b.account_id),
        region,
    };
    rows.fetched(&r, "versioning", &b.versioning, |v| {
        let status = v.status.clone().unwrap_or_else(|| "never enabled".into());
        match v.mfa_delete.as_deref() {
            Some("Enabled") => format!("{status}, MFA delete"),
            _ => status,
        }
    });
    rows.fetched(&r, "default encryption", &b.encryption, |e| match e {
        None => "none".into(),
        Some(rules) => rules
            .iter()
            .map(|r| match &r.kms_key_id {
                Some(k) => format!("{} ({k})", r.algorithm),
                None => r.algorithm.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
    });
    rows.fetched(&r, "access logging", &b.logging, |l| match l {
        None => "off".into(),
        Some(l) => format!("to {}/{}", l.target_bucket, l.target_prefix),
    });
    rows.fetched(&r, "Block Public Access", &b.public_access_block, pab);
    rows.fetched(&r, "bucket policy", &b.policy, |p| match p {
        None => "none".into(),
        Some(text) => digest(text),
    });
    rows.fetched(&r, "policy is public", &b.policy_is_public, |p| match p {
        None => "n/a".into(),
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
    });
    rows.fetched(&r, "object ownership", &b.ownership, |o| {
        o.clone().unwrap_or_else(|| "not set (ACLs enabled)".into())
    });
    let not_read = Fetched::Ok(None);
    let lifecycle = b.lifecycle.as_ref().unwrap_or(&not_read);
    rows.fetched(&r, "lifecycle", lifecycle, |l| match l {
        None => "none".into(),
        Some(rules) => rules
            .iter()
            .map(|r| {
                let mut s = format!("{} {}", r.id.as_deref().unwrap_or("rule"), r.status);
                if let Some(d) = r.noncurrent_expiration_days {
                    s.push_str(&format!(", noncurrent expire {d} d"));
                }
                if let Some(n) = r.newer_noncurrent_versions {
                    s.push_str(&format!(", keep {n} versions"));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("; "),
    });
    rows.fetched(&r, "website hosting", &b.website, |w| match w {
        None => "off".into(),
        Some(_) => "on".into(),
    });
}

fn trail(t: &Trail, rows: &mut Rows) {
    let r = Res {
        kind: "trail",
        resource: &t.arn,
        name: &t.name,
        account_id: Some(&t.account_id),
        region: Some(&t.home_region),
    };
    rows.fetched(&r, "logging", &t.status, |s| {
        on_off(s.is_logging).to_string()
    });
    rows.add(&r, "multi-region", on_off(t.multi_region));
    rows.add(&r, "organization trail", on_off(t.organization));
    rows.add(&r, "log file validation", on_off(t.log_file_validation));
    rows.add(
        &r,
        "KMS key",
        t.kms_key_id.clone().unwrap_or_else(|| "none".into()),
    );
    rows.add(
        &r,
        "CloudWatch Logs",
        t.cloudwatch_log_group
            .clone()
            .unwrap_or_else(|| "none".into()),
    );
    rows.fetched(&r, "event selectors", &t.selectors, |s| {
        let text = serde_json::to_string(s).unwrap_or_default();
        format!(
            "{} basic, {} advanced, {}",
            s.basic.len(),
            s.advanced.len(),
            digest(&text)
        )
    });
}

fn permission_set(ps: &PermissionSet, rows: &mut Rows) {
    let r = Res {
        kind: "permission set",
        resource: &ps.arn,
        name: &ps.name,
        account_id: None,
        region: None,
    };
    rows.add(
        &r,
        "session duration",
        ps.session_duration.clone().unwrap_or_else(|| "PT1H".into()),
    );
    rows.fetched(&r, "AWS managed policies", &ps.managed_policies, |m| {
        list(
            &m.iter()
                .map(|arn| arn.rsplit('/').next().unwrap_or(arn).to_string())
                .collect::<Vec<_>>(),
        )
    });
    rows.fetched(&r, "customer managed policies", &ps.customer_managed, |m| {
        list(m)
    });
    rows.fetched(&r, "inline policy", &ps.inline_policy, |p| match p {
        None => "none".into(),
        Some(text) => digest(text),
    });
    rows.fetched(&r, "permissions boundary", &ps.boundary, |b| match b {
        None => "none".into(),
        Some(b) => b
            .managed_policy_arn
            .clone()
            .or_else(|| b.customer_managed.clone())
            .unwrap_or_else(|| "set".into()),
    });
}
