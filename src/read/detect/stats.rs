//! Counters for one header shape, and what they decide: the day/month order, the AM/PM words, the layout.
//!
//! Takes each header of one shape, in file order (from [`super::Detector`]); gives its evidence and decisions.
//! Memory stays constant: counters, never the lines.

use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

use super::years::Years;
use super::{AmPmTable, shorten};
use crate::locale::ampm;
use crate::model::{Confidence, DateOrder, Participant, Role};
use crate::read::classify::Classifier;
use crate::read::header::{self, AmPmPos, Header, Mode, MonthWord, Shape, YearMark};

/// At most this many distinct AM/PM tokens per shape; more means the "token" is really an author name.
const MAX_TOKENS: usize = 8;

/// Counters for one header shape.
pub(super) struct Stats {
    pub(super) shape: Shape,
    pub(super) mode: Mode,
    pub(super) count: u64,
    pub(super) first_line: u64,
    pub(super) max: [u32; 3],
    pub(super) max_digits: [u8; 3],
    /// Per position: how many dates have this part above 12, and the first such line.
    pub(super) above12: [(u64, u64); 3],
    pub(super) prev: [u32; 3],
    /// How the date before was written: digits per part, and era.
    pub(super) prev_written: ([u8; 3], u16),
    /// Backward date jumps under the readings DMY, MDY, YMD.
    pub(super) backward: [u64; 3],
    /// Per position: how often the part changed from one header to the next.
    pub(super) changes: [u64; 3],
    pub(super) tokens: Vec<Token>,
    pub(super) token_overflow: bool,
    pub(super) prev_token: Option<usize>,
    pub(super) authors: Vec<Participant>,
    pub(super) author_index: HashMap<String, usize>,
    /// The line of each author's first message (beside `authors`), to merge the authors of two shapes in order.
    pub(super) author_first: Vec<u64>,
    pub(super) notice_author: Option<String>,
    /// The group's name from the last event that set it, and that event's line.
    pub(super) subject: Option<(String, u64)>,
    /// Per reading (DMY, MDY, YMD): the earliest and latest date.
    pub(super) span: [Option<(DateKey, DateKey)>; 3],
    /// The first header as written (the line up to the body), whole.
    pub(super) first_header: String,
    /// Per date part: a leading zero was seen (`05`); a single digit was seen (`5`).
    pub(super) zero: [bool; 3],
    pub(super) single: [bool; 3],
    /// The same for the hour.
    pub(super) hour_zero: bool,
    pub(super) hour_single: bool,
    /// For months written as words: which of the detector's year counters this shape's headers count in.
    pub(super) years: Option<usize>,
    /// Whether the first header writes its year; how many headers do otherwise, and the first of them as written.
    pub(super) first_has_year: bool,
    pub(super) other_form: u64,
    pub(super) other_header: Option<String>,
    /// Each month's spellings (month, as written, how often), for writing `{MMM}` back.
    pub(super) month_words: Vec<(u32, String, u64)>,
    /// The first headers one by one, for a shape one place away from the layout (decided line by line), and
    /// whether there were more.
    pub(super) lines: Vec<LineRec>,
    pub(super) lines_full: bool,
}

/// One header of a shape: its line, its date as written, and its author (an index into `authors`).
#[derive(Clone, Copy, Debug)]
pub(super) struct LineRec {
    pub(super) no: u64,
    pub(super) parts: [u32; 3],
    pub(super) digits: [u8; 3],
    pub(super) era: u16,
    pub(super) author: Option<u32>,
    /// Its body names an author (`Name: `), as [`header::split_author`] finds one.
    pub(super) named: bool,
}

/// Headers kept one by one per shape.
const MAX_LINES: usize = 128;

/// At most this many month spellings are kept per shape.
const MAX_MONTH_WORDS: usize = 48;

/// A header's date numbers, with the key that orders them under one reading.
#[derive(Clone, Copy, Debug)]
pub(super) struct DateKey {
    pub(super) key: [u32; 3],
    pub(super) parts: [u32; 3],
    pub(super) digits: [u8; 3],
    pub(super) era: u16,
}

pub(super) struct Token {
    norm: String,
    /// The first spelling seen (`PM`, `p. m.`), for writing headers back.
    raw: String,
    count: u64,
    max_hour: u32,
    /// How often this token was followed by another token within the same date.
    before: Vec<(usize, u64)>,
}

