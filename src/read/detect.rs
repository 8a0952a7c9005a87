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
use rustc_hash::FxHashMap as HashMap;

use crate::model::{Clock, Confidence, DateOrder, Dialect, Participant, Platform, Role, Warning};
use crate::read::classify::Classifier;
use crate::read::header::{self, AmPmPos, Header, Miss, Mode, Scanner, Sep, Shape, YearMark};

/// At most this many distinct header shapes are tracked; lines of further shapes are continuation text.
const MAX_SHAPES: usize = 32;
/// At most this many distinct AM/PM tokens per shape; more means the "token" is really an author name.
const MAX_TOKENS: usize = 8;

/// AM/PM spellings WhatsApp writes, normalized (lower case, no dots or spaces), and whether each means PM.
/// Unknown spellings are learned from the file: see [`Stats::ampm_table`].
const KNOWN_AMPM: &[(&str, bool)] = &[
    ("am", false),
    ("pm", true),
    ("ص", false),
    ("م", true),
    ("inthemorning", false),
    ("intheafternoon", true),
    ("intheevening", true),
    ("atnight", true),
    ("noon", true),
    ("vorm", false),
    ("nachm", true),
    ("morgens", false),
    ("mittags", true),
    ("abends", true),
    ("nachts", false),
    ("오전", false),
    ("오후", true),
    ("午前", false),
    ("午後", true),
    ("上午", false),
    ("下午", true),
    ("凌晨", false),
    ("早上", false),
    ("中午", true),
    ("晚上", true),
    ("sa", false),
    ("ch", true),
    ("πμ", false),
    ("μμ", true),
    ("damanhã", false),
    ("datarde", true),
    ("danoite", true),
    ("damadrugada", false),
    ("fm", false),
    ("em", true),
    ("ap", false),
    ("ip", true),
    ("de", false),
    ("du", true),
    ("öö", false),
    ("ös", true),
    ("vm", false),
    ("nm", true),
    ("дп", false),
    ("пп", true),
    ("пд", false),
    ("ق.ظ", false),
    ("ب.ظ", true),
    ("قبلازظهر", false),
    ("بعدازظهر", true),
    ("พ", true),
    ("ก", false),
    ("पूर्वाह्न", false),
    ("अपराह्न", true),
];

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
}

impl Grammar {
    /// Whether an AM/PM token as written means PM in this file (unknown tokens read as AM).
    pub fn is_pm(&self, token: &str) -> bool {
        self.ampm
            .iter()
            .find(|(t, _)| ampm_matches(token, t))
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
    detector.finish(None).map_or(0, |d| d.headers)
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
    last: usize,
    first_line: Option<String>,
    binary: bool,
    /// Every header's date goes through the date counters, even one written as the one before (set only by the
    /// test that holds that shortcut to the full count).
    #[cfg(test)]
    every_date: bool,
}

/// Counters for one header shape.
struct Stats {
    shape: Shape,
    mode: Mode,
    count: u64,
    first_line: u64,
    max: [u32; 3],
    max_digits: [u8; 3],
    /// Per position: how many dates have this part above 12, and the first such line.
    above12: [(u64, u64); 3],
    prev: [u32; 3],
    /// How the date before was written: digits per part, and era.
    prev_written: ([u8; 3], u16),
    /// Backward date jumps under the readings DMY, MDY, YMD.
    backward: [u64; 3],
    /// Per position: how often the part changed from one header to the next.
    changes: [u64; 3],
    tokens: Vec<Token>,
    token_overflow: bool,
    prev_token: Option<usize>,
    authors: Vec<Participant>,
    author_index: HashMap<String, usize>,
    notice_author: Option<String>,
    subject: Option<String>,
    /// Per reading (DMY, MDY, YMD): the earliest and latest date.
    span: [Option<(DateKey, DateKey)>; 3],
    /// The first header as written (the line up to the body), whole.
    first_header: String,
    /// Per date part: a leading zero was seen (`05`); a single digit was seen (`5`).
    zero: [bool; 3],
    single: [bool; 3],
    /// The same for the hour.
    hour_zero: bool,
    hour_single: bool,
}

/// A header's date numbers, with the key that orders them under one reading.
#[derive(Clone, Copy, Debug)]
struct DateKey {
    key: [u32; 3],
    parts: [u32; 3],
    digits: [u8; 3],
    era: u16,
}

struct Token {
    norm: String,
    /// The first spelling seen (`PM`, `p. m.`), for writing headers back.
    raw: String,
    count: u64,
    max_hour: u32,
    /// How often this token was followed by another token within the same date.
    before: Vec<(usize, u64)>,
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
        // why: without a known AM/PM word, letters after the time may be the author of a header that has no
        // separator (`02-12-18 22:55:45 Ewout: hi`); count that reading too and let the file decide. A line that
        // `Token` finds no header of either kind in is not read twice.
        let other_reading = match &token {
            Ok(h) => h.shape.ampm == AmPmPos::After && lookup_known(h.ampm).is_none(),
            Err(miss) => *miss == Miss::ThisMode,
        };
        if other_reading
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
                    self.shapes
                        .push(Stats::new(h.shape, mode, no, &line[..h.body]));
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
        self.shapes[idx].add(no, line, h, &mut self.classifier, every_date);
    }

