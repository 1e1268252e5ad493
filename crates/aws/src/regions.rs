//! The regions of each partition, for validating `--regions` and as the fallback when an
//! account's enabled regions cannot be read.
//!
//! The authority for an account is `account:ListRegions` (Account Management API Reference,
//! "ListRegions"), which the collector calls for every account: these tables only check what
//! a user typed and name the regions that are always enabled. Regions launched before
//! 20 March 2019 are enabled by default and cannot be disabled; later ones are opt-in
//! (Account Management Reference Guide, "Enable or disable AWS Regions in your account").
//! The region lists per partition are those of the AWS General Reference / "AWS Regions" page.

/// The regions of the `aws` partition that are enabled in every account and cannot be
/// disabled (`ENABLED_BY_DEFAULT`).
pub const AWS_DEFAULT: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
];

/// The opt-in regions of the `aws` partition (disabled until the account enables them).
pub const AWS_OPT_IN: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
];

const CN: &[&str] = &["cn-north-1", "cn-northwest-1"];
const US_GOV: &[&str] = &["us-gov-west-1", "us-gov-east-1"];

/// The regions enabled by default in every account of `partition` (empty for a partition
/// orgaudit has no table for).
pub fn enabled_by_default(partition: &str) -> &'static [&'static str] {
    match partition {
        "aws" => AWS_DEFAULT,
        "aws-cn" => CN,
        "aws-us-gov" => US_GOV,
        _ => &[],
    }
}

/// Every region of `partition` that orgaudit knows of; `None` for a partition it has no
/// table for (the isolated partitions), where any name is accepted.
pub fn known(partition: &str) -> Option<Vec<&'static str>> {
    match partition {
        "aws" => Some(AWS_DEFAULT.iter().chain(AWS_OPT_IN).copied().collect()),
        "aws-cn" => Some(CN.to_vec()),
        "aws-us-gov" => Some(US_GOV.to_vec()),
        _ => None,
    }
}

/// The partition a region name belongs to, from its prefix.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("eu-isoe-") {
        "aws-iso-e"
    } else if region.starts_with("us-isof-") {
        "aws-iso-f"
    } else {
        "aws"
    }
}

/// Why a `--regions` list cannot be used in `partition`, with the closest known name for each
/// unknown one; `Ok` when every name is a region of the partition.
pub fn check(partition: &str, regions: &[String]) -> Result<(), String> {
    let Some(known) = known(partition) else {
        return Ok(());
    };
    let mut problems = Vec::new();
    for r in regions {
        if known.contains(&r.as_str()) {
            continue;
        }
        let other = partition_of(r);
        if other != partition && self::known(other).is_some_and(|k| k.contains(&r.as_str())) {
            problems.push(format!(
                "{r} is a region of the {other} partition, and the credentials are in {partition}"
            ));
            continue;
        }
        let closest = known
            .iter()
            .map(|k| (distance(r, k), *k))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, k)| format!(" (did you mean {k}?)"))
            .unwrap_or_default();
        problems.push(format!(
            "{r} is not a region of the {partition} partition{closest}"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Levenshtein distance, for "did you mean" suggestions (regions here, practice ids in the
/// binary's flags).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != *cb));
            prev = here;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Enable or disable AWS Regions in your account": 17 regions predate opt-in in `aws`.
    #[test]
    fn the_aws_partition_has_seventeen_default_and_seventeen_opt_in_regions() {
        assert_eq!(AWS_DEFAULT.len(), 17);
        assert_eq!(AWS_OPT_IN.len(), 17);
        assert!(AWS_DEFAULT.iter().all(|r| !AWS_OPT_IN.contains(r)));
        assert_eq!(known("aws").map(|k| k.len()), Some(34));
    }

    #[test]
    fn a_typo_is_refused_with_the_closest_region() {
        let e = check("aws", &["ap-northeast-1".into(), "eu-wset-1".into()]).unwrap_err();
        assert!(e.contains("eu-wset-1 is not a region"), "{e}");
        assert!(e.contains("did you mean eu-west-1?"), "{e}");
        assert!(!e.contains("ap-northeast-1"), "{e}");
        let e = check("aws", &["mars-north-1".into()]).unwrap_err();
        assert!(!e.contains("did you mean"), "{e}");
    }

    #[test]
    fn a_region_of_another_partition_is_named_as_such() {
        let e = check("aws", &["us-gov-west-1".into()]).unwrap_err();
        assert!(e.contains("aws-us-gov partition"), "{e}");
        assert!(check("aws-us-gov", &["us-gov-east-1".into()]).is_ok());
        assert!(check("aws-cn", &["cn-north-1".into()]).is_ok());
        assert!(check("aws-cn", &["us-east-1".into()]).is_err());
    }

    #[test]
    fn isolated_partitions_accept_any_name() {
        assert!(check("aws-iso", &["us-iso-east-1".into()]).is_ok());
        assert_eq!(partition_of("us-isob-east-1"), "aws-iso-b");
    }
}
