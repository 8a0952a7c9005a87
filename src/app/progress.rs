//! The one place that draws progress, and that knows how far a run got when it is interrupted.
//!
//! Takes the exports of a run (their sizes, estimated from their files, then known once their first pass is done),
//! the bytes each one's reader has read, and the `--quiet` choice; gives a bar by bytes, with throughput and ETA,
//! that moves from the first second (both passes read the chat text, so each export counts twice its size), and
//! the line a Ctrl-C prints ([`interrupted`]). The bar goes to stderr, and only when stderr is a terminal and
//! `--quiet` was not given (nor when the conversion itself is printed on that terminal): a script or a log file
//! never sees it. A run that ends within [`QUIET_FOR`] shows none. It writes nothing to stdout.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chatport::BytesRead;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its bar is drawn: a quick run shows no flicker.
const QUIET_FOR: Duration = Duration::from_millis(300);

/// How often the bar is brought up to date.
const TICK: Duration = Duration::from_millis(100);

/// What the run is, for the bar's words and the interrupted line.
pub enum Kind {
    /// One export, written to this output (`None`: standard output).
    One(Option<String>),
    /// A batch into a folder.
    Batch,
}

/// What the bar and the interrupted line read, shared with the ticker and the signal thread.
struct State {
    kind: Kind,
    quiet: bool,
    /// Bytes each export is expected to read (twice its chat text), estimated until its first pass is done.
    expected: Vec<u64>,
    total: u64,
    /// Bytes of the exports that are done.
    finished: u64,
    /// The count of each export being read.
    live: Vec<(usize, BytesRead)>,
    done: usize,
    failed: usize,
    messages: u64,
    started: Instant,
}

impl State {
    fn position(&self) -> u64 {
        let live: u64 = self.live.iter().map(|(_, c)| c.get()).sum();
        (self.finished + live).min(self.total)
    }
}

/// The run being shown, for [`interrupted`]: a process runs one at a time.
static CURRENT: Mutex<Option<Current>> = Mutex::new(None);

/// The state, bar and ticker's stop flag of the run being shown.
type Current = (Arc<Mutex<State>>, ProgressBar, Arc<AtomicBool>);

/// The progress of one run.
pub struct Progress {
    bar: ProgressBar,
    state: Arc<Mutex<State>>,
    ticker: Option<(Arc<AtomicBool>, JoinHandle<()>)>,
}