    /// Decides the dialect. `forced` is the `--date-order` value, if given.
    pub fn finish(self, forced: Option<DateOrder>) -> Result<Detection, NoHeader> {
        let best = self
            .shapes
            .iter()
            .filter(|s| s.ampm_table().is_some())
            .max_by_key(|s| {
                (
                    s.count,
                    s.mode == Mode::Token,
                    std::cmp::Reverse(s.first_line),
                )
            });
        let Some(best) = best else {
            return Err(NoHeader {
                first_line: self.first_line,
                binary: self.binary,
            });
        };
        let mut warnings = Vec::new();
        let (ampm, ampm_note) = best.ampm_table().unwrap_or_default();
        if let Some(note) = ampm_note {
            warnings.push(Warning {
                line: best.first_line,
                message: note,
            });
        }
        let (order, confidence, reason) = match forced {
            Some(order) => (
                order,
                Confidence::Forced,
                "given with --date-order".to_string(),
            ),
            None => best.decide_order(),
        };
        if confidence == Confidence::Assumed {
            let other = if order == DateOrder::Dmy {
                "mdy"
            } else {
                "dmy"
            };
            warnings.push(Warning {
                line: best.first_line,
                message: format!(
                    "the day/month order cannot be told from these dates; assumed {} ({reason}); if dates look wrong, pass --date-order {other}",
                    order.name()
                ),
            });
        }
        if best.mode == Mode::Token {
            for s in self
                .shapes
                .iter()
                .filter(|s| s.mode == Mode::Token && s.shape != best.shape)
            {
                let n = s.count;
                warnings.push(Warning {
                    line: s.first_line,
                    message: format!(
                        "{n} line{} here and after look like message headers of another layout ('{}') and {} kept as text of the message before",
                        if n == 1 { "" } else { "s" },
                        s.example(),
                        if n == 1 { "was" } else { "were" },
                    ),
                });
            }
        }
        let platform = match best.shape.sep {
            Sep::Bracket => Platform::Ios,
            Sep::Dash => Platform::Android,
            Sep::Colon | Sep::Space => Platform::Legacy,
        };
        let clock = if best.shape.ampm == AmPmPos::None {
            Clock::H24
        } else {
            Clock::H12
        };
        let layout = best.layout(order, &ampm);
        Ok(Detection {
            grammar: Grammar {
                shape: best.shape,
                mode: best.mode,
                order,
                ampm,
                layout: layout.clone(),
            },
            dialect: Dialect {
                layout,
                platform,
                date_order: order,
                clock,
                confidence,
                example: best.example(),
                reason,
            },
            participants: best.authors.clone(),
            headers: best.count,
            notice_author: best.notice_author.clone(),
            subject: best.subject.clone(),
            span: best.span[match order {
                DateOrder::Dmy => 0,
                DateOrder::Mdy => 1,
                DateOrder::Ymd => 2,
            }]
            .and_then(|(lo, hi)| {
                let date = |d: DateKey| {
                    header::date(d.parts, d.digits, d.era, best.shape.year_mark, order)
                };
                Some((date(lo)?, date(hi)?))
            }),
            warnings,
        })
    }
}

