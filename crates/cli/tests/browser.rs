//! The demo's HTML report in headless Chromium, as a person would see it: it loads without a
//! console message (no script error, no Content-Security-Policy violation), the filters really
//! filter, and a screenshot is kept as an artifact (target/artifacts/report-demo.png).

mod common;
use common::*;
use orgaudit_testkit::browser;

fn attr(dom: &str, name: &str) -> Option<usize> {
    let key = format!("{name}=\"");
    let start = dom.find(&key)? + key.len();
    dom[start..].split('"').next()?.parse().ok()
}

#[test]
fn the_demo_report_loads_filters_and_renders() {
    let out = tempdir("browser");
    let run = orgaudit()
        .args(["audit", "--org", "--demo", "--no-progress", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", describe(&run));
    let dir = latest_run(&out);
    let doc = findings(&dir);
    let all = doc["findings"].as_array().unwrap();
    let count = |keep: &dyn Fn(&serde_json::Value) -> bool| all.iter().filter(|f| keep(f)).count();
    let page = dir.join("report.html").canonicalize().unwrap();
    let url = format!("file://{}", page.display());
    let profile = out.join("chromium-profile");

    let plain = browser::load(&url, &profile).unwrap_or_else(|e| panic!("{e}"));
    assert!(plain.console.is_empty(), "console: {:#?}", plain.console);
    assert_eq!(attr(&plain.dom, "data-ready"), Some(1), "the script ran");
    assert!(
        plain.dom.contains("<div class=\"fix\">How to fix: "),
        "remediation in the rows"
    );
    assert_eq!(attr(&plain.dom, "data-matches"), Some(all.len()));
    assert_eq!(
        attr(&plain.dom, "data-rendered"),
        Some(100),
        "one page of 100 rows"
    );

    // Filters in the URL fragment, readable: names, practice ids, account ids, lists.
    let dev_app = all.iter().find(|f| f["account_name"] == "dev-app").unwrap()["account_id"]
        .as_str()
        .unwrap()
        .to_string();
    let dev_filter = format!("account={dev_app}&status=fail");
    let cases: Vec<(&str, usize)> = vec![
        ("severity=critical", count(&|f| f["severity"] == "critical")),
        (
            "severity=critical,high&status=fail",
            count(&|f| {
                (f["severity"] == "critical" || f["severity"] == "high")
                    && f["status"] == "fail"
                    && f["suppressed"].is_null()
            }),
        ),
        (
            "status=fail&service=S3",
            count(&|f| f["status"] == "fail" && f["service"] == "s3" && f["suppressed"].is_null()),
        ),
        ("practice=S3.6", count(&|f| f["rule_id"] == "S3.6")),
        (
            &dev_filter,
            count(&|f| {
                f["account_id"] == dev_app.as_str()
                    && f["status"] == "fail"
                    && f["suppressed"].is_null()
            }),
        ),
        (
            "q=dev-app",
            count(&|f| {
                f["account_name"] == "dev-app"
                    || f["resource"].as_str().unwrap().contains("dev-app")
                    || f["resource_name"]
                        .as_str()
                        .is_some_and(|n| n.contains("dev-app"))
                    || f["observed"].as_str().unwrap().contains("dev-app")
                    || f["expected"].as_str().unwrap().contains("dev-app")
            }),
        ),
    ];
    for (filter, want) in cases {
        assert!(
            want > 0 && want < all.len(),
            "{filter}: the case must filter something"
        );
        let p =
            browser::load(&format!("{url}#{filter}"), &profile).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.console.is_empty(), "{filter}: console: {:#?}", p.console);
        assert_eq!(attr(&p.dom, "data-matches"), Some(want), "{filter}");
        // The export link exports exactly the filtered view.
        assert_eq!(attr(&p.dom, "data-rows"), Some(want), "{filter}: export");
        assert_eq!(
            attr(&p.dom, "data-rendered"),
            Some(want.min(100)),
            "{filter}"
        );
    }

    // Sorting by a column, from the URL as a header click writes it.
    let first_severity = |hash: &str| -> String {
        let p = browser::load(&format!("{url}#{hash}"), &profile).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.console.is_empty(), "{hash}: console: {:#?}", p.console);
        let body = p
            .dom
            .split("id=\"findings-body\"")
            .nth(1)
            .unwrap_or_default();
        body.split("badge sev-")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(first_severity("sort=severity"), "critical");
    let least = first_severity("sort=-severity");
    assert!(["low", "info"].contains(&least.as_str()), "{least}");
    assert_eq!(first_severity("status=fail&sort=severity"), "critical");

    let artifacts = orgaudit_testkit::workspace_root().join("target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let png = artifacts.join("report-demo.png");
    let _ = std::fs::remove_file(&png);
    // The page from its top (headless screenshots of a scrolled page come out blank).
    browser::screenshot(&url, &png, &profile).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        std::fs::metadata(&png).unwrap().len() > 20_000,
        "a real picture"
    );
    // The filtered view as a person sees it: critical and high failures, the table reached.
    let filtered = artifacts.join("report-demo-filtered.png");
    browser::screenshot_sized(
        &format!("{url}#severity=critical,high&status=fail"),
        &filtered,
        &profile,
        (1400, 9000),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(std::fs::metadata(&filtered).unwrap().len() > 20_000);
    // Printed, the report is its summary: a few pages, not the whole catalogue and every
    // finding (it was 35 pages before the print stylesheet).
    let pdf = artifacts.join("report-demo.pdf");
    let pages = browser::printed_pages(&url, &pdf, &profile).unwrap_or_else(|e| panic!("{e}"));
    assert!((1..=6).contains(&pages), "{pages} printed pages");
    let _ = std::fs::remove_dir_all(&out);
}

/// The Japanese report as a Japanese reader sees it: no console message, the report's own
/// strings, the practices and the findings' observed and expected texts in Japanese (the
/// rules' messages rendered per language), and screenshots of the summary and of a filtered
/// view kept as artifacts (target/artifacts/report-demo-ja*.png; Japanese fonts are installed
/// by .ci/run).
#[test]
fn the_japanese_report_reads_in_japanese() {
    let out = tempdir("browser-ja");
    let run = orgaudit()
        .args([
            "audit",
            "--org",
            "--demo",
            "--no-progress",
            "--lang",
            "ja",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", describe(&run));
    let dir = latest_run(&out);
    let page = dir.join("report.html").canonicalize().unwrap();
    let url = format!("file://{}", page.display());
    let profile = out.join("chromium-profile");
    let filter = "severity=critical,high&status=fail";
    let p = browser::load(&format!("{url}#{filter}"), &profile).unwrap_or_else(|e| panic!("{e}"));
    assert!(p.console.is_empty(), "console: {:#?}", p.console);
    assert_eq!(attr(&p.dom, "data-ready"), Some(1), "the script ran");
    // The filters show the URL's state: severity and status are check boxes, several at once.
    for checked in ["critical", "high", "fail"] {
        assert!(
            p.dom.contains(&format!("value=\"{checked}\" checked=\"\"")),
            "{checked} is checked"
        );
    }
    assert!(!p.dom.contains("value=\"medium\" checked"), "medium is not");
    for ja in [
        "検出結果",
        "表示中の検出結果を CSV にエクスポート",
        "あるべき姿",
        "現状",
    ] {
        assert!(p.dom.contains(ja), "{ja}");
    }
    // Observed texts in Japanese: in the static rows and in the rows the script renders.
    let rows = p
        .dom
        .split("id=\"findings-body\"")
        .nth(1)
        .unwrap_or_default();
    let observed: Vec<&str> = rows
        .split("class=\"obs\">")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .collect();
    assert!(!observed.is_empty());
    let japanese = |s: &str| {
        s.chars().any(|c| {
            ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c)
        })
    };
    let in_japanese = observed.iter().filter(|o| japanese(o)).count();
    assert_eq!(
        in_japanese,
        observed.len(),
        "every observed text of the filtered view reads in Japanese: {:?}",
        observed.iter().filter(|o| !japanese(o)).collect::<Vec<_>>()
    );
    let artifacts = orgaudit_testkit::workspace_root().join("target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    for (name, hash, size) in [
        ("report-demo-ja.png", "", (1400, 3000)),
        ("report-demo-ja-filtered.png", filter, (1400, 9000)),
    ] {
        let png = artifacts.join(name);
        let _ = std::fs::remove_file(&png);
        browser::screenshot_sized(&format!("{url}#{hash}"), &png, &profile, size)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(std::fs::metadata(&png).unwrap().len() > 20_000, "{name}");
    }
    let _ = std::fs::remove_dir_all(&out);
}
