//! Learns an export's dialect from the file itself.
//!
//! Takes every line of the chat (a first pass); gives a [`Detection`]: the header [`Grammar`] the parser needs
//! (shape, AM/PM meanings, day/month order), its human summary ([`Dialect`]), the participants and warnings.
//! Memory stays constant: each distinct header shape keeps counters, never the lines. It does not build messages.
//!
//! The order is decided once per file, from all its dates: hard evidence first (a part above 12 cannot be a
//! month; a four-digit or above-31 part is the year), then soft evidence (which reading keeps the dates closest to
//! chronological, skipping the first header that Android stamps with the export time; which part changes like a
//! day), then a locale default, reported as `assumed` with a warning.

use chrono::NaiveDate;

use crate::locale::ampm;
use crate::model::{Clock, Confidence, DateOrder, Dialect, Participant, Platform, Warning};
use crate::read::classify::Classifier;
use crate::read::header::{self, AmPmPos, Header, Miss, Mode, MonthWord, Scanner, Sep, Shape};

mod near;
mod stats;
#[cfg(test)]
mod tests;
pub mod years;

use stats::Stats;
use years::{ExportDate, Years};

/// At most this many distinct header shapes are tracked; lines of further shapes are continuation text.
const MAX_SHAPES: usize = 32;

/// Normalized AM/PM tokens and whether each means PM.
pub type AmPmTable = Vec<(String, bool)>;

/// What the parser needs to read headers: the shape every header has, and how to read its numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Grammar {
    pub shape: Shape,
    pub mode: Mode,
    pub order: DateOrder,
    /// This file's AM/PM tokens.
    pub ampm: AmPmTable,
    /// How to write its headers back.
    pub layout: Option<header::Layout>,
    /// The same layout on the other clock starts messages too (the phone's clock setting changed).
    pub both_clocks: bool,
    /// For a layout that writes months as words: the first header's year (inferred when it leaves it out).
    pub start_year: i32,
    /// Shapes one place away from the layout (and their reading), whose lines start messages when their date
    /// is within `span` (hand-edited files: `5/19/20. 6:49 PM - `).
    pub near: Vec<(Shape, Mode, header::NearMiss)>,
    /// The earliest and latest date of the layout's headers.
    pub span: Option<(NaiveDate, NaiveDate)>,
}

impl Grammar {
    /// Whether an AM/PM token as written means PM in this file (unknown tokens read as AM).
    pub fn is_pm(&self, token: &str) -> bool {
        self.ampm
            .iter()
            .find(|(t, _)| ampm::matches(token, t))
            .is_some_and(|(_, pm)| *pm)
    }
}

/// The outcome of detection.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    pub grammar: Grammar,
    pub dialect: Dialect,
    /// Authors in order of first appearance, with message counts.
    pub participants: Vec<Participant>,
    /// Number of headers (so, of messages, not counting text before the first header).
    pub headers: u64,
    /// The author of the first message when its body is an iOS notice (led by U+200E): iOS attributes the
    /// encryption notice to the chat itself, so this is the chat's name.
    pub notice_author: Option<String>,
    /// The group's name from the last `created group "X"` / `changed the subject to "X"` event.
    pub subject: Option<String>,
    /// The earliest and the latest date of the headers.
    pub span: Option<(NaiveDate, NaiveDate)>,
    pub warnings: Vec<Warning>,
}

/// How many message headers a text holds, as detection counts them (0 when it has none): how a `.txt` that is an
/// export is told from one that is not.
pub fn count_headers<R: std::io::Read + 'static>(
    reader: R,
    encoding: crate::decode::Encoding,
) -> u64 {
    let mut lines = crate::decode::lines(reader, encoding);
    let mut detector = Detector::new();
    while let Ok(Some(line)) = lines.next_line() {
        detector.feed(line.no, line.text);
    }
    detector.finish(None, None).map_or(0, |d| d.headers)
}

/// Whether a line that `Token` read as `token` is read without AM/PM words too (and counted so by detection).
// why: without a known AM/PM word, letters after the time may be the author of a header that has no separator
// (`02-12-18 22:55:45 Ewout: hi`, and `… PM Ewout: hi` or a time alone, which `Token` reads otherwise); the file
// decides. A line that `Token` finds no header of either kind in is not read twice.
pub fn other_reading(token: &Result<Header<'_>, Miss>) -> bool {
    match token {
        Ok(h) => {
            (h.shape.ampm == AmPmPos::After && ampm::known(h.ampm).is_none())
                || matches!(h.shape.sep, Sep::Space | Sep::End)
        }
        Err(miss) => *miss == Miss::ThisMode,
    }
}

