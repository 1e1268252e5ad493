//! Progress bars on stderr, only when it is a terminal.

use indicatif::{ProgressBar, ProgressStyle};
use orgaudit_collect::Progress;
use std::sync::Mutex;

pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    /// The run's API calls, retries and errors so far, shown beside the bar.
    calls: Option<orgaudit_aws::counter::CallCounter>,
}

impl Bars {
    pub fn new(calls: Option<orgaudit_aws::counter::CallCounter>) -> Self {
        Bars {
            bar: Mutex::new(None),
            calls,
        }
    }

    fn counts(&self) -> String {
        match &self.calls {
            Some(c) => format!(
                "{} API calls, {} retries, {} errors",
                c.total(),
                c.retries(),
                c.errors()
            ),
            None => String::new(),
        }
    }
}

impl Progress for Bars {
    fn phase(&self, name: &str, total: Option<u64>) {
        let Ok(mut slot) = self.bar.lock() else {
            return;
        };
        if let Some(old) = slot.take() {
            old.finish_and_clear();
        }
        let bar = match total {
            Some(n) => {
                let b = ProgressBar::new(n);
                if let Ok(style) = ProgressStyle::with_template(
                    "{spinner} {msg:<14} [{bar:30}] {pos}/{len} · {elapsed} elapsed · about {eta} left · {prefix}",
                ) {
                    b.set_style(style.progress_chars("=> "));
                }
                b
            }
            None => ProgressBar::new_spinner(),
        };
        bar.set_message(name.to_string());
        bar.set_prefix(self.counts());
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        *slot = Some(bar);
    }

    fn step(&self) {
        if let Ok(slot) = self.bar.lock() {
            if let Some(b) = slot.as_ref() {
                b.set_prefix(self.counts());
                b.inc(1);
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(b) = slot.take() {
                b.finish_and_clear();
            }
        }
    }
}
