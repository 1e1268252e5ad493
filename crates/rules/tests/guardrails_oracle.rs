//! Differential test of the guardrail verdicts (ORG.4–ORG.6) against the independent IAM
//! simulator (`@cloud-copilot/iam-simulate`, `tests/oracle`).
//!
//! A guardrail verdict is a statement about every request an ordinary principal of the account
//! could make. For seeded random SCP chains (root → OU → account, Allow and Deny statements with
//! resource patterns and conditions on principal and request keys):
//! - "allowed" comes with a witness request: the simulator must allow it;
//! - "denied except for …" comes with a spared principal's request: the simulator must allow it;
//! - "denied" or "not allowed": many concrete requests of the ordinary principal (resources of
//!   the type the action acts on, request values the chain names and others) are sampled: the
//!   simulator must allow none of them. A counterexample would be a false pass.

use orgaudit_model::*;
use orgaudit_policy::Request;
use orgaudit_rules::scp::{ChainModel, PolicyKind, Scenario, Verdict};
use serde_json::{json, Value};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

const MEMBER: &str = "111111111111";
const MGMT: &str = "000000000000";
const ORG: &str = "o-test";
const NOW: &str = "2026-11-22T12:00:00Z";
const FULL: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

const GUARDED: &[&str] = &[
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "organizations:LeaveOrganization",
    "s3:PutAccountPublicAccessBlock",
];

fn statement(rng: &mut Rng) -> Value {
    let effect = if rng.chance(70) { "Deny" } else { "Allow" };
    let action = rng.pick(&[
        "cloudtrail:StopLogging",
        "cloudtrail:*",
        "cloudtrail:Stop*",
        "cloudtrail:DeleteTrail",
        "organizations:LeaveOrganization",
        "s3:PutAccountPublicAccessBlock",
        "s3:*",
        "*",
        "ec2:*",
    ]);
    let mut s = serde_json::Map::new();
    s.insert("Effect".into(), json!(effect));
    if rng.chance(10) {
        s.insert("NotAction".into(), json!([action]));
    } else {
        s.insert("Action".into(), json!([action]));
    }
    let resource = rng.pick(&[
        "*",
        "*",
        "arn:aws:cloudtrail:*:*:trail/*",
        "arn:aws:cloudtrail:*:111111111111:trail/org-*",
        "arn:aws:cloudtrail:us-east-1:*:trail/*",
        "arn:aws:organizations::*:account/*",
        "arn:aws:s3:::*",
    ]);
    if resource != "*" && rng.chance(25) {
        s.insert("NotResource".into(), json!([resource]));
    } else {
        s.insert("Resource".into(), json!([resource]));
    }
    if rng.chance(55) {
        let conds: &[(&str, &str, Value)] = &[
            (
                "ArnNotLike",
                "aws:PrincipalArn",
                json!(["arn:aws:iam::*:role/BreakGlass"]),
            ),
            ("ArnNotLike", "aws:PrincipalArn", json!(["*"])),
            (
                "StringNotLike",
                "aws:PrincipalArn",
                json!(["arn:aws:iam::*:role/*"]),
            ),
            (
                "StringNotEqualsIfExists",
                "aws:PrincipalTag/team",
                json!(["platform"]),
            ),
            (
                "StringEquals",
                "aws:RequestedRegion",
                json!(["us-east-1", "eu-west-1"]),
            ),
            (
                "StringNotEquals",
                "aws:RequestedRegion",
                json!(["ap-northeast-1"]),
            ),
            (
                "BoolIfExists",
                "aws:MultiFactorAuthPresent",
                json!(["false"]),
            ),
            ("Bool", "aws:PrincipalIsAWSService", json!(["false"])),
            ("StringEquals", "aws:PrincipalOrgID", json!([ORG])),
            ("NotIpAddress", "aws:SourceIp", json!(["203.0.113.0/24"])),
        ];
        let mut map = serde_json::Map::new();
        for _ in 0..1 + rng.below(2) {
            let (op, key, v) = rng.pick(conds);
            let e = map.entry(op.to_string()).or_insert_with(|| json!({}));
            if let Some(o) = e.as_object_mut() {
                o.insert(key.to_string(), v);
            }
        }
        s.insert("Condition".into(), Value::Object(map));
    }
    Value::Object(s)
}

