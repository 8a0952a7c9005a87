//! Learns a [`Layout`] from one header as written, so that every header of the file can be written back.
//!
//! Takes the header's text and what the grammar read it as; gives the template, or `None` when the template
//! language cannot say it. It does not render headers (`model/layout.rs` does).

use super::{Header, MonthWord, YearMark};
use crate::model::DateOrder;
use crate::model::layout::{Layout, Months, digit_value};

/// What the file's other headers show about how it writes them.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    /// Per date part in written order, whether the file writes a leading zero (`None`: never seen either way).
    pub pad: [Option<bool>; 3],
    /// The same for the hour.
    pub hour_pad: Option<bool>,
    /// The file's words for the morning and the afternoon.
    pub am: Option<String>,
    pub pm: Option<String>,
    /// How the file spells each month, when it writes them as words.
    pub months: Option<Box<Months>>,
}

/// Learns a layout from one header as written (`text` = the line up to the body), what it was read as, and what
/// the other headers show. `None` when the header holds something the template language cannot say
/// (calendar-marked years).
pub fn learn_layout(text: &str, h: &Header<'_>, order: DateOrder, seen: Seen) -> Option<Layout> {
    let Seen {
        pad,
        hour_pad,
        am,
        pm,
        months,
    } = seen;
    if h.shape.year_mark != YearMark::None {
        return None;
    }
    // The digit runs, in order, with their byte ranges.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut digits = "ascii";
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (digit_value(c), start) {
            (Some((_, system)), None) => {
                digits = system;
                start = Some(i);
            }
            (Some(_), Some(_)) => {}
            (None, Some(s)) => {
                runs.push((s, i));
                start = None;
            }
            (None, None) => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }
    // The month word is a run too, where the line writes it.
    if !h.month.is_empty() {
        let at = (h.month.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        let word = (at, at + h.month.len());
        if text.get(word.0..word.1) != Some(h.month) {
            return None;
        }
        let k = runs.iter().position(|r| r.0 > at).unwrap_or(runs.len());
        runs.insert(k, word);
    }
    let time_runs = if h.shape.seconds { 3 } else { 2 };
    let h12 = !h.ampm.is_empty();
    let date_roles: &[&str] = match (h.shape.month, h.has_year()) {
        (MonthWord::AfterDay, true) => &["d", "MMM", "y"],
        (MonthWord::AfterDay, false) => &["d", "MMM"],
        (MonthWord::BeforeDay, true) => &["MMM", "d", "y"],
        (MonthWord::BeforeDay, false) => &["MMM", "d"],
        (MonthWord::None, _) => match order {
            DateOrder::Dmy => &["d", "m", "y"],
            DateOrder::Mdy => &["m", "d", "y"],
            DateOrder::Ymd => &["y", "m", "d"],
        },
    };
    if runs.len() != date_roles.len() + time_runs {
        return None;
    }
    let hour = if h12 { "h" } else { "H" };
    let time_roles = ["hour", "MM", "SS"];
    let mut roles: Vec<&str> = Vec::new();
    if h.shape.time_first {
        roles.extend(&time_roles[..time_runs]);
        roles.extend(date_roles);
    } else {
        roles.extend(date_roles);
        roles.extend(&time_roles[..time_runs]);
    }
    let mut template = String::new();
    let mut at = 0;
    // Which date part (in written order) each date role is: the padding seen is per part.
    let part = |role: &str| match (h.shape.month, role) {
        (MonthWord::None, _) => None,
        (_, "d") => Some(if h.shape.month == MonthWord::AfterDay {
            0
        } else {
            1
        }),
        _ => Some(2),
    };
    let mut date_k = 0;
    let literal = |s: &str, template: &mut String| template.push_str(&s.replace('{', "{{"));
    for ((s, e), role) in runs.iter().zip(roles) {
        literal(&text[at..*s], &mut template);
        let len = text[*s..*e].chars().count();
        let leading_zero = len == 2 && text[*s..].starts_with(['0', '\u{660}', '\u{6F0}']);
        // A one-digit number says "no zero"; `05` says "zero"; `12` says nothing: the other headers decide.
        let padded = |seen: Option<bool>| len == 2 && (leading_zero || seen.unwrap_or(true));
        let placeholder = match role {
            "MMM" => {
                date_k += 1;
                "{MMM}".to_string()
            }
            "y" => {
                date_k += 1;
                if len >= 4 {
                    "{yyyy}".to_string()
                } else {
                    "{yy}".to_string()
                }
            }
            "d" | "m" => {
                let double = padded(pad[part(role).unwrap_or(date_k)]);
                date_k += 1;
                if double {
                    format!("{{{role}{role}}}")
                } else {
                    format!("{{{role}}}")
                }
            }
            "hour" => {
                if padded(hour_pad) {
                    format!("{{{hour}{hour}}}")
                } else {
                    format!("{{{hour}}}")
                }
            }
            other => format!("{{{other}}}"),
        };
        template.push_str(&placeholder);
        at = *e;
    }
    literal(&text[at..], &mut template);
    if h12 {
        // The AM/PM word as written becomes `{p}` (the first occurrence outside placeholders).
        let word = h.ampm;
        let i = template.find(word)?;
        template.replace_range(i..i + word.len(), "{p}");
    }
    Some(Layout::new(template, am, pm, digits).with_months(months))
}