impl Stats {
    pub(super) fn new(shape: Shape, mode: Mode, no: u64, first_header: &str) -> Self {
        Stats {
            shape,
            mode,
            count: 0,
            first_line: no,
            max: [0; 3],
            max_digits: [0; 3],
            above12: [(0, 0); 3],
            prev: [0; 3],
            prev_written: ([0; 3], 0),
            backward: [0; 3],
            changes: [0; 3],
            tokens: Vec::new(),
            token_overflow: false,
            prev_token: None,
            authors: Vec::new(),
            author_index: HashMap::default(),
            author_first: Vec::new(),
            notice_author: None,
            subject: None,
            span: [None; 3],
            first_header: first_header.to_string(),
            zero: [false; 3],
            single: [false; 3],
            hour_zero: false,
            hour_single: false,
            years: None,
            first_has_year: true,
            other_form: 0,
            other_header: None,
            month_words: Vec::new(),
            lines: Vec::new(),
            lines_full: false,
        }
    }

    /// For a header with its month as a word: its year (counted in `years`) put in its parts, and its spelling
    /// and form (year written or not) counted.
    fn named(&mut self, no: u64, line: &str, h: &Header<'_>, years: &mut Years) -> Header<'static> {
        let (month, day) = match h.shape.month {
            MonthWord::BeforeDay => (h.parts[0], h.parts[1]),
            _ => (h.parts[1], h.parts[0]),
        };
        let written = h.has_year().then(|| h.parts[2] as i32);
        let year = years.step(no, month, day, written);
        if self.count == 1 {
            self.first_has_year = h.has_year();
        } else if h.has_year() != self.first_has_year {
            self.other_form += 1;
            if self.other_header.is_none() {
                self.other_header = Some(line[..h.body].to_string());
            }
        }
        match self
            .month_words
            .iter()
            .position(|(m, w, _)| *m == month && w == h.month)
        {
            Some(i) => self.month_words[i].2 += 1,
            None if self.month_words.len() < MAX_MONTH_WORDS => {
                self.month_words.push((month, h.month.to_string(), 1));
            }
            None => {}
        }
        let mut parts = h.parts;
        parts[2] = u32::try_from(year).unwrap_or(0);
        let mut digits = h.digits;
        digits[2] = 4;
        Header {
            parts,
            digits,
            ampm: "",
            month: "",
            ..*h
        }
    }

    pub(super) fn add(
        &mut self,
        no: u64,
        line: &str,
        h: &Header<'_>,
        classifier: &mut Classifier,
        years: Option<&mut Years>,
        every_date: bool,
    ) {
        self.count += 1;
        let written = (self.lines.len() < MAX_LINES).then(|| LineRec {
            no,
            parts: h.parts,
            digits: h.digits,
            era: h.era,
            author: None,
            named: header::split_author(&line[h.body..]).is_some(),
        });
        let dated;
        let h = match years {
            Some(years) if h.shape.month != MonthWord::None => {
                dated = Header {
                    ampm: h.ampm,
                    month: h.month,
                    ..self.named(no, line, h, years)
                };
                &dated
            }
            _ => h,
        };
        let p = h.parts;
        let same_date = self.count >= 2 && self.prev == p;
        // why: most messages share their day with the one before; a date written exactly as the last one changes
        // none of the date counters (no part above 12 or maximum not seen, no jump back, no change, no new end of
        // the span), so they are left as they are.
        if every_date || !(same_date && self.prev_written == (h.digits, h.era)) {
            self.add_date(no, h);
        }
        self.prev_written = (h.digits, h.era);
        self.hour_zero |= h.hour_digits == 2 && h.hour < 10;
        self.hour_single |= h.hour_digits == 1;
        self.prev = p;
        if !h.ampm.is_empty() {
            self.add_token(h, same_date);
        }
        let author = self.add_author(no, line, h, classifier);
        match written {
            Some(rec) => self.lines.push(LineRec { author, ..rec }),
            None => self.lines_full = true,
        }
    }

    /// Counts the author of a header (or its event, for a system message); gives the author's index.
    fn add_author(
        &mut self,
        no: u64,
        line: &str,
        h: &Header<'_>,
        classifier: &mut Classifier,
    ) -> Option<u32> {
        let head = classifier.head(&line[h.body..], self.count == 1);
        let name = head.author;
        if let Some(event) = head.system {
            if self.count == 1 && !name.is_empty() {
                self.notice_author = Some(name.into_owned());
            }
            if let Some(subject) = event.subject {
                self.subject = Some((subject, no));
            }
            return None;
        }
        if name.is_empty() {
            return None;
        }
        let i = match self.author_index.get(name.as_ref()) {
            Some(&i) => {
                self.authors[i].messages += 1;
                i
            }
            None => {
                self.author_index
                    .insert(name.to_string(), self.authors.len());
                self.author_first.push(no);
                self.authors.push(Participant {
                    name: name.into_owned(),
                    messages: 1,
                    role: Role::User,
                    me: false,
                });
                self.authors.len() - 1
            }
        };
        u32::try_from(i).ok()
    }

    /// The date counters of one header (`self.prev` is still the header before).
    pub(super) fn add_date(&mut self, no: u64, h: &Header<'_>) {
        let p = h.parts;
        for (k, &v) in p.iter().enumerate() {
            self.max[k] = self.max[k].max(v);
            self.max_digits[k] = self.max_digits[k].max(h.digits[k]);
            if v > 12 {
                if self.above12[k].0 == 0 {
                    self.above12[k].1 = no;
                }
                self.above12[k].0 += 1;
            }
        }
        // why: Android stamps the first line (the encryption notice) with the export time, so the comparison
        // between the first and second header says nothing about the order.
        if self.count >= 3 {
            let (now, before) = (readings(p), readings(self.prev));
            for r in 0..3 {
                self.backward[r] += u64::from(now[r] < before[r]);
            }
        }
        if self.count >= 2 {
            for (k, &v) in p.iter().enumerate() {
                self.changes[k] += u64::from(v != self.prev[k]);
            }
        }
        for (k, (&v, &digits)) in p.iter().zip(&h.digits).enumerate() {
            self.zero[k] |= digits == 2 && v < 10;
            self.single[k] |= digits == 1;
        }
        // A layout that writes the month as a word keeps its span with its years (`years.rs`).
        if h.shape.month != MonthWord::None {
            return;
        }
        let now = readings(p);
        for (r, span) in self.span.iter_mut().enumerate() {
            let mut key = now[r];
            // why: one Japanese chat can span two eras (`H31` then `R1`); the era's start orders them.
            if r < 2 {
                key[0] += u32::from(h.era);
            }
            let d = DateKey {
                key,
                parts: p,
                digits: h.digits,
                era: h.era,
            };
            // why: a hand-edited impossible date (`31/02/2022`, fixture android-en_GB-oddities) is no day of
            // the chat's span; checked only for a date that would widen it, which few do.
            let real = || {
                let order = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd][r];
                header::date(p, h.digits, h.era, h.shape.year_mark, order).is_some()
            };
            match span {
                None if real() => *span = Some((d, d)),
                None => {}
                Some((lo, hi)) => {
                    if key < lo.key && real() {
                        *lo = d;
                    }
                    if key > hi.key && real() {
                        *hi = d;
                    }
                }
            }
        }
    }

