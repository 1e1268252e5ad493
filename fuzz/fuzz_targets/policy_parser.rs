//! The IAM policy parser on arbitrary bytes: never panics; what it accepts can be matched.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = orgaudit_policy::PolicyDocument::parse(text) {
        for s in &doc.statements {
            let _ = s.label();
            let _ = s.matches_action("s3:GetObject");
            let _ = s.matches_action("iam:CreateUser");
            let _ = s.matches_resource("arn:aws:s3:::bucket/key");
            let _ = s.covers_all_resources();
            let _ = s.all_strings();
        }
    }
    let _ = orgaudit_policy::wildcard_match(text, "organizations:LeaveOrganization", true);
});
