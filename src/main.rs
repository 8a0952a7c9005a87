//! The `chatport` binary: parse the command line, run, and turn the outcome into an exit code.
//!
//! This is the only place that decides exit codes: 0 when everything was converted (or the reader of our output
//! closed the pipe), 1 when an input could not be converted, 2 when nothing could run (usage errors; clap uses
//! 2 for its own), and 128 + the signal when stopped by Ctrl-C (130), SIGTERM (143) or SIGHUP (129), after
//! removing the temporary files being written and saying how far the run got.

use std::process::ExitCode;

use clap::Parser;

mod app;

use app::batch::{self, Outcome};
use app::cli::Args;
use app::config::Config;
use chatport::Error;

fn main() -> ExitCode {
    on_signals_clean_up();
    let args = Args::parse();
    let result = Config::from_args(args).and_then(|config| batch::run(&config));
    exit_code(result)
}

/// On Ctrl-C, SIGTERM or SIGHUP: removes the temporary files being written, then exits as the signal asks.
// why: a signal skips destructors; `kill` and a closed terminal must leave no hidden temporary file (issue 15).
fn on_signals_clean_up() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // why: `nohup chatport …` (SIGHUP ignored) and a script's background job (SIGINT ignored) must keep running.
    let caught: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|s| !ignored(*s))
        .collect();
    let Ok(mut signals) = signal_hook::iterator::Signals::new(caught) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("chatport-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // why: a batch stopped half way says how far it got and how to go on (issue 19).
                if let Some(line) = app::progress::interrupted() {
                    app::stderr::line(&line);
                }
                chatport::output::exit_removing(128 + signal);
            }
        });
}

/// Whether the process was started with `signal` ignored.
fn ignored(signal: i32) -> bool {
    // SAFETY: with a null new action, sigaction only reads the current action into `old`, a plain C struct that
    // all zeroes make valid.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    }
}

fn exit_code(result: Result<Outcome, Error>) -> ExitCode {
    match result {
        Ok(outcome) if outcome.failed == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        // why: `chatport convert … | head` closes our stdout early; that is the reader's choice, not a failure.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            app::stderr::line(&format!("chatport: {e}"));
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}
