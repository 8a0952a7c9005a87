//! The `chatport` binary: parse the command line, run, and turn the outcome into an exit code.
//!
//! This is the only place that decides exit codes: 0 when everything was converted (or the reader of our output
//! closed the pipe), 1 when an input could not be converted, 2 when nothing could run (usage errors; clap uses
//! 2 for its own), 130 when interrupted by Ctrl-C (after removing the temporary files being written).

use std::process::ExitCode;

use clap::Parser;

mod app;

use app::batch::{self, Outcome};
use app::cli::Args;
use app::config::Config;
use chatport::Error;

fn main() -> ExitCode {
    // why: Ctrl-C skips destructors; remove the temporary files being written, then exit as interrupted (130).
    let _ = ctrlc::set_handler(|| {
        chatport::output::remove_pending();
        std::process::exit(130);
    });
    let args = Args::parse();
    let result = Config::from_args(args).and_then(|config| batch::run(&config));
    exit_code(result)
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
