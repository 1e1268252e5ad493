//! Run folders: `<out>/<org-id>/<UTC timestamp>/` holding `snapshot.json`, `run.json` and the
//! formats `--output-formats` asks for (by default `report.html`, `findings.json`,
//! `findings.csv`, `access-matrix.csv`, `data-events.csv`, `drift.csv`, `findings.sarif`,
//! `findings.ocsf.json` and `compliance-<framework>.csv`; on request `findings.jsonl` and
//! `findings.asff.json`), and a `latest` link next to them.
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

/// An organization's folder in the reports folder: `<out>/<org-id>`.
pub fn org_dir(out: &Path, organization_id: &str) -> PathBuf {
    out.join(safe_component(organization_id))
}

/// The run folders of an organization (`20261122T223546Z`, `…Z-2`), oldest first: UTC
/// timestamps sort in time order as text. Hidden temporary folders and `latest` are not runs.
fn run_folders(org_dir: &Path) -> io::Result<Vec<String>> {
    let mut runs: Vec<String> = fs::read_dir(org_dir)?
        .flatten()
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "latest" && n.ends_with('Z') || is_suffixed(n))
        .collect();
    runs.sort();
    Ok(runs)
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
    formats: &std::collections::BTreeSet<crate::args::Format>,
    record: &mut crate::run_record::RunRecord,
) -> io::Result<PathBuf> {
    let org_dir = org_dir(out, &input.organization_id);
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
        for (name, ms) in write_reports(&tmp, input, formats)? {
            record.timings_ms.insert(name.into(), ms);
        }
        record.outputs = fs::read_dir(&tmp)?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "snapshot.json")
            .collect();
        record.outputs.sort();
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

