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
    // Printed, the report is its summary: a few pages, not the whole catalogue and every
    // finding (it was 35 pages before the print stylesheet).
    let pdf = artifacts.join("report-demo.pdf");
    let pages = browser::printed_pages(&url, &pdf, &profile).unwrap_or_else(|e| panic!("{e}"));
    assert!((1..=6).contains(&pages), "{pages} printed pages");
    let _ = std::fs::remove_dir_all(&out);
}