impl Stats {
    fn new(shape: Shape, mode: Mode, no: u64, first_header: &str) -> Self {
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
            notice_author: None,
            subject: None,
            span: [None; 3],
            first_header: first_header.to_string(),
            zero: [false; 3],
            single: [false; 3],
            hour_zero: false,
            hour_single: false,
        }
    }

    fn add(
        &mut self,
        no: u64,
        line: &str,
        h: &Header<'_>,
        classifier: &mut Classifier,
        every_date: bool,
    ) {
        self.count += 1;
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
        let head = classifier.head(&line[h.body..], self.count == 1);
        let name = head.author;
        if let Some(event) = head.system {
            if self.count == 1 && !name.is_empty() {
                self.notice_author = Some(name.into_owned());
            }
            if event.subject.is_some() {
                self.subject = event.subject;
            }
            return;
        }
        if !name.is_empty() {
            match self.author_index.get(name.as_ref()) {
                Some(&i) => self.authors[i].messages += 1,
                None => {
                    self.author_index
                        .insert(name.to_string(), self.authors.len());
                    self.authors.push(Participant {
                        name: name.into_owned(),
                        messages: 1,
                        role: Role::User,
                        me: false,
                    });
                }
            }
        }
    }

    /// The date counters of one header (`self.prev` is still the header before).
    fn add_date(&mut self, no: u64, h: &Header<'_>) {
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

    /// The first header, shortened, for people.
    fn example(&self) -> String {
        shorten(self.first_header.trim_end(), 80)
    }

    /// How this shape's headers are written, to write them back (`None` when the template cannot say it).
    fn layout(&self, order: DateOrder, ampm: &AmPmTable) -> Option<header::Layout> {
        let h = header::scan(&self.first_header, self.mode)?;
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
                        .any(|(n, p)| *p == pm && ampm_matches(&t.raw, n))
                })
                .max_by_key(|t| t.count)
                .map(|t| t.raw.clone())
        };
        header::learn_layout(
            &self.first_header,
            &h,
            order,
            pad,
            seen(self.hour_zero, self.hour_single),
            spelling(false),
            spelling(true),
        )
    }

    fn add_token(&mut self, h: &Header<'_>, same_date: bool) {
        let idx = match self
            .tokens
            .iter()
            .position(|t| ampm_matches(h.ampm, &t.norm))
        {
            Some(i) => i,
            None if self.tokens.len() < MAX_TOKENS => {
                let norm = normalize_ampm(h.ampm);
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
    fn ampm_table(&self) -> Option<(AmPmTable, Option<String>)> {
        if self.shape.ampm == AmPmPos::None {
            return Some((Vec::new(), None));
        }
        if self.token_overflow {
            return None;
        }
        let mut table = Vec::new();
        let mut unknown = Vec::new();
        for (i, t) in self.tokens.iter().enumerate() {
            match lookup_known(&t.norm) {
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
    fn decide_order(&self) -> (DateOrder, Confidence, String) {
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

/// The characters of an AM/PM token in normalized form: lower case, without dots, spaces and marks
/// (`p. m.` → `pm`, `in the morning` → `inthemorning`).
fn normalized(token: &str) -> impl Iterator<Item = char> + '_ {
    token
        .chars()
        .filter(|c| *c != '.' && !c.is_whitespace() && !crate::text::marks::is_mark(*c))
        .flat_map(char::to_lowercase)
}

/// A token's normalized form, as stored in tables.
pub fn normalize_ampm(token: &str) -> String {
    normalized(token).collect()
}

/// Whether `token` as written normalizes to `norm`, without allocating (this runs once per 12h header).
pub fn ampm_matches(token: &str, norm: &str) -> bool {
    normalized(token).eq(norm.chars())
}

fn lookup_known(token: &str) -> Option<bool> {
    KNOWN_AMPM
        .iter()
        .find(|(t, _)| ampm_matches(token, t))
        .map(|(_, pm)| *pm)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Detection {
        let mut d = Detector::new();
        for (i, line) in text.lines().enumerate() {
            d.feed(i as u64 + 1, line);
        }
        d.finish(None)
            .unwrap_or_else(|e| panic!("no dialect: {e:?}"))
    }

    #[test]
    fn decides_the_order_and_says_how() {
        // (export, order, confidence)
        let cases: &[(&str, DateOrder, Confidence)] = &[
            (
                "23/03/2022, 13:31 - a: x\n18/03/2022, 14:56 - b: y",
                DateOrder::Dmy,
                Confidence::Certain,
            ),
            (
                "1/29/18, 12:24 PM - a: x\n2/1/18, 1:00 PM - b: y",
                DateOrder::Mdy,
                Confidence::Certain,
            ),
            (
                "[2019/11/21, 13:58:48] a: x",
                DateOrder::Ymd,
                Confidence::Certain,
            ),
            (
                "2023-12-20, 5:46 p.m. - a: x",
                DateOrder::Ymd,
                Confidence::Certain,
            ),
            // Soft evidence: month/day reading keeps dates in order; day/month would jump back.
            (
                "1/5/23, 10:00 - a: x\n1/2/23, 10:00 - a: x\n1/5/23, 10:00 - a: x\n1/9/23, 10:00 - a: x\n2/1/23, 10:00 - a: x\n2/3/23, 10:00 - a: x",
                DateOrder::Mdy,
                Confidence::Inferred,
            ),
            (
                "5/1/2023, 10:00 - a: x\n2/1/2023, 10:00 - a: x\n5/1/2023, 10:00 - a: x\n9/1/2023, 10:00 - a: x\n1/2/2023, 10:00 - a: x",
                DateOrder::Dmy,
                Confidence::Inferred,
            ),
            ("1/2/23, 10:00 - a: x", DateOrder::Mdy, Confidence::Assumed),
            (
                "01.02.23, 10:00 - a: x",
                DateOrder::Dmy,
                Confidence::Assumed,
            ),
            (
                "[3/18/2565 BE, 14:56:01] a: x\n[3/27/2565 BE, 14:56:01] a: x",
                DateOrder::Mdy,
                Confidence::Certain,
            ),
        ];
        for (text, order, confidence) in cases {
            let d = detect(text);
            assert_eq!(
                (d.grammar.order, d.dialect.confidence),
                (*order, *confidence),
                "{text}: {}",
                d.dialect.reason
            );
        }
    }

    #[test]
    fn the_dominant_shape_wins_and_others_stay_text() {
        let d = detect(
            "23/03/2022, 13:31 - a: x\n2016-04-29 10:30 - meeting\n24/03/2022, 13:31 - b: y",
        );
        assert_eq!((d.headers, d.dialect.platform), (2, Platform::Android));
        assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
        assert_eq!(
            d.participants
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn learns_unknown_ampm_words_from_their_order_within_a_day() {
        let d = detect(
            "1/2/23, 9:00 xa - a: x\n1/2/23, 3:00 yb - a: x\n1/3/23, 8:00 xa - a: x\n1/3/23, 4:00 yb - a: x",
        );
        assert_eq!(
            d.grammar.ampm,
            vec![("xa".to_string(), false), ("yb".to_string(), true)]
        );
        assert_eq!(d.dialect.clock, Clock::H12);
    }

    #[test]
    fn author_words_after_the_time_are_not_ampm() {
        let d = detect(
            "02-12-18 22:55:45 Ewout: hi\n03-12-18 09:55:45 Anna: ho\n04-12-18 12:00:00 Bert: x",
        );
        assert_eq!(
            (d.grammar.shape.sep, d.dialect.clock),
            (Sep::Space, Clock::H24)
        );
        assert_eq!(d.participants.len(), 3);
    }

    #[test]
    fn no_header_is_an_error_with_the_first_line() {
        let mut d = Detector::new();
        d.feed(1, "");
        d.feed(2, "# README");
        assert_eq!(
            d.finish(None),
            Err(NoHeader {
                first_line: Some("# README".into()),
                binary: false
            })
        );
    }

    proptest::proptest! {
        /// Leaving out the date counters for a date written as the one before gives the same detection as
        /// counting every date.
        #[test]
        fn a_repeated_date_changes_no_counter(headers in proptest::collection::vec(
            (0usize..4, proptest::bool::ANY, proptest::bool::ANY, 0u32..24),
            1..40,
        )) {
            let dates = [(3, 4, 2023), (3, 4, 23), (13, 4, 2023), (1, 12, 2022)];
            let mut text = String::new();
            for (d, pad, year2, hour) in headers {
                let (day, month, year) = dates[d];
                let year = if year2 { year % 100 } else { year };
                if pad {
                    text.push_str(&format!("{day:02}/{month:02}/{year}, {hour:02}:00 - Ana: x\n"));
                } else {
                    text.push_str(&format!("{day}/{month}/{year}, {hour}:00 - Ana: x\n"));
                }
            }
            let run = |every_date: bool| {
                let mut d = Detector::new();
                d.every_date = every_date;
                for (k, line) in text.lines().enumerate() {
                    d.feed(k as u64 + 1, line);
                }
                d.finish(None)
            };
            proptest::prop_assert_eq!(run(false), run(true));
        }
    }
}