/// Why no dialect could be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoHeader {
    /// The first non-blank line, shortened, for the error message.
    pub first_line: Option<String>,
    /// The data had NUL bytes: probably not text at all.
    pub binary: bool,
}

/// Collects evidence line by line.
pub struct Detector {
    classifier: Classifier,
    token: Scanner,
    no_token: Scanner,
    shapes: Vec<Stats>,
    /// The year counters of layouts that write months as words (one per shape and mode, whatever the clock).
    years: Vec<((Shape, Mode), Years)>,
    last: usize,
    first_line: Option<String>,
    binary: bool,
    /// Every header's date goes through the date counters, even one written as the one before (set only by the
    /// test that holds that shortcut to the full count).
    #[cfg(test)]
    every_date: bool,
}

impl Default for Detector {
    fn default() -> Self {
        Detector::new()
    }
}

impl Detector {
    pub fn new() -> Self {
        Detector {
            classifier: Classifier::new(),
            token: Scanner::new(Mode::Token),
            no_token: Scanner::new(Mode::NoToken),
            shapes: Vec::new(),
            years: Vec::new(),
            last: 0,
            first_line: None,
            binary: false,
            #[cfg(test)]
            every_date: false,
        }
    }

    /// Feeds one line (1-based number `no`).
    pub fn feed(&mut self, no: u64, line: &str) {
        if no <= 64 {
            if self.first_line.is_none() && !line.trim().is_empty() {
                self.first_line = Some(shorten(line, 80));
            }
            self.binary |= line.contains('\0');
        }
        let token = self.token.scan_telling(line);
        if let Ok(h) = &token {
            self.record(no, line, h, Mode::Token);
        }
        if other_reading(&token)
            && let Some(h) = self.no_token.scan(line)
            && h.shape.sep == Sep::Space
        {
            self.record(no, line, &h, Mode::NoToken);
        }
    }

    fn record(&mut self, no: u64, line: &str, h: &Header<'_>, mode: Mode) {
        let idx = match self.shapes.get(self.last) {
            Some(s) if s.shape == h.shape && s.mode == mode => self.last,
            _ => match self
                .shapes
                .iter()
                .position(|s| s.shape == h.shape && s.mode == mode)
            {
                Some(i) => i,
                None if self.shapes.len() < MAX_SHAPES => {
                    let mut stats = Stats::new(h.shape, mode, no, &line[..h.body]);
                    if h.shape.month != header::MonthWord::None {
                        let key = (h.shape.clockless(), mode);
                        stats.years = Some(match self.years.iter().position(|(k, _)| *k == key) {
                            Some(i) => i,
                            None => {
                                self.years.push((key, Years::default()));
                                self.years.len() - 1
                            }
                        });
                    }
                    self.shapes.push(stats);
                    self.shapes.len() - 1
                }
                None => return,
            },
        };
        self.last = idx;
        #[cfg(test)]
        let every_date = self.every_date;
        #[cfg(not(test))]
        let every_date = false;
        let stats = &mut self.shapes[idx];
        let years = stats
            .years
            .and_then(|i| self.years.get_mut(i))
            .map(|(_, y)| y);
        stats.add(no, line, h, &mut self.classifier, years, every_date);
    }

