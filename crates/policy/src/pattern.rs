/// IAM wildcard matching: `*` matches any run of characters (including none), `?` exactly one.
/// Linear-time greedy algorithm with one backtrack point, so hostile patterns such as
/// `*a*a*a*a*b` against long strings cannot blow up.
pub fn wildcard_match(pattern: &str, value: &str, case_insensitive: bool) -> bool {
    let norm = |s: &str| -> Vec<char> {
        if case_insensitive {
            s.chars().flat_map(char::to_lowercase).collect()
        } else {
            s.chars().collect()
        }
    };
    let (p, v) = (norm(pattern), norm(value));
    let (mut pi, mut vi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == v[vi]) {
            pi += 1;
            vi += 1;
        } else if pi < p.len() && p[pi] == '*' {
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
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::wildcard_match;

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
        ];
        for &(p, v, ci, want) in cases {
            assert_eq!(wildcard_match(p, v, ci), want, "{p} vs {v} (ci={ci})");
        }
    }
}
