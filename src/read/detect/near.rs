//! Which headers one place away from the file's layout start messages (hand-edited and transcribed files: a dot
//! after the year, `6.19 PM`, no ` - `, a header alone on its line; see `header/near.rs`).
//!
//! Takes every shape's counters, the layout found and the chat's span; gives the shapes whose lines start a
//! message when their date falls within the span (and, without a ` - `, when they name an author), and the authors
//! and headers of the lines that do. A shape's
//! first headers are decided one by one; a shape with more is taken whole when all its dates are within the span,
//! else left as text. The parser decides each line again by the same rule (`read/parse.rs`).

use chrono::NaiveDate;
use rustc_hash::FxHashSet as HashSet;

use super::stats::Stats;
use crate::model::{DateOrder, Participant};
use crate::read::header::{self, Mode, NearMiss, Shape};

/// The headers one place away from the layout that start messages.
#[derive(Debug, Default)]
pub(super) struct Accepted {
    /// The shapes (and the reading, `Token` or not) whose lines in the span start messages, and how they differ.
    pub(super) shapes: Vec<(Shape, Mode, NearMiss)>,
    /// The authors of the lines that do, with each line.
    pub(super) authors: Vec<(u64, Participant)>,
    /// How many lines do.
    pub(super) headers: u64,
    /// Those lines, when their shape was decided line by line.
    pub(super) lines: HashSet<u64>,
}

/// The shapes of `shapes` one place away from the layout `best` (or its `twin` on the other clock) and which of
/// their lines start messages: those dated within `span` in date order `order`.
pub(super) fn decide(
    shapes: &[Stats],
    best: usize,
    twin: Option<usize>,
    order: DateOrder,
    span: Option<(NaiveDate, NaiveDate)>,
) -> Accepted {
    let mut out = Accepted::default();
    let Some((lo, hi)) = span else {
        return out;
    };
    let b = &shapes[best];
    let within = |d: Option<NaiveDate>| d.is_some_and(|d| lo <= d && d <= hi);
    for (i, s) in shapes.iter().enumerate() {
        if i == best || Some(i) == twin {
            continue;
        }
        let any_clock = twin.is_some();
        let Some(kind) = header::near_miss(&b.shape, b.mode, &s.shape, s.mode, any_clock) else {
            continue;
        };
        if !s.lines_full {
            for rec in &s.lines {
                let date = header::date(rec.parts, rec.digits, rec.era, s.shape.year_mark, order);
                // why: without its ` - `, only the author tells a header from a line of text that begins with a
                // date and a time (`24/03/2022, 10:00 meeting - room`).
                if !within(date) || (kind == NearMiss::NoDash && !rec.named) {
                    continue;
                }
                out.headers += 1;
                out.lines.insert(rec.no);
                if let Some(p) = rec.author.and_then(|a| s.authors.get(a as usize)) {
                    out.authors.push((
                        rec.no,
                        Participant {
                            messages: 1,
                            ..p.clone()
                        },
                    ));
                }
            }
        } else if s.shape.month == header::MonthWord::None
            && kind != NearMiss::NoDash
            && s.span_in(order)
                .is_some_and(|(a, z)| within(Some(a)) && within(Some(z)))
        {
            out.headers += s.count;
            out.authors.extend(
                s.author_first
                    .iter()
                    .zip(&s.authors)
                    .map(|(&first, p)| (first, p.clone())),
            );
        } else {
            continue;
        }
        out.shapes.push((s.shape, s.mode, kind));
    }
    out
}