    /// Decides the dialect. `forced` is the `--date-order` value, if given; `export` says when the chat was
    /// exported, for the years of headers that leave them out (asked only then; today when not given).
    pub fn finish(
        mut self,
        forced: Option<DateOrder>,
        export: Option<&dyn Fn() -> ExportDate>,
    ) -> Result<Detection, NoHeader> {
        let Some((best, twin)) = self.family() else {
            return Err(NoHeader {
                first_line: self.first_line,
                binary: self.binary,
            });
        };
        let (b, t) = (&self.shapes[best], twin.map(|t| &self.shapes[t]));
        let mut warnings = Vec::new();
        // The AM/PM words are those of the 12-hour one of the two clocks.
        let twelve = match t {
            Some(t) if b.shape.ampm == AmPmPos::None => t,
            _ => b,
        };
        let (ampm, ampm_note) = twelve.ampm_table().unwrap_or_default();
        if let Some(note) = ampm_note {
            warnings.push(Warning {
                line: twelve.first_line,
                message: note,
            });
        }
        // A month written as a word decides the order by itself.
        let (order, mut confidence, mut reason) = match forced {
            Some(order) if b.shape.month == MonthWord::None => (
                order,
                Confidence::Forced,
                "given with --date-order".to_string(),
            ),
            _ => match (b.decide_order(), t.map(Stats::decide_order)) {
                (mine, Some(other))
                    if mine.1 != Confidence::Certain && other.1 == Confidence::Certain =>
                {
                    other
                }
                (mine, _) => mine,
            },
        };
        if forced.is_some_and(|f| f != order) {
            warnings.push(Warning {
                line: b.first_line,
                message: format!(
                    "--date-order {} is not used: the month is written as a word, so the order is {}",
                    forced.map_or("", DateOrder::name),
                    order.name()
                ),
            });
        }
        if confidence == Confidence::Assumed {
            let other = if order == DateOrder::Dmy {
                "mdy"
            } else {
                "dmy"
            };
            warnings.push(Warning {
                line: b.first_line,
                message: format!(
                    "the day/month order cannot be told from these dates; assumed {} ({reason}); if dates look wrong, pass --date-order {other}",
                    order.name()
                ),
            });
        }
        if let Some(t) = t {
            let clock = |s: &Stats| {
                if s.shape.ampm == AmPmPos::None {
                    "24-hour"
                } else {
                    "12-hour"
                }
            };
            warnings.push(Warning {
                line: t.first_line,
                message: format!(
                    "{} on a {} clock and the others on a {} one (the phone's clock setting changed): one layout, \
                     whose {} kept as written",
                    these(t.count, "is", "are"),
                    clock(t),
                    clock(b),
                    if t.count == 1 {
                        "header here is"
                    } else {
                        "headers on that clock are"
                    },
                ),
            });
        }
        let platform = match b.shape.sep {
            Sep::Bracket => Platform::Ios,
            Sep::Dash => Platform::Android,
            Sep::Colon | Sep::Space | Sep::End => Platform::Legacy,
        };
        let clock = if b.shape.ampm == AmPmPos::None {
            Clock::H24
        } else {
            Clock::H12
        };
        let layout = b.layout(order, &ampm);
        let mut span = union(b.span_in(order), t.and_then(|t| t.span_in(order)));
        let mut start_year = 0;
        if let Some((_, years)) = b.years.and_then(|i| self.years.get_mut(i)) {
            let years = std::mem::take(years);
            let (yearless, first_yearless, written) =
                (years.yearless, years.first_yearless, years.written);
            let export = export.map_or_else(ExportDate::today, |f| f());
            let resolved = years.resolve(&export);
            (start_year, span) = (resolved.start, resolved.span);
            if yearless > 0 {
                if confidence == Confidence::Certain {
                    confidence = Confidence::Inferred;
                }
                reason.push_str(&format!(
                    "; the years some headers leave out are inferred (line {first_yearless})"
                ));
                warnings.push(Warning {
                    line: first_yearless,
                    message: years_note(yearless, written, resolved.from_export, &export),
                });
            }
        }
        let near = near::decide(&self.shapes, best, twin, order, span);
        if b.mode == Mode::Token {
            let near_shapes: Vec<(Shape, Mode)> =
                near.shapes.iter().map(|&(s, m, _)| (s, m)).collect();
            for (_, s) in self.shapes.iter().enumerate().filter(|(i, s)| {
                s.mode == Mode::Token
                    && *i != best
                    && Some(*i) != twin
                    && !near_shapes.contains(&(s.shape, s.mode))
            }) {
                // Lines that another reading of them started a message with are no text.
                let (mut n, mut first) = (s.count, s.first_line);
                if !s.lines_full {
                    let left: Vec<u64> = s
                        .lines
                        .iter()
                        .map(|r| r.no)
                        .filter(|no| !near.lines.contains(no))
                        .collect();
                    n = left.len() as u64;
                    first = left.first().copied().unwrap_or(first);
                }
                if n == 0 {
                    continue;
                }
                warnings.push(Warning {
                    line: first,
                    message: format!(
                        "{n} line{} here and after look like message headers of another layout ('{}') and {} kept as text of the message before",
                        if n == 1 { "" } else { "s" },
                        s.example(),
                        if n == 1 { "was" } else { "were" },
                    ),
                });
            }
        }
        let family: Vec<&Stats> = [Some(b), t].into_iter().flatten().collect();
        let first = family
            .iter()
            .min_by_key(|s| s.first_line)
            .copied()
            .unwrap_or(b);
        Ok(Detection {
            grammar: Grammar {
                shape: b.shape,
                mode: b.mode,
                order,
                ampm,
                layout: layout.clone(),
                both_clocks: t.is_some(),
                start_year,
                near: near.shapes,
                span,
            },
            dialect: Dialect {
                layout,
                platform,
                date_order: order,
                clock,
                confidence,
                example: b.example(),
                reason,
            },
            participants: merge_authors(&family, near.authors),
            headers: family.iter().map(|s| s.count).sum::<u64>() + near.headers,
            notice_author: first.notice_author.clone(),
            subject: family
                .iter()
                .filter_map(|s| s.subject.as_ref())
                .max_by_key(|(_, line)| *line)
                .map(|(name, _)| name.clone()),
            span,
            warnings,
        })
    }

