//! The data-event coverage engine on arbitrary selectors (JSON of the snapshot's `Selectors`):
//! never panics, and adding a selector never reduces coverage.
#![no_main]
use libfuzzer_sys::fuzz_target;
use orgaudit_model::cloudtrail::Selectors;
use orgaudit_rules::data_events::{selector_level, Direction, Level, Target};

fn rank(l: &Level) -> u8 {
    match l {
        Level::None => 0,
        Level::Partial(_) => 1,
        Level::Full => 2,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(selectors) = serde_json::from_slice::<Selectors>(data) else {
        return;
    };
    for target in [
        Target::S3Objects { bucket: "demo" },
        Target::S3Objects { bucket: "other" },
        Target::Lambda,
    ] {
        for dir in [Direction::Read, Direction::Write] {
            let all = selector_level(&selectors, target, dir);
            let _ = all.to_string();
            // Dropping the last selector can only narrow (or keep) the coverage.
            let mut fewer = selectors.clone();
            if fewer.advanced.pop().is_some() || fewer.basic.pop().is_some() {
                let less = selector_level(&fewer, target, dir);
                assert!(
                    rank(&less) <= rank(&all),
                    "removing a selector widened {all} to {less}"
                );
            }
        }
    }
});
