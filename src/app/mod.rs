//! The command line: arguments, settings, the batch driver, `inspect`'s report and the progress bar.

pub mod batch;
pub mod cli;
pub mod config;
pub mod inspect;
pub mod progress;