    /// The shape most headers have (index), and its twin on the other clock when the file has one: the same
    /// template in 12 and 24 hours is one layout (the phone's clock setting changed), when both clocks are sure.
    fn family(&self) -> Option<(usize, Option<usize>)> {
        let twin_of = |i: usize| {
            let s = &self.shapes[i];
            (s.mode == Mode::Token && s.known_clock())
                .then(|| {
                    self.shapes.iter().position(|t| {
                        t.mode == Mode::Token
                            && t.shape != s.shape
                            && t.shape.clockless() == s.shape.clockless()
                            && t.known_clock()
                    })
                })
                .flatten()
        };
        let best = (0..self.shapes.len())
            .filter(|&i| {
                self.shapes[i].shape.sep != Sep::End && self.shapes[i].ampm_table().is_some()
            })
            .max_by_key(|&i| {
                let s = &self.shapes[i];
                let family = s.count + twin_of(i).map_or(0, |t| self.shapes[t].count);
                (
                    family,
                    s.count,
                    s.mode == Mode::Token,
                    std::cmp::Reverse(s.first_line),
                )
            })?;
        Some((best, twin_of(best)))
    }
}

/// The span of two shapes' headers together.
fn union(
    a: Option<(NaiveDate, NaiveDate)>,
    b: Option<(NaiveDate, NaiveDate)>,
) -> Option<(NaiveDate, NaiveDate)> {
    match (a, b) {
        (Some((a0, a1)), Some((b0, b1))) => Some((a0.min(b0), a1.max(b1))),
        (a, b) => a.or(b),
    }
}

/// The authors of the shapes of one layout and of `more` (lines one place away from it, with their line), each
/// once with all their messages, in order of first message.
fn merge_authors(family: &[&Stats], more: Vec<(u64, Participant)>) -> Vec<Participant> {
    if let ([only], true) = (family, more.is_empty()) {
        return only.authors.clone();
    }
    let mut all: Vec<(u64, Participant)> = Vec::new();
    let mut index: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let each = family
        .iter()
        .flat_map(|s| {
            s.author_first
                .iter()
                .copied()
                .zip(s.authors.iter().cloned())
        })
        .chain(more);
    for (first, p) in each {
        match index.get(p.name.as_str()) {
            Some(&i) => {
                all[i].1.messages += p.messages;
                all[i].0 = all[i].0.min(first);
            }
            None => {
                index.insert(p.name.clone(), all.len());
                all.push((first, p));
            }
        }
    }
    all.sort_by_key(|(first, _)| *first);
    all.into_iter().map(|(_, p)| p).collect()
}

/// `this header` or `N headers from here on`, and the verb for it.
fn these(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("the header here {one}")
    } else {
        format!("{n} headers from here on {many}")
    }
}

/// The warning that says how the years a file leaves out were chosen.
fn years_note(
    yearless: u64,
    written: Option<(u64, i32)>,
    from_export: Option<i32>,
    export: &ExportDate,
) -> String {
    let headers = these(yearless, "leaves", "leave");
    let why = "the year out (older Android did for the current year)";
    match (written, from_export) {
        (Some((line, year)), _) => format!(
            "{headers} {why}: each takes the year of the nearest header that writes one (line {line}: {year}), one \
             more at each turn of the year"
        ),
        (None, last) => {
            let from = match export {
                ExportDate::Year(_) => "--year".to_string(),
                ExportDate::Date(date, from) => format!("{from}, {date}"),
            };
            format!(
                "{headers} {why} and no header writes one: the last is taken to be in {}, from {from}, and the \
                 years before it counted back at each turn of the year; if they are wrong, pass --year with the \
                 last message's year",
                last.unwrap_or_default()
            )
        }
    }
}

/// At most `max` characters of `s`, control characters shown escaped, with `…` when cut.
pub fn shorten(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        crate::text::push_shown(&mut out, c);
    }
    out
}
