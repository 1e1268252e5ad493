//! `findings.json` against its published JSON Schema (`docs/findings.schema.json`), checked by
//! an independent validator (Python's `jsonschema`, draft 2020-12, from the test venv): the
//! demo audit in Japanese, and a second one compared with a changed first run, whose drift
//! section lists changes.

mod common;
use common::*;
use std::path::Path;

fn schema_path() -> std::path::PathBuf {
    orgaudit_testkit::workspace_root().join("docs/findings.schema.json")
}

/// Validate a document; the validator's messages on failure.
fn validate(doc: &Path) -> Result<(), String> {
    let python = orgaudit_testkit::venv_bin("python");
    assert!(
        python.exists(),
        "{} is missing: run the tests with `cargo xtask test` (it installs jsonschema)",
        python.display()
    );
    let check = r#"
import json, sys
from jsonschema import Draft202012Validator as V
schema = json.load(open(sys.argv[1], encoding="utf-8"))
V.check_schema(schema)
doc = json.load(open(sys.argv[2], encoding="utf-8"))
errors = sorted(V(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
for e in errors[:20]:
    print("/".join(map(str, e.absolute_path)), e.message)
sys.exit(1 if errors else 0)
"#;
    let out = std::process::Command::new(python)
        .args(["-c", check])
        .arg(schema_path())
        .arg(doc)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn findings_json_follows_the_published_schema() {
    let out = tempdir("schema");
    let first = demo_audit(&out, &["--lang", "ja"]);
    assert_eq!(first.status.code(), Some(0), "{}", describe(&first));
    let run = std::fs::canonicalize(latest_run(&out)).unwrap();
    validate(&run.join("findings.json")).unwrap_or_else(|e| panic!("the demo run: {e}"));

    // The previous run as if every bucket's versioning had been suspended then: the next
    // demo run compares itself with it, so its drift section lists settings and findings.
    let stored = run.join("snapshot.json");
    let mut snapshot: serde_json::Value = json(&stored);
    let mut changed = 0;
    for account in snapshot["s3"].as_array_mut().unwrap() {
        for bucket in account["buckets"]["ok"].as_array_mut().unwrap() {
            if let Some(v) = bucket["versioning"]["ok"].as_object_mut() {
                v.insert("status".into(), "Suspended".into());
                changed += 1;
            }
        }
    }
    assert!(changed > 0);
    std::fs::write(&stored, serde_json::to_vec(&snapshot).unwrap()).unwrap();
    let again = demo_audit(&out, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", describe(&again));
    let second = std::fs::canonicalize(latest_run(&out)).unwrap();
    assert_ne!(second, run);
    let doc = json(&second.join("findings.json"));
    assert!(
        !doc["drift"]["settings"].as_array().unwrap().is_empty(),
        "a drift section with changes: {}",
        doc["drift"]
    );
    validate(&second.join("findings.json")).unwrap_or_else(|e| panic!("the changed run: {e}"));

    // The validator is not a rubber stamp: a wrong status is refused.
    let mut broken = doc.clone();
    broken["findings"][0]["status"] = "maybe".into();
    let bad = out.join("broken.json");
    std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
    assert!(validate(&bad).is_err(), "an invalid document must fail");
}
