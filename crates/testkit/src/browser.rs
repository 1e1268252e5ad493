//! Headless Chromium, for testing the HTML report as a person would see it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The browser: `$ORGAUDIT_CHROMIUM`, else `chromium` or `chromium-browser` on the PATH.
/// Missing is an error with the fix, never a reason to skip.
pub fn chromium() -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var("ORGAUDIT_CHROMIUM") {
        return Ok(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(
        "headless Chromium is required for the HTML report tests and was not found: \
         install it (`apt-get install chromium`; .ci/run does) or set ORGAUDIT_CHROMIUM"
            .into(),
    )
}

/// What a page load produced.
pub struct Page {
    /// The DOM after scripts ran (`--dump-dom`).
    pub dom: String,
    /// Every console message (errors, CSP violations, uncaught exceptions).
    pub console: Vec<String>,
}

fn base(profile: &Path) -> Result<Command, String> {
    let mut c = Command::new(chromium()?);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=10000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    Ok(c)
}

/// Load `url`, let its scripts run, return the DOM and the console.
pub fn load(url: &str, profile: &Path) -> Result<Page, String> {
    let out = base(profile)?
        .arg("--dump-dom")
        .arg(url)
        .output()
        .map_err(|e| format!("chromium did not start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "chromium failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(Page {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console: String::from_utf8_lossy(&out.stderr)
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_string)
            .collect(),
    })
}

/// Save a screenshot of `url` to `png` (1400 × 3000 pixels: the summary).
pub fn screenshot(url: &str, png: &Path, profile: &Path) -> Result<(), String> {
    screenshot_sized(url, png, profile, (1400, 3000))
}

/// Save a screenshot of `url` to `png`, of a window `(width, height)` pixels: tall enough to
/// reach the findings table, since a headless screenshot is taken from the top of the page.
pub fn screenshot_sized(
    url: &str,
    png: &Path,
    profile: &Path,
    (width, height): (u32, u32),
) -> Result<(), String> {
    let out = base(profile)?
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(url)
        .output()
        .map_err(|e| format!("chromium did not start: {e}"))?;
    if out.status.success() && png.is_file() {
        Ok(())
    } else {
        Err(format!(
            "no screenshot ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Print `url` to PDF as Chromium's print dialog would (A4 by default, no header or footer) and
/// return how many pages it takes.
pub fn printed_pages(url: &str, pdf: &Path, profile: &Path) -> Result<usize, String> {
    let out = base(profile)?
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .output()
        .map_err(|e| format!("chromium did not start: {e}"))?;
    let bytes = std::fs::read(pdf).map_err(|e| {
        format!(
            "no PDF ({}): {e}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    // Each page object is `/Type /Page` (the page tree is `/Type /Pages`).
    let text = String::from_utf8_lossy(&bytes);
    Ok(text
        .match_indices("/Type")
        .filter(|(i, _)| {
            let rest = text[i + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count())
}
