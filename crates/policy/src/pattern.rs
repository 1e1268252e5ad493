//! IAM wildcard matching.
//!
//! - Globs (`Action`, `Resource`, `StringLike`): `*` matches any run of characters (including
//!   none), `?` exactly one (IAM User Guide, "IAM JSON policy elements: Resource", section
//!   "Including wildcard characters in the resource ARN"; "Condition operators", section
//!   "String condition operators").
//! - ARNs in `ArnEquals`/`ArnLike` conditions: "each of the six colon-delimited components of
//!   the ARN is checked separately", so a wildcard never spans a colon between components
//!   (IAM User Guide, "Condition operators", section "Amazon Resource Name (ARN) condition
//!   operators"). The sixth component (the resource) keeps any further colons.
//!
//! Linear-time greedy algorithm with one backtrack point, so hostile patterns such as
//! `*a*a*a*a*b` against long strings cannot blow up. ASCII strings (every action and almost
//! every ARN) are compared byte by byte without allocating.

/// Glob match; `case_insensitive` for actions and `StringEqualsIgnoreCase`-like uses.
pub fn wildcard_match(pattern: &str, value: &str, case_insensitive: bool) -> bool {
    if pattern.is_ascii() && value.is_ascii() {
        let eq = |a: u8, b: u8| {
            if case_insensitive {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        };
        return glob(pattern.as_bytes(), value.as_bytes(), eq);
    }
    let norm = |s: &str| -> Vec<char> {
        if case_insensitive {
            s.chars().flat_map(char::to_lowercase).collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, v) = (norm(pattern), norm(value));
    glob(&p, &v, |a, b| a == b)
}

/// Does `pattern` hold a wildcard (`*` or `?`)?
pub fn has_wildcard(pattern: &str) -> bool {
    pattern.contains(['*', '?'])
}

trait Glyph: Copy + PartialEq {
    const STAR: Self;
    const ANY: Self;
}

impl Glyph for u8 {
    const STAR: u8 = b'*';
    const ANY: u8 = b'?';
}

impl Glyph for char {
    const STAR: char = '*';
    const ANY: char = '?';
}

fn glob<T: Glyph>(p: &[T], v: &[T], eq: impl Fn(T, T) -> bool) -> bool {
    let (mut pi, mut vi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() && p[pi] != T::STAR && (p[pi] == T::ANY || eq(p[pi], v[vi])) {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == T::STAR {
            star = Some((pi, vi));
            pi += 1;
        } else if let Some((sp, sv)) = star {
            pi = sp + 1;
            vi = sv + 1;
            star = Some((sp, sv + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == T::STAR)
}

/// ARN matching as `ArnLike`/`ArnEquals` do it: six components, each a case-sensitive glob.
/// When either side has fewer than six components, they match only if neither is an ARN and
/// the whole strings match.
pub fn arn_match(pattern: &str, value: &str) -> bool {
    match (split_arn(pattern), split_arn(value)) {
        (Some(p), Some(v)) => p
            .iter()
            .zip(v.iter())
            .all(|(p, v)| wildcard_match(p, v, false)),
        (None, None) => wildcard_match(pattern, value, false),
        _ => false,
    }
}

/// `arn:partition:service:region:account:resource` → its six components.
pub fn split_arn(arn: &str) -> Option<[&str; 6]> {
    let mut it = arn.splitn(6, ':');
    let parts = [
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
    ];
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::{arn_match, wildcard_match};

    #[test]
    fn table() {
        let cases: &[(&str, &str, bool, bool)] = &[
            ("*", "anything", false, true),
            ("*", "", false, true),
            ("s3:*", "s3:GetObject", true, true),
            ("s3:*", "s3control:GetPublicAccessBlock", true, false),
            ("s3*", "s3control:GetPublicAccessBlock", true, true),
            ("cloudtrail:Stop*", "cloudtrail:StopLogging", true, true),
            ("cloudtrail:stop*", "CloudTrail:StopLogging", true, true),
            ("cloudtrail:stop*", "CloudTrail:StopLogging", false, false),
            ("iam:?etRole", "iam:GetRole", true, true),
            ("iam:?etRole", "iam:GGetRole", true, false),
            ("arn:aws:s3:::b/*", "arn:aws:s3:::b/", false, true),
            ("arn:aws:s3:::b/*", "arn:aws:s3:::b", false, false),
            ("*a*a*a*a*a*a*b", &"a".repeat(4000), false, false),
            ("a*b*c", "aXXbYYc", false, true),
            ("a*b*c", "aXXbYY", false, false),
            ("?", "", false, false),
            ("バケット*", "バケット-1", false, true),
            ("?ケット", "バケット", false, true),
            ("??ケット", "バケット", false, false),
        ];
        for &(p, v, ci, want) in cases {
            assert_eq!(wildcard_match(p, v, ci), want, "{p} vs {v} (ci={ci})");
        }
    }

    /// IAM User Guide, "Condition operators", "Amazon Resource Name (ARN) condition operators":
    /// each of the six colon-delimited components is matched separately.
    #[test]
    fn arn_like_matches_component_by_component() {
        let cases: &[(&str, &str, bool)] = &[
            (
                "arn:aws:iam::*:role/Admin",
                "arn:aws:iam::111122223333:role/Admin",
                true,
            ),
            (
                "arn:aws:iam::*",
                "arn:aws:iam::111122223333:role/Admin",
                false,
            ),
            (
                "arn:aws:iam::*:*",
                "arn:aws:iam::111122223333:role/Admin",
                true,
            ),
            ("arn:*:iam::*:role/*", "arn:aws-cn:iam::1:role/a/b", true),
            (
                "arn:aws:sns:*:*:topic:sub",
                "arn:aws:sns:us-east-1:1:topic:sub",
                true,
            ),
            ("*", "arn:aws:iam::1:role/x", false),
            ("*", "not-an-arn", true),
            ("arn:aws:iam::1:role/x", "arn:aws:iam::1:role/X", false),
        ];
        for &(p, v, want) in cases {
            assert_eq!(arn_match(p, v), want, "{p} vs {v}");
        }
    }
}