fn policy(rng: &mut Rng) -> Value {
    let n = 1 + rng.below(2);
    json!({"Version": "2012-10-17", "Statement": (0..n).map(|_| statement(rng)).collect::<Vec<_>>()})
}

struct Case {
    org: OrgSnapshot,
    /// The chain's documents per level, root first.
    chain: Vec<Vec<Value>>,
}

fn case(rng: &mut Rng) -> Case {
    let mut chain: Vec<Vec<Value>> = Vec::new();
    for (level, full_chance) in [(0, 100), (1, 85), (2, 90)] {
        let _ = level;
        let mut docs = Vec::new();
        if rng.chance(full_chance) {
            docs.push(serde_json::from_str::<Value>(FULL).unwrap_or_default());
        }
        for _ in 0..rng.below(3) {
            docs.push(policy(rng));
        }
        chain.push(docs);
    }
    let targets = ["r-root", "ou-a", MEMBER];
    let mut policies = Vec::new();
    for (level, docs) in chain.iter().enumerate() {
        for (i, d) in docs.iter().enumerate() {
            policies.push(Policy {
                id: format!("p-{level}{i}"),
                arn: format!("arn:aws:organizations::{MGMT}:policy/{ORG}/service_control_policy/p-{level}{i}"),
                name: format!("level{level}-{i}"),
                description: None,
                aws_managed: false,
                content: Fetched::Ok(d.to_string()),
                targets: Fetched::Ok(vec![targets[level].to_string()]),
            });
        }
    }
    let org = OrgSnapshot {
        info: Fetched::Ok(OrgInfo {
            id: ORG.into(),
            arn: format!("arn:aws:organizations::{MGMT}:organization/{ORG}"),
            feature_set: "ALL".into(),
            management_account_id: MGMT.into(),
            management_account_email: None,
        }),
        roots: Fetched::Ok(vec![Root {
            id: "r-root".into(),
            arn: format!("arn:aws:organizations::{MGMT}:root/{ORG}/r-root"),
            name: "Root".into(),
            policy_types: vec![PolicyTypeStatus {
                policy_type: "SERVICE_CONTROL_POLICY".into(),
                status: "ENABLED".into(),
            }],
        }]),
        organizational_units: vec![OrganizationalUnit {
            id: "ou-a".into(),
            arn: format!("arn:aws:organizations::{MGMT}:ou/{ORG}/ou-a"),
            name: "A".into(),
            parent_id: "r-root".into(),
        }],
        tree_errors: vec![],
        accounts: Fetched::Ok(vec![
            Account {
                id: MGMT.into(),
                arn: format!("arn:aws:organizations::{MGMT}:account/{ORG}/{MGMT}"),
                name: "management".into(),
                email: "m@example.com".into(),
                status: "ACTIVE".into(),
                parent_id: Some("r-root".into()),
            },
            Account {
                id: MEMBER.into(),
                arn: format!("arn:aws:organizations::{MGMT}:account/{ORG}/{MEMBER}"),
                name: "member".into(),
                email: "a@example.com".into(),
                status: "ACTIVE".into(),
                parent_id: Some("ou-a".into()),
            },
        ]),
        policies: Fetched::Ok(policies),
        rcps: Fetched::Ok(vec![]),
        service_access: Fetched::Ok(vec![]),
        delegated_administrators: Default::default(),
    };
    Case { org, chain }
}

/// The oracle case for one concrete request against the chain.
fn oracle_case(id: String, chain: &[Vec<Value>], r: &Request) -> Value {
    let principal = match &r.caller {
        orgaudit_policy::Caller::Iam { arn, .. } => arn.clone(),
        _ => "anonymous".into(),
    };
    let mut ctx = serde_json::Map::new();
    for (k, v) in r.context.iter() {
        ctx.insert(
            k.to_string(),
            if v.len() == 1 { json!(v[0]) } else { json!(v) },
        );
    }
    json!({
        "id": id, "kind": "scp", "principal": principal, "action": r.action,
        "resource": r.resource, "resourceAccount": MEMBER, "context": ctx,
        "autoContext": false, "scps": chain,
    })
}

