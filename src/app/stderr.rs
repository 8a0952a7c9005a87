//! The one way the command line writes to stderr.
//!
//! Takes a line of diagnostics; writes it with every control character but the line break escaped (a zip entry or
//! a participant's name can hold terminal escapes), and never fails: a closed or full stderr must not stop a
//! conversion, nor panic as `eprintln!` does. It writes nothing to stdout and decides nothing.

use std::io::Write;

/// Writes `line` and a line break to stderr; a failed write is ignored.
pub fn line(line: &str) {
    let shown = chatport::output::shown(line);
    let mut err = std::io::stderr().lock();
    // why: `chatport … 2>&-` or a reader that closed the pipe (issue 15): diagnostics are best effort.
    let _ = writeln!(err, "{shown}");
}
