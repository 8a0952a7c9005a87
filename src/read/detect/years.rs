//! The years of headers that leave them out: older Android (2011-2014) wrote no year for the current one
//! (`00:01, 1 Jan - ` next to `19:23, 28 Aug 2013 - `).
//!
//! Takes the month and written year (if any) of each header of one layout, in file order; gives each header's year
//! ([`Carry`], the same rule in both passes), and for detection the first header's year and the span of dates once
//! the file is read ([`Years`]). A header takes the written year of the nearest header that has one, counting one
//! year up each time the month goes back (December, then January); when no header writes a year, the last one is
//! in the year of the export's date ([`ExportDate`]) and the years before it are counted back from there. It
//! does not read headers.

use chrono::{Datelike, NaiveDate};

/// When the export was made, as far as the reader knows: what years left out are counted back from when no
/// header writes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportDate {
    /// `--year`: the last message's year.
    Year(i32),
    /// A date, and where it came from, in words (`the zip entry's date`).
    Date(NaiveDate, String),
}

impl ExportDate {
    /// Today (UTC), when nothing says when the chat was exported.
    pub fn today() -> ExportDate {
        let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
        ExportDate::Date(
            now.date_naive(),
            "today's date (nothing says when the chat was exported)".into(),
        )
    }

    /// The year of a last header of month `month`, day `day`: the export's year, or the one before when that day
    /// comes later in the year than the export's.
    fn year_of_last(&self, month: u32, day: u32) -> i32 {
        match self {
            ExportDate::Year(y) => *y,
            ExportDate::Date(d, _) if (month, day) <= (d.month(), d.day()) => d.year(),
            ExportDate::Date(d, _) => d.year() - 1,
        }
    }
}

/// The year of each header, one after another: the parser's and detection's rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Carry {
    /// The year and month of the header before; month 0 before the first.
    year: i32,
    month: u32,
}

impl Carry {
    /// The year of the next header (month `month`, year `written` when it writes one), without counting it: the
    /// written year, else `start` for the first header, else the year before, one more when the month went back.
    pub fn next(&self, month: u32, written: Option<i32>, start: i32) -> i32 {
        match written {
            Some(y) => y,
            None if self.month == 0 => start,
            None => self.year + i32::from(month < self.month),
        }
    }

    /// [`Carry::next`], counting the header.
    pub fn step(&mut self, month: u32, written: Option<i32>, start: i32) -> i32 {
        let year = self.next(month, written, start);
        *self = Carry { year, month };
        year
    }
}

/// A date as (year, month, day), to compare.
type Ymd = (i32, u32, u32);

/// 29 February of years not known yet is kept apart (whether it is a day depends on the year); at most this many.
const MAX_LEAP_DAYS: usize = 64;

/// The years of one layout's headers in detection's pass. Until a header writes its year, years are counted from
/// the first header's, 0; the first written year, or at the end the export's date, fixes them.
#[derive(Clone, Debug, Default)]
pub struct Years {
    carry: Carry,
    /// The first header's year, once known.
    start: Option<i32>,
    /// Headers without a year, and the first one's line.
    pub yearless: u64,
    pub first_yearless: u64,
    /// The first header that writes its year: its line and year.
    pub written: Option<(u64, i32)>,
    last: Option<Ymd>,
    span: Option<(Ymd, Ymd)>,
    leap_days: Vec<i32>,
}

/// What [`Years::resolve`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The first header's year.
    pub start: i32,
    /// The earliest and latest real date.
    pub span: Option<(NaiveDate, NaiveDate)>,
    /// The last header's year, when the export's date gave it (no header writes a year).
    pub from_export: Option<i32>,
}

impl Years {
    /// Counts a header of day `day` and month `month`, with its written year if any; gives its year (counted from
    /// the first header's, 0, while no header has written one).
    pub fn step(&mut self, no: u64, month: u32, day: u32, written: Option<i32>) -> i32 {
        match written {
            Some(y) => {
                if self.start.is_none() {
                    // The years so far were counted from 0: the first written one says from what.
                    let counted = self.carry.next(month, None, 0);
                    self.shift(y - counted);
                }
                if self.written.is_none() {
                    self.written = Some((no, y));
                }
            }
            None => {
                if self.yearless == 0 {
                    self.first_yearless = no;
                }
                self.yearless += 1;
            }
        }
        let year = self.carry.step(month, written, self.start.unwrap_or(0));
        self.last = Some((year, month, day));
        let date = (year, month, day);
        if month == 2 && day == 29 && self.start.is_none() {
            if self.leap_days.len() < MAX_LEAP_DAYS {
                self.leap_days.push(year);
            }
        } else if NaiveDate::from_ymd_opt(
            if self.start.is_some() { year } else { 2000 },
            month,
            day,
        )
        .is_some()
        {
            self.widen(date);
        }
        year
    }