/// A concrete request of the ordinary principal (as orgaudit models it) for `action`.
fn sample(rng: &mut Rng, base: &Request, action: &str) -> Request {
    let mut r = base.clone();
    r.action = action.to_string();
    r.resource = if action.starts_with("cloudtrail:") {
        format!(
            "arn:aws:cloudtrail:{}:{MEMBER}:trail/{}",
            rng.pick(&["us-east-1", "eu-west-1", "ap-northeast-1"]),
            rng.pick(&[
                "orgaudit-probe",
                "org-trail",
                "org-x",
                "other",
                "BreakGlass"
            ])
        )
    } else {
        "*".to_string()
    };
    for (key, values) in [
        (
            "aws:RequestedRegion",
            &["us-east-1", "eu-west-1", "ap-northeast-1", ""][..],
        ),
        ("aws:MultiFactorAuthPresent", &["true", "false", ""][..]),
        ("aws:SourceIp", &["203.0.113.9", "198.51.100.7", ""][..]),
    ] {
        match rng.pick(values) {
            "" => r.context.remove(key),
            v => r.context.set_one(key, v),
        }
    }
    r
}

#[test]
fn guardrail_verdicts_agree_with_iam_simulate() {
    let n: usize = std::env::var("ORGAUDIT_ORACLE_CHAINS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("ORGAUDIT_ORACLE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x0067_7561_7264_7261);
    let mut rng = Rng(seed.max(1));
    let scenario = Scenario {
        partition: "aws".into(),
        region: "us-east-1".into(),
        now: NOW.into(),
    };
    let mut inputs: Vec<Value> = Vec::new();
    // (what the simulator must answer, description)
    let mut expect: Vec<(bool, String)> = Vec::new();
    let (mut allowed, mut blocked, mut unknown) = (0, 0, 0);
    for c in 0..n {
        let case = case(&mut rng);
        let model = ChainModel::build(&case.org, PolicyKind::Scp, scenario.clone());
        let action = rng.pick(GUARDED);
        let ex = model.explain(MEMBER, action);
        let label = format!(
            "chain {c}, {action}: {}\n  chain {}",
            ex.verdict,
            serde_json::to_string(&case.chain).unwrap_or_default()
        );
        match &ex.verdict {
            Verdict::Allowed { .. } => {
                allowed += 1;
                let w = ex.traced.clone().expect("a witness");
                inputs.push(oracle_case(format!("{c}-witness"), &case.chain, &w));
                expect.push((true, format!("{label}\n  witness {w:?}")));
            }
            Verdict::Denied { .. } | Verdict::NotAllowed { .. } | Verdict::DeniedExcept { .. } => {
                blocked += 1;
                if let Some(sp) = &ex.spared {
                    inputs.push(oracle_case(format!("{c}-spared"), &case.chain, sp));
                    expect.push((true, format!("{label}\n  spared {sp:?}")));
                }
                let base = ex.traced.clone().expect("a traced request");
                for k in 0..8 {
                    let r = sample(&mut rng, &base, action);
                    inputs.push(oracle_case(format!("{c}-{k}"), &case.chain, &r));
                    expect.push((false, format!("{label}\n  sampled {r:?}")));
                }
            }
            _ => unknown += 1,
        }
    }
    let answers = orgaudit_testkit::oracle::run(&inputs).expect("the IAM oracle runs");
    let mut errors = 0;
    let mut wrong = Vec::new();
    for ((want_allowed, what), a) in expect.iter().zip(&answers) {
        match a["decision"].as_str() {
            Some("Error") | None => errors += 1,
            Some(d) => {
                if (d == "Allowed") != *want_allowed {
                    wrong.push(format!("{what}\n  iam-simulate: {d} ({})", a["detail"]));
                }
            }
        }
    }
    eprintln!(
        "guardrails: {n} chains ({allowed} allowed, {blocked} blocked, {unknown} unknown), {} requests checked, {errors} refused",
        inputs.len()
    );
    assert!(
        allowed > n / 10 && blocked > n / 10,
        "the generator covers both verdicts"
    );
    assert!(
        errors * 20 <= inputs.len(),
        "too many cases refused by the simulator: {errors}"
    );
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}
