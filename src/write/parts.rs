//! Where a writer puts an output that may be cut into parts (`--max-size`).
//!
//! Takes nothing itself: [`Parts`] is what the caller gives a [`crate::write::Writer`] that may cut its output,
//! the part being written and a way to go on to the next; [`One`] is an output that is never cut. Naming and
//! opening the parts' files is the caller's (the output stage's) business.

use std::io::{self, Write};

/// An output in parts: the writer writes into [`Parts::part`] and calls [`Parts::next_part`] between two
/// conversations when the part is full.
pub trait Parts {
    /// The part being written.
    fn part(&mut self) -> &mut dyn Write;
    /// Finishes the part being written (its writer has closed it) and opens the next.
    fn next_part(&mut self) -> io::Result<()>;
}

/// An output in one part.
pub struct One<'w>(pub &'w mut dyn Write);

impl Parts for One<'_> {
    fn part(&mut self) -> &mut dyn Write {
        self.0
    }

    fn next_part(&mut self) -> io::Result<()> {
        Err(io::Error::other(
            "this output is a single stream and cannot be cut into parts",
        ))
    }
}
