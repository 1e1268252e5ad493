use super::*;

fn ok(text: &str) -> Settings {
    parse(text, "orgaudit.toml", Settings::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn err(text: &str) -> String {
    parse(text, "conf/orgaudit.toml", Settings::default())
        .expect_err("should be refused")
        .to_string()
}

#[test]
fn empty_file_keeps_the_defaults() {
    let s = ok("");
    assert!(!s.s3_require_kms);
    assert_eq!(s.sso_elevated_max_secs, 3600);
    assert!(s.rules.is_empty() && s.exceptions.is_empty());
}

#[test]
fn rules_parameters_and_exceptions() {
    let s = ok(r#"
# comment
[rules."S3.8"]
enabled = false

[rules."S3.3"]
require_kms = true
severity = "HIGH"

[rules."SSO.5"]
elevated_max_session = "PT30M"
any_max_session = "PT4H"

[rules."SSO.2"]
allowed_admin_permission_sets = ["BreakGlass*"]

[rules."CT.3"]
required_buckets = ["*-sensitive", "payroll"]

[[exceptions]]
rule = "s3.*"
resource = "arn:aws:s3:::scratch-*"
account = "123456789012"
reason = "CI buckets, recreated daily"
expires = 2027-03-31
"#);
    assert!(!s.is_enabled("S3.8") && s.is_enabled("S3.1"));
    assert!(s.s3_require_kms);
    assert_eq!(s.rules["S3.3"].severity, Some(Severity::High));
    assert_eq!(
        (s.sso_elevated_max_secs, s.sso_any_max_secs),
        (1800, 4 * 3600)
    );
    assert_eq!(s.sso_allowed_admin_sets, ["BreakGlass*"]);
    assert_eq!(s.ct_read_required_buckets.len(), 2);
    let e = &s.exceptions[0];
    assert_eq!(e.expires.to_string(), "2027-03-31");
    assert_eq!(e.account_id.as_deref(), Some("123456789012"));
    assert_eq!(e.origin, "orgaudit.toml:20", "the [[exceptions]] line");
}

#[test]
fn strict_base_survives_a_file_that_does_not_mention_it() {
    let s = parse(
        "[rules.\"S3.1\"]\nenabled = true\n",
        "x",
        Settings::strict(),
    )
    .unwrap();
    assert!(s.s3_require_kms);
}

#[test]
fn mistakes_name_file_line_and_column() {
    let cases: &[(&str, &str)] = &[
        ("[rules.\"S3.1\"\nenabled = true", "conf/orgaudit.toml:1:"),
        ("\n\n[rules.\"S3.99\"]\nenabled = false\n", "conf/orgaudit.toml:3:1: unknown rule `S3.99`"),
        ("[rules.\"S3.1\"]\nenabeld = false\n", "conf/orgaudit.toml:2:1: unknown field `enabeld`"),
        ("[rules.\"S3.1\"]\nseverity = \"severe\"\n", "conf/orgaudit.toml:2:12: unknown severity `severe`"),
        ("[rules.\"S3.1\"]\nrequire_kms = true\n", "conf/orgaudit.toml:2:15: `require_kms` is a parameter of S3.3, not of S3.1"),
        ("[rules.\"SSO.5\"]\nany_max_session = \"8 hours\"\n", "conf/orgaudit.toml:2:19: `8 hours` is not an ISO 8601 duration"),
        ("[rules.\"CT.3\"]\nrequired_buckets = [\"a\", \" \"]\n", "conf/orgaudit.toml:2:20: empty pattern"),
        ("[[exceptions]]\nrule = \"XX.1\"\nresource = \"*\"\nreason = \"r\"\nexpires = 2027-01-01\n", "conf/orgaudit.toml:2:8: exception for `XX.1`, which names no rule"),
        ("[[exceptions]]\nrule = \"S3.1\"\nresource = \"*\"\nreason = \" \"\nexpires = 2027-01-01\n", "conf/orgaudit.toml:4:10: an exception needs a reason"),
        ("[[exceptions]]\nrule = \"S3.1\"\nresource = \"*\"\nreason = \"r\"\nexpires = \"2027-01-01\"\n", "conf/orgaudit.toml:5:"),
        ("[[exceptions]]\nrule = \"S3.1\"\nresource = \"*\"\nreason = \"r\"\nexpires = 2027-01-01T00:00:00Z\n", "conf/orgaudit.toml:5:11: `expires` takes a date"),
        ("[[exceptions]]\nrule = \"S3.1\"\nresource = \"*\"\nreason = \"r\"\n", "missing field `expires`"),
        ("[[exceptions]]\nrule = \"S3.1\"\nresource = \"\"\nreason = \"r\"\nexpires = 2027-01-01\n", "conf/orgaudit.toml:3:12: an exception needs a resource pattern"),
    ];
    for (text, want) in cases {
        let got = err(text);
        assert!(
            got.contains(want),
            "for {text:?}\n  got:  {got}\n  want: {want}"
        );
    }
}

#[test]
fn every_parameter_is_documented_and_owned_by_a_real_rule() {
    for (key, owner, doc) in PARAMETERS {
        assert!(orgaudit_rules::meta(owner).is_some(), "{key}: {owner}");
        assert!(!doc.is_empty());
    }
}

#[test]
fn the_example_file_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../orgaudit.example.toml");
    let s = load(&path, Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!s.exceptions.is_empty());
    assert!(!s.rules.is_empty());
}

#[test]
fn unreadable_file_is_a_clear_error() {
    let e = load(Path::new("/nonexistent/orgaudit.toml"), Settings::default()).unwrap_err();
    assert!(e
        .to_string()
        .starts_with("cannot read the configuration /nonexistent/orgaudit.toml"));
}
