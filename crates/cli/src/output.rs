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

/// Takes the snapshot: once `snapshot.json` is written it is dropped, so the renderers do not
/// hold it in memory (at a hundred thousand buckets that is most of a gigabyte).
pub fn write_run(
    out: &Path,
    snapshot: Snapshot,
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
        {
            let mut w =
                io::BufWriter::with_capacity(1 << 20, fs::File::create(tmp.join("snapshot.json"))?);
            serde_json::to_writer_pretty(&mut w, &snapshot).map_err(io::Error::other)?;
            io::Write::flush(&mut w)?;
        }
        drop(snapshot);
        let t = std::time::Instant::now();
        for (name, ms) in write_reports(&tmp, input)? {
            record.timings_ms.insert(name.into(), ms);
        }
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

/// Every report format into `dir`, the big ones side by side on the available cores, each
/// streamed to its file.
/// Returns how long each writer took, in milliseconds.
pub fn write_reports(dir: &Path, input: &ReportInput) -> io::Result<Vec<(&'static str, u64)>> {
    use orgaudit_report::{csv, html, json, sarif};
    use std::io::{BufWriter, Write};
    let file = |name: &str| -> io::Result<BufWriter<fs::File>> {
        Ok(BufWriter::with_capacity(
            1 << 20,
            fs::File::create(dir.join(name))?,
        ))
    };
    let finish = |mut w: BufWriter<fs::File>| -> io::Result<()> { w.flush() };
    let jobs: [(&'static str, &(dyn Fn() -> io::Result<()> + Sync)); 4] = [
        ("render.html", &|| {
            let mut w = file("report.html")?;
            w.write_all(html::render(input).as_bytes())?;
            finish(w)
        }),
        ("render.json", &|| {
            let mut w = file("findings.json")?;
            json::write(input, &mut w)?;
            finish(w)
        }),
        ("render.sarif", &|| {
            let mut w = file("findings.sarif")?;
            sarif::write(input, &mut w)?;
            finish(w)
        }),
        ("render.csv", &|| {
            let mut w = file("findings.csv")?;
            csv::write_findings(input, &mut w)?;
            finish(w)?;
            fs::write(dir.join("access-matrix.csv"), csv::access_matrix(input))?;
            fs::write(dir.join("data-events.csv"), csv::data_events(input))?;
            fs::write(dir.join("drift.csv"), csv::drift(input))
        }),
    ];
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(name, job)| {
                scope.spawn(move || {
                    let t = std::time::Instant::now();
                    job().map(|()| (*name, t.elapsed().as_millis() as u64))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect::<io::Result<Vec<_>>>()
    })
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