    /// Moves every year counted so far by `delta` (counted from 0 until now), and fixes the first header's.
    fn shift(&mut self, delta: i32) {
        self.start = Some(delta);
        if let Some((lo, hi)) = &mut self.span {
            lo.0 += delta;
            hi.0 += delta;
        }
        if let Some(last) = &mut self.last {
            last.0 += delta;
        }
        for y in &mut self.leap_days {
            *y += delta;
        }
    }

    fn widen(&mut self, date: Ymd) {
        self.span = Some(match self.span {
            None => (date, date),
            Some((lo, hi)) => (lo.min(date), hi.max(date)),
        });
    }

    /// The first header's year and the span, once the file is read: fixed by a written year, else by `export`.
    pub fn resolve(mut self, export: &ExportDate) -> Resolved {
        let mut from_export = None;
        if self.start.is_none() {
            let (year, month, day) = self.last.unwrap_or((0, 1, 1));
            let last = export.year_of_last(month, day);
            from_export = Some(last);
            self.shift(last - year);
        }
        for y in std::mem::take(&mut self.leap_days) {
            if NaiveDate::from_ymd_opt(y, 2, 29).is_some() {
                self.widen((y, 2, 29));
            }
        }
        let date = |(y, m, d): Ymd| NaiveDate::from_ymd_opt(y, m, d);
        Resolved {
            start: self.start.unwrap_or(0),
            span: self.span.and_then(|(lo, hi)| Some((date(lo)?, date(hi)?))),
            from_export,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (month, day, written year) of each header, the export's date, and the years every header gets.
    #[test]
    fn years_are_carried_and_counted_back() {
        let export = ExportDate::Date(
            NaiveDate::from_ymd_opt(2014, 3, 2).unwrap(),
            "the file's date".into(),
        );
        type Case = (&'static [(u32, u32, Option<i32>)], &'static [i32]);
        let cases: &[Case] = &[
            // Written years, then the current year left out: carried, one up at the turn of the year.
            (
                &[
                    (8, 28, Some(2013)),
                    (12, 31, Some(2013)),
                    (1, 1, None),
                    (2, 3, None),
                ],
                &[2013, 2013, 2014, 2014],
            ),
            // Left out before the first written year: counted back from it.
            (
                &[
                    (11, 2, None),
                    (12, 9, None),
                    (1, 4, None),
                    (3, 1, Some(2013)),
                ],
                &[2012, 2012, 2013, 2013],
            ),
            // No year at all: the last header is in the export's year (2 March is on or before 2 March).
            (
                &[(12, 30, None), (1, 2, None), (3, 2, None)],
                &[2013, 2014, 2014],
            ),
            // A last header later in the year than the export's date is in the year before.
            (&[(3, 5, None), (8, 11, None)], &[2013, 2013]),
        ];
        for (headers, want) in cases {
            let mut years = Years::default();
            let counted: Vec<i32> = headers
                .iter()
                .enumerate()
                .map(|(k, &(m, d, y))| years.step(k as u64 + 1, m, d, y))
                .collect();
            let resolved = years.resolve(&export);
            // The parser's pass gives every header its year from the first one's.
            let mut carry = Carry::default();
            let parsed: Vec<i32> = headers
                .iter()
                .map(|&(m, _, y)| carry.step(m, y, resolved.start))
                .collect();
            assert_eq!(parsed, *want, "{headers:?} (counted {counted:?})");
            let day = |y: i32, (m, d, _): (u32, u32, Option<i32>)| NaiveDate::from_ymd_opt(y, m, d);
            let lo = want
                .iter()
                .zip(*headers)
                .filter_map(|(&y, &h)| day(y, h))
                .min();
            let hi = want
                .iter()
                .zip(*headers)
                .filter_map(|(&y, &h)| day(y, h))
                .max();
            assert_eq!(resolved.span, lo.zip(hi), "{headers:?}");
        }
        // 29 February is a day only in a leap year: counted once the year is known.
        let mut years = Years::default();
        years.step(1, 2, 28, None);
        years.step(2, 2, 29, None);
        let r = years.resolve(&ExportDate::Year(2013));
        let feb28 = NaiveDate::from_ymd_opt(2013, 2, 28);
        assert_eq!(r.span, feb28.zip(feb28));
        let mut years = Years::default();
        years.step(1, 2, 28, None);
        years.step(2, 2, 29, None);
        let r = years.resolve(&ExportDate::Year(2012));
        assert_eq!(
            r.span,
            NaiveDate::from_ymd_opt(2012, 2, 28).zip(NaiveDate::from_ymd_opt(2012, 2, 29))
        );
    }
}
