//! Headers one place away from a file's layout, as hand-edited and transcribed files have them: a dot after the
//! year (`5/19/20. 6:49 PM - `), the other time separator (`6.19 PM`), a space or comma missing between date and
//! time (`1/30/19,9:30 AM - `), no ` - ` before the author (`2/13/19, 3:00 PM Name: `), nothing after the time
//! (`5/19/20, 6:49 PM`).
//!
//! Takes the layout's [`Shape`] and a line's; gives the one place they differ in, or nothing when they differ in
//! none or more (a pasted `[19/12/2019, 08:00] X:` differs in brackets and separator, a log line
//! `20/11/15 14:16:22 WARN` in glue, seconds and separator). It does not decide whether such a line starts a
//! message: its date must fall within the chat's (`read/detect`, `read/parse.rs`).

use super::{Mode, Sep, Shape};

/// The one place a header differs from its file's layout in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NearMiss {
    /// A dot after the year where the file has none, or none where it has one (`5/19/20. 6:49 PM - `).
    YearDot,
    /// Other spaces or commas between date and time (`1/30/19,9:30 AM - `).
    Glue,
    /// The other time separator (`6.19 PM` in a file of `6:19 PM`).
    TimeSep,
    /// No ` - ` before the author (`2/13/19, 3:00 PM Name: `).
    NoDash,
    /// Nothing after the time: the header alone on its line (`5/19/20, 6:49 PM`).
    Alone,
}

impl NearMiss {
    /// The difference, in words that follow "a header with".
    pub fn what(self) -> &'static str {
        match self {
            NearMiss::YearDot => "a different dot after the year",
            NearMiss::Glue => "different spacing between date and time",
            NearMiss::TimeSep => "a different time separator",
            NearMiss::NoDash => "no ' - ' before the author",
            NearMiss::Alone => "nothing after the time",
        }
    }
}

/// How the header shape `line` (read in `line_mode`) differs from the layout `file` (read in `file_mode`), when it
/// differs in exactly one place of [`NearMiss`]; with `any_clock`, whatever the clock of each.
pub fn near_miss(
    file: &Shape,
    file_mode: Mode,
    line: &Shape,
    line_mode: Mode,
    any_clock: bool,
) -> Option<NearMiss> {
    let mut l = *line;
    if any_clock {
        l.ampm = file.ampm;
    }
    let kind = if l.date_dot != file.date_dot {
        (l.date_dot, l.glue) = (file.date_dot, file.glue);
        NearMiss::YearDot
    } else if l.glue != file.glue {
        l.glue = file.glue;
        NearMiss::Glue
    } else if l.time_sep != file.time_sep {
        l.time_sep = file.time_sep;
        NearMiss::TimeSep
    } else if l.sep == Sep::Space && file.sep == Sep::Dash {
        l.sep = file.sep;
        NearMiss::NoDash
    } else if l.sep == Sep::End && !file.bracket && file.sep != Sep::End {
        l.sep = file.sep;
        NearMiss::Alone
    } else {
        return None;
    };
    // Without AM/PM words the two readings of a line are one (`NoToken` reads a separator-less header).
    let same_reading = line_mode == file_mode
        || (kind == NearMiss::NoDash
            && line_mode == Mode::NoToken
            && file.ampm == super::AmPmPos::None
            && line.ampm == super::AmPmPos::None);
    (l == *file && same_reading && file.sep != Sep::End).then_some(kind)
}
