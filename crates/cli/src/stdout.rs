//! Standard output that tolerates a closed pipe: `orgaudit rules | head` stops reading after a
//! line, and the next write fails with `BrokenPipe` (Rust ignores SIGPIPE, so the write
//! returns the error instead of ending the process). The rest of the output is dropped
//! quietly, the command goes on (an audit still writes its run folder) and keeps its exit code;
//! no panic, no exit 101.

use std::fmt::Arguments;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static CLOSED: AtomicBool = AtomicBool::new(false);

/// Write to standard output; once the reader has gone, nothing more is written. Any other
/// write error is reported once on standard error.
pub fn write(args: Arguments<'_>) {
    if CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        CLOSED.store(true, Ordering::Relaxed);
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("warning: standard output could not be written: {e}");
        }
    }
}

/// `print!` through [`write`].
macro_rules! out {
    ($($t:tt)*) => { $crate::stdout::write(format_args!($($t)*)) };
}

/// `println!` through [`write`].
macro_rules! outln {
    ($($t:tt)*) => { $crate::stdout::write(format_args!("{}\n", format_args!($($t)*))) };
}

pub(crate) use {out, outln};
