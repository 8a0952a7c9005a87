//! WhatsApp wall-clock times to instants.
//!
//! Takes a zone named with `--tz` (an IANA name such as `Europe/Paris`, a fixed offset such as `+02:00`, or
//! `UTC`) or the machine's own; gives the UTC offset in force at each local time. It does not parse headers or
//! format output.
//!
//! WhatsApp writes the phone's local time with no zone, so a time that a daylight-saving change skips or repeats
//! has to be resolved by a rule, the same for every run:
//! - a time in a gap (spring forward: `02:30` on a night that jumps from `02:00` to `03:00`) is read with the offset
//!   in force before the gap, so it lands just after the change (`02:30` → `03:30` summer time);
//! - a time in an overlap (fall back: `02:30` happens twice) is the first of the two, the summer-time one.

use chrono::{Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::text::near;

/// A time zone for WhatsApp's wall-clock times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// A fixed offset from UTC.
    Fixed(FixedOffset),
    /// An IANA zone with its daylight-saving rules.
    Named(Tz),
}

/// The zone used when `--tz` is not given, and where it came from (for `inspect`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MachineZone {
    /// The zone.
    pub zone: Zone,
    /// The zone's name, e.g. `Europe/Paris`.
    pub name: String,
    /// Where the name came from, in words.
    pub from: &'static str,
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone::Fixed(match FixedOffset::east_opt(0) {
        Some(o) => o,
        None => panic!("0 is a valid offset"),
    });

    /// Parses a `--tz` value: `UTC`, `Z`, `+02:00`, `-0530`, `+2`, or an IANA name.
    pub fn parse(s: &str) -> Result<Zone, String> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("z") || t == "GMT" {
            return Ok(Zone::UTC);
        }
        if let Some(rest) = t.strip_prefix('+').or_else(|| t.strip_prefix('-')) {
            let sign = if t.starts_with('-') { -1 } else { 1 };
            let (h, m) = match rest.split_once(':') {
                Some((h, m)) => (h, m),
                None if rest.len() == 4 => rest.split_at(2),
                None => (rest, "0"),
            };
            let offset = match (h.parse::<i32>(), m.parse::<i32>()) {
                (Ok(h), Ok(m)) if h <= 14 && m < 60 => {
                    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
                }
                _ => None,
            };
            return offset
                .map(Zone::Fixed)
                .ok_or_else(|| format!("'{s}' is not an offset like +02:00 or -05:30"));
        }
        if let Ok(tz) = t.parse::<Tz>() {
            return Ok(Zone::Named(tz));
        }
        // why: `--tz europe/paris` or `America/New York` loses nothing; `--tz Paris` is one step away (issue 19).
        let typed = t.trim().replace(' ', "_").to_lowercase();
        if let Some(tz) = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(&typed))
        {
            return Ok(Zone::Named(*tz));
        }
        let keys: Vec<(String, &str)> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| {
                let name = tz.name();
                let key = match typed.contains('/') {
                    true => name,
                    false => name.rsplit('/').next().unwrap_or(name),
                };
                (key.to_lowercase(), name)
            })
            .collect();
        let near = near::nearest(&typed, keys.iter().map(|(k, n)| (k.as_str(), *n)), 3);
        let hint = match near.as_slice() {
            [] => String::new(),
            [one] => format!("; did you mean {one}?"),
            [rest @ .., last] => format!("; did you mean {} or {last}?", rest.join(", ")),
        };
        Err(format!(
            "'{s}' is not a time zone{hint} (use an IANA name such as Europe/Paris or America/New_York, UTC, or an offset such as +02:00)"
        ))
    }

    /// The machine's zone: `$TZ` when it names a zone, else the system setting, else UTC.
    pub fn machine() -> MachineZone {
        if let Ok(tz) = std::env::var("TZ") {
            // why: POSIX lets TZ start with ':' before a zone name.
            let name = tz.trim_start_matches(':');
            if let Ok(zone) = Zone::parse(name) {
                return MachineZone {
                    zone,
                    name: name.to_string(),
                    from: "the TZ environment variable",
                };
            }
        }
        if let Ok(name) = iana_time_zone::get_timezone()
            && let Ok(zone) = name.parse::<Tz>()
        {
            return MachineZone {
                zone: Zone::Named(zone),
                name,
                from: "this machine's time zone setting",
            };
        }
        MachineZone {
            zone: Zone::UTC,
            name: "UTC".into(),
            from: "no zone could be read from this machine, so UTC",
        }
    }

    /// The zone's name: `Europe/Paris`, `+02:00`.
    pub fn name(&self) -> String {
        match self {
            Zone::Fixed(o) => o.to_string(),
            Zone::Named(tz) => tz.name().to_string(),
        }
    }

    /// The offset from UTC, in seconds east, in force at local time `t` (gaps and overlaps as the module says).
    pub fn offset(&self, t: NaiveDateTime) -> i32 {
        match self {
            Zone::Fixed(o) => o.local_minus_utc(),
            Zone::Named(tz) => match tz.offset_from_local_datetime(&t) {
                LocalResult::Single(o) => o.fix().local_minus_utc(),
                LocalResult::Ambiguous(a, b) => {
                    // The first occurrence is the one with the larger offset (summer time).
                    a.fix().local_minus_utc().max(b.fix().local_minus_utc())
                }
                LocalResult::None => {
                    // why: no transition comes within a day of another, so a day earlier the old offset holds.
                    tz.offset_from_utc_datetime(&(t - Duration::hours(26)))
                        .fix()
                        .local_minus_utc()
                }
            },
        }
    }

    /// Unix seconds of local time `t`.
    pub fn unix(&self, t: NaiveDateTime) -> i64 {
        t.and_utc().timestamp() - i64::from(self.offset(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn parses_names_and_offsets() {
        let cases: &[(&str, Option<i32>)] = &[
            ("UTC", Some(0)),
            ("z", Some(0)),
            ("+02:00", Some(7200)),
            ("-05:30", Some(-19800)),
            ("+0530", Some(19800)),
            ("+2", Some(7200)),
            ("+25:00", None),
            ("+ab", None),
            ("Mars/Olympus", None),
        ];
        for (s, want) in cases {
            let got = Zone::parse(s)
                .ok()
                .map(|z| z.offset(at("2025-01-01 12:00")));
            assert_eq!(got, *want, "{s}");
        }
        assert!(matches!(Zone::parse("Europe/Paris"), Ok(Zone::Named(_))));
    }

    #[test]
    fn names_ignore_case_and_a_city_suggests_its_zone() {
        let named = [
            ("europe/paris", "Europe/Paris"),
            ("AMERICA/NEW_YORK", "America/New_York"),
            ("America/New York", "America/New_York"),
        ];
        for (typed, want) in named {
            assert_eq!(
                Zone::parse(typed).map(|z| z.name()),
                Ok(want.to_string()),
                "{typed}"
            );
        }
        let hints = [
            (
                "Paris",
                "'Paris' is not a time zone; did you mean Europe/Paris?",
            ),
            (
                "new york",
                "'new york' is not a time zone; did you mean America/New_York?",
            ),
            (
                "Europe/Pari",
                "'Europe/Pari' is not a time zone; did you mean Europe/Paris?",
            ),
            (
                "Mars/Olympus",
                "'Mars/Olympus' is not a time zone (use an IANA name",
            ),
        ];
        for (typed, want) in hints {
            let got = Zone::parse(typed).err().unwrap_or_default();
            assert!(got.starts_with(want), "{typed}: {got}");
        }
    }

    #[test]
    fn daylight_saving_changes_resolve_by_the_documented_rule() {
        let paris = Zone::parse("Europe/Paris").unwrap();
        let cases = [
            // winter, summer
            ("2025-01-15 12:00", 3600),
            ("2025-07-15 12:00", 7200),
            // 30 March 2025: 02:00 jumps to 03:00; 02:30 reads with the winter offset → 01:30 UTC
            ("2025-03-30 02:30", 3600),
            ("2025-03-30 03:30", 7200),
            // 26 October 2025: 03:00 falls back to 02:00; 02:30 is the first (summer) one
            ("2025-10-26 02:30", 7200),
            ("2025-10-26 03:30", 3600),
        ];
        for (t, want) in cases {
            assert_eq!(paris.offset(at(t)), want, "{t}");
        }
        let d = NaiveDate::from_ymd_opt(2025, 3, 30).unwrap();
        let gap = d.and_hms_opt(2, 30, 0).unwrap();
        let after = d.and_hms_opt(3, 30, 0).unwrap();
        assert_eq!(paris.unix(gap), paris.unix(after));
    }
}
