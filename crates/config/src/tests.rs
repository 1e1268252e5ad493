use super::*;
use orgaudit_rules::Catalogue;

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
    assert!(s.rules.is_empty() && s.exceptions.is_empty());
    let c = Catalogue::build(s).unwrap();
    let s3_3 = c.get("S3.3").unwrap();
    assert_eq!(s3_3.param("require_kms"), Some(&ParamValue::Bool(false)));
    let sso_5 = c.get("SSO.5").unwrap();
    assert_eq!(
        sso_5.param("elevated_max_session"),
        Some(&ParamValue::Duration(3600))
    );
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
    let e = &s.exceptions[0].clone();
    let c = Catalogue::build(s).unwrap();
    assert!(!c.get("S3.8").unwrap().enabled && c.get("S3.1").unwrap().enabled);
    assert_eq!(
        c.get("S3.3").unwrap().param("require_kms"),
        Some(&ParamValue::Bool(true))
    );
    assert_eq!(c.severity("S3.3"), Some(Severity::High));
    let sso_5 = c.get("SSO.5").unwrap();
    assert_eq!(
        (
            sso_5.param("elevated_max_session"),
            sso_5.param("any_max_session")
        ),
        (
            Some(&ParamValue::Duration(1800)),
            Some(&ParamValue::Duration(4 * 3600))
        )
    );
    assert_eq!(
        c.get("SSO.2")
            .unwrap()
            .param("allowed_admin_permission_sets"),
        Some(&ParamValue::Patterns(vec!["BreakGlass*".into()]))
    );
    assert!(
        matches!(c.get("CT.3").unwrap().param("required_buckets"), Some(ParamValue::Patterns(p)) if p.len() == 2)
    );
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
    let c = Catalogue::build(s).unwrap();
    assert_eq!(
        c.get("S3.3").unwrap().param("require_kms"),
        Some(&ParamValue::Bool(true))
    );
}

#[test]
fn mistakes_name_file_line_and_column() {
    let cases: &[(&str, &str)] = &[
        ("[rules.\"S3.1\"\nenabled = true", "conf/orgaudit.toml:1:"),
        ("\n\n[rules.\"S3.99\"]\nenabled = false\n", "conf/orgaudit.toml:3:1: unknown rule `S3.99`"),
        ("[rules.\"S3.1\"]\nenabeld = false\n", "conf/orgaudit.toml:2:11: unknown key `enabeld` (S3.1 takes `enabled` and `severity` only)"),
        ("[rules.\"S3.3\"]\nrequire_kms = \"yes\"\n", "conf/orgaudit.toml:2:15: `require_kms` takes true or false, not string"),
        ("[rules.\"SSO.5\"]\nany_max_session = \"PT9999999999999999H\"\n", "conf/orgaudit.toml:2:19: `PT9999999999999999H` is not an ISO 8601 duration"),
        ("[rules.\"SSO.5\"]\nany_max_sesion = \"PT1H\"\n", "unknown key `any_max_sesion` (SSO.5 takes `enabled`, `severity`, `elevated_max_session`, `any_max_session`)"),
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

/// Every parameter the rules declare can be set, with a value of its kind, from a file.
#[test]
fn every_declared_parameter_is_accepted() {
    for r in orgaudit_rules::registered() {
        let m = r.meta();
        for p in m.params {
            let value = match p.kind {
                ParamKind::Bool => "true".to_string(),
                ParamKind::Duration => "\"PT2H\"".to_string(),
                ParamKind::Patterns => "[\"x-*\"]".to_string(),
            };
            let text = format!("[rules.\"{}\"]\n{} = {value}\n", m.id, p.name);
            let s = ok(&text);
            assert!(s.rules[m.id].params.contains_key(p.name), "{text}");
        }
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