/// The chosen report formats into `dir`, the big ones side by side on the available cores,
/// each streamed to its file. Returns how long each writer took, in milliseconds.
pub fn write_reports(
    dir: &Path,
    input: &ReportInput,
    formats: &std::collections::BTreeSet<crate::args::Format>,
) -> io::Result<Vec<(&'static str, u64)>> {
    use crate::args::Format;
    use orgaudit_report::{asff, compliance, csv, html, json, ocsf, sarif};
    use std::io::{BufWriter, Write};
    let file = |name: &str| -> io::Result<BufWriter<fs::File>> {
        Ok(BufWriter::with_capacity(
            1 << 20,
            fs::File::create(dir.join(name))?,
        ))
    };
    let finish = |mut w: BufWriter<fs::File>| -> io::Result<()> { w.flush() };
    type Job<'a> = (
        &'static str,
        Format,
        &'a (dyn Fn() -> io::Result<()> + Sync),
    );
    let jobs: [Job<'_>; 8] = [
        ("render.html", Format::Html, &|| {
            let mut w = file("report.html")?;
            w.write_all(html::render(input).as_bytes())?;
            finish(w)
        }),
        ("render.json", Format::Json, &|| {
            let mut w = file("findings.json")?;
            json::write(input, &mut w)?;
            finish(w)
        }),
        ("render.jsonl", Format::Jsonl, &|| {
            let mut w = file("findings.jsonl")?;
            json::write_jsonl(input, &mut w)?;
            finish(w)
        }),
        ("render.sarif", Format::Sarif, &|| {
            let mut w = file("findings.sarif")?;
            sarif::write(input, &mut w)?;
            finish(w)
        }),
        ("render.csv", Format::Csv, &|| {
            let mut w = file("findings.csv")?;
            csv::write_findings(input, &mut w)?;
            finish(w)?;
            fs::write(dir.join("access-matrix.csv"), csv::access_matrix(input))?;
            fs::write(dir.join("data-events.csv"), csv::data_events(input))?;
            fs::write(dir.join("drift.csv"), csv::drift(input))
        }),
        ("render.ocsf", Format::Ocsf, &|| {
            let mut w = file("findings.ocsf.json")?;
            ocsf::write(input, &mut w)?;
            finish(w)
        }),
        ("render.asff", Format::Asff, &|| {
            let mut w = file("findings.asff.json")?;
            asff::write(input, &mut w)?;
            finish(w)
        }),
        ("render.compliance", Format::Compliance, &|| {
            for f in orgaudit_rules::compliance::frameworks() {
                fs::write(
                    dir.join(format!("compliance-{}.csv", f.id)),
                    compliance::csv(input, f),
                )?;
            }
            Ok(())
        }),
    ];
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .filter(|(_, format, _)| formats.contains(format))
            .map(|(name, _, job)| {
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

/// The last `n` earlier runs of an organization in `out`, oldest first, from their `run.json`
/// (a run folder without a readable one is skipped: the trend is a view, not a record).
pub fn trend(out: &Path, organization_id: &str, n: usize) -> Vec<orgaudit_report::TrendPoint> {
    #[derive(serde::Deserialize)]
    struct Run {
        finished_at: String,
        findings: orgaudit_report::Counts,
        #[serde(default)]
        weighted_score: Option<f64>,
    }
    let org_dir = org_dir(out, organization_id);
    let names = run_folders(&org_dir).unwrap_or_default();
    let mut points: Vec<orgaudit_report::TrendPoint> = names
        .iter()
        .filter_map(|name| {
            let text = fs::read_to_string(org_dir.join(name).join("run.json")).ok()?;
            let run: Run = serde_json::from_str(&text).ok()?;
            Some(orgaudit_report::TrendPoint {
                at: run.finished_at,
                counts: run.findings,
                weighted_score: run.weighted_score,
            })
        })
        .collect();
    let skip = points.len().saturating_sub(n);
    points.drain(..skip);
    points
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

/// Keep the `keep` newest run folders of an organization (`keep` ≥ 1) and delete the older
/// ones; never the newest, never the one `latest` points to, never anything that is not a run
/// folder (hidden temporary folders of a run in progress are left alone). Returns what was
/// deleted.
pub fn prune(org_dir: &Path, keep: usize) -> io::Result<Vec<PathBuf>> {
    let keep = keep.max(1);
    let latest = fs::read_link(org_dir.join("latest")).ok();
    let runs = run_folders(org_dir)?;
    let cut = runs.len().saturating_sub(keep);
    let mut deleted = Vec::new();
    for name in &runs[..cut] {
        if latest.as_deref() == Some(Path::new(name)) {
            continue;
        }
        let path = org_dir.join(name);
        fs::remove_dir_all(&path)?;
        deleted.push(path);
    }
    Ok(deleted)
}

/// A run folder name with the `-N` suffix a second run in the same second gets.
fn is_suffixed(name: &str) -> bool {
    name.rsplit_once("Z-")
        .is_some_and(|(stamp, n)| !stamp.starts_with('.') && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_keeps_the_newest_and_latest() {
        let dir = std::env::temp_dir().join(format!("orgaudit-prune-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for name in [
            "20261101T000000Z",
            "20261102T000000Z",
            "20261103T000000Z",
            "20261103T000000Z-2",
            "20261104T000000Z",
            ".20261105T000000Z.partial-1",
            "not-a-run",
        ] {
            fs::create_dir_all(dir.join(name)).unwrap();
        }
        // `latest` points at an older run (e.g. the newest one was copied in by hand).
        std::os::unix::fs::symlink("20261102T000000Z", dir.join("latest")).unwrap();
        let deleted = prune(&dir, 2).unwrap();
        let names: Vec<_> = deleted
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["20261101T000000Z", "20261103T000000Z"]);
        for kept in [
            "20261102T000000Z",
            "20261103T000000Z-2",
            "20261104T000000Z",
            ".20261105T000000Z.partial-1",
            "not-a-run",
        ] {
            assert!(dir.join(kept).is_dir(), "{kept} kept");
        }
        assert!(prune(&dir, 0).unwrap().len() <= 1, "keep 0 means keep 1");
        assert!(
            dir.join("20261104T000000Z").is_dir(),
            "the newest is never deleted"
        );
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn hostile_org_ids_cannot_escape_the_reports_folder() {
        assert_eq!(safe_component("o-abc123"), "o-abc123");
        assert_eq!(safe_component("../../etc"), "______etc");
        assert_eq!(safe_component("/"), "unknown-organization");
        assert_eq!(safe_component(""), "unknown-organization");
    }
}
