//! The bucket-policy analyser (public grants, TLS enforcement) on arbitrary text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(a) = orgaudit_rules::bucket_policy::analyse(text, "arn:aws:s3:::demo") {
        let _ = a.is_public();
        let _ = a.tls_enforced();
        let _ = a.public_grants();
    }
});