impl Progress {
    /// A run of exports whose inputs are `sizes` bytes (an estimate of their chat text), shown unless `quiet`.
    pub fn new(sizes: &[u64], kind: Kind, quiet: bool) -> Progress {
        let expected: Vec<u64> = sizes.iter().map(|s| s.saturating_mul(2)).collect();
        // why: `chatport convert chat.txt -f markdown` prints the transcript on this terminal; a bar would
        // write over it.
        let prints_here = matches!(kind, Kind::One(None)) && std::io::stdout().is_terminal();
        let visible = !quiet && !prints_here && std::io::stderr().is_terminal();
        let state = Arc::new(Mutex::new(State {
            kind,
            quiet,
            total: expected.iter().sum(),
            expected,
            finished: 0,
            live: Vec::new(),
            done: 0,
            failed: 0,
            messages: 0,
            started: Instant::now(),
        }));
        let bar = ProgressBar::hidden();
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {percent:>3}% · {msg} · ETA {eta}",
        ) {
            bar.set_style(style);
        }
        let stop = Arc::new(AtomicBool::new(false));
        if let Ok(mut current) = CURRENT.lock() {
            *current = Some((Arc::clone(&state), bar.clone(), Arc::clone(&stop)));
        }
        let ticker = visible.then(|| {
            let handle = std::thread::Builder::new()
                .name("chatport-progress".into())
                .spawn({
                    let (bar, state, stop) = (bar.clone(), Arc::clone(&state), Arc::clone(&stop));
                    move || tick(&bar, &state, &stop)
                })
                .ok()?;
            Some((stop, handle))
        });
        Progress {
            bar,
            state,
            ticker: ticker.flatten(),
        }
    }

    /// Whether the bar may be drawn (it is, once the run has gone on for [`QUIET_FOR`]).
    pub fn visible(&self) -> bool {
        self.ticker.is_some()
    }

    /// The count export `index`'s reader adds to, from its first pass to its last.
    pub fn count(&self, index: usize) -> BytesRead {
        let count = BytesRead::new();
        self.with(|s| s.live.push((index, count.clone())));
        count
    }

    /// Export `index`'s first pass is done: its chat text is `bytes` long.
    pub fn sized(&self, index: usize, bytes: u64) {
        self.with(|s| {
            if let Some(e) = s.expected.get_mut(index) {
                s.total = s.total - *e + bytes * 2;
                *e = bytes * 2;
            }
        });
    }

    /// Export `index` is done (converted or skipped, or failed), with `messages` read.
    pub fn done(&self, index: usize, messages: u64, failed: bool) {
        self.with(|s| {
            s.live.retain(|(i, _)| *i != index);
            s.finished += s.expected.get(index).copied().unwrap_or(0);
            s.done += 1;
            s.failed += usize::from(failed);
            s.messages += messages;
        });
    }

    fn with(&self, f: impl FnOnce(&mut State)) {
        if let Ok(mut s) = self.state.lock() {
            f(&mut s);
        }
    }

    /// Prints a line on stderr above the bar (or plainly when there is no bar).
    pub fn println(&self, line: &str) {
        if self.visible() && !self.bar.is_hidden() {
            self.bar.println(chatport::output::shown(line));
        } else {
            crate::app::stderr::line(line);
        }
    }

    /// Removes the bar; the run is over.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some((stop, handle)) = self.ticker.take() {
            stop.store(true, Ordering::Relaxed);
            let _ = handle.join();
        }
        self.bar.finish_and_clear();
        if let Ok(mut current) = CURRENT.lock() {
            *current = None;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Brings the bar up to date every [`TICK`], drawing it once the run has gone on for [`QUIET_FOR`].
fn tick(bar: &ProgressBar, state: &Mutex<State>, stop: &AtomicBool) {
    let mut shown = false;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        let Ok(s) = state.lock() else {
            return;
        };
        let elapsed = s.started.elapsed();
        if !shown && elapsed >= QUIET_FOR {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            shown = true;
        }
        let position = s.position();
        let rate = position as f64 / elapsed.as_secs_f64().max(1e-3) / 1e6;
        let message = match &s.kind {
            Kind::One(_) => format!("{} MB chat · {rate:.0} MB/s", mb(s.total / 2)),
            Kind::Batch => format!(
                "{}/{} exports · {} messages · {rate:.0} MB/s",
                s.done,
                s.expected.len(),
                s.messages
            ),
        };
        bar.set_length(s.total.max(1));
        bar.set_position(position);
        bar.set_message(message);
    }
}

/// Bytes as megabytes, one decimal below 10.
fn mb(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb < 10.0 {
        format!("{mb:.1}")
    } else {
        format!("{mb:.0}")
    }
}

/// After a Ctrl-C (or SIGTERM, SIGHUP): removes the bar and gives the line that says how far the run got and how
/// to go on, unless `--quiet` or no conversion is running.
pub fn interrupted() -> Option<String> {
    let (state, bar, stop) = CURRENT.lock().ok()?.take()?;
    stop.store(true, Ordering::Relaxed);
    // Taken before the bar is cleared: a tick under way has drawn, and the next one stops.
    let s = state.lock().ok()?;
    bar.finish_and_clear();
    if s.quiet {
        return None;
    }
    Some(match &s.kind {
        Kind::Batch => {
            let failed = match s.failed {
                0 => String::new(),
                n => format!(" ({n} failed)"),
            };
            format!(
                "chatport: interrupted: {} of {} exports done{failed}; rerun with --skip-existing to go on",
                s.done,
                s.expected.len()
            )
        }
        Kind::One(Some(out)) => {
            format!("chatport: interrupted: {out} was not written (nothing was replaced)")
        }
        Kind::One(None) => "chatport: interrupted: the output is incomplete".into(),
    })
}
