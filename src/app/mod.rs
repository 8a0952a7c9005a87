//! The command line: arguments, settings, the batch driver, output names, `inspect`'s report, the run report,
//! the progress bar and the one writer of diagnostics.

pub mod batch;
pub mod cli;
pub mod config;
pub mod export;
pub mod inspect;
pub mod merge;
pub mod names;
pub mod pack;
pub mod progress;
pub mod report;
pub mod stderr;
