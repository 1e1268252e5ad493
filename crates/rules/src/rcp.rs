//! The data perimeter that resource control policies draw around an account's S3 resources
//! (AWS Organizations User Guide, "Resource control policies (RCPs)", "RCP evaluation"; the
//! AWS data perimeter guidance, "Enforce secure transport" and "Establish an identity
//! perimeter"), for ORG.10, S3.6 and S3.7.
//!
//! Two questions, each answered by evaluating requests against the account's RCP chain
//! ([`crate::scp::ChainModel`]):
//! - **secure transport**: is every S3 request made without TLS (`aws:SecureTransport` false)
//!   denied, whoever makes it (a principal of the account, of another organization, of no
//!   organization, an anonymous caller), on the bucket and on its objects?
//! - **identity perimeter**: is every S3 request from a principal outside the organization
//!   denied (AWS service principals are not asked about: perimeter policies exempt them)?
//!
//! RCPs never apply to the management account's resources, so there both answers are "no".

use crate::scp::{Callers, ChainModel, Explanation, Question, Verdict, Who};
use orgaudit_policy::Context;
use std::sync::Arc;

/// S3 actions tried: bucket-level, object-level, and a fresh name only `s3:*` covers.
const S3_ACTIONS: &[&str] = &[
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:ListBucket",
    "s3:OrgauditProbeAction7f3e",
];

/// The bucket a question is about when no RCP names the real one.
const PROBE_BUCKET: &str = "orgaudit-probe-bucket";

/// What an RCP chain says about one perimeter question.
#[derive(Debug, Clone)]
pub enum Perimeter {
    /// Every request asked about is denied; the explanation names policy, level, statement.
    Enforced(Arc<Explanation>),
    /// Some request is allowed (the explanation's verdict shows one).
    Open(Arc<Explanation>),
    /// RCPs do not apply (management account) or are not in effect; the reason says which.
    NotApplicable(String),
    Unknown(String),
}

impl Perimeter {
    fn of(ex: Arc<Explanation>) -> Perimeter {
        match &ex.verdict {
            Verdict::Denied { .. } | Verdict::DeniedExcept { .. } | Verdict::NotAllowed { .. } => {
                Perimeter::Enforced(ex)
            }
            Verdict::Allowed { .. } => Perimeter::Open(ex),
            Verdict::Exempt => Perimeter::NotApplicable(
                "RCPs never apply to the management account's resources".into(),
            ),
            Verdict::NotInEffect(why) => Perimeter::NotApplicable(why.clone()),
            Verdict::Unknown(why) => Perimeter::Unknown(why.clone()),
        }
    }

    /// One line for a finding: "denied by … at …", "allowed: …".
    pub fn describe(&self) -> String {
        match self {
            Perimeter::Enforced(ex) => ex.verdict.to_string(),
            Perimeter::Open(ex) => ex.verdict.to_string(),
            Perimeter::NotApplicable(why) => format!("not applicable: {why}"),
            Perimeter::Unknown(why) => format!("unknown: {why}"),
        }
    }

    pub fn enforced(&self) -> bool {
        matches!(self, Perimeter::Enforced(_))
    }
}

fn bucket_resources(partition: &str, bucket: &str) -> Vec<String> {
    vec![
        format!("arn:{partition}:s3:::{bucket}"),
        format!("arn:{partition}:s3:::{bucket}/orgaudit-probe-object"),
    ]
}

/// The bucket to ask about: the real one if an RCP of the account's chain names it, else a
/// probe bucket (so the answer is shared by every bucket of the account).
fn bucket_for<'a>(model: &ChainModel<'_>, account: &str, bucket: Option<&'a str>) -> &'a str {
    match bucket {
        Some(b) if model.chain_mentions(account, b) => b,
        _ => PROBE_BUCKET,
    }
}

/// Are S3 requests without TLS denied by the account's RCPs (for `bucket`, or any bucket)?
pub fn secure_transport(model: &ChainModel<'_>, account: &str, bucket: Option<&str>) -> Perimeter {
    let b = bucket_for(model, account, bucket);
    let partition = model.partition();
    let mut fixed = Context::default();
    fixed.set_one("aws:SecureTransport", "false");
    let q = Question {
        label: "S3 requests without TLS".into(),
        actions: S3_ACTIONS.iter().map(|a| a.to_string()).collect(),
        resources: Some(bucket_resources(partition, b)),
        callers: Callers::These(vec![
            Who::Member,
            Who::Outsider { in_other_org: true },
            Who::Outsider {
                in_other_org: false,
            },
            Who::Anonymous,
        ]),
        fixed,
    };
    Perimeter::of(model.answer_shared(account, &q))
}

/// Are S3 requests from principals outside the organization denied by the account's RCPs?
pub fn identity_perimeter(
    model: &ChainModel<'_>,
    account: &str,
    bucket: Option<&str>,
) -> Perimeter {
    let b = bucket_for(model, account, bucket);
    let partition = model.partition();
    let mut fixed = Context::default();
    fixed.set_one("aws:SecureTransport", "true");
    let q = Question {
        label: "S3 requests from principals outside the organization".into(),
        actions: S3_ACTIONS.iter().map(|a| a.to_string()).collect(),
        resources: Some(bucket_resources(partition, b)),
        callers: Callers::These(vec![
            Who::Outsider { in_other_org: true },
            Who::Outsider {
                in_other_org: false,
            },
            Who::Anonymous,
        ]),
        fixed,
    };
    Perimeter::of(model.answer_shared(account, &q))
}
