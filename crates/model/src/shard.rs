//! Sharded collection: which slice of the organization's accounts one worker reads.
//!
//! An account belongs to shard `fnv1a64(account id) mod count`. The hash of the id alone
//! decides, so every worker agrees on the slices without talking to the others, and an account
//! keeps its shard when others join or leave the organization. Organization-wide data (the OU
//! tree, SCPs, Identity Center) is read once, by shard 0.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// More shards than this is a typing mistake, not a deployment.
pub const MAX_SHARDS: u32 = 10_000;

/// Shard `index` of `count` (0-based: `0/3`, `1/3`, `2/3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 || count > MAX_SHARDS {
            return Err(format!(
                "the shard count must be between 1 and {MAX_SHARDS}, not {count}"
            ));
        }
        if index >= count {
            return Err(format!(
                "shard {index}/{count} does not exist: shards are numbered 0 to {} (0-based, as \
                 AWS Batch's AWS_BATCH_JOB_ARRAY_INDEX)",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }

    /// The shard an account belongs to, out of `count`.
    pub fn of(account_id: &str, count: u32) -> u32 {
        (fnv1a64(account_id.as_bytes()) % u64::from(count.max(1))) as u32
    }

    /// Whether this shard collects the account.
    pub fn owns(&self, account_id: &str) -> bool {
        Shard::of(account_id, self.count) == self.index
    }

    /// The shard that also reads the organization-wide data.
    pub fn is_first(&self) -> bool {
        self.index == 0
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a shard: write INDEX/COUNT, e.g. 0/3");
        let (i, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let index = i.trim().parse().map_err(|_| bad())?;
        let count = n.trim().parse().map_err(|_| bad())?;
        Shard::new(index, count)
    }
}

/// FNV-1a, 64 bits: tiny, stable across platforms and releases, good enough spread for ids.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// What a merged snapshot keeps of each shard run it was joined from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardRun {
    pub shard: Shard,
    pub started_at: String,
    pub finished_at: String,
    pub caller_arn: String,
    pub accounts: usize,
    pub api_calls: u64,
    pub retries: u64,
    pub errors: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_index_over_count() {
        assert_eq!("1/3".parse::<Shard>(), Ok(Shard { index: 1, count: 3 }));
        assert_eq!(" 0 / 1 ".parse::<Shard>(), Ok(Shard { index: 0, count: 1 }));
        for bad in ["3/3", "1/0", "-1/3", "1", "a/b", "1/3/4", "", "0/10001"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad} parsed");
        }
        assert!("3/3".parse::<Shard>().unwrap_err().contains("0 to 2"));
    }

    #[test]
    fn every_account_has_exactly_one_shard() {
        let ids: Vec<String> = (0..3000u64)
            .map(|i| format!("{:012}", 100_000_000_000 + i * 7919))
            .collect();
        for count in [1, 2, 3, 7, 64] {
            let mut sizes = vec![0usize; count as usize];
            for id in &ids {
                let owners: Vec<u32> = (0..count)
                    .filter(|&i| Shard::new(i, count).unwrap().owns(id))
                    .collect();
                assert_eq!(owners.len(), 1, "{id} in {owners:?} of {count}");
                sizes[owners[0] as usize] += 1;
            }
            // A usable spread: no shard holds more than twice its fair share.
            let fair = ids.len() / count as usize;
            assert!(
                sizes.iter().all(|&s| s <= 2 * fair && s > 0),
                "{count}: {sizes:?}"
            );
        }
    }

    #[test]
    fn assignment_is_fixed_forever() {
        // Workers of different releases must agree: these values are part of the format.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            Shard::of("111111111111", 3),
            (fnv1a64(b"111111111111") % 3) as u32
        );
    }
}
