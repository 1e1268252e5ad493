//! The documents of the managed policies permission sets name, read with IAM.
//!
//! - AWS managed policies: once per run, with the caller's session (they are the same in every
//!   account of a partition: `arn:<partition>:iam::aws:policy/…`).
//! - Customer-managed policies and boundaries: Identity Center attaches "the policy with the
//!   same name and path" in each account the set is provisioned to (IAM Identity Center User
//!   Guide, "Customer managed policies"), so each is read in each assigned account, with that
//!   account's session.
//!
//! Each document is GetPolicy (its `DefaultVersionId`), then GetPolicyVersion of that version,
//! whose `Document` is "URL-encoded compliant with RFC 3986" (IAM API Reference,
//! "PolicyVersion").

use crate::util::{At, Missing};
use futures::StreamExt;
use orgaudit_aws::ops::iam as op;
use orgaudit_aws::Session;
use orgaudit_model::{CollectionError, Fetched};
use std::collections::{BTreeMap, BTreeSet};

/// Read each policy of `arns` with `session`, `concurrency` at a time.
pub(crate) async fn documents(
    session: &Session,
    arns: BTreeSet<String>,
    concurrency: usize,
    errors: &mut Vec<CollectionError>,
) -> BTreeMap<String, Fetched<String>> {
    let client = session.iam();
    let at = At::global(&session.account_id);
    let read: Vec<(String, Fetched<String>)> = futures::stream::iter(arns)
        .map(|arn| {
            let client = client.clone();
            async move {
                let doc = document(&client, at, &arn).await;
                (arn, doc)
            }
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    read.into_iter()
        .inspect(|(_, d)| crate::util::keep(d, errors))
        .collect()
}

/// The ARN of a customer-managed policy named by `path + name` in `account`.
pub(crate) fn customer_arn(partition: &str, account: &str, path_and_name: &str) -> String {
    let rest = if path_and_name.starts_with('/') {
        path_and_name.to_string()
    } else {
        format!("/{path_and_name}")
    };
    format!("arn:{partition}:iam::{account}:policy{rest}")
}

/// GetPolicy, then GetPolicyVersion of its default version: the document, decoded.
async fn document(client: &aws_sdk_iam::Client, at: At<'_>, arn: &str) -> Fetched<String> {
    let result = client.get_policy().policy_arn(arn).send().await;
    let version = match at.read(op::GET_POLICY, Some(arn), result, |out| {
        out.policy()
            .and_then(|p| p.default_version_id())
            .map(str::to_string)
            .ok_or(Missing("Policy.DefaultVersionId"))
    }) {
        Fetched::Ok(v) => v,
        Fetched::Error(e) => return Fetched::Error(e),
    };
    let result = client
        .get_policy_version()
        .policy_arn(arn)
        .version_id(&version)
        .send()
        .await;
    at.read(op::GET_POLICY_VERSION, Some(arn), result, |out| {
        out.policy_version()
            .and_then(|v| v.document())
            .map(decode)
            .ok_or(Missing("PolicyVersion.Document"))
    })
}

/// The document as GetPolicyVersion returns it, URL-encoded (RFC 3986), decoded. A document
/// already in JSON (it starts with `{`: an encoded one starts with `%7B`) is kept as is.
pub(crate) fn decode(text: &str) -> String {
    if text.trim_start().starts_with('{') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// IAM API Reference, "PolicyVersion": the document is URL-encoded (RFC 3986).
    #[test]
    fn policy_documents_are_url_decoded() {
        assert_eq!(
            decode("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"),
            r#"{"Version":"2012-10-17","Statement":[]}"#
        );
        // Multi-byte UTF-8 (a Japanese Sid) and a stray percent sign survive.
        assert_eq!(decode("%E7%9B%A3%E6%9F%BB%25x%"), "監査%x%");
        assert_eq!(decode("%7B%2"), "{%2");
        // Already JSON: kept, whatever percent signs it holds.
        assert_eq!(decode(r#"{"Sid":"100%41"}"#), r#"{"Sid":"100%41"}"#);
    }

    #[test]
    fn customer_policy_arns_keep_their_path() {
        assert_eq!(
            customer_arn("aws-us-gov", "111122223333", "/team/Ops"),
            "arn:aws-us-gov:iam::111122223333:policy/team/Ops"
        );
        assert_eq!(
            customer_arn("aws", "111122223333", "Ops"),
            "arn:aws:iam::111122223333:policy/Ops"
        );
    }
}
