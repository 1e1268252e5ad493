//! The deployment recipes in `deploy/` call orgaudit with command lines this version accepts:
//! every invocation is extracted from the cron line, the systemd unit, the GitHub Actions
//! workflows and the ECS task definition, its variables given example values, and parsed with
//! the real command-line definition. (The linters for each format run in tests/deploy.rs.)

use super::Cli;
use clap::Parser;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Example values for the variables the recipes use. A variable not listed here fails the
/// test, so a new one cannot slip through unchecked.
const VARIABLES: &[(&str, &str)] = &[
    (
        "${ORGAUDIT_UPLOAD:+--upload \"$ORGAUDIT_UPLOAD\"}",
        "--upload \"s3://example-reports/orgaudit\"",
    ),
    ("$ORGAUDIT_REGIONS", "us-east-1,eu-west-1"),
    ("$SHARDS", "3"),
    ("$SHARD", "1"),
];

const SUBCOMMANDS: &[&str] = &[
    "audit", "collect", "merge", "report", "diff", "iam", "rules",
];

/// `orgaudit <subcommand> …` invocations in a shell-ish text file.
fn invocations(text: &str) -> Vec<Vec<String>> {
    let joined = text.replace("\\\n", " ");
    let mut out = Vec::new();
    for line in joined.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            let program = w.rsplit(['/', '=']).next().unwrap_or(w);
            if program == "orgaudit" && words.get(i + 1).is_some_and(|s| SUBCOMMANDS.contains(s)) {
                let rest = words[i..].join(" ");
                let rest = ["&&", ">>", "2>&1", "|", ";"]
                    .iter()
                    .fold(rest, |r, op| r.split(op).next().unwrap_or("").to_string());
                out.push(shell_words(&substitute(&rest)));
                break;
            }
        }
    }
    out
}

fn substitute(s: &str) -> String {
    let s = VARIABLES
        .iter()
        .fold(s.to_string(), |s, (var, value)| s.replace(var, value));
    assert!(!s.contains('$'), "a variable without an example value: {s}");
    s
}

/// Words of a command line, double quotes removed (the recipes use no other quoting).
fn shell_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words[0] = "orgaudit".into();
    words
}

fn accepted(file: &str, args: &[String]) {
    if let Err(e) = Cli::try_parse_from(args) {
        panic!("{file}: `{}` is refused:\n{e}", args.join(" "));
    }
}

#[test]
fn every_recipe_calls_orgaudit_with_arguments_it_accepts() {
    for (file, expected) in [
        ("deploy/cron/orgaudit.cron", 1),
        ("deploy/systemd/orgaudit.service", 1),
        ("deploy/github/orgaudit-nightly.yml", 1),
        ("deploy/github/orgaudit-sharded.yml", 3),
    ] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        let found = invocations(&text);
        assert_eq!(found.len(), expected, "{file}: {found:?}");
        for args in &found {
            accepted(file, args);
        }
    }
}

#[test]
fn the_scheduled_task_runs_an_accepted_command() {
    let file = "deploy/ecs/scheduled-audit.json";
    let template: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
    let command = template["Resources"]["TaskDefinition"]["Properties"]["ContainerDefinitions"][0]
        ["Command"]
        .as_array()
        .unwrap();
    let mut args = vec!["orgaudit".to_string()];
    for a in command {
        args.push(match a {
            serde_json::Value::String(s) => s.clone(),
            v if v["Ref"] == "Regions" => "us-east-1,eu-west-1".into(),
            v if v["Ref"] == "AuditRoleName" => "OrgAuditReadOnly".into(),
            v if v["Fn::Sub"].is_string() => "s3://example-reports/orgaudit".into(),
            v => panic!("{file}: no example value for {v}"),
        });
    }
    accepted(file, &args);
    assert!(args.contains(&"--upload".to_string()));
}

#[test]
fn the_extraction_sees_through_the_shell() {
    let found = invocations(
        "# orgaudit audit --not-this\n17 2 * * * set -a && . /etc/x && orgaudit audit --org \\\n  --out /r >> log 2>&1\n./orgaudit merge \"parts/a b.json\" -o s.json\n",
    );
    assert_eq!(
        found,
        vec![
            vec!["orgaudit", "audit", "--org", "--out", "/r"],
            vec!["orgaudit", "merge", "parts/a b.json", "-o", "s.json"],
        ]
    );
}

#[test]
fn the_cron_schedule_is_well_formed() {
    let text = std::fs::read_to_string(root().join("deploy/cron/orgaudit.cron")).unwrap();
    let entries: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.contains('='))
        .collect();
    assert_eq!(entries.len(), 1);
    let fields: Vec<&str> = entries[0].split_whitespace().take(5).collect();
    let ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
    for (field, (lo, hi)) in fields.iter().zip(ranges) {
        if *field == "*" {
            continue;
        }
        let n: u32 = field.parse().unwrap_or_else(|_| panic!("{field}"));
        assert!((lo..=hi).contains(&n), "{field}");
    }
    assert!(text.contains("CRON_TZ=UTC"));
}
