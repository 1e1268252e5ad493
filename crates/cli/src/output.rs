//! Run folders: `<out>/<org-id>/<UTC timestamp>/` holding `snapshot.json`, `report.html`,
//! `findings.json`, `findings.sarif`, `findings.csv`, `access-matrix.csv`, `data-events.csv`,
//! `drift.csv` and `run.json`, and a `latest` link next to them.
//!
//! Writes are atomic: the folder is filled under a hidden temporary name and renamed into
//! place when complete; `latest` is replaced by renaming a fresh link over it, last. A run
//! killed midway leaves the previous run and `latest` as they were.

use orgaudit_model::Snapshot;
use orgaudit_report::ReportInput;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use time::macros::format_description;
use time::OffsetDateTime;

/// Folder-safe form of an organization id (real ids are `o-` and lowercase alphanumerics).
pub fn safe_component(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '_') {
        "unknown-organization".into()
    } else {
        cleaned
    }
}

fn timestamp() -> String {
    let fmt = format_description!("[year][month][day]T[hour][minute][second]Z");
    OffsetDateTime::now_utc()
        .format(&fmt)
        .unwrap_or_else(|_| "run".into())
}

pub fn write_run(
    out: &Path,
    snapshot: &Snapshot,
    input: &ReportInput,
    record: &mut crate::evaluate::RunRecord,
) -> io::Result<PathBuf> {
    let org_dir = out.join(safe_component(&input.organization_id));
    fs::create_dir_all(&org_dir)?;
    let stamp = timestamp();
    let mut name = stamp.clone();
    let mut n = 1;
    while org_dir.join(&name).exists() {
        n += 1;
        name = format!("{stamp}-{n}");
    }
    let tmp = org_dir.join(format!(".{name}.partial-{}", std::process::id()));
    fs::create_dir_all(&tmp)?;
    let result = (|| {
        fs::write(
            tmp.join("snapshot.json"),
            serde_json::to_vec_pretty(snapshot).map_err(io::Error::other)?,
        )?;
        let t = std::time::Instant::now();
        write_reports(&tmp, input)?;
        record
            .timings_ms
            .insert("render".into(), t.elapsed().as_millis() as u64);
        fs::write(
            tmp.join("run.json"),
            serde_json::to_vec_pretty(&record).map_err(io::Error::other)?,
        )?;
        let final_dir = org_dir.join(&name);
        fs::rename(&tmp, &final_dir)?;
        update_latest(&org_dir, &name)?;
        Ok(final_dir)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// Write one file atomically: a temporary sibling, then a rename over the target.
pub fn write_atomically(path: &Path, content: &str) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    fs::write(&tmp, content)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Every report format into `dir`.
pub fn write_reports(dir: &Path, input: &ReportInput) -> io::Result<()> {
    use orgaudit_report::{csv, html, json, sarif};
    fs::write(dir.join("report.html"), html::render(input))?;
    fs::write(dir.join("findings.json"), json::render(input))?;
    fs::write(dir.join("findings.sarif"), sarif::render(input))?;
    fs::write(dir.join("findings.csv"), csv::findings(input))?;
    fs::write(dir.join("access-matrix.csv"), csv::access_matrix(input))?;
    fs::write(dir.join("data-events.csv"), csv::data_events(input))?;
    fs::write(dir.join("drift.csv"), csv::drift(input))?;
    Ok(())
}

/// Point `<org_dir>/latest` at `name`, atomically.
fn update_latest(org_dir: &Path, name: &str) -> io::Result<()> {
    let tmp = org_dir.join(format!(".latest.tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    #[cfg(unix)]
    std::os::unix::fs::symlink(name, &tmp)?;
    #[cfg(not(unix))]
    fs::write(&tmp, name)?;
    fs::rename(&tmp, org_dir.join("latest"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_org_ids_cannot_escape_the_reports_folder() {
        assert_eq!(safe_component("o-abc123"), "o-abc123");
        assert_eq!(safe_component("../../etc"), "______etc");
        assert_eq!(safe_component("/"), "unknown-organization");
        assert_eq!(safe_component(""), "unknown-organization");
    }
}
