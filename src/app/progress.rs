//! The one place that builds the progress bar of a batch.
//!
//! Takes the number of exports and the `--quiet` / `-v` choices; gives a [`Progress`] that the workers tell when
//! an export is done, and that prints per-export lines without breaking the bar. The bar (exports done, messages,
//! throughput) goes to stderr, and only when stderr is a terminal and `--quiet` was not given: a script or a log
//! file never sees it. It writes nothing to stdout.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
    messages: AtomicU64,
    bytes: AtomicU64,
    started: Instant,
}

impl Progress {
    pub fn new(total: usize, quiet: bool) -> Progress {
        let visible = !quiet && std::io::stderr().is_terminal();
        let bar = if visible {
            ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} exports · {msg}",
        ) {
            bar.set_style(style);
        }
        if visible {
            // why: the first pass of a chunk finishes no export; the spinner shows the run is alive.
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar.set_message("reading…");
        }
        Progress {
            bar,
            messages: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            started: Instant::now(),
        }
    }

    /// Whether the bar is drawn.
    pub fn visible(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// One export is finished: `messages` read from `bytes` of chat text.
    pub fn done(&self, messages: u64, bytes: u64) {
        let m = self.messages.fetch_add(messages, Ordering::Relaxed) + messages;
        let b = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar
            .set_message(format!("{m} messages · {:.1} MB/s", b as f64 / secs / 1e6));
        self.bar.inc(1);
    }

    /// Prints a line on stderr above the bar (or plainly when there is no bar).
    pub fn println(&self, line: &str) {
        if self.visible() {
            self.bar.println(chatport::output::shown(line));
        } else {
            crate::app::stderr::line(line);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
