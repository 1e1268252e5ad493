//! The permission-set classifier on an arbitrary inline policy and boundary.
#![no_main]
use libfuzzer_sys::fuzz_target;
use orgaudit_rules::permissions::{classify, Attached, Boundary};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (inline, boundary) = text.split_once('\u{0}').unwrap_or((text, ""));
    let now = time::OffsetDateTime::UNIX_EPOCH;
    let mut attached = Attached {
        managed: Attached::managed_names(&["arn:aws:iam::aws:policy/ReadOnlyAccess"]),
        documents: vec![("inline".into(), Ok(inline))],
        boundary: None,
    };
    let _ = classify(&attached, now);
    if !boundary.is_empty() {
        attached.boundary = Some(Boundary::Document("boundary".into(), Ok(boundary)));
        let _ = classify(&attached, now);
    }
});