    /// The earliest and latest real date of this shape's headers in date order `order` (for numbers; a layout
    /// with month words keeps its span with its years).
    pub(super) fn span_in(&self, order: DateOrder) -> Option<(NaiveDate, NaiveDate)> {
        let r = match order {
            DateOrder::Dmy => 0,
            DateOrder::Mdy => 1,
            DateOrder::Ymd => 2,
        };
        let date = |d: DateKey| header::date(d.parts, d.digits, d.era, self.shape.year_mark, order);
        let (lo, hi) = self.span[r]?;
        Some((date(lo)?, date(hi)?))
    }

    /// Whether this shape's clock is surely one: a 24-hour one, or every AM/PM word known (a 12-hour and a
    /// 24-hour shape of one template are one layout only then: unknown words after a time may be names).
    pub(super) fn known_clock(&self) -> bool {
        self.shape.ampm == AmPmPos::None
            || (!self.token_overflow && self.tokens.iter().all(|t| ampm::known(&t.norm).is_some()))
    }

    /// The first header, shortened, for people.
    pub(super) fn example(&self) -> String {
        shorten(self.first_header.trim_end(), 80)
    }

    /// How this shape's headers are written, to write them back (`None` when the template cannot say it).
    pub(super) fn layout(&self, order: DateOrder, ampm: &AmPmTable) -> Option<header::Layout> {
        // Of a layout that leaves the year out now and then, the form most headers take.
        let text = match &self.other_header {
            Some(other) if 2 * self.other_form > self.count => other,
            _ => &self.first_header,
        };
        let h = header::scan(text, self.mode)?;
        let seen = |zero: bool, single: bool| match (zero, single) {
            (true, _) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
        let pad = [0, 1, 2].map(|k| seen(self.zero[k], self.single[k]));
        // The most frequent spelling of each of AM and PM.
        let spelling = |pm: bool| {
            self.tokens
                .iter()
                .filter(|t| {
                    ampm.iter()
                        .any(|(n, p)| *p == pm && ampm::matches(&t.raw, n))
                })
                .max_by_key(|t| t.count)
                .map(|t| t.raw.clone())
        };
        // The most frequent spelling of each month.
        let months = (h.shape.month != MonthWord::None).then(|| {
            Box::new(std::array::from_fn(|k| {
                self.month_words
                    .iter()
                    .filter(|(m, _, _)| *m as usize == k + 1)
                    .max_by_key(|(_, _, n)| *n)
                    .map(|(_, w, _)| w.clone())
            }))
        });
        header::learn_layout(
            text,
            &h,
            order,
            header::Seen {
                pad,
                hour_pad: seen(self.hour_zero, self.hour_single),
                am: spelling(false),
                pm: spelling(true),
                months,
            },
        )
    }

    pub(super) fn add_token(&mut self, h: &Header<'_>, same_date: bool) {
        let idx = match self
            .tokens
            .iter()
            .position(|t| ampm::matches(h.ampm, &t.norm))
        {
            Some(i) => i,
            None if self.tokens.len() < MAX_TOKENS => {
                let norm = ampm::normalize(h.ampm);
                self.tokens.push(Token {
                    norm,
                    raw: h.ampm.to_string(),
                    count: 0,
                    max_hour: 0,
                    before: Vec::new(),
                });
                self.tokens.len() - 1
            }
            None => {
                self.token_overflow = true;
                return;
            }
        };
        let t = &mut self.tokens[idx];
        t.count += 1;
        t.max_hour = t.max_hour.max(h.hour);
        if let Some(prev) = self.prev_token
            && same_date
            && prev != idx
        {
            let before = &mut self.tokens[prev].before;
            match before.iter_mut().find(|(i, _)| *i == idx) {
                Some((_, n)) => *n += 1,
                None => before.push((idx, 1)),
            }
        }
        self.prev_token = Some(idx);
    }

    /// The AM/PM table of this shape, or `None` when its "tokens" cannot be AM/PM markers (too many distinct
    /// words, or words next to hours above 12: then they are author names). The note explains a guess.
    pub(super) fn ampm_table(&self) -> Option<(AmPmTable, Option<String>)> {
        if self.shape.ampm == AmPmPos::None {
            return Some((Vec::new(), None));
        }
        if self.token_overflow {
            return None;
        }
        let mut table = Vec::new();
        let mut unknown = Vec::new();
        for (i, t) in self.tokens.iter().enumerate() {
            match ampm::known(&t.norm) {
                Some(pm) => table.push((t.norm.clone(), pm)),
                None => unknown.push(i),
            }
        }
        if unknown.len() > 2 || unknown.iter().any(|&i| self.tokens[i].max_hour > 12) {
            return None;
        }
        let mut note = None;
        match unknown.as_slice() {
            [] => {}
            [u] => {
                // One unknown word: the opposite of the known one, if there is one.
                let pm = match table.first() {
                    Some((_, known_pm)) => !known_pm,
                    None => {
                        note = Some(format!(
                            "cannot tell whether '{}' means AM or PM; read as AM (hours kept as written)",
                            self.tokens[*u].norm
                        ));
                        false
                    }
                };
                table.push((self.tokens[*u].norm.clone(), pm));
            }
            [a, b] => {
                // why: the file is in an AM/PM language we do not know; within one day the AM word comes first.
                let count = |x: usize, y: usize| {
                    self.tokens[x]
                        .before
                        .iter()
                        .find(|(i, _)| *i == y)
                        .map_or(0, |(_, n)| *n)
                };
                let (am, pm) = if count(*b, *a) > count(*a, *b) {
                    (*b, *a)
                } else {
                    (*a, *b)
                };
                note = Some(format!(
                    "learned AM/PM words from the file: '{}' = AM, '{}' = PM",
                    self.tokens[am].norm, self.tokens[pm].norm
                ));
                table.push((self.tokens[am].norm.clone(), false));
                table.push((self.tokens[pm].norm.clone(), true));
            }
            _ => return None,
        }
        Some((table, note))
    }

    /// The day/month order, its confidence, and the reason in words.
    pub(super) fn decide_order(&self) -> (DateOrder, Confidence, String) {
        let word = || {
            header::scan(&self.first_header, self.mode)
                .map_or(String::new(), |h| h.month.to_string())
        };
        match self.shape.month {
            MonthWord::None => {}
            MonthWord::AfterDay => {
                return (
                    DateOrder::Dmy,
                    Confidence::Certain,
                    format!(
                        "line {}: the month is a word after the day ('{}')",
                        self.first_line,
                        word()
                    ),
                );
            }
            MonthWord::BeforeDay => {
                return (
                    DateOrder::Mdy,
                    Confidence::Certain,
                    format!(
                        "line {}: the month is a word before the day ('{}')",
                        self.first_line,
                        word()
                    ),
                );
            }
        }
        let year_first = self.max_digits[0] >= 3 || self.max[0] > 31;
        let year_last =
            self.max_digits[2] >= 3 || self.max[2] > 31 || self.shape.year_mark != YearMark::None;
        if year_first && !year_last {
            return (
                DateOrder::Ymd,
                Confidence::Certain,
                "the year comes first (a four-digit or above-31 first part)".into(),
            );
        }
        let (n0, l0) = self.above12[0];
        let (n1, l1) = self.above12[1];
        match (n0 > 0, n1 > 0) {
            (true, false) => {
                return (
                    DateOrder::Dmy,
                    Confidence::Certain,
                    format!("line {l0}: the first part is above 12, so it is the day"),
                );
            }
            (false, true) => {
                return (
                    DateOrder::Mdy,
                    Confidence::Certain,
                    format!("line {l1}: the second part is above 12, so it is the day"),
                );
            }
            (true, true) => {
                let order = dmy_if(n0 >= n1);
                return (
                    order,
                    Confidence::Inferred,
                    format!(
                        "dates disagree: {n0} have a first part above 12 (line {l0}), {n1} a second part (line {l1})"
                    ),
                );
            }
            (false, false) => {}
        }
        let [bd, bm, _] = self.backward;
        if bd != bm {
            let order = dmy_if(bd < bm);
            return (
                order,
                Confidence::Inferred,
                format!(
                    "read as day/month the dates go backwards {bd} times, as month/day {bm} times"
                ),
            );
        }
        let [c0, c1, _] = self.changes;
        if c0 != c1 {
            let order = dmy_if(c0 > c1);
            let which = if c0 > c1 { "first" } else { "second" };
            return (
                order,
                Confidence::Inferred,
                format!("the {which} part changes more often, like a day"),
            );
        }
        // why: region decides the order; `M/D/YY, ` with a two-digit year and a comma is the US style
        // (Android en-US `1/29/18, 12:24 PM`, iOS `[3/27/22, 21:41:35]`); everything else defaults to day first.
        let us = self.shape.date_sep == b'/'
            && self.max_digits[2] <= 2
            && self.shape.glue == header::glue_hash(", ");
        if us {
            (
                DateOrder::Mdy,
                Confidence::Assumed,
                "M/D/YY with a comma is the US style".into(),
            )
        } else {
            (
                DateOrder::Dmy,
                Confidence::Assumed,
                "day first is the most common style for this layout".into(),
            )
        }
    }
}

/// A date's parts as (year, month, day) under the readings DMY, MDY and YMD, for comparing dates.
fn readings(p: [u32; 3]) -> [[u32; 3]; 3] {
    [[p[2], p[1], p[0]], [p[2], p[0], p[1]], [p[0], p[1], p[2]]]
}

fn dmy_if(day_first: bool) -> DateOrder {
    if day_first {
        DateOrder::Dmy
    } else {
        DateOrder::Mdy
    }
}
